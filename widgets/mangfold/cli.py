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
    from .authoring.notebook import build_home_notebook, build_module_notebook, write_if_changed
    from .ui.home import HOME_NOTEBOOK

    for module_dir in find_module_dirs(_root(args) / "source"):
        print(build_module_notebook(module_dir).relative_to(_root(args)))
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
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
