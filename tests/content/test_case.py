"""The modules tell ONE case: its names, roles, facts, words and law names agree with the case file.

Issue 16 found the course jumping between employers and reusing names for different people. The case
file (``source/06-oppsummering/case.yaml``, docs/case.md §§ 1, 3, 4) holds what every module must agree
on; these tests read every text of every module file (scenario texts, choices, feedback, endings, checks,
exercises, learning points) and report each disagreement with the file, line, block and the text at
fault, so an author can fix it without reading this file.

The checks are deliberately practical, not linguistic: a capitalised «Fornavn Etternavn» pair whose
first name belongs to the roster must carry that person's surname; a role word written next to a name
must be that person's role; a quoted text close to a requirement wording must be the wording itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
import yaml

from mangfold.content.case import CaseContent, load_case
from mangfold.content.errors import Location, format_location
from mangfold.content.loader import find_module_dirs
from mangfold.content.rules import _TEXT_FIELDS
from mangfold.content.schema import RECORD_KEY
from mangfold.content.yamlfile import LocatedDocument, read_yaml
from tests.conftest import REPO_ROOT

CASE_FOLDER = REPO_ROOT / "source" / "06-oppsummering"
SIDE_CASE_MODULE = "05-velg-den-rette"
MODULE_FILES = [path for module in find_module_dirs(REPO_ROOT / "source")
                for path in sorted(module.glob("content.*.yaml"))]
NB_FILES = [path for path in MODULE_FILES if path.name == "content.nb.yaml"]
EN_FILES = [path for path in MODULE_FILES if path.name == "content.en.yaml"]

#: story text fields; ids, targets and URLs are not text anyone reads as the story
STORY_FIELDS = _TEXT_FIELDS - {"url"}
WORD = r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?"
NAME_PAIR = re.compile(rf"(?<![\w-])({WORD}) ({WORD})(?![\w-])")


@dataclass(frozen=True)
class Text:
    """One text of a content file, with where it is."""

    doc: LocatedDocument
    location: Location
    value: str

    def fault(self, problem: str, excerpt: str | None = None) -> str:
        """«file:line blocks[3] (scenario 'annonsen').situations.start.text: problem: «excerpt»»."""
        place = format_location(self.location)
        if self.location[:1] == ("blocks",) and len(self.location) > 1:
            block = self.doc.data["blocks"][self.location[1]]
            place = place.replace(f"blocks[{self.location[1]}]",
                                  f"blocks[{self.location[1]}] ({block.get('kind')} {block.get('id')!r})", 1)
        path = self.doc.path.relative_to(REPO_ROOT) if self.doc.path.is_relative_to(REPO_ROOT) else self.doc.path
        where = f"{path}:{self.doc.line_of(self.location)}"
        return f"{where} {place}: {problem}: «{_excerpt(excerpt or self.value)}»"


def _excerpt(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def texts(path: Path) -> Iterator[Text]:
    """Every text a learner reads in one content file."""
    doc = read_yaml(path)

    def walk(data: Any, location: Location) -> Iterator[Text]:
        if isinstance(data, dict):
            for key, value in data.items():
                if not location and key == RECORD_KEY:
                    continue  # a translation's review record: fingerprints, not text
                if isinstance(value, str) and key in STORY_FIELDS:
                    yield Text(doc, (*location, key), value)
                elif isinstance(value, dict | list):
                    yield from walk(value, (*location, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                if isinstance(value, str) and location[-1:] == ("learning_points",):
                    yield Text(doc, (*location, index), value)
                else:
                    yield from walk(value, (*location, index))

    yield from walk(doc.data, ())


@pytest.fixture(scope="module")
def case() -> CaseContent:
    return load_case(CASE_FOLDER)


def _context(text: str, start: int, end: int, margin: int = 50) -> str:
    return text[max(0, start - margin): end + margin]


def faults(path: Path, case: CaseContent, *checks: Callable[[Text, CaseContent], Iterator[str]]) -> list[str]:
    return [fault for text in texts(path) for check in checks for fault in check(text, case)]


def assert_none(found: list[str]) -> None:
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)


# -- names and roles ----------------------------------------------------------------------------------

def old_names(text: Text, case: CaseContent) -> Iterator[str]:
    """A name of the old content (docs/case.md §1.6). A first name alone counts where it cannot be a
    capitalised ordinary word at a sentence start («Per 2024 …»)."""
    full = [m.span() for name in case.retired_names if " " in name
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text.value)]
    for name in case.retired_names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text.value):
            if " " not in name and any(start <= match.start() < end for start, end in full):
                continue  # «Eirik Dahl» is reported once, as the full name
            sentence_start = not text.value[: match.start()].strip() or re.search(r"[.!?:«\n]\s*$",
                                                                                   text.value[: match.start()])
            if " " in name or not sentence_start:
                yield text.fault(f"{name!r} is a name of the old content; the case has its own people",
                                 _context(text.value, match.start(), match.end()))


def name_pairs(text: Text, case: CaseContent) -> Iterator[str]:
    """A roster first name followed by a capitalised word carries the roster surname; a roster surname
    is never put after another roster person's (or an old) first name."""
    by_first = {p.first_name: p for p in case.people}
    by_surname = {p.surname: p for p in case.people}
    old_firsts = {name.split()[0] for name in case.retired_names}
    for match in NAME_PAIR.finditer(text.value):
        first, second = match.groups()
        person = by_first.get(first)
        if person is not None and second != person.surname:
            yield text.fault(f"{first} {second}: the case's {first} is {person.name}",
                             _context(text.value, match.start(), match.end()))
        owner = by_surname.get(second)
        if owner is not None and first != owner.first_name and (first in by_first or first in old_firsts):
            yield text.fault(f"{first} {second}: the case's {second} is {owner.name}",
                             _context(text.value, match.start(), match.end()))


