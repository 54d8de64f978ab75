"""LTI 1.3 for the Mangfoldsrekruttering course: an LMS launches the course, and the scores go back (issue 19).

deploy/tljh/setup.sh copies this file beside mangfold.py when ``MANGFOLD_LTI_ISSUER`` is set; TLJH loads it
after mangfold.py (``mangfold.py`` sorts before ``mangfold_lti.py``), so what it sets wins. Without
``MANGFOLD_LTI_ISSUER`` in the hub's environment it changes nothing. The values come from the environment
(setup.sh writes them to a root-only file that systemd gives the hub, docs/lms.md):

- ``MANGFOLD_LTI_ISSUER``, ``MANGFOLD_LTI_CLIENT_ID``, ``MANGFOLD_LTI_AUTHORIZE_URL``, ``MANGFOLD_LTI_JWKS_URL``,
  ``MANGFOLD_LTI_TOKEN_URL``: the platform, as the LMS shows it when the tool is registered;
- ``MANGFOLD_LTI_USER_CLAIM`` (``sub``): the claim a hub name is made from (``mangfold.lti.names``);
- ``MANGFOLD_LTI_NAME_PREFIX`` (``lti-``); ``MANGFOLD_UNIX_PREFIX`` (``jupyter-``, TLJH's Unix names);
- ``JUPYTERHUB_CRYPT_KEY``: encrypts auth_state, which holds each launch's grade-service line item;
- ``MANGFOLD_LTI_KEY_FILE``: the tool's private key, which only the grade service reads;
- ``MANGFOLD_LTI_SERVICE_PORT`` (10101): where the grade service listens, on 127.0.0.1; on Kubernetes
  ``MANGFOLD_LTI_SERVICE_URL`` (``http://hub:10101``) and ``MANGFOLD_LTI_SERVICE_BIND`` (``0.0.0.0``), so the
  proxy's pod reaches it; ``MANGFOLD_LTI_KEY`` (the PEM itself, from a Secret) instead of the key file;
- ``MANGFOLD_TRAINERS``: hub names, comma-separated, that are trainers whatever the LMS says (as the trainers
  file);
- ``MANGFOLD_LTI_CROSS_SITE_COOKIES`` (``1``): the hub's cookies ``SameSite=None; Secure``, so the LMS's
  cross-site form post brings back the launch's state cookie (the hub must be served over HTTPS).

The hub's own environment (/opt/tljh/hub) has jupyterhub-ltiauthenticator (setup.sh installs it) but not the
course; the user-name rules and the grade service are read from the course's checkout (``MANGFOLD_WIDGETS``).
Zero to JupyterHub runs this same file from the hub image's jupyterhub_config.d (deploy/z2jh/Dockerfile.hub).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

INSTRUCTORS_GROUP = "instructors"  # as in mangfold.py: the trainers' group
SERVICE_NAME = "mangfold-lti"
ENVIRONMENT = os.environ


def _trainers_file() -> Path:
    default = Path(__file__).resolve().parent.parent / "mangfold-trainers.txt"
    return Path(ENVIRONMENT.get("MANGFOLD_TRAINERS_FILE", default))


def file_trainers() -> set[str]:
    """The hub names in the trainers file (mangfold.py reads the same file) and in ``MANGFOLD_TRAINERS``."""
    named = {name.strip() for name in ENVIRONMENT.get("MANGFOLD_TRAINERS", "").split(",") if name.strip()}
    path = _trainers_file()
    if not path.is_file():
        return named
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return named | {line for line in lines if line}


def _required(name: str) -> str:
    value = ENVIRONMENT.get(name, "").strip()
    if not value:
        raise RuntimeError(f"mangfold_lti.py: {name} is not set (docs/lms.md lists what the LMS gives you)")
    return value


def configure(c) -> None:
    widgets = ENVIRONMENT.get("MANGFOLD_WIDGETS", "/opt/mangfold/widgets")
    try:
        from mangfold.lti import names
    except ImportError:
        sys.path.append(widgets)
        from mangfold.lti import names
    from ltiauthenticator.lti13.auth import LTI13Authenticator
    from ltiauthenticator.lti13.error import LoginError

    issuer = _required("MANGFOLD_LTI_ISSUER")
    client_ids = {part.strip() for part in _required("MANGFOLD_LTI_CLIENT_ID").split(",") if part.strip()}
    user_claim = ENVIRONMENT.get("MANGFOLD_LTI_USER_CLAIM", "sub")
    prefix = names.check_prefix(ENVIRONMENT.get("MANGFOLD_LTI_NAME_PREFIX", names.PREFIX))
    if not ENVIRONMENT.get("JUPYTERHUB_CRYPT_KEY") and not c.CryptKeeper.get("keys"):  # z2jh seeds the keys
        raise RuntimeError("mangfold_lti.py: JUPYTERHUB_CRYPT_KEY is not set: auth_state (each launch's grade "
                           "service) is kept only encrypted (openssl rand -hex 32)")

    class MangfoldLTI13Authenticator(LTI13Authenticator):
        """ltiauthenticator's LTI 1.3 login, with the course's user names, trainer roles and auth_state."""

        async def authenticate(self, handler, data=None):
            data = data or {}
            try:
                name = names.name_from_claims(data, issuer, user_claim, prefix)
            except names.UnsafeClaim as refused:
                self.log.warning("%s", refused)  # one escaped line: "LTI launch refused: the user claim ..."
                raise LoginError(str(refused)) from None
            record = names.launch_record(data, user_claim)
            existing = handler.find_user(name) if handler is not None else None
            if existing is not None:
                held = await existing.get_auth_state() or {}
                if held and (held.get("iss"), held.get("user_value")) != (record["iss"], record["user_value"]):
                    message = f"LTI launch refused: the hub name {name} belongs to another platform user"
                    self.log.warning("%s", message)
                    raise LoginError(message)
            trainer = record["trainer"] or name in file_trainers()
            self.log.info("LTI launch: %s as %s", name, "trainer" if trainer else "learner")
            return {"name": name, "auth_state": record, "groups": [INSTRUCTORS_GROUP] if trainer else []}

    c.JupyterHub.authenticator_class = MangfoldLTI13Authenticator
    c.LTI13Authenticator.issuer = issuer
    c.LTI13Authenticator.client_id = client_ids
    c.LTI13Authenticator.authorize_url = _required("MANGFOLD_LTI_AUTHORIZE_URL")
    c.LTI13Authenticator.jwks_endpoint = _required("MANGFOLD_LTI_JWKS_URL")
    c.LTI13Authenticator.username_key = user_claim
    c.LTI13Authenticator.tool_name = "Mangfoldsrekruttering"
    c.LTI13Authenticator.tool_description = "Mangfoldsrekruttering: diversity recruitment for managers who hire"
    # Anyone the platform launches with a valid signature may log in; the platform decides who is enrolled.
    c.Authenticator.allow_all = True
    c.Authenticator.enable_auth_state = True
    # The LMS's roles decide trainer or learner at every launch (the trainers file still counts): groups are the
    # authenticator's, so the trainers file of mangfold.py is read here instead of by load_groups.
    c.Authenticator.manage_groups = True
    c.JupyterHub.load_groups = {}
    if ENVIRONMENT.get("MANGFOLD_LTI_CROSS_SITE_COOKIES", "1") == "1":
        c.JupyterHub.tornado_settings.update({"cookie_options": {"samesite": "None", "secure": True}})

    port = int(ENVIRONMENT.get("MANGFOLD_LTI_SERVICE_PORT", "10101"))
    service_url = ENVIRONMENT.get("MANGFOLD_LTI_SERVICE_URL", f"http://127.0.0.1:{port}")
    key_source = ({"MANGFOLD_LTI_KEY": ENVIRONMENT["MANGFOLD_LTI_KEY"]} if ENVIRONMENT.get("MANGFOLD_LTI_KEY") else
                  {"MANGFOLD_LTI_KEY_FILE": ENVIRONMENT.get("MANGFOLD_LTI_KEY_FILE",
                                                            str(_trainers_file().parent / "mangfold-lti-key.pem"))})
    c.JupyterHub.services.append({
        "name": SERVICE_NAME,
        "url": service_url,
        "command": [sys.executable, "-m", "mangfold.lti.service"],
        "environment": {
            "PYTHONPATH": widgets,
            "MANGFOLD_LTI_ISSUER": issuer,
            "MANGFOLD_LTI_CLIENT_ID": sorted(client_ids)[0],
            "MANGFOLD_LTI_TOKEN_URL": _required("MANGFOLD_LTI_TOKEN_URL"),
            **key_source,
            "MANGFOLD_LTI_SERVICE_BIND": ENVIRONMENT.get("MANGFOLD_LTI_SERVICE_BIND", "127.0.0.1"),
            "MANGFOLD_UNIX_PREFIX": ENVIRONMENT.get("MANGFOLD_UNIX_PREFIX", "jupyter-"),
            "MANGFOLD_INSTRUCTORS_GROUP": INSTRUCTORS_GROUP,
        },
    })
    # The service reads who called it and each learner's launch (auth_state); it can start, stop or open nothing.
    c.JupyterHub.load_roles.append({
        "name": "mangfold-lti-service",
        "description": "Posts the course's scores to the LMS: reads users, their groups and their LTI launch",
        "scopes": ["list:users", "read:users", "read:groups", "admin:auth_state"],
        "services": [SERVICE_NAME],
    })
    # `mangfold cohort lti-sync` in a trainer's server finds the service here (KubeSpawner's own section, when
    # set, is read instead of Spawner's: both are given it)
    for spawner in ("Spawner", "KubeSpawner"):
        c[spawner].environment.update({"MANGFOLD_LTI_SERVICE_URL": service_url})


if ENVIRONMENT.get("MANGFOLD_LTI_ISSUER"):
    configure(c)
