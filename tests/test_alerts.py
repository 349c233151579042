"""The red-line watch (issue 13): a condition met by a later article's asserted event, never
by a hypothetical or negated one, nor by the article that stated it."""

from __future__ import annotations

from typing import Any

from sitroom.analysis.alerts import AlertSettings, red_line_alerts, stems

TRIGGER = {"if": "Belarusian troops cross the border into Poland", "then": "we will close every crossing",
           "holders": [{"name": "Ewa Nowak", "role": "Interior Minister"}],
           "sources": [{"article": "a1", "outlet": "Wire", "published": "2026-11-20", "start": 10, "end": 60}]}  # fmt: skip
# No embeddings in these unit tests: word overlap alone decides.
WORDS_ONLY = AlertSettings(min_overlap=0.6, cosine=2.0)


def event(text: str, **kw: Any) -> dict[str, Any]:
    return {"actor": "Belarus", "action": "cross border", "target": "Poland", "text": text, "start": 100, "end": 100 + len(text),
            "negated": False, "hypothetical": False, **kw}  # fmt: skip


def alerts_for(events: list[dict[str, Any]], article: str = "b2", published: str = "2026-11-22") -> list[dict[str, Any]]:
    arts = [{"id": article, "outlet": "Herald", "published": published}]
    return red_line_alerts(7, [TRIGGER], arts, {article: events}, WORDS_ONLY)


def test_asserted_event_meets_the_red_line_with_both_spans() -> None:
    [alert] = alerts_for([event("Belarusian troops crossed the border into Poland near Kuznica")])
    assert alert["stated_by"] == ["Ewa Nowak"] and alert["stated_in"][0]["start"] == 10
    assert alert["met_by"] == {"article": "b2", "outlet": "Herald", "published": "2026-11-22",
                               "text": "Belarusian troops crossed the border into Poland near Kuznica", "start": 100, "end": 161}  # fmt: skip
    assert alert["story"] == 7 and "red line met" in alert["summary"]


def test_hypothetical_or_negated_event_does_not_meet_it() -> None:
    assert alerts_for([event("troops could cross the border into Poland", hypothetical=True)]) == []
    assert alerts_for([event("Belarusian troops did not cross the border into Poland", negated=True)]) == []


def test_the_article_that_states_it_or_an_earlier_one_does_not_meet_it() -> None:
    crossing = [event("Belarusian troops crossed the border into Poland")]
    assert alerts_for(crossing, article="a1") == []
    assert alerts_for(crossing, published="2026-11-19") == []


def test_unrelated_event_does_not_meet_it() -> None:
    assert alerts_for([event("Poland closed the last crossing", actor="Poland", action="close crossing", target="Belarus")]) == []


def test_alert_key_is_stable_so_an_alert_is_raised_once() -> None:
    crossing = [event("Belarusian troops crossed the border into Poland")]
    assert alerts_for(crossing)[0]["key"] == alerts_for(crossing)[0]["key"]


def test_stems_join_tenses() -> None:
    # conditions are stated in the present or future, reports in the past
    assert stems("crossed crossing crosses") == stems("cross") == {"cross"}
    assert stems("attacked attacking attacks") == stems("attack") == {"attack"}
