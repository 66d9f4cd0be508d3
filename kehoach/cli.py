"""The `kehoach` command line: a thin layer over the Python API.

Each group of commands lives in its own module under kehoach/commands/; they import
their heavy dependencies inside the command functions so `kehoach --help` stays fast.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys

import click

from kehoach import settings

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# module name under kehoach.commands -> the click commands it defines
COMMANDS = {
    "export": ["export"],
    "model": ["model"],
    "index": ["index", "search", "similar"],
    "ask": ["ask", "eval_"],
    "serve": ["serve"],
}


class _Messages(logging.Formatter):
    """The library logs; the CLI shows its notices as one line each on stderr."""

    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        return f"kehoach: {level}{record.getMessage()}"


def show_library_messages() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Messages())
    root = logging.getLogger("kehoach")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if settings.debug() else logging.INFO)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Tìm kiếm và hỏi đáp trên các kế hoạch cấp xã (Nghị quyết 57-NQ/TW)."""
    show_library_messages()


def _register() -> None:
    for module, names in COMMANDS.items():
        mod = importlib.import_module(f"kehoach.commands.{module}")
        for name in names:
            cli.add_command(getattr(mod, name))


_register()


def main() -> None:
    """Entry point: no traceback reaches the user unless KEHOACH_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # the last line of defence; commands report expected errors themselves
        if settings.debug():
            raise
        click.echo(f"kehoach: error: {e} (set KEHOACH_DEBUG=1 for details)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
