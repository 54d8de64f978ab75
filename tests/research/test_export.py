"""`mangfold research export` end to end on a demo cohort: consent, pseudonyms, scrubbing, k-anonymity, package.

The cohort is built once (``research_cohort.prepare``); the exports under the two keys are made once
too, and each test reads the files. Every leak test greps *every* file of the package, Parquet
included (its raw bytes and its decoded values), because a researcher receives all of them.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mangfold.cli import main
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.demo import START
from mangfold.research.anonymity import iso_week
from mangfold.research.pseudonym import pseudonym
from mangfold.research.scrub import MARKERS, SCRUBBER_VERSION
from mangfold.research.tables import TABLES
from tests.research.research_cohort import LONELY_SHIFT, POST_MARKER, Prepared, prepare

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]
FILES = {f"{t.name}.{ext}" for t in TABLES for ext in ("csv", "parquet")} | {"datapackage.json", "README.md"}


def run(*argv: str | Path, expect: int = 0) -> None:
    assert main(["research", *(str(a) for a in argv)]) == expect


def export(prepared: Prepared, out: Path, key: Path | None = None, expect: int = 0) -> Path:
    run("export", prepared.course, "--key-file", key or prepared.key, "--out", out, "--organisations",
        prepared.organisations, expect=expect)
    return out


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return prepare(tmp_path_factory.mktemp("research"))


@pytest.fixture(scope="module")
def package(prepared: Prepared) -> Path:
    return export(prepared, prepared.course.parent / "export-a")


def texts(folder: Path) -> dict[str, str]:
    """Each file's content as text; a Parquet file as its raw bytes plus every decoded value and its metadata."""
    found = {}
    for path in sorted(folder.rglob("*")):
        raw = path.read_bytes()
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            found[path.name] = "\n".join([raw.decode("latin-1"), json.dumps(table.to_pylist(), ensure_ascii=False),
                                          str(table.schema.metadata), str(pq.read_metadata(path))])
        else:
            found[path.name] = raw.decode("utf-8")
    return found


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def course_id(prepared: Prepared) -> str:
    return load_cohort_config(prepared.course).course_id


def names_under(prepared: Prepared, key: Path, learners: list[str]) -> set[str]:
    return {pseudonym(key.read_bytes(), course_id(prepared), learner) for learner in learners}


def test_the_package_has_every_file_and_nothing_else(package: Path) -> None:
    assert {p.name for p in package.iterdir()} == FILES
    assert not [p for p in package.parent.iterdir() if p.name.startswith(".export-a")], "no staging folder left"


def test_only_consenting_learners_are_exported(prepared: Prepared, package: Path) -> None:
    exported = {row["pseudonym"] for row in rows(package, "learners")}
    assert exported <= names_under(prepared, prepared.key, prepared.consenting)
    assert not exported & names_under(prepared, prepared.key, prepared.refused)
    for table in ("choices", "check_answers", "reflections"):
        assert {row["pseudonym"] for row in rows(package, table)} <= exported
    report = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["mangfold"]
    assert report["learners_consenting"] == len(prepared.consenting)
    assert report["learners_exported"] == len(exported) == len(prepared.consenting) - report["learners_suppressed"]
    assert report["untrusted_files_skipped"] >= 1, "the forged consent and the demo's edited file are skipped"


def test_pseudonyms_are_stable_under_one_key_and_differ_under_another(prepared: Prepared, package: Path) -> None:
    again = export(prepared, prepared.course.parent / "export-a-again")
    other = export(prepared, prepared.course.parent / "export-b", key=prepared.other_key)
    first = [row["pseudonym"] for row in rows(package, "learners")]
    assert first == [row["pseudonym"] for row in rows(again, "learners")]
    for table in TABLES:
        assert (package / f"{table.name}.csv").read_bytes() == (again / f"{table.name}.csv").read_bytes()
    second = {row["pseudonym"] for row in rows(other, "learners")}
    assert len(second) == len(first) and not second & set(first)
    assert all(re.fullmatch(r"[0-9a-f]{16}", name) for name in first)


def test_the_key_is_in_no_output_file(prepared: Prepared, package: Path) -> None:
    key = prepared.key.read_bytes()
    forms = [key.hex(), key.hex().upper(), base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode(),
             base64.b32encode(key).decode()]
    for path in package.iterdir():
        assert key not in path.read_bytes(), path.name
    for name, text in texts(package).items():
        for form in forms:
            assert form not in text and form.rstrip("=") not in text, name


def test_no_learner_id_or_roster_name_is_in_any_output_file(prepared: Prepared, package: Path) -> None:
    everything = texts(package)
    for name, text in everything.items():
        lowered = text.lower()
        for student in prepared.students:
            assert student.id.lower() not in lowered, (name, student.id)
            assert f"{student.first_name} {student.last_name}".lower() not in lowered, (name, student.id)
            if student.email:
                assert student.email.lower() not in lowered, (name, student.id)
            for part in (*student.first_name.split(), *student.last_name.split()):
                assert not re.search(rf"(?<![^\W\d_]){re.escape(part)}(?![^\W\d_])", text), (name, part)


