"""Analysis over resolved articles: the escalation ladder and its chart, timelines, briefs."""
