"""The deployment files under deploy/ and the guides that explain them.

No hub or cluster runs here: every YAML file is parsed, the values for the z2jh chart are checked
against the keys the chart accepts, every Python config is executed the way JupyterHub and nbgrader
execute it (traitlets' loader, with ``c`` and ``get_config``) and its settings compared with the
course package, the shell scripts pass ``bash -n`` (and the learner's start script really runs), and
the guides are held to the files and commands that exist.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config, PyFileConfigLoader

from mangfold import __version__
from mangfold.cohort.config import DB_URL_VARIABLE, DEFAULT_COURSE_ID, IGNORED
from mangfold.cohort.private_exchange import (
    COLLECT_CLASS,
    RELEASE_FEEDBACK_CLASS,
    SUBMIT_CLASS,
    PrivateExchangeCollect,
    PrivateExchangeReleaseFeedback,
    PrivateExchangeSubmit,
)
from mangfold.course import MODULE_IDS
from mangfold.serving import KERNEL_CULLING, start_path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCS = ROOT / "docs"
GUIDES = [DOCS / "trainer-guide.md", DOCS / "deploy-tljh.md", DOCS / "deploy-z2jh.md", DOCS / "lms.md"]
VALUES = DEPLOY / "z2jh" / "values.yaml"
SETUP = DEPLOY / "tljh" / "setup.sh"
HUB_SNIPPET = DEPLOY / "tljh" / "jupyterhub_config.d" / "mangfold.py"
LEARNER_START = DEPLOY / "mangfold-learner-start.sh"
PINNED_REF = DEPLOY / "tljh" / "pinned-ref.sh"
PRIVATE_USER = DEPLOY / "tljh" / "private-user.sh"
MODE_VARIABLE = "MANGFOLD_MODE"
EXCHANGE_ROOT = "/srv/nbgrader/exchange"
COURSE_HOME_URL = "/" + start_path()
CULLING_ARGS = [f"--MappingKernelManager.{name}={value}" for name, value in KERNEL_CULLING.items()]
FORMGRADER_ARG = "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True"

# Keys of the z2jh chart's values that deploy/z2jh/values.yaml may use, read from
# jupyterhub/zero-to-jupyterhub-k8s, jupyterhub/values.schema.yaml (main at 48ea50e, chart 4.x):
# `hub`, `singleuser`, `cull` and the listed children are declared properties of objects with
# `additionalProperties: false`, so a misspelt key fails `helm install`. Below the OPEN paths the
# schema takes any content: hub.config's "^[A-Z].*$" patternProperties (traitlets classes),
# hub.loadRoles / hub.extraConfig (additionalProperties: true), lifecycleHooks.postStart
# (additionalProperties: true), and extraVolumes / extraVolumeMounts (Kubernetes objects).
Z2JH_KEYS = {
    "hub", "hub.config", "hub.loadRoles", "hub.extraConfig", "hub.db", "hub.db.type", "hub.db.url",
    "singleuser", "singleuser.image", "singleuser.image.name", "singleuser.image.tag",
    "singleuser.image.pullPolicy", "singleuser.defaultUrl", "singleuser.cmd", "singleuser.extraEnv",
    "singleuser.lifecycleHooks", "singleuser.lifecycleHooks.postStart", "singleuser.lifecycleHooks.preStop",
    "singleuser.storage", "singleuser.storage.extraVolumes", "singleuser.storage.extraVolumeMounts",
    "singleuser.storage.capacity", "singleuser.memory", "singleuser.memory.guarantee", "singleuser.memory.limit",
    "cull", "cull.enabled", "cull.timeout", "cull.every", "cull.maxAge", "cull.users", "cull.concurrency",
}
Z2JH_OPEN = (
    re.compile(r"^hub\.config\.[A-Z][A-Za-z0-9]*(\..+)?$"),
    re.compile(r"^hub\.(loadRoles|extraConfig)\..+$"),
    re.compile(r"^singleuser\.lifecycleHooks\.(postStart|preStop)\..+$"),
    re.compile(r"^singleuser\.extraEnv\..+$"),
)


def load_yaml(path: Path) -> list:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def values() -> dict:
    return load_yaml(VALUES)[0]


def key_paths(node: dict, prefix: str = ""):
    """Every key path of nested mappings (lists are Kubernetes objects: not descended into)."""
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        yield path
        if isinstance(value, dict):
            yield from key_paths(value, path)


def load_py_config(path: Path) -> Config:
    """Execute a config file as JupyterHub and nbgrader do (traitlets' loader: ``c``, ``get_config``)."""
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def exec_extra_config(code: str) -> Config:
    """Run a hub.extraConfig snippet as the chart's jupyterhub_config.py does: in a namespace with ``c``."""
    config = Config()
    exec(compile(code, "hub.extraConfig", "exec"), {"c": config, "get_config": lambda: config})
    return config


def spawner(groups: list[str], args: list[str] | None = None) -> SimpleNamespace:
    user = SimpleNamespace(name="someone", groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, args=list(args or CULLING_ARGS), default_url=COURSE_HOME_URL,
                           environment={"LANG": "nb_NO.UTF-8"})


def tljh_hub_config(tmp_path: Path, monkeypatch, trainers: str = "kursholder\n# comment\n\nannen\n") -> Config:
    names = tmp_path / "trainers.txt"
    names.write_text(trainers, encoding="utf-8")
    monkeypatch.setenv("MANGFOLD_TRAINERS_FILE", str(names))
    return load_py_config(HUB_SNIPPET)


def setup_lines() -> list[str]:
    return SETUP.read_text(encoding="utf-8").splitlines()


# -- every file parses ------------------------------------------------------------------------------
def test_every_yaml_file_under_deploy_parses_to_mappings():
    files = sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")])
    assert {f.name for f in files} >= {"values.yaml", "exchange-pvc.yaml"}
    for path in files:
        documents = load_yaml(path)
        assert documents, f"{path}: empty"
        assert all(isinstance(doc, dict) for doc in documents), f"{path}: a document is not a mapping"


@pytest.mark.parametrize("script", sorted(DEPLOY.rglob("*.sh")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_shell_scripts_pass_bash_n(script):
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")


def test_every_python_config_compiles():
    files = sorted(DEPLOY.rglob("*.py"))
    assert len(files) == 4  # the TLJH hub snippets (the course, LTI) and the two nbgrader configs
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


# -- z2jh values -------------------------------------------------------------------------------------
def test_values_use_only_keys_the_chart_accepts():
    paths = list(key_paths(values()))
    unknown = [p for p in paths if p not in Z2JH_KEYS and not any(rule.match(p) for rule in Z2JH_OPEN)]
    assert not unknown, f"keys the z2jh chart's schema rejects: {unknown}"
    assert "singleuser.storage.extraVolumes" in paths and "hub.extraConfig.mangfold.py" in paths


def test_values_open_the_course_home_and_cull_kernels_like_the_course():
    v = values()
    assert v["singleuser"]["defaultUrl"] == COURSE_HOME_URL
    assert v["hub"]["config"]["KubeSpawner"]["args"] == CULLING_ARGS
    assert v["cull"]["enabled"] is True


def test_values_mount_the_exchange_claim_from_exchange_pvc():
    storage = values()["singleuser"]["storage"]
    (volume,) = storage["extraVolumes"]
    (mount,) = storage["extraVolumeMounts"]
    assert mount == {"name": volume["name"], "mountPath": EXCHANGE_ROOT}
    claim, job = load_yaml(DEPLOY / "z2jh" / "exchange-pvc.yaml")
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    pod = job["spec"]["template"]["spec"]
    assert pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert f"chmod 1777 {EXCHANGE_ROOT}" in pod["containers"][0]["command"][-1]
    assert pod["containers"][0]["volumeMounts"][0]["mountPath"] == EXCHANGE_ROOT


def test_values_trainer_role_and_group_are_real_jupyterhub_scopes_without_access():
    from jupyterhub.scopes import scope_definitions

    v = values()
    role = v["hub"]["loadRoles"]["mangfold-trainer"]
    assert set(role["scopes"]) <= set(scope_definitions)
    assert not any(scope.startswith(("access:servers", "admin:")) for scope in role["scopes"])
    assert role["groups"] == ["instructors"]
    assert list(v["hub"]["config"]["JupyterHub"]["load_groups"]) == ["instructors"]


def test_values_post_start_runs_the_learner_start_script_the_image_installs():
    command = values()["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command == ["mangfold-learner-start"]
    assert f"COPY --chmod=755 deploy/mangfold-learner-start.sh /usr/local/bin/{command[0]}" in dockerfile()


# -- the pre-spawn hooks (TLJH snippet and z2jh extraConfig) --------------------------------------------
def hooks(tmp_path, monkeypatch) -> dict:
    z2jh = exec_extra_config(values()["hub"]["extraConfig"]["mangfold.py"])
    return {"tljh": tljh_hub_config(tmp_path, monkeypatch).Spawner.pre_spawn_hook,
            "z2jh": z2jh.KubeSpawner.pre_spawn_hook}


@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_hook_gives_trainers_lab_and_formgrader_once(tmp_path, monkeypatch, where):
    hook = hooks(tmp_path, monkeypatch)[where]
    trainer = spawner(["instructors"])
    hook(trainer)
    hook(trainer)  # the hub reuses a user's spawner at every start
    assert trainer.default_url == "/lab"
    assert trainer.args == [*CULLING_ARGS, FORMGRADER_ARG]
    assert trainer.environment[MODE_VARIABLE] == "trainer"
    assert trainer.environment["LANG"] == "nb_NO.UTF-8"


@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_hook_keeps_learners_in_the_course_without_formgrader(tmp_path, monkeypatch, where):
    hook = hooks(tmp_path, monkeypatch)[where]
    former_trainer = spawner(["learners"], args=[*CULLING_ARGS, FORMGRADER_ARG])
    hook(former_trainer)
    assert former_trainer.default_url == COURSE_HOME_URL
    assert former_trainer.args == CULLING_ARGS
    assert former_trainer.environment[MODE_VARIABLE] == "learner"


@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_hook_switches_the_mode_when_a_user_leaves_or_joins_the_instructors(tmp_path, monkeypatch, where):
    hook = hooks(tmp_path, monkeypatch)[where]
    user = spawner(["instructors"])
    hook(user)
    assert user.environment[MODE_VARIABLE] == "trainer"
    user.user.groups = []
    hook(user)
    assert user.environment[MODE_VARIABLE] == "learner"


def test_z2jh_hook_gives_only_trainers_the_gradebook_secret(tmp_path, monkeypatch):
    hook = hooks(tmp_path, monkeypatch)["z2jh"]
    trainer, learner = spawner(["instructors"]), spawner([])
    learner.environment[DB_URL_VARIABLE] = "left over"
    hook(trainer)
    hook(learner)
    secret = trainer.environment[DB_URL_VARIABLE]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "mangfold-gradebook", "key": "db-url"}
    assert trainer.environment["LANG"] == "nb_NO.UTF-8"
    assert learner.environment == {"LANG": "nb_NO.UTF-8", MODE_VARIABLE: "learner"}
    assert "secret generic mangfold-gradebook" in (DOCS / "deploy-z2jh.md").read_text(encoding="utf-8")
    assert "--from-literal=db-url=" in (DOCS / "deploy-z2jh.md").read_text(encoding="utf-8")


# -- TLJH hub snippet --------------------------------------------------------------------------------
def test_tljh_snippet_settings(tmp_path, monkeypatch):
    c = tljh_hub_config(tmp_path, monkeypatch)
    assert c.Spawner.default_url == COURSE_HOME_URL
    assert c.Spawner.args == CULLING_ARGS
    assert c.Spawner.cmd == ["/opt/tljh/user/bin/mangfold-learner-start", "jupyterhub-singleuser"]
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["kursholder", "annen"]}}
    (role,) = c.JupyterHub.load_roles
    assert role["groups"] == ["instructors"]
    assert role["scopes"] == values()["hub"]["loadRoles"]["mangfold-trainer"]["scopes"]


def test_tljh_snippet_without_trainers_file_has_no_instructors(tmp_path, monkeypatch):
    monkeypatch.setenv("MANGFOLD_TRAINERS_FILE", str(tmp_path / "missing.txt"))
    assert load_py_config(HUB_SNIPPET).JupyterHub.load_groups == {"instructors": {"users": []}}


def test_tljh_snippet_options_are_jupyterhub_traits(tmp_path, monkeypatch):
    from jupyterhub.app import JupyterHub
    from jupyterhub.spawner import Spawner

    c = tljh_hub_config(tmp_path, monkeypatch)
    for cls, section in ((Spawner, c.Spawner), (JupyterHub, c.JupyterHub)):
        configurable = set(cls.class_trait_names(config=True))
        assert set(section) <= configurable, set(section) - configurable
    assert set(values()["hub"]["config"]["KubeSpawner"]) <= set(Spawner.class_trait_names(config=True))


def test_setup_installs_files_where_the_configs_expect_them():
    text = SETUP.read_text(encoding="utf-8")
    assert 'install -m 755 "${src}/deploy/mangfold-learner-start.sh" "${user_env}/bin/mangfold-learner-start"' in text
    assert "user_env=/opt/tljh/user" in text and "hub_config=/opt/tljh/config" in text
    assert '"${hub_config}/jupyterhub_config.d/mangfold.py"' in text
    assert '"${user_env}/etc/jupyter/nbgrader_config.py"' in text
    assert '"${hub_config}/mangfold-trainers.txt"' in text
    assert f"exchange={EXCHANGE_ROOT}" in text and 'install -d -m 1777 "${exchange}"' in text
    assert 'db_url="postgresql+psycopg://' in text
    assert '"${user_env}/bin/pip" install' in text and "tljh-config reload hub" in text


def test_setup_creates_nothing_twice():
    """Each command that would fail or overwrite on a second run sits inside an `if` that checks first."""
    lines = setup_lines()
    guarded = ("createuser", "createdb", "useradd", "cohort init", "git clone", "printf 'c = get_config()")
    for index, line in enumerate(lines):
        if any(word in line for word in guarded) and not line.lstrip().startswith("#"):
            before = "\n".join(lines[max(0, index - 3):index])
            assert re.search(r"^\s*(if|elif) ", before, re.M) or "else" in before, f"setup.sh:{index + 1}: {line}"


def test_hub_culler_outlasts_the_longest_idle_stretch_of_the_session():
    """A learner who finishes a module at once, then listens to the debrief, must keep their server."""
    tljh = {m.group(1): int(m.group(2)) for m in re.finditer(r"tljh-config set services\.cull\.(\w+) (\d+)",
                                                              SETUP.read_text(encoding="utf-8"))}
    cull = values()["cull"]
    assert tljh == {"timeout": cull["timeout"], "every": cull["every"]}
    idle = longest_idle_minutes(session_plan())
    assert cull["timeout"] > idle * 60 > KERNEL_CULLING["cull_idle_timeout"]


# -- nbgrader configs --------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_nbgrader_config_sets_exchange_course_and_release_folder(where, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    c = load_py_config(DEPLOY / where / "nbgrader_config.py")
    assert c.Exchange.root == EXCHANGE_ROOT
    assert c.CourseDirectory.course_id == DEFAULT_COURSE_ID
    assert c.Exchange.assignment_dir == str(tmp_path / "release")
    assert "db_url" not in c.CourseDirectory
    assert c.CourseDirectory.ignore == IGNORED


def test_z2jh_nbgrader_config_reads_the_gradebook_from_the_environment(monkeypatch):
    url = "postgresql+psycopg://mangfold:secret@postgres:5432/mangfold_gradebook"
    monkeypatch.setenv(DB_URL_VARIABLE, url)
    assert load_py_config(DEPLOY / "z2jh" / "nbgrader_config.py").CourseDirectory.db_url == url


@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_nbgrader_config_options_are_nbgrader_traits(where, monkeypatch):
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import Exchange

    monkeypatch.setenv(DB_URL_VARIABLE, "sqlite:///gradebook.db")
    c = load_py_config(DEPLOY / where / "nbgrader_config.py")
    from nbgrader.exchange import ExchangeFactory

    assert set(c) == {"CourseDirectory", "Exchange", "ExchangeFactory"}
    assert set(c.CourseDirectory) <= set(CourseDirectory.class_trait_names(config=True))
    assert set(c.Exchange) <= set(Exchange.class_trait_names(config=True))
    assert Exchange(config=c).root == EXCHANGE_ROOT
    factory = ExchangeFactory(config=c)
    assert factory.submit is PrivateExchangeSubmit
    assert factory.release_feedback is PrivateExchangeReleaseFeedback
    assert factory.collect is PrivateExchangeCollect


@pytest.mark.parametrize("where", ["tljh", "z2jh"])
def test_nbgrader_config_keeps_learner_text_private_in_the_exchange(where):
    text = (DEPLOY / where / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f'c.ExchangeFactory.submit = "{SUBMIT_CLASS}"' in text
    assert f'c.ExchangeFactory.release_feedback = "{RELEASE_FEEDBACK_CLASS}"' in text
    assert f'c.ExchangeFactory.collect = "{COLLECT_CLASS}"' in text
    assert f'c.Exchange.root = "{EXCHANGE_ROOT}"' in text


# -- the learner's start script ----------------------------------------------------------------------
def run_learner_start(tmp_path: Path, *command: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin",
           "MANGFOLD_HOME_NOTEBOOK": str(ROOT / "notebooks" / "home.ipynb"),
           "MANGFOLD_EXCHANGE": str(tmp_path / "exchange")}
    (tmp_path / "home").mkdir(exist_ok=True)
    return subprocess.run(["bash", str(LEARNER_START), *command], env=env, capture_output=True, text=True)


def test_learner_start_puts_the_course_home_beside_release_and_runs_the_server(tmp_path):
    result = run_learner_start(tmp_path, "echo", "server started")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "server started\n"
    home = tmp_path / "home"
    assert (home / "notebooks" / "home.ipynb").read_bytes() == (ROOT / "notebooks" / "home.ipynb").read_bytes()
    assert (home / "release").is_dir()


def test_learner_start_never_overwrites_the_learners_home(tmp_path):
    own = tmp_path / "home" / "notebooks" / "home.ipynb"
    own.parent.mkdir(parents=True)
    own.write_text("mine", encoding="utf-8")
    assert run_learner_start(tmp_path).returncode == 0
    assert own.read_text(encoding="utf-8") == "mine"


def test_learner_start_fetches_every_module_of_the_course():
    text = LEARNER_START.read_text(encoding="utf-8")
    (listed,) = re.findall(r'^modules="([^"]+)"', text, re.M)
    assert listed.split() == [*MODULE_IDS, "06-oppsummering"]
    assert f'course_id="${{MANGFOLD_COURSE_ID:-{DEFAULT_COURSE_ID}}}"' in text
    assert f'exchange="${{MANGFOLD_EXCHANGE:-{EXCHANGE_ROOT}}}"' in text


# -- Dockerfile --------------------------------------------------------------------------------------
def dockerfile() -> str:
    return (DEPLOY / "z2jh" / "Dockerfile").read_text(encoding="utf-8")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile())
    return [(line.split(None, 1)[0], line.split(None, 1)[1]) for line in joined.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_dockerfile_builds_on_docker_stacks_and_installs_the_course():
    steps = instructions()
    assert steps[0][0] == "ARG" and steps[0][1].startswith("BASE_IMAGE=quay.io/jupyter/base-notebook:")
    assert ("FROM", "${BASE_IMAGE}") in steps
    runs = " ".join(args for name, args in steps if name == "RUN")
    assert 'pip install --no-cache-dir "/opt/mangfold[trainer,postgres]" ' in runs
    assert '"jupyterhub>=5,<6"' in runs
    for extension in ("formgrader", "create-assignment", "course-list"):
        assert f"labextension disable --level=sys_prefix @jupyter/nbgrader:{extension}" in runs
    assert "server extension disable --sys-prefix nbgrader.server_extensions.formgrader" in runs
    assert [args for name, args in steps if name == "USER"][-1] == "${NB_UID}"
    assert steps[-2:] == [("USER", "${NB_UID}"), ("WORKDIR", "${HOME}")]


def test_dockerfile_copies_existing_files_to_where_jupyter_reads_them():
    copies = [shlex.split(args) for name, args in instructions() if name == "COPY"]
    for parts in copies:
        for source in (p for p in parts[:-1] if not p.startswith("--")):
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    targets = {parts[-2]: parts[-1] for parts in copies}
    assert targets["deploy/z2jh/nbgrader_config.py"] == "/etc/jupyter/nbgrader_config.py"
    assert targets["voila.json"] == "${CONDA_DIR}/etc/jupyter/voila.json"
    assert not any(".venv" in " ".join(parts) or "release" in parts for parts in copies)


# -- the guides --------------------------------------------------------------------------------------
def guide_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in GUIDES)


def test_guides_mention_every_file_under_deploy():
    text = guide_text()
    files = sorted(p.relative_to(ROOT).as_posix() for p in DEPLOY.rglob("*") if p.is_file())
    assert len(files) >= 8
    missing = [f for f in files if f not in text]
    assert not missing, f"not explained in docs/: {missing}"


def cohort_commands(text: str) -> list[list[str]]:
    """Every `mangfold cohort ...` invocation in the guides, as words (up to a shell operator or quote)."""
    found = []
    text = re.sub(r"\\\n\s*", " ", text)  # a shell line continued with a backslash
    for match in re.finditer(r"mangfold\"? cohort ([^`\n|&;]*)", text):
        words = match.group(1).replace("\\", " ").split()
        found.append(words)
    return found


def test_guides_use_only_cohort_commands_and_options_that_exist():
    from mangfold.cli import parser

    subcommands = next(a for a in parser()._actions if getattr(a, "choices", None) and "cohort" in a.choices)
    cohort = next(a for a in subcommands.choices["cohort"]._actions if getattr(a, "choices", None))
    used = cohort_commands(guide_text() + SETUP.read_text(encoding="utf-8"))
    assert {words[0] for words in used} >= {"init", "learners", "release", "collect", "autograde", "feedback",
                                             "grades", "demo"}
    for words in used:
        assert words[0] in cohort.choices, f"mangfold cohort {words[0]}: no such command"
        options = set(cohort.choices[words[0]]._option_string_actions)
        unknown = [w for w in words[1:] if w.startswith("--") and w.split("=")[0] not in options]
        assert not unknown, f"mangfold cohort {' '.join(words)}: unknown options {unknown}"


def test_guides_name_modules_that_exist():
    text = guide_text()
    assert "01-verdien-av-mangfold" in text and "06-oppsummering" in text
    for module in re.findall(r"\b0\d-[a-z-]+[a-z]\b", text):
        assert module in (*MODULE_IDS, "06-oppsummering"), f"unknown module {module}"


# -- the trainer guide's session plan ----------------------------------------------------------------------
def session_plan() -> list[tuple[int, int, str]]:
    """(start, end, learners) of each row of the minute-by-minute table."""
    text = (DOCS / "trainer-guide.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d)–(\d\d) \| .*? \| (work|listen) \| .*\|$", text, re.M)
    return [(int(a), int(b), who) for a, b, who in rows]


def longest_idle_minutes(plan: list[tuple[int, int, str]]) -> int:
    """A work slot followed by the listening after it: the longest a quick learner may not click."""
    longest = 0
    for index, (start, end, who) in enumerate(plan):
        if who == "work":
            listening = 0
            for _start, later_end, later in plan[index + 1:]:
                if later != "listen":
                    break
                listening = later_end - end
            longest = max(longest, end - start + listening)
    return longest


def test_session_plan_covers_ninety_minutes_without_gaps_and_every_module():
    plan = session_plan()
    assert plan[0][0] == 0 and plan[-1][1] == 90
    assert all(a[1] == b[0] for a, b in pairwise(plan))
    text = (DOCS / "trainer-guide.md").read_text(encoding="utf-8")
    titles = [yaml.safe_load((ROOT / "source" / m / "content.nb.yaml").read_text(encoding="utf-8"))["title"]
              for m in MODULE_IDS]
    for number, title in enumerate(titles, 1):
        assert f"**Modul {number} {title}**" in text, title
    work = sum(end - start for start, end, who in plan if who == "work")
    assert work >= 46  # the course's own estimate is about 47 minutes, one module slot is login


def test_longest_idle_is_computed_from_work_plus_following_debrief():
    plan = [(0, 5, "listen"), (5, 16, "work"), (16, 22, "listen"), (22, 30, "work")]
    assert longest_idle_minutes(plan) == 17


# -- pinned: a release or a commit, never a moving branch or tag --------------------------------------------
#: docker-stacks moves these tags every week; a dated tag (YYYY-MM-DD) or a digest never moves
MOVING_IMAGE_TAGS = re.compile(r"^(latest|main|master|python-3(\.\d+)*|ubuntu-.*|lab-.*|notebook-.*|hub-.*)$")


def test_dockerfile_base_image_is_a_dated_tag():
    base = dict(instructions())["ARG"].split("=", 1)[1]
    image, _, tag = base.rpartition(":")
    assert image == "quay.io/jupyter/base-notebook"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", tag) and not MOVING_IMAGE_TAGS.match(tag), base
    assert f"base-notebook:{tag}`" in dockerfile()  # the comment says which tag and how to check it


def test_z2jh_image_tag_is_the_package_version():
    image = values()["singleuser"]["image"]
    assert image["tag"] == __version__
    assert f"mangfoldsrekruttering:{__version__} ." in dockerfile()


def pinned_ref(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(PINNED_REF), *args], capture_output=True, text=True)


