"""The demo cohort is a course directory like a real one: files the grader trusts, and a gradebook whose
scores are what the course's own grading gives for those files (checked here through nbgrader's ORM and
the grader's own functions, including the summary assignment's test cells).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry

from mangfold.cohort.config import CohortError, load_cohort_config
from mangfold.cohort.dashboard_notebook import DASHBOARD_NOTEBOOK
from mangfold.cohort.data import NOT_SUBMITTED, UNTRUSTED, load_cohort
from mangfold.cohort.demo import demo_texts, make_demo_cohort
from mangfold.course import MODULE_IDS
from mangfold.engine.text import count_words
from mangfold.grading import GradingError, grade_folder
from mangfold.progress.store import PROGRESS_FILENAME, read_progress
from mangfold.summary.snapshot import CONTENT_COPY, SUMMARY_MODULE, require_action_plan, require_module_done

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
LEARNERS = 24
SEED = 7


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("demo") / "kurs"
    make_demo_cohort(course, learners=LEARNERS, seed=SEED)
    return course


def graded_copy(demo: Path, learner: str, module: str, scratch: Path) -> Path:
    """The learner's autograded folder with the module's files beside it, as nbgrader grades it."""
    folder = scratch / learner / module
    shutil.copytree(demo / "source" / module, folder)
    shutil.copy2(demo / "autograded" / learner / module / PROGRESS_FILENAME, folder / PROGRESS_FILENAME)
    return folder


@pytest.mark.slow
def test_it_is_a_course_directory(demo: Path) -> None:
    config = load_cohort_config(demo)
    assert (demo / DASHBOARD_NOTEBOOK).is_file()
    assert sorted(p.name for p in (demo / "source").iterdir()) == [*MODULE_IDS, SUMMARY_MODULE]
    assert not list((demo / "source").rglob(PROGRESS_FILENAME))
    assert config.db_url.startswith("sqlite:///") and Path(config.db_url[10:]).is_file()


@pytest.mark.slow
def test_the_roster_has_every_kind_of_learner(demo: Path) -> None:
    cohort = load_cohort(demo)
    assert len(cohort.learners) == LEARNERS
    assert all(cohort.learners.first_name.str.len() > 0) and all(cohort.learners.last_name.str.len() > 0)
    per_learner = cohort.completion.groupby("learner")["status"].apply(set)
    assert any(s == {NOT_SUBMITTED} for s in per_learner), "someone who handed in nothing"
    modules = cohort.completion[cohort.completion.status != NOT_SUBMITTED].groupby("learner").module.nunique()
    assert (modules < len(MODULE_IDS)).any(), "someone who stopped early"
    assert (cohort.completion.status == UNTRUSTED).sum() == 1 and len(cohort.untrusted) == 1
    assert "checksum" in cohort.untrusted.reason.iloc[0]


@pytest.mark.slow
def test_every_score_is_what_the_grader_gives(demo: Path, tmp_path: Path) -> None:
    config = load_cohort_config(demo)
    checked = 0
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for learner_dir in sorted((demo / "autograded").iterdir()):
            for module in MODULE_IDS:
                if not (learner_dir / module).is_dir():
                    with pytest.raises(MissingEntry):
                        gradebook.find_submission(module, learner_dir.name)
                    continue
                result = grade_folder(graded_copy(demo, learner_dir.name, module, tmp_path), module)
                submission = gradebook.find_submission(module, learner_dir.name)
                assert submission.score == result.points, (learner_dir.name, module)
                assert submission.max_score == result.max_points
                checked += 1
    assert checked > LEARNERS * 3


@pytest.mark.slow
def test_summary_scores_are_what_its_test_cells_give(demo: Path, tmp_path: Path) -> None:
    config = load_cohort_config(demo)
    summaries = sorted(p.parent.name for p in (demo / "autograded").glob(f"*/{SUMMARY_MODULE}"))
    assert summaries
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for learner in summaries:
            folder = tmp_path / learner
            shutil.copytree(demo / "autograded" / learner / SUMMARY_MODULE, folder)
            shutil.copytree(demo / "source" / SUMMARY_MODULE / CONTENT_COPY, folder / CONTENT_COPY)
            tests = [(f"poeng-modul-{m}", lambda m=m, f=folder: require_module_done(m, f)) for m in MODULE_IDS]
            tests.append(("poeng-handlingsplan", lambda f=folder: require_action_plan(f)))
            for name, test in tests:
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        test()
                    points = 1.0
                except GradingError:
                    points = 0.0
                assert gradebook.find_grade(name, SUMMARY_MODULE, SUMMARY_MODULE, learner).score == points, (
                    learner, name)


@pytest.mark.slow
def test_files_are_trusted_and_read_like_real_ones(demo: Path) -> None:
    cohort = load_cohort(demo)
    files = sorted((demo / "autograded").glob(f"*/*/{PROGRESS_FILENAME}"))
    untrusted = {(r.learner, r.module) for r in cohort.untrusted.itertuples()}
    for path in files:
        learner, module = path.parent.parent.name, path.parent.name
        if (learner, module) not in untrusted:
            assert read_progress(path.parent, module) is not None
    texts = cohort.reflections[cohort.reflections.module != SUMMARY_MODULE]
    assert len(texts) > LEARNERS
    assert all(count_words(t) == w for t, w in zip(texts.text, texts.words, strict=True))
    assert texts.text.str.contains("jeg|vi", case=False).mean() > 0.9  # bokmål sentences
    assert set(cohort.choices.quality) == {"good", "partly", "weak"}
    assert cohort.checks.first_correct.any() and not cohort.checks.first_correct.all()


@pytest.mark.slow
def test_every_text_is_made_of_the_demo_texts_file(demo: Path) -> None:
    """Reflections are an opener, one or two middles and a closer (or a short text); plan points are actions."""
    texts = demo_texts()
    middles = "|".join(map(re.escape, texts.middles))
    reflection = re.compile(f"({'|'.join(map(re.escape, texts.openers))}) ({middles})( ({middles}))? "
                            f"({'|'.join(map(re.escape, texts.closers))})")
    written = load_cohort(demo).reflections
    assert len(written[written.module == SUMMARY_MODULE]) > 0
    for module, text in zip(written.module, written.text, strict=True):
        if module == SUMMARY_MODULE:
            assert text in texts.actions
        else:
            assert text in texts.short_texts or reflection.fullmatch(text), text


@pytest.mark.slow
def test_the_same_seed_gives_the_same_cohort(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "igjen"
    make_demo_cohort(again, learners=LEARNERS, seed=SEED)
    first = sorted(p.relative_to(demo / "autograded") for p in (demo / "autograded").rglob("*.json"))
    second = sorted(p.relative_to(again / "autograded") for p in (again / "autograded").rglob("*.json"))
    assert first == second
    for relative in first[:20]:
        assert json.loads((demo / "autograded" / relative).read_text()) == json.loads(
            (again / "autograded" / relative).read_text())


def test_a_folder_with_anything_in_it_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notater.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CohortError, match="not empty"):
        make_demo_cohort(tmp_path, learners=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notater.txt"]
