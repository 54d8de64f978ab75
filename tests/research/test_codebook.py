"""The codebook (``research/codebook.yaml``) describes every table and column of the export, and nothing
else: a column added in ``tables.py`` without a description, or a description left for a column that is
gone, stops the export with the file and the name rather than writing an empty or stale codebook.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mangfold.content.errors import ContentError
from mangfold.research.package import Summary, descriptor
from mangfold.research.tables import CODEBOOK_FILE, TABLES, codebook, read_codebook


def test_every_table_and_column_is_described() -> None:
    book = codebook()
    assert set(book.tables) == {table.name for table in TABLES}
    assert set(book.columns) == {column.name for table in TABLES for column in table.columns}
    assert all(column.description for table in TABLES for column in table.columns)


def edited(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(CODEBOOK_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_column_without_a_description_is_named(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda data: data["columns"].pop("first_pass"))
    with pytest.raises(ContentError, match="'first_pass' is not described"):
        read_codebook(path)


def test_a_description_of_no_column_is_named(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda data: data["columns"].update(birth_year="The learner's year of birth."))
    with pytest.raises(ContentError, match="'birth_year' is no column of the export"):
        read_codebook(path)


def test_a_table_without_a_title_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda data: data["tables"]["choices"].pop("title"))
    with pytest.raises(ContentError, match="title"):
        read_codebook(path)


def test_the_descriptor_takes_its_words_from_the_codebook() -> None:
    summary = Summary(course_id="kurs-2026", week="2026-W07", scrubber_version="1.1", k=5, learners_found=9,
                      learners_consenting=7, learners_generalised=2, learners_suppressed=1, untrusted_files=0)
    described = descriptor(summary)
    assert described["title"] == "Mangfoldsrekruttering: choices and reflections of consenting learners (kurs-2026)"
    assert described["description"] == codebook().package.description
    fields = {f["name"]: f["description"] for resource in described["resources"] for f in resource["schema"]["fields"]}
    assert fields == codebook().columns
