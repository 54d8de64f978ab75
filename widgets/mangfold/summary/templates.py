"""Word templates filled in from the learner's work: a job analysis and structured interview guides.

The job analysis starts from the requirements the learner sorted in module 2 (``jobbanalyse``):
"must have" in the learner's own ranked order, then "nice to have", then the dropped ones, with a
weighting column to fill in. The interview guides give every must-have requirement its own section
with a past-behaviour question, planned follow-ups, room for notes and a rating scale anchored with
the descriptions from module 4's ``vurderingsskala`` exercise. Both work without the learner's
answers too: the rows and sections are then blank and the document says why.

The scale's descriptions are course text, not learner work, and :class:`ExerciseRecord` keeps only
the category labels, so they are read from module 4's content file under ``content_root`` (the course
folder the summary was built from; by default the checkout's ``release/``). Without that file the
scale keeps its numbers and leaves the descriptions for the panel to write.

Everything goes in as plain text, as in :mod:`.docx`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..content.errors import ContentError
from ..content.loader import load_module_content
from ..content.schema import ClassifyBlock
from ..course import locate_course
from .docx import CHECKBOX, WordWriter, course_inline
from .model import CourseSummary, ExerciseRecord, PlacementRecord
from .strings import summary_text

JOB_ANALYSIS_MODULE, JOB_ANALYSIS_EXERCISE = "02-legg-grunnlaget", "jobbanalyse"
MUST, NICE, DROP = "ma", "bor", "fjern"  # the exercise's category ids
SCALE_MODULE, SCALE_EXERCISE = "04-vurder-systematisk", "vurderingsskala"
SCORES = (1, 2, 3, 4, 5)
BLANK_SECTIONS = 3  # requirement sections in an interview guide when the learner has no musts yet

#: Words of the templates that :mod:`.strings` does not have.
TEMPLATE_WORDS: dict[str, dict[str, str]] = {
    "nb": {
        # job analysis
        "ja_not_done": "Øvelsen med kravene i modul 2 er ikke fullført, så kravtabellene under er tomme eller "
                       "ufullstendige. Fyll dem inn selv, eller fullfør øvelsen og last ned malen på nytt.",
        "ja_guidance": "Før du leser en eneste søknad",
        "ja_guide_weights": "Bestem kravene og hvor mye hvert av dem skal veie, før du leser søknadene. "
                            "Da er det kravene som avgjør, ikke favoritten.",
        "ja_guide_habit": "Still spørsmål ved krav dere har av vane: Krever oppgavene virkelig full stilling, "
                          "høyt tempo eller mange års erfaring?",
        "ja_guide_language": "Språkkrav må begrunnes i oppgavene. Skriv hvilken norsk jobben krever, for "
                             "eksempel å skrive vedtak, ikke bare «flytende norsk».",
        "ja_guide_person": "Beskriv jobben, ikke den som hadde den før.",
        "ja_post": "Stillingen",
        "ja_post_fields": "Stilling|Enhet|Leder",
        "ja_purpose": "Formål",
        "ja_purpose_lead": "Hva skal stillingen oppnå, og for hvem?",
        "ja_tasks": "Oppgaver",
        "ja_tasks_lead": "De viktigste oppgavene, og omtrent hvor stor del av tiden hver av dem tar.",
        "ja_task": "Oppgave",
        "ja_share": "Andel av tiden",
        "ja_task_needs": "Hva oppgaven krever",
        "ja_requirements": "Krav",
        "ja_requirements_lead": "Kompetanse er utdanning, erfaring og personlig egnethet, og hvert krav skal "
                                "følge av en oppgave over. Fyll inn vekten før du leser søknadene, for "
                                "eksempel i prosent, slik at vektene til sammen blir 100.",
        "ja_ranked": "I den rekkefølgen du rangerte dem: det viktigste først.",
        "ja_differs": "«Vårt forslag» er fylt ut der kurset foreslo en annen plassering enn din.",
        "ja_number": "Nr.",
        "ja_requirement": "Krav",
        "ja_reason": "Hvilken oppgave krever det?",
        "ja_weight": "Vekt",
        "ja_must": "Må ha",
        "ja_nice": "Bør ha",
        "ja_removed": "Fjernet",
        "ja_unsorted": "Ikke sortert ennå",
        "ja_decided": "Bestemt før søknadene ble lest",
        "ja_decided_fields": "Dato|Bestemt av",
        # interview guide
        "ig_lead": "Samme jobbrelevante spørsmål, i samme rekkefølge, for alle søkerne. Spørsmålene bygger på "
                   "må-kravene fra jobbanalysen din, i den rekkefølgen du rangerte dem.",
        "ig_lead_2": "Andregangsintervjuet går dypere i de samme kravene, og legger til en arbeidsprøve og "
                     "samtaler med referanser.",
        "ig_no_musts": "Du har ingen må-krav fra jobbanalysen i modul 2 ennå, så kravseksjonene under er tomme. "
                       "Skriv inn kravene før det første intervjuet.",
        "ig_fields": "Stilling|Søker|Dato|Panel",
        "ig_rules": "Slik gjennomfører dere intervjuet",
        "ig_rule_same": "Alle søkerne får de samme spørsmålene, i samme rekkefølge.",
        "ig_rule_past": "Spør om hva søkeren faktisk har gjort: situasjon, handlinger og resultat. Bruk de "
                        "planlagte oppfølgingsspørsmålene hos alle.",
        "ig_rule_notes": "Skriv notater underveis om hva søkeren sier at hen gjorde, ikke om inntrykket ditt.",
        "ig_rule_score": "Sett skår rett etter hvert svar, mot beskrivelsene i skalaen, ett krav om gangen.",
        "ig_rule_not_each_other": "Skår hver søker mot kravene, ikke mot de andre søkerne.",
        "ig_rule_keep": "Ta vare på notatene og skårene. Klager noen, er det dere som må sannsynliggjøre at dere "
                        "ikke diskriminerte (likestillings- og diskrimineringsloven § 37).",
        "ig_requirement": "Krav {number}: {text}",
        "ig_requirement_blank": "Krav {number}",
        "ig_requirement_fill": "Kravet",
        "ig_question": "Spørsmål",
        "ig_question_text": "«Fortell om en gang du …»",
        "ig_follow_ups": "Planlagte oppfølgingsspørsmål:",
        "ig_follow_situation": "«Hva var situasjonen, og hva var din rolle?»",
        "ig_follow_actions": "«Hva gjorde du, steg for steg?»",
        "ig_follow_result": "«Hva ble resultatet, og hvordan vet du det?»",
        "ig_follow_own": "«…»",
        "ig_notes": "Notater:",
        "ig_score": "Skår:",
        "ig_score_column": "Skår",
        "ig_anchor_column": "Svaret viser",
        "ig_tick_column": "Kryss av",
        "ig_between": "Mellom {low} og {high}",
        "ig_work_sample": "Arbeidsprøve eller case",
        "ig_work_sample_lead": "Gi alle søkerne den samme oppgaven, hentet fra det stillingen faktisk går ut på, "
                               "med samme tid og de samme hjelpemidlene. Vurder resultatet mot kravene.",
        "ig_work_sample_fields": "Oppgaven|Kravene oppgaven viser|Tid og hjelpemidler",
        "ig_references": "Referansesjekk",
        "ig_references_lead": "Still hver referanse de samme spørsmålene om de samme kravene, og spør etter hva "
                              "søkeren faktisk gjorde.",
        "ig_references_fields": "Referanse (navn og rolle)|Hvordan kjenner referansen søkeren?",
        "ig_reference_questions": "Spørsmål til referansen:",
        "ig_reference_question": "{text}: «Kan du fortelle om en situasjon der søkeren viste dette? Hva gjorde "
                                 "hen, og hva ble resultatet?»",
        "ig_reference_question_blank": "«Kan du fortelle om en situasjon der søkeren …?»",
        "ig_reference_ban": "Spørreforbudet under gjelder også her: Spør ikke referansen om noe dere ikke kan "
                            "spørre søkeren om.",
        "ig_ban": "Dette kan dere ikke spørre om",
        "ig_ban_lead": "Likestillings- og diskrimineringsloven § 30: Dere kan ikke hente inn opplysninger om noe "
                       "av dette, verken i intervjuet eller på annen måte:",
        "ig_ban_pregnancy": "graviditet, adopsjon eller planer om å få barn",
        "ig_ban_religion": "religion eller livssyn",
        "ig_ban_ethnicity": "etnisitet",
        "ig_ban_disability": "funksjonsnedsettelse",
        "ig_ban_orientation": "seksuell orientering, kjønnsidentitet eller kjønnsuttrykk",
        "ig_ban_exceptions": "Unntakene er smale: når etnisitet, religion, livssyn, funksjonsnedsettelse eller "
                             "samlivsform er avgjørende for å utføre arbeidet, eller når virksomheten har et "
                             "religiøst eller livssynsmessig formål og skriver det i utlysningen.",
        "ig_ban_ldo": "Ifølge Likestillings- og diskrimineringsombudet gjelder forbudet også partnerens "
                      "graviditet. Navn og språkkunnskaper kan dere spørre om.",
        "ig_ban_raised": "Tar søkeren selv opp et av temaene, er det ikke et brudd. Noter at søkeren tok det opp, "
                         "og la bare kravene telle.",
        "ig_ban_aml": "Arbeidsmiljøloven: Spør heller ikke om politisk syn eller medlemskap i fagforening, med "
                      "mindre det er begrunnet og står i utlysningen (§ 13-4), og ikke om helse utover det "
                      "oppgavene krever (§ 9-3).",
    },
    "en": {
        # job analysis
        "ja_not_done": "The requirements exercise in module 2 is not finished, so the requirement tables below are "
                       "empty or incomplete. Fill them in yourself, or finish the exercise and download the "
                       "template again.",
        "ja_guidance": "Before you read a single application",
        "ja_guide_weights": "Decide the requirements, and how much each of them weighs, before you read the "
                            "applications. Then the requirements decide, not a favourite.",
        "ja_guide_habit": "Question requirements you set out of habit: do the tasks really need full time, a "
                          "high tempo or many years of experience?",
        "ja_guide_language": "Language requirements must be justified by the tasks. Say which Norwegian the job "
                             "needs, such as writing decisions, not just “fluent Norwegian”.",
        "ja_guide_person": "Describe the job, not the person who had it before.",
        "ja_post": "The post",
        "ja_post_fields": "Post|Unit|Manager",
        "ja_purpose": "Purpose",
        "ja_purpose_lead": "What is the post for, and for whom?",
        "ja_tasks": "Tasks",
        "ja_tasks_lead": "The main tasks, and roughly how much of the time each of them takes.",
        "ja_task": "Task",
        "ja_share": "Share of the time",
        "ja_task_needs": "What the task requires",
        "ja_requirements": "Requirements",
        "ja_requirements_lead": "Competence is education, experience and personal suitability, and every "
                                "requirement must follow from a task above. Fill in the weights before you read "
                                "the applications, for instance as percentages that add up to 100.",
        "ja_ranked": "In the order you ranked them: the most important first.",
        "ja_differs": "“Our suggestion” is filled in where the course suggested another place than yours.",
        "ja_number": "No.",
        "ja_requirement": "Requirement",
        "ja_reason": "Which task needs it?",
        "ja_weight": "Weight",
        "ja_must": "Must have",
        "ja_nice": "Nice to have",
        "ja_removed": "Dropped",
        "ja_unsorted": "Not sorted yet",
        "ja_decided": "Decided before the applications were read",
        "ja_decided_fields": "Date|Decided by",
        # interview guide
        "ig_lead": "The same job-related questions, in the same order, for every applicant. The questions build "
                   "on the must-have requirements from your job analysis, in the order you ranked them.",
        "ig_lead_2": "The second interview goes deeper into the same requirements, and adds a work sample and "
                     "conversations with referees.",
        "ig_no_musts": "You have no must-have requirements from the job analysis in module 2 yet, so the "
                       "requirement sections below are blank. Write in the requirements before the first interview.",
        "ig_fields": "Post|Applicant|Date|Panel",
        "ig_rules": "How to run the interview",
        "ig_rule_same": "Every applicant gets the same questions, in the same order.",
        "ig_rule_past": "Ask what the applicant has actually done: situation, actions and outcome. Use the "
                        "planned follow-up questions with everyone.",
        "ig_rule_notes": "Take notes as you go on what the applicant says they did, not on your impression.",
        "ig_rule_score": "Score right after each answer, against the descriptions on the scale, one requirement "
                         "at a time.",
        "ig_rule_not_each_other": "Score each applicant against the requirements, not against the other applicants.",
        "ig_rule_keep": "Keep the notes and scores. If someone complains, it is up to you to show that you did "
                        "not discriminate (Equality and Anti-Discrimination Act, section 37).",
        "ig_requirement": "Requirement {number}: {text}",
        "ig_requirement_blank": "Requirement {number}",
        "ig_requirement_fill": "The requirement",
        "ig_question": "Question",
        "ig_question_text": "“Tell me about a time you …”",
        "ig_follow_ups": "Planned follow-up questions:",
        "ig_follow_situation": "“What was the situation, and what was your part in it?”",
        "ig_follow_actions": "“What did you do, step by step?”",
        "ig_follow_result": "“What was the outcome, and how do you know?”",
        "ig_follow_own": "“…”",
        "ig_notes": "Notes:",
        "ig_score": "Score:",
        "ig_score_column": "Score",
        "ig_anchor_column": "The answer shows",
        "ig_tick_column": "Tick",
        "ig_between": "Between {low} and {high}",
        "ig_work_sample": "Work sample or case",
        "ig_work_sample_lead": "Give every applicant the same task, taken from what the post actually involves, "
                               "with the same time and the same aids. Assess the result against the requirements.",
        "ig_work_sample_fields": "The task|Requirements the task shows|Time and aids",
        "ig_references": "Reference check",
        "ig_references_lead": "Ask every referee the same questions about the same requirements, and ask what "
                              "the applicant actually did.",
        "ig_references_fields": "Referee (name and role)|How does the referee know the applicant?",
        "ig_reference_questions": "Questions for the referee:",
        "ig_reference_question": "{text}: “Can you tell me about a time the applicant showed this? What did they "
                                 "do, and what was the outcome?”",
        "ig_reference_question_blank": "“Can you tell me about a time the applicant …?”",
        "ig_reference_ban": "The ban below applies here too: do not ask a referee anything you may not ask the "
                            "applicant.",
        "ig_ban": "What you may not ask",
        "ig_ban_lead": "Section 30 of the Equality and Anti-Discrimination Act: you may not gather information on "
                       "any of this, in the interview or in any other way:",
        "ig_ban_pregnancy": "pregnancy, adoption or plans to have children",
        "ig_ban_religion": "religion or belief",
        "ig_ban_ethnicity": "ethnicity",
        "ig_ban_disability": "disability",
        "ig_ban_orientation": "sexual orientation, gender identity or gender expression",
        "ig_ban_exceptions": "The exceptions are narrow: when ethnicity, religion, belief, disability or form of "
                             "cohabitation is decisive for doing the work, or when the organisation has a religious "
                             "or belief-based purpose and says so in the job advertisement.",
        "ig_ban_ldo": "The Equality and Anti-Discrimination Ombud (LDO) says the ban also covers a partner's "
                      "pregnancy. You may ask about name and language skills.",
        "ig_ban_raised": "If the applicant raises one of these topics, that is no breach. Note that the applicant "
                         "raised it, and let only the requirements count.",
        "ig_ban_aml": "Working Environment Act: do not ask about political views or union membership either, "
                      "unless it is justified and stated in the advertisement (section 13-4), nor about health "
                      "beyond what the tasks require (section 9-3).",
    },
}

BAN_ITEMS = ("ig_ban_pregnancy", "ig_ban_religion", "ig_ban_ethnicity", "ig_ban_disability", "ig_ban_orientation")
RULES = ("ig_rule_same", "ig_rule_past", "ig_rule_notes", "ig_rule_score", "ig_rule_not_each_other", "ig_rule_keep")
FOLLOW_UPS = ("ig_follow_situation", "ig_follow_actions", "ig_follow_result", "ig_follow_own")


def template_words(language: str, key: str, **values: object) -> str:
    return TEMPLATE_WORDS[language][key].format(**values)


# --- the learner's requirements ---------------------------------------------------------------------

def job_analysis_exercise(summary: CourseSummary) -> ExerciseRecord | None:
    module = summary.module(JOB_ANALYSIS_MODULE)
    return module.exercise(JOB_ANALYSIS_EXERCISE) if module else None


def placed_in(exercise: ExerciseRecord | None, category: str) -> tuple[PlacementRecord, ...]:
    """The items the learner put in a category (none if the content has no such category)."""
    if exercise is None or category not in dict(exercise.categories):
        return ()
    return exercise.items_in(category)


def ranked_musts(exercise: ExerciseRecord | None) -> tuple[PlacementRecord, ...]:
    """The must-haves in the learner's ranked order; any the learner did not rank follow in page order."""
    musts = placed_in(exercise, MUST)
    rank = {text: position for position, text in enumerate(exercise.ranked_items)} if exercise else {}
    return tuple(sorted(musts, key=lambda p: rank.get(p.item, len(rank))))