def learner_is_the_case_learner(text: Text, case: CaseContent) -> Iterator[str]:
    """«Du er …» / "You are …" names whom the learner plays: Kjersti Nygård (or the side case's learner)."""
    learners = {p.name for p in case.people if p.learner}
    for match in re.finditer(rf"\b[Dd]u er ({WORD} {WORD})|\b[Yy]ou are ({WORD} {WORD})", text.value):
        name = match.group(1) or match.group(2)
        if name not in learners:
            yield text.fault(f"the learner plays {case.learner.name}, not {name}",
                             _context(text.value, match.start(), match.end()))


def roles(text: Text, case: CaseContent) -> Iterator[str]:
    """A role word written next to a case person's name (before it, or after it with a comma or a
    bracket) is that person's role: «tillitsvalgt Arvid Tangen», "Sana Iqbal, the HR adviser"."""
    words = sorted({p.role.in_language(lang) for p in case.people for lang in ("nb", "nn", "en")}, key=len,
                   reverse=True)
    role = "(?i:(" + "|".join(re.escape(word) for word in words) + r")(?:e|en|et|n)?)"
    article = r"(?:(?:the|an?|vår|din|deres)\s+)?"
    for person in case.people:
        own = {person.role.in_language(lang).lower() for lang in ("nb", "nn", "en")}
        name = rf"(?:{re.escape(person.name)}|{re.escape(person.first_name)}(?![\w-]| {WORD}))"
        patterns = (rf"(?<![\w-]){role}\s+{name}",  # «tillitsvalgt Arvid Tangen»
                    rf"{name}\s*[,(]\s*{article}{role}(?![\w-])(?!\s+[A-ZÆØÅ])")  # «Arvid, tillitsvalgt,»
        for pattern in patterns:
            for match in re.finditer(pattern, text.value):
                if match.group(1).lower() not in own:
                    yield text.fault(f"{person.name} is {person.role.nb} / {person.role.nn} / {person.role.en} in the "
                                     f"case, not {match.group(1)}", _context(text.value, match.start(), match.end()))


def side_case_only_in_module_5(text: Text, case: CaseContent) -> Iterator[str]:
    if text.doc.path.parent.name == SIDE_CASE_MODULE:
        return
    for person in case.people:
        if person.side_case and re.search(rf"(?<![\w-]){re.escape(person.first_name)}(?![\w-])", text.value):
            yield text.fault(f"{person.name} belongs to the side case, which only module 5 tells")
    if case.side_case.employer in text.value:
        yield text.fault(f"{case.side_case.employer} is the side case's employer (module 5 only)")


