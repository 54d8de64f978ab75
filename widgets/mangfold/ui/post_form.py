"""«Stillingen du skal fylle»: the summary page's form for the post the learner will fill next.

The job analysis and the interview guides are built from it (:mod:`mangfold.summary.job_analysis`), so a
learner leaves the course with documents for their own post instead of the course's. The form asks for
the title, the unit, the main tasks (one a line), what the team lacks, and the requirements as rows, each
with its text, its type (five plain names) and must or should; rows are added and removed with buttons.

Like a reflection, every change is saved at once, atomically, in the summary's progress file
(:meth:`ProgressStore.save_post`: the whole post as one item, so it merges whole), and the note under the
form says when it was saved or, in the learner's language, why it was not; the text stays in the boxes
and the next change tries again. A trainer's prefill (``post.yaml``, :mod:`mangfold.summary.prefill`)
fills the form until the learner changes something; from then on their own post is what is saved.

Accessibility: every control is a native input with a ``<label>``; the label a sighted learner sees is
short («Type»), and its accessible name adds the row («Type (krav 2)»), so a screen reader's list of
controls says which row each belongs to. Adding a row moves focus to the new row's heading; removing one
moves it to the requirements' heading, and both are announced. Everything is reachable with Tab, and the
rows stack at 375 px (``.mf-post-*`` in the page's CSS).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..progress.model import (
    MAX_POST_REQUIREMENTS,
    MAX_POST_TASKS,
    MAX_TEXT,
    REQUIREMENT_KINDS,
    PostRecord,
    PostRequirementRecord,
    now_stamp,
)
from ..progress.store import ProgressStore
from ..summary.post import LearnerPost, record_from_post
from .focus import FocusManager
from .reflection import save_error_reason
from .widgets import action_button, card, html_block, lean, shared

HEADING_ID = "mf-post"
REQUIREMENTS_ID = "mf-post-requirements"


def row_id(number: int) -> str:
    """The id of requirement row ``number``'s heading (focus goes there when the row is added)."""
    return f"mf-post-row-{number}"


def _label(visible: str, hidden: str) -> str:
    """A control's label: ``visible`` on the page, ``hidden`` added for screen readers only."""
    return str(Markup('{}<span class="mf-visually-hidden"> {}</span>').format(visible, hidden))


def _field(widget: widgets.Widget) -> widgets.Widget:
    widget.add_class("mf-post-field")
    return widget


class RequirementRow(widgets.VBox):
    """One requirement: its text, its type and must/should, and a button that removes it."""

    def __init__(self, form: PostForm, number: int, requirement: PostRequirementRecord):
        super().__init__(layout=shared(widgets.Layout))
        self.add_class("mf-post-row")
        self.form, self.number = form, number
        t = form.words
        self.title = html_block()
        self.text = _field(lean(widgets.Text, value=requirement.text, continuous_update=True,
                                description_allow_html=True, style={"description_width": "initial"}))
        self.kind = _field(lean(widgets.Dropdown, options=[(t(f"kind_{k}"), k) for k in REQUIREMENT_KINDS],
                                value=requirement.kind, description_allow_html=True,
                                style={"description_width": "initial"}))
        self.must = _field(lean(widgets.Dropdown, options=[(t("must"), True), (t("should"), False)],
                                value=requirement.must, description_allow_html=True,
                                style={"description_width": "initial"}))
        self.remove_button = action_button("", secondary=True)
        self.remove_button.add_class("mf-post-remove")
        self.remove_button.on_click(lambda _button: form.remove_requirement(self.number))
        self.renumber(number)
        for control in (self.text, self.kind, self.must):
            control.observe(form.on_change, names="value")
        self.children = [self.title, self.text, self.kind, self.must, self.remove_button]

    def renumber(self, number: int) -> None:
        """Show and name the row as row ``number`` (after a row above it was removed)."""
        t = self.form.words
        self.number = number
        in_row = t("in_row", number=number)
        self.title.value = str(Markup('<h4 class="mf-post-row__title" id="{}" tabindex="-1">{}</h4>').format(
            row_id(number), t("row", number=number)))
        self.text.description = _label(t("row_text"), in_row)
        self.kind.description = _label(t("row_kind"), in_row)
        self.must.description = _label(t("row_must"), in_row)
        self.remove_button.description = self.remove_button.tooltip = t("remove", number=number)

    def record(self, problems: list[str]) -> PostRequirementRecord:
        """The row as saved: its text within the limit (``problems`` gets the reason when it was cut)."""
        text = self.form.bounded(self.text.value, self.form.words("row_text"), problems)
        return PostRequirementRecord(text=text, kind=self.kind.value, must=self.must.value)

    def close(self) -> None:
        for control in (self.title, self.text, self.kind, self.must, self.remove_button):
            control.close()
        super().close()


