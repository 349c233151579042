"""Per-article NLP: a spaCy parse, then registered stages that add annotations."""
