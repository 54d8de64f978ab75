"""A scenario decision as an honest form: a real radio group and a «Velg» button that commits the selection.

Choices used to be buttons drawn as radio buttons: a keyboard user who pressed Space on one, as one does
on a radio button to select it, had already decided. Here selecting and deciding are two acts. The radios
share a ``name``, so they are one group as the browser knows it: Tab enters the group, the arrow keys move
and select, Space selects, and nothing is decided. The button is disabled until a choice is selected and
enabled in the browser at once (no round trip to the kernel a fast Tab could overtake); pressing it sends
the selection to the kernel, which decides. ipywidgets' own RadioButtons cannot do this: its radios have
no ``name``, so each is a group of its own and the arrow keys do nothing.

A commit names the decision it was made at (``node``): a commit from a group the page has since replaced
(a double click, a slow connection) is ignored, as a click on a closed button was before.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import ipywidgets as widgets
import traitlets

from .widgets import shared

_ESM = """
function render({ model, el }) {
  el.classList.add("mf-choices");
  const draw = () => {
    el.textContent = "";
    const group = document.createElement("div");
    group.className = "mf-choice-group";
    group.setAttribute("role", "radiogroup");
    if (model.get("labelled_by")) group.setAttribute("aria-labelledby", model.get("labelled_by"));
    const name = model.get("group_name");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "mf-btn mf-btn--primary mf-choose-button";
    button.textContent = model.get("button_label");
    const selected = model.get("value");
    button.disabled = !selected;
    for (const [id, label] of model.get("options")) {
      const row = document.createElement("label");
      row.className = "mf-choice";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = id;
      input.checked = id === selected;
      const text = document.createElement("span");
      text.className = "mf-choice__label";
      text.textContent = label;  // text, never markup
      row.append(input, text);
      input.addEventListener("change", () => {
        if (!input.checked) return;
        button.disabled = false;
        model.set("value", id);
        model.save_changes();
      });
      group.appendChild(row);
    }
    button.addEventListener("click", () => {
      const checked = group.querySelector("input:checked");
      if (!checked) return;
      button.disabled = true;  // one decision per press, even if the kernel is slow to answer
      model.send({ commit: checked.value, node: model.get("node") });
    });
    el.append(group, button);
  };
  draw();
  model.on("change:value", () => {  // set by the kernel (a restored or committed selection)
    const selected = model.get("value");
    for (const input of el.querySelectorAll("input[type=radio]")) input.checked = input.value === selected;
    const button = el.querySelector(".mf-choose-button");
    if (button) button.disabled = !selected;
  });
  model.on("change:options", draw);
  model.on("change:node", draw);
  model.on("change:button_label", draw);
}
export default { render };
"""


class ChoiceGroup(anywidget.AnyWidget):
    """The choices of one decision: select with :attr:`value` (the browser sets it), decide with :meth:`commit`."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    #: (choice id, label) of each choice, in the content's order
    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Unicode())).tag(sync=True)
    #: the selected choice id, "" while none is selected; selecting decides nothing
    value = traitlets.Unicode("").tag(sync=True)
    #: the decision these choices belong to (the situation's node id)
    node = traitlets.Unicode("").tag(sync=True)
    #: one radio group per scenario card: the radios' shared ``name``
    group_name = traitlets.Unicode("").tag(sync=True)
    #: the id of the element that names the group (the situation's question)
    labelled_by = traitlets.Unicode("").tag(sync=True)
    button_label = traitlets.Unicode("").tag(sync=True)

    def __init__(self, group_name: str, button_label: str, on_commit: Callable[[str], None], **kwargs: object):
        super().__init__(group_name=group_name, button_label=button_label, layout=shared(widgets.Layout), **kwargs)
        self._on_commit = on_commit
        self.on_msg(self._receive)

    def show(self, node: str, options: list[tuple[str, str]], labelled_by: str) -> None:
        """The choices of decision ``node``, none selected."""
        with self.hold_sync():
            self.value = ""
            self.labelled_by = labelled_by
            self.options = list(options)
            self.node = node

    @property
    def ready(self) -> bool:
        """Whether the «Velg» button is enabled: a choice of this decision is selected."""
        return self.value in {choice_id for choice_id, _label in self.options}

    def commit(self) -> None:
        """Decide for the selected choice, as pressing «Velg» does; nothing while none is selected."""
        self._decide(self.value, self.node)

    def _receive(self, _widget: object, content: dict, _buffers: object) -> None:
        if isinstance(content, dict) and "commit" in content:
            self._decide(str(content["commit"]), str(content.get("node", "")))

    def _decide(self, choice_id: str, node: str) -> None:
        if node != self.node or choice_id not in {i for i, _label in self.options}:
            return  # a press from an earlier decision, or nothing selected
        self.value = choice_id
        self._on_commit(choice_id)
