"""The `mangfold` command: check reports every content problem with its place and fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mangfold.authoring.release import SKIPPED
from mangfold.cli import main
from mangfold.course import COURSE_VARIABLE
from tests.conftest import FILES, MODULE_1, REPO_ROOT


def make_course(tmp_path: Path) -> Path:
    shutil.copytree(FILES / "content" / "01-verdien-av-mangfold", tmp_path / "source" / "01-verdien-av-mangfold")
    return tmp_path


def test_check_passes_on_the_real_course(capsys) -> None:
    assert main(["--root", str(REPO_ROOT), "check"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_check_fails_naming_file_place_and_line(tmp_path: Path, capsys) -> None:
    course = make_course(tmp_path)
    path = course / "source" / "01-verdien-av-mangfold" / "content.en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("next: videre", "next: borte"), encoding="utf-8")
    assert main(["--root", str(course), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "blocks[1].situations.start.choices[0].next" in err and "'borte'" in err
    assert "mangfold check: " in err and "problem(s)" in err


def test_check_refuses_a_progress_file_in_source(tmp_path: Path, capsys) -> None:
    course = make_course(tmp_path)
    (course / "source" / "01-verdien-av-mangfold" / "mangfold-progress.json").write_text("{}", encoding="utf-8")
    assert main(["--root", str(course), "check"]) == 1
    assert "would overwrite every learner's at autograde" in capsys.readouterr().err


def test_build_writes_the_source_notebook(tmp_path: Path, capsys) -> None:
    course = make_course(tmp_path)
    assert main(["--root", str(course), "build"]) == 0
    assert (course / "source" / "01-verdien-av-mangfold" / "01-verdien-av-mangfold.ipynb").exists()


def test_voila_json_matches_the_served_configuration() -> None:
    """Binder and JupyterHub read voila.json; `mangfold serve` uses the package's settings: one truth."""
    import json

    from mangfold.serving import voila_config_file

    saved = json.loads((REPO_ROOT / "voila.json").read_text(encoding="utf-8"))
    assert saved == voila_config_file()


def test_only_the_learners_folders_are_renderable() -> None:
    from mangfold.serving import renderable

    assert renderable("/voila/render/release/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb")
    assert renderable("/voila/render/notebooks/home.ipynb")
    for refused in ("/voila/render/source/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb",
                    "/voila/render/release/../source/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb",
                    "/voila/render/release/%2e%2e/source/x.ipynb", "/voila/render/tests/files/x.ipynb",
                    "/voila/render/notebooks/research.ipynb"):  # the researchers' notebook is not the learners'
        assert not renderable(refused), refused


def test_the_dashboard_server_renders_only_the_dashboard() -> None:
    """`mangfold cohort dashboard` serves a course directory: its sources and submissions never render."""
    from mangfold.serving import renderable

    only = ("dashboard.ipynb",)
    assert renderable("/voila/render/dashboard.ipynb", only)
    for refused in ("/voila/render/dashboard.ipynbx", "/voila/render/submitted/anne/01/01.ipynb",
                    "/voila/render/source/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb",
                    "/voila/render/x/../dashboard.ipynb", "/voila/render/release/01/01.ipynb"):
        assert not renderable(refused, only), refused


# -- finding the course -----------------------------------------------------------------------------
@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """As installed without a course: no MANGFOLD_COURSE, not imported from a checkout, nothing packaged."""
    import mangfold.course

    monkeypatch.delenv(COURSE_VARIABLE, raising=False)
    monkeypatch.setattr(mangfold.course, "checkout_root", lambda: None)
    monkeypatch.setattr(mangfold.course, "packaged_root", lambda: None)


def test_check_without_a_course_fails_saying_where_it_looked(nowhere, capsys) -> None:
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "Fant ikke kurset" in err and "The course was not found" in err
    assert COURSE_VARIABLE in err and "--course" in err and "(package)" in err and "(checkout)" in err


def test_serve_without_a_course_fails_before_serving(nowhere, monkeypatch, capsys) -> None:
    import mangfold.serving

    served = []
    monkeypatch.setattr(mangfold.serving, "serve", lambda *args, **kwargs: served.append(args))
    assert main(["serve", "--port", "1"]) == 2
    assert not served and "The course was not found" in capsys.readouterr().err


