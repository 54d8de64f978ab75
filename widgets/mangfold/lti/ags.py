"""The tool's key and the LMS's Assignment and Grade Services (AGS 2.0), with a client-credentials token.

The grade service (:mod:`mangfold.lti.service`) holds the tool's private key. It publishes the public half
as a JSON Web Key Set, which the LMS reads to check the tool's signature; to post a score it signs a
client assertion (RFC 7523: ``iss`` = ``sub`` = the client id, ``aud`` = the LMS's token URL), exchanges it
at the token URL for a bearer token with the ``score`` scope (IMS Security Framework 1.0, 4.1), and posts
an ``application/vnd.ims.lis.v1.score+json`` to ``<line item>/scores``.

A 429 or 5xx answer, or no answer, is tried again with exponential backoff (``Retry-After`` is honoured,
up to :data:`MAX_WAIT`); anything else is final. Needs PyJWT with cryptography and requests (the ``lti``
extra; the hub's environment has them with jupyterhub-ltiauthenticator).
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#: tries of one request (the first and four more), and the longest wait between two
ATTEMPTS = 5
FIRST_WAIT = 0.5
MAX_WAIT = 30.0
#: a request that hangs is a failed attempt, not a hung command
REQUEST_TIMEOUT = 30


class AgsError(RuntimeError):
    """The LMS refused (4xx) or never answered after every attempt; ``status`` is its last HTTP status or 0."""

    def __init__(self, message: str, status: int = 0, attempts: int = 1):
        super().__init__(message)
        self.status = status
        self.attempts = attempts


@dataclass(frozen=True)
class ToolKey:
    """The tool's RSA key: signs client assertions; its public half is the tool's key set."""

    private_key: rsa.RSAPrivateKey

    @classmethod
    def from_pem(cls, pem: str | bytes) -> ToolKey:
        key = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the tool's key must be an RSA private key (RS256)")
        return cls(key)

    @classmethod
    def generate(cls) -> ToolKey:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def pem(self) -> str:
        return self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()).decode("ascii")

    @property
    def kid(self) -> str:
        """A key id derived from the public key: the same key always has the same id."""
        der = self.private_key.public_key().public_bytes(serialization.Encoding.DER,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode("ascii").rstrip("=")[:22]

    def jwks(self) -> dict:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def client_assertion(self, client_id: str, token_url: str, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {"iss": client_id, "sub": client_id, "aud": token_url, "iat": issued, "exp": issued + 300,
                  "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})


def scores_url(lineitem: str) -> str:
    """``<line item>/scores``, the line item's query kept (AGS 2.0, 3.4)."""
    parts = urlsplit(lineitem)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def score_body(user_id: str, score_given: float, score_maximum: float, completed: bool, comment: str = "",
               when: datetime | None = None) -> dict:
    """The score of one learner: ``Completed`` and ``FullyGraded`` once every module is autograded."""
    stamp = (when or datetime.now(UTC)).isoformat(timespec="milliseconds")
    body = {"userId": user_id, "scoreGiven": round(float(score_given), 4), "scoreMaximum": float(score_maximum),
            "activityProgress": "Completed" if completed else "InProgress",
            "gradingProgress": "FullyGraded" if completed else "Pending", "timestamp": stamp}
    if comment:
        body["comment"] = comment
    return body


def _retry_after(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return min(float(value), MAX_WAIT) if value is not None else None
    except ValueError:
        return None


@dataclass
class AgsClient:
    """Posts scores for one tool registration (``client_id`` at ``token_url``)."""

    key: ToolKey
    client_id: str
    token_url: str
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    _token: tuple[str, float] | None = None

    def _send(self, what: str, method: str, url: str, **kwargs) -> tuple[requests.Response, int]:
        """The answer and the number of attempts; retries 429, 5xx and network errors with backoff."""
        wait = FIRST_WAIT
        last = ""
        status = 0
        for attempt in range(1, ATTEMPTS + 1):
            response = None
            try:
                response = self.session.request(method, url, timeout=REQUEST_TIMEOUT, **kwargs)
            except requests.RequestException as error:
                last, status = f"{type(error).__name__}: {error}", 0
            else:
                if response.status_code < 400:
                    return response, attempt
                status, last = response.status_code, response.text[:300]
                if response.status_code != 429 and response.status_code < 500:
                    raise AgsError(f"{what}: HTTP {status}: {last}", status, attempt)
            if attempt < ATTEMPTS:
                self.sleep(_retry_after(response) or wait)
                wait = min(wait * 2, MAX_WAIT)
        raise AgsError(f"{what}: no success after {ATTEMPTS} attempts: HTTP {status or '-'} {last}", status,
                       ATTEMPTS)

    def token(self) -> str:
        """A bearer token with the ``score`` scope, reused until a minute before it expires."""
        if self._token and self._token[1] > self.clock() + 60:
            return self._token[0]
        form = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.key.client_assertion(self.client_id, self.token_url, self.clock()),
                "scope": SCORE_SCOPE}
        response, _ = self._send("token", "POST", self.token_url, data=form)
        answer = response.json()
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise AgsError("token: the answer has no access_token", response.status_code)
        self._token = (answer["access_token"], self.clock() + float(answer.get("expires_in", 3600)))
        return self._token[0]

    def post_score(self, lineitem: str, body: dict) -> int:
        """Post ``body`` (:func:`score_body`) to the line item; the number of attempts it took."""
        headers = {"Authorization": f"Bearer {self.token()}", "Content-Type": SCORE_TYPE}
        _, attempts = self._send("score", "POST", scores_url(lineitem), json=body, headers=headers)
        return attempts
