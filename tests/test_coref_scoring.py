"""Clustering and coreference scores on hand-made cases, plus properties found by Hypothesis.

Every expected number is worked out by hand in a comment from the published definition,
so a test failure points at the formula, not at another scorer. The last section checks
the ECB+ reader and harness on a tiny invented file in the corpus's XML format: nothing
here reads ECB+ itself (it is not ours to ship), and nothing loads spaCy.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Hashable, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.eval import ecbplus
from sitroom.eval.coref_scoring import (
    PRF,
    adjusted_rand_index,
    b_cubed,
    ceaf_e,
    conll_f1,
    muc,
    score_coreference,
    v_measure,
)


def labels(text: str) -> dict[int, str]:
    """``"AABC"`` -> {0: "A", 1: "A", 2: "B", 3: "C"}: one character per item."""
    return dict(enumerate(text))


def close(found: PRF, precision: float, recall: float) -> None:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert found == pytest.approx(PRF(precision, recall, f1))


# ---------------------------------------------------------------- identical and trivial


def test_identical_clusterings_score_one() -> None:
    gold = labels("AAABBCD")
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(gold, gold) == pytest.approx(PRF(1.0, 1.0, 1.0))
    assert conll_f1(gold, gold) == pytest.approx(1.0)
    assert adjusted_rand_index(gold, gold) == pytest.approx(1.0)
    assert tuple(v_measure(gold, gold)) == pytest.approx((1.0, 1.0, 1.0))


def test_all_singletons_against_one_cluster() -> None:
    gold, system = labels("AAAA"), labels("ABCD")
    # MUC recall: (|K| - parts) / (|K| - 1) = (4 - 4) / 3 = 0; the system has no links to
    # be right about, so precision is undefined: 0.
    close(muc(gold, system), 0.0, 0.0)
    # B3: every system cluster is pure (P = 1); each mention finds 1 of its 4 (R = 1/4).
    close(b_cubed(gold, system), 1.0, 0.25)
    # CEAF-e: phi4(gold, {m}) = 2 * 1 / (4 + 1) = 0.4 for the one aligned pair;
    # R = 0.4 / 1 gold entity, P = 0.4 / 4 system entities.
    close(ceaf_e(gold, system), 0.1, 0.4)
    # ARI: no pair together in both (index 0); expected = 6 * 0 / 6 = 0; max = (6 + 0) / 2.
    assert adjusted_rand_index(gold, system) == pytest.approx(0.0)
    # One gold class: H(gold) = 0, so h = 1; c = 1 - H(K|C) / H(K) = 1 - ln 4 / ln 4 = 0.
    assert tuple(v_measure(gold, system)) == pytest.approx((1.0, 0.0, 0.0))


def test_one_cluster_against_all_singletons() -> None:
    gold, system = labels("ABCD"), labels("AAAA")
    close(muc(gold, system), 0.0, 0.0)  # the gold has no links: recall undefined, 0
    close(b_cubed(gold, system), 0.25, 1.0)
    close(ceaf_e(gold, system), 0.4, 0.1)
    assert tuple(v_measure(gold, system)) == pytest.approx((0.0, 1.0, 0.0))


def test_empty_input_is_zero_not_a_crash() -> None:
    assert muc({}, {}) == PRF(0.0, 0.0, 0.0)
    assert b_cubed({}, {}) == PRF(0.0, 0.0, 0.0)
    assert ceaf_e({}, {}) == PRF(0.0, 0.0, 0.0)


# ---------------------------------------------------------------- the papers' examples


def test_muc_example_of_vilain_et_al() -> None:
    # Key A-B-C-D, response A-B and C-D (Vilain et al. 1995, section 3).
    # Recall: one key entity of 4 split into 2 parts: (4 - 2) / (4 - 1) = 2/3.
    # Precision: response A-B lies in 1 key part, C-D in 1: ((2-1) + (2-1)) / ((2-1) + (2-1)) = 1.
    gold, system = labels("AAAA"), labels("XXYY")
    close(muc(gold, system), 1.0, 2 / 3)
    # Roles swapped, precision and recall swap: key A-B, C-D against response A-B-C-D.
    close(muc(system, gold), 2 / 3, 1.0)


def test_muc_counts_a_left_out_mention_as_a_singleton() -> None:
    # Key A-B-C; the response links A-B and says nothing of C, so C is alone:
    # recall (3 - 2) / (3 - 1) = 1/2; precision (2 - 1) / (2 - 1) = 1.
    close(muc(labels("AAA"), {0: "X", 1: "X"}), 1.0, 0.5)


# Bagga & Baldwin (1998), figure "two system outputs": 12 mentions, gold entities
# {1-5}, {6-7}, {8-12}. Output 1 merges {6-7} with {8-12}; output 2 merges {1-5} with {8-12}.
BB_GOLD = labels("AAAAABBCCCCC")
BB_OUTPUT_1 = labels("XXXXXYYYYYYY")
BB_OUTPUT_2 = labels("XXXXXYYXXXXX")


def test_b_cubed_examples_of_bagga_and_baldwin() -> None:
    # Both outputs only merge, so every gold entity stays whole: recall 1.
    # Output 1 precision: 5 mentions * 5/5 + 2 * 2/7 + 5 * 5/7, over 12 = (64/7) / 12 = 16/21.
    close(b_cubed(BB_GOLD, BB_OUTPUT_1), 16 / 21, 1.0)
    # Output 2 precision: 5 * 5/10 + 2 * 2/2 + 5 * 5/10, over 12 = 7/12.
    close(b_cubed(BB_GOLD, BB_OUTPUT_2), 7 / 12, 1.0)


def test_muc_cannot_tell_the_two_outputs_apart() -> None:
    # The paper's point: MUC gives both outputs the same score. Recall (4 + 1 + 4) / 9 = 1.
    # Output 1 precision: {1-5} in 1 key part (4), {6-12} in 2 parts (7 - 2 = 5): 9 / (4 + 6).
    # Output 2 precision: {1-5, 8-12} in 2 parts (10 - 2 = 8), {6-7} in 1 (1): 9 / (9 + 1).
    close(muc(BB_GOLD, BB_OUTPUT_1), 0.9, 1.0)
    close(muc(BB_GOLD, BB_OUTPUT_2), 0.9, 1.0)


def test_ceaf_e_on_the_bagga_baldwin_outputs() -> None:
    # Output 1, phi4 = 2|K & R| / (|K| + |R|): {1-5}~{1-5} = 1; {6-7}~{6-12} = 4/9;
    # {8-12}~{6-12} = 10/12. Best one-to-one: 1 + 10/12 = 11/6. R = (11/6) / 3, P = (11/6) / 2.
    close(ceaf_e(BB_GOLD, BB_OUTPUT_1), 11 / 12, 11 / 18)
    # Output 2: {1-5}~{1-5,8-12} = 10/15, {8-12}~same = 10/15, {6-7}~{6-7} = 1.
    # Best: 1 + 2/3 = 5/3. R = (5/3) / 3 = 5/9, P = (5/3) / 2 = 5/6.
    close(ceaf_e(BB_GOLD, BB_OUTPUT_2), 5 / 6, 5 / 9)


def test_conll_f1_is_the_mean_of_the_three() -> None:
    scores = score_coreference(BB_GOLD, BB_OUTPUT_1)
    # MUC F1 = 2 * 0.9 / 1.9; B3 F1 = 2 * (16/21) / (16/21 + 1) = 32/37; CEAF-e F1 = 2 * (11/12 * 11/18) / (11/12 + 11/18) = 11/15.
    expected = (18 / 19 + 32 / 37 + 11 / 15) / 3
    assert scores.conll_f1 == pytest.approx(expected)
    assert conll_f1(BB_GOLD, BB_OUTPUT_1) == pytest.approx(expected)
    assert scores.to_dict()["conll_f1"] == round(expected, 3)


# ---------------------------------------------------------------- ARI and V-measure


def test_ari_worked_example() -> None:
    # Gold {0,1,2}{3,4,5}; system {0,1}{2,3}{4,5}. Cells: 2,1,1,2 -> index = 1 + 1 = 2.
    # Gold pairs 3 + 3 = 6, system pairs 1 + 1 + 1 = 3, all pairs 15: expected = 6 * 3 / 15 = 1.2,
    # max = (6 + 3) / 2 = 4.5. ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33.
    assert adjusted_rand_index(labels("AAABBB"), labels("XXYYZZ")) == pytest.approx(8 / 33)


def test_ari_of_a_permuted_labelling_is_one() -> None:
    rng = random.Random(3)
    gold = {i: rng.randrange(5) for i in range(200)}
    rename = {0: "e", 1: "c", 2: "a", 3: "d", 4: "b"}
    assert adjusted_rand_index(gold, {i: rename[c] for i, c in gold.items()}) == pytest.approx(1.0)


def test_ari_of_independent_random_labels_is_near_zero() -> None:
    # The chance correction at work: unadjusted Rand would be about 0.82 here.
    rng = random.Random(7)
    gold = {i: rng.randrange(10) for i in range(3000)}
    system = {i: rng.randrange(10) for i in range(3000)}
    assert abs(adjusted_rand_index(gold, system)) < 0.01


def test_ari_can_be_negative() -> None:
    # Gold {0,1}{2,3}; system {0,2}{1,3}: index 0, expected 2 * 2 / 6 = 2/3, max 2: (0 - 2/3) / (4/3) = -1/2.
    assert adjusted_rand_index(labels("AABB"), labels("XYXY")) == pytest.approx(-0.5)


def test_v_measure_worked_example() -> None:
    # Gold {0,1}{2,3}; system {0,1,2}{3}. Natural logs throughout.
    # H(C) = ln 2; H(C|K) = 3/4 * H(2/3, 1/3) (cluster {3} is pure).
    # H(K) = H(3/4, 1/4); H(K|C) = 2/4 * ln 2 (class {2,3} is split in two, {0,1} is whole).
    def entropy(*ps: float) -> float:
        return -sum(p * math.log(p) for p in ps)

    h = 1 - 0.75 * entropy(2 / 3, 1 / 3) / math.log(2)
    c = 1 - 0.5 * math.log(2) / entropy(3 / 4, 1 / 4)
    assert tuple(v_measure(labels("AABB"), labels("XXXY"))) == pytest.approx(
        (h, c, 2 * h * c / (h + c))
    )


def test_v_measure_bounds_at_the_extremes() -> None:
    gold = labels("AABBBCCCC")
    # Splitting everything keeps each cluster pure (h = 1) but scatters classes (c < 1).
    split = v_measure(gold, {i: i for i in gold})
    assert split.homogeneity == pytest.approx(1.0) and 0 < split.completeness < 1
    # Lumping everything keeps each class whole (c = 1) but mixes them (h = 0).
    lumped = v_measure(gold, {i: 0 for i in gold})
    assert lumped.completeness == pytest.approx(1.0) and lumped.homogeneity == pytest.approx(0.0)
    assert lumped.v_measure == pytest.approx(0.0)


# ---------------------------------------------------------------- inputs


def test_left_out_items_are_system_singletons() -> None:
    gold = labels("AAABBC")
    partial = {0: "X", 1: "X", 3: "Y"}
    explicit = {0: "X", 1: "X", 2: "s2", 3: "Y", 4: "s4", 5: "s5"}
    assert score_coreference(gold, partial) == score_coreference(gold, explicit)
    assert adjusted_rand_index(gold, partial) == pytest.approx(adjusted_rand_index(gold, explicit))


def test_a_left_out_item_does_not_join_a_cluster_named_like_it() -> None:
    # Regression guard: filling a missing item with its own id as label would put item 2
    # into the system's cluster named 2.
    assert b_cubed({0: "A", 1: "B", 2: "C"}, {0: 2, 1: 2}) == b_cubed(
        {0: "A", 1: "B", 2: "C"}, {0: 2, 1: 2, 2: "x"}
    )


def test_an_item_missing_from_the_gold_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the gold"):
        muc(labels("AA"), {0: "X", 1: "X", 99: "X"})


# ---------------------------------------------------------------- properties

# Clusterings of the same 1-14 items, with few labels so that clusters are often shared.
pairs = st.integers(min_value=1, max_value=14).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
    )
)


def as_maps(pair: tuple[list[int], list[int]]) -> tuple[dict[int, int], dict[int, int]]:
    return dict(enumerate(pair[0])), dict(enumerate(pair[1]))


@settings(deadline=None)  # timing varies on a shared machine; correctness is tested
@given(pairs)
def test_scores_lie_in_their_ranges(pair: tuple[list[int], list[int]]) -> None:
    gold, system = as_maps(pair)
    for metric in (muc, b_cubed, ceaf_e):
        assert all(0.0 <= x <= 1.0 + 1e-12 for x in metric(gold, system))
    assert all(0.0 <= x <= 1.0 for x in v_measure(gold, system))
    assert -1.0 <= adjusted_rand_index(gold, system) <= 1.0 + 1e-12


@settings(deadline=None)  # timing varies on a shared machine; correctness is tested
@given(pairs)
def test_swapping_gold_and_system_swaps_precision_and_recall(
    pair: tuple[list[int], list[int]],
) -> None:
    gold, system = as_maps(pair)
    for metric in (muc, b_cubed, ceaf_e):
        forward, backward = metric(gold, system), metric(system, gold)
        assert forward.precision == pytest.approx(backward.recall)
        assert forward.f1 == pytest.approx(backward.f1)
    assert conll_f1(gold, system) == pytest.approx(conll_f1(system, gold))
    assert adjusted_rand_index(gold, system) == pytest.approx(adjusted_rand_index(system, gold))
    h, c, v = v_measure(gold, system)
    assert tuple(v_measure(system, gold)) == pytest.approx((c, h, v))


@settings(deadline=None)  # timing varies on a shared machine; correctness is tested
@given(pairs, st.permutations(range(5)))
def test_relabelling_clusters_changes_nothing(
    pair: tuple[list[int], list[int]], perm: list[int]
) -> None:
    gold, system = as_maps(pair)
    new_gold = {i: f"g{perm[c]}" for i, c in gold.items()}
    new_system = {i: ("s", perm[c]) for i, c in system.items()}
    assert score_coreference(new_gold, new_system).to_dict(9) == score_coreference(
        gold, system
    ).to_dict(9)
    assert adjusted_rand_index(new_gold, new_system) == pytest.approx(
        adjusted_rand_index(gold, system)
    )
    assert tuple(v_measure(new_gold, new_system)) == pytest.approx(tuple(v_measure(gold, system)))


@settings(deadline=None)  # timing varies on a shared machine; correctness is tested
@given(pairs)
def test_a_clustering_against_itself_is_perfect(pair: tuple[list[int], list[int]]) -> None:
    gold, _ = as_maps(pair)
    assert b_cubed(gold, gold) == pytest.approx(PRF(1.0, 1.0, 1.0))
    assert ceaf_e(gold, gold) == pytest.approx(PRF(1.0, 1.0, 1.0))
    # MUC sees only links: all singletons leave it nothing to score.
    has_links = len(set(gold.values())) < len(gold)
    assert muc(gold, gold).f1 == pytest.approx(1.0 if has_links else 0.0)
    assert adjusted_rand_index(gold, gold) == pytest.approx(1.0)


def entities(clustering: Mapping[int, Hashable]) -> list[set[int]]:
    groups: dict[Hashable, set[int]] = {}
    for item, c in clustering.items():
        groups.setdefault(c, set()).add(item)
    return list(groups.values())


@settings(deadline=None)  # timing varies on a shared machine; correctness is tested
@given(pairs)
def test_muc_and_b_cubed_match_their_textbook_form(pair: tuple[list[int], list[int]]) -> None:
    """The scorer works from a contingency table; these loops follow the papers' wording."""
    gold, system = as_maps(pair)
    keys, responses = entities(gold), entities(system)

    def muc_recall(key: list[set[int]], response: list[set[int]]) -> float:
        parts = [sum(1 for r in response if k & r) for k in key]
        links = sum(len(k) - 1 for k in key)
        return sum(len(k) - p for k, p in zip(key, parts, strict=True)) / links if links else 0.0

    assert muc(gold, system).recall == pytest.approx(muc_recall(keys, responses))
    assert muc(gold, system).precision == pytest.approx(muc_recall(responses, keys))
    k_of = {m: k for k in keys for m in k}
    r_of = {m: r for r in responses for m in r}
    p = sum(len(k_of[m] & r_of[m]) / len(r_of[m]) for m in gold) / len(gold)
    r = sum(len(k_of[m] & r_of[m]) / len(k_of[m]) for m in gold) / len(gold)
    assert b_cubed(gold, system)[:2] == pytest.approx((p, r))


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_ceaf_e_alignment_is_the_best_one_to_one(pair: tuple[list[int], list[int]]) -> None:
    """Kuhn-Munkres against trying every one-to-one alignment (at most 5 x 5 here)."""
    gold, system = as_maps(pair)
    keys, responses = entities(gold), entities(system)

    def phi4(k: set[int], r: set[int]) -> float:
        return 2 * len(k & r) / (len(k) + len(r))

    # phi4 is symmetric, so align the smaller side into every ordered choice of the larger.
    small, large = sorted((keys, responses), key=len)
    best = max(
        sum(phi4(a, b) for a, b in zip(small, chosen, strict=True))
        for chosen in itertools.permutations(large, len(small))
    )
    assert ceaf_e(gold, system)[:2] == pytest.approx((best / len(responses), best / len(keys)))


