"""The documents' prose (``06-oppsummering/documents.<language>.yaml``): shipped valid, refused with a place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mangfold.content.documents import documents_path, load_documents, validate_documents
from mangfold.content.errors import ContentError
from mangfold.content.schema import LANGUAGES
from tests.conftest import REPO_ROOT

SUMMARY_FOLDER = "06-oppsummering"


@pytest.mark.parametrize("tree", ["source", "release"])
def test_the_course_ships_every_language_valid_and_alike(tree: str) -> None:
    folder = REPO_ROOT / tree / SUMMARY_FOLDER
    # source/ has every language; release/ is nbgrader's copy of it, made before or after nynorsk came
    shipped = [language for language in LANGUAGES if documents_path(folder, language).is_file()]
    assert validate_documents(folder, shipped) == []
    assert tree == "release" or shipped == list(LANGUAGES)
    for language in shipped:  # release/ is nbgrader's copy of source/: the same bytes
        assert documents_path(folder, language).read_bytes() == documents_path(
            REPO_ROOT / "source" / SUMMARY_FOLDER, language).read_bytes()
    headings = {language: load_documents(folder, language).interview_guide.ban.heading for language in shipped}
    assert headings["nb"] == "Dette kan dere ikke spørre om"
    assert headings.get("nn", "Dette kan de ikkje spørje om") == "Dette kan de ikkje spørje om"
    assert headings["en"] == "What you may not ask"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the summary folder's documents files, to break."""
    for language in LANGUAGES:
        shutil.copy(documents_path(REPO_ROOT / "source" / SUMMARY_FOLDER, language), tmp_path)
    return tmp_path


def _edit(folder: Path, language: str, change) -> None:
    path = documents_path(folder, language)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_missing_text_is_refused_with_its_place_and_line(folder: Path) -> None:
    _edit(folder, "en", lambda data: data["interview_guide"]["ban"].pop("lead"))
    with pytest.raises(ContentError) as raised:
        load_documents(folder, "en")
    [problem] = raised.value.problems
    assert problem.file.name == "documents.en.yaml" and problem.line
    assert "interview_guide.ban.lead: required key is missing" in str(problem)


def test_a_text_without_the_fields_the_documents_fill_in_is_refused(folder: Path) -> None:
    _edit(folder, "nb", lambda data: data["interview_guide"]["requirement"].update(heading="Krav {nummer}"))
    problems = validate_documents(folder)
    assert [p.location for p in problems] == [("interview_guide", "requirement", "heading")]
    assert "{number}, {text}" in problems[0].message


def test_a_point_missing_in_one_language_is_named(folder: Path) -> None:
    _edit(folder, "en", lambda data: data["interview_guide"]["ban"]["grounds"].pop())
    problems = validate_documents(folder)
    assert [(p.file.name, p.location) for p in problems] == [("documents.en.yaml", ("interview_guide", "ban",
                                                                                    "grounds"))]
    assert "4 items here, 5 in documents.nb.yaml" in problems[0].message


@pytest.mark.parametrize("language", ["nn", "en"])
def test_a_missing_file_is_named(folder: Path, language: str) -> None:
    documents_path(folder, language).unlink()
    assert [p.file.name for p in validate_documents(folder)] == [f"documents.{language}.yaml"]
    with pytest.raises(ContentError, match="missing"):
        load_documents(folder, language)
