"""Article identity: content-hash ids and near-duplicate detection."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.ingest.fingerprint import band_keys, fingerprint_article, jaccard, minhash, shingles
from sitroom.model import Article

words = st.lists(st.sampled_from(["troops", "border", "drills", "minister", "said", "Poland", "Belarus", "Grodno", "crossing", "NATO", "allies", "on", "Tuesday", "the", "a", "of"]),
                 min_size=5, max_size=80)  # fmt: skip


@given(words, st.text(min_size=1, max_size=40))
def test_id_is_stable_under_whitespace_changes(ws: list[str], title: str) -> None:
    a = Article(title=title, text=" ".join(ws), outlet="Wire")
    b = Article(title=f"  {title} ", text="\n".join(ws) + "\n", outlet="wire")
    assert fingerprint_article(a) == fingerprint_article(b)
    assert len(fingerprint_article(a)) == 16


@given(words)
def test_id_changes_when_text_or_outlet_changes(ws: list[str]) -> None:
    a = Article(title="T", text=" ".join(ws), outlet="Wire")
    assert fingerprint_article(a) != fingerprint_article(Article(title="T", text=" ".join(ws) + " more", outlet="Wire"))
    assert fingerprint_article(a) != fingerprint_article(Article(title="T", text=" ".join(ws), outlet="Other"))


@given(st.sets(st.text(min_size=1, max_size=5), max_size=30), st.sets(st.text(min_size=1, max_size=5), max_size=30))
def test_jaccard_is_symmetric_and_bounded(a: set[str], b: set[str]) -> None:
    assert jaccard(a, b) == jaccard(b, a)
    assert 0.0 <= jaccard(a, b) <= 1.0
    assert jaccard(a, a) == 1.0


@settings(max_examples=30)
@given(words)
def test_minhash_is_deterministic(ws: list[str]) -> None:
    s = shingles(" ".join(ws))
    assert np.array_equal(minhash(s), minhash(set(s)))
    assert band_keys(minhash(s)) == band_keys(minhash(s))


def test_light_edit_shares_a_band_and_unrelated_text_does_not() -> None:
    base = ("Poland closed two border crossings with Belarus on Tuesday after some 2,000 foreign soldiers joined "
            "drills near Grodno, the defence ministry said, adding that allies were sharing intelligence about "
            "the convoys and that the crossings would stay shut until the drills ended on Sunday.")  # fmt: skip
    edited = base.replace("on Tuesday", "on Tuesday morning").replace("Sunday", "Sunday at the earliest")
    other = ("The city council approved a new budget for public transport on Monday, raising fares by ten cents "
             "and promising more night buses on the busiest routes from next spring.")  # fmt: skip
    keys = set(band_keys(minhash(shingles(base))))
    assert jaccard(shingles(base), shingles(edited)) > 0.6
    assert keys & set(band_keys(minhash(shingles(edited))))
    assert not keys & set(band_keys(minhash(shingles(other))))


def test_minhash_estimates_jaccard() -> None:
    a = shingles(" ".join(f"w{i}" for i in range(300)))
    b = shingles(" ".join(f"w{i}" for i in range(100, 400)))
    true = jaccard(a, b)
    estimate = float(np.mean(minhash(a) == minhash(b)))
    assert abs(estimate - true) < 0.2
