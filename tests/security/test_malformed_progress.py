"""Property-based: no progress file or upload, however malformed, gets past the course's own error.

Hypothesis feeds random JSON (lone surrogates, NUL, huge and non-finite numbers, deep nesting), random
bytes, and a real finished module-1 progress file with a random value put at any of its keys (the
checksum recomputed, so the schema and the replay are reached) to every reader of learner files:

- the reader (``parse_progress``, ``read_progress``): a trusted progress or ``ProgressFileError``;
- the grader (``grade_folder`` on a module folder with its real content, and ``require``): a result
  with a reason, or ``GradingError``;
- the upload (``restore_bundle`` and the course home's handler): a result per module, each rejection
  with a code the page translates, and nothing written when everything is rejected;
- the research reader (``read_course``): the learner's trusted modules, the rest counted as untrusted;
- the summary's reader of the learner's post (``learner_post``, the browser copy's restore, the job analysis):
  a summary file with a full post and a random value at any of its keys is the learner's post, no post, or
  refused, and whatever is trusted makes a job analysis.

Any other exception fails the test. Deterministic (``derandomize``, no example database) and without
a deadline: CI is a busy 2-core machine.
"""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mangfold.cohort.config import CohortConfig
from mangfold.course import MODULE_IDS
from mangfold.grading import GradingError, grade_folder, require
from mangfold.progress import PROGRESS_FILENAME, ProgressFileError, read_progress
from mangfold.progress.model import PostRecord, PostRequirementRecord, checksum_of
from mangfold.progress.reasons import known_code
from mangfold.progress.store import ProgressStore, parse_progress
from mangfold.progress.sync import BUNDLE_FORMAT, BUNDLE_VERSION, restore_bundle, restore_copy
from mangfold.progress.trust import SUMMARY_MODULE, judge_folder
from mangfold.research.learners import read_course
from mangfold.summary.job_analysis import job_analysis_docx
from mangfold.summary.model import CourseSummary, learner_post
from mangfold.ui.home import open_home
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.files import tree_hashes
from tests.helpers.interface_text import STRINGS
from tests.helpers.widgets import complete_module

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=120,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# -- what a hostile file can hold ----------------------------------------------------------------

ODD_TEXT = st.sampled_from(["\ud800", "\udfff", "a\ud83dz", "\x00", "nul\x00midt", "\u202e", "æøå", "",
                            "x" * 70, "01-verdien-av-mangfold", "nb", "en"])
