"""The trainer's dashboard, driven in plain pytest: names hidden and shown, the module filter, the bar
charts' counts against distributions worked out here, escaping of hostile learner text, long lists of
reflections, an empty course and a folder that is not a course.

Two cohorts: a synthetic one (``make_demo_cohort``), whose expected counts are read straight from its
JSON files, and learners from ``tests/learners.py``, whose expected choices follow from what each
learner function does (``best_path``, the worst first choice, ...).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import ipywidgets as widgets
import pytest
from nbgrader.api import Gradebook

from mangfold import i18n
from mangfold.authoring.release import SKIPPED, ensure_tools_on_path
from mangfold.cohort.commands import init_course
from mangfold.cohort.demo import make_demo_cohort
from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent, ScenarioBlock
from mangfold.course import MODULE_IDS
from mangfold.progress.model import checksum_of
from mangfold.ui.dashboard import COURSE_DIR_VARIABLE, REFLECTIONS_SHOWN, DashboardPage, open_dashboard
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
MODULE_2 = MODULE_IDS[1]
ESCAPED_SCRIPT = html.escape(learners.SCRIPT_TAG)


def nb(key: str, **values: object) -> str:
    """The dashboard's text ``key`` in bokmål."""
    return i18n.text("nb", f"dashboard.{key}", **values)


def en(key: str, **values: object) -> str:
    return i18n.text("en", f"dashboard.{key}", **values)


