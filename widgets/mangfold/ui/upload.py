"""A file button of the course's own for uploading progress.

ipywidgets' FileUpload adds a file counter to its label ("Last opp framdrift (0)") that means nothing to
a learner and is read out by screen readers, and it keeps its input off the page. This one is a real
``<input type=file>`` inside its ``<label>``: keyboard-focusable, named by its visible text, styled as
a course button. The file's text goes to the kernel in one message.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import ipywidgets as widgets
import traitlets

from .widgets import shared

_ESM = """
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "mf-btn mf-btn--secondary mf-upload__label";
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,application/json";
  input.className = "mf-upload__input";
  const text = document.createElement("span");
  text.textContent = model.get("label");
  label.append(input, text);
  const status = document.createElement("p");
  status.className = "mf-hint";
  status.setAttribute("role", "status");
  el.classList.add("mf-upload");
  el.append(label, status);
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > model.get("max_bytes")) { status.textContent = model.get("too_large"); return; }
    status.textContent = "";
    model.send({ name: file.name, text: await file.text() });
  });
}
export default { render };
"""


class ProgressUpload(anywidget.AnyWidget):
    """Calls ``on_file(name, data)`` when the learner picks a file."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)
    too_large = traitlets.Unicode().tag(sync=True)
    max_bytes = traitlets.Int(20_000_000).tag(sync=True)

    def __init__(self, label: str, too_large: str, on_file: Callable[[str, bytes], None]):
        super().__init__(label=label, too_large=too_large, layout=shared(widgets.Layout))
        self.on_file = on_file
        self.on_msg(self._received)

    def _received(self, _widget: object, content: dict, _buffers: list) -> None:
        text = content.get("text")
        if isinstance(text, str):
            self.on_file(str(content.get("name", "")), text.encode("utf-8"))