@pytest.mark.parametrize("path", MODULE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in MODULE_FILES])
def test_every_name_is_a_case_person_with_one_role(path: Path, case: CaseContent) -> None:
    assert_none(faults(path, case, old_names, name_pairs, learner_is_the_case_learner, roles,
                       side_case_only_in_module_5))


# -- facts ----------------------------------------------------------------------------------------------

def _near(word: str, target: str, ratio: float = 0.8) -> bool:
    return word != target and SequenceMatcher(None, word.lower(), target.lower()).ratio() >= ratio


def employer_and_post(text: Text, case: CaseContent) -> Iterator[str]:
    """The employer, its unit and the post title are spelled as the case file spells them."""
    employer = case.employer.name
    for match in re.finditer(r"[\wæøåÆØÅ-]+", text.value):
        word = match.group(0)
        if word not in (employer, employer + "s") and _near(word.rstrip("s"), employer, 0.85):
            yield text.fault(f"the employer is {employer}, not {word}",
                             _context(text.value, match.start(), match.end()))
    unit = case.employer.unit
    for match in re.finditer(r"[Ss]eksjon(?:en)? for [\wæøå]+", text.value):
        if match.group(0)[1:] != unit[1:]:
            yield text.fault(f"the unit is «{unit}»", _context(text.value, match.start(), match.end()))
    if text.doc.path.name == "content.nb.yaml":
        title = case.post.title
        for match in re.finditer(r"[Rr]ådgiver\s*[-–—:,]?\s*(?:i |for )?tilskudd\w* til frivillig\w* organisasjon\w*",
                                 text.value):
            if match.group(0)[1:] != title[1:]:
                yield text.fault(f"the post is «{title}»", _context(text.value, match.start(), match.end()))
        for match in re.finditer(r"80\s*[-–—]\s*100\s*(?:%|prosent)", text.value):
            if match.group(0) != case.post.extent:
                yield text.fault(f"the post is «{case.post.extent}»", _context(text.value, match.start(), match.end()))


def requirement_wordings(text: Text, case: CaseContent) -> Iterator[str]:
    """A quoted text (« … »), or a short text of its own (an exercise item, an option), close to a
    requirement wording is the wording itself, or a verbatim part of it (a capital first letter allowed)."""
    if text.doc.path.name != "content.nb.yaml":
        return
    wordings = {r.id: r.text for r in case.requirements}
    candidates = list(re.finditer(r"«([^»]+)»", text.value))
    if len(text.value) < 150 and "«" not in text.value:
        candidates.append(re.match(r"(.*)", text.value.strip()))
    for match in candidates:
        quoted = match.group(1).strip().rstrip(".")
        plain = quoted[:1].lower() + quoted[1:]
        if any(plain in wording for wording in wordings.values()):
            continue
        for requirement_id, wording in wordings.items():
            if SequenceMatcher(None, plain, wording).ratio() >= 0.75:
                yield text.fault(f"{requirement_id} reads «{wording}» in the case, verbatim",
                                 _context(text.value, match.start(), match.end()))


def weights(text: Text, case: CaseContent) -> Iterator[str]:
    """Weights are 30/30/25/15 wherever they are given: as a series, after «R2», after a wording."""
    given = case.weights
    series = "/".join(str(w) for w in given.values())
    for match in re.finditer(r"\b\d{1,3}\s*/\s*\d{1,3}\s*/\s*\d{1,3}\s*/\s*\d{1,3}\b", text.value):
        if re.sub(r"\s", "", match.group(0)) != series:
            yield text.fault(f"the weights are {series}", _context(text.value, match.start(), match.end()))
    percent = r"(\d{1,3})\s*(?:%|prosent|per cent|percent)"
    for requirement in case.requirements:
        for anchor in (rf"\b{requirement.id}\b", re.escape(requirement.text)):
            for match in re.finditer(rf"{anchor}[^.\n«»R]{{0,25}}?{percent}", text.value):
                if requirement.weight is None or int(match.group(1)) != requirement.weight:
                    expected = f"{requirement.weight} %" if requirement.weight else "no weight (a threshold)"
                    yield text.fault(f"{requirement.id} has {expected}",
                                     _context(text.value, match.start(), match.end()))


