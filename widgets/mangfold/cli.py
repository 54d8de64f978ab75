"""The ``mangfold`` command: check content, build notebooks, generate the release, serve the course."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .content.loader import find_module_dirs, validate_tree
from .course import Course, CourseNotFoundError, locate_course


def _course(args: argparse.Namespace) -> Course:
    """The course the command works on (``--course``, ``MANGFOLD_COURSE``, the checkout, the package)."""
    return locate_course(args.course)


def _root(args: argparse.Namespace) -> Path:
    return _course(args).root


def _authoring_root(args: argparse.Namespace, command: str) -> Path:
    """The course an author rebuilds: a checkout or a named folder, never the installed package's copy."""
    course = _course(args)
    if course.packaged:
        raise CourseNotFoundError(
            f"mangfold {command} skriver om kursets filer og virker bare i en kopi av kildekoden (git clone) "
            f"eller med --course <mappe>; den installerte pakkens kurs ({course.root}) endres ikke.\n"
            f"mangfold {command} rewrites the course's files and works only in a checkout (git clone) or with "
            f"--course <folder>; the installed package's course ({course.root}) is not changed.")
    return course.root


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every content file under source/ and release/; list every problem; fail on any."""
    root = _root(args)
    problems = [str(p) for folder in ("source", "release") if (root / folder).is_dir()
                for p in validate_tree(root / folder)]
    source = root / "source"
    if source.is_dir():
        for stray in sorted(source.rglob("mangfold-progress*")):
            problems.append(f"{stray}: a progress file in source/ would overwrite every learner's at autograde")
    modules = find_module_dirs(source) if source.is_dir() else []
    if not modules:
        problems.append(f"{source}: ingen moduler funnet / no modules found (a folder per module with its "
                        "content.nb.yaml and content.en.yaml)")
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"mangfold check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    from .content.loader import load_module_content
    from .content.timing import estimate

    for module_dir in modules:
        minutes = ", ".join(f"{lang} {estimate(load_module_content(module_dir, lang)).minutes:.1f} min"
                            for lang in ("nb", "en"))
        print(f"  {module_dir.name}: about {minutes}")
    print(f"mangfold check: {len(modules)} module(s), nb and en, all valid ({root})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild each module's source notebook from its content, and the course home notebook."""
    from .authoring.notebook import (
        build_home_notebook,
        build_module_notebook,
        build_summary_assignment,
        write_if_changed,
    )
    from .ui.home import HOME_NOTEBOOK

    root = _authoring_root(args, "build")
    for module_dir in find_module_dirs(root / "source"):
        print(build_module_notebook(module_dir).relative_to(root))
    print(build_summary_assignment(root / "source").relative_to(root))
    print(write_if_changed(root / "notebooks" / HOME_NOTEBOOK, build_home_notebook()).relative_to(root))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Build the notebooks, then regenerate release/ with nbgrader (keeping local progress files)."""
    from .authoring.release import generate_release

    root = _authoring_root(args, "release")
    if cmd_check(args) or cmd_build(args):
        return 1
    for module in generate_release(root / "source", root / "release"):
        print(f"release/{module}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the course in Voilà: a checkout as it is; an installed package's course from a folder of your own."""
    from .serving import serve
    from .workspace import default_folder, lay_out

    course = _course(args)
    if course.packaged or args.folder:
        folder = Path(args.folder or default_folder()).expanduser().resolve()
        if lay_out(course, folder):
            print(f"Kursfilene er lagt i / the course files are in: {folder}")
    else:
        folder = course.root
    print(f"Framdriften din lagres i / your progress is saved in: {folder / 'release'}/<modul>/", flush=True)
    print(f"Kurset / the course: http://{args.ip}:{args.port}/  (Ctrl+C stops)", flush=True)
    serve(folder, args.port, args.ip)
    return 0


