"""The LTI 1.3 settings under deploy/ (TLJH's mangfold_lti.py, z2jh's lti-values.yaml and Dockerfile.hub, setup.sh).

No hub runs here: the snippet is loaded as TLJH loads it (traitlets' loader, after mangfold.py) and as the z2jh
chart runs it (exec with the chart's ``c``), and the authenticator it defines is called with a verified
id_token's claims as ltiauthenticator's callback handler calls it. tests/lti/test_launch_hub.py runs a hub.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shlex
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jupyterhub.scopes import scope_definitions
from ltiauthenticator.lti13.auth import LTI13Authenticator
from ltiauthenticator.lti13.error import LoginError
from traitlets.config import Config, PyFileConfigLoader
from traitlets.config.loader import LazyConfigValue

from mangfold.lti import names
from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
SNIPPETS = DEPLOY / "tljh" / "jupyterhub_config.d"
LTI_SNIPPET = SNIPPETS / "mangfold_lti.py"
SETUP = DEPLOY / "tljh" / "setup.sh"
LTI_VALUES = DEPLOY / "z2jh" / "lti-values.yaml"
HUB_DOCKERFILE = DEPLOY / "z2jh" / "Dockerfile.hub"
ISSUER = "https://lms.example.org"
MEMBER = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
ENVIRONMENT = {
    "MANGFOLD_LTI_ISSUER": ISSUER, "MANGFOLD_LTI_CLIENT_ID": "tool-1", "JUPYTERHUB_CRYPT_KEY": "ab" * 32,
    "MANGFOLD_LTI_AUTHORIZE_URL": f"{ISSUER}/auth", "MANGFOLD_LTI_JWKS_URL": f"{ISSUER}/jwks",
    "MANGFOLD_LTI_TOKEN_URL": f"{ISSUER}/token",
}


def tljh_config(tmp_path: Path, monkeypatch, environment: dict | None = None, trainers: str = "kursholder\n") -> Config:
    """What TLJH's jupyterhub_config.py ends up with: every jupyterhub_config.d/*.py loaded in sorted order."""
    for name in [*ENVIRONMENT, "MANGFOLD_TRAINERS"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in (ENVIRONMENT if environment is None else environment).items():
        monkeypatch.setenv(name, value)
    (tmp_path / "trainers.txt").write_text(trainers, encoding="utf-8")
    monkeypatch.setenv("MANGFOLD_TRAINERS_FILE", str(tmp_path / "trainers.txt"))
    main = tmp_path / "jupyterhub_config.py"
    files = sorted(SNIPPETS.glob("*.py"))
    assert [f.name for f in files] == ["mangfold.py", "mangfold_lti.py"], "TLJH loads mangfold.py first"
    main.write_text("c = get_config()\nc.JupyterHub.services = [{'name': 'cull-idle'}]\n"
                    + "".join(f"load_subconfig({str(f)!r})\n" for f in files), encoding="utf-8")
    return PyFileConfigLoader(main.name, path=str(tmp_path)).load_config()


def resolved(value, initial=None):
    """A setting as the hub sees it: a ``.update()`` on an unset dict is a LazyConfigValue until then."""
    return value.get_value(initial or {}) if isinstance(value, LazyConfigValue) else value


def claims(sub: str = "8f14e45f-ceea-467f-a8f1-0123456789ab", roles: tuple[str, ...] = (MEMBER + "Learner",),
           **extra) -> dict:
    return {"iss": ISSUER, "sub": sub, "aud": "tool-1", names.ROLES_CLAIM: list(roles), "email": "anne@example.org",
            names.AGS_CLAIM: {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                              "lineitem": f"{ISSUER}/ags/1", "lineitems": f"{ISSUER}/ags"}, **extra}


class FakeHandler:
    """ltiauthenticator's callback handler as authenticate() uses it: find_user, the user's auth_state."""

    def __init__(self, users: dict[str, dict] | None = None):
        self.users = users or {}

    def find_user(self, name):
        if name not in self.users:
            return None
        state = self.users[name]

        async def get_auth_state():
            return state

        return SimpleNamespace(name=name, get_auth_state=get_auth_state)


def authenticator(config: Config):
    cls = config.JupyterHub.authenticator_class
    return cls(config=config)


# -- TLJH ----------------------------------------------------------------------------------------------------
def test_without_an_issuer_the_snippet_changes_nothing(tmp_path, monkeypatch):
    config = tljh_config(tmp_path, monkeypatch, environment={})
    assert "authenticator_class" not in config.JupyterHub
    assert config.JupyterHub.load_groups == {"instructors": {"users": ["kursholder"]}}, "mangfold.py's trainers"
    assert config.JupyterHub.services == [{"name": "cull-idle"}]


def test_the_snippet_configures_ltiauthenticator_from_the_environment(tmp_path, monkeypatch):
    config = tljh_config(tmp_path, monkeypatch)
    assert issubclass(config.JupyterHub.authenticator_class, LTI13Authenticator)
    lti = config.LTI13Authenticator
    assert (lti.issuer, lti.client_id, lti.authorize_url, lti.jwks_endpoint) == (
        ISSUER, {"tool-1"}, f"{ISSUER}/auth", f"{ISSUER}/jwks")
    assert lti.username_key == "sub"
    assert config.Authenticator.enable_auth_state is True and config.Authenticator.manage_groups is True
    assert config.Authenticator.allow_all is True
    assert config.JupyterHub.load_groups == {}, "JupyterHub refuses load_groups when the authenticator manages groups"
    cookies = resolved(config.JupyterHub.tornado_settings)["cookie_options"]
    assert cookies == {"samesite": "None", "secure": True}, "the LMS's cross-site form post brings the state cookie"
    # mangfold.py's settings stay: the course home for learners, the trainers' role on the group
    assert config.Spawner.pre_spawn_hook.__name__ == "mangfold_pre_spawn_hook"
    assert config.Spawner.default_url == "/voila/render/notebooks/home.ipynb"


def test_every_setting_is_a_trait_of_its_class(tmp_path, monkeypatch):
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import Spawner

    config = tljh_config(tmp_path, monkeypatch)
    classes = {"JupyterHub": JupyterHub, "Authenticator": Authenticator, "LTI13Authenticator": LTI13Authenticator,
               "Spawner": Spawner}
    for section, cls in classes.items():
        for name in config[section]:
            assert cls.class_traits(config=True).get(name) is not None, f"{section}.{name} is not a setting"


def test_the_grade_service_is_a_managed_service_with_only_the_scopes_it_needs(tmp_path, monkeypatch):
    config = tljh_config(tmp_path, monkeypatch)
    services = {s["name"]: s for s in config.JupyterHub.services}
    assert set(services) == {"cull-idle", "mangfold-lti"}, "TLJH's own services stay"
    lti = services["mangfold-lti"]
    assert lti["url"] == "http://127.0.0.1:10101"
    assert lti["command"][1:] == ["-m", "mangfold.lti.service"]
    assert lti["environment"]["PYTHONPATH"] == "/opt/mangfold/widgets"
    assert lti["environment"]["MANGFOLD_LTI_TOKEN_URL"] == f"{ISSUER}/token"
    assert lti["environment"]["MANGFOLD_LTI_KEY_FILE"] == str(tmp_path / "mangfold-lti-key.pem")
    assert lti["environment"]["MANGFOLD_UNIX_PREFIX"] == "jupyter-"
    assert "JUPYTERHUB_CRYPT_KEY" not in lti["environment"]
    (role,) = [r for r in config.JupyterHub.load_roles if r["name"] == "mangfold-lti-service"]
    assert role["services"] == ["mangfold-lti"]
    assert all(scope in scope_definitions for scope in role["scopes"])
    forbidden = ("access:", "admin:users", "admin:servers", "servers", "tokens")
    assert not any(scope.startswith(forbidden) for scope in role["scopes"])
    assert resolved(config.Spawner.environment) == {"MANGFOLD_LTI_SERVICE_URL": "http://127.0.0.1:10101"}


@pytest.mark.parametrize("missing", ["MANGFOLD_LTI_CLIENT_ID", "MANGFOLD_LTI_AUTHORIZE_URL", "MANGFOLD_LTI_JWKS_URL",
                                     "MANGFOLD_LTI_TOKEN_URL", "JUPYTERHUB_CRYPT_KEY"])
def test_a_missing_setting_stops_the_hub_naming_it(tmp_path, monkeypatch, missing):
    environment = {k: v for k, v in ENVIRONMENT.items() if k != missing}
    with pytest.raises(RuntimeError, match=missing):
        tljh_config(tmp_path, monkeypatch, environment)


def test_a_bad_name_prefix_stops_the_hub(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="prefix"):
        tljh_config(tmp_path, monkeypatch, {**ENVIRONMENT, "MANGFOLD_LTI_NAME_PREFIX": "../"})


# -- the authenticator -----------------------------------------------------------------------------------------
def test_a_learner_gets_the_mapped_name_no_group_and_the_launch_in_auth_state(tmp_path, monkeypatch):
    auth = authenticator(tljh_config(tmp_path, monkeypatch))
    model = asyncio.run(auth.authenticate(FakeHandler(), claims()))
    assert model["name"] == names.hub_name(ISSUER, "sub", claims()["sub"])
    assert model["groups"] == []
    assert model["auth_state"]["ags"]["lineitem"] == f"{ISSUER}/ags/1"
    assert model["auth_state"]["sub"] == claims()["sub"] and "anne@" not in repr(model["auth_state"])


def test_an_instructor_is_a_trainer(tmp_path, monkeypatch):
    auth = authenticator(tljh_config(tmp_path, monkeypatch))
    model = asyncio.run(auth.authenticate(FakeHandler(), claims("kari-1", (MEMBER + "Instructor",))))
    assert model["groups"] == ["instructors"] and model["auth_state"]["trainer"] is True


def test_a_name_in_the_trainers_file_is_a_trainer_whatever_the_lms_says(tmp_path, monkeypatch):
    name = names.hub_name(ISSUER, "sub", "per-2")
    auth = authenticator(tljh_config(tmp_path, monkeypatch, trainers=f"{name}\n"))
    assert asyncio.run(auth.authenticate(FakeHandler(), claims("per-2")))["groups"] == ["instructors"]


@pytest.mark.parametrize("sub", ["../../root", "a/b", "$(reboot)", "a;rm -rf ~", "line\nINFO forged", "-n", "ø"])
def test_a_hostile_user_claim_is_refused_with_one_clear_log_line(tmp_path, monkeypatch, caplog, sub):
    auth = authenticator(tljh_config(tmp_path, monkeypatch))
    with caplog.at_level(logging.WARNING), pytest.raises(LoginError, match="LTI launch refused"):
        asyncio.run(auth.authenticate(FakeHandler(), claims(sub)))
    (line,) = [r.getMessage() for r in caplog.records if "LTI launch refused" in r.getMessage()]
    assert "\n" not in line and line.isascii() and "'sub'" in line


def test_a_name_held_by_another_platform_user_is_refused(tmp_path, monkeypatch, caplog):
    auth = authenticator(tljh_config(tmp_path, monkeypatch))
    name = names.hub_name(ISSUER, "sub", "anne-1")
    other = FakeHandler({name: {"iss": "https://other.example.org", "user_value": "anne-1"}})
    with pytest.raises(LoginError, match="belongs to another platform user"):
        asyncio.run(auth.authenticate(other, claims("anne-1")))
    same = FakeHandler({name: {"iss": ISSUER, "user_value": "anne-1"}})
    assert asyncio.run(auth.authenticate(same, claims("anne-1")))["name"] == name
    new = FakeHandler({name: None})  # made by the trainers file, never launched
    assert asyncio.run(auth.authenticate(new, claims("anne-1")))["name"] == name


def test_the_user_claim_and_prefix_can_be_chosen(tmp_path, monkeypatch):
    environment = {**ENVIRONMENT, "MANGFOLD_LTI_USER_CLAIM": "custom_uname", "MANGFOLD_LTI_NAME_PREFIX": "mf-"}
    auth = authenticator(tljh_config(tmp_path, monkeypatch, environment))
    model = asyncio.run(auth.authenticate(FakeHandler(), claims(**{names.CUSTOM_CLAIM: {"uname": "anne"}})))
    assert model["name"] == names.hub_name(ISSUER, "custom_uname", "anne", "mf-")
    assert model["name"].startswith("mf-anne-")


# -- setup.sh ----------------------------------------------------------------------------------------------------
def lti_block() -> str:
    text = SETUP.read_text(encoding="utf-8")
    start = text.index('if [ -n "${MANGFOLD_LTI_ISSUER:-}" ]; then')
    return text[start:text.index("\nfi\n", start)]


def test_setup_sets_up_lti_only_with_an_issuer_and_installs_the_snippet_beside_mangfold_py():
    block = lti_block()
    assert '"${src}/deploy/tljh/jupyterhub_config.d/mangfold_lti.py"' in block
    assert '"${hub_config}/jupyterhub_config.d/mangfold_lti.py"' in block
    assert '"${hub_env}/bin/pip" install' in block and "jupyterhub-ltiauthenticator" in block
    for name in ("CLIENT_ID", "AUTHORIZE_URL", "JWKS_URL", "TOKEN_URL"):
        assert f'"${{MANGFOLD_LTI_{name}:?' in block


def test_setup_keeps_the_key_and_the_env_file_root_only_and_reuses_the_encryption_key():
    block = lti_block()
    assert "umask 077 && openssl genpkey -algorithm RSA" in block and 'chmod 600 "${lti_key}"' in block
    assert "sed -n 's/^JUPYTERHUB_CRYPT_KEY=//p'" in block, "a second run keeps the key auth_state is encrypted with"
    assert re.search(r"\(\n\s+umask 077\n", block), "the env file is written closed"
    assert "EnvironmentFile=" in block and "systemctl daemon-reload" in block
    written = set(re.findall(r'echo "([A-Z_]+)=', block))
    needed = set(ENVIRONMENT) | {"MANGFOLD_LTI_KEY_FILE", "MANGFOLD_WIDGETS", "MANGFOLD_LTI_USER_CLAIM"}
    assert written == needed
    assert SETUP.read_text(encoding="utf-8").index(lti_block()) < SETUP.read_text(encoding="utf-8").index(
        'tljh-config reload hub'), "the hub restarts after the LTI settings are written"


# -- z2jh --------------------------------------------------------------------------------------------------------
#: the chart's values.schema.yaml (jupyterhub/zero-to-jupyterhub-k8s, chart 4.x): hub.image {name, tag},
#: hub.extraEnv (object, any content), hub.service.extraPorts, hub.networkPolicy.ingress are declared properties
LTI_VALUE_KEYS = {"hub", "hub.image", "hub.image.name", "hub.image.tag", "hub.extraEnv", "hub.service",
                  "hub.service.extraPorts", "hub.networkPolicy", "hub.networkPolicy.ingress"}


def key_paths(data, prefix=""):
    for key, value in data.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, dict) and path not in ("hub.extraEnv",):
            yield from key_paths(value, path + ".")


