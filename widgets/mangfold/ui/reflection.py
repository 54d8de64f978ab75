"""A reflection box that saves every keystroke, says that it saved, and counts the words.

In Voilà the learner cannot edit markdown cells, so reflections live in this widget and in the
progress file. A failed save never clears the box: the text stays, the status says what went wrong,
and the next keystroke tries again.
"""

from __future__ import annotations

import errno
from datetime import datetime

import ipywidgets as widgets

from ..content.schema import ReflectionBlock
from ..engine.text import count_words
from ..markup import escape, markdown_html
from ..progress.store import ProgressStore
from .strings import translate
from .widgets import card, html_block, lean, shared

#: the reasons a save fails that a learner can understand and act on, in their language
_ERRNO_KEYS = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EACCES: "no_permission",
               errno.EPERM: "no_permission", errno.EROFS: "read_only"}


def save_error_reason(error: OSError | None, language: str) -> str:
    """Why a save failed, in the learner's language where the cause is a common one; else the system's words."""
    key = _ERRNO_KEYS.get(getattr(error, "errno", None) or -1)
    if key is not None:
        return translate(language, f"save_error_{key}")
    return (error.strerror if error is not None and error.strerror else str(error)) or "?"


class ReflectionBox(widgets.VBox):
    """Type with :meth:`write` in tests, or in the Textarea in the browser."""

    def __init__(self, reflection: ReflectionBlock, store: ProgressStore, language: str):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "reflection")
        self.reflection, self.store, self.language = reflection, store, language
        t = lambda key: escape(translate(language, key))  # noqa: E731
        hint = f'<p class="mf-hint">{escape(reflection.hint)}</p>' if reflection.hint else ""
        self.prompt = html_block(
            f'<p class="mf-kicker" id="mf-block-{reflection.id}" tabindex="-1">{t("reflection")}</p>'
            f'<div class="mf-prose mf-question">{markdown_html(reflection.prompt)}</div>{hint}'
        )
        saved = store.data.reflections.get(reflection.id)
        self.text = lean(
            widgets.Textarea,
            value=saved.text if saved else "",
            description=translate(language, "reflection_label"),
            continuous_update=True,
            rows=6,
            style={"description_width": "initial"},
            layout={"width": "100%"},
        )
        self.text.add_class("mf-reflection-input")
        self.status = html_block()
        self.status.add_class("mf-reflection-status")
        self.privacy = html_block(f'<p class="mf-hint">{t("private_note")}</p>')
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
        t = lambda key, **values: translate(self.language, key, **values)  # noqa: E731
        words = count_words(self.text.value)
        count = t("words_needed", count=words, minimum=self.reflection.min_words)
        if error is not None:
            self.status.value = (f'<p class="mf-status--error" role="alert">{escape(count)} · '
                                 f'{escape(t("not_saved", reason=error))}</p>')
            return
        saved = ""
        if saved_at:
            local = datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M:%S")
            saved = " · " + escape(t("saved_at", time=local))
        self.status.value = f'<p class="mf-status--saved">{escape(count)}{saved}</p>'
