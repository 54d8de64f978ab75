"""XSS payloads in every free text a learner writes, shown everywhere that text is shown, in a real browser.

Every payload (``tests/security/payloads.py``) goes into every reflection of all five modules and into
the summary's action plan, typed in the browser; then the pages are opened again, the summary's
on-page overview and its HTML download are read, the Word and PDF downloads are opened, the trainer's
dashboard shows a cohort whose reflections and roster names are the payloads, and nbgrader's
formgrader (a real ``jupyter server`` with the formgrader extension, logged in with a token) shows a
submission whose reflections are the payloads. On every page: no dialog opened, ``window.__xss`` is
undefined, no element carries a payload's code, and the payload is on the page as text.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit

from mangfold.cohort.commands import add_learners, read_roster
from mangfold.cohort.config import CohortConfig
from mangfold.cohort.data import load_cohort
from mangfold.cohort.demo import make_demo_cohort
from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.kernels import autograde
from mangfold.progress.model import checksum_of
from mangfold.progress.store import PROGRESS_FILENAME
from mangfold.summary.jobaid import PLAN_WIDTH, PLAN_WORDS, STEP_WIDTH, STEP_WORDS, excerpt
from mangfold.summary.snapshot import ACTION_IDS, SUMMARY_MODULE
from tests import learners
from tests.browser.conftest import RENDERED, CourseServer, running_servers
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.nbgrader_course import COURSE, NOTEBOOK, exchange_step, learner_config, ok, trainer_course
from tests.helpers.pages import go_to_block, reflection_card
from tests.helpers.servers import DashboardServer, ServerProcess
from tests.security.payloads import ALL_IN_ONE, FLAG, PAYLOADS, normal_space, shown
from tests.waiting import wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

#: Elements a payload would leave behind if it were read as markup: any attribute or script or style
#: text with the payloads' marker, an image with ``src=x``, a frame with ``srcdoc`` (but the summary's
#: own sandboxed overview frame, whose document holds the escaped text), a ``javascript:`` link.
PAYLOAD_ELEMENTS = """(flag) => {
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    const tag = e.tagName.toLowerCase();
    const ownFrame = tag === 'iframe' && e.classList.contains('mf-summary-frame');
    if ((tag === 'script' || tag === 'style') && e.textContent.includes(flag)) {
      found.push(`<${tag}>${e.textContent.slice(0, 80)}`);
    }
    for (const a of e.attributes) {
      if (a.value.includes(flag) && !(ownFrame && a.name === 'srcdoc')) {
        found.push(`<${tag} ${a.name}="${a.value.slice(0, 80)}">`);
      }
    }
    if (tag === 'img' && e.getAttribute('src') === 'x') found.push('<img src=x>');
    if (tag === 'iframe' && e.hasAttribute('srcdoc') && !ownFrame) found.push('<iframe srcdoc>');
    const href = (e.getAttribute('href') || '').trim().toLowerCase();
    if (href.startsWith('javascript:')) found.push(`<${tag} href=javascript:>`);
    if (e.id === '__xss-link') found.push('<a id=__xss-link>');
  }
  return found;
}"""


class Watch:
    """Dialogs a page opened, recorded and dismissed (a dismissed alert lets the page go on)."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        with contextlib.suppress(Exception):
            dialog.dismiss()


def assert_nothing_ran(page, watch: Watch, where: str) -> None:
    """No dialog, no flag, no payload element, in the page and in every frame of it."""
    page.wait_for_timeout(300)  # an onerror or onload handler fires after the element is parsed
    assert not watch.dialogs, f"{where}: a payload opened a dialog: {watch.dialogs}"
    for frame in page.frames:
        flag = frame.evaluate(f"() => typeof window.{FLAG}")
        assert flag == "undefined", f"{where}: window.{FLAG} is set in frame {frame.url[:80]}"
        elements = frame.evaluate(PAYLOAD_ELEMENTS, FLAG)
        assert not elements, f"{where}: payload markup in the DOM of {frame.url[:80]}: {elements[:5]}"


