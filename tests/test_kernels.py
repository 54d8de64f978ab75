"""A kernel that dies while it starts is started again; any other failure is reported at once."""

from __future__ import annotations

import pytest

from mangfold.kernels import ATTEMPTS, KERNEL_START_FAILED, autograde, retry_kernel_start

DIED = {"success": False, "error": f"Traceback ...\nRuntimeError: {KERNEL_START_FAILED}\n", "log": ""}
BROKEN = {"success": False, "error": "CellExecutionError: NameError: name 'x' is not defined", "log": ""}
GRADED = {"success": True, "log": "[AutogradeApp] Grading submission"}


class FakeApi:
    """NbGraderAPI.autograde answering from a list of results, one per call."""

    def __init__(self, *results: dict):
        self.results = list(results)
        self.calls: list[tuple[str, str, dict]] = []

    def autograde(self, assignment: str, student: str, **options) -> dict:
        self.calls.append((assignment, student, options))
        return self.results.pop(0)


def test_a_kernel_that_died_while_starting_is_started_again() -> None:
    api = FakeApi(DIED, DIED, GRADED)
    assert autograde(api, "01", "anne", force=True) is GRADED
    assert api.calls == [("01", "anne", {"force": True})] * 3


def test_a_failure_of_the_notebook_itself_is_not_tried_again() -> None:
    api = FakeApi(BROKEN, GRADED)
    assert autograde(api, "01", "anne") is BROKEN
    assert len(api.calls) == 1


def test_a_kernel_that_never_starts_is_reported_after_the_last_attempt() -> None:
    api = FakeApi(*[DIED] * ATTEMPTS)
    assert autograde(api, "01", "*") is DIED
    assert len(api.calls) == ATTEMPTS


def test_the_kernel_message_in_nbgraders_log_counts_too() -> None:
    api = FakeApi({"success": False, "error": "", "log": f"[ERROR] {KERNEL_START_FAILED}"}, GRADED)
    assert autograde(api, "01", "anne") is GRADED


def test_retry_kernel_start_runs_the_action_again_only_for_a_dead_kernel() -> None:
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 2:
            raise RuntimeError(KERNEL_START_FAILED)
        return "ran"

    assert retry_kernel_start(flaky) == "ran" and len(calls) == 2

    def broken() -> str:
        calls.append(1)
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    calls.clear()
    with pytest.raises(RuntimeError, match="didn't respond"):
        retry_kernel_start(broken)
    assert len(calls) == 1


def test_retry_kernel_start_gives_up_after_the_last_attempt() -> None:
    def dead() -> str:
        raise RuntimeError(KERNEL_START_FAILED)

    with pytest.raises(RuntimeError, match="Kernel died"):
        retry_kernel_start(dead, attempts=2)


def test_cohort_autograde_starts_a_dead_kernel_again(monkeypatch) -> None:
    """`mangfold cohort autograde` grades each learner through the retry: one dead kernel is no failure."""
    import io

    from mangfold.cohort import commands
    from mangfold.course import MODULE_IDS

    api = FakeApi(DIED, GRADED, BROKEN)
    monkeypatch.setattr(commands, "cohort_api", lambda config: api)
    monkeypatch.setattr(commands, "submitted_learners", lambda config, module: ["anne", "bo"])
    monkeypatch.setattr(commands, "_progress_problem", lambda config, module, learner: None)
    monkeypatch.setattr(commands, "screen_submission", lambda config, module, learner: [])  # no folders here
    report = commands.autograde(object(), modules=[MODULE_IDS[0]], stream=io.StringIO())
    assert [(r.learner, r.ok) for r in report.graded] == [("anne", True)]
    assert [r.learner for r in report.failed] == ["bo"] and "NameError" in report.failed[0].message
    assert [call[1] for call in api.calls] == ["anne", "anne", "bo"]
