"""The scrubber's lists of the course's own terms still cover the course: its sources, laws and glossary.

``research/course_terms.py`` keeps them as data (the scrubber must not depend on where the course's
files are installed), so a source, law or glossary term added to the content without being added
there is caught here, by name. And the held-out corpus stays apart from the rules: no module of the
package reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mangfold.research.course_terms import (
    COURSE_ACRONYMS,
    COURSE_AUTHORS,
    COURSE_PHRASES,
    COURSE_WORDS,
    GLOSSARY_WORDS,
    PARTICLES,
    distinctive_authors,
)
from mangfold.research.vocabulary import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    INSTITUTIONS,
    NEVER_NAMES,
    english_words,
    known_names,
)
from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "source"
CASE = SOURCE / "06-oppsummering" / "case.yaml"
_CAPITALISED = re.compile(r"(?<![\w.])[A-ZÆØÅ][\w-]+")
_CITED = re.compile(r"^(?P<who>[^:(]+?)\s\(?(?:19|20)\d\d")
_PHRASE_WORDS = {word.lower() for phrase in COURSE_PHRASES for word in re.findall(r"[\w-]+", phrase)}


def sources() -> list[str]:
    texts = []
    for path in sorted(SOURCE.glob("0*/content.*.yaml")):
        texts += [source["text"] for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources", [])]
    return texts


def covered(word: str) -> bool:
    lower = word.lower().rstrip("-")
    if word.isupper() and lower in COURSE_ACRONYMS:
        return True
    return lower in COURSE_AUTHORS or lower in COURSE_WORDS or lower in _PHRASE_WORDS or lower in PARTICLES


def test_every_author_and_institution_a_source_names_before_its_year_is_a_course_term() -> None:
    """"Sackett mfl. 2022", "Difi 2020", "Juristen (2023)": whoever a source cites by name and year."""
    missing = set()
    for text in sources():
        cited = _CITED.match(text)
        if cited is None:
            continue
        who = re.split(r":", cited.group("who"))[0]
        missing |= {word for word in _CAPITALISED.findall(who) if len(word) > 1 and not covered(word)}
    assert not missing, f"add to course_terms: {sorted(missing)}"


def test_every_institution_a_source_is_from_is_a_course_term() -> None:
    """"LDO: Strenge språkkrav", "Sivilombudet: ...": the publisher before the colon."""
    missing = set()
    for text in sources():
        if ":" not in text:
            continue
        publisher = text.split(":", 1)[0]
        if _CITED.match(text):
            continue
        missing |= {word for word in _CAPITALISED.findall(publisher) if len(word) > 1 and not covered(word)
                    and word.lower() not in NEVER_NAMES}
    assert not missing, f"add to course_terms: {sorted(missing)}"


def test_every_law_of_the_case_is_kept() -> None:
    """The law names of case.yaml, in every language, are course words or phrases (or an institution noun)."""
    laws = yaml.safe_load(CASE.read_text(encoding="utf-8"))["laws"]
    for law in laws:
        for language in ("nb", "nn", "en"):
            name = law[language]
            if name in COURSE_PHRASES:
                continue
            for word in _CAPITALISED.findall(name):
                assert (covered(word) or word.lower() in INSTITUTIONS or word.lower() in FUNCTION_WORDS), (name, word)


def test_every_word_of_the_glossary_is_a_course_concept_unless_it_is_a_name() -> None:
    glossary = yaml.safe_load(CASE.read_text(encoding="utf-8"))["glossary"]
    ordinary = GLOSSARY_WORDS | COURSE_WORDS | FUNCTION_WORDS | NEVER_NAMES | COMMON_WORDS | english_words()
    names = {name.lower() for name in known_names()}
    missing = set()
    for entry in glossary:
        for language in ("nb", "nn", "en"):
            for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", entry["term"][language].lower()):
                if word not in ordinary and word not in names and len(word) > 2:
                    missing.add(word)
    assert not missing, f"add to GLOSSARY_WORDS: {sorted(missing)}"


def test_authors_in_the_name_lists_are_kept_only_as_citations() -> None:
    """"Larsen" is a cited author and a common surname: it is not among the authors kept anywhere."""
    assert "larsen" in COURSE_AUTHORS and "larsen" not in distinctive_authors()
    assert {"sackett", "midtbøen", "quillian"} <= distinctive_authors()


@pytest.mark.parametrize("module", sorted((REPO_ROOT / "widgets" / "mangfold").rglob("*.py")), ids=lambda p: p.name)
def test_no_module_of_the_package_reads_the_test_corpora(module: Path) -> None:
    """The rules are never tuned on the held-out corpus by reading it: the package imports neither corpus."""
    text = module.read_text(encoding="utf-8")
    assert "heldout_corpus" not in text and "tests.research" not in text, module
