"""A file button of the course's own for uploading progress.

ipywidgets' FileUpload adds a file counter to its label ("Last opp framdrift (0)") that means nothing to
a learner and is read out by screen readers, and it keeps its input off the page. This one is a real
``<input type=file>`` inside its ``<label>``: keyboard-focusable, named by its visible text, styled as
a course button.

The file goes to the kernel as binary buffers in pieces of :data:`CHUNK_BYTES`: a server passes a
websocket message only up to a limit of its own (Tornado's ``websocket_max_message_size``, 10 MiB by
default, and a hub's or Binder's server is not ours to configure), so one message would lose a large
file without a word. In pieces, the one limit that counts is :data:`~mangfold.progress.sync.MAX_BUNDLE_BYTES`:
the page refuses a larger file and says so, and the kernel refuses one that comes anyway. The bytes are
passed on as they are (no decoding in the browser), so the kernel judges exactly the file the learner chose.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import ipywidgets as widgets
import traitlets

from ..progress.sync import MAX_BUNDLE_BYTES
from .widgets import shared

#: The size of one piece of an upload: far below every websocket limit in use (Tornado's 10 MiB).
CHUNK_BYTES = 1_000_000

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
    const data = await file.arrayBuffer();
    const size = model.get("chunk_bytes");
    const count = Math.max(1, Math.ceil(data.byteLength / size));
    const upload = `${Date.now()}-${Math.random()}`;
    for (let index = 0; index < count; index++) {
      const piece = data.slice(index * size, (index + 1) * size);
      model.send({ upload, index, count, name: file.name }, undefined, [piece]);
    }
  });
}
export default { render };
"""


class ProgressUpload(anywidget.AnyWidget):
    """Calls ``on_file(name, data)`` when the learner picks a file and all its pieces have come."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)
    too_large = traitlets.Unicode().tag(sync=True)
    max_bytes = traitlets.Int(MAX_BUNDLE_BYTES).tag(sync=True)
    chunk_bytes = traitlets.Int(CHUNK_BYTES).tag(sync=True)

    def __init__(self, label: str, too_large: str, on_file: Callable[[str, bytes], None]):
        super().__init__(label=label, too_large=too_large, layout=shared(widgets.Layout))
        self.on_file = on_file
        self._upload: object = None
        self._pieces: list[bytes] = []
        self._size = 0
        self.on_msg(self._received)

    def _received(self, _widget: object, content: dict, buffers: list) -> None:
        """Collect one piece; hand the file on when the last one is in.

        A piece of another upload starts afresh (the learner chose a new file); pieces past the limit
        are not kept, so a page that sends more than it should costs no memory: the file handed on is
        then one byte over the limit, and the upload reports it as too large.
        """
        upload, index, count = content.get("upload"), content.get("index"), content.get("count")
        if not (isinstance(index, int) and isinstance(count, int) and 0 <= index < count) or len(buffers) != 1:
            return
        if upload != self._upload or index == 0:
            self._upload, self._pieces, self._size = upload, [], 0
        if index != len(self._pieces):
            return  # a piece out of order: the upload is incomplete, nothing is handed on
        piece = bytes(buffers[0])[: self.max_bytes + 1 - self._size]
        self._pieces.append(piece)
        self._size += len(piece)
        if index == count - 1:
            data, self._upload, self._pieces, self._size = b"".join(self._pieces), None, [], 0
            self.on_file(str(content.get("name", ""))[:200], data)
