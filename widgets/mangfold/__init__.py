"""Mangfoldsrekruttering: a Voilà course on diversity recruitment, graded with nbgrader.

Notebook cells call :func:`mangfold.ui.page.open_module`; everything else (content, progress,
grading) is plain Python that the tests drive without a browser.
"""

import os

__version__ = "0.1.0"

# The one change the package makes to the environment on import (tests/test_import_environment.py keeps
# it the only one). The course's schemas use no pydantic plugins, and looking them up scans the entry
# points of every installed distribution: ~30 ms of the ~200 ms in which a Voilà kernel builds a module
# page, paid again by every kernel nbgrader starts to grade one. pydantic reads the setting only from the
# environment (no API), and the kernels nbgrader starts inherit it. An explicit setting of one's own wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
