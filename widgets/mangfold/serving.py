"""Serve the course with Voilà: hardened settings and a start page at ``/``.

Learners must never see code, and the server must hand out nothing but the pages and the images
they need: sources are stripped, the nbgrader and notebook front-end extensions are not loaded,
and only image files are served from the course folder (never notebooks, content, progress files
or anything hidden).

Every rule lives here once and serves both ways the course is run: ``mangfold serve`` (a standalone
Voilà, :func:`serve`) and Voilà under jupyter-server on Binder or a hub (the ``mangfold.server``
extension, enabled by the shipped ``jupyter_server_config.d/mangfold.json``, :func:`server_config_file`).
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote

from tornado.web import HTTPError

TEMPLATE_NAME = "mangfold"
JUPYTER_DATA_DIR = Path(__file__).parent / "jupyter_data"

VOILA_CONFIGURATION: dict[str, object] = {
    "template": TEMPLATE_NAME,
    "strip_sources": True,
    "show_tracebacks": False,
    "extension_denylist": ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"],
    "file_allowlist": [r".*\.(png|jpg|jpeg|gif|svg|webp)$"],
    "file_denylist": [r"(^|.*/)\..*", r".*\.(ipynb|py|ya?ml|json|db|lock|txt|toml|cfg|sqlite)$"],
}


#: Idle kernels are shut down after 10 minutes (as Binder forgets a session): a learner who closes the
#: tab without Voilà's shutdown call reaching the server must not hold memory for ever.
KERNEL_CULLING: dict[str, object] = {"cull_idle_timeout": 600, "cull_interval": 60, "cull_connected": False}


#: The jupyter-server extension's module (``jpserver_extensions`` key): :mod:`mangfold.server`.
SERVER_EXTENSION = "mangfold.server"
#: Where the package keeps that file; installed to ``{sys.prefix}/etc/jupyter/jupyter_server_config.d``.
SERVER_CONFIG_PATH = JUPYTER_DATA_DIR / "etc" / "jupyter" / "jupyter_server_config.d" / "mangfold.json"


def voila_config_file() -> dict[str, object]:
    """The content of ``voila.json``: what Binder and JupyterHub read from the course folder."""
    return {"VoilaConfiguration": VOILA_CONFIGURATION, "MappingKernelManager": KERNEL_CULLING}


def server_config_file() -> dict[str, object]:
    """The content of the shipped ``etc/jupyter/jupyter_server_config.d/mangfold.json``: it enables the extension.

    jupyter-server reads such a file for ``ServerApp.jpserver_extensions`` only; the extension
    (:mod:`mangfold.server`) applies :data:`KERNEL_CULLING` and :data:`VOILA_CONFIGURATION` itself.
    """
    return {"ServerApp": {"jpserver_extensions": {SERVER_EXTENSION: True}}}


def start_path() -> str:
    """Where ``/`` leads: the course home."""
    return "voila/render/notebooks/home.ipynb"


def voila_arguments(root: Path, port: int, ip: str = "127.0.0.1") -> list[str]:
    """Command-line style settings for Voilà, shared by ``mangfold serve`` and the tests."""
    args = [str(root), f"--port={port}", f"--Voila.ip={ip}", "--no-browser"]
    for section, settings in voila_config_file().items():
        for key, value in settings.items():
            items = value if isinstance(value, list) else [value]  # a list option is given once per item
            args += [f"--{section}.{key}={item}" for item in items]
    return args


def template_environment() -> dict[str, str]:
    """Environment that lets Voilà find the course template without installing data files."""
    paths = [str(JUPYTER_DATA_DIR), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}


#: The only notebooks a learner's browser may render: the modules and the course home.
RENDERABLE = ("release/", "notebooks/home.ipynb")


def renderable(request_path: str, allowed: tuple[str, ...] = RENDERABLE) -> bool:
    """Whether a ``/voila/render/...`` path names a notebook ``allowed`` (a folder ends in ``/``; no ``..``)."""
    wanted = unquote(request_path.split("/voila/render/", 1)[-1])
    normal = posixpath.normpath(wanted)
    inside = any(normal == name or (name.endswith("/") and normal.startswith(name)) for name in allowed)
    return normal == wanted.rstrip("/") and inside


def inside_folders(path: str, allowed: tuple[str, ...] = RENDERABLE) -> bool:
    """Whether a file path (relative to the root, as Voilà's ``/voila/files/`` gets it) lies in an
    ``allowed`` folder (the names ending in ``/``), written plainly: no ``..``, ``.``, ``//`` or a backslash."""
    folders = tuple(name for name in allowed if name.endswith("/"))
    normal = posixpath.normpath(path.replace("\\", "/"))
    return bool(folders) and normal == path and normal.startswith(folders)


def is_listing(handler: tuple) -> bool:
    """Voilà's file listings (``/voila/tree``) and contents API show the whole folder: learners need neither."""
    name = handler[1].__name__
    return name in ("TornadoVoilaTreeHandler", "VoilaContentsHandler")


def with_xsrf_cookie(handler: tuple, allowed: tuple[str, ...] | None = RENDERABLE) -> tuple:
    """Make a page handler set Tornado's ``_xsrf`` cookie, and render only the ``allowed`` paths.

    When the learner leaves a page, Voilà posts a shutdown request for its kernel with the value of
    that cookie; no page sets it (voila-dashboards/voila#1458), the request is refused, and every
    visit leaves a kernel behind. Reading ``xsrf_token`` once per page view sets the cookie.
    ``allowed=None`` renders every notebook (a trainer's server under jupyter-server).
    """
    pattern, handler_class, *rest = handler
    if not getattr(handler_class, "SUPPORTED_METHODS", None) or "voila/render/" not in str(pattern):
        return handler

    class PageSettingXsrfCookie(handler_class):  # type: ignore[misc, valid-type]
        async def prepare(self, *args, **kwargs):
            if allowed is not None and not renderable(self.request.path, allowed):
                raise HTTPError(404)  # source/ and anything else in the folder is never rendered
            result = super().prepare(*args, **kwargs)
            if result is not None:
                await result
            self.xsrf_token  # noqa: B018 - after the user is known: the property sets the cookie

    return (pattern, PageSettingXsrfCookie, *rest)


def files_inside(handler: tuple, allowed: tuple[str, ...] = RENDERABLE) -> tuple:
    """Make Voilà's ``/voila/files/`` serve only files inside the ``allowed`` folders (those ending in ``/``).

    Voilà's allowlist is by file name alone, anywhere under the root: on the trainer's dashboard that would
    hand out any image a learner handed in (``submitted/``, ``autograded/``). The dashboard allows no folder,
    so it serves no file; the course serves its images from ``release/`` only.
    """
    pattern, handler_class, *rest = handler
    if handler_class.__name__ != "AllowListFileHandler":
        return handler

    class FilesInsideAllowedFolders(handler_class):  # type: ignore[misc, valid-type]
        def get_absolute_path(self, root, path):
            if not inside_folders(path, allowed):
                raise HTTPError(403, "File outside the served folders")
            return super().get_absolute_path(root, path)

    return (pattern, FilesInsideAllowedFolders, *rest)


def harden(handler: tuple, allowed: tuple[str, ...] = RENDERABLE) -> tuple:
    """A learner's server: pages set their XSRF cookie and render only ``allowed``; files only from its folders."""
    return files_inside(with_xsrf_cookie(handler, allowed), allowed)


def serve(root: Path, port: int = 8866, ip: str = "127.0.0.1", start: str | None = None,
          allowed: tuple[str, ...] = RENDERABLE) -> None:
    """Run Voilà on ``root`` until interrupted; ``/`` opens ``start`` (the course home by default).

    The trainer's dashboard uses the same server with its own start page and a single renderable
    notebook, so a cohort's course directory (sources, gradebook, submissions) is never served.
    """
    os.environ.update(template_environment())
    from jupyter_server.utils import url_path_join
    from tornado.web import RedirectHandler
    from voila.app import Voila

    class CourseVoila(Voila):
        """Voilà with ``/`` sent to the course start page, and pages that set their XSRF cookie."""

        def init_handlers(self) -> list:
            handlers = [harden(h, allowed) for h in super().init_handlers() if not is_listing(h)]
            target = url_path_join(self.server_url, start or start_path())
            return [(url_path_join(self.server_url, r"/?"), RedirectHandler, {"url": target}), *handlers]

    app = CourseVoila()
    app.initialize(voila_arguments(Path(root), port, ip))
    app.start()
