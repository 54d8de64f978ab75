"""Tests of the research export: the free-text scrubber and its corpus."""
