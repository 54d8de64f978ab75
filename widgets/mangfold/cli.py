"""The ``mangfold`` command: check content, build notebooks, generate the release, serve the course."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .content.case import validate_case
from .content.documents import documents_path, validate_documents
from .content.loader import (
    REFERENCE_LANGUAGE,
    content_path,
    find_module_dirs,
    missing_languages,
    validate_module,
    validate_tree,
)
from .content.schema import LANGUAGES
from .content.translations import tree_review_problems
from .course import Course, CourseNotFoundError, locate_course
from .i18n import both
from .progress.trust import SUMMARY_MODULE


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
    # source/ must have every language; release/ is nbgrader's copy of it and may predate a language (the
    # stale-release test finds that), so there a missing language is a note, and what is there is checked
    required = {"source": LANGUAGES, "release": (REFERENCE_LANGUAGE,)}
    problems = [str(p) for folder in ("source", "release") if (root / folder).is_dir()
                for p in validate_tree(root / folder, required[folder])]
    problems += [str(p) for folder in ("source", "release") if (root / folder / SUMMARY_MODULE).is_dir()
                 for p in validate_case(root / folder / SUMMARY_MODULE, required[folder])]  # course-wide
    problems += [str(p) for folder in ("source", "release") if (root / folder / SUMMARY_MODULE).is_dir()
                 and documents_path(root / folder / SUMMARY_MODULE, REFERENCE_LANGUAGE).is_file()
                 for p in validate_documents(root / folder / SUMMARY_MODULE, required[folder])]
    source = root / "source"
    if source.is_dir():
        for stray in sorted(source.rglob("mangfold-progress*")):
            problems.append(f"{stray}: {both('cli.stray-progress')}")
    if source.is_dir():  # every translation still translates today's bokmål (docs/nynorsk.md)
        problems += [str(p) for p in tree_review_problems(source)]
    modules = find_module_dirs(source) if source.is_dir() else []
    if not modules:
        problems.append(f"{source}: {both('cli.no-modules')}")
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(both("cli.check-failed", count=len(problems)), file=sys.stderr)
        return 1
    from .content.loader import load_module_content
    from .content.timing import estimate

    for module_dir in modules:
        minutes = ", ".join(f"{lang} {estimate(load_module_content(module_dir, lang)).minutes:.1f} min"
                            for lang in LANGUAGES)
        print(f"  {module_dir.name}: {both('cli.about', minutes=minutes)}")
    release = root / "release"
    lacking = sorted({language for module_dir in (find_module_dirs(release) if release.is_dir() else [])
                      for language in missing_languages(lambda lang, d=module_dir: content_path(d, lang))},
                     key=LANGUAGES.index)
    if lacking:
        print(f"  {both('cli.note')}: {both('cli.release-lacks', folder=release, languages=', '.join(lacking))}")
    print(both("cli.check-ok", count=len(modules), root=root, languages=", ".join(LANGUAGES)))
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
            print(f"{both('cli.files-laid-out')}: {folder}")
    else:
        folder = course.root
    print(f"{both('cli.progress-saved-in')}: {folder / 'release'}/<modul>/", flush=True)
    url = f"http://{args.ip}:{args.port}/"
    print(f"{both('cli.the-course')}: {url}  ({both('cli.ctrl-c')})", flush=True)
    serve(folder, args.port, args.ip)
    return 0


def cmd_summary_build(args: argparse.Namespace) -> int:
    """Write each learner's summary (the 06 feedback page) and documents into feedback/<learner>/06-oppsummering/."""
    from .summary.build import build_course

    course_dir = Path(args.course_dir).resolve()
    if not (course_dir / "autograded").is_dir():
        print(f"{course_dir}: {both('cli.no-autograded')}", file=sys.stderr)
        return 1
    results = build_course(course_dir, with_pdf=not args.no_pdf)
    for result in results:
        state = f"ERROR {result.error}" if result.error else f"{len(result.files)} files"
        print(f"{result.learner:<24} {state}")
        for note in result.notes:
            print(f"{'':<24} note: {note}")
    failed = sum(1 for r in results if r.error)
    print(both("cli.summary-built", built=len(results) - failed, total=len(results)))
    return 1 if failed else 0


