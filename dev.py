#!/usr/bin/env python3
"""Set up and run eventcoder with nothing but Python.

    python3 dev.py demo    # code the bundled example article, as a table
    python3 dev.py test    # run the whole test suite
    python3 dev.py serve   # the HTTP API and the web page on the embedded store, the example
                           # already coded: http://127.0.0.1:8000/
    python3 dev.py setup   # only set up (as root, also Debian's Chromium for the browser tests)
    python3 dev.py audit   # check requirements.lock for known vulnerabilities (needs PyPI):
                           # pip-audit, pinned in requirements-audit.lock, in .venv-audit/


Creates `.venv/` beside this file on first use, installs the pinned dependencies from
`requirements.lock` (each file checked against its sha256 there) and the package itself,
checks the spaCy model package (`python -m eventcoder.integrity`), then runs the command.
Re-running skips the install while the lock file is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".eventcoder-installed"
AUDIT_VENV = ROOT / ".venv-audit"
AUDIT_BIN = AUDIT_VENV / ("Scripts" if os.name == "nt" else "bin")
AUDIT_LOCK = ROOT / "requirements-audit.lock"
AUDIT_STAMP = AUDIT_VENV / ".audit-installed"
EXAMPLE = ROOT / "src" / "eventcoder" / "examples" / "border_truce.txt"
EXAMPLE_PUBLISHED = "2025-03-14"
CHROMIUM = Path("/usr/bin/chromium")
"""The browser of the web page's tests (tests/web), Debian's own: Playwright drives it, and
never downloads one."""


def run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def chromium() -> None:
    """Install Debian's Chromium for the browser tests when it is missing and we may (root, apt);
    otherwise say what the tests will lack. Never fails the setup: tests/web says it again."""
    if CHROMIUM.exists() or os.name == "nt":
        return
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        why = "no apt-get" if apt is None else "not root"
        print(
            f"Chromium is missing ({CHROMIUM}) and cannot be installed here ({why}): the "
            "browser tests (tests/web) will fail; install it with: apt-get install -y chromium",
            flush=True,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium"]):
        print(f"For the browser tests (tests/web): {' '.join(command)}", flush=True)
        if subprocess.run(command, env=env).returncode != 0:
            print(f"`{' '.join(command)}` failed: the browser tests will fail", flush=True)
            return


def setup() -> None:
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    pip = [BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    print("Installing pinned dependencies (requirements.lock, hashes checked) ...", flush=True)
    # Every file pip installs must match a sha256 in the lock (scripts/lock.py writes them).
    # --no-deps: the lock is the whole environment, and pip's hash-checking mode refuses a
    # dependency asked for with an extra (jusText wants lxml[html_clean]) as unpinned.
    run(*pip, "--require-hashes", "--no-deps", "-r", LOCK)
    run(*pip, "--no-deps", "--no-build-isolation", "-e", ".")
    # The spaCy model is a re-upload: check it against Explosion's release and the vetted files.
    run(BIN / "python", "-m", "eventcoder.integrity")
    # Build the gazetteer index cache now (about 10 s, once), so the first coding starts fast.
    run(
        BIN / "python",
        "-c",
        "from eventcoder.knowledge.gazetteer import load_gazetteer; load_gazetteer()",
    )
    STAMP.write_text(wanted)


def audit(args: list[str]) -> int:
    """scripts/audit.py ARGS with pip-audit, installed (once per lock) into its own environment:
    the auditor's dependencies never enter, or have to agree with, the project's .venv."""
    wanted = hashlib.sha256(AUDIT_LOCK.read_bytes()).hexdigest()
    if not (AUDIT_STAMP.exists() and AUDIT_STAMP.read_text() == wanted):
        if not (AUDIT_BIN / "python").exists():
            # On standard error, so that `dev.py audit --json` prints its JSON alone.
            print("Creating .venv-audit ...", file=sys.stderr, flush=True)
            venv.create(AUDIT_VENV, with_pip=True)
        print(
            "Installing pip-audit (requirements-audit.lock, hashes checked) ...",
            file=sys.stderr,
            flush=True,
        )
        run(
            AUDIT_BIN / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            AUDIT_LOCK,
        )
        AUDIT_STAMP.write_text(wanted)
    command = [str(AUDIT_BIN / "python"), str(ROOT / "scripts" / "audit.py"), *args]
    return subprocess.run(command, cwd=ROOT).returncode


def serve(args: list[str]) -> int:
    """`eventcoder serve ARGS`; on first use, the embedded default store gets the example."""
    eventcoder = str(BIN / "eventcoder")
    where = [
        str(BIN / "python"),
        "-c",
        "from eventcoder.api import default_store_path as d; print(d())",
    ]
    store = Path(subprocess.run(where, check=True, capture_output=True, text=True).stdout.strip())
    if "--store" not in args and not store.exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        print(f"Coding the example article into {store} ...", flush=True)
        batch = [eventcoder, "batch", str(EXAMPLE), "--store", str(store)]
        run(*batch, "--published", EXAMPLE_PUBLISHED, "--workers", "1", "--quiet")
    try:
        return subprocess.run([eventcoder, "serve", *args], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "setup", "serve", "audit"}:
        print(__doc__)
        return 2
    command = argv[0]
    if command == "audit":  # needs neither the project's .venv nor Chromium
        return audit(argv[1:])
    if command in {"setup", "test"}:
        chromium()
    setup()
    if command == "demo":
        eventcoder = BIN / "eventcoder"
        args = argv[1:] or ["code", EXAMPLE, "--published", EXAMPLE_PUBLISHED, "--format", "table"]
        return subprocess.run([str(eventcoder), *map(str, args)], cwd=ROOT).returncode
    if command == "serve":
        return serve(argv[1:])
    if command == "test":
        return subprocess.run([str(BIN / "python"), "-m", "pytest", *argv[1:]], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
