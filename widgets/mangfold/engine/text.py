"""Text measures for the course logic: the word count, whose rule lives in :mod:`mangfold.content.text`.

Kept under this name for the widgets, the grader and the reports that count words; the rule itself is
in the content layer, which the time estimate (``content.timing``) needs without reaching up here.
"""

from ..content.text import count_words

__all__ = ["count_words"]
