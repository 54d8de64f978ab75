"""The export's checks that need no cohort: the output folder, the organisations file, a missing pyarrow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mangfold.research.errors import ResearchError
from mangfold.research.export import check_out, export, read_organisations
from mangfold.research.pseudonym import write_new_key


def test_the_output_must_be_a_new_or_empty_folder(tmp_path: Path) -> None:
    assert check_out(tmp_path / "new") == (tmp_path / "new").resolve()
    (tmp_path / "empty").mkdir()
    assert check_out(tmp_path / "empty") == (tmp_path / "empty").resolve()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ResearchError, match="file: exists and is not an empty folder"):
        check_out(tmp_path / "file")
    with pytest.raises(ResearchError, match="no such folder"):
        check_out(tmp_path / "missing" / "out")


def test_organisations_are_one_a_line(tmp_path: Path) -> None:
    path = tmp_path / "orgs.txt"
    path.write_text("Oslo kommune\n\n  Helse Vest  \n", encoding="utf-8")
    assert read_organisations(path) == ["Oslo kommune", "Helse Vest"]
    assert read_organisations(None) == []
    with pytest.raises(ResearchError, match="cannot be read"):
        read_organisations(tmp_path / "missing.txt")


def test_without_pyarrow_the_export_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` raise ImportError
    key = write_new_key(tmp_path / "key")
    with pytest.raises(ResearchError, match=r"mangfoldsrekruttering\[research\]"):
        export(tmp_path / "kurs", key, tmp_path / "out")
    assert not (tmp_path / "out").exists()
