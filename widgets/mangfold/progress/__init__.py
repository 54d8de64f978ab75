"""Learner progress: one versioned, checksummed JSON file per learner per module."""

from .model import ModuleProgress, merge
from .store import PROGRESS_FILENAME, Notice, ProgressFileError, ProgressStore, read_progress

__all__ = ["PROGRESS_FILENAME", "ModuleProgress", "Notice", "ProgressFileError", "ProgressStore", "merge",
           "read_progress"]
