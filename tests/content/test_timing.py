"""Module length: the stated minutes match the estimate, and the course stays within 40-50 minutes (issue 16)."""

from __future__ import annotations

import pytest

from mangfold.content import find_module_dirs, load_module_content
from mangfold.content.timing import WORDS_PER_MINUTE, TimeEstimate, estimate
from tests.conftest import FILES, REPO_ROOT

MODULES = find_module_dirs(REPO_ROOT / "source")


def test_estimate_counts_one_typical_path_and_every_interaction() -> None:
    content = load_module_content(FILES / "content" / "01-verdien-av-mangfold", "nb")
    result = estimate(content)
    assert (result.decisions, result.checks, result.reflections, result.placements) == (2, 1, 1, 3)
    assert result.minutes == pytest.approx(result.words / WORDS_PER_MINUTE + 2 * 0.5 + 0.6 + 2.25 + 3 * 0.2)


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_stated_minutes_match_the_estimate(module_dir, language) -> None:
    content = load_module_content(module_dir, language)
    assert abs(estimate(content).minutes - content.minutes) <= 1.0, estimate(content)


def test_the_whole_course_takes_40_to_50_minutes_when_complete() -> None:
    if len(MODULES) < 5:
        pytest.skip(f"the course has {len(MODULES)} of 5 modules so far")
    for language in ("nb", "nn", "en"):
        total = sum(estimate(load_module_content(m, language)).minutes for m in MODULES)
        assert 40 <= total <= 50, f"{language}: {total:.1f} minutes"


def test_time_estimate_is_plain_arithmetic() -> None:
    assert TimeEstimate(words=360, decisions=0, checks=0, reflections=0).minutes == 2
