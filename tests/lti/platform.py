"""A stand-in LMS built on lti1p3platform (test code only): OIDC login, id_token, key set, token, AGS scores.

It runs a tornado server on 127.0.0.1 in a thread of the test process and plays the platform side of
LTI 1.3 as lti1p3platform implements it:

- ``GET /launch?user=KEY``: the learner clicks the course: a redirect to the tool's OIDC login initiation;
- ``GET /auth``: the tool's authentication request; the answer is the auto-submitting form that posts the
  signed ``id_token`` and ``state`` to the tool's redirect URI (lti1p3platform's message launch);
- ``GET /jwks``: the platform's key set; ``POST /token``: a client-credentials token for a client assertion
  signed with a key from the tool's key set URL (lti1p3platform's ``get_access_token``);
- ``POST /lineitems/course/scores``: AGS scores, kept in ``scores``; ``fail_next`` answers the next ones with
  a 503 or 429 first.

``tamper`` changes the next launches for the refusal tests: a token signed with another key, another issuer
or client id, an expired token, another ``sub``.
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from tornado import web

from tests.hub.prereqs import free_port
from tests.lti.servers import ThreadServer

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER_ROLE = MEMBERSHIP + "Learner"
INSTRUCTOR_ROLE = MEMBERSHIP + "Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"


def pem_key() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@dataclass
class Person:
    sub: str
    roles: list[str]
    name: str = ""
    email: str = ""


@dataclass
class StandInLMS:
    """The platform: one registration (the course tool), one course, one line item."""

    client_id: str = "mangfold-tool"
    deployment_id: str = "deployment-1"
    people: dict[str, Person] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    tool_login_url: str = ""  # the hub's /hub/lti13/oauth_login
    tool_launch_url: str = ""  # the target link URI: the hub
    tool_jwks_url: str = ""  # the grade service's key set
    ags: bool = True
    tamper: dict = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    token_requests: int = 0
    score_requests: int = 0

    def __post_init__(self) -> None:
        self.private_key, self.public_key = pem_key()
        self.other_private_key, _ = pem_key()  # signs the "bad signature" launch
        self._server: ThreadServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def lineitem(self) -> str:
        return f"{self.url}/lineitems/course"

    def settings(self) -> dict[str, str]:
        """What the LMS shows its administrator: the values the hub's configuration needs."""
        return {"MANGFOLD_LTI_ISSUER": self.issuer, "MANGFOLD_LTI_CLIENT_ID": self.client_id,
                "MANGFOLD_LTI_AUTHORIZE_URL": f"{self.url}/auth", "MANGFOLD_LTI_JWKS_URL": f"{self.url}/jwks",
                "MANGFOLD_LTI_TOKEN_URL": f"{self.url}/token"}

    # -- lti1p3platform's side -------------------------------------------------------------------------
    def registration(self, private_key: str | None = None) -> Registration:
        registration = (_Registration().set_iss(self.tamper.get("iss", self.issuer))
                        .set_client_id(self.tamper.get("client_id", self.client_id))
                        .set_deployment_id(self.deployment_id).set_launch_url(self.tool_launch_url)
                        .set_oidc_login_url(self.tool_login_url)
                        .set_platform_private_key(private_key or self.private_key)
                        .set_platform_public_key(self.public_key))
        if self.tool_jwks_url:
            registration.set_tool_key_set_url(self.tool_jwks_url)
        if private_key:  # another key, but the platform's key id: the tool finds the key and the signature fails
            registration.kid = Registration.get_jwk(self.public_key)["kid"]
        return registration

    def platform(self, private_key: str | None = None) -> LTI1P3PlatformConfAbstract:
        registration = self.registration(private_key)

        class Platform(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kwargs):
                pass

            def get_registration_by_params(self, **kwargs):
                return registration

        platform = Platform()
        platform.get_registration()
        return platform

    # -- the server ------------------------------------------------------------------------------------
    def start(self) -> StandInLMS:
        app = web.Application([(r"/launch", LaunchHandler), (r"/auth", AuthHandler), (r"/jwks", JwksHandler),
                               (r"/token", TokenHandler), (r"/lineitems/course/scores", ScoresHandler)], lms=self)
        self._server = ThreadServer(app, self.port).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()


