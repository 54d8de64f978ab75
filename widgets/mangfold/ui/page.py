"""A module page: what a module notebook's cells call. One page per Voilà page view (one kernel).

The notebook stays tiny — open the page, show the header, show the steps — so the course text lives in
content files and the behaviour lives here, tested without a browser. The module is shown one step at a
time (:mod:`mangfold.ui.steps`); the last step is the completion screen (:meth:`ModulePage.completion`).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..completion import item_statuses
from ..content.loader import language_of, load_module_content
from ..content.schema import LANGUAGES, CheckBlock, ClassifyBlock, ReflectionBlock, ScenarioBlock, TextBlock
from ..content.steps import module_steps
from ..course import module_number, next_module, notebook_name
from ..course_state import ModuleState, course_state
from ..handin import HandInTarget, hand_in_target
from ..progress.store import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from ..progress.trust import SUMMARY_MODULE, saved_step
from ..runtime import running_in_voila
from .check import KnowledgeCheck
from .classify import ClassifyExercise
from .focus import FocusManager
from .handin import HandInCard
from .header import ModuleHeader
from .mirror import BrowserMirror
from .reflection import ReflectionBox
from .scenario import ScenarioPlayer
from .steps import StepView, step_tasks
from .widgets import card, html_block, lean, markdown


def requested_language() -> str | None:
    """``?lang=en`` from the Voilà page address, if any (a preheated kernel waits for the request)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request

        wait_for_request()
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    value = (query.get("lang") or [None])[0]
    return value if value in LANGUAGES else None


def saved_language(folder: Path, module_id: str) -> str | None:
    """The language of the learner's last visit to this module, if a trusted file says so."""
    try:
        saved = read_progress(folder, module_id)
    except ProgressFileError:
        return None
    return saved.language if saved else None


