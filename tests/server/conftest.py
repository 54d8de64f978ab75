"""A real ``jupyter server`` as Binder and a hub run it, with exactly the package's shipped configuration.

The server reads ``jupyter_server_config.d/mangfold.json`` from the package's ``jupyter_data/etc/jupyter``
(named in ``JUPYTER_CONFIG_PATH``: an editable install puts no data files into ``sys.prefix/etc``), next to
what the virtual environment enables (Voilà, JupyterLab, terminals, nbgrader); the test's own settings go in
a throwaway ``JUPYTER_CONFIG_DIR``. The root is a throwaway folder laid out like the repository: every
released module, the course home and one source module.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from mangfold.content import find_module_dirs
from mangfold.serving import SERVER_CONFIG_PATH, start_path, template_environment
from mangfold.summary.snapshot import SUMMARY_MODULE
from tests.browser.conftest import browser, chromium_executable  # noqa: F401 - for the Chromium tests here
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.servers import ServerProcess
from tests.page_watch import descendants

JUPYTER = Path(sys.executable).with_name("jupyter")
TOKEN = "mangfold-test-token"
#: the package's configuration folder: what pip installs to ``{sys.prefix}/etc/jupyter``
SHIPPED_CONFIG = SERVER_CONFIG_PATH.parents[1]
MODULES = tuple(m.name for m in find_module_dirs(REPO_ROOT / "release"))
#: every page of the course under release/: the modules and the summary
PAGES = (*MODULES, SUMMARY_MODULE)


def course_root(root: Path) -> Path:
    """A folder laid out like the repository: release/ (every module), notebooks/home.ipynb, one source module."""
    for page in PAGES:
        copy_module(page, root / "release")
    copy_module(MODULE_1, root / "source", tree="source")
    (root / "notebooks").mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "notebooks" / "home.ipynb", root / "notebooks" / "home.ipynb")
    return root


class JupyterServer(ServerProcess):
    """``jupyter server`` on ``root`` in its own process group, token auth, its log in a file."""

    def __init__(self, root: Path, config_dir: Path, mode: str | None, base_url: str = "/",
                 settings: dict | None = None, shipped: Path | None = SHIPPED_CONFIG):
        super().__init__(base_url)
        self.root, self.config_dir, self.mode, self.base_url = root, config_dir, mode, base_url
        self.shipped = shipped
        self.log_path = config_dir.parent / f"{config_dir.name}-server.log"
        config_dir.mkdir(parents=True, exist_ok=True)
        (config_dir / "jupyter_server_config.json").write_text(json.dumps(settings or {}), encoding="utf-8")

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "MANGFOLD_MODE"}
        env.update(template_environment(), JUPYTER_CONFIG_DIR=str(self.config_dir), PYTHONUNBUFFERED="1",
                   JUPYTER_CONFIG_PATH=str(self.shipped) if self.shipped else "")
        if self.mode is not None:
            env["MANGFOLD_MODE"] = self.mode
        return env

    def start(self) -> JupyterServer:
        command = [str(JUPYTER), "server", "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
                   f"--ServerApp.root_dir={self.root}", f"--IdentityProvider.token={TOKEN}",
                   f"--ServerApp.base_url={self.base_url}", "--ServerApp.port_retries=0"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        # cwd: the course folder, as on Binder (Voilà reads voila.json there)
        return self.launch(command, cwd=self.root, env=self.environment(), name="jupyter server")

    @property
    def home_url(self) -> str:
        return self.url + start_path()

    def page_url(self, module: str) -> str:
        return f"{self.url}voila/render/release/{module}/{module}.ipynb"

    def api(self, path: str) -> object:
        """GET ``path`` (below the base URL) with the token: the answer's JSON (a trainer's server's API)."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request) as response:  # no time limit: a dead server closes the socket
            return json.loads(response.read())

    def kernels(self) -> list[int]:
        """The process ids of the server's kernels (learner mode closes ``/api/kernels``, so ask the system)."""
        assert self.process is not None
        found = []
        for pid in descendants(self.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue  # ended meanwhile
            if b"ipykernel_launcher" in command:
                found.append(pid)
        return found


def server_page(server: JupyterServer, path: str) -> str:
    """The page at ``path`` (below the base URL), fetched with the token, as text."""
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request) as response:  # no time limit: a dead server closes the socket
        return response.read().decode("utf-8")


def status(url: str, method: str = "GET", headers: dict | None = None,
           data: bytes | None = None) -> tuple[int, Message]:
    """The status of one request, without following a redirect; and the answer's headers."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, method=method, data=data,
                                     headers={"Authorization": f"token {TOKEN}", **(headers or {})})
    try:
        with opener.open(request) as response:  # no time limit: a dead server closes the socket
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return course_root(tmp_path_factory.mktemp("server-course") / "root")


def _running(server: JupyterServer) -> Iterator[JupyterServer]:
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def learner_server(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    yield from _running(JupyterServer(course, tmp_path_factory.mktemp("learner") / "config", "learner"))


@pytest.fixture(scope="module")
def trainer_server(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    yield from _running(JupyterServer(course, tmp_path_factory.mktemp("trainer") / "config", "trainer"))
