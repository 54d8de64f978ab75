"""Module 1 in a real browser: what a learner sees and does on the Voilà page, and what survives a reload.

Texts come from the module's content files and the interface strings from the ``ui`` catalogue
(``mangfold/i18n/<language>/ui.yaml``), so the tests follow the course text when authors edit it.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent, ScenarioBlock
from mangfold.content.steps import module_steps
from mangfold.engine.text import count_words
from tests.browser.conftest import RENDERED, CourseServer, PageLog, open_course, running_servers
from tests.helpers.axe import AXE_PAGE_RULES, axe_scan, rule_outcomes, serious
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import (
    answer_check,
    assert_page_clean,
    choose,
    current_step,
    expect_check_result,
    expect_check_selected,
    expect_ending,
    expect_progress,
    expect_step,
    go_to_block,
    go_to_completion,
    go_to_step,
    reflection_card,
    scenario_card,
    try_other,
)
from tests.waiting import wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect  # no time limit: the ``browser`` fixture sets expect's to 0 (a dead server fails the page)

NB = STRINGS["nb"]
PHONE = {"width": 375, "height": 667}

REFLECTION_TEXT = (
    "Sist vi ansatte, snakket vi mye om hvem som ville passe inn i teamet. "
    "Vi skrev lite om oppgavene, og vi la vekt på magefølelsen etter intervjuet. "
    "Neste gang setter jeg kravene først."
)
HOSTILE_TEXT = ('<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>")


def _served(request: pytest.FixtureRequest) -> CourseServer:
    name = "fresh_server" if "fresh_server" in request.fixturenames else "course_server"
    return request.getfixturevalue(name)


@pytest.fixture
def nb(request: pytest.FixtureRequest) -> ModuleContent:
    """Module 1 in bokmål, read from the copy the test's server serves (the repository may change meanwhile)."""
    return load_module_content(_served(request).module_dir, "nb")


# -- helpers -------------------------------------------------------------------------------------------
def type_reflection(page, content: ModuleContent, reflection_id: str, lines: tuple[str, ...] | str) -> str:
    """Type into a reflection with the keyboard (Enter between lines); wait until the last key is saved."""
    lines = (lines,) if isinstance(lines, str) else lines
    card = reflection_card(page, content, reflection_id)
    box = card.locator("textarea")
    box.click()
    for number, line in enumerate(lines):
        if number:
            box.press("Enter")
        box.press_sequentially(line)
    text = "\n".join(lines)
    words = NB["words_needed"].format(count=count_words(text), minimum=content.block(reflection_id).min_words)
    status = card.locator(".mf-reflection-status")
    expect(status).to_contain_text(words)
    expect(status).to_contain_text(NB["saved_at"].split("{")[0].strip())
    return text


def walk_to_ending(scenario: ScenarioBlock) -> list[tuple[str, str]]:
    """The (node, choice) steps of the best walk: good choices where there are any."""
    steps, node = [], scenario.start
    while node not in scenario.endings:
        choices = scenario.situations[node].choices
        best = next((c for c in choices if c.quality == "good"), choices[0])
        steps.append((node, best.id))
        node = best.next
    return steps


# -- the tests -----------------------------------------------------------------------------------------
def test_module_page_renders_without_code(page, page_log: PageLog, course_server: CourseServer,
                                          nb: ModuleContent) -> None:
    open_course(page, course_server.module_url)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(nb.title)
    expect(page.locator(".mf-header")).to_contain_text(nb.subtitle)
    # one step at a time: every step shows its own blocks' cards, and over the steps every block is shown once
    for step in module_steps(nb):
        go_to_step(page, nb, step.number)
        for kind in ("scenario", "check", "reflection"):
            expect(page.locator(f".mf-card--{kind}")).to_have_count(sum(b.kind == kind for b in step.blocks))
    go_to_step(page, nb, 1)
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuenow", "0")
    total = len(nb.scenarios) + len(nb.checks) + len(nb.reflections)
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuemax", str(total))
    # the learner sees a page, not a notebook: no code, no source anywhere in the document
    expect(page.locator(".jp-InputArea")).to_have_count(0)
    body = page.locator("body").inner_text()
    html = page.content()
    for code in ("page.show", "open_module", "import mangfold", "print_reflections"):
        assert code not in body, f"code visible on the page: {code!r}"
        assert code not in html, f"code in the page source: {code!r}"
    assert "Traceback" not in body
    assert_page_clean(page_log, course_server)