class ModulePage:
    """Content, progress and widgets of one module, in the learner's language."""

    def __init__(self, module_id: str, folder: Path | None = None, language: str | None = None,
                 guided: bool | None = None):
        self.module_id = module_id
        self.folder = Path(folder) if folder is not None else Path.cwd()
        #: the guided path applies on the learner's page only: a grader or a test sees every module
        self.guided = running_in_voila() if guided is None else guided
        asked = language or requested_language()
        saved = saved_language(self.folder, module_id)
        # a copy of the course from before a language came has no file for it: the page is then in bokmål
        self.language = language_of(self.folder, asked or saved or "nb")
        self.content = load_module_content(self.folder, self.language)
        self.store = ProgressStore(self.folder, module_id, self.language)
        untrusted = any(n.kind == "untrusted" for n in self.store.notices)
        if asked == self.language and asked != saved and not untrusted:  # an explicit choice holds for next time
            self.store.set_language(asked)
        self.focus = FocusManager(lang=self.language)
        self.mirror = BrowserMirror(self.folder.parent, [module_id])
        self.store.subscribe(lambda progress: self.mirror.publish(module_id, progress))
        self.widgets: dict[str, widgets.Widget] = {}
        self.locked_by = self._locked_by() if self.guided else None
        #: the module's introduction, shown above the first step only (see :meth:`steps`)
        self.intro = html_block(Markup('<div class="mf-prose mf-intro">{}</div>').format(markdown(self.content.intro)))
        self.step_view: StepView | None = None
        self.completion_html: widgets.HTML | None = None
        self.completion_box: widgets.Widget | None = None

    def _locked_by(self) -> ModuleState | None:
        """The unfinished module before this one, while the learner is on the guided path."""
        state = course_state(self.folder.parent, self.language)
        if state.unlocked(self.module_id):
            return None
        ids = [m.module for m in state.modules]
        return state.modules[ids.index(self.module_id) - 1]

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.language, f"ui.{key}", **values)

    def header(self) -> widgets.Widget:
        """The page top: focus helper, any notice about set-aside files, the module header."""
        notices = [
            html_block(Markup('<div class="mf-notice mf-notice--warning" role="alert"><p>{}</p></div>').format(
                self.t("set_aside", reason=n.reason_in(self.language))))
            for n in self.store.notices if n.kind in ("untrusted", "set-aside")
        ]
        header = ModuleHeader(self.content, self.store, self.language)
        if self.locked_by is not None:
            before = self.locked_by
            number = module_number(before.module)
            href = f"../{before.module}/{notebook_name(before.module)}?lang={self.language}"
            lock = html_block(Markup(
                '<div class="mf-notice mf-notice--info" role="status"><p>{locked}</p>'
                '<p><a class="mf-btn mf-btn--primary" href="{href}">{go}</a>{home}</p></div>'
            ).format(locked=self.t("module_locked", number=number, title=before.content.title), href=href,
                     go=self.t("go_to_module", number=number), home=self._home_link()))
            return lean(widgets.VBox, [self.focus, self.mirror, header, lock])
        return lean(widgets.VBox, [self.focus, self.mirror, *notices, header, self.intro])

    def _home_link(self) -> Markup:
        """A link back to the course home, where there is one (locally and on Binder, not on a hub)."""
        home = self.folder.parent.parent / "notebooks" / "home.ipynb"
        if not home.exists():
            return Markup("")
        return Markup(' <a class="mf-btn mf-btn--secondary mf-home-link" href="../../notebooks/home.ipynb?'
                      'lang={}">{}</a>').format(self.language, self.t("back_home"))

    def show(self, block_id: str) -> widgets.Widget:
        """The widget for one content block; the same object on every call for that id."""
        if self.locked_by is not None:
            return html_block()  # the header explains the lock; nothing of the module is shown
        if block_id not in self.widgets:
            self.widgets[block_id] = self._build(block_id)
        return self.widgets[block_id]

    def _build(self, block_id: str) -> widgets.Widget:
        block = self.content.block(block_id)
        if isinstance(block, ScenarioBlock):
            return ScenarioPlayer(block, self.store, self.language, self.focus)
        if isinstance(block, CheckBlock):
            return KnowledgeCheck(block, self.store, self.language, self.focus,
                                  graded=self.hand_in_target is not None)
        if isinstance(block, ReflectionBlock):
            return ReflectionBox(block, self.store, self.language, handed_in=self.hand_in_target is not None)
        if isinstance(block, ClassifyBlock):
            return ClassifyExercise(block, self.store, self.language, self.focus)
        assert isinstance(block, TextBlock)
        box = card(lean(widgets.VBox), "text")
        box.children = [html_block(Markup('<h2 class="mf-card__title" id="mf-block-{}" tabindex="-1">{}</h2>'
                                          '<div class="mf-prose">{}</div>').format(
            block.id, block.title, markdown(block.body)))]
        return box

    @cached_property
    def hand_in_target(self) -> HandInTarget | None:
        """Where this module is handed in, or None in self-study; looked up once per page view (it reads
        nbgrader's config files), not again for each check, reflection and the completion screen."""
        return hand_in_target(self.folder, self.module_id)

    def steps(self) -> widgets.Widget:
        """The module one step at a time, opened at the learner's saved step (step 1 when there is none)."""
        if self.locked_by is not None:
            return html_block()  # the header explains the lock; nothing of the module is shown
        if self.step_view is None:
            start = saved_step(self.content, self.store.data)
            self.step_view = StepView(self.content, self.store, self.language, self.focus, self.screen, start,
                                      on_change=self._step_changed)
        return self.step_view

    def screen(self, number: int) -> list[widgets.Widget]:
        """The widgets of step ``number``: its blocks' (built once, then kept), or the completion screen."""
        steps = module_steps(self.content)
        if number > len(steps):
            return [self.completion()]
        return [self.show(block.id) for block in steps[number - 1].blocks]

    def _step_changed(self, number: int) -> None:
        """The introduction belongs to the first step; on the others it would push the step down."""
        if number == 1:
            self.intro.remove_class("mf-hidden")
        else:
            self.intro.add_class("mf-hidden")
        if self.completion_html is not None and number > len(module_steps(self.content)):
            self.completion_html.value = str(self._completion_markup())

    def completion(self) -> widgets.Widget:
        """The last step: what was done, the learning points, the sources, and the way on.

        Built once; its account of what was done is redrawn whenever the screen is shown.
        """
        if self.locked_by is not None:
            return html_block()
        if self.completion_box is not None:
            return self.completion_box
        self.completion_html = html_block(self._completion_markup())
        summary = card(lean(widgets.VBox, [self.completion_html]), "summary")
        summary.add_class("mf-completion")
        target = self.hand_in_target
        if target is None:
            self.completion_box = lean(widgets.VBox, [summary])
        else:
            label = self.t("handin_button", number=module_number(self.module_id))
            self.hand_in = HandInCard(target, label, self.language, self.focus)
            self.completion_box = lean(widgets.VBox, [self.hand_in.box, summary])
        return self.completion_box

    def _completion_markup(self) -> Markup:
        statuses = item_statuses(self.content, self.store.data)
        done = {status.id: status.done for status in statuses}
        rows = Markup("")
        for step in module_steps(self.content):
            tasks = step_tasks(step, done)
            if tasks:  # "Hva kan ulik erfaring gi? – 0 av 1 oppgave": a title may end in "?", so no colon
                count = self.t("completion_step_task" if len(tasks) == 1 else "completion_step_tasks",
                               done=sum(tasks), total=len(tasks))
                rows += Markup("<li>{title} – {count}</li>").format(title=step.title or self.content.title,
                                                                    count=count)
        points = Markup("").join(Markup("<li>{}</li>").format(markdown(p)) for p in self.content.learning_points)
        sources = Markup("").join(
            Markup('<li><a href="{url}" target="_blank" rel="noopener noreferrer">{text}</a></li>').format(
                url=s.url, text=s.text) if s.url else Markup("<li>{}</li>").format(s.text)
            for s in self.content.sources)
        return Markup(
            '<h2 class="mf-card__title">{title}</h2>'
            '<p class="mf-completion__lead">{lead}</p><ul class="mf-completion__done">{rows}</ul>'
            '<section class="mf-completion__points"><h3>{points_title}</h3><ul>{points}</ul></section>'
            '<details class="mf-completion__sources"><summary>{sources_title}</summary><ul>{sources}</ul></details>'
            '<p class="mf-actions">{links}</p>'
        ).format(title=self.t("completion_heading", title=self.content.title),
                 lead=self.t("completion_done", done=sum(done.values()), total=len(statuses)), rows=rows,
                 points_title=self.t("learning_points"), points=points, sources_title=self.t("sources"),
                 sources=sources, links=self._onward_links())

    def _onward_links(self) -> Markup:
        """The button on: the next module, or after the last module the course summary; and the home."""
        following = next_module(self.module_id)
        links = Markup("")
        if following and (self.folder.parent / following / f"content.{self.language}.yaml").exists():
            title = load_module_content(self.folder.parent / following, self.language).title
            href = f"../{following}/{notebook_name(following)}?lang={self.language}"
            links += Markup('<a class="mf-btn mf-btn--primary mf-next" href="{}">{}</a>').format(
                href, self.t("next_module", title=title))
        elif following is None and (self.folder.parent / SUMMARY_MODULE / f"{SUMMARY_MODULE}.ipynb").exists():
            href = f"../{SUMMARY_MODULE}/{SUMMARY_MODULE}.ipynb?lang={self.language}"
            links += Markup('<a class="mf-btn mf-btn--primary mf-next mf-to-summary" href="{}">{}</a>').format(
                href, self.t("to_summary"))
        return links + self._home_link()


def open_module(module_id: str, folder: Path | str | None = None, language: str | None = None,
                guided: bool | None = None) -> ModulePage:
    """Open a module page for the notebook in ``folder`` (default: the working directory).

    ``guided`` applies the course's guided path (a module opens when the one before it is done); by
    default it holds on the learner's Voilà page and nowhere else.
    """
    return ModulePage(module_id, Path(folder) if folder is not None else None, language, guided)


__all__ = ["PROGRESS_FILENAME", "ModulePage", "open_module"]
