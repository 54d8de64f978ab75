"""The hub user name of an LTI 1.3 launch: stable, unique and safe, or refused.

Pure and standard library only: the hub's configuration (deploy/tljh/jupyterhub_config.d/mangfold_lti.py
and the z2jh values) imports it in the hub's own environment, where the course is not installed.

- **Stable**: the name depends only on the platform (``iss``) and the value of one claim (``sub`` by
  default: the LMS's permanent, opaque id of the person; an e-mail address can change, ``sub`` cannot).
- **Unique**: the name ends in 10 base32 characters (50 bits) of a SHA-256 of the issuer, the claim's key
  and its exact value, so values that differ only in case or punctuation still get different names; the
  hub also refuses a launch whose name is held by another platform user (``deploy`` snippet).
- **Safe**: a value with anything outside letters, digits and ``. _ @ + -`` (a slash, a backslash, ``..``,
  a space, quotes, ``$``, ``;``, a control or non-ASCII character), or one that begins with ``-`` or ``.``,
  is refused: :class:`UnsafeClaim`, whose message is one log line that shows the value escaped. The name
  itself is made only of ``a-z``, ``0-9`` and ``-``, begins with a letter and has at most 24 characters, so
  it is a valid hub name, nbgrader student id and Unix name even where TLJH prefixes ``jupyter-`` (32 is
  useradd's limit).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping

#: hub names of LMS learners begin with this (a deployment may choose another, see :func:`check_prefix`)
PREFIX = "lti-"
#: TLJH's Unix name is ``jupyter-<hub name>``; useradd accepts 32 characters
MAX_NAME = 24
HASH_CHARS = 10
#: what a claim's value may hold; the LTI spec limits ``sub`` to 255 ASCII characters
SAFE_VALUE = re.compile(r"[A-Za-z0-9._@+-]{1,255}")
SAFE_PREFIX = re.compile(r"[a-z][a-z0-9]{0,4}-")
#: the name of a launch: prefix, an optional readable part, the hash
NAME = re.compile(r"[a-z][a-z0-9-]{0,23}")

CUSTOM_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/custom"
ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
CONTEXT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/context"
RESOURCE_LINK_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/resource_link"
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
PRESENTATION_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
#: LTI context roles that make a trainer (JupyterLab, formgrader, the gradebook); everyone else is a learner.
#: A teaching assistant (``Instructor#TeachingAssistant``) is not: trainers can read learners' hand-ins.
TRAINER_ROLES = frozenset({
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
    "Instructor",  # the simple names LTI 1.3 still accepts for context roles
    "Administrator",
})


class UnsafeClaim(ValueError):
    """A launch whose user claim cannot be a user name; the message is a single, escaped log line."""


def _shown(value: object) -> str:
    """The value as one safe line for a log: escaped (no newline can forge a log line), at most 80 characters."""
    text = ascii(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not SAFE_PREFIX.fullmatch(prefix):
        raise ValueError(f"an LTI name prefix is a lower-case letter, up to 4 letters or digits and '-': {prefix!r}")
    return prefix


def check_value(key: str, value: object) -> str:
    """``value`` if it may be turned into a user name; :class:`UnsafeClaim` naming the claim otherwise."""
    if not isinstance(value, str) or not value:
        raise UnsafeClaim(f"LTI launch refused: the user claim {_shown(key)} is missing or not text: {_shown(value)}")
    if not SAFE_VALUE.fullmatch(value):
        bad = "".join(sorted({ch for ch in value if not SAFE_VALUE.fullmatch(ch)}))
        if not bad:
            raise UnsafeClaim(f"LTI launch refused: the user claim {_shown(key)} has more than 255 characters: "
                              f"{_shown(value)}")
        raise UnsafeClaim(f"LTI launch refused: the user claim {_shown(key)} has characters not allowed in a user "
                          f"name {_shown(bad)}: {_shown(value)}")
    if value[0] in "-." or ".." in value:
        raise UnsafeClaim(f"LTI launch refused: the user claim {_shown(key)} looks like a path or an option: "
                          f"{_shown(value)}")
    return value


def digest(issuer: str, key: str, value: str) -> str:
    raw = hashlib.sha256(f"{issuer}\n{key}\n{value}".encode()).digest()
    return base64.b32encode(raw).decode("ascii").lower()[:HASH_CHARS]


def hub_name(issuer: str, key: str, value: object, prefix: str = PREFIX) -> str:
    """The hub user name for the person whose claim ``key`` is ``value`` on the platform ``issuer``.

    ``lti-anne-<10 characters>``: the readable part is the value's letters and digits (before an ``@``), cut
    to fit; the hash makes it unique. Raises :class:`UnsafeClaim` for a value that is not safe.
    """
    check_prefix(prefix)
    check_value(key, value)
    assert isinstance(value, str)
    room = MAX_NAME - len(prefix) - 1 - HASH_CHARS
    readable = re.sub(r"[^a-z0-9]", "", value.split("@", 1)[0].lower())[:room]
    return f"{prefix}{readable}-{digest(issuer, key, value)}" if readable else f"{prefix}{digest(issuer, key, value)}"


def claim_value(claims: Mapping, key: str) -> object:
    """The user claim ``key``: top level, or ``custom_<name>`` in the custom claim (as ltiauthenticator reads it)."""
    if key.startswith("custom_"):
        custom = claims.get(CUSTOM_CLAIM)
        return custom.get(key[len("custom_"):]) if isinstance(custom, Mapping) else None
    return claims.get(key)


def name_from_claims(claims: Mapping, issuer: str, key: str = "sub", prefix: str = PREFIX) -> str:
    """The hub name of a verified id_token's claims (the authenticator has checked signature, issuer and nonce)."""
    return hub_name(issuer, key, claim_value(claims, key), prefix)