# -- helpers ---------------------------------------------------------------------------------------------
def page_text(widget: widgets.Widget) -> str:
    """Every piece of markup and every label in the widget tree, as the browser would receive it."""
    parts = []
    if isinstance(widget, widgets.HTML):
        parts.append(widget.value)
    for name in ("description", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            parts.append(value)
    if isinstance(widget, widgets.Dropdown):
        parts += [label for label, _value in widget.options]
    for child in getattr(widget, "children", ()):
        parts.append(page_text(child))
    return "\n".join(parts)


BAR = re.compile(r'<li class="mf-bar[^"]*"><span class="mf-bar__label">(.*?)(?: <span class="mf-bar__note">.*?</span>)?'
                 r'</span>.*?<span class="mf-bar__value">(\d+) \((\d+) %\)</span></li>')


def bars(markup: str, chart_id: str) -> dict[str, tuple[int, int]]:
    """label -> (count, percent) of the chart ``chart_id`` in the markup."""
    start = markup.index(f'id="{chart_id}"')
    figure = markup[start: markup.index("</figure>", start)]
    return {html.unescape(label): (int(count), int(share)) for label, count, share in BAR.findall(figure)}


def expected_bars(scenario: ScenarioBlock, node: str, counts: Counter) -> dict[str, tuple[int, int]]:
    total = sum(counts.values())
    return {c.label: (counts[c.id], round(100 * counts[c.id] / total)) for c in scenario.situations[node].choices}


def trusted_documents(course: Path, module: str) -> list[dict]:
    """The module's progress documents whose checksum holds, read as plain JSON."""
    documents = []
    for path in sorted((course / "autograded").glob(f"*/{module}/mangfold-progress.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("checksum") == checksum_of(document):
            documents.append(document)
    return documents


# -- cohorts ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("dashboard-demo") / "kurs"
    make_demo_cohort(course, learners=30, seed=2)
    return course


#: names that occur nowhere in the course's own text, so finding one on the page means a name leaked
WRITTEN = {"kari": (learners.complete, "Zelda", "Xylofon"), "ola": (learners.partial, "Yngvar", "Qvale"),
           "per": (learners.complete, "Wenche", "Zahlqvist"), "tove": (learners.tampered, "Xander", "Tampesen")}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course whose learners drove the real widgets in their autograded folders (module 1)."""
    ensure_tools_on_path()
    course = tmp_path_factory.mktemp("dashboard-written") / "kurs"
    config = init_course(course)
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for learner, (_work, first, last) in WRITTEN.items():
            gradebook.add_student(learner, first_name=first, last_name=last)
    for learner, (work, _first, _last) in WRITTEN.items():
        folder = course / "autograded" / learner / MODULE_1
        shutil.copytree(REPO_ROOT / "release" / MODULE_1, folder, ignore=shutil.ignore_patterns(*SKIPPED))
        work(folder)
    return course


@pytest.fixture
def content() -> ModuleContent:
    return load_module_content(REPO_ROOT / "source" / MODULE_1, "nb")


# -- names -----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_names_are_hidden_until_the_trainer_shows_them(written: Path) -> None:
    page = open_dashboard(written, "nb")
    assert isinstance(page, DashboardPage)
    dashboard = page.dashboard
    names = [f"{first} {last}" for _work, first, last in WRITTEN.values()]
    hidden = page_text(page)
    assert not any(name in hidden or name.split()[0] in hidden for name in names)
    assert nb("participant", number=1) in dashboard.completion_box.value
    assert dashboard.show_names.description == nb("show_names") and not dashboard.show_names.value

    dashboard.show_names.value = True
    shown = page_text(page)
    for name in names:
        assert name in dashboard.completion_box.value
    assert "Zelda Xylofon (kari)" in shown and nb("names_shown") in shown
    reflections = page_text(dashboard.reflections_box)
    assert "Zelda Xylofon (kari)" in reflections and "Xander" not in reflections  # her file is not trusted
    assert "Xander Tampesen (tove)" in dashboard.untrusted_box.value

    dashboard.show_names.value = False
    assert not any(name in page_text(page) for name in names)


@pytest.mark.slow
def test_choice_charts_never_name_anyone(written: Path) -> None:
    dashboard = open_dashboard(written, "nb").dashboard
    dashboard.show_names.value = True
    for _work, first, last in WRITTEN.values():
        assert first not in dashboard.choices_box.value and last not in dashboard.choices_box.value
        assert first not in dashboard.checks_box.value


# -- counts ------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_first_choices_of_the_learners_functions(written: Path, content: ModuleContent) -> None:
    """kari and per (complete) and ola (partial): what each function chooses first, worked out here."""
    dashboard = open_dashboard(written, "nb").dashboard
    for number, scenario in enumerate(content.scenarios):
        start = scenario.situations[scenario.start].choices
        worst = max(start, key=lambda c: learners.QUALITY_ORDER[c.quality]).id
        best = learners.best_path(scenario)[0]
        complete = worst if number % 2 == 0 else best
        partial = best if number == 0 else next(c.id for c in start if c.next in scenario.situations)
        counts = Counter([complete, complete, partial])  # tove's file is not trusted
        assert bars(dashboard.choices_box.value, f"mf-chart-first-{MODULE_1}-{scenario.id}") == expected_bars(
            scenario, scenario.start, counts), scenario.id


@pytest.mark.slow
def test_all_choices_count_retries(written: Path, content: ModuleContent) -> None:
    """A complete learner tries the weakest choice, tries another, walks on, restarts and walks again, so
    every choice made counts (module 1 has one scenario: tests/learners.py restarts the last one too)."""
    dashboard = open_dashboard(written, "nb").dashboard
    scenario = content.scenarios[0]
    path = learners.best_path(scenario)
    start_choices = scenario.situations[scenario.start].choices
    worst = max(start_choices, key=lambda c: learners.QUALITY_ORDER[c.quality]).id
    onward = next(c.id for c in start_choices if c.next in scenario.situations)
    counts = Counter([path[0]] * 4 + [worst] * 2 + [onward])  # kari and per: worst, best, best again; ola once
    assert bars(dashboard.choices_box.value, f"mf-chart-all-{MODULE_1}-{scenario.id}-{scenario.start}") == (
        expected_bars(scenario, scenario.start, counts))


@pytest.mark.slow
def test_demo_charts_match_the_files(demo: Path) -> None:
    dashboard = open_dashboard(demo, "nb").dashboard
    for module in MODULE_IDS[:2]:
        content = load_module_content(demo / "source" / module, "nb")
        documents = trusted_documents(demo, module)
        for scenario in content.scenarios:
            firsts = Counter(d["scenarios"][scenario.id]["first_choice"] for d in documents
                             if scenario.id in d["scenarios"])
            assert bars(dashboard.choices_box.value, f"mf-chart-first-{module}-{scenario.id}") == expected_bars(
                scenario, scenario.start, firsts)
            for node in scenario.situations:
                made = Counter(s["choice"] for d in documents for s in d["scenarios"].get(scenario.id, {}).get(
                    "history", []) if s["node"] == node)
                if made:
                    assert bars(dashboard.choices_box.value, f"mf-chart-all-{module}-{scenario.id}-{node}") == (
                        expected_bars(scenario, node, made))
        for check in content.checks:
            answers = [d["checks"][check.id] for d in documents if check.id in d["checks"]]
            correct = sorted(o.id for o in check.options if o.correct)
            right = sum(sorted(a["first_answer"]) == correct for a in answers)
            chart = bars(dashboard.checks_box.value, f"mf-chart-right-{module}-{check.id}")
            assert chart == {nb("right_first"): (right, round(100 * right / len(answers)))}
            options = bars(dashboard.checks_box.value, f"mf-chart-options-{module}-{check.id}")
            for option in check.options:
                given = sum(option.id in a["first_answer"] for a in answers)
                assert options[option.text] == (given, round(100 * given / len(answers))), option.id


@pytest.mark.slow
def test_key_figures(demo: Path) -> None:
    dashboard = open_dashboard(demo, "nb").dashboard
    figures = dict((label, value) for value, label in re.findall(
        r'<span class="mf-stat__value">(.*?)</span> <span class="mf-stat__label">(.*?)</span>',
        dashboard.summary_box.value))
    submitted = {p.parent.name for p in (demo / "autograded").glob("*/*")}
    assert figures[nb("stat_learners")] == "30"
    assert figures[nb("stat_submitted")] == str(len(submitted))
    assert figures[nb("stat_untrusted")] == "1"


# -- the module filter ----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_module_filter_narrows_every_section(demo: Path) -> None:
    dashboard = open_dashboard(demo, "nb").dashboard
    filter_ = dashboard.module_filter
    assert filter_.description == nb("module_filter")
    assert filter_.options[0] == (nb("all_modules"), "")
    first, second = (load_module_content(demo / "source" / m, "nb") for m in (MODULE_1, MODULE_2))
    assert all(s.title in dashboard.choices_box.value for s in first.scenarios + second.scenarios)

    filter_.value = MODULE_2
    head = re.findall(r'<th scope="col">(.*?)</th>', dashboard.completion_box.value)
    assert head == [nb("learner"), html.escape(f"2. {second.title}")]
    assert all(s.title in dashboard.choices_box.value for s in second.scenarios)
    assert not any(s.title in dashboard.choices_box.value for s in first.scenarios)
    assert f"mf-chart-right-{MODULE_2}-" in dashboard.checks_box.value
    assert f"mf-chart-right-{MODULE_1}-" not in dashboard.checks_box.value
    kickers = set(re.findall(r'<p class="mf-kicker">(.*?) · ', page_text(dashboard.reflections_box)))
    assert kickers == {html.escape(f"2. {second.title}")}
    assert len(dashboard.reflections_box.children) == len(second.reflections)

    filter_.value = ""
    assert len(re.findall(r'<th scope="col">', dashboard.completion_box.value)) == 1 + 6


# -- learner text ------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_hostile_reflection_is_shown_only_escaped(written: Path) -> None:
    page = open_dashboard(written, "nb")
    for names in (False, True):
        page.dashboard.show_names.value = names
        text = page_text(page)
        assert learners.SCRIPT_TAG not in text and learners.IMG_TAG not in text
        assert ESCAPED_SCRIPT in page_text(page.dashboard.reflections_box)
        assert html.escape(learners.IMG_TAG) in text


@pytest.mark.slow
def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    with Gradebook(config.db_url, config.course_id) as gradebook:
        gradebook.add_student("x1", first_name=learners.SCRIPT_TAG, last_name="<b>fet</b>")
    folder = config.course_dir / "autograded" / "x1" / MODULE_1
    shutil.copytree(REPO_ROOT / "release" / MODULE_1, folder, ignore=shutil.ignore_patterns(*SKIPPED))
    learners.partial(folder)
    page = open_dashboard(config.course_dir, "nb")
    page.dashboard.show_names.value = True
    text = page_text(page)
    assert learners.SCRIPT_TAG not in text and "<b>fet</b>" not in text
    assert f"{ESCAPED_SCRIPT} &lt;b&gt;fet&lt;/b&gt; (x1)" in page.dashboard.completion_box.value


#: a reflection that would do harm if the page passed it on as markup, or read it as a Jinja2 template
#: (the dashboard's sections are templates): tags, both quotes, an ampersand, expressions and statements
TEMPLATE_REFLECTION = (f"{learners.SCRIPT_TAG} \"sitat\" & 'enkle' {{{{ 7*7 }}}} {{{{ text('title') }}}} "
                       "{% if true %}jinja{% endif %} {# borte? #} " + " ".join(["ord"] * 40) + "\nny linje")


@pytest.mark.slow
def test_reflections_are_text_even_when_they_look_like_markup_or_templates(tmp_path: Path) -> None:
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    folder = config.course_dir / "autograded" / "x1" / MODULE_1
    shutil.copytree(REPO_ROOT / "release" / MODULE_1, folder, ignore=shutil.ignore_patterns(*SKIPPED))
    learners.complete(folder, reflection_text=TEMPLATE_REFLECTION)
    page = open_dashboard(config.course_dir, "nb")
    for names in (False, True):
        page.dashboard.show_names.value = names
        shown = re.findall(r'<p class="mf-answer__text">(.*?)</p>', page_text(page.dashboard.reflections_box))
        assert shown and set(shown) == {html.escape(TEMPLATE_REFLECTION, quote=True).replace("\n", "<br>")}
        assert html.unescape(shown[0].replace("<br>", "\n")) == TEMPLATE_REFLECTION  # every character kept
        text = page_text(page)
        assert learners.SCRIPT_TAG not in text and "\"sitat\"" not in text and "& 'enkle'" not in text
        assert "49" not in shown[0] and "{% if true %}" in shown[0]


@pytest.mark.slow
def test_long_lists_of_reflections_open_on_request(demo: Path) -> None:
    dashboard = open_dashboard(demo, "nb").dashboard
    dashboard.module_filter.value = MODULE_1
    card = dashboard.reflections_box.children[0]
    answers = len(re.findall(r'<li class="mf-answer">', card.children[0].value))
    assert answers == REFLECTIONS_SHOWN
    button = card.children[1]
    total = int(re.search(r"(\d+)", button.description).group(1))
    assert total > REFLECTIONS_SHOWN and button.description == nb("show_all", count=total)
    button.click()
    card = dashboard.reflections_box.children[0]
    assert len(re.findall(r'<li class="mf-answer">', card.children[0].value)) == total
    assert card.children[1].description == nb("show_fewer", count=REFLECTIONS_SHOWN)
    card.children[1].click()
    assert len(re.findall(r'<li class="mf-answer">', dashboard.reflections_box.children[0].children[0].value)) == (
        REFLECTIONS_SHOWN)


# -- the page in other states ------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_english(demo: Path) -> None:
    page = open_dashboard(demo, "en")
    text = page_text(page)
    assert en("title") in text and en("show_names") in text and en("participant", number=1) in text
    assert nb("title") not in text
    content = load_module_content(demo / "source" / MODULE_1, "en")
    assert content.scenarios[0].title in page.dashboard.choices_box.value


@pytest.mark.slow
def test_an_empty_course_says_what_to_do(tmp_path: Path) -> None:
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    page = open_dashboard(config.course_dir, "nb")
    text = page_text(page)
    assert nb("empty") in text
    assert "mf-chart" not in text


def test_a_folder_that_is_no_course_is_named(tmp_path: Path) -> None:
    page = open_dashboard(tmp_path, "nb")
    text = page_text(page)
    assert 'role="alert"' in text and html.escape(str(tmp_path.resolve())) in text
    assert "nbgrader_config.py" in text and "mangfold cohort init" in text
    assert page.dashboard.data is None


@pytest.mark.slow
def test_no_argument_reads_the_course_from_the_environment(demo: Path, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.setenv(COURSE_DIR_VARIABLE, str(demo))
    monkeypatch.chdir(tmp_path)
    assert open_dashboard(language="nb").dashboard.course_dir == demo.resolve()
    monkeypatch.delenv(COURSE_DIR_VARIABLE)
    monkeypatch.chdir(demo)
    assert open_dashboard(language="nb").dashboard.data is not None
