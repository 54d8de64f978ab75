"""The grade service (mangfold.lti.service, mangfold.lti.ags) and `mangfold cohort lti-sync`, against the stand-in LMS.

The LMS is lti1p3platform behind tornado (tests/lti/platform.py): it reads the tool's key set from the
service, checks the client assertion, issues a token and records the scores. The hub is a stub of its REST
API (who owns a token, each user's groups and auth_state): the real hub is in tests/lti/test_launch_hub.py.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import jwt
import pytest

from mangfold.cohort import lti_sync
from mangfold.cohort.lti_sync import CourseScore, SyncError, language_of, post_scores, report
from mangfold.lti import service
from mangfold.lti.ags import AgsClient, AgsError, ToolKey, score_body, scores_url
from mangfold.lti.names import SAFE_VALUE
from tests.lti.platform import INSTRUCTOR_ROLE, LEARNER_ROLE, Person, StandInLMS
from tests.lti.servers import ThreadServer

TRAINER_TOKEN = "trainer-token"
LEARNER_TOKEN = "learner-token"


class StubHub(service.Hub):
    """The hub's answers: tokens to owners, users to models with groups and auth_state."""

    def __init__(self, settings, users: dict[str, dict], tokens: dict[str, str]):
        super().__init__(settings)
        self.users, self.tokens = users, tokens

    def caller(self, token):
        return {"name": self.tokens[token]} if token in self.tokens else None

    def user(self, name):
        return self.users.get(name)


def launch_state(lms: StandInLMS, sub: str, *, ags: bool = True, issuer: str | None = None) -> dict:
    scope = ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]
    return {"iss": issuer or lms.issuer, "sub": sub, "user_claim": "sub", "user_value": sub, "trainer": False,
            "ags": {"lineitem": lms.lineitem, "lineitems": f"{lms.url}/lineitems", "scope": scope} if ags else None}


@pytest.fixture
def lms():
    platform = StandInLMS(people={"anne": Person("sub-anne", [LEARNER_ROLE]),
                                  "kari": Person("sub-kari", [INSTRUCTOR_ROLE])}).start()
    yield platform
    platform.stop()


@pytest.fixture
def grade_service(lms):
    """The service's application on a port of its own, its key set registered with the LMS."""
    key = ToolKey.generate()
    settings = service.Settings(issuer=lms.issuer, client_id=lms.client_id, token_url=f"{lms.url}/token", key=key,
                                hub_api="http://hub.invalid/hub/api", service_token="service-token")
    users = {
        "lti-kari-x": {"name": "lti-kari-x", "groups": ["instructors"], "auth_state": None},
        "lti-anne-x": {"name": "lti-anne-x", "groups": [], "auth_state": launch_state(lms, "sub-anne")},
        "lti-bo-x": {"name": "lti-bo-x", "groups": [], "auth_state": launch_state(lms, "sub-bo", ags=False)},
        "lti-eve-x": {"name": "lti-eve-x", "groups": [],
                      "auth_state": launch_state(lms, "sub-eve", issuer="https://other.example.org")},
        "cato": {"name": "cato", "groups": [], "auth_state": None},  # on the hub, never launched by the LMS
    }
    hub = StubHub(settings, users, {TRAINER_TOKEN: "lti-kari-x", LEARNER_TOKEN: "lti-anne-x"})
    waits: list[float] = []
    client = AgsClient(key, lms.client_id, settings.token_url, sleep=waits.append)
    server = ThreadServer(service.make_app(settings, client, hub)).start()
    lms.tool_jwks_url = f"{server.url}/services/mangfold-lti/jwks.json"
    yield SimpleNamespace(url=server.url, key=key, client=client, waits=waits, settings=settings)
    server.stop()


def score(learner: str, given: float = 3, maximum: float = 4, completed: bool = True) -> CourseScore:
    return CourseScore(learner, given, maximum, 1 if completed else 0, 1, False, f"01-m: {given:g}/{maximum:g}")


def sync(grade_service, scores, token=TRAINER_TOKEN) -> list[dict]:
    return post_scores(f"{grade_service.url}{lti_sync.SERVICE_PATH}", token, scores)


# -- the key set and the client assertion ----------------------------------------------------------------
def test_the_service_serves_the_tool_key_set_and_it_verifies_the_client_assertion(grade_service, lms):
    import requests

    keys = requests.get(f"{grade_service.url}/services/mangfold-lti/jwks.json").json()
    (jwk,) = keys["keys"]
    assert jwk["kid"] == grade_service.key.kid and jwk["alg"] == "RS256" and jwk["use"] == "sig"
    assert "d" not in jwk and "p" not in jwk, "the private key stays in the service"
    assertion = grade_service.key.client_assertion(lms.client_id, f"{lms.url}/token")
    public = jwt.PyJWK(jwk).key
    claims = jwt.decode(assertion, public, algorithms=["RS256"], audience=f"{lms.url}/token")
    assert claims["iss"] == claims["sub"] == lms.client_id and claims["exp"] > claims["iat"] and claims["jti"]


