"""Mangfoldsrekruttering: a Voilà course on diversity recruitment, graded with nbgrader.

Notebook cells call :func:`mangfold.ui.page.open_module`; everything else (content, progress,
grading) is plain Python that the tests drive without a browser.
"""

__version__ = "0.1.0"