def _category_label(exercise: ExerciseRecord | None, category: str, fallback: str) -> str:
    return dict(exercise.categories).get(category, fallback) if exercise else fallback


def _suggestion(exercise: ExerciseRecord, placement: PlacementRecord) -> str:
    """The course's place for an item, shown only where it differs and once the learner has checked."""
    return placement.suggested if exercise.checked and placement.placed != placement.suggested else ""


# --- job analysis -----------------------------------------------------------------------------------

def _fields(w: WordWriter, names: str) -> None:
    """A two-column table of labels and blank cells to write in."""
    w.table(None, [[name, ""] for name in names.split("|")], columns=2)


def job_analysis_docx(summary: CourseSummary) -> bytes:
    """A job-analysis template with the learner's requirements from module 2 filled in."""
    language = summary.language
    t = partial(template_words, language)
    exercise = job_analysis_exercise(summary)
    w = WordWriter(summary, summary_text(language, "job_analysis"))
    w.title(summary_text(language, "job_analysis"))
    w.paragraph(summary_text(language, "job_analysis_lead"))
    if exercise is None or not exercise.done:
        w.paragraph(t("ja_not_done"), bold=True)
    w.box(t("ja_guidance"), [t("ja_guide_weights"), t("ja_guide_habit"), t("ja_guide_language"),
                             t("ja_guide_person")], shaded=True)

    w.heading(t("ja_post"), 1)
    _fields(w, t("ja_post_fields"))
    w.heading(t("ja_purpose"), 2)
    w.paragraph(t("ja_purpose_lead"))
    w.box(lines=3)
    w.heading(t("ja_tasks"), 2)
    w.paragraph(t("ja_tasks_lead"))
    w.table([t("ja_task"), t("ja_share"), t("ja_task_needs")], [["", "", ""]] * 6)

    w.heading(t("ja_requirements"), 1)
    w.paragraph(t("ja_requirements_lead"))
    if exercise and exercise.checked and any(p.placed and p.placed != p.suggested for p in exercise.placements):
        w.paragraph(t("ja_differs"))
    requirement, reason, weight = t("ja_requirement"), t("ja_reason"), t("ja_weight")
    suggested = summary_text(language, "suggested")

    musts = ranked_musts(exercise)
    w.heading(_category_label(exercise, MUST, t("ja_must")), 2)
    if musts and exercise and exercise.ranked_items:
        w.paragraph(t("ja_ranked"))
    rows = [[str(n), course_inline(p.item), "", "", _suggestion(exercise, p)] for n, p in enumerate(musts, 1)]
    rows += [[str(n), "", "", "", ""] for n in range(len(musts) + 1, len(musts) + (3 if musts else 4))]
    w.table([t("ja_number"), requirement, reason, weight, suggested], rows)

    nice = placed_in(exercise, NICE)
    w.heading(_category_label(exercise, NICE, t("ja_nice")), 2)
    rows = [[course_inline(p.item), "", "", _suggestion(exercise, p)] for p in nice]
    rows += [["", "", "", ""]] * (2 if nice else 3)
    w.table([requirement, reason, weight, suggested], rows)

    dropped = placed_in(exercise, DROP)
    w.heading(t("ja_removed"), 2)
    rows = [[course_inline(p.item), p.placed or "", _suggestion(exercise, p)] for p in dropped] or [["", "", ""]]
    w.table([requirement, summary_text(language, "your_placement"), suggested], rows)

    started = exercise is not None and any(p.placed for p in exercise.placements)
    unsorted = [p for p in exercise.placements if not p.placed] if started else []
    if unsorted:  # the learner has begun sorting: what is left is theirs to place
        w.heading(t("ja_unsorted"), 2)
        w.bullets(course_inline(p.item) for p in unsorted)

    w.heading(t("ja_decided"), 1)
    _fields(w, t("ja_decided_fields"))
    return w.to_bytes()