def test_a_named_folder_that_is_no_course_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    assert main(["--course", str(tmp_path), "check"]) == 2
    assert f"--course: {tmp_path} is not a course folder" in capsys.readouterr().err
    monkeypatch.setenv(COURSE_VARIABLE, str(tmp_path))
    assert main(["check"]) == 2
    assert f"{COURSE_VARIABLE}: {tmp_path} is not a course folder" in capsys.readouterr().err


def test_check_with_no_modules_is_an_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "release").mkdir()
    assert main(["--course", str(tmp_path), "check"]) == 1
    assert "no modules found" in capsys.readouterr().err


def test_the_course_variable_names_the_course(tmp_path: Path, monkeypatch, capsys) -> None:
    course = make_course(tmp_path)
    monkeypatch.setenv(COURSE_VARIABLE, str(course))
    assert main(["check"]) == 0
    assert f"1 module(s), nb, nn, en, all valid ({course})" in capsys.readouterr().out


def test_the_checkout_is_found_from_any_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv(COURSE_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert f"5 module(s), nb, nn, en, all valid ({REPO_ROOT})" in capsys.readouterr().out


def test_release_refuses_the_installed_package_s_course(tmp_path: Path, monkeypatch, capsys) -> None:
    import mangfold.course

    packaged = make_course(tmp_path)
    monkeypatch.delenv(COURSE_VARIABLE, raising=False)
    monkeypatch.setattr(mangfold.course, "checkout_root", lambda: None)
    monkeypatch.setattr(mangfold.course, "packaged_root", lambda: packaged)
    for command in ("release", "build"):
        assert main([command]) == 2
        err = capsys.readouterr().err
        assert f"mangfold {command} rewrites the course's files and works only in a checkout" in err
    assert not (packaged / "source" / MODULE_1 / f"{MODULE_1}.ipynb").exists()


def test_serve_from_the_package_uses_the_learner_s_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    """The installed package's course is copied to a folder of the learner's own, and that is served."""
    import mangfold.course
    import mangfold.serving

    packaged = tmp_path / "site-packages" / "mangfold" / "course"
    for folder in ("release", "notebooks"):
        shutil.copytree(REPO_ROOT / folder, packaged / folder, ignore=shutil.ignore_patterns(*SKIPPED))
    (packaged / "source").mkdir()
    monkeypatch.delenv(COURSE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(mangfold.course, "checkout_root", lambda: None)
    monkeypatch.setattr(mangfold.course, "packaged_root", lambda: packaged)
    served = []
    monkeypatch.setattr(mangfold.serving, "serve", lambda root, port, ip: served.append((root, port, ip)))
    assert main(["serve", "--port", "8999"]) == 0
    folder = tmp_path / "data" / "mangfoldsrekruttering" / "kurs"
    assert served == [(folder, 8999, "127.0.0.1")]
    assert (folder / "release" / MODULE_1 / f"{MODULE_1}.ipynb").is_file()
    assert f"your progress is saved in: {folder / 'release'}" in capsys.readouterr().out
    assert main(["serve", "--port", "8999", "--folder", str(tmp_path / "mine")]) == 0
    assert served[-1][0] == tmp_path / "mine" and (tmp_path / "mine" / "notebooks" / "home.ipynb").is_file()


def test_version(capsys) -> None:
    from mangfold import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"mangfold {__version__}"


def test_research_without_its_extra_names_it(tmp_path: Path) -> None:
    """Faker (the scrubber's name lists) is the research extra's; without it the export says so.

    Run in a process of its own, where Faker cannot be imported (as on an install without the extra).
    """
    import subprocess
    import sys

    script = ("import sys; sys.modules['faker'] = None\n"
              "from mangfold.cli import main\n"
              f"sys.exit(main(['research', 'export', {str(tmp_path)!r}, '--key-file', {str(tmp_path / 'key')!r}, "
              f"'--out', {str(tmp_path / 'out')!r}]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "pip install 'mangfoldsrekruttering[research]'" in done.stderr and "'faker'" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()
