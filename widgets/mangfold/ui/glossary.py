"""The course glossary as learners see it: one term per concept, a plain definition, the law names.

The words come from the course case file (:mod:`mangfold.content.case`), the same file the content tests
hold the modules to, so the glossary a learner reads is the vocabulary the modules use. The course home
shows it as a disclosure; the module completion screen can show the same markup (``glossary_html``).
A ``<details>`` element is a native disclosure: it opens with Enter or Space and screen readers announce
its state, with no script of ours.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .. import i18n
from ..content.case import CaseContent, case_path, load_case
from ..progress.trust import SUMMARY_MODULE


def case_folder(release_root: Path) -> Path:
    """Where the case file is in a course tree: the summary's folder, the course-wide one learners get."""
    return Path(release_root) / SUMMARY_MODULE


def has_glossary(release_root: Path) -> bool:
    return case_path(case_folder(release_root)).is_file()


def glossary_html(language: str, release_root: Path) -> Markup:
    """The glossary disclosure in ``language``: terms with the other language's term, then the law names."""
    return render_glossary(load_case(case_folder(release_root)), language)


#: the language whose term a glossary entry shows in brackets: English for a bokmål reader (the research and
#: much HR writing are English), bokmål for the others (the law texts and most of the state's documents)
BRACKETED = {"nb": "en", "nn": "nb", "en": "nb"}


def render_glossary(case: CaseContent, language: str) -> Markup:
    other = BRACKETED.get(language, "nb")

    def t(key: str) -> str:
        return i18n.text(language, f"ui.{key}")

    terms = Markup("").join(
        Markup('<dt>{term} <span class="mf-glossary__other" lang="{other}">({other_term})</span></dt>'
               "<dd>{definition}</dd>").format(
            term=entry.term.in_language(language), other=other, other_term=entry.term.in_language(other),
            definition=entry.definition.in_language(language))
        for entry in case.glossary)
    # the law's Norwegian name, then the name it is given beside: English (for bokmål and English readers) or
    # the bokmål name the law texts use (for a nynorsk reader, whose course writes the names in nynorsk)
    named, beside = ("nn", "nb") if language == "nn" else ("nb", "en")
    laws = Markup("").join(
        Markup('<dt lang="{named}">{name}{short}</dt><dd lang="{beside}">{other_name}</dd>').format(
            named=named, name=law.in_language(named), short=f" ({law.short})" if law.short else "",
            beside=beside, other_name=law.in_language(beside))
        for law in case.laws)
    return Markup(
        '<details class="mf-glossary"><summary class="mf-glossary__toggle">{title}</summary>'
        '<p class="mf-prose">{lead}</p><dl class="mf-glossary__list">{terms}</dl>'
        '<h3 class="mf-glossary__heading">{laws_title}</h3><p class="mf-prose">{laws_lead}</p>'
        '<dl class="mf-glossary__list mf-glossary__laws">{laws}</dl></details>'
    ).format(title=t("glossary_title"), lead=t("glossary_lead"), terms=terms, laws_title=t("glossary_laws"),
             laws_lead=t("glossary_laws_lead"), laws=laws)
