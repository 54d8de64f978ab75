"""The `mangfold` command: check reports every content problem with its place and fails."""

from __future__ import annotations

import shutil
from pathlib import Path

from mangfold.cli import main
from tests.conftest import FILES, REPO_ROOT


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