def test_no_planted_identifier_survives(prepared: Prepared, package: Path) -> None:
    assert prepared.planted, "identifiers were planted"
    planted = [*prepared.planted_identifiers, "99887766", "41234567"]
    for name, text in texts(package).items():
        squeezed = text.replace(" ", "")
        for identifier in planted:
            assert identifier not in text, (name, identifier)
            assert identifier.replace(" ", "") not in squeezed, (name, identifier)
    scrubbed = [row for row in rows(package, "reflections") if "‹FØDSELSNUMMER›" in row["text"]]
    exported_planters = names_under(prepared, prepared.key, list(prepared.planted)) & {
        row["pseudonym"] for row in rows(package, "learners")}
    assert {row["pseudonym"] for row in scrubbed} == exported_planters
    for row in scrubbed:
        assert int(row["scrubbed_count"]) >= 6
        for marker in ("‹NAVN›", "‹TELEFON›", "‹EPOST›", "‹ORGANISASJON›"):
            assert marker in row["text"]


def test_the_learners_own_post_is_in_no_output_file(prepared: Prepared, package: Path) -> None:
    """The post a learner will fill (the summary page) describes their workplace: personal data, never exported."""
    posted = [learner for learner in prepared.consenting
              if POST_MARKER in (prepared.course / "autograded" / learner / "06-oppsummering" /
                                 "mangfold-progress.json").read_text(encoding="utf-8")]
    assert posted == prepared.consenting
    for name, text in texts(package).items():
        assert POST_MARKER.lower() not in text.lower(), name


def test_no_raw_timestamp_is_in_any_output_file(package: Path) -> None:
    for name, text in texts(package).items():
        assert not re.search(r"\d{4}-\d\d-\d\d", text), name


def modules_answered(package: Path) -> dict[str, tuple[str, ...]]:
    """Which modules each pseudonym has rows for in the other tables: what any reader of them can see."""
    seen: dict[str, set[str]] = {}
    for table in ("choices", "check_answers", "reflections"):
        for row in rows(package, table):
            seen.setdefault(row["pseudonym"], set()).add(row["module"])
    return {name: tuple(sorted(modules)) for name, modules in seen.items()}


def test_small_groups_are_coarsened_or_suppressed(prepared: Prepared, package: Path) -> None:
    learners = rows(package, "learners")
    answered = modules_answered(package)
    classes = Counter((r["language"], r["week_first_activity"], r["week_last_activity"], r["modules_done"],
                       answered.get(r["pseudonym"], ())) for r in learners)
    report = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["mangfold"]
    assert min(classes.values()) == report["k"] >= 5
    assert report["quasi_identifiers"] == ["language", "week_first_activity", "week_last_activity", "modules_done",
                                           "modules_answered"]
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert f"k = {report['k']}" in readme
    assert all(f"`{name}`" in readme for name in report["quasi_identifiers"])
    lonely = names_under(prepared, prepared.key, prepared.lonely)
    for row in learners:
        if row["pseudonym"] in lonely:
            assert row["week_first_activity"] == row["week_last_activity"] == ""
    assert report["learners_generalised"] >= len(prepared.lonely) and report["learners_suppressed"] >= 1
    assert names_under(prepared, prepared.key, [prepared.alone]).isdisjoint(r["pseudonym"] for r in learners)
    assert report["learners_exported"] == len(learners) == len(prepared.consenting) - report["learners_suppressed"]
    lonely_week = iso_week((START + LONELY_SHIFT).isoformat())
    for name, text in texts(package).items():
        assert lonely_week not in text, name


