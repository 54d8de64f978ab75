"""Both roles on a real ``jupyter server`` with the shipped configuration: what each one reaches.

A learner (``MANGFOLD_MODE=learner``, Binder and a hub's learners) gets the course and nothing else; a
trainer keeps JupyterLab and the formgrader. The course renders in both, with the course's Voilà settings
(the course template, no code), which the extension gives Voilà under jupyter-server.
"""

from __future__ import annotations

import pytest

from mangfold.serving import start_path
from tests.conftest import MODULE_1
from tests.server.conftest import TOKEN, JupyterServer, server_page, status

pytestmark = pytest.mark.slow

M = f"release/{MODULE_1}/{MODULE_1}.ipynb"
SOURCE = f"source/{MODULE_1}/{MODULE_1}.ipynb"

#: what a learner on Binder or a hub could reach before (issue 13), and what else a jupyter-server offers
CLOSED_TO_LEARNERS = [
    ("GET", "lab"), ("GET", "lab/tree/source"), ("GET", "tree"), ("GET", "notebooks/notebooks/home.ipynb"),
    ("GET", "edit/notebooks/home.ipynb"), ("GET", "terminals/1"), ("GET", "api/terminals"), ("POST", "api/terminals"),
    ("GET", "api/contents"), ("GET", f"api/contents/{SOURCE}"), ("GET", "api/sessions"), ("GET", "api/kernels"),
    ("POST", "api/kernels"), ("GET", "api/kernelspecs"), ("POST", "api/shutdown"), ("GET", f"files/{SOURCE}"),
    ("GET", f"view/{M}"), ("GET", f"nbconvert/html/{SOURCE}"), ("GET", "voila"), ("GET", "voila/tree"),
    ("GET", "voila/tree/source"), ("GET", "voila/api/contents"), ("GET", f"voila/render/{SOURCE}"),
    ("GET", f"voila/render/release/%2e%2e/{SOURCE}"), ("GET", "formgrader"), ("GET", "formgrader/gradebook"),
    ("GET", "formgrader/api/assignments"), ("GET", "assignments"), ("GET", "courses"), ("GET", "formgraders"),
    ("GET", "lsp/status"), ("GET", "extensions"), ("GET", "api/me"),
]


def learner_status(server: JupyterServer, method: str, path: str) -> int:
    data = b"" if method == "POST" else None
    return status(server.url + path, method, data=data)[0]


def test_every_other_url_is_closed_to_a_learner(learner_server: JupyterServer) -> None:
    answers = {f"{method} {path}": learner_status(learner_server, method, path) for method, path in CLOSED_TO_LEARNERS}
    assert {url: code for url, code in answers.items() if code != 404} == {}
    assert not (learner_server.root / "gradebook.db").exists(), "the formgrader made a gradebook"
    assert not list((learner_server.root / "source").rglob("mangfold-progress.json")), "a source page was rendered"


def test_the_root_leads_a_learner_to_the_course_home(learner_server: JupyterServer) -> None:
    code, headers = status(learner_server.url + f"?token={TOKEN}")
    assert code == 302 and headers["Location"] == f"/{start_path()}?token={TOKEN}"


@pytest.mark.parametrize("fixture", ["learner_server", "trainer_server"])
def test_the_course_renders_in_both_roles(request: pytest.FixtureRequest, fixture: str) -> None:
    server: JupyterServer = request.getfixturevalue(fixture)
    for path in (start_path(), f"voila/render/{M}"):
        code, headers = status(server.url + path)
        assert code == 200, f"{fixture}: {path} answered {code}"
        cookies = headers.get_all("Set-Cookie") or []
        assert any(c.startswith("_xsrf=") for c in cookies), f"{path}: no _xsrf cookie (its kernel would stay)"
    page = server_page(server, f"voila/render/{M}")
    assert "mangfold.css" in page, "Voilà did not use the course template"
    assert "open_module(" not in page and "import mangfold" not in page, "the page shows code"


def test_a_trainer_keeps_lab_and_the_formgrader(trainer_server: JupyterServer) -> None:
    assert status(trainer_server.url + "lab")[0] == 200
    code, _ = status(trainer_server.url + "formgrader")
    assert code in (200, 302), f"formgrader answered {code}"
    assert status(trainer_server.url + "api/kernels")[0] == 200


@pytest.fixture(scope="module")
def hub_learner(course, tmp_path_factory: pytest.TempPathFactory):
    """A learner's server as a hub runs it: under ``/user/<name>/``."""
    server = JupyterServer(course, tmp_path_factory.mktemp("hub-learner") / "config", "learner", "/user/kari/")
    server.start()
    yield server
    server.stop()


def test_a_learner_under_a_hub_prefix_gets_the_course_only(hub_learner: JupyterServer) -> None:
    code, headers = status(hub_learner.url)
    assert code == 302 and headers["Location"] == f"/user/kari/{start_path()}"
    assert status(hub_learner.home_url)[0] == 200
    closed = {path: status(hub_learner.url + path)[0] for path in ("lab", "tree", "voila/tree", "formgrader",
                                                                   f"voila/render/{SOURCE}", "api/contents")}
    assert {path: code for path, code in closed.items() if code != 404} == {}


def test_a_learner_gets_images_from_release_only(learner_server: JupyterServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    for folder in (f"release/{MODULE_1}", f"source/{MODULE_1}"):
        (learner_server.root / folder / "bilde.png").write_bytes(png)
    assert status(learner_server.url + f"voila/files/release/{MODULE_1}/bilde.png")[0] == 200
    assert status(learner_server.url + f"voila/files/source/{MODULE_1}/bilde.png")[0] == 404
    assert status(learner_server.url + f"voila/files/release/{MODULE_1}/{MODULE_1}.ipynb")[0] in (403, 404)
