"""The `artlint` application: every command registered, in the order `--help` shows them.

A command is a function in its own module (``check``, ``fix``, ``commands``, ``shards``)
that turns options into settings, runs the pipeline and hands the run to a renderer;
this module only names them.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Annotated, Any

import typer

from linter.cli import check, commands, fix, shards
from linter.version import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find and strip scraping artefacts from article text.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"artlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Find and strip scraping artefacts from article text."""


app.command()(check.check)
app.command()(fix.fix)
app.command("rules")(commands.list_rules)
app.command()(commands.explain)
app.command()(commands.score)
app.command()(commands.clean)
app.command("config")(commands.show_config)
app.command("new-rule")(commands.new_rule)
app.command("test-rules")(commands.test_rules)
app.add_typer(shards.app, name="shards")  # JSON Lines shards on a distributed engine


def main() -> None:
    _for_command(sys.argv[1:2])(prog_name="artlint")


def _for_command(first: list[str]) -> typer.Typer:
    """The app, with only the command the arguments name when they name one: typer builds
    every registered command's options (~15 ms for all of them) before parsing any."""
    if not first or os.environ.get("_ARTLINT_COMPLETE"):
        return app
    commands = [c for c in app.registered_commands if _command_name(c) == first[0]]
    groups = [g for g in app.registered_groups if g.name == first[0]]
    if not commands and not groups:
        return app  # an option, or a mistyped command that typer names
    narrowed = copy.copy(app)
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


def _command_name(command: Any) -> str:
    return command.name or command.callback.__name__.lower().replace("_", "-")