class PostForm(widgets.VBox):
    """The form. Drive it in tests as a learner would: set a control's ``value``, press :attr:`add_button`
    (:meth:`add_requirement`) or a row's remove button (:meth:`remove_requirement`)."""

    def __init__(self, store: ProgressStore, language: str, prefill: LearnerPost | None = None,
                 focus: FocusManager | None = None, on_saved: Callable[[], None] | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "reflection")
        self.add_class("mf-post-form")
        self.store, self.language, self.focus, self.on_saved = store, language, focus, on_saved
        saved = store.data.post
        start = saved or (record_from_post(prefill, now_stamp()) if prefill is not None else None)
        start = start or PostRecord(requirements=[PostRequirementRecord(text="", kind=REQUIREMENT_KINDS[0],
                                                                        must=True)], updated=now_stamp())
        t = self.words
        prefilled = Markup('<p class="mf-notice mf-notice--info">{}</p>').format(t("prefilled")) if (
            saved is None and prefill is not None) else ""
        self.heading = html_block(Markup(
            '<h2 class="mf-card__title" id="{}" tabindex="-1">{}</h2><p class="mf-prose">{}</p>{}').format(
            HEADING_ID, t("heading"), t("lead"), prefilled))
        text_style = {"description_width": "initial"}
        self.title = _field(lean(widgets.Text, value=start.title, description=t("title"), continuous_update=True,
                                 style=text_style))
        self.unit = _field(lean(widgets.Text, value=start.unit, description=t("unit"), continuous_update=True,
                                style=text_style))
        self.tasks = _field(lean(widgets.Textarea, value="\n".join(start.tasks), description=t("tasks"), rows=5,
                                 continuous_update=True, style=text_style))
        self.lacks = _field(lean(widgets.Textarea, value=start.lacks, description=t("lacks"), rows=3,
                                 continuous_update=True, style=text_style))
        self.requirements_heading = html_block(Markup(
            '<h3 class="mf-post-requirements__title" id="{}" tabindex="-1">{}</h3><p class="mf-prose">{}</p>').format(
            REQUIREMENTS_ID, t("requirements_heading"), t("requirements_lead")))
        self.rows: list[RequirementRow] = [RequirementRow(self, n, r) for n, r in enumerate(start.requirements, 1)]
        self.rows_box = lean(widgets.VBox)
        self.rows_box.add_class("mf-post-rows")
        self.add_button = action_button(t("add"), secondary=True)
        self.add_button.add_class("mf-post-add")
        self.add_button.on_click(lambda _button: self.add_requirement())
        self.notice = html_block()  # a limit reached: what was not saved, and why
        self.status = html_block()
        self.status.add_class("mf-reflection-status")
        self._show_rows()
        self._show_status(saved.updated if saved else None)
        for control in (self.title, self.unit, self.tasks, self.lacks):
            control.observe(self.on_change, names="value")
        self.children = [self.heading, self.title, self.unit, self.tasks, self.lacks, self.requirements_heading,
                         self.rows_box, self.add_button, self.notice, self.status]

    def words(self, key: str, **values: object) -> str:
        return i18n.text(self.language, f"post.{key}", **values)

    # -- what the learner does --------------------------------------------------------------------
    def add_requirement(self) -> bool:
        """Add an empty row (saved at once, so a reload keeps it) and move focus to it; False at the limit."""
        if len(self.rows) >= MAX_POST_REQUIREMENTS:
            self._show_notice([self.words("requirements_full", limit=MAX_POST_REQUIREMENTS)])
            return False
        number = len(self.rows) + 1
        self.rows.append(RequirementRow(self, number, PostRequirementRecord(text="", kind=REQUIREMENT_KINDS[0],
                                                                           must=True)))
        self._show_rows()
        self.save()
        self._move_focus(row_id(number), self.words("added", number=number))
        return True

    def remove_requirement(self, number: int) -> None:
        """Remove row ``number`` (1 is the first); the rows after it move up and are named anew."""
        if not 1 <= number <= len(self.rows):
            return
        row = self.rows.pop(number - 1)
        for position, following in enumerate(self.rows[number - 1:], start=number):
            following.renumber(position)
        self._show_rows()
        row.close()
        self.save()
        self._move_focus(REQUIREMENTS_ID, self.words("removed", number=number))

    # -- saving -----------------------------------------------------------------------------------
    def on_change(self, _change: dict) -> None:
        """Any control changed: save the whole post (a reflection saves on every keystroke too)."""
        self.save()

    def bounded(self, text: str, field: str, problems: list[str]) -> str:
        """``text`` within the format's limit; a longer one is cut, and ``problems`` says so in the learner's words."""
        if len(text) <= MAX_TEXT:
            return text
        problems.append(self.words("too_long", field=field, limit=MAX_TEXT))
        return text[:MAX_TEXT]

    def current(self) -> tuple[PostRecord, list[str]]:
        """The post as the form holds it now (blank lines of the task list left out, the limits applied), and
        what could not be kept within the limits, for the learner."""
        problems: list[str] = []
        tasks = [line.strip() for line in self.bounded(self.tasks.value, self.words("tasks"), problems).splitlines()
                 if line.strip()]
        if len(tasks) > MAX_POST_TASKS:
            problems.append(self.words("tasks_full", limit=MAX_POST_TASKS, next=MAX_POST_TASKS + 1))
            tasks = tasks[:MAX_POST_TASKS]
        record = PostRecord(title=self.bounded(self.title.value, self.words("title"), problems),
                            unit=self.bounded(self.unit.value, self.words("unit"), problems), tasks=tasks,
                            lacks=self.bounded(self.lacks.value, self.words("lacks"), problems),
                            requirements=[row.record(problems) for row in self.rows], updated=now_stamp())
        return record, problems

    def save(self) -> bool:
        """Save the whole post now; the note says when, or why not (in the learner's language)."""
        record, problems = self.current()
        self._show_notice(problems)
        ok = self.store.save_post(record)
        if ok:
            self._show_status(self.store.data.post.updated if self.store.data.post else None)
            if self.on_saved is not None:
                self.on_saved()
        else:
            self._show_status(error=save_error_reason(self.store.last_error, self.language))
        return ok

    # -- showing ----------------------------------------------------------------------------------
    def _show_rows(self) -> None:
        empty = [] if self.rows else [html_block(Markup('<p class="mf-hint">{}</p>').format(
            self.words("requirements_none")))]
        self.rows_box.children = [*self.rows, *empty]

    def _show_notice(self, problems: list[str]) -> None:
        self.notice.value = str(Markup('<div class="mf-notice mf-notice--warning" role="alert">{}</div>').format(
            Markup("").join(Markup("<p>{}</p>").format(p) for p in problems))) if problems else ""

    def _show_status(self, saved_at: str | None = None, error: str | None = None) -> None:
        if error is not None:
            self.status.value = str(Markup('<p class="mf-status--error" role="alert">{}</p>').format(
                i18n.text(self.language, "ui.not_saved", reason=error)))
            return
        if saved_at is None:
            self.status.value = ""
            return
        local = datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M:%S")
        self.status.value = str(Markup('<p class="mf-status--saved">{}</p>').format(
            i18n.text(self.language, "ui.saved_at", time=local)))

    def _move_focus(self, element_id: str, announcement: str) -> None:
        if self.focus is not None:
            self.focus.focus(element_id)
            self.focus.announce(announcement)