# -- mangfold translations -----------------------------------------------------------------------------
def _translation_folders(source: Path, folder: str) -> list[Path]:
    """``source/<folder>`` (a module or the summary's folder), or every such folder for ``all``."""
    if folder == "all":
        return sorted(p for p in source.iterdir() if p.is_dir() and p.name[:2].isdigit())
    path = source / folder
    if not path.is_dir() or path.parent != source:
        raise CourseNotFoundError(f"{source / folder}: {both('cli.no-such-folder')}")
    return [path]


def _structure_problems(folder: Path) -> list:
    """What the structure check finds in a module folder or the summary's folder."""
    problems = list(validate_module(folder)) if content_path(folder, REFERENCE_LANGUAGE).is_file() else []
    if documents_path(folder, REFERENCE_LANGUAGE).is_file():
        problems += validate_documents(folder)
    return problems


def cmd_translations_review(args: argparse.Namespace) -> int:
    """Mark a translation reviewed: record a fingerprint of each bokmål text it now translates (docs/nynorsk.md)."""
    from .content.translations import ReviewRefused, mark_reviewed, translation_files

    source = _authoring_root(args, "translations review") / "source"
    failed = 0
    for folder in _translation_folders(source, args.folder):
        structure = _structure_problems(folder)
        for path in translation_files(folder):
            if path.name.split(".")[1] != args.language:
                continue
            try:
                count = mark_reviewed(path, structure)
            except ReviewRefused as refused:
                failed += 1
                print(f"{path}: {both('cli.review-refused')}", file=sys.stderr)
                for problem in refused.problems:
                    print(f"  {problem}", file=sys.stderr)
                continue
            print(f"{path}: {both('cli.reviewed', count=count)}")
    return 1 if failed else 0


def cmd_translations_status(args: argparse.Namespace) -> int:
    """List every translated text whose bokmål changed after its last review (what mangfold check fails on)."""
    from .content.translations import folder_review_problems

    source = _root(args) / "source"
    problems = [problem for folder in _translation_folders(source, args.folder)
                for problem in folder_review_problems(folder)
                if args.language is None or Path(problem.file).name.split(".")[1] == args.language]
    for problem in problems:
        print(problem)
    print(both("cli.translations-status", count=len(problems)))
    return 1 if problems else 0


def cmd_translations_draft(args: argparse.Namespace) -> int:
    """Draft a nynorsk file from bokmål with Apertium, only the text values translated: a draft to post-edit."""
    from . import atomic
    from .content.draft import APERTIUM_DIRECTION, DraftError, apertium_translator, case_names, draft, draft_yaml
    from .content.yamlfile import read_yaml

    root = _authoring_root(args, "translations draft")
    if args.file:
        sources = [Path(args.file).resolve()]
    else:
        folder = _translation_folders(root / "source", args.folder)[0] if args.folder != "all" else None
        if folder is None:
            raise CourseNotFoundError(f"all: {both('cli.draft-one-folder')}")
        sources = [p for p in (content_path(folder, REFERENCE_LANGUAGE), documents_path(folder, REFERENCE_LANGUAGE))
                   if p.is_file()]
    if args.output and len(sources) != 1:
        raise CourseNotFoundError(f"--output: {both('cli.draft-one-folder')}")
    try:
        translate = apertium_translator(APERTIUM_DIRECTION)
    except DraftError as error:
        print(f"mangfold: {error}", file=sys.stderr)
        return 2
    keep = case_names(root / "source" / SUMMARY_MODULE)
    for source in sources:
        name = source.name.replace(f".{REFERENCE_LANGUAGE}.", f".{args.language}.")
        target = Path(args.output).resolve() if args.output else source.with_name(name)
        if target.exists() and not args.force:
            print(f"{target}: {both('cli.draft-exists')}", file=sys.stderr)
            return 1
        outcome = draft(read_yaml(source).data, translate, keep, args.language)
        atomic.write_text(target, draft_yaml(outcome, source, f"Apertium {APERTIUM_DIRECTION}", args.language))
        print(f"{target}: {both('cli.drafted', count=outcome.segments)}")
        for kept in outcome.kept_in_bokmal:
            print(f"  {both('cli.draft-kept')}: {kept}")
    return 0