def assert_shown_as_text(text: str, where: str, payloads: tuple[str, ...] = PAYLOADS) -> None:
    """Every payload is in ``text`` (a page's rendered text), as the learner wrote it."""
    rendered = normal_space(text)
    missing = [p[:60] for p in payloads if normal_space(shown(p)) not in rendered]
    assert not missing, f"{where}: {len(missing)} payload(s) not shown as text, e.g. {missing[:3]}"


def wait_until(condition, what: str = "condition") -> None:
    """Wait for ``condition`` (a save on disk) with no time limit; fail once a running server has exited."""
    wait_for(condition, unreachable=running_servers, what=f"waiting for {what}", poll=0.2)


def saved_texts(folder: Path) -> dict[str, str]:
    try:
        document = json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: value.get("text", "") for key, value in document.get("reflections", {}).items()}


#: a reflection's text box
BOX = "textarea.mf-reflection-input, .mf-reflection-input textarea"


def open_page(page, url: str, ready: str = ".mf-card--summary") -> None:
    page.goto(url)
    page.wait_for_selector(ready, state="visible")


# -- the learner's pages in Voilà ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def course(whole_course_server: CourseServer) -> CourseServer:
    """The whole course, modules 1-4 done (the guided path opens each module after the one before)."""
    server = whole_course_server
    server.reset_learner()
    summary_dir = server.root / "release" / SUMMARY_MODULE
    if not summary_dir.exists():
        shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, summary_dir)
    for module in MODULE_IDS:
        learners.complete(server.module_dirs[module], learners.LONG_REFLECTION)
    return server


def test_payloads_in_every_reflection_stay_text_in_voila(page, course: CourseServer) -> None:
    watch = Watch(page)
    for module in MODULE_IDS:
        folder = course.module_dirs[module]
        content = load_module_content(folder, "nb")
        reflections = [r.id for r in content.reflections]
        open_page(page, course.page_url(module), RENDERED)
        for reflection in reflections:  # each on its step: Next (or Back) to it
            go_to_block(page, content, reflection)
            box = reflection_card(page, content, reflection).locator(BOX)
            expect(box).to_have_count(1)
            box.fill(ALL_IN_ONE)
        wait_until(lambda f=folder, r=reflections: all(saved_texts(f).get(i) == ALL_IN_ONE for i in r),
                   what=f"{module}: every reflection saved")
        assert_nothing_ran(page, watch, f"{module} after typing")
        open_page(page, course.page_url(module), RENDERED)  # a new page view reads the saved text back
        for reflection in reflections:
            go_to_block(page, content, reflection)
            expect(reflection_card(page, content, reflection).locator(BOX)).to_have_value(ALL_IN_ONE)
            assert_nothing_ran(page, watch, f"{module} reopened")


