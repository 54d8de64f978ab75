"""The grade service: a JupyterHub-managed service that serves the tool's key set and posts scores to the LMS.

JupyterHub starts it (``python -m mangfold.lti.service``, deploy/tljh/jupyterhub_config.d/mangfold_lti.py)
and proxies it at ``/services/mangfold-lti/``:

- ``GET  jwks.json``: the tool's public key set, for the LMS (no login: a public key is public).
- ``POST scores``: called by ``mangfold cohort lti-sync`` in a trainer's server with the trainer's hub token.
  The body is ``{"scores": [{"learner", "score_given", "score_maximum", "completed", "comment"}]}`` read from
  the gradebook; the answer is one result per learner. A caller outside the trainers' group gets 403.

Only a learner whom the LMS launched is posted for: the learner must be a hub user whose encrypted
auth_state is an LTI launch of this platform with a grade-service line item (``mangfold.lti.names``); the
score goes to that line item for the launch's ``sub``. Anyone else is reported, never posted. The service
holds the tool's private key (``MANGFOLD_LTI_KEY_FILE``, or the PEM itself in ``MANGFOLD_LTI_KEY``), which no
trainer's or learner's server can read.

One line item for the course, not one per module: docs/lms.md says why.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from tornado import ioloop, web

from .ags import SCORE_SCOPE, AgsClient, AgsError, ToolKey, score_body
from .names import check_value

log = logging.getLogger("mangfold.lti.service")
#: as JupyterHub's own log lines look
LOG_FORMAT = "[%(levelname)s %(asctime)s %(name)s] %(message)s"
#: one learner's result: posted; not launched from the LMS; launched without a grade service; refused or failed
POSTED, NOT_LAUNCHED, NO_GRADE_SERVICE, FAILED, INVALID = "posted", "not-launched", "no-grade-service", "failed", \
    "invalid"


@dataclass
class Settings:
    issuer: str
    client_id: str
    token_url: str
    key: ToolKey
    hub_api: str  # JUPYTERHUB_API_URL
    service_token: str  # JUPYTERHUB_API_TOKEN: reads users, groups, auth_state
    prefix: str = "/services/mangfold-lti/"
    unix_prefix: str = "jupyter-"
    group: str = "instructors"

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> Settings:
        pem = env.get("MANGFOLD_LTI_KEY") or Path(env["MANGFOLD_LTI_KEY_FILE"]).read_text(encoding="ascii")
        return cls(issuer=env["MANGFOLD_LTI_ISSUER"], client_id=env["MANGFOLD_LTI_CLIENT_ID"],
                   token_url=env["MANGFOLD_LTI_TOKEN_URL"], key=ToolKey.from_pem(pem),
                   hub_api=env["JUPYTERHUB_API_URL"].rstrip("/"), service_token=env["JUPYTERHUB_API_TOKEN"],
                   prefix=env.get("JUPYTERHUB_SERVICE_PREFIX", "/services/mangfold-lti/"),
                   unix_prefix=env.get("MANGFOLD_UNIX_PREFIX", "jupyter-"),
                   group=env.get("MANGFOLD_INSTRUCTORS_GROUP", "instructors"))


class Hub:
    """The hub's REST API, as this service (blocking: called from a worker thread)."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()

    def _get(self, path: str, token: str | None = None) -> requests.Response:
        headers = {"Authorization": f"token {token or self.settings.service_token}"}
        return self.session.get(f"{self.settings.hub_api}/{path}", headers=headers, timeout=30)

    def caller(self, token: str) -> dict | None:
        """The user who owns ``token`` (the trainer's server's token), or None."""
        answer = self._get("user", token)
        return answer.json() if answer.status_code == 200 else None

    def user(self, name: str) -> dict | None:
        answer = self._get(f"users/{quote(name, safe='')}")
        return answer.json() if answer.status_code == 200 else None


def launch_of(hub: Hub, learner: str) -> tuple[str | None, dict | None]:
    """The hub user and LTI launch record behind a gradebook student id (the Unix name on TLJH), if any."""
    candidates = [learner]
    if hub.settings.unix_prefix and learner.startswith(hub.settings.unix_prefix):
        candidates.append(learner[len(hub.settings.unix_prefix):])
    for name in candidates:
        model = hub.user(name)
        if model is not None:
            state = model.get("auth_state")
            return name, state if isinstance(state, dict) else None
    return None, None