def test_learner_journey_survives_reload(page, page_log: PageLog, fresh_server: CourseServer,
                                         nb: ModuleContent) -> None:
    open_course(page, fresh_server.module_url)
    expect_progress(page, 0)
    [first] = nb.scenarios  # module 1: one scenario of three decisions
    done = 0
    go_to_block(page, nb, first.id)

    # scenario 1: every first choice gives its feedback; try another; end at the good ending
    for choice in first.situations[first.start].choices:
        choose(page, first, first.start, choice.id)
        if choice.next not in first.endings:  # a second decision: take its first choice
            node = choice.next
            choose(page, first, node, first.situations[node].choices[0].id)
        try_other(page, first, back_to=first.start if choice.next in first.endings else choice.next)
        if choice.next not in first.endings:
            try_other(page, first, back_to=first.start)
    done += 1  # an ending was reached along the way: the scenario counts as done
    expect_progress(page, done)
    path_1 = walk_to_ending(first)
    assert len(path_1) >= 3, "module 1's scenario should have three decisions"
    for node, choice_id in path_1:
        choose(page, first, node, choice_id)
    expect_progress(page, done)
    # at the ending: try another choice at the last decision, then take the path's choice again
    last_node, last_choice = path_1[-1]
    other = next(c for c in first.situations[last_node].choices if c.id != last_choice)
    try_other(page, first, back_to=last_node)
    choose(page, first, last_node, other.id)
    try_other(page, first, back_to=last_node)
    choose(page, first, last_node, last_choice)
    ending_1 = next(c.next for c in first.situations[last_node].choices if c.id == last_choice)
    expect_ending(scenario_card(page, first.id), first, ending_1)

    # the checks: the first right at once, the second wrong first, then right
    team, field_test = (nb.block("sjekk-strategi"), nb.block("sjekk-tre-trinn"))
    right_team = [o.id for o in team.options if o.correct]
    go_to_block(page, nb, team.id)
    answer_check(page, team, right_team)
    expect_check_result(page, team, NB["check_correct"])
    done += 1
    expect_progress(page, done)
    wrong = next(o.id for o in field_test.options if not o.correct)
    right = next(o.id for o in field_test.options if o.correct)
    go_to_block(page, nb, field_test.id)
    answer_check(page, field_test, [wrong])
    expect_check_result(page, field_test, NB["check_wrong"])
    done += 1
    expect_progress(page, done)
    answer_check(page, field_test, [right])
    expect_check_result(page, field_test, NB["check_correct"])

    # a reflection, typed key by key; enough words to count as done
    reflection = nb.reflections[0]
    assert count_words(REFLECTION_TEXT) >= reflection.min_words
    go_to_block(page, nb, reflection.id)
    text = type_reflection(page, nb, reflection.id, REFLECTION_TEXT)
    done += 1
    expect_progress(page, done)

    saved = json.loads(fresh_server.progress_path.read_text(encoding="utf-8"))
    assert saved["reflections"][reflection.id]["text"] == text
    assert saved["scenarios"][first.id]["ending"] == ending_1
    assert saved["checks"][field_test.id]["first_answer"] == [wrong]

    # reload: a new kernel reads the progress file, and the page is where the learner left it: the same step
    at = current_step(page)
    page.reload()
    page.wait_for_selector(RENDERED, state="visible")
    expect_step(page, nb, at)
    expect_progress(page, done)
    for scenario, path, ending in ((first, path_1, ending_1),):
        go_to_block(page, nb, scenario.id)
        card = scenario_card(page, scenario.id)
        node, choice_id = path[-1]
        label = next(c.label for c in scenario.situations[node].choices if c.id == choice_id)
        expect(card.locator(".mf-feedback")).to_contain_text(label)
        expect_ending(card, scenario, ending)
        expect(card.locator(".mf-done")).to_have_text(NB["completed"])
    go_to_block(page, nb, team.id)
    expect_check_selected(page, team, right_team)
    expect_check_result(page, team, NB["check_correct"])
    go_to_block(page, nb, field_test.id)
    expect_check_selected(page, field_test, [right])
    expect_check_result(page, field_test, NB["check_correct"])
    go_to_block(page, nb, reflection.id)
    card = reflection_card(page, nb, reflection.id)
    expect(card.locator("textarea")).to_have_value(text)
    expect(card.locator(".mf-reflection-status")).to_contain_text(NB["saved_at"].split("{")[0].strip())
    assert_page_clean(page_log, fresh_server)


