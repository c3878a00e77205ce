#!/usr/bin/env python3
"""The atlas command line: check | build (default) | serve | schema | archive | new-case | from-issue
| diff | submission"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas import cli
from atlas.contribute.commands import add_contribution_commands

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="validate cases and references only")
    check.add_argument("paths", nargs="*", help="report only these files (all are still loaded)")
    check.add_argument(
        "--all", action="store_true", help="list every warning, also of lines your change does not touch"
    )
    sub.add_parser("build", help="validate, generate and build site/ (the default)")
    serve = sub.add_parser("serve", help="build, serve on localhost and rebuild on changes")
    serve.add_argument("--port", type=int, default=8000)
    sub.add_parser("schema", help="regenerate schema/case.schema.json from atlas/cases/model.py")
    archive = sub.add_parser("archive", help="the built site and its open data as a release's zip files")
    archive.add_argument("--out", default="dist", help="folder for the two zip files (default: dist)")
    archive.add_argument("--tag", help="the release's tag; refused unless it is v<version>")
    add_contribution_commands(sub)
    args = parser.parse_args(argv)
    return cli.run(args, ROOT)


if __name__ == "__main__":
    sys.exit(main())
