"""Benchmark of the LTI 1.3 launch (issue 19): an LMS click to an interactive course home, against a plain login.

Run as root with ``.venv/bin/python benchmarks/bench_lti_launch.py [--repeat 5] [--quick]``.

Two JupyterHubs with configurable-http-proxy run side by side on this machine for one learner (a Unix user):
the course's TLJH settings with the LTI snippet (deploy/tljh/jupyterhub_config.d/mangfold_lti.py) behind the
stand-in LMS of tests/lti (lti1p3platform), and the same settings with the shared-password login (the hub
tests' plain hub). Debian's Chromium, a fresh browser context each time (no cookies):

- **LTI**: the LMS's launch link -> OIDC login initiation -> the LMS's authentication response -> the hub's
  callback -> spawn -> the course home rendered (``.mf-card--summary`` visible);
- **plain**: the hub's login page -> user name and password -> spawn -> the course home rendered.

The learner's server is stopped after each sample, so each pays its spawn. The two alternate, sample by
sample, so a busier moment hits both. Also timed: to the hub's answer that logs the learner in (the
callback's or the login form's redirect). Writes ``benchmarks/results/lti_launch.json``. No goal: the numbers.
Needs root, node with configurable-http-proxy, Debian's python3-venv and Chromium; without them it says
what is missing and exits 0 (``run_all.py`` goes on).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.harness import RESULTS, Case, report  # noqa: E402

COURSE_ID = "mangfold-bench"
PREFIX = "mf-"
RENDERED = ".mf-card--summary"
COURSE_HOME = "voila/render/notebooks/home.ipynb"


def missing_prerequisite() -> str | None:
    if os.geteuid() != 0:
        return "needs root (Unix users, a hub that spawns their servers)"
    for tool in ("useradd", "runuser", "node", "configurable-http-proxy"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    chromium = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        return f"needs Debian's chromium ({chromium})"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 samples each")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat
    reason = missing_prerequisite()
    if reason:
        print(f"bench_lti_launch: skipped: {reason}")
        return 0

    from playwright.sync_api import expect, sync_playwright

    from mangfold.lti.ags import ToolKey
    from mangfold.lti.names import hub_name
    from tests.browser.conftest import EXPECT_NO_LIMIT
    from tests.hub import prereqs
    from tests.hub.conftest import make_workspace
    from tests.hub.hub import Hub
    from tests.hub.users import create_user, remove_user
    from tests.hub.venv import CACHE, hub_venv
    from tests.lti.lti_hub import LtiHub
    from tests.lti.platform import LEARNER_ROLE, Person, StandInLMS

    venv = hub_venv()
    lms = StandInLMS(people={"anne": Person("anne-bench", [LEARNER_ROLE])}).start()
    name = hub_name(lms.issuer, "sub", "anne-bench", PREFIX)
    workspace = make_workspace("mangfold-bench-lti-")
    proxy = Path(shutil.which("configurable-http-proxy"))
    CACHE.mkdir(parents=True, exist_ok=True)
    samples: dict[str, list[float]] = {"lti": [], "plain": [], "lti-login": [], "plain-login": []}
    with open(CACHE / "users.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        user = create_user(name)
        # the course home in the learner's home, as mangfold-learner-start puts it there
        home = user.write("notebooks/home.ipynb", (workspace.support / "home.ipynb").read_text(encoding="utf-8"))
        assert home.is_file()
        lti_folder, plain_folder = workspace.root / "hub-lti", workspace.root / "hub-plain"
        lti_folder.mkdir(mode=0o700)
        key_file = lti_folder / "mangfold-lti-key.pem"
        key_file.write_text(ToolKey.generate().pem(), encoding="ascii")
        key_file.chmod(0o600)
        lti_hub = LtiHub(lti_folder, venv.bin, proxy, [name], uids=[user.uid])
        lti_hub.lti_environment = {
            **lms.settings(), "JUPYTERHUB_CRYPT_KEY": secrets.token_hex(32), "MANGFOLD_LTI_NAME_PREFIX": PREFIX,
            "MANGFOLD_LTI_KEY_FILE": str(key_file), "MANGFOLD_LTI_SERVICE_PORT": str(prereqs.free_port()),
            "MANGFOLD_LTI_CROSS_SITE_COOKIES": "0", "MANGFOLD_UNIX_PREFIX": ""}
        plain_hub = Hub(plain_folder, venv.bin, proxy, [name], uids=[user.uid])
        lms.tool_login_url = f"{lti_hub.url}/hub/lti13/oauth_login"
        lms.tool_launch_url = f"{lti_hub.url}/hub"
        lms.tool_jwks_url = f"{lti_hub.url}/services/mangfold-lti/jwks.json"
        try:
            lti_hub.start()
            plain_hub.start()
            expect.set_options(timeout=EXPECT_NO_LIMIT)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))

                def sample(kind: str, hub: Hub) -> None:
                    context = browser.new_context()
                    page = context.new_page()
                    page.set_default_timeout(0)
                    page.set_default_navigation_timeout(0)
                    login_answer = "/hub/lti13/oauth_callback" if kind == "lti" else "/hub/login"
                    start = time.perf_counter()
                    with page.expect_response(lambda r: r.url.split("?")[0].endswith(login_answer)
                                              and r.request.method == "POST") as answered:
                        if kind == "lti":
                            page.goto(f"{lms.url}/launch?user=anne")
                        else:
                            page.goto(f"{hub.url}/hub/login")
                            page.fill("#username_input", name)
                            page.fill("#password_input", hub.password)
                            page.click("#login_submit")
                    assert answered.value.status == 302, answered.value.status
                    logged_in = time.perf_counter() - start
                    page.wait_for_url(f"**/user/{name}/{COURSE_HOME}**")
                    expect(page.locator(RENDERED).first).to_be_visible()
                    samples[kind].append(time.perf_counter() - start)
                    samples[f"{kind}-login"].append(logged_in)
                    context.close()
                    hub.api("DELETE", f"users/{name}/server")
                    while hub.api("GET", f"users/{name}").json().get("servers"):
                        time.sleep(0.2)

                for _ in range(repeat):
                    sample("lti", lti_hub)
                    sample("plain", plain_hub)
                browser.close()
        finally:
            lti_hub.stop()
            plain_hub.stop()
            lms.stop()
            remove_user(name)
            shutil.rmtree(workspace.root, ignore_errors=True)
    cases = [Case("plain login: form to course home (interactive)", samples["plain"]),
             Case("LTI launch: LMS click to course home (interactive)", samples["lti"],
                  baseline="plain login: form to course home (interactive)"),
             Case("plain login: form to the hub's login answer", samples["plain-login"]),
             Case("LTI launch: LMS click to the hub's login answer", samples["lti-login"],
                  baseline="plain login: form to the hub's login answer")]
    report("lti_launch", cases, notes={"repeat": repeat, "hub venv": venv.how,
                                       "what": "two hubs side by side, samples alternate; each pays a spawn"},
           results=args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