def cmd_summary_build(args: argparse.Namespace) -> int:
    """Write each learner's summary (the 06 feedback page) and documents into feedback/<learner>/06-oppsummering/."""
    from .summary.build import build_course

    course_dir = Path(args.course_dir).resolve()
    if not (course_dir / "autograded").is_dir():
        print(f"{course_dir}: no autograded/ folder (run nbgrader autograde first)", file=sys.stderr)
        return 1
    results = build_course(course_dir, with_pdf=not args.no_pdf)
    for result in results:
        state = f"ERROR {result.error}" if result.error else f"{len(result.files)} files"
        print(f"{result.learner:<24} {state}")
        for note in result.notes:
            print(f"{'':<24} note: {note}")
    failed = sum(1 for r in results if r.error)
    print(f"mangfold summary build: {len(results) - failed} of {len(results)} learners built")
    return 1 if failed else 0


# -- mangfold cohort ---------------------------------------------------------------------------------
def _cohort(args: argparse.Namespace):
    from .cohort.config import load_cohort_config

    return load_cohort_config(args.course_dir)


def _print_steps(results: list) -> int:
    for result in results:
        print(f"{'ok ' if result.ok else 'FEIL/ERROR'} {result.module:<24} {result.message}")
    return 0 if all(r.ok for r in results) else 1


def cmd_cohort_init(args: argparse.Namespace) -> int:
    """Make a course directory for a cohort: nbgrader config, the course's modules, dashboard, gradebook."""
    from .cohort.commands import init_course

    config = init_course(args.course_dir, course_id=args.course_id, db_url=args.db_url,
                         exchange_root=args.exchange, source=args.source or _course(args).source,
                         roster=args.roster, force=args.force)
    print(f"Kursmappe / course directory: {config.course_dir}")
    print(f"  course id  {config.course_id}\n  gradebook  {_safe_url(config.db_url)}")
    print(f"  exchange   {config.exchange_root}")
    if not os.access(config.exchange_root, os.W_OK | os.X_OK):
        print(f"  merk / note: {config.exchange_root} finnes ikke eller er ikke skrivbar; lag den (mode 1777) før "
              f"release, eller bruk --exchange / does not exist or is not writable; create it (mode 1777) "
              f"before release, or pass --exchange")
    print("Neste / next: mangfold cohort release " + str(config.course_dir))
    print("Formgrader: set c.CourseDirectory.root = " + repr(str(config.course_dir)) +
          " in ~/.jupyter/nbgrader_config.py")
    return 0


def _safe_url(url: str) -> str:
    """A database URL with its password hidden, for printing."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as nbgrader will report it
        return url


def cmd_cohort_learners(args: argparse.Namespace) -> int:
    """Add the learners of a roster CSV (id, first_name, last_name, email) to the gradebook."""
    from .cohort.commands import add_learners, read_roster

    count = add_learners(_cohort(args), read_roster(args.roster))
    print(f"{count} deltakere i karakterboken / learners in the gradebook")
    return 0


def cmd_cohort_release(args: argparse.Namespace) -> int:
    """Generate and release every module (or --module ...) to the learners through nbgrader's exchange."""
    from .cohort.commands import release

    return _print_steps(release(_cohort(args), args.module))


def cmd_cohort_collect(args: argparse.Namespace) -> int:
    """Collect the learners' newest submissions of every module (or --module ...)."""
    from .cohort.commands import collect

    return _print_steps(collect(_cohort(args), args.module))


def cmd_cohort_autograde(args: argparse.Namespace) -> int:
    """Autograde every collected submission with a progress bar; report each learner's trouble at the end."""
    from .cohort.commands import autograde

    report = autograde(_cohort(args), args.module, args.learner)
    print(f"rettet / graded: {len(report.graded)}, feilet / failed: {len(report.failed)}, "
          f"merknader / notes: {len(report.warnings)}")
    for item in report.failed:
        print(f"FEIL/ERROR {item.learner} {item.module}:\n    " + item.message.replace("\n", "\n    "))
    for item in report.warnings:
        print(f"merknad/note {item.learner} {item.module}: {item.message}")
    return 0 if report.ok else 1


def cmd_cohort_feedback(args: argparse.Namespace) -> int:
    """Generate feedback (the summary page for 06) and release it for the learners to fetch."""
    from .cohort.commands import feedback

    return _print_steps(feedback(_cohort(args), args.module, with_pdf=not args.no_pdf))