def scores(text: Text, case: CaseContent) -> Iterator[str]:
    """Score-table rows and «Abdirahman 4,20» give the case's numbers."""
    by_name = {s.name: s for s in case.scores}
    for score in case.scores:
        first = score.name.split()[0]
        quoted = rf"(?:{re.escape(score.name)}|{re.escape(first)})(?:['’]s)?[^.\n|\d]{{0,20}}?(\d[.,]\d\d)\b"
        for match in re.finditer(quoted, text.value):
            if abs(float(match.group(1).replace(",", ".")) - score.weighted) > 0.001:
                yield text.fault(f"{score.name}'s weighted score is {score.weighted:.2f}",
                                 _context(text.value, match.start(), match.end()))
    header: list[str] | None = None
    for line in text.value.splitlines():
        if not line.strip().startswith("|"):
            header = None
            continue
        cells = [cell.strip().strip("*") for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        row = next((by_name[n] for n in by_name if cells and (cells[0] == n or cells[0] == n.split()[0])), None)
        if row is None:
            continue
        for label, cell in zip(header, cells, strict=False):
            requirement = re.search(r"\bR\d\b", label)
            expected = row.by_requirement.get(requirement.group(0)) if requirement else None
            if expected is None and re.search(r"(?i)vekt|weight|sum|total", label):
                expected = row.weighted
            if expected is not None and re.fullmatch(r"\d(?:[.,]\d+)?", cell) and abs(
                    float(cell.replace(",", ".")) - expected) > 0.001:
                yield text.fault(f"{row.name}: {label} is {expected} in the case, not {cell}", line)


def ages(text: Text, case: CaseContent) -> Iterator[str]:
    """«Rune Amundsen, 61» / "Rune (61)": the age the søkerliste shows."""
    for person in case.people:
        if person.age is None:
            continue
        pattern = rf"(?:{re.escape(person.name)}|{re.escape(person.first_name)})\s*(?:,|\()\s*(\d\d)\b(?!\s*%)"
        for match in re.finditer(pattern, text.value):
            if int(match.group(1)) != person.age:
                yield text.fault(f"{person.name} is {person.age}", _context(text.value, match.start(), match.end()))


@pytest.mark.parametrize("path", MODULE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in MODULE_FILES])
def test_the_facts_agree_with_the_case(path: Path, case: CaseContent) -> None:
    assert_none(faults(path, case, employer_and_post, requirement_wordings, weights, scores, ages))


# -- words ----------------------------------------------------------------------------------------------

def avoided_words(text: Text, case: CaseContent) -> Iterator[str]:
    """The glossary's «not:» words appear in no bokmål text, in no form (kompetansekravene, tilsettingen).
    A source's title is quoted as the source has it («Difi: Utlysningstekst»), so sources are left out."""
    if text.location[:1] == ("sources",):
        return
    for term in case.glossary:
        for word in term.avoid:
            for match in re.finditer(rf"[\wæøå-]*{re.escape(word)}[\wæøå]*", text.value, flags=re.IGNORECASE):
                yield text.fault(f"{match.group(0)!r}: the course says «{term.term.nb}»",
                                 _context(text.value, match.start(), match.end()))


@pytest.mark.parametrize("path", NB_FILES, ids=[p.parent.name for p in NB_FILES])
def test_no_glossary_not_word_in_bokmal(path: Path, case: CaseContent) -> None:
    assert_none(faults(path, case, avoided_words))


LAW_WORDS = re.compile(r"\b(Acts?|Ombud|Ombudsman|Agreement|Regulations|Code)\b")


