"""Names that try to leave their folder: module ids, learner ids, upload contents, output and key paths.

Every entry point that turns a name into a path refuses ``..``, absolute paths, ``%2e%2e``, NUL bytes,
backslashes and very long names with an error that says what was wrong, and writes nothing anywhere
(the tests compare every file under the test's folder, and the folder around it, before and after).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from mangfold import cli
from mangfold.cohort.commands import init_course, read_roster
from mangfold.cohort.config import CohortError, check_id
from mangfold.progress.sync import BUNDLE_FORMAT, BUNDLE_VERSION, restore_bundle
from mangfold.research.errors import ResearchError
from mangfold.research.export import export
from mangfold.serving import RENDERABLE, renderable
from mangfold.ui import open_module
from tests.conftest import MODULE_1, copy_module
from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

#: names that try to leave their folder, or to be something else than a plain name
BAD_NAMES = [
    "..",
    "../../etc",
    "../../../../../../etc/passwd",
    f"{MODULE_1}/../../x",
    "/etc/passwd",
    "/tmp",
    "%2e%2e",
    "%2e%2e%2fetc",
    "..%2f..%2fetc",
    "..\\..\\windows",
    "a\\b",
    "a/b",
    "x\x00y",
    f"{MODULE_1}\x00",
    ".hidden",
    "~root",
    "x" * 5000,
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (what "nothing was written" is checked against)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- learner and module ids in the cohort commands ----------------------------------------------------
@pytest.mark.parametrize("name", BAD_NAMES)
def test_ids_that_leave_their_folder_are_refused(name: str) -> None:
    with pytest.raises(CohortError, match="is not a usable id"):
        check_id(name, "id")


@pytest.mark.slow
def test_cohort_commands_refuse_such_modules_and_write_nothing(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "kurs" / "inne"
    init_course(course)
    before = snapshot(tmp_path)
    for command in ("release", "collect", "autograde", "feedback"):
        for name in ("../../etc", "/etc/passwd", "%2e%2e", "..\\x", f"{MODULE_1}/../../x", "x" * 5000):
            assert cli.main(["cohort", command, str(course), "--module", name]) == 2, (command, name)
            error = capsys.readouterr().err
            assert "unknown module" in error and "mangfold:" in error and "Traceback" not in error, error
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "kurs" / "etc").exists() and not (tmp_path / "etc").exists()


@pytest.mark.parametrize("name", [n for n in BAD_NAMES if "\x00" not in n])
def test_a_roster_with_such_an_id_is_refused_whole(tmp_path: Path, name: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"id,first_name\nkari,Kari\n\"{name}\",Ola\n", encoding="utf-8")
    with pytest.raises(CohortError, match=r"roster\.csv:3: id"):
        read_roster(roster)


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if set('<>"') & set(p)][:12])
def test_a_roster_name_with_markup_is_refused(tmp_path: Path, payload: str) -> None:
    """nbgrader's formgrader shows names unescaped (test_xss_browser shows what a roster may hold)."""
    roster = tmp_path / "roster.csv"
    quoted = payload.replace('"', '""')
    roster.write_text(f'id,first_name,last_name\nkari,Kari,"{quoted}"\n', encoding="utf-8")
    with pytest.raises(CohortError, match=r"roster\.csv:2: last_name .* holds <, > or \""):
        read_roster(roster)


# -- the progress upload ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", BAD_NAMES)
def test_an_uploaded_bundle_cannot_name_a_folder_outside_the_course(tmp_path: Path, name: str) -> None:
    root = tmp_path / "kurs" / "release"
    copy_module(MODULE_1, root)
    before = snapshot(tmp_path)
    document = {"module": MODULE_1, "format": "mangfold-progress", "reflections": {"r": {"text": "x"}}}
    bundle = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "modules": {name: document}}
    results = restore_bundle(root, json.dumps(bundle).encode("utf-8"), [MODULE_1])
    assert [(r.outcome, r.code) for r in results] == [("rejected", "unknown-module")]
    assert results[0].module == name[:60]  # shown to the learner (escaped), never longer than a line
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_single_progress_file_naming_another_module_is_refused(tmp_path: Path, name: str) -> None:
    root = tmp_path / "release"
    copy_module(MODULE_1, root)
    before = snapshot(tmp_path)
    document = {"format": "mangfold-progress", "module": name, "version": 2}
    results = restore_bundle(root, json.dumps(document).encode("utf-8"), [MODULE_1])
    assert [r.outcome for r in results] == ["rejected"]
    assert snapshot(tmp_path) == before


