"""Across articles: embeddings, story grouping, entities, facts and corroboration."""