def test_setup_installs_the_release_of_its_own_version_by_default():
    result = pinned_ref()
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"v{__version__}\n"


@pytest.mark.parametrize("ref", ["v0.1.0", "v1.12.3", "v2.0.0rc1", "0123456789abcdef0123456789abcdef01234567"])
def test_setup_accepts_a_release_tag_or_a_full_commit(ref):
    result = pinned_ref(ref)
    assert (result.returncode, result.stdout) == (0, ref + "\n"), result.stderr


@pytest.mark.parametrize("ref", ["main", "master", "HEAD", "develop", "0.1.0", "v0.1", "release/v0.1.0",
                                 "0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF01234567", "v0.1.0;ls"])
def test_setup_refuses_a_branch_or_a_short_ref(ref):
    result = pinned_ref(ref)
    assert result.returncode == 2 and result.stdout == ""
    assert f"MANGFOLD_REF={ref}: bruk en versjonstagg" in result.stderr
    assert "not a branch" in result.stderr


def test_setup_checks_the_ref_before_it_does_anything():
    """On a branch, setup.sh stops at once: run as an unprivileged user, it would otherwise stop at the
    root check with another exit code, and it has nothing to do before either check."""
    folder = Path(tempfile.mkdtemp(prefix="mangfold-setup-"))
    try:
        for relative in ("deploy/tljh/setup.sh", "deploy/tljh/pinned-ref.sh", "widgets/mangfold/__init__.py"):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, folder / relative)
        subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
        command = ["env", "-i", "PATH=/usr/bin:/bin", "MANGFOLD_REPO=https://example.org/course.git",
                   "MANGFOLD_TRAINER=kursholder", "MANGFOLD_REF=main", "bash", str(folder / "deploy/tljh/setup.sh")]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "nobody", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    finally:
        shutil.rmtree(folder)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "" and "MANGFOLD_REF=main" in result.stderr


