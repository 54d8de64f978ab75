"""Documents benchmark (issue 17): every document for one learner, and for a cohort of 30 with the trainer command.

Run with ``.venv/bin/python benchmarks/bench_documents.py [--learners 30] [--repeat 5] [--no-pdf] [--quick]``
(``run_all.py`` runs it as ``documents``; ``--quick``: 2 runs of one learner, 1 of the cohort).

The data is a synthetic nbgrader course directory in a temporary folder: ``source/`` is the course's own
(modules 1–5 and the summary's folder with the documents' text), and ``autograded/<learner>/`` holds a
learner who did every module through the real widgets (``tests/learners.py``'s ``complete``: its
reflections are the hostile ones, with HTML in them) and wrote an action plan on the summary page. The
other learners of the cohort are copies of that folder, as ``nbgrader collect`` copies files.

What is timed, with the course's parsed content forgotten before every run (as a fresh ``mangfold summary
build`` process starts); each one-learner case after one untimed run (imports, Typst's fonts), the cohort
cases after those:

* baseline, same run: the learner's summary as HTML alone (``build_summary`` + ``summary_html``: the
  feedback page), for one learner and for the cohort;
* ``build_learner``: every document ``mangfold summary build`` writes for one learner today (summary HTML,
  Word and PDF, job analysis, interview guides, and whatever is added to it later, found by calling it);
* the reflection cards' PDF (``mangfold cards``), the same for every learner;
* all documents for one learner: ``build_learner`` and the cards (unless ``build_learner`` makes them);
* ``build_course``: the trainer command ``mangfold summary build`` for the whole cohort.

``--no-pdf`` leaves the PDFs out, as ``mangfold summary build --no-pdf`` does; by default they are made as
the command makes them (Typst, in-process: no browser). No goal: the issue asks for the numbers.
Writes ``benchmarks/results/documents.json`` (``--results DIR`` elsewhere).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.harness import RESULTS, Case, report, run_case  # noqa: E402
from mangfold.content import yamlfile  # noqa: E402
from mangfold.course import MODULE_IDS  # noqa: E402
from mangfold.markup import markdown_html  # noqa: E402
from mangfold.progress.store import ProgressStore  # noqa: E402
from mangfold.progress.trust import ACTION_IDS, SUMMARY_MODULE  # noqa: E402
from mangfold.summary.build import build_course, build_learner  # noqa: E402
from mangfold.summary.cards import CARDS_FILENAME, cards_pdf  # noqa: E402
from mangfold.summary.docx import course_paragraphs  # noqa: E402
from mangfold.summary.html import summary_html  # noqa: E402
from mangfold.summary.model import build_summary  # noqa: E402
from mangfold.summary.snapshot import read_action_plan  # noqa: E402

#: the name of the result file and of the benchmark in ``run_all.py``: the script's name without ``bench_``
RESULT_NAME = Path(__file__).stem.removeprefix("bench_")
ACTION_PLAN = ("Skrive jobbanalysen før annonsen, og sette vektene før vi leser søknadene.",
               "Samme spørsmål til alle søkerne, med skala og notater.")
SKIPPED = ("mangfold-progress*", ".mangfold-progress.lock", "*.ipynb_checkpoints")


def learner_name(number: int) -> str:
    return f"laerer-{number:02d}"


def make_course(folder: Path, learners: int) -> Path:
    """A course directory with the course's sources and ``learners`` autograded learners (see the module's doc)."""
    from tests import learners as test_learners  # the real widgets, driven as a browser would

    for module in (*MODULE_IDS, SUMMARY_MODULE):
        shutil.copytree(REPO / "source" / module, folder / "source" / module, ignore=shutil.ignore_patterns(*SKIPPED))
    first = folder / "autograded" / learner_name(1)
    for module in MODULE_IDS:
        shutil.copytree(REPO / "release" / module, first / module, ignore=shutil.ignore_patterns(*SKIPPED))
        test_learners.complete(first / module)
    shutil.copytree(REPO / "release" / SUMMARY_MODULE, first / SUMMARY_MODULE, ignore=shutil.ignore_patterns(*SKIPPED))
    store = ProgressStore(first / SUMMARY_MODULE, SUMMARY_MODULE, "nb")
    for action_id, text in zip(ACTION_IDS, ACTION_PLAN, strict=False):
        store.save_reflection(action_id, text)
    for number in range(2, learners + 1):
        shutil.copytree(first, folder / "autograded" / learner_name(number))
    return folder


def cold() -> None:
    """Forget the parsed course, as a new ``mangfold summary build`` process starts without it."""
    yamlfile.clear_cache()
    markdown_html.cache_clear()
    course_paragraphs.cache_clear()


def summary_html_alone(course: Path, learner: str) -> int:
    """The baseline: the learner's summary as the HTML feedback page, nothing else (not written)."""
    work = course / "autograded" / learner
    return len(summary_html(build_summary(work, "nb", read_action_plan(work / SUMMARY_MODULE))))