def test_the_key_survives_a_round_trip_through_pem():
    key = ToolKey.generate()
    assert ToolKey.from_pem(key.pem()).kid == key.kid


def test_scores_go_to_the_line_items_scores_path_with_its_query_kept():
    assert scores_url("https://lms.example.org/ags/1?type_id=5") == "https://lms.example.org/ags/1/scores?type_id=5"
    assert scores_url("https://lms.example.org/ags/1/") == "https://lms.example.org/ags/1/scores"


def test_score_body_says_completed_and_fully_graded_only_when_done():
    done = score_body("s", 3, 4, True)
    assert (done["activityProgress"], done["gradingProgress"]) == ("Completed", "FullyGraded")
    begun = score_body("s", 1, 4, False)
    assert (begun["activityProgress"], begun["gradingProgress"]) == ("InProgress", "Pending")
    assert done["timestamp"].endswith("+00:00")


# -- posting ------------------------------------------------------------------------------------------------
def test_a_launched_learner_is_posted_with_a_client_credentials_token(grade_service, lms):
    (result,) = sync(grade_service, [score("lti-anne-x")])
    assert result["status"] == "posted" and result["attempts"] == 1, result
    (posted,) = lms.scores
    assert posted["userId"] == "sub-anne" and posted["scoreGiven"] == 3 and posted["scoreMaximum"] == 4
    assert posted["activityProgress"] == "Completed" and posted["gradingProgress"] == "FullyGraded"
    assert posted["comment"] == "01-m: 3/4"
    assert lms.token_requests == 1


def test_the_token_is_reused_for_the_next_learner(grade_service, lms):
    sync(grade_service, [score("lti-anne-x"), score("lti-anne-x", 4)])
    assert len(lms.scores) == 2 and lms.token_requests == 1


def test_never_posts_for_a_learner_the_lms_did_not_launch(grade_service, lms):
    results = sync(grade_service, [score("cato"), score("nobody"), score("lti-eve-x"), score("lti-bo-x")])
    assert [r["status"] for r in results] == ["not-launched", "not-launched", "not-launched", "no-grade-service"]
    assert lms.scores == [] and lms.score_requests == 0 and lms.token_requests == 0


def test_a_gradebook_id_that_is_tljhs_unix_name_finds_the_hub_user(grade_service, lms):
    (result,) = sync(grade_service, [score("jupyter-lti-anne-x")])
    assert result["status"] == "posted" and result["hub_user"] == "lti-anne-x"


@pytest.mark.parametrize("entry", [{"learner": "../etc", "score_given": 1, "score_maximum": 2},
                                   {"learner": "lti-anne-x", "score_given": 5, "score_maximum": 2},
                                   {"learner": "lti-anne-x", "score_given": "x", "score_maximum": 2},
                                   {"learner": "lti-anne-x"}, "not a mapping"])
def test_an_entry_that_is_not_a_score_is_reported_invalid(grade_service, lms, entry):
    import requests

    answer = requests.post(f"{grade_service.url}{lti_sync.SERVICE_PATH}", json={"scores": [entry]},
                           headers={"Authorization": f"token {TRAINER_TOKEN}"})
    assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "invalid" and lms.scores == []


def test_only_a_trainer_may_post(grade_service, lms):
    with pytest.raises(SyncError, match="HTTP 403"):
        sync(grade_service, [score("lti-anne-x")], token=LEARNER_TOKEN)
    with pytest.raises(SyncError, match="HTTP 401"):
        sync(grade_service, [score("lti-anne-x")], token="stolen")
    assert lms.scores == []


def test_503_and_429_are_tried_again_with_backoff(grade_service, lms):
    lms.fail_next = [503, 429, 502]
    (result,) = sync(grade_service, [score("lti-anne-x")])
    assert result["status"] == "posted" and result["attempts"] == 4
    assert grade_service.waits == [0.5, 1.0, 2.0]  # 429's Retry-After: 0 falls back to the backoff
    assert len(lms.scores) == 1


def test_a_platform_that_keeps_failing_is_reported_after_five_attempts(grade_service, lms):
    lms.fail_next = [503] * 5
    (result,) = sync(grade_service, [score("lti-anne-x")])
    assert result["status"] == "failed" and result["attempts"] == 5 and "503" in result["detail"]
    assert grade_service.waits == [0.5, 1.0, 2.0, 4.0] and lms.scores == []


def test_a_refused_token_is_not_tried_again(grade_service, lms):
    lms.tool_jwks_url = ""  # the LMS no longer knows the tool's key set
    lms.tamper["client_id"] = "someone-else"  # and the assertion's issuer is not its client
    (result,) = sync(grade_service, [score("lti-anne-x")])
    assert result["status"] == "failed" and result["attempts"] == 1 and "token" in result["detail"]
    assert grade_service.waits == []


