#!/usr/bin/env python3
"""Set up and run eventcoder with nothing but Python.

    python3 dev.py demo    # code the bundled example article, as a table
    python3 dev.py test    # run the whole test suite


Creates `.venv/` beside this file on first use, installs the pinned dependencies from
`requirements.lock` (each file checked against its sha256 there) and the package itself,
checks the spaCy model package (`python -m eventcoder.integrity`), then runs the command.
Re-running skips the install while the lock file is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".eventcoder-installed"
EXAMPLE = ROOT / "src" / "eventcoder" / "examples" / "border_truce.txt"
EXAMPLE_PUBLISHED = "2025-03-14"


def run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


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
    # Build the gazetteer index cache now (about 3 s, once), so the first coding starts fast.
    run(
        BIN / "python",
        "-c",
        "from eventcoder.knowledge.gazetteer import load_gazetteer; load_gazetteer()",
    )
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "setup"}:
        print(__doc__)
        return 2
    setup()
    command = argv[0]
    if command == "demo":
        eventcoder = BIN / "eventcoder"
        args = argv[1:] or ["code", EXAMPLE, "--published", EXAMPLE_PUBLISHED, "--format", "table"]
        return subprocess.run([str(eventcoder), *map(str, args)], cwd=ROOT).returncode
    if command == "test":
        return subprocess.run([str(BIN / "python"), "-m", "pytest", *argv[1:]], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
