"""The course widgets driven in plain Python, as a learner's clicks would drive them (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from mangfold.content.loader import load_module_content
from mangfold.content.schema import LANGUAGES, ScenarioBlock
from mangfold.course import MODULE_IDS
from mangfold.progress import PROGRESS_FILENAME, ProgressStore, read_progress
from mangfold.ui import open_module
from mangfold.ui.check import KnowledgeCheck
from mangfold.ui.reflection import ReflectionBox
from mangfold.ui.scenario import ScenarioPlayer
from mangfold.ui.widgets import language_switch
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.widgets import decide, path_to_ending


def longest_path(scenario: ScenarioBlock, node: str | None = None) -> list[str]:
    node = node or scenario.start
    if node in scenario.endings:
        return []
    options = [[c.id, *longest_path(scenario, c.next)] for c in scenario.situations[node].choices]
    return max(options, key=len)


@pytest.fixture
def page(module_dir: Path):
    return open_module(MODULE_1, module_dir, "nb")


def test_page_builds_every_block_once(page) -> None:
    header = page.header()
    assert isinstance(header, widgets.VBox)
    for block in page.content.blocks:
        assert page.show(block.id) is page.show(block.id)
    assert "Læringspunkter" in page.completion().children[0].children[0].value
    with pytest.raises(KeyError, match="no block with id 'nope'"):
        page.show("nope")


def test_clicking_through_a_scenario_shows_feedback_and_saves_each_step(page, module_dir: Path) -> None:
    scenario = page.content.scenarios[-1]
    player: ScenarioPlayer = page.show(scenario.id)
    walk = longest_path(scenario)
    assert len(walk) >= 2, "module 1 has a scenario with two decisions in a row"
    first = scenario.situations[scenario.start].choices[[c.id for c in
                                                          scenario.situations[scenario.start].choices].index(walk[0])]
    decide(player, walk[0])
    assert "Tilbakemelding" in player.feedback.value
    assert first.label.split()[0] in player.feedback.value
    assert f"mf-feedback--{first.quality}" in player.feedback.value
    assert player.try_other_button in player.actions.children
    saved = read_progress(module_dir, MODULE_1).scenarios[scenario.id]
    assert [s.choice for s in saved.path] == [walk[0]] and saved.first_choice == walk[0]
    for choice in walk[1:]:
        decide(player, choice)
    assert player.run.ending is not None
    assert "mf-ending" in player.situation.value and "Dette tar du med deg" in player.situation.value
    assert player.choices not in player.children and player.restart_button in player.actions.children
    assert "Fullført" in player.heading.value
    assert read_progress(module_dir, MODULE_1).scenarios[scenario.id].endings_reached == [player.run.ending_id]


def test_each_decision_asks_its_question_once_as_the_label_of_the_choices(page) -> None:
    """A situation's own question replaces the fixed «Hva gjør du?»; one question per decision, never two."""
    scenario = page.content.scenarios[-1]
    player: ScenarioPlayer = page.show(scenario.id)
    node = scenario.start
    while node in scenario.situations:
        situation = scenario.situations[node]
        asked = situation.question or "Hva gjør du?"
        assert player.situation.value.count(asked) == 1
        assert player.situation.value.count("?</p>") == 1, "the story itself does not end in a question"
        assert f'id="{player.choices.labelled_by}"' in player.situation.value
        decide(player, situation.choices[0].id)
        node = situation.choices[0].next
    assert any(s.question for s in scenario.situations.values()), "module 1 asks at least one own question"


def test_try_another_choice_returns_to_the_same_situation(page) -> None:
    scenario = page.content.scenarios[0]
    player: ScenarioPlayer = page.show(scenario.id)
    first_ids = [choice_id for choice_id, _label in player.choices.options]
    decide(player, first_ids[-1])
    player.try_other_button.click()
    assert player.run.node == scenario.start
    assert [choice_id for choice_id, _label in player.choices.options] == first_ids
    assert player.feedback.value == ""
    decide(player, first_ids[0])
    saved = player.store.data.scenarios[scenario.id]
    assert saved.first_choice == first_ids[-1]  # the first instinct is what the debrief data records
    assert [s.choice for s in saved.history] == [first_ids[-1], first_ids[0]]


