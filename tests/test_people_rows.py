"""One person, one row (issue 9): the name forms one story gives a person resolve to one holder.

Real briefs split people (ECB+ dev: "Ilene Wolfe" and "Ilene Wolff" in one story; "Fanning",
"Tim Fanning" and "Constable Tim Fanning" as three holders of one figure; "Eric Kirkpatrick"
beside "Eric Allen Kirkpatrick") and printed "LaCalamita said that LaCalamita purchased ...".
The cases below are our own invented names and sentences.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.model import Annotations, Mention, MentionGroup, Sentence
from sitroom.resolve.entities import join_entities, part_of_name, person_key
from sitroom.resolve.statements.facts import said
from sitroom.resolve.statements.holders import HolderIndex, spelling_variant
from sitroom.resolve.statements.model import Holder, Source, Statement, StoryArticle


def _article(aid: str, text: str, people: list[str], speakers: tuple[dict[str, Any], ...] = ()) -> StoryArticle:
    """An article naming ``people`` (each mention where its text first occurs), one sentence per line."""
    groups, taken = [], [False] * len(text)
    for i, name in sorted(enumerate(people), key=lambda p: -len(p[1])):  # "Liis Aune" before "Aune"
        mentions = [Mention(name, m.start(), m.end(), "name") for m in re.finditer(re.escape(name), text) if not any(taken[m.start():m.end()])]
        for m in mentions:
            taken[m.start:m.end] = [True] * (m.end - m.start)
        groups.append(MentionGroup(i, "PERSON", name, [], mentions))
    sentences, offset = [], 0
    for line in text.split("\n"):
        sentences.append(Sentence(offset, offset + len(line)))
        offset += len(line) + 1
    ann = Annotations(sentences=sentences, mentions=groups, speakers=list(speakers))
    return StoryArticle(aid, aid.title(), "2025-05-02", None, ann, None, "", text)


def test_two_spellings_of_one_surname_under_one_given_name_are_one_holder() -> None:
    index = HolderIndex([
        _article("a", "Marta Kowalske said the office was closed.", ["Marta Kowalske"]),
        _article("b", "Marta Kowalski said the office was closed.", ["Marta Kowalski"]),
        _article("c", "Marta Kowalski confirmed it.", ["Marta Kowalski"]),
    ])  # fmt: skip
    one, other = index.resolve("Marta Kowalske"), index.resolve("Marta Kowalski")
    assert one is not None and one == other and one.name == "Marta Kowalski"  # the spelling most articles use


def test_different_given_names_or_short_surnames_stay_apart() -> None:
    index = HolderIndex([_article("a", "Marta Kowalski and Piotr Kowalsky spoke. Ann Lee and Ann Lei left.",
                                  ["Marta Kowalski", "Piotr Kowalsky", "Ann Lee", "Ann Lei"])])  # fmt: skip
    assert index.resolve("Marta Kowalski") != index.resolve("Piotr Kowalsky")
    assert index.resolve("Ann Lee") != index.resolve("Ann Lei")  # three letters: "Lee" and "Lei" are two families
    assert not spelling_variant("kowalski", "kowalczyk") and spelling_variant("raite", "rait") and spelling_variant("wolfe", "wolff")


def test_same_spelling_variant_with_two_organisations_stays_apart() -> None:
    a = _article("a", "Jonas Berg spoke.", ["Jonas Berg"], ({"name": "Jonas Berg", "kind": "person", "org": "Harbour Police"},))
    b = _article("b", "Jonas Bergh spoke.", ["Jonas Bergh"], ({"name": "Jonas Bergh", "kind": "person", "org": "Tallinn City Council"},))
    index = HolderIndex([a, b])
    assert index.resolve("Jonas Berg") != index.resolve("Jonas Bergh")


def test_a_rank_before_a_name_is_not_another_person() -> None:
    index = HolderIndex([
        _article("a", "Constable Ria Holm said two were hurt.", ["Constable Ria Holm"]),
        _article("b", "Ria Holm said two were hurt.", ["Ria Holm"]),
        _article("c", "Holm said so again. Insp. Holm added more.", ["Holm", "Insp. Holm"]),
    ])  # fmt: skip
    holders = {index.resolve(n) for n in ("Constable Ria Holm", "Ria Holm", "Holm", "Insp. Holm")}
    assert len(holders) == 1 and next(iter(holders)).name == "Ria Holm"  # type: ignore[union-attr]
    assert person_key("Det. Sgt. Ria Holm") == "ria holm" and person_key("Constable") == "constable"
    # Known only by a titled name, the holder is named without the rank and the rank is the role.
    only = HolderIndex([_article("a", "Constable Ivo Sepp spoke.", ["Constable Ivo Sepp"])]).resolve("Constable Ivo Sepp")
    assert only is not None and (only.name, only.role) == ("Ivo Sepp", "Constable")


def test_a_name_without_its_middle_name_is_the_same_person() -> None:
    assert part_of_name(["ivo", "sepp"], ["ivo", "andres", "sepp"])
    assert not part_of_name(["andres", "sepp"], ["ivo", "andres", "sepp"])  # a middle name is no given name
    records = join_entities([("Ivo Andres Sepp", "PERSON", {"a"}), ("Ivo Sepp", "PERSON", {"b"})], {})
    assert len(records) == 1 and records[0].name == "Ivo Andres Sepp"


def test_the_people_directory_shows_a_name_without_its_rank() -> None:
    records = join_entities([("Constable Ria Holm", "PERSON", {"a"}), ("Ria Holm", "PERSON", {"b"}), ("General Harbour Works", "ORG", {"c"})], {})
    names = sorted(r.name for r in records)
    assert names == ["General Harbour Works", "Ria Holm"]  # an organisation's first word is no rank


def test_an_organisation_and_its_head_are_two_holders() -> None:
    a = _article("a", "Harbour Police chief Ria Holm said the Harbour Police had made two arrests.", ["Ria Holm"],
                 ({"name": "Harbour Police", "kind": "org"}, {"name": "Ria Holm", "kind": "person", "org": "Harbour Police"}))  # fmt: skip
    index = HolderIndex([a])
    org, head = index.resolve("Harbour Police", "org"), index.resolve("Ria Holm")
    assert org is not None and head is not None and org != head and org.kind == "org" and head.kind == "person"


def _paraphrase(holder: Holder, text: str) -> str:
    return said(Statement("quote", text, holder, "asserted", "paraphrase", Source("a", "Wire", None, 0, len(text)), item={"cue": "said"}))


def test_a_speaker_is_not_repeated_as_the_subject_of_their_own_statement() -> None:
    text = "Aune bought the boat on Friday, before the storm"
    assert _paraphrase(Holder("Liis Aune", "person", gender="f"), text) == "Liis Aune said she bought the boat on Friday, before the storm"
    assert _paraphrase(Holder("Liis Aune", "person"), "Liis Aune was at sea") == "Liis Aune said they were at sea"
    assert _paraphrase(Holder("Port Authority", "org"), "Port Authority's ferry left") == "Port Authority said that its ferry left"
    # The name elsewhere in the sentence, or another person's name, stays as the article wrote it.
    assert _paraphrase(Holder("Liis Aune", "person", gender="f"), "police stopped Aune") == "Liis Aune said that police stopped Aune"
    assert _paraphrase(Holder("Liis Aune", "person", gender="f"), "Aunela left") == "Liis Aune said that Aunela left"


def test_the_articles_own_pronouns_give_a_holder_its_gender() -> None:
    a = _article("a", "Liis Aune said she would sail.\nAune said her boat was ready.\nMark Tamm and Aune said he was late.",
                 ["Liis Aune", "Aune", "Mark Tamm"])  # fmt: skip
    index = HolderIndex([a])
    assert index.resolve("Liis Aune").gender == "f"  # type: ignore[union-attr]
    assert index.resolve("Mark Tamm").gender is None  # type: ignore[union-attr]  # two people named before "he": no vote


def test_an_organisation_is_one_holder_under_its_documents_and_its_states_name() -> None:
    from sitroom.resolve.statements.holders import org_key

    assert org_key("India's navy") == org_key("Indian navy") == org_key("Navy (India)")
    assert org_key("Harbour Police release") == org_key("a statement from the Harbour Police") == org_key("Harbour Police")
    assert org_key("India") == "india"  # a state alone stays itself, not a prefix of nothing
    names = ("Estonian navy", "Estonian navy", "Estonia's navy", "Estonian navy statement", "navy")
    index = HolderIndex([_article("a", "The navy spoke.", [], tuple({"name": n, "kind": "org"} for n in names))])
    holders = {index.resolve(n, "org") for n in names}
    assert len(holders) == 1 and next(iter(holders)).name == "Estonian navy"  # type: ignore[union-attr]  # as most write it


def test_a_one_word_organisation_stays_apart_when_the_story_has_two_it_could_be() -> None:
    orgs = tuple({"name": n, "kind": "org"} for n in ("Estonian navy", "Finnish navy", "navy"))
    index = HolderIndex([_article("a", "The navy spoke.", [], orgs)])
    assert index.resolve("navy", "org") not in (index.resolve("Estonian navy", "org"), index.resolve("Finnish navy", "org"))
