"""The course as its users install it: the wheel, in a fresh venv, run from a folder outside the checkout.

TLJH, Zero to JupyterHub and Binder install non-editable, so everything a learner or a trainer runs must
come from the wheel: the course itself (package data), the commands, the learner's pages. A learner's
install has the runtime only; the trainer's tools come with the ``[trainer]`` extra.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold import __version__
from mangfold.cohort.commands import ALL_ASSIGNMENTS
from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.serving import start_path
from tests.browser.conftest import EXPECT_NO_LIMIT, RENDERED, no_time_limits
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.pages import decide, go_to_block
from tests.helpers.servers import free_port, stop_server_process, wait_until_listening
from tests.packaging.installed import PLANTED, Installed, build_wheel, copy_repository, install
from tests.page_watch import ServerWatch
from tests.waiting import process_exited

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("installed-wheel")]

COURSE_IN_WHEEL = "mangfold/course/"
LEARNER_FILE = re.compile(r"mangfold-progress|\.ipynb_checkpoints|gradebook|\.set-aside-")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once from a copy of the checkout with learner files planted in its course folders."""
    source = copy_repository(tmp_path_factory.mktemp("checkout-copy"))
    return build_wheel(source, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def learner(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """What a learner installs: the wheel alone (runtime dependencies only)."""
    return install(wheel, tmp_path_factory.mktemp("learner"))


@pytest.fixture(scope="session")
def trainer(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """What a trainer installs: the wheel with the ``[trainer]`` extra."""
    return install(wheel, tmp_path_factory.mktemp("trainer"), extras="trainer")


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"


# -- the wheel ------------------------------------------------------------------------------------------
def test_the_wheel_carries_the_course_and_no_learner_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in MODULE_IDS:
        for tree in ("source", "release"):
            for name in (f"{module}.ipynb", "content.nb.yaml", "content.en.yaml"):
                assert f"{COURSE_IN_WHEEL}{tree}/{module}/{name}" in names, (tree, module, name)
    summary = ALL_ASSIGNMENTS[-1]
    assert f"{COURSE_IN_WHEEL}release/{summary}/{summary}.ipynb" in names
    for tree in ("source", "release"):  # the documents' prose, course content beside the summary
        assert {f"{COURSE_IN_WHEEL}{tree}/{summary}/documents.{language}.yaml" for language in ("nb", "en")} <= names
    # every data file of the package (catalogues, templates, codebook, demo texts, style sheets) ships with it
    package = REPO_ROOT / "widgets" / "mangfold"
    data_files = {f"mangfold/{path.relative_to(package).as_posix()}" for path in package.rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
                  and path.relative_to(package).parts[0] != "course"}
    assert sorted(data_files - names) == [], "the package's own data files are missing from the wheel"
    assert f"{COURSE_IN_WHEEL}notebooks/home.ipynb" in names
    shipped = [name for name in names if name.startswith(COURSE_IN_WHEEL)]
    assert not [name for name in shipped if LEARNER_FILE.search(name)], "a learner's file is in the wheel"
    assert not [name for name in names if any(name.endswith(planted) for planted in PLANTED)]
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


# -- a learner's install --------------------------------------------------------------------------------
def test_version_from_the_command_and_the_module(learner: Installed) -> None:
    for command in ([str(learner.bin / "mangfold"), "--version"],
                    [str(learner.bin / "python"), "-m", "mangfold", "--version"]):
        done = learner.run(*command)
        assert done.returncode == 0, _said(done)
        assert done.stdout.strip() == f"mangfold {__version__}"


def test_check_finds_the_packaged_course_from_anywhere(learner: Installed) -> None:
    done = learner.mangfold("check")
    assert done.returncode == 0, _said(done)
    assert f"{len(MODULE_IDS)} module(s), nb, nn, en, all valid" in done.stdout
    assert str(learner.site_packages() / "mangfold" / "course") in done.stdout  # not a checkout


def test_trainer_tools_name_their_extra_on_a_learners_install(learner: Installed) -> None:
    demo = learner.work / "demo-without-extra"
    done = learner.mangfold("cohort", "demo", str(demo), "--learners", "2")
    assert done.returncode == 2, _said(done)
    assert "pip install 'mangfoldsrekruttering[trainer]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not demo.exists(), "nothing may be written before the missing extra is reported"


@pytest.fixture
def served(learner: Installed) -> Iterator[tuple[str, subprocess.Popen]]:
    """``mangfold serve`` from the learner's install, in a folder outside the checkout."""
    port = free_port()
    log_path = learner.work / f"serve-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(learner.bin / "mangfold"), "serve", "--port", str(port)], cwd=learner.work,
                                   env={**learner.env(), "PYTHONUNBUFFERED": "1"}, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_listening(process, port, log_path, "mangfold serve (installed wheel)")
        yield f"http://127.0.0.1:{port}/", process
    finally:
        stop_server_process(process)
        print(log_path.read_text(errors="replace"))


@pytest.mark.browser
def test_serve_from_the_wheel_answers_and_keeps_progress_in_the_learners_folder(
        learner: Installed, served: tuple[str, subprocess.Popen], browser) -> None:
    from playwright.sync_api import expect

    url, process = served
    with urllib.request.urlopen(url) as response:  # / redirects to the course home; a dead server closes the socket
        assert response.status == 200
        assert response.url.endswith(start_path())
    folder = learner.home / ".local" / "share" / "mangfoldsrekruttering" / "kurs"
    module_dir = folder / "release" / MODULE_1
    assert (folder / "notebooks" / "home.ipynb").is_file() and (module_dir / f"{MODULE_1}.ipynb").is_file()
    assert not (folder / "source").exists(), "a learner's folder holds what the pages need, not the sources"
    content = load_module_content(module_dir, "nb")
    scenario = content.scenarios[0]
    choice = scenario.situations[scenario.start].choices[0]

    # no time limits (a page view starts a kernel; a loaded 2-core CI machine takes what it takes): the page
    # fails instead when the server it waits on exits
    expect.set_options(timeout=EXPECT_NO_LIMIT)  # 0 would mean Playwright's default 5 s
    # one Chromium per test process (the browser tests' fixture): a second Playwright in the same run fails
    context = browser.new_context(locale="nb-NO")
    try:
        no_time_limits(context)
        page = context.new_page()
        with ServerWatch(process_exited(process, "mangfold serve (installed wheel)")):
            page.goto(f"{url}voila/render/release/{MODULE_1}/{MODULE_1}.ipynb")
            page.wait_for_selector(RENDERED, state="visible")
            go_to_block(page, content, scenario.id)  # a module shows one step at a time
            card = page.locator(".mf-card--scenario").filter(has=page.locator(f"#mf-{scenario.id}-situation"))
            decide(card, choice.label)
            feedback = card.locator(f".mf-feedback.mf-feedback--{choice.quality}")
            expect(feedback).to_be_visible()
            expect(feedback).to_contain_text(choice.label)
    finally:
        context.close()
    progress = module_dir / "mangfold-progress.json"
    assert progress.is_file(), "the choice is saved in the learner's own folder"
    assert scenario.id in progress.read_text(encoding="utf-8")
    assert not list((learner.site_packages() / "mangfold").rglob("mangfold-progress*")), \
        "nothing of a learner's is written into site-packages"


# -- a trainer's install --------------------------------------------------------------------------------
def test_cohort_init_uses_the_packaged_course(trainer: Installed) -> None:
    course = trainer.work / "kurs"
    done = trainer.mangfold("cohort", "init", str(course))
    assert done.returncode == 0, _said(done)
    for module in ALL_ASSIGNMENTS:
        assert (course / "source" / module / f"{module}.ipynb").is_file(), module
    assert (course / "gradebook.db").is_file()
    assert "c.Exchange.root = " in (course / "nbgrader_config.py").read_text(encoding="utf-8")


def test_cohort_demo_makes_a_cohort(trainer: Installed) -> None:
    demo = trainer.work / "demo"
    done = trainer.mangfold("cohort", "demo", str(demo), "--learners", "5")
    assert done.returncode == 0, _said(done)
    with sqlite3.connect(demo / "gradebook.db") as db:
        assert db.execute("select count(*) from student").fetchone()[0] == 5
    assert list((demo / "autograded").glob(f"*/{MODULE_1}/mangfold-progress.json")), "no learner's work"