# --- interview guides -------------------------------------------------------------------------------

def _scale_block(language: str, content_root: Path | None) -> ClassifyBlock | None:
    root = Path(content_root) if content_root else locate_course().release
    try:
        content = load_module_content(root / SCALE_MODULE, language)
    except (ContentError, OSError):
        return None
    return next((b for b in content.exercises if b.id == SCALE_EXERCISE), None)


def scale_rows(language: str, content_root: Path | None = None) -> list[list[str]]:
    """Rows 1 to 5 of the rating scale: (score, what the answer shows, a box to tick).

    The anchored points and their descriptions come from module 4's ``vurderingsskala`` categories
    (a label starting with its score, such as "3 – god"); the points between them say so.
    """
    anchors: dict[int, tuple[str, str]] = {}
    block = _scale_block(language, content_root)
    for position, category in enumerate(block.categories if block else ()):
        number = re.match(r"\s*(\d+)", category.label)
        score = int(number.group(1)) if number else 2 * position + 1
        anchors[score] = (category.label, course_inline(category.description or ""))
    rows = []
    for score in SCORES:
        if score in anchors:
            label, description = anchors[score]
        else:
            low = max((s for s in anchors if s < score), default=None)
            high = min((s for s in anchors if s > score), default=None)
            label = str(score)
            description = (template_words(language, "ig_between", low=low, high=high)
                           if low is not None and high is not None else "")
        rows.append([label, description, CHECKBOX])
    return rows