def cmd_cohort_grades(args: argparse.Namespace) -> int:
    """Export every learner's score per module as CSV."""
    from .cohort.commands import export_grades

    rows = export_grades(_cohort(args), args.out)
    print(f"{rows} rader / rows -> {args.out}")
    return 0


def cmd_cohort_dashboard(args: argparse.Namespace) -> int:
    """Serve the trainer's dashboard for the course directory with Voilà (on this machine only by default)."""
    from .cohort.dashboard_notebook import DASHBOARD_NOTEBOOK, write_dashboard_notebook
    from .extras import require
    from .serving import serve

    require("pandas", "trainer", "mangfold cohort dashboard")  # the dashboard's page reads the cohort with it
    config = _cohort(args)
    write_dashboard_notebook(config.course_dir)
    print(f"Dashbord / dashboard: http://{args.ip}:{args.port}/  (Ctrl+C stops)", flush=True)
    serve(config.course_dir, args.port, args.ip, start=f"voila/render/{DASHBOARD_NOTEBOOK}",
          allowed=(DASHBOARD_NOTEBOOK,))
    return 0


def cmd_cohort_demo(args: argparse.Namespace) -> int:
    """Make a course directory with a synthetic cohort, to try the dashboard before a session."""
    from .cohort.demo import make_demo_cohort

    make_demo_cohort(Path(args.course_dir), learners=args.learners, seed=args.seed,
                     source=args.source or _course(args).source)
    print(f"Demokull / demo cohort: {args.learners} learners in {Path(args.course_dir).resolve()}")
    print(f"Neste / next: mangfold cohort dashboard {args.course_dir}")
    return 0


def _cohort_parser(commands) -> None:
    from .cohort.config import DEFAULT_COURSE_ID
    from .handin import DEFAULT_EXCHANGE

    cohort = commands.add_parser("cohort", help="run a cohort with nbgrader: set up, release, collect, "
                                 "autograde, feedback, grades, dashboard").add_subparsers(
        dest="cohort_command", required=True)

    def command(name: str, run, modules: bool = False):
        sub = cohort.add_parser(name, help=run.__doc__, description=run.__doc__)
        sub.add_argument("course_dir", nargs="?", default=".", help="the course directory (default: this folder)")
        if modules:
            sub.add_argument("--module", action="append", metavar="ID", help="only this module (repeatable)")
        sub.set_defaults(run=run)
        return sub

    init = command("init", cmd_cohort_init)
    init.add_argument("--course-id", default=DEFAULT_COURSE_ID)
    init.add_argument("--db-url", help="the gradebook (default: sqlite in the course directory; "
                      "postgresql+psycopg://user@host/db for a shared hub; MANGFOLD_DB_URL overrides)")
    init.add_argument("--exchange", help=f"nbgrader's exchange folder (default: nbgrader's {DEFAULT_EXCHANGE})")
    init.add_argument("--roster", help="a CSV of learners: id[,first_name,last_name,email]")
    init.add_argument("--source", help="the course's source folder, for authors (default: the course's source/, "
                      "found as --course says)")
    init.add_argument("--force", action="store_true", help="write the settings and sources of an existing "
                      "course directory again (submissions and grades are kept)")
    command("learners", cmd_cohort_learners).add_argument("roster", help="a CSV: id[,first_name,last_name,email]")
    command("release", cmd_cohort_release, modules=True)
    command("collect", cmd_cohort_collect, modules=True)
    autograde = command("autograde", cmd_cohort_autograde, modules=True)
    autograde.add_argument("--learner", action="append", metavar="ID", help="only this learner (repeatable)")
    feedback = command("feedback", cmd_cohort_feedback, modules=True)
    feedback.add_argument("--no-pdf", action="store_true", help="summaries without PDF (Chromium not needed)")
    command("grades", cmd_cohort_grades).add_argument("--out", default="grades.csv", help="the CSV file to write")
    dashboard = command("dashboard", cmd_cohort_dashboard)
    dashboard.add_argument("--port", type=int, default=8867)
    dashboard.add_argument("--ip", default="127.0.0.1")
    demo = command("demo", cmd_cohort_demo)
    demo.add_argument("--learners", type=int, default=30)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--source", help="the course's source folder, for authors (default: the course's source/)")


