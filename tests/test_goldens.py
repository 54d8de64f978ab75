"""The golden-file mechanism (tests/helpers/goldens.py): it always compares, and ``--update-goldens`` rewrites a
differing file, fails its test and fails the run; no mode passes a golden test without comparing."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.helpers.goldens import OPTION, REWRITTEN, Goldens, RewrittenGoldens


def same(golden: str, actual: str = "new\n") -> str | None:
    return None if golden == actual else f"golden {golden!r}, made {actual!r}"


def goldens(update: bool) -> tuple[Goldens, list]:
    item = SimpleNamespace(user_properties=[])
    return Goldens(update=update, item=item), item.user_properties


@pytest.mark.parametrize("update", [False, True])
def test_a_matching_file_passes_and_is_left_alone(tmp_path: Path, update: bool) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("new\n", encoding="utf-8")
    checker, rewritten = goldens(update)
    checker.compare(path, "new\n", same)
    assert path.read_text(encoding="utf-8") == "new\n" and rewritten == []


@pytest.mark.parametrize("exists", [True, False])
def test_without_the_option_a_difference_fails_and_writes_nothing(tmp_path: Path, exists: bool) -> None:
    path = tmp_path / "doc.txt"
    if exists:
        path.write_text("old\n", encoding="utf-8")
    checker, rewritten = goldens(update=False)
    with pytest.raises(pytest.fail.Exception, match=OPTION):
        checker.compare(path, "new\n", same)
    assert path.exists() == exists and rewritten == []
    if exists:
        assert path.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("exists", [True, False])
def test_with_the_option_a_difference_is_rewritten_and_the_test_still_fails(tmp_path: Path, exists: bool) -> None:
    path = tmp_path / "golden" / "doc.txt"
    if exists:
        path.parent.mkdir()
        path.write_text("old\n", encoding="utf-8")
    checker, rewritten = goldens(update=True)
    with pytest.raises(pytest.fail.Exception, match=f"rewrote {re.escape(str(path))}.*again without {OPTION}"):
        checker.compare(path, "new\n", same)
    assert path.read_bytes() == b"new\n" and rewritten == [(REWRITTEN, str(path))]


class Terminal:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str, **_markup) -> None:
        self.lines.append(title)

    def write_line(self, line: str, **_markup) -> None:
        self.lines.append(line)


def test_a_run_that_rewrote_a_file_ends_failing_and_names_it() -> None:
    plugin = RewrittenGoldens()
    for properties in ([], [(REWRITTEN, "/g/docx-a.json")], [("other", "x"), (REWRITTEN, "/g/b.html")]):
        plugin.pytest_runtest_logreport(SimpleNamespace(user_properties=properties))
    session = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    plugin.pytest_sessionfinish(session)
    terminal = Terminal()
    plugin.pytest_terminal_summary(terminal)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
    assert "  /g/docx-a.json" in terminal.lines and "  /g/b.html" in terminal.lines
    assert any(f"WITHOUT {OPTION}" in line for line in terminal.lines)


def test_a_run_that_rewrote_nothing_keeps_its_outcome() -> None:
    plugin = RewrittenGoldens()
    plugin.pytest_runtest_logreport(SimpleNamespace(user_properties=[]))
    session = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    plugin.pytest_sessionfinish(session)
    terminal = Terminal()
    plugin.pytest_terminal_summary(terminal)
    assert session.exitstatus == pytest.ExitCode.OK and terminal.lines == []


def test_the_option_is_registered(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getoption(OPTION) in (True, False)
    assert pytestconfig.pluginmanager.has_plugin("mangfold-rewritten-goldens")
