"""Serve the course with Voilà: hardened settings and a start page at ``/``.

Learners must never see code, and the server must hand out nothing but the pages and the images
they need: sources are stripped, the nbgrader and notebook front-end extensions are not loaded,
and only image files are served from the course folder (never notebooks, content, progress files
or anything hidden).
"""

from __future__ import annotations

import os
from pathlib import Path

from .course import MODULE_IDS, notebook_name

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


def start_path() -> str:
    """Where ``/`` leads: the first module until the course home exists."""
    first = MODULE_IDS[0]
    return f"voila/render/release/{first}/{notebook_name(first)}"


def voila_arguments(root: Path, port: int, ip: str = "127.0.0.1") -> list[str]:
    """Command-line style settings for Voilà, shared by ``mangfold serve`` and the tests."""
    args = [str(root), f"--port={port}", f"--Voila.ip={ip}", "--no-browser"]
    for key, value in VOILA_CONFIGURATION.items():
        rendered = repr(value) if isinstance(value, list) else str(value)
        args.append(f"--VoilaConfiguration.{key}={rendered}")
    return args


def template_environment() -> dict[str, str]:
    """Environment that lets Voilà find the course template without installing data files."""
    paths = [str(JUPYTER_DATA_DIR), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}


def serve(root: Path, port: int = 8866, ip: str = "127.0.0.1") -> None:
    """Run Voilà on ``root`` (the repository) until interrupted; ``/`` opens the course."""
    os.environ.update(template_environment())
    from jupyter_server.utils import url_path_join
    from tornado.web import RedirectHandler
    from voila.app import Voila

    class CourseVoila(Voila):
        """Voilà with ``/`` sent to the course start page instead of a file listing."""

        def init_handlers(self) -> list:
            handlers = super().init_handlers()
            target = url_path_join(self.server_url, start_path())
            return [(url_path_join(self.server_url, r"/?"), RedirectHandler, {"url": target}), *handlers]

    app = CourseVoila()
    app.initialize(voila_arguments(Path(root), port, ip))
    app.start()