def test_setup_never_names_a_moving_branch():
    text = SETUP.read_text(encoding="utf-8")
    assert 'bash "${here}/pinned-ref.sh" "${MANGFOLD_REF:-}"' in text
    assert not re.search(r"MANGFOLD_REF:-(main|master)", text)
    assert "git clone" not in text and "--branch" not in text
    assert '"+refs/tags/${ref}:refs/tags/${ref}"' in text  # a tag, never a branch of the same name
    lines = setup_lines()
    first_action = next(i for i, line in enumerate(lines) if line.startswith(("apt-get", "if [ \"$(id -u)\"")))
    ref_line = next(i for i, line in enumerate(lines) if "pinned-ref.sh" in line and not line.startswith("#"))
    assert ref_line < first_action


def test_setup_installs_the_course_with_the_trainer_and_postgres_extras():
    assert '"${user_env}/bin/pip" install --quiet --upgrade "${src}[trainer,postgres]"' in SETUP.read_text(
        encoding="utf-8")


# -- privacy: the trainer's home and the course folder ---------------------------------------------------
def test_setup_closes_the_trainers_home_and_course_folder_before_init():
    lines = setup_lines()
    private = next(i for i, line in enumerate(lines)
                   if line.strip() == 'bash "${src}/deploy/tljh/private-user.sh" "${trainer_unix}" "${course_dir}"')
    first_use = min(i for i, line in enumerate(lines) if "createuser" in line or "cohort init" in line)
    assert private < first_use
    assert "useradd" not in SETUP.read_text(encoding="utf-8")  # only private-user.sh makes users
    script = PRIVATE_USER.read_text(encoding="utf-8")
    assert 'useradd --create-home -K HOME_MODE=0700 --shell /bin/bash "${user}"' in script
    assert 'chmod 0700 "${home}"' in script and 'chmod go-rwx "${folder}"' in script


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_user_script_makes_and_closes_homes_for_real():
    """As root (skipped otherwise): a new user's home is 0700; an existing open home and course folder
    are closed; running it again changes nothing."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root and useradd to make a Unix user")
    from tests.hub.users import remove_user

    name = "mf-deploy-probe"
    remove_user(name)
    try:
        made = subprocess.run(["bash", str(PRIVATE_USER), name], capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        home = Path(os.path.expanduser(f"~{name}"))
        assert mode(home) == 0o700
        home.chmod(0o755)
        course = home / "kurs"
        course.mkdir(mode=0o755)
        course.chmod(0o755)
        for _ in range(2):
            again = subprocess.run(["bash", str(PRIVATE_USER), name, str(course), str(home / "missing")],
                                   capture_output=True, text=True)
            assert again.returncode == 0, again.stderr
            assert (mode(home), mode(course)) == (0o700, 0o700)
    finally:
        remove_user(name)


# -- the course's own config: the exchange always written ------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("exchange", [EXCHANGE_ROOT, None])
def test_cohort_init_writes_the_exchange_into_the_course_config(tmp_path, exchange):
    """setup.sh passes --exchange /srv/nbgrader/exchange; without it the course config still names one, and
    it is nbgrader's own default, so `cohort release` and the learners' nbgrader use the same folder."""
    from nbgrader.exchange.default import Exchange

    from mangfold.cohort.commands import init_course

    course = tmp_path / "kurs"
    init_course(course, exchange_root=exchange, source=ROOT / "source")
    written = load_py_config(course / "nbgrader_config.py").Exchange.root
    assert written == (exchange or Exchange.class_traits()["root"].default_value)
    assert mode(course) == 0o700
