"""The hub tests' JupyterHub (tests/hub/hub.py) with the LTI snippet loaded after the course's, as TLJH loads them.

``lti_environment`` is what setup.sh writes to the hub's environment file (issuer, client id, the LMS's URLs,
the crypt key, the tool's key file ...); the config sets it in the hub's process before loading the snippet.
"""

from __future__ import annotations

from tests.conftest import REPO_ROOT
from tests.hub.hub import Hub

LTI_SNIPPET = REPO_ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "mangfold_lti.py"


class LtiHub(Hub):
    lti_environment: dict[str, str]

    def config_text(self) -> str:
        return (super().config_text() + "\nimport os\n"
                f"os.environ.update({self.lti_environment!r})\n"
                f"load_subconfig({str(LTI_SNIPPET)!r})  # noqa: F821\n")
