"""Runs the service's processes together and stops them together, forked from one copy of the application.

`manage.py serve` prepares the processes and the banner, then becomes this module (`os.execve`): a fresh
process that sets up Django, loads the application (`preload`, the web server's entry point: every app, every
view and the libraries they write files with), and forks the web server (gunicorn's master, which forks its
workers in turn), the task worker and the mail gateway from it. Their memory pages start shared with this
process, so the application counts once in the machine's memory instead of once a process (issue #17: about
75 MB of PSS less after five minutes of use, docs/performance.md); each process copies only the pages it writes
to. This process then only watches its children.
"""

import contextlib
import ctypes
import gc
import json
import os
import signal
import sys
import time
import traceback
from importlib import import_module

import django
from django.conf import settings
from django.db import connections
from django.template import engines
from django.utils import translation

STOP_GRACE_SECONDS = 15
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
SPEC_VARIABLE = "CPH_SUPERVISOR_SPEC"  # what `manage.py serve` asks for: the components, the banner, the preload


def run(components: dict[str, list[str]], banner: str, preload: str, grace: float = STOP_GRACE_SECONDS) -> int:
    """Load `preload`, start each component in its own session, print `banner`, and wait: the first Ctrl-C or
    SIGTERM, or a component that dies, stops them all. Returns the exit code.

    A component is a command line: `["gunicorn", ARGS...]` runs gunicorn, `["django", COMMAND, ARGS...]` a
    management command. A component still running `grace` seconds after it was asked to stop is killed with
    everything it started."""
    stopping = {"signal": None}

    def request_stop(signum, frame):
        stopping["signal"] = signum

    # Handlers first: a Ctrl-C while starting must still stop what was started.
    for signum in STOP_SIGNALS:
        signal.signal(signum, request_stop)
    # No collection while loading: the objects a collection frees leave holes in pages that every child would
    # then fill with its own objects, copying each page (Python's advice for gc.freeze).
    gc.disable()
    prepare(preload)
    children: dict[str, int] = {}
    exit_code = 0
    try:
        for name, argv in components.items():
            if stopping["signal"] is not None:
                break
            children[name] = fork(name, argv)
        if stopping["signal"] is None:
            print(banner, flush=True)
        while stopping["signal"] is None:
            died = {name: status for name, pid in children.items() if (status := exit_status(pid)) is not None}
            if died:
                for name in died:
                    del children[name]
                how = ", ".join(f"{name} (exit status {status})" for name, status in died.items())
                print(f"{how} stopped unexpectedly; stopping the service.", file=sys.stderr, flush=True)
                exit_code = 1
                break
            time.sleep(0.5)
    except Exception:
        exit_code = 1
        raise
    finally:
        stop(children, grace)
    return exit_code


def prepare(preload: str) -> None:
    """Load what the children share, and leave nothing behind that must not be shared across a fork."""
    django.setup()
    import_module(preload)
    # What the web worker and the task worker would each load on first use, once for both: every language's
    # catalogs (mail goes out in its recipient's language) and the template engine with its tag libraries.
    for code, _name in settings.LANGUAGES:
        translation.activate(code)  # activating a language loads its catalogs
    translation.deactivate()
    engines.all()
    # The preload reads no data, but a connection opened by any import must not be used by two processes.
    connections.close_all()
    # Everything loaded lives as long as the processes: out of the cyclic garbage collector's reach, or its full
    # collections write to every object's header in each child and copy the pages shared with this process
    # (gc.freeze, as Instagram's forking servers do; reference counts of what a child touches still copy pages).
    gc.freeze()


def fork(name: str, argv: list[str]) -> int:
    """Start `argv` in a child process forked from this one, in a session of its own (so that a terminal's Ctrl-C
    reaches only the supervisor, which stops the children in order instead of them dying mid-request)."""
    sys.stdout.flush()
    sys.stderr.flush()
    # No stop signal may reach the child between the fork and its own handlers: it would run ours.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        raise
    if pid:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        return pid
    code = 1
    try:
        os.setsid()
        gc.enable()
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        name_process(f"cph-{name}")
        code = run_component(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            print(exit_.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        # Never back into the supervisor's loop, nor through its exit handlers.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_component(argv: list[str]) -> int:
    """Run one component in this (forked) process, as `python -m gunicorn ARGS` or `manage.py COMMAND` would."""
    program, *args = argv
    if program == "gunicorn":
        from gunicorn.app.wsgiapp import run as gunicorn  # noqa: PLC0415 (only gunicorn's process runs it)

        # As `python -m gunicorn` would have it: gunicorn re-executes its argv on SIGUSR2 (a binary upgrade).
        sys.argv = [import_module("gunicorn.__main__").__file__, *args]
        gunicorn(prog="gunicorn")
    elif program == "django":
        from django.core.management import execute_from_command_line  # noqa: PLC0415 (as above)

        execute_from_command_line(["manage.py", *args])
    else:
        raise ValueError(f"unknown program {program!r}")
    return 0


def name_process(name: str) -> None:
    """Name this process as `ps`, `top` and /proc/PID/comm show it (Linux; at most 15 bytes): a forked child's
    command line is still the supervisor's."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the name is cosmetic
        ctypes.CDLL(None, use_errno=True).prctl(15, name.encode()[:15], 0, 0, 0)  # 15: PR_SET_NAME


def exit_status(pid: int) -> int | None:
    """Child `pid`'s exit status once it has ended (and reaped), None while it runs; a signal's is negative."""
    try:
        reaped, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status) if reaped == pid else None


def stop(children: dict[str, int], grace: float = STOP_GRACE_SECONDS) -> None:
    """Ask every child to stop, then kill what is still running after `grace` seconds, with every process it
    started (each child leads a session, whose process group has its pid): gunicorn's workers would otherwise
    keep the port."""
    print("Stopping: " + ", ".join(children), flush=True)
    for pid in children.values():
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    running = dict(children)
    while running and time.monotonic() < deadline:
        running = {name: pid for name, pid in running.items() if exit_status(pid) is None}
        time.sleep(0.1)
    for pid in running.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print("Stopped.", flush=True)


if __name__ == "__main__":
    # In the environment, not the command line, which every user's `ps` shows, for every forked child too (the
    # banner holds the demo logins); taken out of it so that the children do not inherit it.
    spec = json.loads(os.environ.pop(SPEC_VARIABLE))
    sys.exit(run(spec["components"], spec["banner"], spec["preload"], spec.get("grace", STOP_GRACE_SECONDS)))
