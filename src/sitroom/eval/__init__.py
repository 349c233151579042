"""Accuracy measurement against gold annotations."""