def _scale(w: WordWriter, language: str, rows: Sequence[Sequence[str]]) -> None:
    t = partial(template_words, language)
    w.paragraph(t("ig_score"), bold=True)
    w.table([t("ig_score_column"), t("ig_anchor_column"), t("ig_tick_column")], rows)


def _requirement_section(w: WordWriter, language: str, number: int, text: str | None,
                         scale: Sequence[Sequence[str]]) -> None:
    t = partial(template_words, language)
    if text:
        w.heading(t("ig_requirement", number=number, text=text), 1)
    else:
        w.heading(t("ig_requirement_blank", number=number), 1)
        w.paragraph("", label=t("ig_requirement_fill"))
    w.paragraph(t("ig_question_text"), label=t("ig_question"))
    w.paragraph(t("ig_follow_ups"), bold=True)
    w.bullets(t(key) for key in FOLLOW_UPS)
    w.paragraph(t("ig_notes"), bold=True)
    w.box(lines=5)
    _scale(w, language, scale)


def interview_guide_docx(summary: CourseSummary, round: int, *, content_root: Path | None = None) -> bytes:
    """A structured interview guide for the first (``round=1``) or second (``round=2``) interview.

    ``content_root`` is the course folder whose module 4 holds the rating scale's descriptions.
    """
    if round not in (1, 2):
        raise ValueError(f"round must be 1 or 2, not {round!r}")
    language = summary.language
    t = partial(template_words, language)
    title = summary_text(language, f"interview_guide_{round}")
    musts = ranked_musts(job_analysis_exercise(summary))
    scale = scale_rows(language, content_root)

    w = WordWriter(summary, title)
    w.title(title)
    w.paragraph(t("ig_lead"))
    if round == 2:
        w.paragraph(t("ig_lead_2"))
    if not musts:
        w.paragraph(t("ig_no_musts"), bold=True)
    _fields(w, t("ig_fields"))

    w.heading(t("ig_rules"), 1)
    w.numbered([t(key) for key in RULES])

    texts: list[str | None] = [course_inline(p.item) for p in musts] or [None] * BLANK_SECTIONS
    for number, text in enumerate(texts, 1):
        _requirement_section(w, language, number, text, scale)

    if round == 2:
        w.heading(t("ig_work_sample"), 1)
        w.paragraph(t("ig_work_sample_lead"))
        _fields(w, t("ig_work_sample_fields"))
        w.paragraph(t("ig_notes"), bold=True)
        w.box(lines=5)
        _scale(w, language, scale)

        w.heading(t("ig_references"), 1)
        w.paragraph(t("ig_references_lead"))
        _fields(w, t("ig_references_fields"))
        w.paragraph(t("ig_reference_questions"), bold=True)
        w.bullets([t("ig_reference_question", text=text) for text in texts if text]
                  or [t("ig_reference_question_blank")])
        w.paragraph(t("ig_reference_ban"))
        w.paragraph(t("ig_notes"), bold=True)
        w.box(lines=5)

    w.heading(t("ig_ban"), 1)
    w.paragraph(t("ig_ban_lead"))
    w.bullets(t(key) for key in BAN_ITEMS)
    for key in ("ig_ban_exceptions", "ig_ban_ldo", "ig_ban_raised", "ig_ban_aml"):
        w.paragraph(t(key))
    return w.to_bytes()


__all__ = ["interview_guide_docx", "job_analysis_docx", "ranked_musts", "scale_rows"]
