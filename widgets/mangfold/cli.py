"""The ``mangfold`` command: check content, build notebooks, generate the release, serve the course."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content.loader import find_module_dirs, validate_tree


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


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
    print(f"mangfold check: {len(modules)} module(s), nb and en, all valid")
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

    for module_dir in find_module_dirs(_root(args) / "source"):
        print(build_module_notebook(module_dir).relative_to(_root(args)))
    print(build_summary_assignment(_root(args) / "source").relative_to(_root(args)))
    print(write_if_changed(_root(args) / "notebooks" / HOME_NOTEBOOK, build_home_notebook()).relative_to(_root(args)))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Build the notebooks, then regenerate release/ with nbgrader (keeping local progress files)."""
    from .authoring.release import generate_release

    if cmd_check(args) or cmd_build(args):
        return 1
    root = _root(args)
    for module in generate_release(root / "source", root / "release"):
        print(f"release/{module}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serving import serve

    print(f"Kurset / the course: http://{args.ip}:{args.port}/  (Ctrl+C stops)", flush=True)
    serve(_root(args), args.port, args.ip)
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


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mangfold", description=__doc__)
    main.add_argument("--root", default=".", help="the course repository (default: the current folder)")
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help=cmd_check.__doc__).set_defaults(run=cmd_check)
    commands.add_parser("build", help=cmd_build.__doc__).set_defaults(run=cmd_build)
    commands.add_parser("release", help=cmd_release.__doc__).set_defaults(run=cmd_release)
    serve = commands.add_parser("serve", help="serve the course in Voilà")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--ip", default="127.0.0.1")
    serve.set_defaults(run=cmd_serve)
    summary = commands.add_parser("summary", help="learners' summaries for trainers").add_subparsers(
        dest="summary_command", required=True)
    build = summary.add_parser("build", help=cmd_summary_build.__doc__)
    build.add_argument("course_dir", help="an nbgrader course directory with autograded/")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster; Chromium not needed)")
    build.set_defaults(run=cmd_summary_build)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