def english_law_names(text: Text, case: CaseContent) -> Iterator[str]:
    """An English law, ombud or agreement name is exactly one of the table's ("State Employees Act"), never
    another English name for the same law ("Civil Service Act", "Anti-Discrimination Act"). Sources keep
    their own titles."""
    if text.location[:1] == ("sources",):
        return
    allowed = [m.span() for law in case.laws for m in re.finditer(re.escape(law.en), text.value)]
    for match in LAW_WORDS.finditer(text.value):
        if any(start <= match.start() < end for start, end in allowed):
            continue
        before = text.value[: match.start()].split()
        named = before and before[-1][:1].isupper() and before[-1] not in ("The", "This", "That", "A", "An")
        if match.group(1) == "Ombudsman" or named:
            phrase = " ".join([*before[-3:], match.group(1)])
            yield text.fault(f"«{phrase}» is not an English name from the law-name table in the case file",
                             _context(text.value, match.start(), match.end()))


def law_names_with_norwegian(path: Path, case: CaseContent) -> Iterator[str]:
    """An English module that names a Norwegian act gives the table's English name with it at least once:
    "State Employees Act (statsansatteloven)"."""
    every = list(texts(path))
    whole = "\n".join(t.value for t in every)
    longer: list[str] = []  # «forskrift til statsansatteloven» is not a mention of «statsansatteloven»
    for law in sorted(case.laws, key=lambda law: len(law.nb), reverse=True):
        pattern = rf"(?<![\w-]){re.escape(law.nb)}(?![\w-])"
        mentions = [t for t in every if re.search(pattern, _without(t.value, longer))]
        longer.append(law.nb)
        if not law.en.endswith(("Act", "Regulations")):
            continue
        if mentions and f"{law.en} ({law.nb}" not in whole:
            yield mentions[0].fault(f"{law.nb} is named in English as «{law.en} ({law.nb})» at least once")


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


@pytest.mark.parametrize("path", EN_FILES, ids=[p.parent.name for p in EN_FILES])
def test_english_law_names_are_the_tables(path: Path, case: CaseContent) -> None:
    assert_none([*faults(path, case, english_law_names), *law_names_with_norwegian(path, case)])


# -- endings ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", MODULE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in MODULE_FILES])
def test_every_ending_states_its_quality(path: Path) -> None:
    doc = read_yaml(path)
    missing = []
    for index, block in enumerate(doc.data.get("blocks", [])):
        for ending_id, ending in (block.get("endings") or {}).items():
            if not ending.get("quality"):
                place = ("blocks", index, "endings", ending_id)
                missing.append(Text(doc, place, ending.get("title", "")).fault("the ending has no quality"))
    assert_none(missing)


# -- the case is told at all --------------------------------------------------------------------------

def test_the_modules_tell_the_case(case: CaseContent) -> None:
    """The checks above judge what is written; this one asks that the case is written: the employer, the
    post, the learner's role, every requirement wording (bokmål) and every main-case person appear."""
    told = "\n".join(t.value for path in NB_FILES for t in texts(path))
    expected = [case.employer.name, case.post.title, f"Du er {case.learner.name}",
                *(r.text for r in case.requirements),
                *(p.name for p in case.people)]
    missing = [item for item in expected if item not in told and item[:1].upper() + item[1:] not in told]
    assert not missing, "the bokmål modules never say: " + "; ".join(f"«{item}»" for item in missing)


# -- each check finds what it is for (on a made-up file, so the checks above cannot pass by being blind) --

def _file(tmp_path: Path, language: str, *bodies: str) -> Path:
    folder = tmp_path / "03-formidle-smart"
    folder.mkdir(exist_ok=True)
    blocks = [{"kind": "text", "id": f"t{index}", "title": "T", "body": body} for index, body in enumerate(bodies)]
    path = folder / f"content.{language}.yaml"
    path.write_text(yaml.safe_dump({"blocks": blocks}, allow_unicode=True), encoding="utf-8")
    return path


TABLE = "| | R2 | R3 | R4 | R5 | Vektet |\n|---|---|---|---|---|---|\n"


