"""The learner's post in the summary: their own saved post, else the trainer's prefill (``post.yaml``), checked
with file and line, and put into a cohort's course by ``mangfold cohort post``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from mangfold.cli import main
from mangfold.cohort.config import CONFIG_NAME, CohortConfig, config_text, default_db_url
from mangfold.progress import PROGRESS_FILENAME, ProgressStore
from mangfold.progress.model import PostRecord, PostRequirementRecord
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.summary.model import build_summary, learner_post
from mangfold.summary.post import LearnerPost, PostRequirement
from mangfold.summary.prefill import PREFILL_FILENAME, PrefillError, load_prefill, read_prefill
from tests.conftest import REPO_ROOT

PREFILL = """\
# the cohort's post (a trainer's comment is kept)
title: Rådgiver – tilskudd til frivillige organisasjoner
unit: Seksjon for frivillighetstilskudd
tasks:
  - vurdere søknader om tilskudd etter regelverket
  - skrive vedtak og begrunnelser
lacks: Ingen av oss har jobbet i en liten forening drevet av frivillige.
requirements:
  - {text: "relevant høyere utdanning, minst bachelorgrad", kind: knowledge}
  - text: erfaring med saksbehandling etter regelverk
    kind: experience
    must: false
"""

PREFILLED = LearnerPost(
    "Rådgiver – tilskudd til frivillige organisasjoner", "Seksjon for frivillighetstilskudd",
    ("vurdere søknader om tilskudd etter regelverket", "skrive vedtak og begrunnelser"),
    "Ingen av oss har jobbet i en liten forening drevet av frivillige.",
    (PostRequirement("relevant høyere utdanning, minst bachelorgrad", "knowledge", True),
     PostRequirement("erfaring med saksbehandling etter regelverk", "experience", False)))


def write(folder: Path, text: str, name: str = PREFILL_FILENAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- post.yaml --------------------------------------------------------------------------------------
def test_a_prefill_is_read_as_the_post_it_prefills(tmp_path: Path) -> None:
    assert load_prefill(write(tmp_path, PREFILL)) == PREFILLED
    assert load_prefill(write(tmp_path, "title: Bare en tittel\n")) == LearnerPost("Bare en tittel")


@pytest.mark.parametrize(("text", "line", "words"), [
    (PREFILL.replace("kind: experience", "kind: erfaring"), 11, "requirements[1].kind"),
    (PREFILL.replace("must: false", "must: kanskje"), 12, "requirements[1].must"),
    (PREFILL.replace("lacks:", "mangler:"), 7, "mangler"),
    (PREFILL + "title: igjen\n", 13, "duplicate key 'title'"),
    ("tasks: [" + ", ".join(f"oppgave {n}" for n in range(9)) + "]\n", 1, "tasks"),
    ("requirements:\n" + "".join(f"  - {{text: krav {n}, kind: language}}\n" for n in range(11)), 2,
     "requirements"),
    ("requirements:\n  - {kind: language}\n", 2, "requirements[0].text"),
    ("title: [en, liste]\n", 1, "title"),
    ("title: 'uavsluttet\n", 2, "invalid YAML"),
    ("- en liste\n- ikke et kart\n", None, "must hold a mapping"),
])
def test_a_broken_prefill_is_refused_naming_the_file_the_place_and_the_line(
        tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PrefillError) as raised:
        load_prefill(path)
    message = str(raised.value)
    assert str(path) in message and words in message, message
    if line is not None:
        assert f"{path}:{line}:" in message, message
    assert read_prefill(tmp_path) is None  # the learner's page shows an empty form, never the error


def test_no_prefill_file_is_no_prefill(tmp_path: Path) -> None:
    assert read_prefill(tmp_path) is None


# -- whose post the documents get ------------------------------------------------------------------
def save_post(folder: Path, **values: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = {"title": "", "unit": "", "tasks": [], "lacks": "", "requirements": [], **values}
    assert ProgressStore(folder, SUMMARY_MODULE).save_post(PostRecord(updated="", **record))


def test_the_prefill_fills_the_post_until_the_learner_saves_their_own(tmp_path: Path) -> None:
    summary = tmp_path / SUMMARY_MODULE
    assert learner_post(summary) is None and build_summary(tmp_path, "nb").post is None
    write(summary, PREFILL)
    assert build_summary(tmp_path, "nb").post == PREFILLED
    save_post(summary, title="Min egen stilling", tasks=["", "  ", "lede teamet"],
              requirements=[PostRequirementRecord(text=" ", kind="language", must=True),
                            PostRequirementRecord(text="norsk på B2-nivå", kind="language", must=False)])
    post = build_summary(tmp_path, "nb").post
    assert post == LearnerPost("Min egen stilling", "", ("lede teamet",), "",
                               (PostRequirement("norsk på B2-nivå", "language", False),))  # blank rows left out


def test_a_learner_who_emptied_the_prefilled_post_gets_no_post_not_the_prefill(tmp_path: Path) -> None:
    summary = tmp_path / SUMMARY_MODULE
    write(summary, PREFILL)
    save_post(summary)  # every field emptied on the page
    assert build_summary(tmp_path, "nb").post is None


def test_an_untrusted_summary_file_counts_as_no_saved_post(tmp_path: Path) -> None:
    summary = tmp_path / SUMMARY_MODULE
    save_post(summary, title="Skrevet på siden")
    path = summary / PROGRESS_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace("Skrevet på siden", "Endret for hånd"),
                    encoding="utf-8")
    assert build_summary(tmp_path, "nb").post is None
    write(summary, PREFILL)
    assert build_summary(tmp_path, "nb").post == PREFILLED


def test_a_trainer_build_reads_the_prefill_from_the_course_source(tmp_path: Path) -> None:
    source, learner = tmp_path / "source" / SUMMARY_MODULE, tmp_path / "autograded" / "anne"
    write(source, PREFILL)
    learner.mkdir(parents=True)
    assert build_summary(learner, "nb", prefill_folder=source).post == PREFILLED
    assert main(["summary", "build", str(tmp_path)]) == 0
    pdf = tmp_path / "feedback" / "anne" / SUMMARY_MODULE / "jobbanalyse.pdf"
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
                    .split())
    assert PREFILLED.title in text and "erfaring med saksbehandling etter regelverk" in text


# -- mangfold cohort post ---------------------------------------------------------------------------
@pytest.fixture
def cohort(tmp_path: Path) -> CohortConfig:
    """A course directory as `mangfold cohort init` leaves it, as far as `cohort post` looks."""
    course = tmp_path / "kurs"
    config = CohortConfig(course, "kull", default_db_url(course), tmp_path / "exchange")
    shutil.copytree(REPO_ROOT / "source" / SUMMARY_MODULE, course / "source" / SUMMARY_MODULE)
    (course / CONFIG_NAME).write_text(config_text(config), encoding="utf-8")
    return config


def test_cohort_post_checks_and_copies_the_file_as_written(cohort: CohortConfig, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PREFILL, "vår-stilling.yaml")
    assert main(["cohort", "post", str(path), "--course", str(cohort.course_dir)]) == 0
    target = cohort.course_dir / "source" / SUMMARY_MODULE / PREFILL_FILENAME
    assert target.read_bytes() == path.read_bytes() and oct(target.stat().st_mode & 0o777) == "0o644"
    assert str(target) in capsys.readouterr().out
    assert read_prefill(target.parent) == PREFILLED
    assert not (cohort.course_dir / "release").exists()


def test_cohort_post_reaches_a_generated_release_and_warns_about_a_released_one(
        cohort: CohortConfig, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PREFILL, "post.yaml")
    release = cohort.course_dir / "release" / SUMMARY_MODULE
    release.mkdir(parents=True)
    assert main(["cohort", "post", str(path), "--course", str(cohort.course_dir)]) == 0
    assert (release / PREFILL_FILENAME).read_bytes() == path.read_bytes()
    assert "not released yet" in capsys.readouterr().out
    (release / PREFILL_FILENAME).unlink()
    cohort.exchange_outbound(SUMMARY_MODULE).mkdir(parents=True)
    assert main(["cohort", "post", str(path), "--course", str(cohort.course_dir)]) == 0
    assert "already released" in capsys.readouterr().out and not (release / PREFILL_FILENAME).exists()


def test_cohort_post_refuses_a_broken_file_and_copies_nothing(cohort: CohortConfig, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PREFILL.replace("kind: knowledge", "kind: utdanning"), "post.yaml")
    assert main(["cohort", "post", str(path), "--course", str(cohort.course_dir)]) == 2
    error = capsys.readouterr().err
    assert f"{path}:9:" in error and "requirements[0].kind" in error and "cannot be used" in error
    assert not (cohort.course_dir / "source" / SUMMARY_MODULE / PREFILL_FILENAME).exists()
    assert main(["cohort", "post", str(tmp_path / "finnes-ikke.yaml"), "--course", str(cohort.course_dir)]) == 2
    assert "finnes-ikke.yaml" in capsys.readouterr().err


def test_cohort_post_outside_a_course_directory_says_so(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PREFILL, "post.yaml")
    assert main(["cohort", "post", str(path), "--course", str(tmp_path)]) == 2
    assert "cohort init" in capsys.readouterr().err
