"""Kept only so that code written against the old module still imports: the cross-source
layer is now ``sitroom.resolve.statements`` (issue 9). New code imports from there."""

from sitroom.resolve.statements.text import content_words, similar

__all__ = ["content_words", "similar"]