def _translations_parser(commands) -> None:
    from .content.translations import TRANSLATED

    translations = commands.add_parser("translations", help=both("cli.help-translations")).add_subparsers(
        dest="translations_command", required=True)
    review = translations.add_parser("review", help=cmd_translations_review.__doc__,
                                     description=cmd_translations_review.__doc__)
    review.add_argument("folder", metavar="MODULE", help=both("cli.help-review-folder"))
    review.add_argument("language", choices=TRANSLATED, help=both("cli.help-review-language"))
    review.set_defaults(run=cmd_translations_review)
    status = translations.add_parser("status", help=cmd_translations_status.__doc__,
                                     description=cmd_translations_status.__doc__)
    status.add_argument("folder", metavar="MODULE", nargs="?", default="all", help=both("cli.help-review-folder"))
    status.add_argument("language", nargs="?", choices=TRANSLATED, help=both("cli.help-review-language"))
    status.set_defaults(run=cmd_translations_status)
    drafting = translations.add_parser("draft", help=cmd_translations_draft.__doc__,
                                       description=cmd_translations_draft.__doc__)
    drafting.add_argument("folder", metavar="MODULE", help=both("cli.help-draft-folder"))
    drafting.add_argument("language", nargs="?", default="nn", choices=("nn",), help=both("cli.help-draft-language"))
    drafting.add_argument("--file", metavar="FILE.nb.yaml", help=both("cli.help-draft-file"))
    drafting.add_argument("-o", "--output", metavar="FILE", help=both("cli.help-draft-output"))
    drafting.add_argument("--force", action="store_true", help=both("cli.help-draft-force"))
    drafting.set_defaults(run=cmd_translations_draft)


# -- mangfold cohort ---------------------------------------------------------------------------------
def _cohort(args: argparse.Namespace):
    from .cohort.config import load_cohort_config

    return load_cohort_config(args.course_dir)


def _print_steps(results: list) -> int:
    for result in results:
        print(f"{'ok ' if result.ok else both('cli.error', between='/')} {result.module:<24} {result.message}")
    return 0 if all(r.ok for r in results) else 1


def cmd_cohort_init(args: argparse.Namespace) -> int:
    """Make a course directory for a cohort: nbgrader config, the course's modules, dashboard, gradebook."""
    from .cohort.commands import init_course

    config = init_course(args.course_dir, course_id=args.course_id, db_url=args.db_url,
                         exchange_root=args.exchange, source=args.source or _course(args).source,
                         roster=args.roster, force=args.force)
    print(f"{both('cli.course-directory')}: {config.course_dir}")
    print(f"  {both('cli.course-id')}  {config.course_id}\n  {both('cli.gradebook')}  {_safe_url(config.db_url)}")
    print(f"  {both('cli.exchange')}   {config.exchange_root}")
    if not os.access(config.exchange_root, os.W_OK | os.X_OK):
        print(f"  {both('cli.note')}: {config.exchange_root} {both('cli.exchange-not-writable')}")
    print(f"{both('cli.next')}: {both('cli.next-release', folder=config.course_dir)}")
    print(both("cli.formgrader-root", root=repr(str(config.course_dir))))
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
    print(f"{count} {both('cli.learners-in-gradebook')}")
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
    print(f"{both('cli.graded')}: {len(report.graded)}, {both('cli.failed')}: {len(report.failed)}, "
          f"{both('cli.notes')}: {len(report.warnings)}")
    for item in report.failed:
        print(f"{both('cli.error', between='/')} {item.learner} {item.module}:\n    "
              + item.message.replace("\n", "\n    "))
    for item in report.warnings:
        print(f"{both('cli.remark', between='/')} {item.learner} {item.module}: {item.message}")
    return 0 if report.ok else 1


