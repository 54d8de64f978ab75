"""A real JupyterHub on 127.0.0.1 for a test: shared-password login, one local-process server per Unix user.

The hub runs as root (LocalProcessSpawner switches to each user), with a clean PATH that its spawned
servers inherit, its proxy (configurable-http-proxy) on ports of its own, and its database in a
private folder. The test talks to it as a JupyterHub service whose token may start servers, issue
user tokens and call the servers; each user then calls their own server with a token of their own.
Stopping it ends its process group, then checks that no server, kernel or proxy is left.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import REPO_ROOT
from tests.hub.prereqs import free_port
from tests.hub.users import clean_path, end_processes, processes_of
from tests.waiting import process_exited, wait_for

SERVICE = "mangfold-test"
#: the course's JupyterHub settings for TLJH, loaded by the test's hub as TLJH loads them
HUB_SNIPPET = REPO_ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "mangfold.py"
#: the hub's own limits for a spawn (Spawner.start_timeout/http_timeout), a setting of the product under test,
#: not a limit of the test: generous, so a slow spawn on a loaded 2-core CI machine is not failed by the hub.
#: The test itself waits until the server is ready or the hub says the spawn failed (``wait_ready``).
HUB_SPAWN_TIMEOUT = 3600

CONFIG = """\
c = get_config()  # noqa: F821
# The course's own hub settings, as TLJH loads them (deploy/tljh/jupyterhub_config.d/mangfold.py): trainers
# (MANGFOLD_TRAINERS_FILE) in the group "instructors" with its role; the pre-spawn hook gives them JupyterLab,
# formgrader and MANGFOLD_MODE=trainer, and every other user learner mode. What it sets for TLJH's paths
# (the single-user command under /opt/tljh) is set for this machine below.
load_subconfig({hub_snippet!r})  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid_file!r}
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {spawn_timeout}
c.Spawner.http_timeout = {spawn_timeout}
# a spawn request returns at once (202) instead of waiting up to 10 s: the test starts all servers together
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}
c.JupyterHub.services = [{{"name": {service!r}, "api_token": {service_token!r}}}]
# role names need at least 3 characters; `tokens` to issue user tokens, `access:servers` to call servers
c.JupyterHub.load_roles = [*c.JupyterHub.load_roles, {{
    "name": "mangfold-test-runner",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
    "services": [{service!r}],
}}]
"""


@dataclass
class Hub:
    """One JupyterHub process (and its proxy) for the users named in ``users``."""

    folder: Path  # private to root: the hub's database, secrets and log
    venv_bin: Path
    proxy: Path
    users: list[str]
    port: int = field(default_factory=free_port)
    service_token: str = field(default_factory=lambda: secrets.token_hex(24))
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    process: subprocess.Popen | None = None
    uids: list[int] = field(default_factory=list)  # the users whose leftovers the hub must not leave
    trainers: list[str] = field(default_factory=list)  # the hub group "instructors" (the snippet's trainers file)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.folder / "jupyterhub.log"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return f"(no hub log: {error})"

    def config_text(self) -> str:
        return CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(),
            db_url=f"sqlite:///{self.folder / 'jupyterhub.sqlite'}",
            cookie_secret=str(self.folder / "jupyterhub_cookie_secret"), pid_file=str(self.folder / "jupyterhub.pid"),
            proxy=str(self.proxy), proxy_token=secrets.token_hex(24), proxy_pid_file=str(self.folder / "proxy.pid"),
            password=self.password, users=set(self.users), singleuser=str(self.venv_bin / "jupyterhub-singleuser"),
            spawn_timeout=HUB_SPAWN_TIMEOUT, service=SERVICE, service_token=self.service_token,
            hub_snippet=str(HUB_SNIPPET))

    def start(self) -> Hub:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        config = self.folder / "jupyterhub_config.py"
        config.write_text(self.config_text(), encoding="utf-8")
        config.chmod(0o600)
        trainers = self.folder / "mangfold-trainers.txt"
        trainers.write_text("".join(f"{name}\n" for name in self.trainers), encoding="utf-8")
        # the proxy is a node script: its interpreter must be on the clean PATH too
        path = clean_path(self.venv_bin)
        node_dir = os.path.dirname(os.path.realpath(_which("node")))
        if node_dir not in path.split(":"):
            path += f":{node_dir}"
        env = {"PATH": path, "HOME": str(self.folder), "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
               "MANGFOLD_TRAINERS_FILE": str(trainers)}
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([str(self.venv_bin / "jupyterhub"), "-f", str(config)], cwd=self.folder,
                                            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        wait_for(self._answers, unreachable=process_exited(self.process, "jupyterhub", self.log_text),
                 what="jupyterhub never answered", poll=0.2)
        return self

    def _answers(self) -> bool:
        """True once the hub's API answers (the 2 s is one attempt's, then the hub process is checked again)."""
        with contextlib.suppress(requests.RequestException):
            return requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200
        return False

    # -- the hub's REST API, as the test's service ---------------------------------------------------
    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.service_token}"}
        return requests.request(method, f"{self.url}/hub/api/{path.lstrip('/')}", headers=headers, **kwargs)

    def request_spawn(self, *names: str) -> float:
        """Ask the hub to start each named user's server (it returns before they are up); when asked."""
        for name in names:
            answer = self.api("POST", f"users/{name}/server")
            assert answer.status_code in (201, 202), (name, answer.status_code, answer.text)
        return time.monotonic()

    def wait_ready(self, *names: str, since: float | None = None) -> dict[str, float]:
        """Wait until every named user's server is ready; the seconds from ``since`` to each one's readiness.

        No time limit: it fails when the hub exits, or when the hub says a spawn failed (the server is gone
        from the user's model and nothing is pending: JupyterHub removes a server whose start failed).
        """
        since = since or time.monotonic()
        ready: dict[str, float] = {}
        failed: dict[str, str] = {}

        def all_ready() -> bool:
            for name in set(names) - set(ready):
                model = self.api("GET", f"users/{name}").json()
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    ready[name] = time.monotonic() - since
                elif not server and not model.get("pending"):
                    failed[name] = f"no server and nothing pending: {json.dumps(model)[:1000]}"
            return len(ready) == len(names)

        def unreachable() -> str | None:
            if failed:
                return f"the hub gave up spawning: {failed}\n{self.log_text()[-10_000:]}"
            return process_exited(self.process, "jupyterhub", lambda: self.log_text()[-10_000:])()

        wait_for(all_ready, unreachable=unreachable, what=f"servers of {sorted(names)} not ready", poll=0.3)
        return ready

    def user_token(self, name: str, note: str = "mangfold test") -> str:
        """A token of the user's own (the service may issue it: ``tokens`` scope)."""
        answer = self.api("POST", f"users/{name}/tokens", json={"note": note, "expires_in": 3600})
        assert answer.status_code == 201, (answer.status_code, answer.text)
        return answer.json()["token"]

    # -- a user's server, through the proxy -----------------------------------------------------------
    def server(self, name: str, method: str, path: str, token: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}/user/{name}/{path.lstrip('/')}",
                                headers={"Authorization": f"token {token}"}, allow_redirects=False, **kwargs)

    def server_json(self, name: str, method: str, path: str, token: str, **kwargs) -> object:
        answer = self.server(name, method, path, token, **kwargs)
        assert answer.status_code == 200, (name, path, answer.status_code, answer.text[:2000])
        return json.loads(answer.text)

    # -- the end -----------------------------------------------------------------------------------------
    def _proxy_was_stopped(self) -> bool:
        """The hub's log says it sent its proxy SIGTERM (ConfigurableHTTPProxy.stop: "Cleaning up proxy[pid]")."""
        return "Cleaning up proxy[" in self.log_text()

    def stop(self) -> list[str]:
        """Stop the hub (which stops its servers and proxy); what it left behind and had to be killed."""
        leftovers: list[str] = []
        if self.process is None:
            return leftovers
        proxy_pid = _read_pid(self.folder / "proxy.pid")
        # the hub stops its servers on SIGTERM, then exits: wait for that, however long a loaded machine takes
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()
        # the spawned servers and their kernels run in sessions of their own; the hub stops them on SIGTERM.
        # The hub's last step sends its proxy SIGTERM without waiting for it (ConfigurableHTTPProxy.stop): a hub
        # that exits quickly after that (one with a managed service does) may exit first. When its log says it
        # did stop the proxy, the test waits for the proxy to exit; a proxy the hub never stopped is left behind.
        if proxy_pid and _alive(proxy_pid) and self._proxy_was_stopped():
            # the hub did send it SIGTERM: wait for it to act on it (a state, not a time)
            wait_for(lambda: not _alive(proxy_pid), unreachable=lambda: None,
                     what=f"the proxy {proxy_pid} to exit after the hub stopped it")
        if proxy_pid and _alive(proxy_pid):
            leftovers.append(f"proxy {proxy_pid}")
            with contextlib.suppress(ProcessLookupError):
                os.kill(proxy_pid, signal.SIGKILL)
        for uid in self.uids:
            if processes_of(uid):
                leftovers += [f"uid {uid}: pid {pid}" for pid in end_processes(uid)]
        self.process = None
        return leftovers


def _which(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is not on PATH"
    return found


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (exited, not yet reaped by init) has ended."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return True
    return "Z" not in state.split()[1:2]
