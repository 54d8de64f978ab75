"""The hub user name of an LTI launch (mangfold.lti.names): stable, unique, safe, or refused; hostile claims."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mangfold.lti import names
from mangfold.lti.names import UnsafeClaim, hub_name, is_trainer, launch_record, name_from_claims

ISSUER = "https://lms.example.org"
#: what useradd accepts by default (Debian's NAME_REGEX) within 32 characters, after TLJH's prefix
UNIX_NAME = re.compile(r"[a-z][-a-z0-9]*")
SAFE = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+-", min_size=1,
               max_size=255).filter(lambda v: v[0] not in "-." and ".." not in v)
HOSTILE_PARTS = ["/", "\\", "..", " ", "\n", "\r", "\0", "$", "`", ";", "|", "&", "'", '"', "*", "?", "~", "(",
                 ")", "<", ">", "#", "!", "{", "}", "%", ":", "=", ",", "\t", "é", "ø", "\u202e", "\x1b[31m"]


def assert_valid(name: str) -> None:
    assert UNIX_NAME.fullmatch(name), name
    assert len(name) <= names.MAX_NAME
    assert len("jupyter-" + name) <= 32  # TLJH's Unix user
    assert name == name.lower()  # JupyterHub lower-cases names: the name must already be its own normal form


@given(SAFE)
def test_a_safe_value_gives_a_valid_hub_and_unix_name(value):
    assert_valid(hub_name(ISSUER, "sub", value))


@given(SAFE)
def test_the_name_is_stable(value):
    assert hub_name(ISSUER, "sub", value) == hub_name(ISSUER, "sub", value)


@settings(max_examples=300)
@given(SAFE, SAFE)
def test_different_values_give_different_names(a, b):
    if a != b:
        assert hub_name(ISSUER, "sub", a) != hub_name(ISSUER, "sub", b)


def test_values_that_differ_only_in_case_or_punctuation_get_different_names():
    found = {hub_name(ISSUER, "sub", v) for v in ["Anne", "anne", "an.ne", "an-ne", "anne+1", "anne@x.org"]}
    assert len(found) == 6


def test_the_same_sub_on_another_platform_is_another_person():
    assert hub_name(ISSUER, "sub", "42") != hub_name("https://other.example.org", "sub", "42")


def test_a_readable_part_is_kept_where_it_fits():
    name = hub_name(ISSUER, "email", "Anne.Hansen@example.org")
    assert name.startswith("lti-annehanse-") and len(name) == 24
    assert hub_name(ISSUER, "sub", "2").startswith("lti-2-")
    assert re.fullmatch(r"lti-[a-z2-7]{10}", hub_name(ISSUER, "sub", "@_")), "no letters: the hash alone"


@given(SAFE, st.sampled_from(HOSTILE_PARTS), st.integers(min_value=0, max_value=300))
def test_a_value_with_a_path_or_shell_character_is_refused(value, part, at):
    at = min(at, len(value))
    hostile = value[:at] + part + value[at:]
    with pytest.raises(UnsafeClaim) as refused:
        hub_name(ISSUER, "sub", hostile)
    message = str(refused.value)
    assert message.startswith("LTI launch refused: the user claim 'sub'")
    assert "\n" not in message and "\r" not in message and "\0" not in message and "\x1b" not in message
    assert message.isascii() and len(message) < 300


@given(st.text(max_size=300))
def test_any_text_is_either_a_valid_name_or_refused(value):
    try:
        name = hub_name(ISSUER, "sub", value)
    except UnsafeClaim as refused:
        assert "\n" not in str(refused)
    else:
        assert_valid(name)


@pytest.mark.parametrize("value", ["", None, 42, ["a"], {"a": 1}, "-rf", ".profile", "a..b", "x" * 256])
def test_missing_odd_or_option_like_values_are_refused(value):
    with pytest.raises(UnsafeClaim):
        hub_name(ISSUER, "sub", value)


@pytest.mark.parametrize("prefix", ["", "LTI-", "lti", "1a-", "toolong-", "a/b-", "a-b-"])
def test_a_bad_prefix_is_a_configuration_error(prefix):
    with pytest.raises(ValueError, match="prefix"):
        hub_name(ISSUER, "sub", "anne", prefix)


@given(SAFE, st.sampled_from(["lti-", "mf-", "a-", "kurs-", "abcde-"]))
def test_every_allowed_prefix_keeps_the_name_valid(value, prefix):
    name = hub_name(ISSUER, "sub", value, prefix)
    assert name.startswith(prefix)
    assert_valid(name)


def test_the_claim_is_read_at_top_level_or_in_the_custom_claim():
    claims = {"sub": "abc", "email": "anne@example.org", names.CUSTOM_CLAIM: {"uname": "anne1"}}
    assert name_from_claims(claims, ISSUER) == hub_name(ISSUER, "sub", "abc")
    assert name_from_claims(claims, ISSUER, "custom_uname") == hub_name(ISSUER, "custom_uname", "anne1")
    with pytest.raises(UnsafeClaim, match="missing"):
        name_from_claims(claims, ISSUER, "custom_missing")
    with pytest.raises(UnsafeClaim, match="missing"):
        name_from_claims({names.CUSTOM_CLAIM: "not a mapping"}, ISSUER, "custom_uname")


@given(st.dictionaries(st.text(max_size=80), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=12), max_size=12))
def test_hostile_claim_sets_give_a_name_or_a_refusal_never_another_error(claims):
    with contextlib.suppress(UnsafeClaim):
        assert_valid(name_from_claims(claims, ISSUER))
    record = launch_record(claims)
    assert isinstance(record["trainer"], bool) and isinstance(record["roles"], list)


def test_roles_decide_trainer_or_learner():
    member = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
    assert is_trainer({names.ROLES_CLAIM: [member + "Instructor"]})
    assert is_trainer({names.ROLES_CLAIM: ["Instructor"]})
    assert is_trainer({names.ROLES_CLAIM: [member + "Learner", member + "Administrator"]})
    assert not is_trainer({names.ROLES_CLAIM: [member + "Learner"]})
    assert not is_trainer({names.ROLES_CLAIM: [member + "Instructor#TeachingAssistant"]})
    assert not is_trainer({names.ROLES_CLAIM: "Instructor"})  # not a list: not trusted
    assert not is_trainer({})


def test_the_launch_record_keeps_the_grade_service_and_nothing_personal():
    ags = {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
           "lineitems": "https://lms.example.org/ags/lineitems", "lineitem": "https://lms.example.org/ags/lineitems/1"}
    claims = {"iss": ISSUER, "sub": "abc", "aud": ["tool"], "name": "Anne Hansen", "email": "anne@example.org",
              names.AGS_CLAIM: ags, names.DEPLOYMENT_CLAIM: "d1", names.CONTEXT_CLAIM: {"id": "c1"},
              names.RESOURCE_LINK_CLAIM: {"id": "r1"}, names.PRESENTATION_CLAIM: {"locale": "nb-NO"}}
    record = launch_record(claims)
    assert record["ags"] == ags and record["client_id"] == "tool" and record["locale"] == "nb-NO"
    assert record["context_id"] == "c1" and record["resource_link_id"] == "r1" and record["deployment_id"] == "d1"
    assert "Anne" not in repr(record) and "anne@" not in repr(record)
    assert launch_record({"sub": "abc"})["ags"] is None