# ---------------------------------------------------------------- the ECB+ reader, on an invented file

# Invented text in the ECB+ XML layout: tokens, then markables (mentions have token
# anchors; the instance has a TAG_DESCRIPTOR), then relations.
FAKE_XML = """<Document doc_name="9_1ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http://example.org/storm-hits-town</token>
<token t_id="2" sentence="1" number="0">Storm</token>
<token t_id="3" sentence="1" number="1">hits</token>
<token t_id="4" sentence="1" number="2">town</token>
<token t_id="5" sentence="2" number="0">The</token>
<token t_id="6" sentence="2" number="1">storm</token>
<token t_id="7" sentence="2" number="2">'s</token>
<token t_id="8" sentence="2" number="3">hit</token>
<token t_id="9" sentence="2" number="4">,</token>
<token t_id="10" sentence="2" number="5">officials</token>
<token t_id="11" sentence="2" number="6">said</token>
<token t_id="12" sentence="2" number="7">.</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"  >
  <token_anchor t_id="3"/>
</ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"  >
  <token_anchor t_id="8"/>
</ACTION_OCCURRENCE>
<ACTION_REPORTING m_id="3"  >
  <token_anchor t_id="11"/>
</ACTION_REPORTING>
<HUMAN_PART_ORG m_id="4"  >
  <token_anchor t_id="10"/>
</HUMAN_PART_ORG>
<ACTION_OCCURRENCE m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t9_storm_hit" instance_id="ACT123" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT123" >
  <source m_id="1" />
  <source m_id="2" />
  <target m_id="9" />
</CROSS_DOC_COREF>
</Relations>
</Document>
"""


