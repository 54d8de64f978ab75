"""Move keyboard focus and announce changes to screen readers, from Python.

ipywidgets re-render a card's children when the learner makes a choice, and the button that had
focus disappears; a keyboard or screen-reader user would be thrown back to the top of the page.
This tiny anywidget keeps one polite live region on the page and can focus any element by id (our
HTML gives feedback headings ``tabindex="-1"`` and an id for this). It also sets ``<html lang>`` to
the learner's language, which the page template cannot know.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import traitlets

from .. import i18n
from .widgets import shared

_ESM = """
function render({ model, el }) {
  const setLang = () => {
    const lang = model.get("lang");
    if (!lang) return;
    if (window.mfApplyLanguage) window.mfApplyLanguage(lang);  // the course template: shell texts too
    else document.documentElement.lang = lang;
  };
  setLang();
  model.on("change:lang", setLang);
  // "continue where you left off" links end in #mf-block-<id>: the widgets arrive after the page, so
  // wait for the element, then bring it into view and give it focus.
  if (window.location.hash.startsWith("#mf-block-") && !window.__mfHashHandled) {
    window.__mfHashHandled = true;
    const id = decodeURIComponent(window.location.hash.slice(1));
    let waited = 0;
    const seek = () => {
      const target = document.getElementById(id);
      if (target) { target.scrollIntoView({ block: "start" }); target.focus({ preventScroll: true }); }
      else if ((waited += 100) < 20000) setTimeout(seek, 100);
    };
    seek();
  }
  // The kernel asks for focus in the same breath as it changes the page, and the element it names may be
  // drawn later (a busy kernel, a slow connection): wait until the element is in the page, then focus it.
  // A newer request replaces a waiting one. No animation frame: a page not in front gets none, and the
  // old 1-second retry dropped the request on a busy machine, leaving the focus on a removed button.
  let waiting = null;
  const focusWhenShown = (id) => {
    if (waiting) { waiting.disconnect(); waiting = null; }
    const give = () => {
      const target = document.getElementById(id);
      if (!target) return false;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
      target.scrollIntoView({ block: "nearest" });
      return true;
    };
    if (give()) return;
    const observer = new MutationObserver(() => {
      if (waiting === observer && give()) { observer.disconnect(); waiting = null; }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    waiting = observer;
    // a request whose element never comes (the learner moved on) stops waiting after a while
    setTimeout(() => { if (waiting === observer) { observer.disconnect(); waiting = null; } }, 60000);
  };
  const region = document.createElement("div");
  region.className = "mf-visually-hidden";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  el.appendChild(region);
  model.on("msg:custom", (msg) => {
    if (msg.announce !== undefined) {
      region.textContent = "";
      setTimeout(() => { region.textContent = msg.announce; }, 50);
    }
    if (msg.focus) focusWhenShown(msg.focus);
  });
  // When the kernel behind the page dies or the connection drops, ipywidgets marks every widget view
  // "jupyter-widgets-disconnected" and nothing typed from then on is saved. Say so, plainly and at once.
  if (!window.__mfWatchingConnection) {
    window.__mfWatchingConnection = true;
    const warn = () => {
      if (document.getElementById("mf-disconnected")) return;
      if (!document.querySelector(".jupyter-widgets-disconnected")) return;
      const banner = document.createElement("div");
      banner.id = "mf-disconnected";
      banner.className = "mf-notice mf-notice--warning mf-disconnected";
      banner.setAttribute("role", "alert");
      banner.textContent = model.get("disconnected_text");
      document.body.prepend(banner);
    };
    new MutationObserver(warn).observe(document.body, { attributes: true, attributeFilter: ["class"], subtree: true });
  }
}
export default { render };
"""


class FocusManager(anywidget.AnyWidget):
    """One per page: ``focus(element_id)`` and ``announce(text)``; it shows nothing itself."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    #: the page's language; the template can only know the notebook's default, the learner may choose another
    lang = traitlets.Unicode("").tag(sync=True)
    #: shown at the top of the page if the connection to the kernel is lost (nothing is saved after that)
    disconnected_text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, lang: str = "", **kwargs: object):
        disconnected = i18n.text(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE, "ui.disconnected")
        super().__init__(lang=lang, disconnected_text=disconnected, layout=shared(widgets.Layout), **kwargs)

    def focus(self, element_id: str) -> None:
        self.send({"focus": element_id})

    def announce(self, text: str) -> None:
        self.send({"announce": text})