def test_the_data_package_validates(package: Path) -> None:
    from frictionless import validate

    report = validate(package / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert all(field["description"].strip() for field in resource["schema"]["fields"])
    cli = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or "frictionless"
    done = subprocess.run([cli, "validate", "datapackage.json"], cwd=package, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr


def test_parquet_and_csv_hold_the_same_rows(package: Path) -> None:
    for table in TABLES:
        parquet = pq.read_table(package / f"{table.name}.parquet").to_pylist()
        assert [str(row["pseudonym"]) for row in parquet] == [row["pseudonym"] for row in rows(package, table.name)]
        assert pq.read_table(package / f"{table.name}.parquet").column_names == table.names


def test_the_readme_names_the_scrubber_and_its_counts(package: Path) -> None:
    readme = (package / "README.md").read_text(encoding="utf-8")
    report = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["mangfold"]
    assert f"version {SCRUBBER_VERSION}" in readme and report["scrubber_version"] == SCRUBBER_VERSION
    for kind, count in report["scrubbed"].items():
        assert f"| {MARKERS[kind]} | {count} |" in readme
    assert report["scrubbed"]["FØDSELSNUMMER"] >= 1 and report["scrubbed"]["NAVN"] >= 1
    assert "not** part of this data set" in readme


def test_a_folder_that_is_not_empty_is_refused(prepared: Prepared, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    export(prepared, out, expect=2)
    assert str(out) in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_filled(prepared: Prepared, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert {p.name for p in export(prepared, out).iterdir()} == FILES


def test_a_key_inside_the_output_folder_is_refused(prepared: Prepared, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run("keygen", out / "key")  # the folder is then not empty either, but the key is named first
    export(prepared, out, key=out / "key", expect=2)
    assert "inside the output folder" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["key"]


@pytest.mark.parametrize("problem", ["missing", "short", "readable"])
def test_an_unsafe_key_is_refused(prepared: Prepared, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  problem: str) -> None:
    key = tmp_path / "key"
    if problem != "missing":
        key.write_bytes(os.urandom(16 if problem == "short" else 32))
        key.chmod(0o600 if problem == "short" else 0o644)
    export(prepared, tmp_path / "out", key=key, expect=2)
    message = capsys.readouterr().err
    assert str(key) in message
    assert {"missing": "no such key file", "short": "16 bytes", "readable": "chmod 600"}[problem] in message
    assert not (tmp_path / "out").exists()


def test_fewer_than_five_consenting_learners_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mangfold.cohort.demo import make_demo_cohort
    from mangfold.progress.store import ProgressStore
    from mangfold.research.pseudonym import write_new_key
    from tests.research.research_cohort import trusted_modules

    course = tmp_path / "kurs"
    make_demo_cohort(course, learners=8, seed=2, consent=False)
    agreed = 0
    for folder in sorted((course / "autograded").iterdir()):
        modules = trusted_modules(folder)
        if modules and agreed < 4:
            ProgressStore(folder / modules[0], modules[0]).set_consent(True)
            agreed += 1
    assert agreed == 4
    key = write_new_key(tmp_path / "key")
    out = tmp_path / "out"
    run("export", course, "--key-file", key, "--out", out, expect=2)
    assert "at least 5" in capsys.readouterr().err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_nynorsk_learners_are_exported_in_their_language(tmp_path: Path) -> None:
    """A learner who took the course in nynorsk is «nn» in the data set, a value the package's schema allows."""
    from datetime import timedelta

    from mangfold.cohort.demo import make_demo_cohort
    from mangfold.progress.store import ProgressStore
    from mangfold.research.pseudonym import write_new_key
    from tests.research.research_cohort import shift_learner, trusted_modules

    course = tmp_path / "kurs"
    make_demo_cohort(course, learners=8, seed=2)
    nynorsk = 0
    for folder in sorted((course / "autograded").iterdir()):
        modules = trusted_modules(folder)
        for module in modules:  # the demo has its own answers to the question; here everyone says yes
            ProgressStore(folder / module, module).set_consent(True)
        if modules:
            shift_learner(folder, timedelta(0), language="nn")
            nynorsk += 1
    assert nynorsk >= 5
    out = tmp_path / "out"
    run("export", course, "--key-file", write_new_key(tmp_path / "key"), "--out", out)
    assert {row["language"] for row in rows(out, "learners")} == {"nn"}
    schema = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    [column] = [f for r in schema["resources"] if r["name"] == "learners" for f in r["schema"]["fields"]
                if f["name"] == "language"]
    assert column["constraints"]["enum"] == ["nb", "nn", "en"]


def test_the_demo_cohort_exports_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mangfold cohort demo` then `mangfold research export`, as the README's researcher section has them:
    the demo's own answers to the research question (yes, no, none, changed) decide who is exported."""
    from mangfold.cohort.config import load_cohort_config
    from mangfold.research.learners import read_course

    course = tmp_path / "demo-kull"
    assert main(["cohort", "demo", str(course), "--learners", "30"]) == 0
    learners = [learner for learner in read_course(load_cohort_config(course)).learners if learner.modules]
    answers = Counter("none" if all(p.consent is None for p in learner.modules.values()) else learner.consented
                      for learner in learners)
    assert answers[True] >= 10 and answers[False] >= 1 and answers["none"] >= 1, answers
    changed = [learner for learner in learners
               if len({p.consent.research for p in learner.modules.values() if p.consent}) > 1]
    assert changed, "someone changed their answer"
    run("keygen", tmp_path / "forskning.key")
    out = tmp_path / "forskningsdata"
    run("export", course, "--key-file", tmp_path / "forskning.key", "--out", out)
    report = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["mangfold"]
    assert report["learners_consenting"] == answers[True]
    assert report["learners_exported"] >= 5 and report["k"] >= 5
    assert f"{report['learners_exported']} exported of {answers[True]} consenting" in capsys.readouterr().out
