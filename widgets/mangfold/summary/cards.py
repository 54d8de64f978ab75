"""Reflection cards for a management team: printable A6 cards, four to an A4 page, from the course itself.

The original DFØ course offers «Refleksjonskort mangfoldsrekruttering» as extra material for applying the
course in one's own hiring. Their content is not known to us, so these cards are the course's own: one
card per reflection prompt of modules 1–5, read from the modules' content in the chosen language (so a
card always asks what the module asked), a card with LDO's three steps and one with the questions of a
structured review after a hire. Each card shows its module or step, the prompt, one short line from the
course to go on with, and the course's name.

The cards' own text is course text, in ``06-oppsummering/documents.<language>.yaml`` under ``cards:``
(:class:`mangfold.content.documents.CardsText`): the line under each module's prompt is keyed there by
module and reflection id, so it stays with the prompt it was written for. This module is pure data
(:func:`reflection_cards`); :func:`cards_pdf` typesets it with ``templates/typst/refleksjonskort.typ``.
Nothing here is the learner's: the cards are the same for every learner in a language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..content.documents import CardsText, CardText, StepsCardText, documents_path, load_documents
from ..content.errors import ContentError, Problem
from ..content.loader import content_path, load_module_content
from ..content.schema import LANGUAGES, ModuleContent
from ..course import MODULE_IDS, CourseNotFoundError, locate_course, module_number
from ..markup import plain_text
from ..progress.trust import SUMMARY_MODULE
from .docx import course_inline

CARD_TEMPLATE = "refleksjonskort.typ"
CARDS_PER_PAGE = 4
PDF_MIME = "application/pdf"
#: the file name a download or the trainer command gives the cards, by language
CARDS_FILENAME = {"nb": "refleksjonskort.pdf", "nn": "refleksjonskort.pdf", "en": "reflection-cards.pdf"}

CardKind = Literal["intro", "reflection", "steps", "review"]


@dataclass(frozen=True)
class Point:
    """A numbered point on a card; ``lead`` (a step's name) is set in bold before the text."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class Card:
    """One card: what it belongs to (``label``: a module or a step), the prompt, numbered points (the
    three steps, the review's questions) and one short line of context or a follow-up question."""

    kind: CardKind
    label: str
    prompt: str
    context: str
    points: tuple[Point, ...] = ()
    module: str | None = None  # the module a reflection card comes from


@dataclass(frozen=True)
class CardDeck:
    """The cards of one language, in print order, with the deck's title and the footer on every card."""

    language: str
    title: str
    footer: str
    cards: tuple[Card, ...]

    @property
    def pages(self) -> int:
        return math.ceil(len(self.cards) / CARDS_PER_PAGE)

    def data(self) -> dict[str, Any]:
        """The deck as the one JSON value the Typst template reads; every text is a plain string."""
        total = len(self.cards)
        return {"lang": self.language, "title": self.title, "footer": self.footer,
                "cards": [{"kind": card.kind, "label": card.label, "prompt": card.prompt,
                           "points": [{"lead": point.lead, "text": point.text} for point in card.points],
                           "context": card.context, "number": f"{number} / {total}"}
                          for number, card in enumerate(self.cards, start=1)]}


def _course_folders() -> list[Path]:
    """The course the package finds, source before release (a checkout's newest text), or none."""
    try:
        course = locate_course()
    except CourseNotFoundError:
        return []
    return [course.source, course.release]


def _roots(content_root: Path | None) -> list[Path]:
    """Where to look for the course's folders: ``content_root`` first, then the course the package finds."""
    return [*([Path(content_root)] if content_root else []), *_course_folders()]


def content_root_of(course_root: Path) -> Path:
    """The folder of a course (a checkout, an nbgrader course directory) whose modules the cards are read
    from: ``source/``, where authors and trainers edit, when it holds the modules; else ``release/``."""
    source, release = Path(course_root) / "source", Path(course_root) / "release"
    has_modules = any(content_path(source / module, "nb").is_file() for module in MODULE_IDS)
    return source if has_modules or not release.is_dir() else release


def cards_text(language: str, content_root: Path | None = None, roots: list[Path] | None = None) -> CardsText:
    """The cards' own text: from ``content_root``'s summary folder where its documents file has a ``cards:``
    section (a trainer's course may have edited it), else from the course the package finds."""
    looked: list[Path] = []
    for folder in (root / SUMMARY_MODULE for root in (roots if roots is not None else _roots(content_root))):
        path = documents_path(folder, language)
        if path.is_file():
            text = load_documents(folder, language).cards
            if text is not None:
                return text
        looked.append(path)
    where = looked[0] if looked else Path(content_root or ".") / SUMMARY_MODULE
    raise ContentError([Problem(where, ("cards",), "the reflection cards' text is missing (a 'cards:' section in "
                                                   f"documents.{language}.yaml); looked in "
                                                   + ", ".join(str(p) for p in looked))])


def _module_content(module: str, language: str, roots: list[Path]) -> ModuleContent | None:
    """A module's content from the first of ``roots`` that has it."""
    for folder in (root / module for root in roots):
        if content_path(folder, language).is_file():
            return load_module_content(folder, language)
    return None


def _own_card(kind: CardKind, text: CardText | StepsCardText) -> Card:
    points = (tuple(Point(plain_text(step.text), plain_text(step.name)) for step in text.steps)
              if isinstance(text, StepsCardText) else tuple(Point(plain_text(point)) for point in text.points))
    return Card(kind, plain_text(text.label), plain_text(text.prompt), plain_text(text.context), points)


def reflection_cards(language: str = "nb", content_root: Path | None = None) -> CardDeck:
    """Every card in ``language``: how to use them, one per reflection prompt of modules 1–5 (in module order),
    LDO's three steps, and the review after a hire.

    ``content_root`` is a folder holding the module folders and ``06-oppsummering/`` (a course's ``source/``
    or ``release/``, a learner's course); what it lacks comes from the course the package finds. A module
    found nowhere gives no card.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {LANGUAGES}")
    roots = _roots(content_root)
    text = cards_text(language, content_root, roots)
    cards = [_own_card("intro", text.intro)]
    for module in MODULE_IDS:
        content = _module_content(module, language, roots)
        if content is None:
            continue
        label = plain_text(text.module.format(number=module_number(module), title=content.title))
        for reflection in content.reflections:
            # the course's line for this prompt; else the module's own hint, else its subtitle
            context = (text.follow_ups.get(module, {}).get(reflection.id) or reflection.hint
                       or content.subtitle)
            cards.append(Card("reflection", label, course_inline(reflection.prompt), plain_text(context),
                              module=module))
    cards += [_own_card("steps", text.three_steps), _own_card("review", text.review)]
    return CardDeck(language, plain_text(text.title), plain_text(text.footer), tuple(cards))


def deck_pdf(deck: CardDeck) -> bytes:
    """A deck as a print-ready PDF: A4 pages of four A6 cards with cut marks (Typst, no browser)."""
    from .typeset import typeset_pdf

    return typeset_pdf(CARD_TEMPLATE, deck.data())


def cards_pdf(language: str = "nb", content_root: Path | None = None) -> bytes:
    """The cards of ``language`` (see :func:`reflection_cards`) as a print-ready PDF."""
    return deck_pdf(reflection_cards(language, content_root))