def test_lti_values_use_only_keys_the_chart_accepts_and_every_setting_the_snippet_needs():
    values = yaml.safe_load(LTI_VALUES.read_text(encoding="utf-8"))
    assert set(key_paths(values)) == LTI_VALUE_KEYS
    env = values["hub"]["extraEnv"]
    assert set(ENVIRONMENT) - set(env) == {"JUPYTERHUB_CRYPT_KEY"}, "the chart keeps CryptKeeper.keys itself"
    assert env["MANGFOLD_LTI_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "mangfold-lti", "key": "tool-key"}
    assert env["MANGFOLD_UNIX_PREFIX"] == "", "every pod runs as jovyan: nbgrader's student id is the hub name"
    port = int(env["MANGFOLD_LTI_SERVICE_URL"].rsplit(":", 1)[1])
    assert values["hub"]["service"]["extraPorts"][0]["targetPort"] == port
    assert values["hub"]["networkPolicy"]["ingress"][0]["ports"] == [{"port": port}]


def test_the_hub_image_copies_the_snippet_where_the_chart_runs_it_and_the_package_it_imports():
    lines = [line for line in HUB_DOCKERFILE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    copies = [shlex.split(line)[1:] for line in lines if line.startswith("COPY ")]
    for source, _target in copies:
        assert (REPO_ROOT / source).exists(), source
    targets = dict(copies)
    assert targets["deploy/tljh/jupyterhub_config.d/mangfold_lti.py"].startswith(
        "/usr/local/etc/jupyterhub/jupyterhub_config.d/")
    assert "ENV MANGFOLD_WIDGETS=/srv/mangfold/widgets" in lines
    assert targets["widgets/mangfold/lti"] == "/srv/mangfold/widgets/mangfold/lti"


def test_the_chart_runs_the_snippet_with_its_own_encryption_keys_and_trainers(tmp_path, monkeypatch):
    values = yaml.safe_load(LTI_VALUES.read_text(encoding="utf-8"))["hub"]["extraEnv"]
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        if isinstance(value, str):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("MANGFOLD_LTI_KEY", "-----BEGIN PRIVATE KEY-----\n...")
    monkeypatch.setenv("MANGFOLD_TRAINERS", "kursholder")
    config = Config()
    config.CryptKeeper.keys = ["chart-managed"]
    config.JupyterHub.load_groups = {"instructors": {"users": ["kursholder"]}}  # values.yaml's hub.config
    config.JupyterHub.services = []
    config.JupyterHub.load_roles = []
    config.KubeSpawner.environment = {"LANG": "nb_NO.UTF-8"}  # singleuser.extraEnv
    code = LTI_SNIPPET.read_text(encoding="utf-8")
    chart_file = str(tmp_path / "jupyterhub_config.py")  # the chart's exec(): __file__ is its jupyterhub_config.py
    exec(compile(code, "mangfold_lti.py", "exec"), {"c": config, "get_config": lambda: config, "__file__": chart_file})
    assert config.JupyterHub.load_groups == {}
    (service,) = config.JupyterHub.services
    assert service["url"] == "http://hub:10101" and service["environment"]["MANGFOLD_LTI_SERVICE_BIND"] == "0.0.0.0"
    assert service["environment"]["MANGFOLD_LTI_KEY"].startswith("-----BEGIN")
    assert "MANGFOLD_LTI_KEY_FILE" not in service["environment"]
    assert config.KubeSpawner.environment == {"LANG": "nb_NO.UTF-8", "MANGFOLD_LTI_SERVICE_URL": "http://hub:10101"}
    auth = config.JupyterHub.authenticator_class(config=config)
    model = asyncio.run(auth.authenticate(FakeHandler(), claims("kursholder-sub")))
    assert model["groups"] == []
    monkeypatch.setenv("MANGFOLD_TRAINERS", model["name"])
    assert asyncio.run(auth.authenticate(FakeHandler(), claims("kursholder-sub")))["groups"] == ["instructors"]