#: the page shell's own words (the Voilà template), before the widgets arrive
SHELL = {"en": {"skip link": "Skip to main content", "loading text": "Loading the course …"},
         "nn": {"skip link": "Hopp til hovudinnhaldet", "loading text": "Lastar inn kurset …"}}


@pytest.mark.parametrize("language", ["en", "nn"])
def test_the_page_in_another_language(page, page_log: PageLog, course_server: CourseServer, nb: ModuleContent,
                                      language: str) -> None:
    other = load_module_content(course_server.module_dir, language)
    strings = STRINGS[language]
    open_course(page, course_server.module_url)
    switches = page.locator("a.mf-lang-switch")
    expect(switches).to_have_count(2)  # the other two languages, each named in its own words
    switch = page.locator(f'a.mf-lang-switch[hreflang="{language}"]')
    expect(switch).to_have_text(strings["language_name"])
    expect(switch).to_have_attribute("href", f"?lang={language}")
    expect(switch).to_have_attribute("lang", language)
    switch.click()
    page.wait_for_url(f"**?lang={language}")
    page.wait_for_selector(RENDERED, state="visible")

    expect(page.locator("h1")).to_have_text(other.title)
    expect(page.locator(".mf-header")).to_contain_text(other.subtitle)
    total = len(other.scenarios) + len(other.checks) + len(other.reflections)
    expect(page.locator(".mf-progress__label")).to_have_text(strings["progress"].format(done=0, total=total))
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-label", strings["progress_label"])
    back = page.locator('a.mf-lang-switch[hreflang="nb"]')
    expect(back).to_have_text(NB["language_name"])
    expect(back).to_have_attribute("href", "?lang=nb")
    expect(page.locator(f'a.mf-lang-switch[hreflang="{language}"]')).to_have_count(0)
    # every step in this language: its checks, reflections, the step bar and the buttons; no bokmål on any of them
    bodies = []
    for step in module_steps(other):
        go_to_step(page, other, step.number, strings)
        checks = sum(b.kind == "check" for b in step.blocks)
        if checks:
            expect(page.locator(".mf-card--check").first).to_contain_text(strings["check"])
        expect(page.get_by_role("button", name=strings["check_submit"], exact=True)).to_have_count(checks)
        expect(page.get_by_role("textbox", name=strings["reflection_label"])).to_have_count(
            sum(b.kind == "reflection" for b in step.blocks))
        first = next((b for b in step.blocks if b.kind == "scenario"), None)
        if first is not None and first.id == other.scenarios[0].id:
            # the decision's own question, or the interface's «What do you do?» where it has none
            expect(scenario_card(page, first.id)).to_contain_text(
                first.situations[first.start].question or strings["choose"])
            choose(page, first, first.start, first.situations[first.start].choices[0].id, strings=strings)
            expect(scenario_card(page, first.id).get_by_role("button", name=strings["try_other"])).to_be_visible()
        bodies.append(page.locator("main").inner_text())
    go_to_completion(page, other, strings)
    expect(page.locator(".mf-card--summary")).to_contain_text(strings["learning_points"])
    expect(page.locator(".mf-card--summary summary")).to_have_text(strings["sources"])
    bodies.append(page.locator("main").inner_text())

    for body in bodies:
        for key in ("check_submit", "reflection_label", "choose", "try_other", "learning_points", "sources",
                    "step_next", "step_back", "completion_title"):
            if NB[key] != strings[key]:  # nynorsk and bokmål share some words («Neste», «Sjekk svaret»)
                assert NB[key] not in body, f"bokmål interface string on the {language} page: {NB[key]!r}"
        assert nb.title not in body
    # the page says which language it is in, for screen readers and hyphenation
    assert page.evaluate("document.documentElement.lang") == language
    expect_no_serious_axe(page, f"the module page in {language}")
    assert_page_clean(page_log, course_server)


