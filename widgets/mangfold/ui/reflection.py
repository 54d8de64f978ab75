"""A reflection box that saves every keystroke, says that it saved, and counts the words.

In Voilà the learner cannot edit markdown cells, so reflections live in this widget and in the
progress file. A failed save never clears the box: the text stays, the status says what went wrong,
and the next keystroke tries again. The note under the box says who sees the text: the trainer only
where the module is handed in (a hub's nbgrader exchange), no one else in self-study.
"""

from __future__ import annotations

import errno
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..content.schema import ReflectionBlock
from ..engine.text import count_words
from ..handin import exchange_exists
from ..progress.store import ProgressStore
from .widgets import card, html_block, lean, markdown, shared

#: the reasons a save fails that a learner can understand and act on, in their language
_ERRNO_KEYS = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EACCES: "no_permission",
               errno.EPERM: "no_permission", errno.EROFS: "read_only"}


def save_error_reason(error: OSError | None, language: str) -> str:
    """Why a save failed, in the learner's language where the cause is a common one; else the system's words."""
    key = _ERRNO_KEYS.get(getattr(error, "errno", None) or -1)
    if key is not None:
        return i18n.text(language, f"ui.save_error_{key}")
    return (error.strerror if error is not None and error.strerror else str(error)) or "?"


class ReflectionBox(widgets.VBox):
    """Type with :meth:`write` in tests, or in the Textarea in the browser."""

    def __init__(self, reflection: ReflectionBlock, store: ProgressStore, language: str,
                 handed_in: bool | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "reflection")
        self.reflection, self.store, self.language = reflection, store, language
        hint = Markup('<p class="mf-hint">{}</p>').format(reflection.hint) if reflection.hint else ""
        self.prompt = html_block(Markup(
            '<p class="mf-kicker" id="mf-block-{id}" tabindex="-1">{kicker}</p>'
            '<div class="mf-prose mf-question">{prompt}</div>{hint}'
        ).format(id=reflection.id, kicker=i18n.text(language, "ui.reflection"), prompt=markdown(reflection.prompt),
                 hint=hint))
        saved = store.data.reflections.get(reflection.id)
        self.text = lean(
            widgets.Textarea,
            value=saved.text if saved else "",
            description=i18n.text(language, "ui.reflection_label"),
            continuous_update=True,
            rows=6,
            style={"description_width": "initial"},
            layout={"width": "100%"},
        )
        self.text.add_class("mf-reflection-input")
        self.status = html_block()
        self.status.add_class("mf-reflection-status")
        if handed_in is None:
            handed_in = exchange_exists(store.folder, store.module)
        note = i18n.text(language, "ui.private_note_hub" if handed_in else "ui.private_note")
        self.privacy = html_block(Markup('<p class="mf-hint">{}</p>').format(note))
        self.children = [self.prompt, self.text, self.status, self.privacy]
        self._show_status(saved_at=saved.updated if saved else None)
        self.text.observe(self._on_change, names="value")

    def write(self, text: str) -> None:
        """Replace the text, as the learner typing would."""
        self.text.value = text

    def _on_change(self, change: dict) -> None:
        ok = self.store.save_reflection(self.reflection.id, change["new"])
        if ok:
            self._show_status(saved_at=self.store.data.reflections[self.reflection.id].updated)
        else:
            self._show_status(error=save_error_reason(self.store.last_error, self.language))

    def _show_status(self, saved_at: str | None = None, error: str | None = None) -> None:
        t = lambda key, **values: i18n.text(self.language, f"ui.{key}", **values)  # noqa: E731
        words = count_words(self.text.value)
        count = t("words_needed", count=words, minimum=self.reflection.min_words)
        if error is not None:
            self.status.value = str(Markup('<p class="mf-status--error" role="alert">{} · {}</p>').format(
                count, t("not_saved", reason=error)))
            return
        saved = ""
        if saved_at:
            local = datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M:%S")
            saved = Markup(" · {}").format(t("saved_at", time=local))
        self.status.value = str(Markup('<p class="mf-status--saved">{}{}</p>').format(count, saved))
