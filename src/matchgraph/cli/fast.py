"""Replaying the output of commands whose output is fixed by their inputs, without importing Typer,
Rich or the store: ``--help`` (fixed by the code and the terminal) and ``show KEY`` on a SQLite or
PostgreSQL catalog (fixed by the code, the terminal and the catalog's state, see passport_cache.show_stamp;
``show KEY --json`` also by the artifact's live counters, which the text does not print, so a logged
search moves the key of the JSON only and the text of the next ``show`` is still a replay).

The first run of such a command goes through the Typer application as always, with its stdout and
stderr recorded; a run that ends with exit status 0 is stored in the disk cache under a key made of
the arguments, the catalog stamp, the terminal (width, whether it is one, colour variables) and the
sizes and times of the package's source files and of the installed Typer, Click and Rich. A later run
with the same key writes the stored bytes and exits: same output, a fraction of the start-up time.

The top-level ``--help`` is plain Click help (the application sets no Rich markup): its text is fixed
by the program name, the code and the width Click wraps it to (the terminal's columns, at most 80, less
2, at least 50), whatever the terminal is. Its key names that width rather than the terminal, so
``init`` can store it for every width (:func:`store_help`) and the first ``--help`` after installing
and initialising builds no application either."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Callable
from typing import Any

FORMAT = "1"
_ENV = ("COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
_SEP = b"\x00--stderr--\x00"


def _db_and_rest(argv: list[str]) -> tuple[str | None, list[str]] | None:
    """The global ``--db`` value and the arguments after it (None when the shape is not a plain one)."""
    db = None
    rest = list(argv)
    if rest and rest[0] == "--db" and len(rest) >= 2:
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    return db, rest


def show_args(argv: list[str]) -> tuple[str | None, str, bool] | None:
    """(``--db`` value, KEY, ``--json``) for a plain ``[--db URL] show KEY [--json]``; None otherwise."""
    if "--help" in argv:
        return None
    shape = _db_and_rest(argv)
    if shape is None:
        return None
    db, rest = shape
    if not rest or rest[0] != "show" or len(rest) > 3:
        return None
    args = [a for a in rest[1:] if a != "--json"]
    if len(args) != 1 or args[0].startswith("-"):
        return None
    return db, args[0], "--json" in rest[1:]


def _catalog_stamp(argv: list[str]) -> str | None:
    """"" for a help request; the catalog stamp for ``show KEY [--json]`` on SQLite; None otherwise."""
    if not argv or "--help" in argv:
        return ""
    shown = show_args(argv)
    if shown is None:
        return None
    db = shown[0]
    if db is None:
        from matchgraph.settings import ENV_DB, default_db_url

        db = os.environ.get(ENV_DB) or default_db_url()
    from matchgraph.cli.passport_cache import show_stamp

    return show_stamp(db, shown[1], counters=shown[2])


_CODE_STAMP: list[str] = []


def code_stamp() -> list[str]:
    """What the output of this package depends on besides its inputs: Python, its sources, Typer/Click/Rich
    (read once a process)."""
    if not _CODE_STAMP:
        _CODE_STAMP.extend(_read_code_stamp())
    return list(_CODE_STAMP)


def _read_code_stamp() -> list[str]:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parts = [sys.version]
    for dirpath, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".toml", ".yaml", ".txt")):
                st = os.stat(os.path.join(dirpath, name))
                parts.append(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}")
    from importlib.util import find_spec

    for dist in ("typer", "click", "rich"):
        try:
            spec = find_spec(dist)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec and spec.origin else ""
        if origin:
            st = os.stat(os.path.dirname(origin))
            parts.append(f"{origin}:{st.st_mtime_ns}")
    return parts


def _terminal() -> list[str]:
    parts = [f"{k}={os.environ.get(k, '')}" for k in _ENV]
    for stream in (sys.stdin, sys.stdout, sys.stderr):  # piped, the text is as wide as a terminal on any of them
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        parts.append(str(tty))
        if tty:
            try:
                parts.append(str(os.get_terminal_size(stream.fileno())))
            except (OSError, ValueError):
                parts.append("?")
    return parts


def help_width() -> int:
    """The width Click wraps help to in this process (click.formatting.HelpFormatter's default)."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


HELP_WIDTHS = range(50, 79)  # every value help_width() can take
_TOP_HELP = ["--help"]


SCRIPT = "matchgraph"  # the console script (pyproject [project.scripts])


def prog_name() -> str:
    """The program name Click prints in this process's usage line (click.utils._detect_program_name):
    the script's file name, or ``python -m PACKAGE`` when run as a module."""
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv and sys.argv[0] else ""
    package = getattr(main, "__package__", None)
    if package in (None, ""):
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def _help_key(prog: str, width: int, encoding: str) -> str:
    return "\x00".join([FORMAT, "help", prog, *_TOP_HELP, "\x01", str(width), encoding, "\x01", *code_stamp()])


def _encoding() -> str:
    return (getattr(sys.stdout, "encoding", None) or "utf-8").lower()


def _file_for(key: str) -> Any:
    from matchgraph.cli import disk_cache

    return disk_cache.path("output", hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest(), ".out")


def cache_file(argv: list[str]) -> Any | None:
    """The cache file for this command line, or None when its output is not fixed by its inputs."""
    try:
        if argv == _TOP_HELP:
            return _file_for(_help_key(prog_name(), help_width(), _encoding()))
        prog = os.path.basename(sys.argv[0])
        stamp = _catalog_stamp(argv)
        if stamp is None:
            return None
        key = "\x00".join([FORMAT, stamp, prog, *argv, "\x01", *_terminal(), "\x01", *code_stamp()])
    except (OSError, ValueError):
        return None
    return _file_for(key)


def store_help() -> int:
    """Store the top-level ``--help`` of the application (every command registered) at every width it can be
    wrapped to, for the console script and for this process's program name, as a run of ``--help``
    would record it; returns how many were stored."""
    import contextlib

    import typer.main

    import matchgraph.cli
    from matchgraph.cli import disk_cache

    command = typer.main.get_command(matchgraph.cli.app)
    progs = dict.fromkeys([SCRIPT, prog_name()])
    encoding = _encoding()
    saved = os.environ.get("COLUMNS")
    stored = 0
    try:
        for width in HELP_WIDTHS:
            os.environ["COLUMNS"] = str(width + 2)
            if help_width() != width:
                continue
            for prog in progs:
                text = io.StringIO()
                try:
                    with contextlib.redirect_stdout(text):
                        command.main(args=list(_TOP_HELP), prog_name=prog, standalone_mode=True)
                except SystemExit as exc:
                    if exc.code not in (0, None):
                        continue
                disk_cache.write(_file_for(_help_key(prog, width, encoding)),
                                 text.getvalue().encode(encoding, "replace") + _SEP)
                stored += 1
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return stored


def replay(file: Any) -> bool:
    """Write the stored output of ``file`` (True), or nothing when there is none (False)."""
    from matchgraph.cli import disk_cache

    data = disk_cache.read(file)
    if data is None or _SEP not in data:
        return False
    out, err = data.split(_SEP, 1)
    for stream, chunk in ((sys.stdout, out), (sys.stderr, err)):
        if chunk:
            stream.buffer.write(chunk) if hasattr(stream, "buffer") else stream.write(chunk.decode())
            stream.flush()
    return True


class _Tee:
    """A text stream that writes through to ``real`` and keeps a copy."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self._real.write(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def record(file: Any, run: Callable[[], Any]) -> None:
    """Run the command with its output recorded; store the recording when it exits with status 0."""
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err
    code: Any = 0
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        sys.stdout, sys.stderr = out._real, err._real
        if code in (0, None):
            from matchgraph.cli import disk_cache

            enc = getattr(out._real, "encoding", None) or "utf-8"
            data = out.copy.getvalue().encode(enc, "replace") + _SEP + err.copy.getvalue().encode(enc, "replace")
            disk_cache.write(file, data)