def test_agsclient_raises_with_status_and_attempts(lms):
    client = AgsClient(ToolKey.generate(), lms.client_id, f"{lms.url}/nowhere", sleep=lambda _: None)
    with pytest.raises(AgsError) as failed:
        client.token()
    assert failed.value.status == 404 and failed.value.attempts == 1


# -- the command's report ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("environment", "language"), [
    ({"LANG": "nb_NO.UTF-8"}, "nb"), ({"LANG": "nn_NO.UTF-8"}, "nn"), ({"LANGUAGE": "no:en"}, "nb"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en")])
def test_the_report_language_comes_from_the_trainers_locale(environment, language):
    assert language_of(environment) == language


@pytest.mark.parametrize(("language", "posted", "skipped"), [
    ("en", "lti-anne-x: 3 of 4 posted to the LMS (1 attempt(s)). Completed.", "not launched from the LMS"),
    ("nb", "lti-anne-x: 3 av 4 sendt til LMS-et (1 forsøk). Fullført.", "ikke åpnet fra LMS-et"),
    ("nn", "lti-anne-x: 3 av 4 sendt til LMS-et (1 forsøk). Fullført.", "ikkje opna frå LMS-et"),
])
def test_the_report_has_a_line_per_learner_in_the_trainers_language(grade_service, lms, language, posted, skipped):
    scores = [score("lti-anne-x"), score("cato", 1, 4, completed=False)]
    lines = report(sync(grade_service, scores), scores, language)
    assert lines[0] == posted
    assert lines[1].startswith("cato: ") and len(lines) == 3
    assert skipped in lines[2] and lines[2].startswith("2 ")


def fake_gradebook(monkeypatch, submissions: dict[tuple[str, str], tuple[float, bool]], students, assignments):
    """nbgrader's Gradebook as lti_sync reads it: assignments with max_score, students, find_submission."""
    from nbgrader.api import MissingEntry

    class Book:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def find_submission(self, assignment, student):
            if (assignment, student) not in submissions:
                raise MissingEntry()
            given, manual = submissions[(assignment, student)]
            return SimpleNamespace(score=given, needs_manual_grade=manual)

    Book.assignments = [SimpleNamespace(name=name, max_score=maximum) for name, maximum in assignments.items()]
    Book.students = [SimpleNamespace(id=s) for s in students]
    monkeypatch.setattr(lti_sync, "open_gradebook", lambda config: Book())


def test_course_scores_add_up_the_released_modules_and_complete_only_when_all_are_graded(monkeypatch):
    fake_gradebook(monkeypatch, {("01-a", "anne"): (3, False), ("02-b", "anne"): (2, False),
                                 ("01-a", "bo"): (4, False), ("01-a", "cato"): (1, False), ("02-b", "cato"): (0, True)},
                   ["anne", "bo", "cato"], {"01-a": 4, "02-b": 2})
    anne, bo, cato = lti_sync.course_scores(SimpleNamespace())
    assert (anne.score_given, anne.score_maximum, anne.completed) == (5, 6, True)
    assert (bo.score_given, bo.score_maximum, bo.completed, bo.comment) == (4, 6, False, "01-a: 4/4; 02-b: -")
    assert cato.completed is False, "a module left to grade by hand is not complete"
    assert [s.learner for s in lti_sync.course_scores(SimpleNamespace(), ["bo"])] == ["bo"]


def test_lti_sync_end_to_end_from_gradebook_to_lms(monkeypatch, grade_service, lms, capsys):
    from mangfold import cli

    fake_gradebook(monkeypatch, {("01-a", "lti-anne-x"): (3, False)}, ["lti-anne-x", "cato"], {"01-a": 4})
    monkeypatch.setattr(cli, "_cohort", lambda args: SimpleNamespace())
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TRAINER_TOKEN)
    monkeypatch.setenv(lti_sync.SERVICE_URL_VARIABLE, grade_service.url)
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert cli.main(["cohort", "lti-sync"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cato: ikke sendt")  # the gradebook's order
    assert out[1] == "lti-anne-x: 3 av 4 sendt til LMS-et (1 forsøk). Fullført."
    assert [s["userId"] for s in lms.scores] == ["sub-anne"]


def test_lti_sync_without_a_service_or_token_says_so(monkeypatch, capsys):
    from mangfold import cli

    monkeypatch.setattr(cli, "_cohort", lambda args: SimpleNamespace())
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert cli.main(["cohort", "lti-sync", "--language", "en"]) == 2
    assert "JUPYTERHUB_API_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t")
    monkeypatch.delenv(lti_sync.SERVICE_URL_VARIABLE, raising=False)
    fake_gradebook(monkeypatch, {}, ["anne"], {"01-a": 4})
    assert cli.main(["cohort", "lti-sync", "--language", "nn"]) == 2
    assert "karaktertenesta" in capsys.readouterr().err


def test_learner_ids_the_service_accepts_are_the_cohorts_safe_ids():
    assert SAFE_VALUE.fullmatch("jupyter-lti-anne-abcdefghij")
    assert json.dumps(score("a").payload())
