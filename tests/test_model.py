"""The spaCy model as sitroom loads it: its own components must not change what spaCy's would give."""

from __future__ import annotations

import spacy
from spacy.language import Language

from sitroom.cli.ingest import sample_articles_dir
from sitroom.nlp.model import load_language, resolve_model_name

ATTRIBUTES = ("pos_", "tag_", "lemma_", "dep_", "morph")


def _spacy_reference() -> Language:
    """The plain model with spaCy's AttributeRuler, and our paragraph splitter and gazetteer."""
    nlp = spacy.load(resolve_model_name("auto"))
    nlp.add_pipe("sitroom_paragraphs", before="parser")
    nlp.add_pipe("sitroom_gazetteer", after="ner")
    return nlp


def _texts() -> list[str]:
    articles = sorted(p for p in sample_articles_dir().iterdir() if p.suffix == ".txt")
    # Shapes that only the Matcher-kept rules (several tokens, regular expressions) cover.
    odd = "They ain't gonna stop, and we gotta go. Nothin' changed, y'all. It's done; we're not."
    return [p.read_text("utf-8") for p in articles] + [odd]


def test_fast_attribute_rules_give_spacys_part_of_speech_morphology_and_lemmas() -> None:
    ours = load_language("auto")
    assert "attribute_ruler" not in ours.pipe_names and "sitroom_attribute_rules" in ours.pipe_names
    reference = _spacy_reference()
    texts = _texts()
    differences = []
    for mine, theirs in zip(ours.pipe(texts), reference.pipe(texts), strict=True):
        for a, b in zip(mine, theirs, strict=True):
            got, want = [str(getattr(a, n)) for n in ATTRIBUTES], [str(getattr(b, n)) for n in ATTRIBUTES]
            if got != want:
                differences.append((a.text, got, want))
    assert not differences, differences[:5]


def test_fast_attribute_rules_keep_every_rule_once_and_none_in_the_matcher() -> None:
    rules = load_language("auto").get_pipe("sitroom_attribute_rules")
    in_tables = {rule for table in rules.tables.values() for hits in table.values() for rule in hits}
    masked = {rule for rule, _ in rules.masked}
    in_matcher = {rule for rule in range(len(rules.attrs)) if str(rule) in rules.matcher}
    assert not (in_tables & masked or in_tables & in_matcher or masked & in_matcher)
    assert in_tables | masked | in_matcher == set(range(len(rules.attrs)))
    assert not in_matcher  # en_core_web_sm has no operator patterns: spaCy's Matcher never runs
