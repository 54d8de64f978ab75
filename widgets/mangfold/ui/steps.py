"""A module page as steps: one screen at a time, Back and Next, where the learner is, and their place kept.

A long page of twenty cards reads like a notebook and loses the learner on every reload. Here the page
shows one step (``content.steps``) at a time; a step change only swaps the children of one box, so it is
a widget update, not a page load. The step is saved in the progress file at once (``ProgressStore.set_step``),
and a reload opens it again (``progress.trust.saved_step``). On every change keyboard focus moves to the
step's heading (the page's :class:`~mangfold.ui.focus.FocusManager`) and the page scrolls to the step's top,
so keyboard and screen-reader users start the new screen at its beginning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import anywidget
import ipywidgets as widgets
import traitlets
from markupsafe import Markup

from .. import i18n
from ..completion import item_statuses
from ..content.schema import ModuleContent
from ..content.steps import ModuleStep, module_steps, step_of_block
from ..progress.model import ModuleProgress
from ..progress.store import ProgressStore
from .focus import FocusManager
from .widgets import action_button, html_block, lean, shared

#: the element that takes focus on a step change, and the top of the step the page scrolls to
HEADING_ID = "mf-step-heading"
TOP_ID = "mf-steps"

_ESM = """
function render({ model, el }) {
  // A "continue where you left off" link ends in #mf-block-<id>; the kernel cannot see the fragment, so
  // ask it for the step that shows the block (focus.js then finds the block and focuses it).
  if (window.location.hash.startsWith("#mf-block-") && !window.__mfStepHashSent) {
    window.__mfStepHashSent = true;
    model.send({ open_block: decodeURIComponent(window.location.hash.slice("#mf-block-".length)) });
  }
  model.on("msg:custom", (msg) => {
    if (!msg.scroll) return;
    let tries = 0;
    const attempt = () => {
      const target = document.getElementById(msg.scroll);
      if (target) target.scrollIntoView({ block: "start" });
      else if (tries++ < 40) setTimeout(attempt, 25);
    };
    requestAnimationFrame(attempt);
  });
}
export default { render };
"""


class StepScroller(anywidget.AnyWidget):
    """Scrolls the page to the top of the step, and passes a ``#mf-block-`` address on to the kernel."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)

    def __init__(self, open_block: Callable[[str], None]):
        super().__init__(layout=shared(widgets.Layout))
        self.on_msg(lambda _widget, content, _buffers: open_block(str(content.get("open_block", ""))))

    def scroll_to(self, element_id: str) -> None:
        self.send({"scroll": element_id})


def step_tasks(step: ModuleStep, done: dict[str, bool]) -> list[bool]:
    """Whether each task on the step is done; ``done`` maps a task's id to that (``completion.item_statuses``)."""
    return [done[block_id] for block_id in step.block_ids if block_id in done]


def step_state(step: ModuleStep, current: int, done: dict[str, bool]) -> str:
    """``current``, ``done`` or ``todo``: a step with tasks is done when they all are, one without when passed."""
    if step.number == current:
        return "current"
    tasks = step_tasks(step, done)
    if tasks:
        return "done" if all(tasks) else "todo"
    return "done" if step.number < current else "todo"


def step_title(step: ModuleStep | None, content: ModuleContent, language: str) -> str:
    """A step's title: its first block's; the completion screen's (``step`` None) from the catalogue."""
    if step is None:
        return i18n.text(language, "ui.completion_title")
    return step.title or content.title