def plain_docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def test_payloads_in_the_summary_page_and_every_export(page, course: CourseServer, tmp_path: Path) -> None:
    """Runs after the reflections test: the summary then shows the payloads from every module."""
    watch = Watch(page)
    for module in MODULE_IDS:  # on its own (-k), the modules get the payloads here
        folder = course.module_dirs[module]
        if set(saved_texts(folder).values()) != {ALL_IN_ONE}:
            (folder / PROGRESS_FILENAME).unlink(missing_ok=True)  # whatever an earlier test left: start afresh
            learners.complete(folder, ALL_IN_ONE)
    summary_dir = course.root / "release" / SUMMARY_MODULE
    url = course.page_url(SUMMARY_MODULE)
    open_page(page, url)
    boxes = page.locator(".mf-action-plan textarea")
    expect(boxes).to_have_count(len(ACTION_IDS))
    plan = [ALL_IN_ONE] * len(ACTION_IDS)
    for index, text in enumerate(plan):
        boxes.nth(index).fill(text)
    wait_until(lambda: all(saved_texts(summary_dir).get(i) == ALL_IN_ONE for i in ACTION_IDS),
               what="the action plan saved")
    assert_nothing_ran(page, watch, "summary page after typing")

    open_page(page, url)  # the overview is built with the page: reopen to see the plan in it
    for index in range(len(ACTION_IDS)):
        expect(boxes.nth(index)).to_have_value(ALL_IN_ONE)
    frame = page.frame_locator("iframe.mf-summary-frame")  # the overview is the jobbstøtte: its texts are cut
    # the state: the preview shows the plan (the page can draw the overview before the plan is in it)
    expect(frame.locator(".aid-plan")).to_contain_text(ALL_IN_ONE.split()[0])
    assert_nothing_ran(page, watch, "summary page reopened")
    step_start = (excerpt(ALL_IN_ONE, STEP_WORDS, STEP_WIDTH).text,)
    plan_start = (excerpt(ALL_IN_ONE, PLAN_WORDS, PLAN_WIDTH).text,)
    assert_shown_as_text(frame.locator(".aid-plan").inner_text(), "the overview's action plan", plan_start)
    assert_shown_as_text(frame.locator(".aid-steps").inner_text(), "the overview's checklist", step_start)

    page.get_by_role("button", name="Lag dokumentene").click()
    links = page.locator("a.mf-export")
    expect(links.first).to_be_visible()
    assert_nothing_ran(page, watch, "summary page with its download links")
    downloads: dict[str, bytes] = {}
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        assert href.startswith("data:") and ";base64," in href, href[:60]
        downloads[link.get_attribute("download") or ""] = base64.b64decode(href.split(",", 1)[1])

    # the HTML downloads, opened in the browser as the learner would open the saved files
    html_file = tmp_path / "jobbstotte.html"
    html_file.write_bytes(downloads["jobbstotte.html"])
    page.goto(html_file.as_uri())
    page.wait_for_selector("#min-handlingsplan")
    assert_nothing_ran(page, watch, "the jobbstøtte's HTML download")
    assert_shown_as_text(page.locator(".aid-plan").inner_text(), "the jobbstøtte's action plan", plan_start)
    assert_shown_as_text(page.locator(".aid-steps").inner_text(), "the jobbstøtte's checklist", step_start)
    html_file = tmp_path / "kurslogg.html"
    html_file.write_bytes(downloads["kurslogg.html"])
    page.goto(html_file.as_uri())
    page.wait_for_selector("#handlingsplan")
    assert_nothing_ran(page, watch, "the course log's HTML download")
    assert_shown_as_text(page.locator("#handlingsplan").inner_text(), "the course log's action plan")
    for module_number in range(1, len(MODULE_IDS) + 1):
        reflection = page.locator(f"#modul-{module_number} .block.reflection").first
        assert_shown_as_text(reflection.inner_text(), f"the course log's HTML download, module {module_number}")

    # the Word files hold the payloads literally, as plain text: the course log whole, the jobbstøtte cut
    text = plain_docx_text(downloads["kurslogg.docx"])
    assert_shown_as_text(text, "the Word course log")
    assert "<w:" not in text
    text = plain_docx_text(downloads["jobbstotte.docx"])
    assert_shown_as_text(text, "the Word jobbstøtte", step_start + plan_start)
    assert "<w:" not in text

    # the PDFs (typeset in-process, always made): the payloads are text, and the files carry no script
    from pypdf import PdfReader

    for name in ("kurslogg.pdf", "jobbstotte.pdf"):
        for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/OpenAction", b"/Launch"):
            assert marker not in downloads[name], f"{name} holds {marker!r}"
    pages = PdfReader(io.BytesIO(downloads["kurslogg.pdf"])).pages
    words = normal_space(" ".join(p.extract_text() or "" for p in pages)).replace("\u200b", "")  # break chances
    assert f"{FLAG}=1;alert(1)" in words.replace(" ", "") and "onerror" in words
    assert len(PdfReader(io.BytesIO(downloads["jobbstotte.pdf"])).pages) <= 2


# -- the trainer's dashboard -------------------------------------------------------------------------------
#: roster names made of payloads (first name, last name): short ones, a name field is one line
NAME_PAYLOADS = [p for p in PAYLOADS if len(p) < 120]