# -- mangfold research -------------------------------------------------------------------------------
def cmd_research_export(args: argparse.Namespace) -> int:
    """Export the consenting learners' choices and scrubbed reflections as a pseudonymised, k-anonymous data package."""
    from .research.export import export

    result = export(args.course_dir, args.key_file, args.out, args.organisations)
    summary = result.summary
    print(f"Forskningsdata / research data: {result.out}")
    print(f"  learners   {summary.learners_exported} exported of {summary.learners_consenting} consenting "
          f"({summary.learners_found} in the course; {summary.learners_suppressed} suppressed, k = {summary.k})")
    print(f"  scrubbed   {sum(summary.scrubbed.values())} piece(s) of personal data "
          f"(scrubber {summary.scrubber_version})")
    print("The key stays with you: never send it with the data.")
    return 0


def cmd_research_keygen(args: argparse.Namespace) -> int:
    """Write a new random pseudonym key (mode 0600); an existing file is never overwritten."""
    from .research.pseudonym import write_new_key

    path = write_new_key(args.key_file)
    print(f"Nøkkel / key: {path} (keep it secret and outside every export; losing it unlinks earlier exports)")
    return 0


def _research_parser(commands) -> None:
    research = commands.add_parser("research", help="anonymised research data from a cohort").add_subparsers(
        dest="research_command", required=True)
    export = research.add_parser("export", help=cmd_research_export.__doc__, description=cmd_research_export.__doc__)
    export.add_argument("course_dir", help="the course directory (with nbgrader_config.py and autograded/)")
    export.add_argument("--key-file", required=True, help="the secret pseudonym key (mangfold research keygen)")
    export.add_argument("--out", required=True, help="a new or empty folder for the data package")
    export.add_argument("--organisations", metavar="FILE", help="organisation names to scrub, one a line")
    export.set_defaults(run=cmd_research_export)
    keygen = research.add_parser("keygen", help=cmd_research_keygen.__doc__, description=cmd_research_keygen.__doc__)
    keygen.add_argument("key_file", help="where to write the new key")
    keygen.set_defaults(run=cmd_research_keygen)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mangfold", description=__doc__)
    main.add_argument("--version", action="version", version=f"mangfold {__version__}")
    main.add_argument("--course", "--root", dest="course", metavar="FOLDER",
                      help="the course folder with source/ and release/ (default: MANGFOLD_COURSE, else the checkout "
                      "this package runs from, else the course installed with the package)")
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help=cmd_check.__doc__).set_defaults(run=cmd_check)
    commands.add_parser("build", help=cmd_build.__doc__).set_defaults(run=cmd_build)
    commands.add_parser("release", help=cmd_release.__doc__).set_defaults(run=cmd_release)
    serve = commands.add_parser("serve", help="serve the course in Voilà")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--ip", default="127.0.0.1")
    serve.add_argument("--folder", help="where your copy of the course and your progress are kept, when the course "
                       "comes from the installed package (default: $XDG_DATA_HOME/mangfoldsrekruttering/kurs, "
                       "i.e. ~/.local/share/mangfoldsrekruttering/kurs)")
    serve.set_defaults(run=cmd_serve)
    summary = commands.add_parser("summary", help="learners' summaries for trainers").add_subparsers(
        dest="summary_command", required=True)
    build = summary.add_parser("build", help=cmd_summary_build.__doc__)
    build.add_argument("course_dir", help="an nbgrader course directory with autograded/")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster; Chromium not needed)")
    build.set_defaults(run=cmd_summary_build)
    _cohort_parser(commands)
    _research_parser(commands)
    return main


#: the extra a command group's optional libraries come from
_EXTRA_OF_COMMAND = {"cohort": "trainer", "research": "research"}


def main(argv: list[str] | None = None) -> int:
    from .cohort.config import CohortError
    from .extras import MissingExtraError, explain

    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (CohortError, CourseNotFoundError, MissingExtraError) as error:
        print(f"mangfold: {error}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as error:
        message = explain(error, _EXTRA_OF_COMMAND.get(args.command, "trainer"), f"mangfold {args.command}")
        if message is None:
            raise
        print(f"mangfold: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
