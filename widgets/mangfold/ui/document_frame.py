"""The summary document shown on the summary page: in a frame as tall as the document, updated in place.

The page shows the very document the HTML download holds, so the two can never disagree; a frame keeps
the document's own styles and the page's apart. A frame of fixed height was a page inside the page: a
second scroll bar that traps the wheel and the keyboard, and at 375 px a sideways scroll. This frame
takes the height of its document (and follows it when the width changes), so the page scrolls as one,
and the document, written to reflow to 320 px, fits its width.

The frame runs no scripts (``sandbox`` without ``allow-scripts``). ``allow-same-origin`` lets the page,
not the document, measure the document's height and put a new version in place: when the learner types
the action plan, the preview changes at once, without a reload and without losing the page's scroll.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import traitlets

from .widgets import shared

_ESM = """
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.className = "mf-summary-frame";
  frame.setAttribute("sandbox", "allow-same-origin");  // no scripts run in the document
  frame.setAttribute("scrolling", "no");
  frame.title = model.get("title");
  el.appendChild(frame);
  let observer = null;
  const fit = () => {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    doc.documentElement.style.setProperty("overflow", "hidden");  // the page scrolls, never the frame
    // the document's own height, not the frame's: a shorter document makes a shorter frame; then anything
    // that still reaches below it (a margin, a shadow) makes it taller, once
    const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (height <= 0) return;
    const border = frame.offsetHeight - frame.clientHeight;  // the frame's own border, outside the document
    frame.style.setProperty("height", height + border + "px");
    const overflow = doc.documentElement.scrollHeight;
    if (overflow > height) frame.style.setProperty("height", overflow + border + "px");
  };
  const watch = () => {
    if (observer) observer.disconnect();
    const doc = frame.contentDocument;
    if (!doc || !doc.body) return;
    observer = new ResizeObserver(fit);  // a new width reflows the document: a new height
    observer.observe(doc.body);
    fit();
  };
  frame.addEventListener("load", watch);
  frame.srcdoc = model.get("document");
  model.on("change:document", () => {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement || doc.readyState !== "complete") {
      frame.srcdoc = model.get("document");
      return;
    }
    // in place: no reload, no blank frame, the page keeps its scroll position
    const fresh = new DOMParser().parseFromString(model.get("document"), "text/html");
    doc.replaceChild(doc.importNode(fresh.documentElement, true), doc.documentElement);
    watch();
  });
  model.on("change:title", () => { frame.title = model.get("title"); });
}
export default { render };
"""


class DocumentFrame(anywidget.AnyWidget):
    """A frame showing :attr:`document` (a whole HTML document, no scripts), as tall as the document."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    #: the whole HTML document; set it anew and the frame shows the new version in place
    document = traitlets.Unicode("").tag(sync=True)
    #: the frame's accessible name
    title = traitlets.Unicode("").tag(sync=True)

    def __init__(self, document: str, title: str, **kwargs: object):
        super().__init__(document=document, title=title, layout=shared(widgets.Layout), **kwargs)
