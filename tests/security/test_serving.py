"""What a real course server hands out: the pages and the images, and nothing else.

``mangfold serve`` runs on a throwaway root laid out like the repository, with a file of every kind a
learner must never get (source notebooks, content, progress files, the grader's config and gradebook,
git's config, ``voila.json``, plain text); each file holds a secret marker, and no answer may contain
one. ``mangfold cohort dashboard`` on a demo course directory renders the dashboard and nothing of the
cohort's folders (``submitted/``, ``autograded/``, the gradebook).
"""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold.cohort.demo import make_demo_cohort
from mangfold.progress.store import PROGRESS_FILENAME
from tests.browser.conftest import CourseServer
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.servers import DashboardServer

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

SECRET = b"HEMMELIG-7f3a"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
M = f"release/{MODULE_1}"

#: files a learner must never get, beside the course's own (whose markers are their own contents)
SECRET_FILES = {
    "nbgrader_config.py": b"c = get_config()  # " + SECRET,
    "gradebook.db": b"SQLite format 3\0" + SECRET,
    ".git/config": b"[core]\n\t# " + SECRET,
    "voila.json": b'{"secret": "' + SECRET + b'"}',
    "notes.md": SECRET,
    "page.html": b"<p>" + SECRET + b"</p>",
    f"{M}/{PROGRESS_FILENAME}": b'{"secret": "' + SECRET + b'"}',
    f"{M}/.mangfold-progress.lock": SECRET,
    f"{M}/notes.txt": SECRET,
    f"{M}/.hidden.png": PNG + SECRET,
    "autograded/kari/01/mangfold-progress.json": SECRET,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    root = tmp_path_factory.mktemp("serving") / "root"
    root.mkdir()
    running = CourseServer(root)
    shutil.copytree(REPO_ROOT / "source" / MODULE_1, root / "source" / MODULE_1)
    for name, data in SECRET_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / M / "bilde.png").write_bytes(PNG)
    running.start()
    yield running
    running.stop()


def get(port: int, path: str) -> tuple[int, bytes]:
    """A raw GET: the path goes out exactly as written (no client-side normalising of ``..`` or ``%2e``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)  # no time limit: a dead server closes the socket
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def course_secrets(root: Path) -> list[bytes]:
    """Lines only the course's own files hold: a notebook's code, a content file's keys."""
    notebook = (root / M / f"{MODULE_1}.ipynb").read_bytes()
    return [SECRET, b"open_module(", b'"cell_type"', b"nbgrader", (root / M / "content.nb.yaml").read_bytes()[:80],
            notebook[:60]]


REFUSED = [
    # the module's own files: the notebook, the content, the progress file
    f"/voila/files/{M}/{MODULE_1}.ipynb",
    f"/voila/files/{M}/content.nb.yaml",
    f"/voila/files/{M}/content.en.yaml",
    f"/voila/files/{M}/{PROGRESS_FILENAME}",
    f"/voila/files/{M}/.mangfold-progress.lock",
    f"/voila/files/{M}/notes.txt",
    f"/voila/files/{M}/.hidden.png",
    # the course's sources and the trainer's files
    f"/voila/files/source/{MODULE_1}/{MODULE_1}.ipynb",
    f"/voila/files/source/{MODULE_1}/content.nb.yaml",
    "/voila/files/nbgrader_config.py",
    "/voila/files/gradebook.db",
    "/voila/files/.git/config",
    "/voila/files/voila.json",
    "/voila/files/notes.md",
    "/voila/files/page.html",
    "/voila/files/autograded/kari/01/mangfold-progress.json",
    "/voila/files/notebooks/home.ipynb",
    # Jupyter's own file, contents and kernel endpoints, and the front ends
    "/files/nbgrader_config.py",
    f"/files/{M}/content.nb.yaml",
    "/api/contents",
    f"/api/contents/{M}/content.nb.yaml",
    "/api/contents/nbgrader_config.py",
    "/api/kernels",
    "/api/sessions",
    "/api/kernelspecs",
    "/voila/api/contents",
    "/voila/api/contents/nbgrader_config.py",
    "/voila/tree",
    "/voila/tree/release",
    "/tree",
    "/lab",
    "/notebooks/home.ipynb",
    "/edit/nbgrader_config.py",
    # traversal, plain and encoded, through every prefix
    f"/voila/files/{M}/../../nbgrader_config.py",
    f"/voila/files/{M}/%2e%2e/%2e%2e/nbgrader_config.py",
    f"/voila/files/{M}/.%2e/.%2e/nbgrader_config.py",
    "/voila/files/..%2fnbgrader_config.py",
    "/voila/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files//etc/passwd",
    "/voila/files/%2fetc%2fpasswd",
    f"/voila/files/{M}/..%5c..%5cnbgrader_config.py",
    f"/voila/files/{M}/{PROGRESS_FILENAME}%00.png",
    "/voila/files/nbgrader_config.py?x=.png",
    "/voila/static/../nbgrader_config.py",
    "/voila/static/%2e%2e/%2e%2e/nbgrader_config.py",
    "/static/../nbgrader_config.py",
    "/voila/templates/mangfold/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/nbgrader_config.py",
    # notebooks outside the allowlist, rendered
    f"/voila/render/source/{MODULE_1}/{MODULE_1}.ipynb",
    f"/voila/render/{M}/../../source/{MODULE_1}/{MODULE_1}.ipynb",
    f"/voila/render/{M}/%2e%2e/%2e%2e/source/{MODULE_1}/{MODULE_1}.ipynb",
    f"/voila/render/release/..%2fsource/{MODULE_1}/{MODULE_1}.ipynb",
    "/voila/render/notebooks/research.ipynb",
    "/voila/render//etc/passwd",
    "/voila/render/%2fetc%2fpasswd",
    f"/voila/render/{M}/content.nb.yaml",
    f"/voila/render/{M}/{PROGRESS_FILENAME}",
    "/voila/render/" + "a/" * 400 + "x.ipynb",
]


