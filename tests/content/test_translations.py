"""Translations stay translations of today's bokmål: fingerprints of the source texts each was reviewed against.

``mangfold check`` fails, naming the file, the block and the field, when a bokmål text changed after its nynorsk or
English translation was last reviewed; ``mangfold translations review`` records the review (docs/nynorsk.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mangfold.cli import main
from mangfold.content.documents import documents_path, validate_documents
from mangfold.content.loader import load_module_content, validate_module
from mangfold.content.schema import LANGUAGES
from mangfold.content.translations import (
    ReviewRefused,
    fingerprint,
    fingerprints,
    folder_review_problems,
    mark_reviewed,
    normalise,
    source_texts,
    tree_review_problems,
    without_record,
)
from mangfold.content.yamlfile import read_yaml
from tests.conftest import FILES, REPO_ROOT

MINIMAL = FILES / "content" / "01-verdien-av-mangfold"
SUMMARY = "06-oppsummering"


@pytest.fixture
def module(tmp_path: Path) -> Path:
    target = tmp_path / "source" / MINIMAL.name
    shutil.copytree(MINIMAL, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Change the file's text by hand, as an author would (the rest of the file and its record untouched)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(folder: Path) -> list[str]:
    return [str(problem) for problem in folder_review_problems(folder)]


# -- the course as it ships ------------------------------------------------------------------------------

def test_every_translation_of_the_course_is_reviewed_against_today_s_bokmal() -> None:
    assert [str(p) for p in tree_review_problems(REPO_ROOT / "source")] == []


@pytest.mark.parametrize("folder", sorted(p for p in (REPO_ROOT / "source").iterdir() if p.name[:2].isdigit()),
                         ids=lambda p: p.name)
def test_each_translated_file_records_every_bokmal_text_once(folder: Path) -> None:
    for stem in ("content", "documents"):
        reference = folder / f"{stem}.nb.yaml"
        if not reference.is_file():
            continue
        expected = fingerprints(read_yaml(reference).data)
        assert len(expected) == len(source_texts(read_yaml(reference).data)), "a path named twice"
        for language in [lang for lang in LANGUAGES if lang != "nb"]:
            record = read_yaml(folder / f"{stem}.{language}.yaml").data["reviewed"]
            assert record["against"] == reference.name and record["texts"] == expected


# -- what the check finds --------------------------------------------------------------------------------

def test_a_changed_bokmal_text_is_named_by_file_block_field_and_line(module: Path) -> None:
    assert messages(module) == []
    replace_in(module / "content.nb.yaml", "text: Det gikk fint.", "text: Det gikk svært fint.")
    found = messages(module)
    assert len(found) == 2  # nynorsk and English, each in its own file
    nynorsk = next(m for m in found if "content.nn.yaml" in m)
    line = next(n for n, text in enumerate((module / "content.nn.yaml").read_text().splitlines(), 1)
                if "Det gjekk fint." in text)
    assert nynorsk.startswith(f"{module / 'content.nn.yaml'}:{line}: blocks[1].situations.videre.text: ")
    assert "block 'valget' (scenario), field situations.videre.text" in nynorsk
    assert ("the bokmål text changed after this translation was reviewed (blocks/valget/situations/videre/text)"
            in nynorsk)
    assert "`mangfold translations review 01-verdien-av-mangfold nn`" in nynorsk


def test_a_text_outside_the_blocks_is_named_by_its_field(module: Path) -> None:
    replace_in(module / "content.nb.yaml", "- Still krav før du leser søknadene.", "- Still kravene før du leser.")
    replace_in(module / "content.nb.yaml", "text: DFØ,", "text: DFØ (2020),")
    found = [m for m in messages(module) if "content.en.yaml" in m]
    assert [m.split(": ", 2)[1] for m in found] == ["learning_points[0]", "sources[0].text"]
    assert "field learning_points[0]: the bokmål text changed" in found[0]
    assert "(sources/S1/text)" in found[1]


def test_a_new_bokmal_text_and_a_removed_one_are_both_named(module: Path) -> None:
    nb = module / "content.nb.yaml"
    replace_in(nb, "    min_words: 3\n", "    min_words: 3\n    hint: Tenk på din egen enhet.\n")
    replace_in(nb, "learning_points:\n  - Still krav før du leser søknadene.\n",
               "learning_points:\n  - Still krav før du leser søknadene.\n  - Et nytt punkt.\n")
    replace_in(nb, "    intro: Stillingen er en rådgiver.\n", "")
    found = messages(module)
    for name in ("content.nn.yaml", "content.en.yaml"):
        own = [m for m in found if name in m]
        assert len(own) == 3, own
        assert any("(blocks/tanke/hint); translate it" in m for m in own)
        assert any("(learning_points/1); translate it" in m for m in own)
        assert any("blocks/sortering/intro: no such text in content.nb.yaml any more" in m for m in own)


def test_a_file_never_reviewed_is_named_once(module: Path) -> None:
    path = module / "content.nn.yaml"
    path.write_text(without_record(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert validate_module(module) == []  # the record is no part of the structure
    [message] = messages(module)
    assert message.startswith(f"{path}:2: (document): no record of a review against content.nb.yaml")  # line 1:
    # the file's comment


def test_rewrapping_a_paragraph_is_no_change_but_a_new_paragraph_is() -> None:
    assert normalise("Ett  avsnitt\nover to linjer.\n") == "Ett avsnitt over to linjer."
    assert fingerprint("Ett avsnitt\nover to linjer.") == fingerprint("Ett avsnitt over to linjer.  \n")
    assert fingerprint("Ett avsnitt.\n\nEt nytt.") != fingerprint("Ett avsnitt. Et nytt.")
    assert fingerprint("Et ord.") != fingerprint("Et annet ord.")


def test_structure_is_not_text_and_paths_name_items_by_id() -> None:
    paths = [text.path for text in source_texts(read_yaml(MINIMAL / "content.nb.yaml").data)]
    assert "blocks/valget/situations/start/choices/a/label" in paths and "learning_points/0" in paths
    assert "blocks/sortering/categories/fjern/description" in paths and "sources/S1/url" in paths
    assert not [p for p in paths if p.endswith(("/id", "/next", "/quality", "/kind", "/expected", "/start",
                                                "/rank", "/module", "/language"))]
    documents = [t.path for t in source_texts(read_yaml(REPO_ROOT / "source" / SUMMARY / "documents.nb.yaml").data)]
    assert "interview_guide/ban/grounds/0" in documents
    assert not [p for p in documents if "/kinds/" in p or p.endswith(("/format", "/case", "/kind"))]


# -- marking reviewed ------------------------------------------------------------------------------------

def test_review_writes_todays_fingerprints_and_keeps_the_rest_of_the_file(module: Path) -> None:
    replace_in(module / "content.nb.yaml", "text: Det gikk fint.", "text: Det gikk svært fint.")
    path = module / "content.nn.yaml"
    replace_in(path, "text: Det gjekk fint.", "text: Det gjekk svært fint.")
    before = without_record(path.read_text(encoding="utf-8"))
    assert mark_reviewed(path, validate_module(module)) == 48
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before) and after.count("\nreviewed:\n") == 1
    assert [m for m in messages(module) if "content.nn.yaml" in m] == []
    assert [m for m in messages(module) if "content.en.yaml" in m]  # English is not reviewed yet
    assert mark_reviewed(path, []) == 48 and path.read_text(encoding="utf-8") == after  # a second run: the same
    assert load_module_content(module, "nn").reviewed.texts["blocks/valget/situations/videre/text"] == fingerprint(
        "Det gikk svært fint.")


def test_review_refuses_a_translation_with_problems_of_its_own(module: Path) -> None:
    replace_in(module / "content.nn.yaml", "next: videre", "next: borte")
    with pytest.raises(ReviewRefused) as refused:
        mark_reviewed(module / "content.nn.yaml", validate_module(module))
    assert "'borte' is neither a situation nor an ending" in str(refused.value)
    assert mark_reviewed(module / "content.en.yaml", validate_module(module)) == 48  # English has no problem


def test_a_fingerprint_made_of_digits_reads_back_as_text(module: Path, monkeypatch) -> None:
    import mangfold.content.translations as translations

    monkeypatch.setattr(translations, "fingerprint", lambda _text: "000123456789")
    mark_reviewed(module / "content.nn.yaml", [])
    data = yaml.safe_load((module / "content.nn.yaml").read_text(encoding="utf-8"))
    assert set(data["reviewed"]["texts"].values()) == {"000123456789"}
    assert validate_module(module) == []


def test_bokmal_has_no_record_and_a_record_names_its_own_bokmal_file(module: Path) -> None:
    record = (module / "content.nn.yaml").read_text(encoding="utf-8").split("\nreviewed:\n", 1)[1]
    path = module / "content.nb.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "reviewed:\n" + record, encoding="utf-8")
    assert any("bokmål is the reference" in str(p) for p in validate_module(module))
    shutil.copy(MINIMAL / "content.nb.yaml", path)
    replace_in(module / "content.en.yaml", "against: content.nb.yaml", "against: documents.nb.yaml")
    assert any("is against content.nb.yaml" in str(p) for p in validate_module(module))


def test_the_documents_are_held_to_their_bokmal_too(tmp_path: Path) -> None:
    folder = tmp_path / SUMMARY
    folder.mkdir()
    for language in LANGUAGES:
        shutil.copy(documents_path(REPO_ROOT / "source" / SUMMARY, language), folder)
    assert validate_documents(folder) == [] and messages(folder) == []
    replace_in(folder / "documents.nb.yaml", "heading: Dette kan dere ikke spørre om",
               "heading: Dette kan dere aldri spørre om")
    found = messages(folder)
    assert len(found) == 2 and all("interview_guide.ban.heading" in m for m in found)
    assert "field interview_guide.ban.heading: the bokmål text changed" in found[0]


# -- the commands ----------------------------------------------------------------------------------------

def test_check_fails_until_the_translation_is_reviewed_again(module: Path, capsys) -> None:
    course = module.parent.parent
    assert main(["--course", str(course), "check"]) == 0
    replace_in(module / "content.nb.yaml", "title: Et valg", "title: Et vanskelig valg")
    assert main(["--course", str(course), "check"]) == 1
    err = capsys.readouterr().err
    assert "content.nn.yaml" in err and "content.en.yaml" in err and "block 'valget' (scenario), field title" in err
    assert main(["--course", str(course), "translations", "status", "all", "nn"]) == 1
    assert "1 text(s) to review" in capsys.readouterr().out
    replace_in(module / "content.nn.yaml", "title: Eit val", "title: Eit vanskeleg val")
    replace_in(module / "content.en.yaml", "title: Et valg", "title: Et vanskelig valg")
    for language in ("nn", "en"):
        assert main(["--course", str(course), "translations", "review", module.name, language]) == 0
        assert "48 texts marked reviewed against the bokmål" in capsys.readouterr().out
    assert main(["--course", str(course), "check"]) == 0
    assert main(["--course", str(course), "translations", "status"]) == 0


def test_review_names_a_folder_that_is_not_there(module: Path, capsys) -> None:
    course = module.parent.parent
    assert main(["--course", str(course), "translations", "review", "99-finnes-ikke", "nn"]) == 2
    assert "not found: give a module" in capsys.readouterr().err