# -- opening a module page ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_module_page_with_such_an_id_is_refused(tmp_path: Path, name: str) -> None:
    folder = copy_module(MODULE_1, tmp_path / "release")
    before = snapshot(tmp_path)
    with pytest.raises(ValidationError, match="module"):
        open_module(name, folder, "nb")
    assert snapshot(tmp_path) == before


# -- what Voilà may render --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    f"/voila/render/release/{MODULE_1}/../../source/{MODULE_1}/{MODULE_1}.ipynb",
    f"/voila/render/release/{MODULE_1}/%2e%2e/%2e%2e/source/x.ipynb",
    "/voila/render/release/..%2fsource/x.ipynb",
    "/voila/render/release/%2E%2E/source/x.ipynb",
    "/voila/render/release/../notebooks/research.ipynb",
    "/voila/render//etc/passwd",
    "/voila/render/%2fetc%2fpasswd",
    "/voila/render/release\\..\\source\\x.ipynb",
    "/voila/render/release/./../source/x.ipynb",
    "/voila/render/notebooks/home.ipynb/../research.ipynb",
    "/voila/render/notebooks/home.ipynb%00.png",
    "/voila/render/source/x.ipynb",
    "/voila/render/releases/x.ipynb",
    "/voila/render/release",
    "/voila/render/" + "a/" * 2000 + "x.ipynb",
])
def test_voila_renders_nothing_outside_its_allowlist(path: str) -> None:
    assert not renderable(path), path
    assert not renderable(path, ("dashboard.ipynb",)), path


def test_voila_still_renders_the_course() -> None:
    assert renderable(f"/voila/render/release/{MODULE_1}/{MODULE_1}.ipynb")
    assert renderable("/voila/render/notebooks/home.ipynb")
    assert renderable("/voila/render/dashboard.ipynb", ("dashboard.ipynb",))
    assert not renderable("/voila/render/notebooks/home.ipynb", ("dashboard.ipynb",))
    assert RENDERABLE == ("release/", "notebooks/home.ipynb")


# -- the research export: --out and --key-file ------------------------------------------------------------
@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "nokkel" / "key"
    path.parent.mkdir()
    path.write_bytes(b"k" * 64)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("out", ["..", "../..", "/", "/etc", "%s/.."])
def test_the_research_export_never_writes_into_a_folder_that_holds_files(tmp_path: Path, key: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         out: str) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (tmp_path / "a" / "annet.txt").write_text("noe")
    monkeypatch.chdir(work)
    before = snapshot(tmp_path)
    # (a key below --out is named first: for "..", "/" the key is inside the output folder too)
    with pytest.raises(ResearchError, match=r"exists and is not an empty folder|the key is inside the output"):
        export(tmp_path / "kurs", key, out % str(work) if "%s" in out else out)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("key_file", ["/etc/passwd", "/etc", "../../../../../../etc/hostname", "%2e%2e/key"])
def test_the_research_export_refuses_a_key_that_is_not_a_private_key_file(tmp_path: Path, key_file: str,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(tmp_path)
    code = cli.main(["research", "export", str(tmp_path / "kurs"), "--key-file", key_file,
                     "--out", str(tmp_path / "ut")])
    error = capsys.readouterr().err
    assert code == 2 and error.startswith("mangfold: ") and "Traceback" not in error, error
    assert "root:" not in error  # the file's content is never echoed
    assert snapshot(tmp_path) == before and not (tmp_path / "ut").exists()


def test_the_research_export_refuses_a_key_inside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    inside = out / "nokkel"
    inside.write_bytes(b"k" * 64)
    inside.chmod(0o600)
    with pytest.raises(ResearchError, match="inside the output folder"):
        export(tmp_path / "kurs", out / ".." / "ut" / "nokkel", tmp_path / "x" / ".." / "ut")
