"""Binder as a learner meets it: built the way repo2docker builds binder/, opened from the README's Binder URL.

The repository's tracked files become the home of a new non-root Unix user, a venv gets the Python of
``binder/runtime.txt``, ``binder/requirements.txt`` (the lock) is installed and ``binder/postBuild``
run as that user; the server starts through ``binder/start`` as Binder starts it. In Chromium the
README's ``urlpath`` opens the course home, module 1 takes a scenario choice that is still there after
a reload, and every URL a learner must not reach on Binder answers 404 (learner mode).

Needs root (useradd) and Debian's Chromium; without them the test is skipped naming what is missing,
except on CI, where ``.ci/run`` installs both and a skip would hide a failure.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mangfold.content.loader import load_module_content
from mangfold.progress.store import PROGRESS_FILENAME
from tests.binder.replay import BinderBuild, BinderServer, build
from tests.browser.conftest import RENDERED
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.pages import decide, go_to_block
from tests.hub.prereqs import require_root
from tests.waiting import process_exited, wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TOKEN = "binder-replay-token-0123456789abcdef"
MODULE_PAGE = f"release/{MODULE_1}/{MODULE_1}.ipynb"
#: what a learner on Binder must not reach (learner mode): JupyterLab, the classic tree, terminals, the
#: file API, Voilà's file tree, a source notebook rendered, nbgrader's formgrader
REFUSED = (
    ("GET", "/lab"),
    ("GET", "/lab/tree/README.md"),
    ("GET", "/tree"),
    ("GET", "/terminals/1"),
    ("GET", "/api/terminals"),
    ("POST", "/api/terminals"),
    ("GET", "/api/contents"),
    ("GET", "/api/contents/binder/requirements.txt"),
    ("GET", "/voila/tree"),
    ("GET", "/voila/tree/source"),
    ("GET", f"/voila/render/source/{MODULE_1}/{MODULE_1}.ipynb"),
    ("GET", "/formgrader"),
)


def readme_urlpath() -> str:
    """The ``urlpath`` of the Binder link in the README, the address a learner is sent to."""
    found = re.findall(r"mybinder\.org/v2/\S+?\?urlpath=(\S+)", (REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no Binder link with a urlpath"
    return found[0]


@pytest.fixture(scope="module")
def binder_build(chromium_executable: Path) -> Iterator[BinderBuild]:
    require_root()
    built = build(REPO_ROOT)
    yield built
    built.remove()


@pytest.fixture(scope="module")
def binder(binder_build: BinderBuild) -> Iterator[BinderServer]:
    server = BinderServer(binder_build, TOKEN).start()
    yield server
    server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to a login page, to /lab …) is an answer of its own here, not something to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def status_of(server: BinderServer, method: str, path: str) -> int:
    """The status a token-authenticated client gets: a refusal must not be a missing login."""
    request = urllib.request.Request(f"{server.url}{path}", method=method, data=b"{}" if method == "POST" else None,
                                     headers={"Authorization": f"token {server.token}"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as response:  # no time limit: a render runs the whole notebook first
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def endings_reached(progress: Path, scenario_id: str) -> list[str] | None:
    try:
        document = json.loads(progress.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not there yet, or caught mid-write
        return None
    return document.get("scenarios", {}).get(scenario_id, {}).get("endings_reached")


def wait_for_state(condition: Callable[[], bool], what: str, server: BinderServer) -> None:
    """Wait for a state (polling); fail only if the Binder server exits (no time limit)."""
    wait_for(condition, unreachable=process_exited(server.process, "binder/start jupyter server", server.log_path),
             what=what, poll=0.2)


def wait_rendered(page) -> None:
    page.wait_for_selector(RENDERED, state="visible")
    page.wait_for_selector(".mf-header .mf-progress__bar", state="visible")


def test_binder_url_opens_the_course_and_a_choice_survives_a_reload(page, binder: BinderServer) -> None:
    content = load_module_content(binder.built.home / "release" / MODULE_1, "nb")
    scenario = content.scenarios[0]
    choice = next(c for c in scenario.situations[scenario.start].choices if c.next in scenario.endings)

    response = page.goto(f"{binder.url}/{readme_urlpath()}?token={TOKEN}")
    assert response is not None and response.status == 200, (response and response.status, binder.log_text()[-3000:])
    wait_rendered(page)
    first_module = page.locator(".mf-card--module").first.locator("a")
    expect(first_module).to_have_attribute("href", re.compile(re.escape(MODULE_PAGE)))
    first_module.click()
    page.wait_for_url(re.compile(re.escape(MODULE_PAGE)))
    wait_rendered(page)

    go_to_block(page, content, scenario.id)  # a module shows one step at a time
    card = page.locator(".mf-card--scenario").filter(has=page.locator(f"#mf-{scenario.id}-situation"))
    decide(card, choice.label)
    ending = card.locator(".mf-ending h3")
    expect(ending).to_have_text(scenario.endings[choice.next].title)

    # the learner's server saved it in the repository copy (the page alone could also restore it from
    # the browser's own copy): wait for that state before the reload
    progress = binder.built.home / "release" / MODULE_1 / PROGRESS_FILENAME
    wait_for_state(lambda: endings_reached(progress, scenario.id) == [choice.next],
                   f"{progress} to hold the ending {choice.next!r} of {scenario.id!r}", binder)
    assert progress.stat().st_uid == binder.built.user.uid  # written by the learner's own server

    page.reload()
    wait_rendered(page)  # the page opens again at the step the learner was on
    expect(card.locator(".mf-ending h3")).to_have_text(scenario.endings[choice.next].title)


def test_the_course_pages_answer_the_token(binder: BinderServer) -> None:
    """The refusals below mean something only if the same client reaches the course."""
    assert status_of(binder, "GET", f"/{readme_urlpath()}") == 200
    assert status_of(binder, "GET", f"/voila/render/{MODULE_PAGE}") == 200


@pytest.mark.parametrize(("method", "path"), REFUSED, ids=[f"{m} {p}" for m, p in REFUSED])
def test_learner_mode_refuses(binder: BinderServer, method: str, path: str) -> None:
    status = status_of(binder, method, path)
    assert status == 404, f"{method} {path} answered {status} on Binder (learner mode must answer 404)"