TEXT = st.one_of(ODD_TEXT, st.text(st.characters(exclude_categories=()), max_size=20))
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70), st.sampled_from([10**400, -(10**400), 2**53 + 1, 0, 1, 2, 10_000, 10_001]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


def nested(depth: int) -> bytes:
    return b'{"format": "mangfold-progress", "version": 2, "x": ' + b"[" * depth + b"]" * depth + b"}"


def encode(value: Any) -> bytes:
    """JSON as a browser or an editor would write it: lone surrogates as \\u escapes, NaN as NaN."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


def paths_in(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key and index of ``document``, each as the path of keys from the top."""
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths_in(value, (*prefix, index))
    return found


def replaced(document: dict, path: tuple, value: Any, delete: bool) -> dict:
    """``document`` with the value at ``path`` replaced (or deleted), its checksum recomputed."""
    changed = copy.deepcopy(document)
    holder = changed
    for key in path[:-1]:
        holder = holder[key]
    if delete and isinstance(holder, dict):
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    if path != ("checksum",):
        with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate has no checksum; the reader refuses it
            changed["checksum"] = checksum_of(changed)
    return changed


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real module-1 progress document of a learner who did everything (4 of 4)."""
    folder = copy_module(MODULE_1, tmp_path_factory.mktemp("finished"))
    complete_module(folder)
    return json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))


@st.composite
def hostile_files(draw: st.DrawFn, document: dict) -> bytes:
    """Bytes of one hostile progress file: random JSON or bytes, deep nesting, or the finished file changed."""
    kind = draw(st.sampled_from(["value", "bytes", "deep", "changed", "changed", "changed"]))
    if kind == "value":
        return encode(draw(VALUE))
    if kind == "bytes":
        return draw(st.binary(max_size=60))
    if kind == "deep":
        return nested(draw(st.sampled_from([31, 32, 33, 40, 500, 5_000, 100_000])))
    path = draw(st.sampled_from(paths_in(document)))
    return encode(replaced(document, path, draw(VALUE), draw(st.booleans())))


def hostile(document: dict) -> st.SearchStrategy[bytes]:
    return hostile_files(document)


# -- the reader ----------------------------------------------------------------------------------

@SETTINGS
@given(data=st.data())
def test_the_reader_accepts_or_raises_the_courses_own_error(finished: dict, tmp_path: Path, data) -> None:
    raw = data.draw(hostile(finished))
    path = tmp_path / PROGRESS_FILENAME
    try:
        progress = parse_progress(raw, path, MODULE_1)
    except ProgressFileError as error:
        assert known_code(error.code), error.reason
        assert error.reason_in("nb") and error.reason_in("en")
        error.both.encode("utf-8")  # a reason itself can always be printed and saved
    else:
        json.dumps(progress.sealed(), ensure_ascii=False).encode("utf-8")  # what is trusted can be saved
    path.write_bytes(raw)
    with contextlib.suppress(ProgressFileError):
        read_progress(tmp_path, MODULE_1)


# -- the grader ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_module(MODULE_1, tmp_path_factory.mktemp("graded"))


@SETTINGS
@given(data=st.data())
def test_the_grader_scores_or_says_why_and_never_crashes(finished: dict, graded_folder: Path, data) -> None:
    raw = data.draw(hostile(finished))
    (graded_folder / PROGRESS_FILENAME).write_bytes(raw)
    result = grade_folder(graded_folder, MODULE_1)
    assert result.trusted or (result.points == 0 and result.problem)
    if result.problem:
        result.problem.encode("utf-8")
    for status in result.statuses:
        try:
            require(MODULE_1, status.kind, status.id, graded_folder)
        except GradingError as error:
            str(error).encode("utf-8")


@pytest.mark.parametrize("module", ["02-legg-grunnlaget", "03-formidle-smart"])
def test_an_exercise_state_of_any_shape_is_graded_without_a_crash(tmp_path: Path, module: str) -> None:
    folder = copy_module(module, tmp_path)
    content = grade_folder(folder, module).content
    exercises = [b.id for b in content.blocks if b.kind == "classify"]
    assert exercises, module

    @SETTINGS
    @given(state=st.dictionaries(st.sampled_from(["placements", "first_check", "order", "checked", "x"]), VALUE,
                                 max_size=4) | VALUE)
    def check(state: Any) -> None:
        from mangfold.progress.model import ModuleProgress

        document = ModuleProgress(module=module).sealed()
        document["exercises"] = {exercises[0]: {"state": state, "updated": "2026-12-02T00:00:00+00:00"}}
        with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate has no checksum; the reader refuses it
            document["checksum"] = checksum_of(document)
        (folder / PROGRESS_FILENAME).write_bytes(encode(document))
        result = grade_folder(folder, module)
        assert result.trusted or result.problem

    check()


# -- the upload ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def upload_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Module 1 done and module 2 as released, as a learner's course folder on a hub or Binder."""
    root = tmp_path_factory.mktemp("upload")
    complete_module(copy_module(MODULE_1, root))
    copy_module(MODULE_IDS[1], root)
    return root


@st.composite
def hostile_uploads(draw: st.DrawFn, document: dict) -> bytes:
    """A single hostile file, or a bundle holding one hostile copy (or random modules)."""
    kind = draw(st.sampled_from(["file", "bundle", "modules"]))
    if kind == "file":
        return draw(hostile(document))
    if kind == "modules":
        return encode({"format": BUNDLE_FORMAT, "version": draw(st.sampled_from([BUNDLE_VERSION, 2, "1"])),
                       "modules": draw(VALUE)})
    copy_raw = draw(hostile(document))
    try:
        copy_value = json.loads(copy_raw)
    except (ValueError, RecursionError):  # not JSON, or too deep for Python's own parser: send it as text
        copy_value = copy_raw.decode("latin-1")
    module = draw(st.sampled_from([MODULE_1, MODULE_IDS[1], "../../etc", "\ud800"]))
    return encode({"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "modules": {module: copy_value}})


@SETTINGS
@given(data=st.data())
def test_the_upload_restores_or_says_why_and_a_refusal_writes_nothing(finished: dict, upload_course: Path,
                                                                       data) -> None:
    raw = data.draw(hostile_uploads(finished))
    before = tree_hashes(upload_course)
    results = restore_bundle(upload_course, raw, list(MODULE_IDS[:2]))
    assert results
    for result in results:
        assert result.outcome in {"merged", "same", "rejected", "empty"}
        if result.outcome == "rejected":
            assert f"reject_{result.code}" in STRINGS["nb"] and f"reject_{result.code}" in STRINGS["en"], result
    if all(r.outcome in {"rejected", "empty", "same"} for r in results):
        assert tree_hashes(upload_course) == before
    home = open_home(upload_course, "nb")
    home.receive_upload(raw)  # the page's own handler: a message for every result, never an exception
    assert home.upload_result.value.count("<li>") == len(results)


# -- the research reader -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def research_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("research") / "kurs"
    shutil.copytree(REPO_ROOT / "source" / MODULE_1, course / "source" / MODULE_1)
    (course / "autograded" / "learner" / MODULE_1).mkdir(parents=True)
    return course


@SETTINGS
@given(data=st.data())
def test_the_research_reader_keeps_trusted_files_and_counts_the_rest(finished: dict, research_course: Path,
                                                                     data) -> None:
    raw = data.draw(hostile(finished))
    (research_course / "autograded" / "learner" / MODULE_1 / PROGRESS_FILENAME).write_bytes(raw)
    files = read_course(CohortConfig(research_course, "kull", "sqlite://"))
    [learner] = files.learners
    assert (MODULE_1 in learner.modules) + files.untrusted_files == 1


WRONG_VALUES: tuple[Any, ...] = ([["list"]], {"a": {"b": 1}}, 10**400, -1.5, None, True, "\ud800", "x" * 300)


def test_every_key_of_a_real_file_with_every_wrong_type_is_graded_without_a_crash(finished: dict,
                                                                                  graded_folder: Path) -> None:
    """Not sampled: each key and index of the finished file, each replaced by each kind of wrong value
    (and deleted), the checksum recomputed. Each is trusted or refused with a reason, never a crash."""
    outcomes = {"trusted": 0, "refused": 0}
    for path in paths_in(finished):
        for value in WRONG_VALUES:
            for delete in (False, True) if value is None else (False,):
                raw = encode(replaced(finished, path, value, delete))
                with contextlib.suppress(ProgressFileError):
                    parse_progress(raw, graded_folder / PROGRESS_FILENAME, MODULE_1)
                (graded_folder / PROGRESS_FILENAME).write_bytes(raw)
                result = grade_folder(graded_folder, MODULE_1)
                assert result.trusted or (result.points == 0 and result.problem), (path, value)
                outcomes["trusted" if result.trusted else "refused"] += 1
    assert outcomes["refused"] > outcomes["trusted"] > 0, outcomes  # both happen: the walk reached the replay


# -- the learner's post ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def with_post(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real summary progress document: one commitment of the action plan and a full post."""
    folder = tmp_path_factory.mktemp("post")
    store = ProgressStore(folder, SUMMARY_MODULE)
    store.save_reflection("tiltak-1", "Skrive jobbanalysen før annonsen")
    store.save_post(PostRecord(title="Rådgiver", unit="Seksjon for tilskudd",
                               tasks=["vurdere søknader", "skrive vedtak"], lacks="Erfaring fra en frivillig forening",
                               requirements=[PostRequirementRecord(text="bachelorgrad", kind="knowledge", must=True),
                                             PostRequirementRecord(text="saksbehandling", kind="experience",
                                                                   must=False)], updated=""))
    return json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))


@SETTINGS
@given(data=st.data())
def test_a_hostile_post_is_the_learners_post_no_post_or_refused_and_never_a_crash(with_post: dict, tmp_path: Path,
                                                                                 data) -> None:
    raw = data.draw(hostile(with_post))
    folder = tmp_path / "kurs" / SUMMARY_MODULE
    shutil.rmtree(folder.parent, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / PROGRESS_FILENAME).write_bytes(raw)
    judged = judge_folder(folder, SUMMARY_MODULE)
    post = learner_post(folder)
    if judged.trusted is None or judged.trusted.post is None:
        assert post is None  # no prefill here: an untrusted file is no post, never a half-read one
    if post is not None:
        job_analysis_docx(CourseSummary("nb", (), post=post))  # whatever is trusted makes a document
    fresh = tmp_path / "fresh" / SUMMARY_MODULE
    shutil.rmtree(fresh.parent, ignore_errors=True)
    fresh.mkdir(parents=True)
    restored = restore_copy(fresh, SUMMARY_MODULE, raw.decode("utf-8", "replace"), "browser")
    assert restored.outcome in {"merged", "same", "rejected"}
    if restored.outcome == "rejected":
        assert not (fresh / PROGRESS_FILENAME).exists()  # a refused copy writes nothing


def test_every_key_of_a_real_post_with_every_wrong_type_is_read_without_a_crash(with_post: dict,
                                                                                tmp_path: Path) -> None:
    """Not sampled: each key and index of the summary file with a post, each replaced by each kind of wrong
    value (and deleted), the checksum recomputed: the post is kept, dropped with the file, or never there."""
    folder = tmp_path / SUMMARY_MODULE
    folder.mkdir()
    outcomes = {"post": 0, "no post": 0}
    for path in paths_in(with_post):
        for value in WRONG_VALUES:
            for delete in (False, True) if value is None else (False,):
                (folder / PROGRESS_FILENAME).write_bytes(encode(replaced(with_post, path, value, delete)))
                post = learner_post(folder)
                if post is not None:
                    job_analysis_docx(CourseSummary("en", (), post=post))
                outcomes["post" if post is not None else "no post"] += 1
    assert outcomes["no post"] > outcomes["post"] > 0, outcomes  # both happen: the walk reached the schema