MALFORMED = {f"/voila/files/{M}/{PROGRESS_FILENAME}%00.png",
             "/voila/templates/mangfold/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/nbgrader_config.py"}


@pytest.mark.parametrize("path", REFUSED)
def test_the_course_server_refuses_every_other_file(server: CourseServer, path: str) -> None:
    status, body = get(server.port, path)
    leaked = [marker for marker in course_secrets(server.root) if marker in body]
    assert not leaked, f"{path} answered {status} with {leaked}"
    if status in (301, 302):  # Voilà sends a non-notebook under /voila/render/ to /voila/files/ ...
        return  # ... which refuses it (its own entry above); the redirect carries nothing
    # a NUL byte or a path Tornado's static handler cannot map ends in a 500 (after the allowlist check):
    # an error, with nothing of the file in it
    allowed = (403, 404, 405, 500) if path in MALFORMED else (403, 404, 405)
    assert status in allowed, f"{path} answered {status}"


@pytest.mark.parametrize("path", [
    "/voila/render/notebooks/home.ipynb",
    f"/voila/render/{M}/{MODULE_1}.ipynb",
    f"/voila/files/{M}/bilde.png",
    "/voila/templates/mangfold/static/mangfold.css",
])
def test_the_course_pages_and_images_are_served(server: CourseServer, path: str) -> None:
    status, body = get(server.port, path)
    assert status == 200, path
    if path.endswith(".png"):
        assert body == PNG
    if path.endswith(".ipynb"):  # a page, with the code stripped
        assert b"open_module(" not in body and b"from mangfold" not in body and b"import mangfold" not in body


def test_the_start_page_leads_to_the_course_home(server: CourseServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port)  # no limit: a dead server closes the socket
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status in (301, 302)
    assert response.getheader("Location", "").endswith("/voila/render/notebooks/home.ipynb")
    connection.close()


# -- the trainer's dashboard -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardServer]:
    course = tmp_path_factory.mktemp("dashboard-serving") / "kurs"
    make_demo_cohort(course, learners=3, seed=2)
    learner = sorted(p.name for p in (course / "autograded").iterdir())[0]
    submitted = course / "submitted" / learner / MODULE_1
    submitted.mkdir(parents=True)
    (submitted / PROGRESS_FILENAME).write_bytes(SECRET)
    (course / "autograded" / learner / MODULE_1 / "bilde.png").write_bytes(PNG)
    running = DashboardServer(course).start()
    running.learner = learner
    yield running
    running.stop()


def test_the_dashboard_server_renders_only_the_dashboard(dashboard: DashboardServer) -> None:
    course, learner = dashboard.course, dashboard.learner
    progress = (course / "autograded" / learner / MODULE_1 / PROGRESS_FILENAME).read_bytes()
    markers = [SECRET, progress[:60], b"open_dashboard(", b"c.CourseDirectory", b"SQLite format"]
    refused = [
        f"/voila/render/source/{MODULE_1}/{MODULE_1}.ipynb",
        f"/voila/render/release/{MODULE_1}/{MODULE_1}.ipynb",
        f"/voila/render/autograded/{learner}/{MODULE_1}/{MODULE_1}.ipynb",
        "/voila/render/dashboard.ipynb/../source/x.ipynb",
        "/voila/render/%2e%2e/dashboard.ipynb",
        "/voila/files/dashboard.ipynb",
        "/voila/files/nbgrader_config.py",
        "/voila/files/gradebook.db",
        f"/voila/files/submitted/{learner}/{MODULE_1}/{PROGRESS_FILENAME}",
        f"/voila/files/autograded/{learner}/{MODULE_1}/{PROGRESS_FILENAME}",
        f"/voila/files/autograded/{learner}/{MODULE_1}/bilde.png",
        f"/voila/files/submitted/{learner}/{MODULE_1}/../../../nbgrader_config.py",
        "/voila/tree",
        "/voila/tree/autograded",
        "/api/contents/autograded",
        "/files/gradebook.db",
        "/api/kernels",
    ]
    problems = []
    for path in refused:
        status, body = get(dashboard.port, path)
        leaked = [m for m in markers if m in body]
        if leaked or status not in (301, 302, 403, 404, 405):  # (no path here is malformed)
            problems.append(f"{path}: {status} {leaked}")
    assert not problems, "the dashboard server handed out more than the dashboard:\n" + "\n".join(problems)
    status, body = get(dashboard.port, "/voila/render/dashboard.ipynb")
    assert status == 200 and b"open_dashboard(" not in body
