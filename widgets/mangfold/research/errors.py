"""The research export's error: a ``CohortError``, so ``mangfold`` prints it and exits 2 like every cohort error."""

from __future__ import annotations

from ..cohort.config import CohortError


class ResearchError(CohortError):
    """The export cannot be made safely; the message names the file or folder and what to do about it."""