def seal(path: Path, change) -> None:
    """Change a progress file as a learner's kernel would have written it (with a valid checksum)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo cohort whose reflections and action plans are all the payloads, and whose names are payloads."""
    course_dir = tmp_path_factory.mktemp("xss-cohort") / "kurs"
    config = make_demo_cohort(course_dir, learners=6, seed=11)
    for path in sorted((course_dir / "autograded").glob(f"*/*/{PROGRESS_FILENAME}")):
        def hostile(document: dict) -> None:
            for reflection in document.get("reflections", {}).values():
                reflection["text"] = ALL_IN_ONE
        seal(path, hostile)
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for number, student in enumerate(sorted(gradebook.students, key=lambda s: s.id)):
            first = NAME_PAYLOADS[(2 * number) % len(NAME_PAYLOADS)]
            last = NAME_PAYLOADS[(2 * number + 1) % len(NAME_PAYLOADS)]
            gradebook.update_or_create_student(student.id, first_name=first, last_name=last)
    cohort = load_cohort(course_dir)
    texts = set(cohort.reflections["text"])
    assert texts and all(normal_space(shown(p)) in normal_space(t) for t in texts for p in PAYLOADS)
    return course_dir


@pytest.fixture(scope="module")
def dashboard(hostile_cohort: Path, chromium_executable: Path) -> Iterator[DashboardServer]:
    running = DashboardServer(hostile_cohort).start()
    yield running
    running.stop()


def test_payloads_in_reflections_and_names_stay_text_on_the_dashboard(page, dashboard: DashboardServer,
                                                                        hostile_cohort: Path) -> None:
    watch = Watch(page)
    page.goto(dashboard.url)
    page.wait_for_selector(".mf-dashboard table.mf-matrix", state="visible")
    page.wait_for_selector(".mf-dash-reflection .mf-answer__text", state="visible")
    assert_nothing_ran(page, watch, "dashboard, names hidden")
    answers = page.locator(".mf-answer__text")
    assert answers.count() > 0
    assert_shown_as_text(answers.first.inner_text(), "a reflection on the dashboard")
    assert_shown_as_text(page.locator(".mf-dash-reflection").last.inner_text(), "the action plans on the dashboard")
    matrix = page.locator("table.mf-matrix").inner_text()  # (the reflections hold the same payloads)
    assert not [p for p in NAME_PAYLOADS if p in matrix], "a roster name is shown before names are turned on"

    page.get_by_label("Vis navn").check()
    roster = load_cohort(hostile_cohort).learners
    first = roster.iloc[0]
    expect(page.locator("table.mf-matrix tbody tr").first.locator("th")).to_contain_text(first.learner)
    assert_nothing_ran(page, watch, "dashboard, names shown")
    matrix = page.locator("table.mf-matrix").inner_text()
    names = tuple(f"{r.first_name} {r.last_name}" for r in roster.itertuples())
    assert_shown_as_text(matrix, "the names in the completion table", names)
    assert_shown_as_text(page.locator(".mf-answers").first.inner_text(), "the names beside the reflections",
                         names[:1])


# -- nbgrader's formgrader -------------------------------------------------------------------------------
STUDENT = "hanne"
TOKEN = "sikkerhetstest-token-0123456789"


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int | str]:
    """Module 1 through a real nbgrader cycle for one learner whose reflections are all the payloads."""
    base = tmp_path_factory.mktemp("xss-formgrader")
    root, exchange, db_url, api = trainer_course(base)
    home = base / "hjem" / STUDENT
    with Gradebook(db_url, COURSE) as gradebook:
        gradebook.add_student(STUDENT, first_name="Hanne", last_name="Testesen")
    ok(api.generate_assignment(MODULE_1))
    ok(api.release_assignment(MODULE_1))
    home.mkdir(parents=True)
    learner = learner_config(home, STUDENT, exchange)
    exchange_step(ExchangeFetchAssignment, learner)
    learners.complete(home / MODULE_1, ALL_IN_ONE)
    exchange_step(ExchangeSubmit, learner)
    ok(api.collect(MODULE_1))
    ok(autograde(api, MODULE_1, STUDENT))
    with Gradebook(db_url, COURSE) as gradebook:
        submission = gradebook.find_submission_notebook(NOTEBOOK, MODULE_1, STUDENT).id
    return root, submission


