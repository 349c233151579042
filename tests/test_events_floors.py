"""Quality floors of events.v2 on the public event-coding sets (``../shared/data/eventdata``).

Skipped when the shared data is absent: nothing of it is in the repository. Measured
2026-12-03 (see docs/benchmarks.md, "Events v2: frames, material acts, event key").
"""

from __future__ import annotations

import pytest

from sitroom.config import Config
from sitroom.eval.events import (
    events_config,
    read_cameo2plover,
    read_conflibert,
    read_petrarch_xml,
    run_sentences,
    score_coded,
    score_quads,
)
from sitroom.eval.runner import shared_data_dir

DATA = shared_data_dir()
needs_data = pytest.mark.skipif(DATA is None or not (DATA / "eventdata").is_dir(), reason="needs ../shared/data/eventdata")


@needs_data
def test_petrarch2_gsr_floor() -> None:
    """AFP sentences with hand-corrected PETRARCH-2 codes: PLOVER type over all gold events
    0.562 and coverage 0.775 (events.v1: 0.55 / 0.75)."""
    assert DATA is not None
    data = DATA / "eventdata"
    sentences = read_petrarch_xml(data / "universal_petrarch" / "PETR2_GSR_validation.xml")
    result = score_coded(run_sentences(events_config(Config.load()), sentences),
                         read_cameo2plover(data / "plover" / "CAMEO2PLOVER-2021.txt"))  # fmt: skip
    assert result["strict"]["plover"] >= 0.55 and result["strict"]["coverage"] >= 0.76


@needs_data
def test_conflibert_test_quad_class_floor() -> None:
    """Held-out ConfliBERT test sentences: quad-class accuracy 0.636 (events.v1 0.590, v2
    before the frames 0.599). Nothing was tuned on this file."""
    assert DATA is not None
    sentences = read_conflibert(DATA / "eventdata" / "conflibert_cameo" / "cameo_class_test.tsv")
    result = score_quads(run_sentences(events_config(Config.load()), sentences))
    assert result["quad_class_accuracy"] >= 0.62
