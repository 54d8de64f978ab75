"""Keep a copy of the learner's progress in the browser, and bring it back to a server that forgot it.

Binder ends a session after ten idle minutes and its next session starts with empty folders. Every
module page and the course home therefore carry this invisible widget: it writes each saved
progress document to the browser's localStorage, and on page load it hands the browser's copies to
the kernel, which checks and merges them (:mod:`mangfold.progress.sync`). When a copy brought
anything new, the page reloads once so every widget shows the merged progress.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

from ..progress.model import ModuleProgress
from ..progress.store import trusted_progress
from ..progress.sync import Restored, restore_copy
from .widgets import shared

STORAGE_PREFIX = "mangfold-progress:"

_ESM = """
const PREFIX = "mangfold-progress:";
function storage() {
  try { return window.localStorage; } catch (error) { return null; }  // private mode, blocked storage
}
function render({ model, el }) {
  el.hidden = true;
  const store = storage();
  const copies = {};
  if (store) {
    for (const module of model.get("modules")) {
      const text = store.getItem(PREFIX + module);
      if (text) copies[module] = text;
    }
  }
  model.set("browser_copies", copies);
  model.save_changes();
  // Write the server's copies only once the kernel has taken in the browser's: otherwise a fresh,
  // empty server would overwrite the very copy it is about to restore from.
  const write = () => {
    if (!store || !model.get("ready")) return;
    const server = model.get("server_copies") || {};
    for (const [module, text] of Object.entries(server)) {
      try { store.setItem(PREFIX + module, text); } catch (error) { /* storage full: the file stays */ }
    }
  };
  model.on("change:ready", write);
  model.on("change:server_copies", write);
  write();
  model.on("msg:custom", (msg) => {
    if (store && msg.keep) {  // a copy the server could not use is kept aside, never overwritten
      for (const module of msg.keep) {
        const text = store.getItem(PREFIX + module);
        if (text) store.setItem("mangfold-progress-set-aside:" + module + ":" + Date.now(), text);
      }
    }
    if (msg.reload) window.location.reload();
  });
}
export default { render };
"""


class BrowserMirror(anywidget.AnyWidget):
    """Mirror the progress of ``modules`` (folders under ``course_root``) to and from the browser."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    modules = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: what the browser holds, reported once on page load; None until then (an empty store is {})
    browser_copies = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    #: what the server holds, written to the browser on every change once ``ready``
    server_copies = traitlets.Dict().tag(sync=True)
    #: set when the browser's copies have been taken in: only then may the server's overwrite them
    ready = traitlets.Bool(False).tag(sync=True)

    def __init__(self, course_root: Path, modules: list[str],
                 on_restored: Callable[[list[Restored]], None] | None = None):
        super().__init__(modules=list(modules), layout=shared(widgets.Layout))
        self.course_root = Path(course_root)
        self.on_restored = on_restored
        self.restored: list[Restored] = []
        self.server_copies = {module: json.dumps(progress.sealed(), ensure_ascii=False)
                              for module, progress in trusted_progress(self.course_root, modules).items()}
        self.observe(self._browser_reported, names="browser_copies")

    def publish(self, module: str, progress: ModuleProgress) -> None:
        """Send the newest saved progress of ``module`` to the browser."""
        self.server_copies = {**self.server_copies, module: json.dumps(progress.sealed(), ensure_ascii=False)}

    def _browser_reported(self, change: dict) -> None:
        copies = change["new"] or {}
        results = [restore_copy(self.course_root / module, module, str(text), "browser")
                   for module, text in copies.items() if module in self.modules]
        self.restored = results
        if self.on_restored is not None:
            self.on_restored(results)
        rejected = [r.module for r in results if r.outcome == "rejected"]
        if rejected:
            self.send({"keep": rejected})
        self.ready = True
        if any(r.outcome == "merged" for r in results):
            self.send({"reload": True})