def fake_corpus(root: Path) -> Path:
    """A dev topic (2) with two texts, and a train topic (9) that must not be loaded."""
    for name in ("2_1ecbplus", "2_1ecb", "9_1ecbplus"):
        folder = root / "ECB+" / name.split("_")[0]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.xml").write_text(FAKE_XML.replace("9_1ecbplus", name), encoding="utf-8")
    (root / ecbplus.SENTENCES_CSV).write_text(
        "Topic,File,Sentence Number\n2,1ecbplus,2\n2,1ecb,1\n2,1ecb,2\n"
    )
    return root


def test_parse_document_rebuilds_text_and_offsets() -> None:
    doc = ecbplus.parse_document(FAKE_XML, "9_1ecbplus", frozenset({2}))
    assert doc.url == "http://example.org/storm-hits-town"  # sentence 0, kept out of the text
    assert doc.text == "Storm hits town\nThe storm's hit, officials said."
    assert (doc.topic, doc.subtopic, doc.title) == ("9", "9_ecbplus", "Storm hits town")
    assert [m.id for m in doc.mentions] == [
        "9_1ecbplus/1",
        "9_1ecbplus/2",
        "9_1ecbplus/3",
    ]  # no HUMAN_PART
    assert [doc.text[m.start : m.end] for m in doc.mentions] == ["hits", "hit", "said"]
    assert [m.chain for m in doc.mentions] == [
        "ACT123",
        "ACT123",
        "9_1ecbplus/3",
    ]  # unlinked: a singleton
    assert [m.validated for m in doc.mentions] == [False, True, True]


