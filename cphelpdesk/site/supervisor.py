"""Runs the service's processes together and stops them together, without Django.

`manage.py serve` prepares the processes and the banner, then becomes this module (`os.execve`): the process
that only watches its children then holds no copy of the application (about 90 MB of PSS otherwise).
Standard library only: nothing here may import Django or the project's apps.
"""

import json
import signal
import subprocess
import sys
import time

STOP_GRACE_SECONDS = 15


def run(components: dict[str, list[str]], banner: str) -> int:
    """Start each component in its own session, print `banner`, and wait: the first Ctrl-C or SIGTERM, or a
    component that dies, stops them all. Returns the exit code."""
    stopping = {"signal": None}

    def request_stop(signum, frame):
        stopping["signal"] = signum

    # Handlers first: a Ctrl-C while starting must still stop what was started.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    processes: dict[str, subprocess.Popen] = {}
    exit_code = 0
    try:
        for name, argv in components.items():
            # A session of its own, so that a terminal's Ctrl-C reaches only us and we stop the children in
            # order instead of them dying mid-request.
            processes[name] = subprocess.Popen(argv, start_new_session=True)  # noqa: S603
        print(banner, flush=True)
        while stopping["signal"] is None:
            died = [name for name, proc in processes.items() if proc.poll() is not None]
            if died:
                print(f"{', '.join(died)} stopped unexpectedly; stopping the service.", file=sys.stderr, flush=True)
                exit_code = 1
                break
            time.sleep(0.5)
    except Exception:
        exit_code = 1
        raise
    finally:
        stop(processes)
    return exit_code


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """Ask every child to stop, then kill what is still running after STOP_GRACE_SECONDS."""
    print("Stopping: " + ", ".join(processes), flush=True)
    for proc in processes.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for proc in processes.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print("Stopped.", flush=True)


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    sys.exit(run(spec["components"], spec["banner"]))