def step_bar_html(content: ModuleContent, progress: ModuleProgress, language: str, current: int) -> Markup:
    """"Step 3 of 8" as the screen's heading, and the steps as a list a screen reader can read."""
    steps = module_steps(content)
    total = len(steps) + 1
    done = {status.id: status.done for status in item_statuses(content, progress)}
    t = lambda key, **values: i18n.text(language, f"ui.{key}", **values)  # noqa: E731
    items = Markup("")
    for step in [*steps, None]:
        number = step.number if step is not None else total
        state = "current" if number == current else (
            step_state(step, current, done) if step is not None else "todo")
        title = step_title(step, content, language)
        label = t("step_item", number=number, title=title)
        said = {"current": t("step_current"), "done": t("step_done"), "todo": ""}[state]
        items += Markup('<li class="mf-stepbar__item mf-stepbar__item--{state}" title="{label}"{current}>'
                        '<span class="mf-visually-hidden">{label}{said}</span></li>').format(
            state=state, label=label, said=Markup(" ({})").format(said) if said else "",
            current=Markup(' aria-current="step"') if state == "current" else "")
    current_step = steps[current - 1] if current <= len(steps) else None
    return Markup(
        '<nav class="mf-stepbar" aria-label="{nav}">'
        '<h2 class="mf-stepbar__heading" id="{heading}" tabindex="-1">'
        '<span class="mf-stepbar__count">{count}</span><span class="mf-stepbar__sep" aria-hidden="true"> · </span>'
        '<span class="mf-stepbar__title">{title}</span></h2>'
        '<ol class="mf-stepbar__list">{items}</ol></nav>'
    ).format(nav=t("steps_label"), heading=HEADING_ID, count=t("step_of", number=current, total=total),
             title=step_title(current_step, content, language), items=items)


class StepView(widgets.VBox):
    """The step bar, the current step's screen and the Back/Next buttons of one module page.

    ``screen(number)`` gives the widgets of a step (the page builds them once and keeps them); the view
    only decides which step shows, draws where the learner is, and saves it.
    """

    def __init__(self, content: ModuleContent, store: ProgressStore, language: str, focus: FocusManager,
                 screen: Callable[[int], Sequence[widgets.Widget]], start: int = 1,
                 on_change: Callable[[int], None] | None = None):
        super().__init__(layout=shared(widgets.Layout))
        self.add_class("mf-steps")
        self.content, self.store, self.language, self.focus = content, store, language, focus
        self.screen_of, self.on_change = screen, on_change
        self.total = len(module_steps(content)) + 1
        t = lambda key: i18n.text(language, f"ui.{key}")  # noqa: E731
        self.top = html_block(Markup('<span id="{}"></span>').format(TOP_ID))
        self.top.add_class("mf-steps__top")
        self.bar = html_block()
        self.screen = lean(widgets.VBox)
        self.screen.add_class("mf-step-screen")
        self.back_button = action_button(t("step_back"), secondary=True)
        self.back_button.add_class("mf-step-back")
        self.next_button = action_button(t("step_next"))
        self.next_button.add_class("mf-step-next")
        self.back_button.on_click(lambda _button: self.go(self.current - 1))
        self.next_button.on_click(lambda _button: self.go(self.current + 1))
        self.nav = lean(widgets.HBox)
        self.nav.add_class("mf-stepnav")
        self.scroller = StepScroller(self.open_block)
        self.current = 0
        self.children = [self.scroller, self.top, self.bar, self.screen, self.nav]
        store.subscribe(lambda _progress: self._draw_bar())
        self._show(self.clamp(start))

    def clamp(self, number: int) -> int:
        return min(max(number, 1), self.total)

    def go(self, number: int, move_focus: bool = True) -> None:
        """Show step ``number`` (kept within the module), save it, and bring the learner to its top."""
        number = self.clamp(number)
        if number == self.current:
            return
        self._show(number)
        self.store.set_step(number)  # redraws the bar through the store's listeners
        if move_focus:
            self.focus.focus(HEADING_ID)
            self.scroller.scroll_to(TOP_ID)

    def open_block(self, block_id: str) -> None:
        """Open the step that shows ``block_id`` (a "continue" link's target); focus.js focuses the block."""
        number = step_of_block(self.content, block_id)
        if number is not None:
            self.go(number, move_focus=False)

    def _show(self, number: int) -> None:
        self.current = number
        self.screen.children = tuple(self.screen_of(number))
        self._draw_bar()
        buttons = []
        if number > 1:
            buttons.append(self.back_button)
        if number < self.total:
            buttons.append(self.next_button)
        self.nav.children = buttons
        if self.on_change is not None:
            self.on_change(number)

    def _draw_bar(self) -> None:
        self.bar.value = str(step_bar_html(self.content, self.store.data, self.language, self.current))
