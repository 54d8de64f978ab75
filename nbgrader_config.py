"""nbgrader settings for this repository as a course directory (source/, release/, autograded/).

Trainers running a cohort get their own course directory from `mangfold cohort` (a later release);
this file serves authors who run nbgrader in the repository itself.
"""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "mangfoldsrekruttering"
c.CourseDirectory.root = str(Path(__file__).parent)
# The gradebook: SQLite by default; point db_url at PostgreSQL for a shared hub.
c.CourseDirectory.db_url = f"sqlite:///{Path(__file__).parent / 'gradebook.db'}"
# The lock file beside a learner's progress is not part of a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".mangfold-progress.lock"]
# A module notebook runs in a few seconds; anything slower is a hung kernel.
c.ExecutePreprocessor.timeout = 120
