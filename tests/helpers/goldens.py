"""Golden files: a generated document compared with the file kept under tests/files/golden.

A golden test always compares. To accept a deliberate change, run the golden tests with ``--update-goldens``
(registered in tests/conftest.py): every golden file that differs from what the code makes now is written
anew, and its test FAILS, saying which file was rewritten; the run then ends with the list of rewritten files
and a failing exit status. Review the diff (``git diff tests/files/golden``), then run again without the
option: only that run, which compares, can pass. (So a run with the option never passes a test whose golden
file did not match, and no setting makes the goldens pass without comparing.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

OPTION = "--update-goldens"
#: the key under which a test records a rewritten golden file in its report's ``user_properties`` (which
#: pytest-xdist carries from a worker to the controller, where the run's end is reported)
REWRITTEN = "golden file rewritten"


@dataclass
class Goldens:
    """The ``goldens`` fixture: compare with golden files, or (with ``--update-goldens``) rewrite and fail."""

    update: bool
    item: pytest.Item

    def compare(self, path: Path, actual: str, differences: Callable[[str], str | None]) -> None:
        """Compare ``actual`` (the file's text as the code makes it now) with the golden file ``path``.

        ``differences(golden_text)`` says how the golden file and ``actual`` differ, or None when they agree;
        its text is the failure message. With ``--update-goldens`` a differing or missing file is written with
        ``actual`` and the test fails all the same.
        """
        golden = path.read_text(encoding="utf-8") if path.exists() else None
        difference = f"{path} is missing" if golden is None else differences(golden)
        if difference is None:
            return
        if not self.update:
            pytest.fail(f"{difference}\n(a deliberate change: run with {OPTION}, review the diff of {path.name}, "
                        f"then run again without it)", pytrace=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        self.item.user_properties.append((REWRITTEN, str(path)))
        first_line = difference.splitlines()[0].rstrip(":")
        pytest.fail(f"{OPTION}: rewrote {path} ({first_line}); review the diff and run the tests again without "
                    f"{OPTION}", pytrace=False)


class RewrittenGoldens:
    """A plugin (registered by tests/conftest.py) that ends a run which rewrote golden files: it lists them
    and makes the run fail, so a rewrite is never taken for a passing run."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.paths += [value for key, value in report.user_properties if key == REWRITTEN]

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.paths:
            terminalreporter.section(f"{OPTION}: golden files rewritten", sep="=", red=True, bold=True)
            for path in sorted(set(self.paths)):
                terminalreporter.write_line(f"  {path}")
            terminalreporter.write_line(f"Review the diff (git diff tests/files/golden), then run the tests again "
                                        f"WITHOUT {OPTION}: only a run that compares can pass.")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.paths:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
