"""The course's widgets driven in plain Python, as the page's buttons drive them: walk a widget tree, read the
course home back as HTML, take a scenario to an ending, and do a module through its widgets.

What the learner does goes through the widgets' own methods, so every progress file here is written by the
package itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets

from mangfold.content.schema import ScenarioBlock
from mangfold.ui import open_module
from mangfold.ui.home import open_home
from tests.conftest import MODULE_1


def widget_tree(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """``widget`` and every widget below it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from widget_tree(child)


def home_html(root: Path, language: str = "nb") -> str:
    """The HTML of every text on the course home of ``root`` (below the header), in order."""
    page = open_home(root, language).page()
    texts = (getattr(w, "value", None) for box in page.children[2:] for w in widget_tree(box))
    return "".join(text for text in texts if isinstance(text, str))


def path_to_ending(scenario: ScenarioBlock) -> list[str]:
    """The choice ids of a shortest walk from start to any ending (breadth first)."""
    queue: list[tuple[str, list[str]]] = [(scenario.start, [])]
    while queue:
        node, choices = queue.pop(0)
        if node in scenario.endings:
            return choices
        queue += [(c.next, [*choices, c.id]) for c in scenario.situations[node].choices]
    raise AssertionError("no ending reachable")


def decide(player, choice_id: str) -> None:
    """Make a scenario decision as the learner does: select the choice's radio button, then press «Velg»."""
    player.choices.value = choice_id  # what the browser sets when the radio button is selected
    assert player.choices.ready, f"selecting {choice_id!r} did not enable the «Velg» button"
    player.choices.commit()


def complete_module(folder: Path, reflection_text: str = "Dette er en ærlig refleksjon " * 6) -> None:
    """Do every item of module 1 in ``folder`` right, through the real widgets."""
    page = open_module(MODULE_1, folder, "nb")
    for scenario in page.content.scenarios:
        player = page.show(scenario.id)
        for choice in path_to_ending(scenario):
            decide(player, choice)
    for check in page.content.checks:
        widget = page.show(check.id)
        widget.select([o.id for o in check.options if o.correct])
        widget.submit_button.click()
    for reflection in page.content.reflections:
        page.show(reflection.id).write(reflection_text)


def finish(folder: Path) -> None:
    """Do the whole minimal test module (tests/files/content) in ``folder`` right, in bokmål."""
    page = open_module(folder.name, folder, "nb")
    content = page.content
    player = page.show("valget")
    player.choose("a")
    player.choose("a")
    check = page.show("sjekk")
    check.select(["a"])
    check.submit()
    page.show("tanke").write("en to tre fire")
    exercise = page.show("sortering")
    for item in content.exercises[0].items:
        exercise.place(item.id, item.expected)
    exercise.check()