def post_one(hub: Hub, client: AgsClient, entry: Mapping) -> dict:
    """Post one learner's score if the LMS launched them with a grade service; the result for the report."""
    learner = entry.get("learner")
    result = {"learner": learner, "status": INVALID, "attempts": 0, "detail": ""}
    try:
        check_value("learner", learner)
        given, maximum = float(entry["score_given"]), float(entry["score_maximum"])
        if not (0 <= given <= maximum and maximum > 0):
            raise ValueError(f"score {given} of {maximum}")
    except (KeyError, TypeError, ValueError) as error:
        result["detail"] = str(error)[:200]
        return result
    name, state = launch_of(hub, str(learner))
    settings = hub.settings
    if not state or state.get("iss") != settings.issuer or not state.get("sub"):
        result.update(status=NOT_LAUNCHED, hub_user=name)
        return result
    ags = state.get("ags") or {}
    lineitem = ags.get("lineitem") if isinstance(ags, dict) else None
    if not lineitem or SCORE_SCOPE not in (ags.get("scope") or []):
        result.update(status=NO_GRADE_SERVICE, hub_user=name)
        return result
    body = score_body(state["sub"], given, maximum, bool(entry.get("completed")), str(entry.get("comment", ""))[:500])
    try:
        attempts = client.post_score(lineitem, body)
    except AgsError as error:
        log.warning("score for %s not posted: %s", name, error)
        result.update(status=FAILED, hub_user=name, attempts=error.attempts, detail=str(error)[:300])
        return result
    log.info("score for %s posted: %s of %s, %s", name, body["scoreGiven"], body["scoreMaximum"],
             body["activityProgress"])
    result.update(status=POSTED, hub_user=name, attempts=attempts)
    return result


class JwksHandler(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "max-age=300")
        self.write(json.dumps(self.settings["mangfold"].key.jwks()))


class ScoresHandler(web.RequestHandler):
    def check_xsrf_cookie(self) -> None:  # token-authenticated API, no cookies
        return

    async def post(self) -> None:
        settings: Settings = self.settings["mangfold"]
        hub: Hub = self.settings["hub"]
        header = self.request.headers.get("Authorization", "")
        token = header.split(None, 1)[1] if header.lower().startswith(("token ", "bearer ")) else ""
        caller = await asyncio.to_thread(hub.caller, token) if token else None
        if caller is None:
            raise web.HTTPError(401, "a hub token is needed")
        model = await asyncio.to_thread(hub.user, caller.get("name", ""))
        if model is None or settings.group not in (model.get("groups") or []):
            log.warning("refused: %s is not in the group %s", caller.get("name"), settings.group)
            raise web.HTTPError(403, f"only the group {settings.group} may post scores")
        try:
            entries = json.loads(self.request.body or b"{}").get("scores")
        except (ValueError, AttributeError):
            entries = None
        if not isinstance(entries, list):
            raise web.HTTPError(400, 'the body is {"scores": [...]}')
        client: AgsClient = self.settings["client"]
        results = [await asyncio.to_thread(post_one, hub, client, entry if isinstance(entry, Mapping) else {})
                   for entry in entries]
        log.info("%s synced %d learner(s): %d posted", caller.get("name"), len(results),
                 sum(r["status"] == POSTED for r in results))
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({"results": results}))


def make_app(settings: Settings, client: AgsClient | None = None, hub: Hub | None = None) -> web.Application:
    prefix = "/" + settings.prefix.strip("/") + "/"
    client = client or AgsClient(settings.key, settings.client_id, settings.token_url)
    return web.Application([(prefix + "jwks.json", JwksHandler), (prefix + "scores", ScoresHandler)],
                           mangfold=settings, client=client, hub=hub or Hub(settings))


def main() -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    settings = Settings.from_environment()
    url = urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
    # on the hub's machine 127.0.0.1; on Kubernetes all addresses of the hub's pod, for the proxy's pod
    make_app(settings).listen(url.port or 80, os.environ.get("MANGFOLD_LTI_SERVICE_BIND") or url.hostname)
    log.info("grade service on %s%s: key %s, platform %s", os.environ["JUPYTERHUB_SERVICE_URL"], settings.prefix,
             settings.key.kid, settings.issuer)
    ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