def roles(claims: Mapping) -> list[str]:
    found = claims.get(ROLES_CLAIM)
    return [role for role in found if isinstance(role, str)] if isinstance(found, list) else []


def is_trainer(claims: Mapping) -> bool:
    """True when the LMS says this person teaches the course (see :data:`TRAINER_ROLES`)."""
    return any(role in TRAINER_ROLES for role in roles(claims))


def launch_record(claims: Mapping, key: str = "sub") -> dict:
    """What the hub keeps of a launch in the user's encrypted auth_state: who, where, and the grade service.

    Nothing more: no name, no e-mail (the LMS has them; the course does not need them). ``ags`` is the
    Assignment and Grade Services claim (``lineitems``, ``lineitem`` and ``scope``), absent when the LMS
    offers no grades; then nothing is ever posted for this person.
    """
    context = claims.get(CONTEXT_CLAIM) if isinstance(claims.get(CONTEXT_CLAIM), Mapping) else {}
    link = claims.get(RESOURCE_LINK_CLAIM) if isinstance(claims.get(RESOURCE_LINK_CLAIM), Mapping) else {}
    presentation = claims.get(PRESENTATION_CLAIM) if isinstance(claims.get(PRESENTATION_CLAIM), Mapping) else {}
    ags = claims.get(AGS_CLAIM)
    audience = claims.get("aud")
    return {
        "iss": claims.get("iss"),
        "sub": claims.get("sub"),
        "user_claim": key,
        "user_value": claim_value(claims, key),
        "client_id": claims.get("azp") or (audience[0] if isinstance(audience, list) and audience else audience),
        "deployment_id": claims.get(DEPLOYMENT_CLAIM),
        "context_id": context.get("id"),
        "resource_link_id": link.get("id"),
        "roles": roles(claims),
        "trainer": is_trainer(claims),
        "locale": presentation.get("locale"),
        "ags": dict(ags) if isinstance(ags, Mapping) else None,
    }