class _Registration(Registration):
    kid: str | None = None

    def get_kid(self):
        return self.kid or super().get_kid()


class _TornadoRequest(Request):
    def build_metadata(self, request):
        handler: web.RequestHandler = request
        return {"method": handler.request.method, "path": handler.request.path,
                "get_data": {k: handler.get_query_argument(k) for k in handler.request.query_arguments},
                "form_data": {k: handler.get_body_argument(k) for k in handler.request.body_arguments},
                "headers": dict(handler.request.headers), "content_type": handler.request.headers.get("Content-Type"),
                "json": None}


class _Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        fields = "".join(f'<input type="hidden" name="{name}" value="{html.escape(launch_data[name])}">'
                         for name in ("id_token", "state"))
        action = html.escape(launch_data["launch_url"])
        return (f'<!doctype html><html><body><form id="lti" method="post" action="{action}">{fields}</form>'
                f'<script>document.getElementById("lti").submit()</script></body></html>')


class _Handler(web.RequestHandler):
    @property
    def lms(self) -> StandInLMS:
        return self.settings["lms"]

    def check_xsrf_cookie(self):
        return


class LaunchHandler(_Handler):
    """The learner clicks the course in the LMS: to the tool's OIDC login initiation."""

    def get(self) -> None:
        login = _Login(_TornadoRequest(self), self.lms.platform())
        login.set_lti_message_hint(hint="resource-link-course")
        self.redirect(login.initiate_login(self.get_query_argument("user")))


class AuthHandler(_Handler):
    """The tool's authentication request: an id_token for the person in login_hint, posted back by a form."""

    def get(self) -> None:
        lms = self.lms
        tamper = lms.tamper
        platform = lms.platform(lms.other_private_key if tamper.get("bad_signature") else None)
        launch = _Launch(_TornadoRequest(self), platform)
        person = lms.people[self.get_query_argument("login_hint")]
        launch.set_user_data(tamper.get("sub", person.sub), person.roles, person.name or None, person.email or None)
        launch.set_resource_link_claim("resource-link-course", title="Mangfoldsrekruttering")
        launch.set_launch_context_claim("course-1", context_title="Mangfold 2026", context_label="MANGFOLD")
        launch.set_launch_presentation_claim(document_target="window")
        launch.set_extra_claims({PRESENTATION: {"document_target": "window", "locale": "nb-NO"}})
        if lms.ags:
            launch.set_ags(f"{lms.url}/lineitems", lms.lineitem, allow_creating_lineitems=False)
        if tamper.get("expired"):
            launch.set_id_token_expiration(-3600)
        self.write(launch.lti_launch())


class JwksHandler(_Handler):
    def get(self) -> None:
        self.write(json.dumps(self.lms.platform().get_jwks()))


class TokenHandler(_Handler):
    def post(self) -> None:
        self.lms.token_requests += 1
        data = {k: self.get_body_argument(k) for k in self.request.body_arguments}
        try:
            token = self.lms.platform().get_access_token(data)
        except Exception as error:  # lti1p3platform raises several kinds; the tool must see a 400
            self.set_status(400)
            self.write({"error": "invalid_client", "error_description": f"{type(error).__name__}: {error}"})
            return
        self.write(token)


class ScoresHandler(_Handler):
    def post(self) -> None:
        lms = self.lms
        lms.score_requests += 1
        if lms.fail_next:
            status = lms.fail_next.pop(0)
            self.set_status(status)
            if status == 429:
                self.set_header("Retry-After", "0")
            self.write("try again")
            return
        header = self.request.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        try:
            valid = lms.platform().validate_token(token, allowed_scopes=[SCORE_SCOPE])
        except Exception:
            valid = False
        if not valid:
            self.set_status(401)
            self.write("no valid token with the score scope")
            return
        if self.request.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
            self.set_status(415)
            return
        lms.scores.append({**json.loads(self.request.body), "received": time.time()})
        self.set_status(204)


def query(**values: str) -> str:
    return urlencode(values)