@pytest.mark.parametrize(("check", "language", "wrong", "right"), [
    (old_names, "nb", "Så sier Silje Moen noe.", "Så sier Sana Iqbal noe."),
    (old_names, "nb", "Da sier Eirik ja.", "Per 2024 er det slik."),
    (name_pairs, "nb", "Kristin Holm har søkt.", "Kristin Fjeld har søkt."),
    (name_pairs, "nb", "Sana Haga svarer.", "Sana Iqbal svarer."),
    (learner_is_the_case_learner, "nb", "Du er Sana Iqbal.", "Du er Kjersti Nygård."),
    (learner_is_the_case_learner, "en", "You are Arvid Tangen.", "You are Kjersti Nygård."),
    (roles, "nb", "Tillitsvalgt Øystein Haga leser.", "Tillitsvalgt Arvid Tangen leser."),
    (roles, "en", "Kristin Fjeld, the union representative, asks.", "Kristin Fjeld, the applicant, asks."),
    (roles, "nn", "Tillitsvald Øystein Haga les.", "Tillitsvald Arvid Tangen les."),
    (learner_is_the_case_learner, "nn", "Du er Sigrun Eide.", "Du er Kjersti Nygård."),
    (side_case_only_in_module_5, "nb", "Hedda Lorentzen i Fjordvik kommune.", "Hanne Rustad søker."),
    (employer_and_post, "nb", "Tilskudsdirektoratet ansetter.", "Tilskuddsdirektoratets seksjon."),
    (employer_and_post, "nb", "Stillingen Rådgiver - tilskudd til frivillige organisasjoner.",
     "Stillingen Rådgiver – tilskudd til frivillige organisasjoner, 80–100 %."),
    (employer_and_post, "nb", "En stilling på 80-100 %.", "En stilling på 80–100 %."),
    (requirement_wordings, "nb", "Skriver klare og riktige vedtak på norsk",
     "Skriver klare og korrekte vedtak på norsk"),
    (requirement_wordings, "nb", "Kravet «skriver klare og riktige vedtak på norsk».",
     "Kravet «skriver klare og korrekte vedtak på norsk», altså «korrekte vedtak»."),
    (weights, "nb", "Vektene 30/30/20/20.", "Vektene 30/30/25/15."),
    (weights, "nb", "R4 (30 %) teller mest.", "R4 (25 %) og R5 (15 %)."),
    (weights, "en", "R1 (20%) is a threshold.", "R1 is a threshold."),
    (scores, "nb", "Abdirahman fikk 4,25 og Kristin 4,15.", "Abdirahman fikk 4,20 og Kristin 4,15."),
    (scores, "nb", TABLE + "| Kristin Fjeld | 5 | 4 | 3 | 3 | 4.15 |",
     TABLE + "| Kristin Fjeld | 5 | 4 | 4 | 3 | 4.15 |"),
    (ages, "nb", "Rune Amundsen, 62, søker.", "Rune Amundsen, 61, søker."),
    (avoided_words, "nb", "Kompetansekravene står i utlysningsteksten.", "Kvalifikasjonskravene står i annonsen."),
    (english_law_names, "en", "the Civil Servants Act", "the State Employees Act (statsansatteloven). The Act"),
    (english_law_names, "en", "the Equality Ombudsman", "the Equality and Anti-Discrimination Ombud"),
])
def test_each_check_finds_its_fault(tmp_path: Path, case: CaseContent, check, language: str, wrong: str,
                                    right: str) -> None:
    found = faults(_file(tmp_path, language, wrong), case, check)
    assert len(found) >= 1 and "blocks[0] (text 't0').body" in found[0] and str(tmp_path) in found[0]
    assert faults(_file(tmp_path, language, right), case, check) == []


def test_an_english_act_without_its_norwegian_name_is_found(tmp_path: Path, case: CaseContent) -> None:
    wrong = _file(tmp_path, "en", "Under statsansatteloven § 3, the State Employees Act, the best is hired.")
    assert [f for f in law_names_with_norwegian(wrong, case) if "State Employees Act (statsansatteloven)" in f]
    right = _file(tmp_path, "en", "Under the State Employees Act (statsansatteloven) § 3, the best is hired; "
                                  "see the regulations to the State Employees Act (forskrift til statsansatteloven).")
    assert list(law_names_with_norwegian(right, case)) == []
