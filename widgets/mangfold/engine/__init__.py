"""Course logic without widgets: the scenario state machine and word counting."""

from .scenario import ScenarioRun, WrongChoice
from .text import count_words

__all__ = ["ScenarioRun", "WrongChoice", "count_words"]