def cmd_cohort_feedback(args: argparse.Namespace) -> int:
    """Generate feedback (the summary page for 06) and release it for the learners to fetch."""
    from .cohort.commands import feedback

    return _print_steps(feedback(_cohort(args), args.module, with_pdf=not args.no_pdf))


def cmd_cohort_grades(args: argparse.Namespace) -> int:
    """Export every learner's score per module as CSV."""
    from .cohort.commands import export_grades

    rows = export_grades(_cohort(args), args.out)
    print(f"{rows} {both('cli.rows')} -> {args.out}")
    return 0


def cmd_cohort_dashboard(args: argparse.Namespace) -> int:
    """Serve the trainer's dashboard for the course directory with Voilà (on this machine only by default)."""
    from .cohort.dashboard_notebook import DASHBOARD_NOTEBOOK, write_dashboard_notebook
    from .extras import require
    from .serving import serve

    require("pandas", "trainer", "mangfold cohort dashboard")  # the dashboard's page reads the cohort with it
    config = _cohort(args)
    write_dashboard_notebook(config.course_dir)
    url = f"http://{args.ip}:{args.port}/"
    print(f"{both('cli.dashboard')}: {url}  ({both('cli.ctrl-c')})", flush=True)
    serve(config.course_dir, args.port, args.ip, start=f"voila/render/{DASHBOARD_NOTEBOOK}",
          allowed=(DASHBOARD_NOTEBOOK,))
    return 0


def cmd_cohort_demo(args: argparse.Namespace) -> int:
    """Make a course directory with a synthetic cohort, to try the dashboard before a session."""
    from .cohort.demo import make_demo_cohort

    make_demo_cohort(Path(args.course_dir), learners=args.learners, seed=args.seed,
                     source=args.source or _course(args).source)
    learners = both("cli.demo-learners", count=args.learners, folder=Path(args.course_dir).resolve())
    print(f"{both('cli.demo-cohort')}: {learners}")
    print(f"{both('cli.next')}: {both('cli.next-dashboard', folder=args.course_dir)}")
    return 0


def cmd_cohort_post(args: argparse.Namespace) -> int:
    """Check a post.yaml and put it into the course's 06-oppsummering: the learners get the post filled in."""
    from .cohort.post import install_post

    result = install_post(_cohort(args), args.file)
    print(f"{args.file}: {both('post.cli-copied', target=result.written[0])}")
    for note in result.notes:
        print(f"  {both('cli.note')}: {note}")
    return 0


def cmd_cohort_lti_sync(args: argparse.Namespace) -> int:
    """Post each learner's course score and completion to the LMS that launched them (LTI, docs/lms.md)."""
    from .cohort.lti_sync import SyncError, language_of, lti_sync, report
    from .i18n import text

    language = args.language or language_of()
    try:
        scores, results = lti_sync(_cohort(args), url=args.service_url, learners=args.learner)
    except SyncError as error:
        print(text(language, "lti.error", detail=error), file=sys.stderr)
        return 2
    for line in report(results, scores, language):
        print(line)
    return 1 if any(r.get("status") in ("failed", "invalid") for r in results) else 0