def test_load_and_score_blind(tmp_path: Path) -> None:
    docs = ecbplus.load_ecbplus("dev", root=fake_corpus(tmp_path))
    assert [d.id for d in docs] == ["2_1ecb", "2_1ecbplus"]  # topic 9 is train
    seen: list[ecbplus.EcbDocument] = []

    def by_lemma(blinded: list[ecbplus.EcbDocument]) -> dict[str, str]:
        seen.extend(blinded)
        return ecbplus.lemma_event_clusters(blinded, ["one"] * len(blinded),
                                            lambda ds: {m.id: m.text.lower() for d in ds for m in d.mentions})  # fmt: skip

    report = ecbplus.evaluate_event_coref(by_lemma, docs)
    # The system saw no gold: opaque ids, no topic, no chain.
    assert all(
        d.id.startswith("doc") and not d.topic and all(not m.chain for m in d.mentions)
        for d in seen
    )
    # Validated mentions: 2_1ecb has hits/hit/said (sentences 1, 2), 2_1ecbplus hit/said.
    assert report["mentions"] == 5
    # Gold: ACT123 = {hits, hit, hit} (one chain across both texts), two "said" singletons.
    # System (fake lemma = lowercased text): X {hits}, Y {hit, hit}, Z {said, said}.
    # MUC R: ACT123 split in 2: (3 - 2) / 2; P: Y whole (1), Z split (0), over 2 links.
    assert report["muc"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    # B3 P: (1 + 1 + 1 + 1/2 + 1/2) / 5 = 4/5; R: (1/3 + 2/3 + 2/3 + 1 + 1) / 5 = 11/15.
    assert report["b_cubed"] == {"precision": 0.8, "recall": 0.733, "f1": 0.765}
    # CEAF-e: ACT123~Y = 2*2/5 = 0.8, one "said"~Z = 2/3; (0.8 + 2/3) / 3 on both sides.
    assert report["ceaf_e"]["precision"] == report["ceaf_e"]["recall"] == 0.489
    labels_seen = ecbplus.evaluate_document_clustering(lambda ds: [0] * len(ds), docs)
    assert labels_seen["topic"]["ari"] == 1.0 and labels_seen["subtopic"]["gold_clusters"] == 2


def test_a_clusterer_that_invents_mention_ids_is_told_so(tmp_path: Path) -> None:
    docs = ecbplus.load_ecbplus("dev", root=fake_corpus(tmp_path))
    with pytest.raises(ValueError, match="unknown mention id"):
        ecbplus.evaluate_event_coref(lambda ds: {"nope": "x"}, docs)
    with pytest.raises(ValueError, match="one cluster label per input document"):
        ecbplus.evaluate_document_clustering(lambda ds: [0], docs)


def test_agglomerate_merges_only_above_the_threshold() -> None:
    import numpy as np

    similarity = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]])
    assert ecbplus.agglomerate(similarity, 0.5) == [0, 0, 1]
    # Average linkage: {0,1} to {2} is (0.1 + 0.2) / 2 = 0.15, so 0.15 still merges all.
    assert ecbplus.agglomerate(similarity, 0.15) == [0, 0, 0]


def test_the_test_split_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="held out"):
        ecbplus.split_topics("test")
