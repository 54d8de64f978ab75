"""Learner mode's allowlist, URL by URL, and the shipped configuration file (no server needed)."""

from __future__ import annotations

import json

import pytest

from mangfold.server.guard import is_start, learner_may_reach
from mangfold.serving import SERVER_CONFIG_PATH, server_config_file

KERNEL = "0f8b7c2e-1d3a-4b5c-9e8f-123456789abc"
M = "release/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb"


def test_the_shipped_server_configuration_is_the_packages() -> None:
    """pip installs this file to etc/jupyter/jupyter_server_config.d: it must say what the package says."""
    assert json.loads(SERVER_CONFIG_PATH.read_text(encoding="utf-8")) == server_config_file()


@pytest.mark.parametrize("base_url", ["/", "/user/kari/"])
@pytest.mark.parametrize("path", [
    "voila/render/notebooks/home.ipynb", f"voila/render/{M}", "voila/files/release/01-verdien-av-mangfold/bilde.png",
    "voila/static/voila.js", "voila/templates/mangfold/static/mangfold.css", "voila/labextensions/x/static/y.js",
    "voila/api/themes/theme-light-extension/index.css", "static/favicons/favicon.ico",
    f"api/kernels/{KERNEL}", f"api/kernels/{KERNEL}/channels", f"voila/api/shutdown/{KERNEL}", "api/status", "api",
    "login", "logout", "oauth_callback",
])
def test_a_learner_reaches_the_course(base_url: str, path: str) -> None:
    assert learner_may_reach(base_url + path, base_url)


@pytest.mark.parametrize("base_url", ["/", "/user/kari/"])
@pytest.mark.parametrize("path", [
    "lab", "lab/tree/source", "tree", "notebooks/home.ipynb", "edit/nbgrader_config.py", "terminals/1",
    "api/terminals", "api/contents", "api/contents/source", "api/sessions", "api/kernels", "api/kernelspecs",
    "api/shutdown", "api/me", "files/notebooks/home.ipynb", "view/notebooks/home.ipynb",
    "nbconvert/html/notebooks/home.ipynb", "voila", "voila/tree", "voila/tree/source", "voila/api/contents",
    "voila/render/source/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb",
    f"voila/render/{M}/../../../source/01-verdien-av-mangfold/01-verdien-av-mangfold.ipynb",
    "voila/render/release/%2e%2e/source/x.ipynb", "voila/render/notebooks/research.ipynb",
    "voila/files/source/01-verdien-av-mangfold/bilde.png", "voila/files/notebooks/home.ipynb",
    "voila/files/release/../source/x.png", "voila/static/../../lab", "voila/static/%2e%2e/%2e%2e/lab",
    "static/..%5c..%5clab", f"api/kernels/{KERNEL}/../../contents", "formgrader", "formgrader/gradebook",
    "formgrader/api/assignments", "assignments", "courses", "formgraders", "nbgrader_version", "extensions",
    "lsp/status", "metrics", "api/events/subscribe", "hub/home",
])
def test_a_learner_reaches_nothing_else(base_url: str, path: str) -> None:
    assert not learner_may_reach(base_url + path, base_url)


def test_a_path_outside_the_base_url_is_refused() -> None:
    assert not learner_may_reach("/user/other/voila/render/notebooks/home.ipynb", "/user/kari/")


@pytest.mark.parametrize("path", ["/user/kari", "/user/kari/"])
def test_the_root_leads_to_the_course_home(path: str) -> None:
    assert is_start(path, "/user/kari/") and not is_start("/user/kari/lab", "/user/kari/")
