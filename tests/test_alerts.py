"""The red-line watch (issue 13): a condition met by a later article's asserted event, never
by a hypothetical or negated one, nor by the article that stated it."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.analysis.alerts import AlertSettings, red_line_alerts, stems

TRIGGER = {"if": "Belarusian troops cross the border into Poland", "then": "we will close every crossing",
           "holders": [{"name": "Ewa Nowak", "role": "Interior Minister"}],
           "sources": [{"article": "a1", "outlet": "Wire", "published": "2026-11-20", "start": 10, "end": 80}]}  # fmt: skip
# No embeddings in these unit tests: the coded condition or the words alone decide.
WORDS_ONLY = AlertSettings(min_overlap=0.6, cosine=-1.0)


def event(text: str, start: int = 100, **kw: Any) -> dict[str, Any]:
    return {"actor": "Belarus", "action": "cross border", "target": "Poland", "plover": "MOBILIZE", "cameo": "154",
            "text": text, "start": start, "end": start + len(text), "negated": False, "hypothetical": False, **kw}  # fmt: skip


CONDITION = event("if Belarusian troops cross the border into Poland", start=14, hypothetical=True)


def alerts_for(events: list[dict[str, Any]], article: str = "b2", published: str = "2026-11-22",
               stated: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    arts = [{"id": article, "outlet": "Herald", "published": published}]
    by_article = {"a1": [CONDITION] if stated is None else stated, article: events}
    return red_line_alerts(7, [TRIGGER], arts, lambda aid: by_article.get(aid, []), WORDS_ONLY)


def test_asserted_event_meets_the_coded_condition_with_both_spans() -> None:
    [alert] = alerts_for([event("Belarusian troops crossed the border into Poland near Kuznica")])
    assert alert["matched_by"] == "coded" and alert["stated_by"] == ["Ewa Nowak"] and alert["stated_in"][0]["start"] == 10
    met = alert["met_by"]
    assert (met["article"], met["start"], met["end"]) == ("b2", 100, 161) and met["event"]["actor"] == "Belarus"
    assert alert["story"] == 7 and "red line met" in alert["summary"]


def test_hypothetical_or_negated_event_does_not_meet_it() -> None:
    assert alerts_for([event("troops could cross the border into Poland", hypothetical=True)]) == []
    assert alerts_for([event("Belarusian troops did not cross the border into Poland", negated=True)]) == []


def test_another_actor_or_target_or_kind_does_not_meet_the_coded_condition() -> None:
    assert alerts_for([event("Russian troops crossed into Poland", actor="Russia")]) == []
    assert alerts_for([event("Belarusian troops crossed into Lithuania", target="Lithuania")]) == []
    assert alerts_for([event("Belarus closed the border with Poland", plover="COERCE", action="close border")]) == []


def test_the_article_that_states_it_or_an_earlier_one_does_not_meet_it() -> None:
    crossing = [event("Belarusian troops crossed the border into Poland")]
    assert alerts_for(crossing, article="a1") == []
    assert alerts_for(crossing, published="2026-11-19") == []


def test_uncoded_condition_falls_back_to_actor_action_target_words() -> None:
    crossing = [event("Belarusian troops crossed the border into Poland", actor="Belarusian troops")]
    [alert] = alerts_for(crossing, stated=[])
    assert alert["matched_by"] == "words"


def test_hedged_aside_in_a_long_event_does_not_meet_an_uncoded_condition() -> None:
    """Regression (sample corpus): 'the drills entered their final weekend ... warning that some
    of the foreign troops may stay behind' met 'if the foreign troops remain in Belarus after
    the drills end' on the words of its whole text."""
    trig = {**TRIGGER, "if": "the foreign troops remain in Belarus after the drills end"}
    drills = event("the exercise entered its final weekend, with officials warning that some of the foreign troops "
                   "brought in for the drills may stay behind in Belarus after the drills end",
                   actor="Belarus", action="enter weekend", target=None, plover="OTHER")  # fmt: skip
    arts = [{"id": "b2", "outlet": "Herald", "published": "2026-11-22"}]
    assert red_line_alerts(7, [trig], arts, lambda aid: [drills] if aid == "b2" else [], WORDS_ONLY) == []


def test_a_close_embedding_alone_does_not_meet_an_uncoded_condition() -> None:
    """Regression (sample corpus): 'foreign forces massing in Belarus' met 'if the foreign
    troops remain in Belarus after the drills end' on the embedding with half the words."""
    trig = {**TRIGGER, "if": "the foreign troops remain in Belarus after the drills end"}
    massing = event("foreign forces massing in Belarus", actor="Belarus", action="mass force", target=None)
    arts = [{"id": "b2", "outlet": "Herald", "published": "2026-11-22"}]
    any_cosine = AlertSettings(min_overlap=0.6, cosine=-1.0)  # the embedding would say yes
    assert red_line_alerts(7, [trig], arts, lambda aid: [massing] if aid == "b2" else [], any_cosine) == []


def test_event_of_the_consequence_is_not_the_condition() -> None:
    """Regression (sample corpus): 'if allies cannot agree on what they see, they will struggle
    to agree on what to do' was met by 'Allies agreed ...': the coded event was the consequence's."""
    trig = {**TRIGGER, "if": "allies cannot agree on what they see", "then": "they will struggle to agree on what to do"}
    consequence = event("they will struggle to agree on what to do", start=40, actor="NATO allies", action="agree",
                        target=None, plover="AGREE", hypothetical=True)  # fmt: skip
    agreed = event("Allies agreed to step up air policing", actor="NATO allies", action="agree", target=None, plover="AGREE")
    arts = [{"id": "b2", "outlet": "Herald", "published": "2026-11-22"}]
    by_article = {"a1": [consequence], "b2": [agreed]}
    assert red_line_alerts(7, [trig], arts, lambda aid: by_article.get(aid, []), WORDS_ONLY) == []


def test_alert_key_is_stable_so_an_alert_is_raised_once() -> None:
    crossing = [event("Belarusian troops crossed the border into Poland")]
    assert alerts_for(crossing)[0]["key"] == alerts_for(crossing)[0]["key"]


def test_stems_join_tenses() -> None:
    # conditions are stated in the present or future, reports in the past
    assert stems("crossed crossing crosses") == stems("cross") == {"cross"}
    assert stems("attacked attacking attacks") == stems("attack") == {"attack"}


@pytest.mark.slow
def test_no_false_red_line_alert_on_the_sample_story(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Precision floor: no red line of the sample crisis is met by any of its articles (none
    reports one as having happened). Every article is checked against every trigger of the
    final brief, a superset of what a replay in publication order checks."""
    from sitroom.analysis.brief import build_brief, main_story
    from sitroom.cli.ingest import sample_articles_dir
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('alerts') / 's.db'}")
    config = Config.load()
    ingest_paths([sample_articles_dir()], store, config, IngestOptions())
    story = main_story(store)
    assert story is not None
    triggers = [t for t in build_brief(store, story)["triggers"] if t.get("if")]
    articles = [a for a in (store.get_article(r["id"]) for r in store.story_article_rows(story)) if a]
    assert len(triggers) >= 5 and len(articles) >= 10
    alerts = red_line_alerts(story, triggers, articles, lambda aid: store.get_annotations(aid).events, AlertSettings.from_config(config))
    assert alerts == []
