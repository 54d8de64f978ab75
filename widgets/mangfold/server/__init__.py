"""The course's jupyter-server extension: Voilà under jupyter-server behaves as under ``mangfold serve``.

Binder and JupyterHub run a plain jupyter-server with Voilà as one extension among others (JupyterLab,
terminals, nbgrader's formgrader). The package installs ``etc/jupyter/jupyter_server_config.d/mangfold.json``
(:func:`mangfold.serving.server_config_file`), which enables this extension; jupyter-server reads nothing else
from that folder, so the extension itself gives the kernel manager the course's culling and Voilà the course's
settings (template, stripped sources, no tracebacks, image files only), where the server's configuration sets
none (:mod:`mangfold.server.settings`).

The contract, by the environment variable ``MANGFOLD_MODE`` (set by Binder's ``start`` and the hub's spawner):

- always (``trainer``, unset, or anything else): Voilà's pages set the ``_xsrf`` cookie, so the shutdown call
  a page sends when it is left succeeds and its kernel ends (without it every page view left a kernel);
  kernels idle and unconnected for ``cull_idle_timeout`` are culled (the shipped settings).
- ``learner``: the server answers only what a learner needs (:func:`mangfold.server.guard.learner_may_reach`):
  ``/`` leads to the course home, Voilà renders only ``release/`` and ``notebooks/home.ipynb``, serves files
  only from ``release/``, and its assets, the page's kernel, ``api/status``, the login and
  jupyterhub-singleuser's OAuth callback and logout answer; everything else is 404: JupyterLab, the
  classic tree, terminals, the contents and sessions APIs, ``/files``, ``/voila/tree``, source notebooks,
  the formgrader and nbgrader's APIs.
- ``trainer`` (or unset): JupyterLab and the formgrader stay, as the trainer needs them.

How it hooks into Tornado: a rule at the head of the application's router, whose matcher sees every
request first. It gives Voilà's handlers the course's rules once, before the first request is routed
(:mod:`mangfold.server.routes`); in learner mode it claims every URL outside the allowlist for a handler
that answers 404 (or the redirect to the course home), and lets every other request fall through.
"""

from __future__ import annotations

import os

from jupyter_server.utils import url_path_join
from tornado.httputil import HTTPServerRequest
from tornado.routing import Matcher, Rule
from tornado.web import Application, HTTPError, RequestHandler

from .. import i18n
from ..serving import start_path
from .guard import is_start, learner_may_reach
from .routes import harden_rules
from .settings import apply_kernel_culling, apply_voila_configuration

MODE_VARIABLE = "MANGFOLD_MODE"
LEARNER = "learner"


def learner_mode() -> bool:
    """Whether this server is a learner's (``MANGFOLD_MODE=learner``)."""
    return os.environ.get(MODE_VARIABLE, "").strip().lower() == LEARNER


class CourseGate(Matcher):
    """Sees every request first: hardens the routes once, then claims what a learner may not reach."""

    def __init__(self, web_app: Application, learner: bool):
        self.web_app = web_app
        self.learner = learner
        self.hardened = False

    def match(self, request: HTTPServerRequest) -> dict | None:
        if not self.hardened:  # every extension has added its handlers before the first request
            harden_rules(self.web_app.default_router, self.learner)
            self.hardened = True
        if not self.learner:
            return None
        base_url = self.web_app.settings.get("base_url", "/")
        if is_start(request.path, base_url) or not learner_may_reach(request.path, base_url):
            return {}  # to the gate's handler
        return None  # on to the handler that serves it


class LearnerGateHandler(RequestHandler):
    """``/`` leads to the course home; every other URL that reaches this handler does not exist for a learner."""

    def check_xsrf_cookie(self) -> None:
        """Nothing here acts on a request: every method gets the same 404, not a 403 for a missing cookie."""

    def prepare(self) -> None:
        base_url = self.settings.get("base_url", "/")
        if is_start(self.request.path, base_url):
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(url_path_join(base_url, start_path()) + query)
            return
        raise HTTPError(404)

    def write_error(self, status_code: int, **kwargs) -> None:
        home = url_path_join(self.settings.get("base_url", "/"), start_path())
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(i18n.both("server.not-found", between="\n", status=status_code, home=home) + "\n")


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mangfold.server"}]


def _load_jupyter_server_extension(server_app) -> None:
    """Apply the course's settings and put its gate at the head of the server's routes."""
    culling = apply_kernel_culling(server_app.kernel_manager, server_app.config)
    voila = apply_voila_configuration(server_app.config)
    web_app = server_app.web_app
    learner = learner_mode()
    web_app.default_router.rules.insert(0, Rule(CourseGate(web_app, learner), LearnerGateHandler))
    server_app.log.info("mangfold | course server in %s mode; course settings applied: %s, VoilaConfiguration %s",
                        "learner" if learner else "trainer", culling, sorted(voila))


async def _start_jupyter_server_extension(server_app) -> None:
    """Once the loop runs every extension has loaded: harden the routes now rather than on the first request."""
    for rule in server_app.web_app.default_router.rules:
        if isinstance(rule.matcher, CourseGate) and not rule.matcher.hardened:
            harden_rules(server_app.web_app.default_router, rule.matcher.learner)
            rule.matcher.hardened = True