def _cohort_parser(commands) -> None:
    from .cohort.config import DEFAULT_COURSE_ID
    from .handin import DEFAULT_EXCHANGE

    cohort = commands.add_parser("cohort", help=both("cli.help-cohort")).add_subparsers(
        dest="cohort_command", required=True)

    def command(name: str, run, modules: bool = False):
        sub = cohort.add_parser(name, help=run.__doc__, description=run.__doc__)
        sub.add_argument("course_dir", nargs="?", default=".", help=both("cli.help-course-dir"))
        if modules:
            sub.add_argument("--module", action="append", metavar="ID", help=both("cli.help-module"))
        sub.set_defaults(run=run)
        return sub

    init = command("init", cmd_cohort_init)
    init.add_argument("--course-id", default=DEFAULT_COURSE_ID)
    init.add_argument("--db-url", help=both("cli.help-db-url"))
    init.add_argument("--exchange", help=both("cli.help-exchange", exchange=DEFAULT_EXCHANGE))
    init.add_argument("--roster", help=both("cli.help-roster"))
    init.add_argument("--source", help=both("cli.help-source-init"))
    init.add_argument("--force", action="store_true", help=both("cli.help-force"))
    command("learners", cmd_cohort_learners).add_argument("roster", help=both("cli.help-roster-csv"))
    command("release", cmd_cohort_release, modules=True)
    command("collect", cmd_cohort_collect, modules=True)
    autograde = command("autograde", cmd_cohort_autograde, modules=True)
    autograde.add_argument("--learner", action="append", metavar="ID", help=both("cli.help-learner"))
    feedback = command("feedback", cmd_cohort_feedback, modules=True)
    feedback.add_argument("--no-pdf", action="store_true", help=both("cli.help-no-pdf-feedback"))
    command("grades", cmd_cohort_grades).add_argument("--out", default="grades.csv", help=both("cli.help-out"))
    dashboard = command("dashboard", cmd_cohort_dashboard)
    dashboard.add_argument("--port", type=int, default=8867)
    dashboard.add_argument("--ip", default="127.0.0.1")
    demo = command("demo", cmd_cohort_demo)
    demo.add_argument("--learners", type=int, default=30)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--source", help=both("cli.help-source"))
    lti_sync = command("lti-sync", cmd_cohort_lti_sync)
    lti_sync.add_argument("--service-url", metavar="URL", help="MANGFOLD_LTI_SERVICE_URL")
    lti_sync.add_argument("--learner", action="append", metavar="ID", help=both("cli.help-learner"))
    lti_sync.add_argument("--language", choices=LANGUAGES)
    post = cohort.add_parser("post", help=both("post.cli-help"), description=cmd_cohort_post.__doc__)
    post.add_argument("file", metavar="FILE.yaml", help=both("post.cli-help-file"))
    post.add_argument("--course", dest="course_dir", default=".", metavar="DIR", help=both("post.cli-help-course"))
    post.set_defaults(run=cmd_cohort_post)


# -- mangfold research -------------------------------------------------------------------------------
def cmd_research_export(args: argparse.Namespace) -> int:
    """Export the consenting learners' choices and scrubbed reflections as a pseudonymised, k-anonymous data package."""
    from .research.export import export

    result = export(args.course_dir, args.key_file, args.out, args.organisations)
    summary = result.summary
    print(f"{both('cli.research-data')}: {result.out}")
    print(both("cli.research-learners", exported=summary.learners_exported, consenting=summary.learners_consenting,
               found=summary.learners_found, suppressed=summary.learners_suppressed, k=summary.k))
    print(both("cli.research-scrubbed", count=sum(summary.scrubbed.values()), version=summary.scrubber_version))
    print(both("cli.research-key-stays"))
    return 0


def cmd_research_keygen(args: argparse.Namespace) -> int:
    """Write a new random pseudonym key (mode 0600); an existing file is never overwritten."""
    from .research.pseudonym import write_new_key

    path = write_new_key(args.key_file)
    print(f"{both('cli.key')}: {path} ({both('cli.keep-key-secret')})")
    return 0