def built(course: Path, learner: str, with_pdf: bool) -> list[Path]:
    result = build_learner(course, learner, with_pdf)
    if result.error:
        raise RuntimeError(f"build_learner {learner}: {result.error}")
    return result.files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30, help="the cohort's size (default 30)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each one-learner case")
    parser.add_argument("--cohort-repeat", type=int, default=3, help="timed runs of each cohort case")
    parser.add_argument("--no-pdf", action="store_true", help="without the summary PDF (summary build --no-pdf)")
    parser.add_argument("--quick", action="store_true", help="a short run: 2 runs of one learner, 1 of the cohort")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON file")
    args = parser.parse_args(argv)
    repeat, cohort_repeat = (2, 1) if args.quick else (args.repeat, args.cohort_repeat)
    with_pdf = not args.no_pdf
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="mangfold-bench-documents-") as temp:
        course = make_course(Path(temp) / "kurs", args.learners)
        one = learner_name(1)
        files = built(course, one, with_pdf)  # also the check that the synthetic learner builds
        makes_cards = any(path.name in CARDS_FILENAME.values() for path in files)
        print(f"{args.learners} learners; build_learner writes {len(files)} files: "
              f"{', '.join(p.name for p in files)}", flush=True)

        def everything() -> None:
            built(course, one, with_pdf)
            if not makes_cards:
                cards_pdf("nb", course / "source")

        base_one = "summary HTML alone, 1 learner"
        cases.append(run_case(base_one, lambda: summary_html_alone(course, one), repeat=repeat, warmup=1,
                              setup=cold))
        cases.append(run_case("build_learner (every document it writes), 1 learner",
                              lambda: built(course, one, with_pdf), repeat=repeat, warmup=1, setup=cold,
                              baseline=base_one))
        cases.append(run_case("reflection cards PDF (nb)", lambda: cards_pdf("nb", course / "source"),
                              repeat=repeat, warmup=1, setup=cold, baseline=base_one))
        cases.append(run_case("all documents for 1 learner", everything, repeat=repeat, warmup=1, setup=cold,
                              baseline=base_one))
        learners = [learner_name(n) for n in range(1, args.learners + 1)]
        base_all = f"summary HTML alone, {args.learners} learners"
        cases.append(run_case(base_all, lambda: [summary_html_alone(course, name) for name in learners],
                              repeat=cohort_repeat, setup=cold))
        results: list = []
        cases.append(run_case(f"build_course (mangfold summary build), {args.learners} learners",
                              lambda: results.append(build_course(course, with_pdf)), repeat=cohort_repeat,
                              setup=cold, baseline=base_all))
        failed = [r.learner for run in results for r in run if r.error]
        if failed:
            raise RuntimeError(f"build_course: {len(failed)} learner(s) failed: {failed[:3]}")
        sizes = {p.name: p.stat().st_size for p in (course / "feedback" / one / SUMMARY_MODULE).iterdir()}
    print()
    notes = {"learners": args.learners, "with_pdf": with_pdf, "pdf_engine": "typst (in-process)",
             "files_per_learner": sizes, "cards_in_build_learner": makes_cards, "quick": args.quick,
             "how": "the parsed course forgotten before every run (a fresh command); one untimed run of each "
                    "one-learner case first, the cohort cases after them"}
    report(RESULT_NAME, cases, notes, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