class Formgrader(ServerProcess):
    """``jupyter server`` on the course folder with nbgrader's formgrader, behind a token."""

    def __init__(self, root: Path):
        super().__init__(url_path="")
        self.root = root
        self.log_path = root.parent / f"formgrader-{self.port}.log"  # one log per server started

    def start(self) -> Formgrader:
        config_dir = self.root.parent / "jupyter-config"  # not the machine's ~/.jupyter settings
        config_dir.mkdir(exist_ok=True)
        command = [str(Path(sys.executable).with_name("jupyter")), "server", "--no-browser", "--allow-root",
                   f"--port={self.port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={self.root}",
                   f"--IdentityProvider.token={TOKEN}",
                   "--ServerApp.jpserver_extensions={'nbgrader.server_extensions.formgrader': True}"]
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir), "PYTHONUNBUFFERED": "1"}
        return self.launch(command, cwd=self.root, env=env, name="jupyter server")


@pytest.fixture(scope="module")
def formgrader(graded_course: tuple[Path, int | str], chromium_executable: Path) -> Iterator[Formgrader]:
    running = Formgrader(graded_course[0]).start()
    yield running
    running.stop()


def test_payloads_in_reflections_stay_text_in_formgrader(page, formgrader: Formgrader,
                                                          graded_course: tuple[Path, int | str]) -> None:
    _root, submission = graded_course
    watch = Watch(page)
    page.goto(f"{formgrader.url}/formgrader?token={TOKEN}")  # the token logs in and sets the cookie
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url, page.url
    response = page.goto(f"{formgrader.url}/formgrader/submissions/{submission}/?index=0")
    assert response is not None and response.status == 200, (response.status if response else None,
                                                               formgrader.log_path.read_text(errors="replace")[-3000:])
    page.wait_for_selector("#notebook-container, .panel, body", state="attached")
    page.wait_for_load_state("networkidle")
    assert_nothing_ran(page, watch, "formgrader's submission view")
    printed = page.locator("pre, .output_text, .output_stdout").all_inner_texts()
    assert_shown_as_text("\n".join(printed), "the reflections printed for formgrader")

    # the manual grading list of the module's submissions, and the learner's page
    for path in (f"/formgrader/gradebook/{MODULE_1}/{NOTEBOOK}", f"/formgrader/manage_students/{STUDENT}/{MODULE_1}"):
        page.goto(f"{formgrader.url}{path}")
        page.wait_for_load_state("networkidle")
        assert_nothing_ran(page, watch, f"formgrader {path}")



#: names a roster may hold (``read_roster`` refuses <, > and "): what is left must still be shown as text
ROSTER_NAMES = [p for p in NAME_PAYLOADS if not set('<>"') & set(p)]


def test_roster_names_stay_text_in_formgrader(page, graded_course: tuple[Path, int | str], tmp_path: Path) -> None:
    """nbgrader's grading page shows the learner's name unescaped: the roster keeps markup out of names.

    The formgrader is started after the roster is written, not taken from the module's running one:
    formgrader keeps one gradebook session for its whole life, and a learner it has already shown
    stays in that session's identity map with the name it had then (SQLAlchemy does not refresh a
    loaded object on a new query; the object leaves the map only when the garbage collector frees
    it). A running formgrader therefore showed the old name or the new one by chance.
    """
    root, submission = graded_course
    assert len(ROSTER_NAMES) >= 6
    roster = tmp_path / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "first_name", "last_name"], [STUDENT, *ROSTER_NAMES[:2]]])
    add_learners(CohortConfig(root, COURSE, f"sqlite:///{root / 'gradebook.db'}", None), read_roster(roster))
    formgrader = Formgrader(root).start()
    try:
        watch = Watch(page)
        page.goto(f"{formgrader.url}/formgrader?token={TOKEN}")
        page.goto(f"{formgrader.url}/formgrader/submissions/{submission}/?index=0")
        page.wait_for_load_state("networkidle")
        assert_nothing_ran(page, watch, "formgrader with roster names")
        shown_name = page.locator("a.name-shown").first.text_content() or ""
        assert_shown_as_text(shown_name, "the learner's name in formgrader",
                             (f"{ROSTER_NAMES[1]}, {ROSTER_NAMES[0]}",))
    finally:
        formgrader.stop()