def test_restart_after_an_ending_keeps_the_scenario_completed(page) -> None:
    scenario = page.content.scenarios[0]
    player: ScenarioPlayer = page.show(scenario.id)
    for choice in path_to_ending(scenario):
        decide(player, choice)
    player.restart_button.click()
    assert player.run.node == scenario.start and player.completed


def test_scenario_resumes_where_the_learner_left_after_a_kernel_restart(module_dir: Path) -> None:
    first = open_module(MODULE_1, module_dir, "nb")
    scenario = first.content.scenarios[-1]
    walk = longest_path(scenario)
    decide(first.show(scenario.id), walk[0])
    again = open_module(MODULE_1, module_dir, "nb")  # a new kernel: only the file remains
    player = again.show(scenario.id)
    assert player.run.steps == [(scenario.start, walk[0])]
    assert "Tilbakemelding" in player.feedback.value


def test_a_press_from_an_earlier_decision_does_nothing(page) -> None:
    """A second press of «Velg» that arrives after the page moved on (a double click, a slow connection)
    names the decision it was made at, and is ignored there: it must not decide the next one."""
    for scenario in page.content.scenarios:  # into a next decision, and into an ending
        player: ScenarioPlayer = page.show(scenario.id)
        first = player.choices.options[0][0]
        decide(player, first)
        steps = list(player.run.steps)
        player.choices._receive(player.choices, {"commit": first, "node": scenario.start}, [])
        assert player.run.steps == steps


def test_knowledge_check_grades_the_first_answer_and_allows_retry(page, module_dir: Path) -> None:
    check = next(c for c in page.content.checks if not c.multiple)
    widget: KnowledgeCheck = page.show(check.id)
    widget.submit_button.click()
    assert "Velg et svar først" in widget.result.value
    wrong = next(o.id for o in check.options if not o.correct)
    right = next(o.id for o in check.options if o.correct)
    widget.radio.value = wrong
    widget.submit_button.click()
    assert "Ikke helt" in widget.result.value and "mf-check-result--wrong" in widget.result.value
    widget.radio.value = right
    widget.submit_button.click()
    assert "Riktig" in widget.result.value
    saved = read_progress(module_dir, MODULE_1).checks[check.id]
    assert saved.first_answer == [wrong] and saved.answer == [right] and saved.attempts == 2


def test_multiple_answer_check_partly_right(tmp_path: Path) -> None:
    # module 1 asks single-answer checks only (docs/case.md section 5): take the first module with a multiple one
    module = next(m for m in MODULE_IDS if any(c.multiple for c in load_module_content(REPO_ROOT / "release" / m,
                                                                                      "nb").checks))
    page = open_module(module, copy_module(module, tmp_path), "nb")
    check = next(c for c in page.content.checks if c.multiple)
    widget: KnowledgeCheck = page.show(check.id)
    correct = [o.id for o in check.options if o.correct]
    widget.select(correct[:1] + ([] if len(correct) == 1 else [o.id for o in check.options if not o.correct][:1]))
    widget.submit_button.click()
    expected = "Delvis riktig" if len(correct) > 1 else "Riktig."
    assert expected in widget.result.value
    widget.select(correct)
    widget.submit_button.click()
    assert "Riktig." in widget.result.value


