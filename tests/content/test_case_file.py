"""The case file (``06-oppsummering/case.yaml``): shipped valid, and refused with the place when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mangfold.cli import main
from mangfold.content.case import CASE_FILE, case_path, load_case, validate_case
from mangfold.content.errors import ContentError
from mangfold.content.schema import LANGUAGES
from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "source" / "06-oppsummering"


@pytest.mark.parametrize("tree", ["source", "release"])
def test_the_course_ships_the_case_valid(tree: str) -> None:
    folder = REPO_ROOT / tree / "06-oppsummering"
    assert validate_case(folder, LANGUAGES if tree == "source" else ("nb", "en")) == []
    assert case_path(folder).read_bytes() == case_path(SOURCE).read_bytes()  # release/ is nbgrader's copy
    case = load_case(folder)
    assert case.learner.name == "Kjersti Nygård" and case.employer.name == "Tilskuddsdirektoratet"
    assert case.weights == {"R2": 30, "R3": 30, "R4": 25, "R5": 15}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(case_path(SOURCE), tmp_path)
    return tmp_path


def _edit(folder: Path, change) -> None:
    path = folder / CASE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _messages(folder: Path) -> list[str]:
    return [str(problem) for problem in validate_case(folder)]


@pytest.mark.parametrize(("change", "place", "message"), [
    (lambda d: d["glossary"][3]["definition"].pop("en"), "glossary[3].definition.en", "required key is missing"),
    (lambda d: d["people"][0].update(title="x"), "people[0].title", "unknown key"),
    (lambda d: d["people"][2].update(name="Kjersti Haga"), "people[2].name", "shares the first name"),
    (lambda d: d["people"][3].update(name="Sana Haga"), "people[3].name", "shares the surname"),
    (lambda d: d["people"][4].update(name="Silje Tangen"), "people[4].name", "reuses Silje"),
    (lambda d: d["people"][4].update(name="arvid"), "people[4].name", "String should match pattern"),
    (lambda d: d["people"][1].update(learner=True), "people", "exactly one person the learner plays"),
    (lambda d: d["requirements"][4].update(weight=20), "requirements", "add up to 105 %"),
    (lambda d: d["scores"][0].update(weighted=4.25), "scores[0].weighted", "4.25 is not the weighted sum"),
    (lambda d: d["scores"][0].update(name="Øystein Haga"), "scores[0].name", "not an applicant"),
    (lambda d: d["glossary"][5]["avoid"].append("jobbanalyse") if "avoid" in d["glossary"][5]
     else d["glossary"][5].update(avoid=["jobbanalyse"]), "glossary[5].avoid[", "is a glossary term itself"),
    (lambda d: d["laws"].append(dict(d["laws"][0])), "laws[10].nb", "appears twice"),
    (lambda d: d["glossary"][7]["term"].update(nn=d["glossary"][6]["term"]["nn"]), "glossary[7].term.nn",
     "appears twice"),
])
def test_a_broken_case_file_is_refused_with_its_place(folder: Path, change, place: str, message: str) -> None:
    _edit(folder, change)
    problems = _messages(folder)
    assert any(place in p and message in p and str(folder / CASE_FILE) in p for p in problems), problems
    with pytest.raises(ContentError):
        load_case(folder)


def test_every_text_has_its_nynorsk_in_the_authors_tree(folder: Path) -> None:
    _edit(folder, lambda d: (d["glossary"][3]["definition"].pop("nn"), d["laws"][2].pop("nn")))
    problems = _messages(folder)
    assert [p.split(": ")[1] for p in problems] == ["glossary[3].definition.nn", "laws[2].nn"]
    assert all("the text in nn is missing" in p for p in problems)


def test_a_case_file_from_before_nynorsk_still_loads_and_shows_bokmal(folder: Path) -> None:
    """A release or a learner's course laid out before issue 20 has no nn: it loads, and nynorsk reads bokmål."""
    def drop_nynorsk(data: dict) -> None:
        for text in (data["side_case"]["marker"], *(p["role"] for p in data["people"]), *data["laws"],
                     *(t[key] for t in data["glossary"] for key in ("term", "definition"))):
            text.pop("nn")

    _edit(folder, drop_nynorsk)
    case = load_case(folder)
    texts = 1 + len(case.people) + len(case.laws) + 2 * len(case.glossary)
    assert validate_case(folder, required=("nb", "en")) == [] and len(validate_case(folder)) == texts
    assert case.glossary[0].term.in_language("nn") == "mangfoldsrekruttering"
    assert load_case(SOURCE).glossary[0].term.in_language("nn") == "mangfaldsrekruttering"


def test_a_yaml_error_names_the_line(folder: Path) -> None:
    path = folder / CASE_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = "employer: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert any(f"{path}:" in p and "invalid YAML" in p for p in _messages(folder))


def test_a_missing_case_file_is_a_problem(tmp_path: Path) -> None:
    assert [p.message for p in validate_case(tmp_path)] == ["the course case file is missing"]


def test_mangfold_check_reports_the_case_file(tmp_path: Path, capsys) -> None:
    course = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "tests" / "files" / "content", course / "source")
    shutil.copytree(SOURCE, course / "source" / "06-oppsummering", ignore=shutil.ignore_patterns("kurs", "*.ipynb"))
    _edit(course / "source" / "06-oppsummering", lambda d: d["requirements"][1].update(weight=35))
    assert main(["--course", str(course), "check"]) == 1
    err = capsys.readouterr().err
    assert "case.yaml" in err and "add up to 105 %" in err