def _research_parser(commands) -> None:
    research = commands.add_parser("research", help=both("cli.help-research")).add_subparsers(
        dest="research_command", required=True)
    export = research.add_parser("export", help=cmd_research_export.__doc__, description=cmd_research_export.__doc__)
    export.add_argument("course_dir", help=both("cli.help-export-course-dir"))
    export.add_argument("--key-file", required=True, help=both("cli.help-key-file"))
    export.add_argument("--out", required=True, help=both("cli.help-export-out"))
    export.add_argument("--organisations", metavar="FILE", help=both("cli.help-organisations"))
    export.set_defaults(run=cmd_research_export)
    keygen = research.add_parser("keygen", help=cmd_research_keygen.__doc__, description=cmd_research_keygen.__doc__)
    keygen.add_argument("key_file", help=both("cli.help-keygen-file"))
    keygen.set_defaults(run=cmd_research_keygen)


# -- mangfold cards ----------------------------------------------------------------------------------
def cmd_cards(args: argparse.Namespace) -> int:
    """Write the reflection cards for a management team's discussion: a PDF of A6 cards, four to an A4 page."""
    from . import atomic
    from .content.errors import ContentError
    from .summary.cards import CARDS_FILENAME, content_root_of, deck_pdf, reflection_cards

    output = Path(args.output or CARDS_FILENAME[args.language]).expanduser().absolute()
    problem = None
    if output.is_dir():
        problem = both("cli.cards-output-is-folder", name=CARDS_FILENAME[args.language])
    elif not output.parent.is_dir():
        problem = both("cli.cards-no-folder", folder=output.parent)
    if problem:
        print("mangfold:", f"{output}:", problem, file=sys.stderr)
        return 1
    root = content_root_of(_root(args))
    try:
        deck = reflection_cards(args.language, root)
        pdf = deck_pdf(deck)
    except ContentError as error:
        print(f"mangfold: {error}", file=sys.stderr)
        return 1
    try:
        atomic.write_bytes(output, pdf)
    except OSError as error:
        print("mangfold:", f"{output}:", both("cli.cards-not-written", reason=error.strerror or error), file=sys.stderr)
        return 1
    print(f"{both('cli.cards-written', count=len(deck.cards), pages=deck.pages)}: {output}")
    return 0


def _cards_parser(commands) -> None:
    cards = commands.add_parser("cards", help=both("cli.help-cards"), description=cmd_cards.__doc__)
    cards.add_argument("--language", choices=LANGUAGES, default="nb", help=both("cli.help-cards-language"))
    # also after the command (`mangfold cards --course DIR`); SUPPRESS keeps `mangfold --course DIR cards`
    cards.add_argument("--course", "--root", dest="course", metavar="FOLDER", default=argparse.SUPPRESS,
                       help=both("cli.help-course"))
    cards.add_argument("-o", "--output", metavar="FILE", help=both("cli.help-cards-output"))
    cards.set_defaults(run=cmd_cards)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mangfold", description=__doc__)
    main.add_argument("--version", action="version", version=f"mangfold {__version__}")
    main.add_argument("--course", "--root", dest="course", metavar="FOLDER",
                      help=both("cli.help-course"))
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help=cmd_check.__doc__).set_defaults(run=cmd_check)
    commands.add_parser("build", help=cmd_build.__doc__).set_defaults(run=cmd_build)
    commands.add_parser("release", help=cmd_release.__doc__).set_defaults(run=cmd_release)
    serve = commands.add_parser("serve", help=both("cli.help-serve"))
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--ip", default="127.0.0.1")
    serve.add_argument("--folder", help=both("cli.help-folder"))
    serve.set_defaults(run=cmd_serve)
    summary = commands.add_parser("summary", help=both("cli.help-summary")).add_subparsers(
        dest="summary_command", required=True)
    build = summary.add_parser("build", help=cmd_summary_build.__doc__)
    build.add_argument("course_dir", help=both("cli.help-summary-course-dir"))
    build.add_argument("--no-pdf", action="store_true", help=both("cli.help-no-pdf"))
    build.set_defaults(run=cmd_summary_build)
    _cohort_parser(commands)
    _research_parser(commands)
    _cards_parser(commands)
    _translations_parser(commands)
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
