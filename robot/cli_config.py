"""`robot config check|show`."""

from __future__ import annotations

import argparse

from robot.context import Context


def _check(args: argparse.Namespace, ctx: Context) -> int:
    # Loading already validated everything; reaching here means the file is good.
    print(f"configuration OK: {ctx.config_path or 'built-in defaults'}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    from robot.cli import config_show

    p = sub.add_parser("config", help="check or show the configuration")
    s = p.add_subparsers(dest="config_command", metavar="ACTION")
    s.required = True
    s.add_parser("check", help="validate the YAML file").set_defaults(handler=_check)
    s.add_parser("show", help="print the effective settings").set_defaults(handler=config_show)
