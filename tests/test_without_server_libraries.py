"""A learner's module page imports, plays and saves where only the browser's Python is (Pyodide).

A static build of the course runs the page code in Pyodide, which has no ``fcntl`` and none of the
server's libraries (nbgrader, Voilà, JupyterLab, JupyterHub); python-docx is not needed to learn. The
check runs in a fresh interpreter in which those modules cannot be imported: a meta-path finder that
refuses them is installed before anything of ``mangfold`` is loaded. In it module 1's page is built,
one scenario choice is clicked and a reflection typed through the widgets' own handlers, and the
progress file on disk must hold both; a copy of that file is then restored into a second folder, as
the browser's stored copy comes back on Binder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mangfold.progress import PROGRESS_FILENAME
from tests.conftest import MODULE_1, REPO_ROOT, copy_module

#: what Pyodide lacks (fcntl) and what only the server has; python-docx only makes documents
UNAVAILABLE = ("fcntl", "nbgrader", "voila", "jupyterlab", "jupyterhub", "docx")

PAGE_SCRIPT = textwrap.dedent('''
    import importlib.abc
    import json
    import sys
    from pathlib import Path

    UNAVAILABLE = set(sys.argv[1].split(","))


    class Unavailable(importlib.abc.MetaPathFinder):
        """Refuses the modules the browser's Python does not have, as an import there would."""

        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in UNAVAILABLE:
                raise ModuleNotFoundError(f"No module named {name!r} (not in this Python)", name=name)
            return None


    already = sorted(name for name in sys.modules if name.partition(".")[0] in UNAVAILABLE)
    assert not already, f"loaded before the finder was installed: {already}"
    sys.meta_path.insert(0, Unavailable())

    from mangfold.ui import open_module
    from mangfold.progress.sync import restore_copy

    module, folder, second = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    page = open_module(module, folder, "nb")
    page.header()
    scenario = page.content.scenarios[0]
    player = page.show(scenario.id)
    choice = player.choices.options[0][0]
    player.select(choice)
    player.choices.commit()
    reflection = page.content.reflections[0]
    box = page.show(reflection.id)
    box.write("Skrevet der serverens biblioteker mangler")
    saved = page.store.path.read_text(encoding="utf-8")
    restored = restore_copy(second, module, saved, "browser")
    print(json.dumps({
        "scenario": scenario.id, "choice": choice, "reflection": reflection.id, "restored": restored.outcome,
        "restored_detail": str(restored), "loaded": sorted({n.partition(".")[0] for n in sys.modules} & UNAVAILABLE),
    }))
''')


def test_the_page_plays_and_saves_without_fcntl_and_server_libraries(tmp_path: Path) -> None:
    folder = copy_module(MODULE_1, tmp_path / "first")
    second = copy_module(MODULE_1, tmp_path / "second")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "widgets"), str(REPO_ROOT)])}
    for name in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"):
        environment.pop(name, None)
    run = subprocess.run([sys.executable, "-c", PAGE_SCRIPT, ",".join(UNAVAILABLE), MODULE_1, str(folder),
                          str(second)], capture_output=True, text=True, env=environment, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stderr[-4000:]
    played = json.loads(run.stdout.strip().splitlines()[-1])
    assert played["loaded"] == []
    document = json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    path = document["scenarios"][played["scenario"]]["path"]
    assert [step["choice"] for step in path] == [played["choice"]]
    assert document["reflections"][played["reflection"]]["text"] == "Skrevet der serverens biblioteker mangler"
    assert played["restored"] == "merged", played["restored_detail"]
    again = json.loads((second / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    assert again["reflections"][played["reflection"]]["text"] == "Skrevet der serverens biblioteker mangler"