@pytest.mark.parametrize("language", ["en", "nn"])
def test_the_page_shell_in_another_language(page, course_server: CourseServer, language: str) -> None:
    other = load_module_content(course_server.module_dir, language)
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const text = (selector) => (document.querySelector(selector)?.textContent || '').trim();
        window.__shellAtLoad = {'skip link': text('a.mf-skip-link'), 'loading text': text('#loading_text'),
                                '<html lang>': document.documentElement.lang};
    });""")
    open_course(page, course_server.module_url + f"?lang={language}")
    expect(page.locator("h1")).to_have_text(other.title)
    assert page.evaluate("document.documentElement.lang") == language  # the widgets set it (FocusManager)
    assert page.evaluate("window.__shellAtLoad") == {**SHELL[language], "<html lang>": language}
    assert page.locator("a.mf-skip-link").text_content().strip() == SHELL[language]["skip link"]


def expect_no_serious_axe(page, where: str) -> None:
    results = axe_scan(page)
    assert not serious(results), f"axe on {where}:\n" + "\n".join(serious(results))


def test_hostile_reflection_text_stays_text(page, page_log: PageLog, course_server: CourseServer,
                                            nb: ModuleContent) -> None:
    open_course(page, course_server.module_url)
    reflection = nb.reflections[-1]
    go_to_block(page, nb, reflection.id)
    text = type_reflection(page, nb, reflection.id, HOSTILE_TEXT)
    assert page.evaluate("typeof window.__xss") == "undefined"

    page.reload()
    page.wait_for_selector(RENDERED, state="visible")  # the reflection's step again: the saved step
    box = reflection_card(page, nb, reflection.id).locator("textarea")
    expect(box).to_have_value(text)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script").filter(has_text="window.__xss").count() == 0
    assert not [url for url in page_log.requests if urlsplit(url).path.endswith("/x")], "the <img> was loaded"
    saved = json.loads(course_server.progress_path.read_text(encoding="utf-8"))
    assert saved["reflections"][reflection.id]["text"] == text
    assert page.evaluate("typeof window.__xss") == "undefined"


FOCUSED_RADIO = "document.activeElement.matches('.mf-choice-group input[type=radio]')"
FOCUSED_LABEL = "document.activeElement.closest('label').innerText.trim()"


def test_keyboard_only_choice_and_try_again(page, course_server: CourseServer, nb: ModuleContent) -> None:
    """A decision is a radio group: Tab enters it, the arrow keys and Space select and decide nothing, and
    «Velg» (Enter or Space) decides. The saved history shows that only the pressed «Velg» decided."""
    open_course(page, course_server.module_url)
    go_to_block(page, nb, nb.scenarios[0].id)  # the step's heading has the focus: Tab on from there
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_RADIO):
            break
    assert page.evaluate(FOCUSED_RADIO), "Tab never reached a scenario choice"
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineWidth]; })()")
    assert ring[0] != "none" and ring[1] != "0px", f"no visible focus ring on the focused choice: {ring}"
    scenario_id = page.evaluate(
        "document.activeElement.closest('.mf-card--scenario').querySelector('[id$=\"-situation\"]').id"
    ).removeprefix("mf-").removesuffix("-situation")
    scenario = nb.block(scenario_id)
    choices = scenario.situations[scenario.start].choices
    card = scenario_card(page, scenario.id)
    velg = card.get_by_role("button", name=NB["choose_button"], exact=True)
    expect(velg).to_be_disabled()  # nothing selected, nothing to decide
    assert page.evaluate(FOCUSED_LABEL) == choices[0].label

    page.keyboard.press("Space")  # selects the first choice: a radio button, not a decision
    expect(card.get_by_role("radio", name=choices[0].label, exact=True)).to_be_checked()
    expect(velg).to_be_enabled()
    page.keyboard.press("ArrowDown")  # the arrow keys move the selection within the group
    expect(card.get_by_role("radio", name=choices[1].label, exact=True)).to_be_checked()
    assert page.evaluate(FOCUSED_LABEL) == choices[1].label
    expect(card.locator(".mf-feedback")).to_have_count(0)
    page.keyboard.press("Tab")  # out of the group, to «Velg»
    assert page.evaluate("document.activeElement.textContent") == NB["choose_button"]
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'mf-{scenario.id}-feedback'")
    expect(card.locator(".mf-feedback")).to_contain_text(choices[1].label)

    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == NB["try_other"]:
            break
    assert page.evaluate("document.activeElement.textContent") == NB["try_other"], (
        "Tab from the feedback heading did not reach 'Prøv et annet valg'")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'mf-{scenario.id}-situation'")
    expect(card.locator(".mf-feedback")).to_have_count(0)
    expect(card.get_by_role("radio")).to_have_count(len(choices))
    for choice in choices:
        expect(card.get_by_role("radio", name=choice.label, exact=True)).not_to_be_checked()
    expect(velg).to_be_disabled()
    # and Space works on «Velg» as well
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_RADIO)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == NB["choose_button"]
    page.keyboard.press(" ")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'mf-{scenario.id}-feedback'")
    expect(card.locator(".mf-feedback")).to_contain_text(choices[0].label)
    saved = json.loads(course_server.progress_path.read_text(encoding="utf-8"))["scenarios"][scenario.id]
    # two decisions, both made with «Velg»: the first choice selected with Space was never decided
    assert [step["choice"] for step in saved["history"]] == [choices[1].id, choices[0].id]


def test_phone_width_and_screenshots(page, course_server: CourseServer, nb: ModuleContent,
                                     tmp_path: Path) -> None:
    open_course(page, course_server.module_url)
    desktop_shot = tmp_path / "module-1-1280.png"
    page.screenshot(path=str(desktop_shot), full_page=True)

    page.set_viewport_size(PHONE)  # the layout follows the width at once (CSS media queries)
    first = nb.scenarios[0]
    go_to_block(page, nb, first.id)
    choose(page, first, first.start, first.situations[first.start].choices[1].id)
    width = PHONE["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page scrolls sideways at {width} px: scrollWidth {scroll_width}"
    buttons = page.locator(".mf-choice, .mf-btn")  # the choices (radio cards) and every button
    assert buttons.count() >= 3
    for index in range(buttons.count()):
        button = buttons.nth(index)
        box = button.bounding_box()
        label = button.inner_text()
        assert box is not None, f"button not rendered: {label!r}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"button off screen: {label!r} {box}"
        clipped = button.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert not clipped, f"button text cut off at {width} px: {label!r}"
    phone_shot = tmp_path / "module-1-375.png"
    page.screenshot(path=str(phone_shot), full_page=True)
    print(f"screenshots: {desktop_shot} {phone_shot}")
    assert desktop_shot.stat().st_size > 10_000 and phone_shot.stat().st_size > 10_000


def test_leaving_the_page_shuts_its_kernel_down(page, course_server: CourseServer) -> None:
    open_course(page, course_server.module_url)
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    kernel_url = f"{course_server.url}api/kernels/{kernel_id}"
    assert page.request.get(kernel_url).status == 200
    page.goto("about:blank")  # leaving the page fires Voilà's beforeunload beacon
    # the state, not a time: the server shuts the kernel down on the beacon (its log says so), then answers 404;
    # without a beacon this waits until the server exits (the run's own limit ends it: no limit in the test)
    wait_for(lambda: f"Kernel shutdown: {kernel_id}" in course_server.log_text()
             and page.request.get(kernel_url).status == 404,
             unreachable=running_servers, what="the kernel outlived its page")


# -- accessibility -------------------------------------------------------------------------------------
def test_axe_no_serious_violations(page, course_server: CourseServer, nb: ModuleContent) -> None:
    open_course(page, course_server.module_url)
    results = axe_scan(page)
    assert not serious(results), "axe on the module page:\n" + "\n".join(serious(results))
    outcomes = rule_outcomes(results)
    for rule in AXE_PAGE_RULES:
        assert outcomes.get(rule) == "passes", f"{rule}: {outcomes.get(rule)} (the configuration did not bite?)"

    first = nb.scenarios[0]
    go_to_block(page, nb, first.id)
    choose(page, first, first.start, first.situations[first.start].choices[1].id)
    results = axe_scan(page)
    assert not serious(results), "axe after a choice:\n" + "\n".join(serious(results))
    minor = [f"{v['id']} ({v['impact']})" for v in results["violations"]]
    print(f"axe, minor violations after a choice: {minor or 'none'}")


def test_axe_configuration_bites(page, course_server: CourseServer) -> None:
    """Negative control: without a <main> and an <h1>, the configured axe reports both rules as violated."""
    open_course(page, course_server.module_url)
    page.evaluate("""() => {
        document.querySelectorAll('h1').forEach(h => { h.outerHTML = '<p>' + h.textContent + '</p>'; });
        const main = document.querySelector('main');
        const div = document.createElement('div');
        while (main.firstChild) div.appendChild(main.firstChild);
        main.replaceWith(div);
    }""")
    outcomes = rule_outcomes(axe_scan(page))
    for rule in AXE_PAGE_RULES:
        assert outcomes.get(rule) == "violations", f"{rule}: {outcomes.get(rule)}"