def test_check_restores_answer_and_explanation(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    check = page.content.checks[0]
    widget: KnowledgeCheck = page.show(check.id)
    answer = [o.id for o in check.options if o.correct]
    widget.select(answer)
    widget.submit()
    restored: KnowledgeCheck = open_module(MODULE_1, module_dir, "nb").show(check.id)
    assert restored.selected == sorted(answer)
    assert "Riktig" in restored.result.value


def test_reflection_autosaves_every_change_and_counts_words(page, module_dir: Path) -> None:
    reflection = page.content.reflections[0]
    box: ReflectionBox = page.show(reflection.id)
    assert box.text.description  # the textarea has a label for screen readers
    box.text.value = "Første tanke"
    assert read_progress(module_dir, MODULE_1).reflections[reflection.id].text == "Første tanke"
    assert f"2 av minst {reflection.min_words} ord" in box.status.value and "Lagret kl." in box.status.value
    box.text.value = "Første tanke, og så en til"
    assert read_progress(module_dir, MODULE_1).reflections[reflection.id].text == "Første tanke, og så en til"
    restored: ReflectionBox = open_module(MODULE_1, module_dir, "nb").show(reflection.id)
    assert restored.text.value == "Første tanke, og så en til"


def test_reflection_save_failure_keeps_the_text_and_says_so(page, module_dir: Path, monkeypatch) -> None:
    reflection = page.content.reflections[0]
    box: ReflectionBox = page.show(reflection.id)
    box.write("Dette skal ikke gå tapt")
    module_dir.chmod(0o500)
    monkeypatch.setattr("mangfold.atomic._temporary",
                        lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    try:
        box.write("Dette skal ikke gå tapt, heller ikke dette")
    finally:
        module_dir.chmod(0o700)
    assert "Ikke lagret: disken på serveren er full" in box.status.value  # in the learner's language
    assert box.text.value == "Dette skal ikke gå tapt, heller ikke dette"
    monkeypatch.undo()
    box.write("Dette skal ikke gå tapt, heller ikke dette!")
    assert "Lagret" in box.status.value
    assert read_progress(module_dir, MODULE_1).reflections[reflection.id].text.endswith("dette!")


def test_learner_text_is_escaped_where_it_is_shown(page) -> None:
    reflection = page.content.reflections[0]
    box: ReflectionBox = page.show(reflection.id)
    box.write("<script>alert(1)</script>")
    assert "<script>" not in box.status.value


def test_header_progress_rises_with_each_completed_item(page) -> None:
    header = page.header().children[-2]
    total = len(page.content.scenarios) + len(page.content.checks) + len(page.content.reflections)
    assert 'aria-valuenow="0"' in header.progress.value and f'aria-valuemax="{total}"' in header.progress.value
    page.show(page.content.checks[0].id).select([page.content.checks[0].options[0].id])
    page.show(page.content.checks[0].id).submit()
    assert 'aria-valuenow="1"' in header.progress.value


def test_english_page_uses_english_content_and_interface(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "en")
    header_html = page.header().children[-2].title.value
    assert "Module 1 of 5" in header_html and 'href="?lang=nb"' in header_html
    assert page.focus.lang == "en"
    check = page.show(page.content.checks[0].id)
    assert check.submit_button.description == "Check my answer"
    page.show(page.content.reflections[0].id).write("one two")
    assert read_progress(module_dir, MODULE_1).language == "en"


def test_nynorsk_page_uses_nynorsk_content_and_interface(tmp_path: Path) -> None:
    module_dir = copy_module(MODULE_1, tmp_path, tree="source")  # the release may predate nynorsk
    page = open_module(MODULE_1, module_dir, "nn")
    assert page.content.language == "nn" and page.focus.lang == "nn"
    header_html = page.header().children[-2].title.value
    assert "Modul 1 av 5" in header_html
    assert '<a class="mf-lang-switch" href="?lang=nb" lang="nb" hreflang="nb">Bokmål</a>' in header_html
    assert '<a class="mf-lang-switch" href="?lang=en" lang="en" hreflang="en">English</a>' in header_html
    assert 'href="?lang=nn"' not in header_html and '<nav class="mf-lang-nav" aria-label="Språk">' in header_html
    check = page.show(page.content.checks[0].id)
    assert check.submit_button.description == "Sjekk svaret"
    page.show(page.content.reflections[0].id).write("eitt to")
    assert read_progress(module_dir, MODULE_1).language == "nn"
    assert open_module(MODULE_1, module_dir).language == "nn"  # the choice holds for the next visit


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switch_offers_the_other_two_each_in_its_own_words(language: str) -> None:
    html = str(language_switch(language))
    others = [other for other in LANGUAGES if other != language]
    found = re.findall(r'<a class="mf-lang-switch" href="\?lang=(\w+)" lang="(\w+)" hreflang="(\w+)">([^<]+)</a>', html)
    assert [(code, name) for code, _lang, _href, name in found] == [
        (other, {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}[other]) for other in others]
    assert all(code == lang == href for code, lang, href, _name in found)


def test_language_comes_from_the_address_then_the_saved_progress(module_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    assert open_module(MODULE_1, module_dir).language == "en"
    monkeypatch.setenv("QUERY_STRING", "")
    assert open_module(MODULE_1, module_dir).language == "en"  # saved by the page above
    monkeypatch.setenv("QUERY_STRING", "lang=xx")
    assert open_module(MODULE_1, module_dir).language == "en"


def test_a_corrupt_progress_file_is_reported_on_the_page(module_dir: Path) -> None:
    (module_dir / PROGRESS_FILENAME).write_text("{broken", encoding="utf-8")
    page = open_module(MODULE_1, module_dir, "nb")
    notices = [w.value for w in page.header().children if isinstance(w, widgets.HTML) and "mf-notice" in w.value]
    assert notices and "ikke lese den lagrede framdriften" in notices[0] and "ikke gyldig JSON" in notices[0]
    assert (module_dir / PROGRESS_FILENAME).read_text(encoding="utf-8") == "{broken"
    page.show(page.content.reflections[0].id).write("ny start")
    (aside,) = [p for p in module_dir.iterdir() if p.name.startswith("mangfold-progress.set-aside-")
                and p.suffix == ".json"]
    assert aside.read_text(encoding="utf-8") == "{broken"


def test_store_is_shared_by_all_widgets_of_a_page(page) -> None:
    assert all(getattr(page.show(b.id), "store", page.store) is page.store for b in page.content.blocks)
    assert isinstance(page.store, ProgressStore)


def widgets_of(kind: type) -> list[widgets.Widget]:
    """Every open widget of ``kind`` in this process (ipywidgets keeps a registry of them)."""
    return [w for w in widgets.Widget.widgets.values() if type(w) is kind]


def test_a_module_page_shares_its_layouts_and_styles(module_dir: Path) -> None:
    """Every widget gets a Layout and a style of its own unless given one: widgets too, each sent to
    the browser. A module page built in full, with every scenario clicked through, keeps one of each."""
    widgets.Widget.close_all()
    page = open_module(MODULE_1, module_dir, "nb")
    page.header()
    steps = page.steps()
    while steps.current < steps.total:  # every step's widgets, and the completion screen
        steps.next_button.click()
    for scenario in page.content.scenarios:
        player: ScenarioPlayer = page.show(scenario.id)
        for choice in path_to_ending(scenario):
            decide(player, choice)  # one choice group per scenario, whatever the walk
    layouts = widgets_of(widgets.Layout)
    assert len(layouts) <= 2, [layout.get_state() for layout in layouts]  # the default and width 100 %
    for style in {type(w.style) for w in widgets.Widget.widgets.values() if hasattr(w, "style")}:
        assert len(widgets_of(style)) <= 2, style  # the default and ``description_width: initial``
    drawn = [w for w in widgets.Widget.widgets.values() if isinstance(w, widgets.DOMWidget)]
    assert len(drawn) > 40  # the page itself is all there


def test_a_shared_layout_is_replaced_once_closed() -> None:
    from mangfold.ui.widgets import lean, shared

    first = lean(widgets.Button, description="a")
    second = lean(widgets.Button, description="b")
    assert first.layout is second.layout and first.style is second.style
    wide = lean(widgets.Button, description="c", layout={"width": "100%"})
    assert wide.layout is not first.layout and wide.layout.width == "100%"
    widgets.Widget.close_all()  # as a test or a kernel's end does
    again = lean(widgets.Button, description="d")
    assert again.layout.comm is not None and again.layout is not first.layout
    assert shared(widgets.Layout) is again.layout


def test_no_course_widget_changes_a_shared_layout_or_style_in_place() -> None:
    """A shared layout or style changed through one widget would change every widget that shares it."""
    import re

    package = Path(__file__).resolve().parents[2] / "widgets" / "mangfold" / "ui"
    assignment = re.compile(r"\.(layout|style)\.\w+\s*=(?!=)")
    offenders = [f"{path.name}:{number}: {line.strip()}" for path in sorted(package.glob("*.py"))
                 if path.name not in {"dashboard.py", "dashboard_charts.py"}
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if assignment.search(line.split("#")[0]) and not line.lstrip().startswith(("``", '"'))]
    assert offenders == []


def test_a_copy_of_the_course_from_before_nynorsk_opens_in_bokmal(module_dir: Path) -> None:
    """A learner's course laid out before nynorsk came has no content.nn.yaml: asked for nn, the page is bokmål and
    the choice is not saved, so the next visit is not stuck on a language the folder does not have."""
    (module_dir / "content.nn.yaml").unlink(missing_ok=True)
    page = open_module(MODULE_1, module_dir, "nn")
    assert page.language == "nb" and page.content.language == "nb"
    page.show(page.content.reflections[0].id).write("en to")
    assert read_progress(module_dir, MODULE_1).language == "nb"
