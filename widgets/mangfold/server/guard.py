"""Learner mode's allowlist: which URLs a learner's jupyter-server answers at all.

On Binder and for learners on a hub the server is a plain jupyter-server with JupyterLab, terminals,
nbgrader's formgrader and Voilà's file tree installed: every one of them reaches the course's sources,
the gradebook or a shell. A learner needs only the course pages, what those pages load, their kernels,
and what jupyterhub-singleuser and the login need. Every other URL is answered 404 (``/`` leads to the
course home), whatever extension would serve it: an allowlist, so an extension added later is closed too.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from ..serving import RENDERABLE, inside_folders, renderable

#: Voilà's page, its template's files, its widgets' front end and Jupyter's own static files (the login page's)
ASSETS = ("voila/static/", "voila/templates/", "voila/labextensions/", "voila/api/themes/", "static/")
_KERNEL_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: the page's own kernel (by id, never the list or a new kernel): its websocket, and Voilà's shutdown call
KERNEL_URLS = re.compile(rf"(api/kernels/{_KERNEL_ID}(/channels|/interrupt|/restart)?"
                         rf"|voila/api/shutdown/{_KERNEL_ID}|voila/execution/{_KERNEL_ID})")
#: the server's health check, the login, and jupyterhub-singleuser's OAuth callback and logout
SERVER_URLS = frozenset({"api", "api/status", "login", "logout", "oauth_callback"})


def is_start(path: str, base_url: str) -> bool:
    """Whether ``path`` is the server's root (``base_url`` with or without its ``/``): it leads to the course home."""
    return path.rstrip("/") == base_url.rstrip("/")


def learner_may_reach(path: str, base_url: str = "/", allowed: tuple[str, ...] = RENDERABLE) -> bool:
    """Whether a learner's request for ``path`` (the raw, percent-encoded URL path) reaches a handler.

    The path must be written plainly (no ``..``, ``.``, ``//`` or backslash, encoded or not), so that what
    is checked here is what the handler serves.
    """
    prefix = base_url if base_url.endswith("/") else base_url + "/"
    if not path.startswith(prefix):
        return False
    local = unquote(path[len(prefix):])
    if "\\" in local or "\0" in local or (local and posixpath.normpath(local) != local.rstrip("/")):
        return False
    if local.startswith("voila/render/"):
        return renderable("/" + local, allowed)
    if local.startswith("voila/files/"):
        return inside_folders(local[len("voila/files/"):], allowed)
    return local.startswith(ASSETS) or local in SERVER_URLS or KERNEL_URLS.fullmatch(local) is not None
