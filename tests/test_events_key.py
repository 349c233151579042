"""The cross-article event key: same act (lemma or synonym), same actor and target, no
different days, shared words; and the fact text the brief shows for an event group."""

from __future__ import annotations

from typing import Any

import numpy as np

from sitroom.resolve.statements.events import Triggers, group_events, trigger_of
from sitroom.resolve.statements.model import Source, Statement, When

# Hand-made unit vectors: "hit" and "strike" close, "injure" far from both.
VECTORS = {"hit": [1.0, 0.0, 0.0], "strike": [0.9, 0.436, 0.0], "injure": [0.0, 0.0, 1.0], "quake": [0.0, 1.0, 0.0],
           "earthquake": [0.1, 0.995, 0.0]}  # fmt: skip


def fake_embed(words: list[str]) -> np.ndarray:
    return np.array([VECTORS.get(w, [0.0, 0.0, 0.0]) for w in words], dtype=np.float32)


def report(text: str, action: str, plover: str, day: str | None = None, actor: str = "Russia",
           target: str = "Ukraine") -> Statement:
    item: dict[str, Any] = {"text": text, "action": action, "plover": plover, "actor": actor, "target": target,
                            "start": 0, "end": len(text)}  # fmt: skip
    return Statement("event", text, None, "asserted", "paraphrase", Source("a", "outlet", None, 0, len(text)),
                     when=When(holds=day), item=item)  # fmt: skip


def test_synonym_triggers_are_the_same_act_and_others_are_not() -> None:
    triggers = Triggers(fake_embed)
    assert triggers.same("hit", "hit") and triggers.same("hit", "strike") and triggers.same("quake", "earthquake")
    assert not triggers.same("hit", "injure") and not triggers.same("", "")


def test_without_the_model_only_the_same_lemma_matches() -> None:
    triggers = Triggers(None)
    assert triggers.same("strike", "strike") and not triggers.same("hit", "strike")


def test_trigger_is_the_first_lemma_of_the_action() -> None:
    assert trigger_of({"action": "close crossing"}) == "close" and trigger_of({}) == ""


def test_one_strike_told_with_different_verbs_and_codes_is_one_event() -> None:
    a = report("Russian missiles hit the power station in Kharkiv on Monday", "hit station", "ASSAULT")
    b = report("Missiles struck the Kharkiv power station", "strike station", "COERCE")
    groups = group_events([a, b], Triggers(fake_embed))
    assert len(groups) == 1


def test_same_verb_on_different_days_or_about_other_things_stays_apart() -> None:
    """Issue 12: the same-lemma key linked different events with one verb ("injure", 110 pairs)."""
    a = report("Shelling injured four civilians in Kherson", "injure civilian", "ASSAULT", day="2026-09-14")
    b = report("Shelling injured four civilians in Kherson", "injure civilian", "ASSAULT", day="2026-09-16")
    c = report("A drone injured two firefighters at the Odesa port", "injure firefighter", "ASSAULT")
    assert len(group_events([a, b, c], Triggers(fake_embed))) == 3


def test_different_acts_with_the_same_words_stay_apart() -> None:
    a = report("Russian missiles hit the power station in Kharkiv", "hit station", "ASSAULT")
    b = report("Russia injured workers at the power station in Kharkiv", "injure worker", "COERCE")
    assert len(group_events([a, b], Triggers(fake_embed))) == 2


def story_article(text: str, sentence_ends: list[int]) -> Any:
    from sitroom.model import Annotations, Sentence
    from sitroom.resolve.statements.model import StoryArticle

    starts = [0, *(e + 1 for e in sentence_ends[:-1])]
    ann = Annotations(sentences=[Sentence(s, e) for s, e in zip(starts, sentence_ends, strict=True)])
    return StoryArticle("a", "outlet", None, None, ann, text=text)


def test_fact_text_is_the_sentence_when_the_clause_is_torn_from_a_phrase() -> None:
    """Issue 12: the brief showed "Foreign troops taking part in the drills to nearly 5,000",
    a phrase cut out of "raised its estimate of foreign troops ... to nearly 5,000"."""
    from sitroom.resolve.statements.events import fact_text

    text = "WARSAW, Sept 16 (Wire) - Warsaw raised its estimate of foreign troops taking part in the drills to nearly 5,000."
    start = text.index("foreign troops")
    assert fact_text(story_article(text, [len(text)]), start, len(text) - 1) == text[text.index("Warsaw raised"):]


def test_fact_text_keeps_a_clean_clause() -> None:
    from sitroom.resolve.statements.events import fact_text

    text = "Officials said on Monday that Poland closed two crossings, and Lithuania followed."
    start = text.index("Poland")
    end = text.index(", and")
    assert fact_text(story_article(text, [len(text)]), start, end) == "Poland closed two crossings"


def test_fact_text_never_opens_with_a_pronoun_or_inside_a_quotation() -> None:
    from sitroom.resolve.statements.events import fact_text

    text = "“We will not wait. They strike us first,” he said. The army moved."
    split = text.index(" They")
    article = story_article(text, [split, text.index(" The army"), len(text)])
    start = text.index("They")
    assert fact_text(article, start, text.index(" first")) == text[:text.index(" The army")]


def test_fact_text_drops_a_dash_dateline_only_in_the_lead() -> None:
    from sitroom.resolve.statements.events import LEAD_CHARS, fact_text

    lead = "WASHINGTON — Officials of the alliance met in the capital of the country on the day of the strike."
    assert fact_text(story_article(lead, [len(lead)]), lead.index("of the alliance"), len(lead) - 1).startswith("Officials")
    later = "x" * LEAD_CHARS + ". " + "BRUSSELS — That is how the minister put it of the talks."
    start = later.index("BRUSSELS")
    shown = fact_text(story_article(later, [LEAD_CHARS + 1, len(later)]), later.index("of the talks"), len(later) - 1)
    assert shown == later[start:]


def test_regression_events_without_an_actor_are_no_place_dispute() -> None:
    """ECB+ 18_ecb: a shooting "in Vancouver" and a bomb "at West Coast Bank", both ASSAULT
    with no actor, were shown as one event told in two places."""
    from sitroom.resolve.statements.events import place_conflicts

    a = report("A gunman opened fire at a party in Vancouver", "open fire", "ASSAULT", actor="", target="")
    b = report("A bomb detonated at West Coast Bank", "detonate bomb", "ASSAULT", actor="", target="")
    a.item["location"], b.item["location"] = "Vancouver", "West Coast Bank"
    groups = group_events([a, b], Triggers(fake_embed))
    assert place_conflicts(groups) == []
    named = [report(t, "strike town", "ASSAULT") for t in ("Russia struck Izium", "Russia struck Kupiansk")]
    named[0].item["location"], named[1].item["location"] = "Izium", "Kupiansk"
    assert len(place_conflicts([g for s in named for g in group_events([s], Triggers(fake_embed))])) == 1
