#!/usr/bin/env python3
"""Rewrite requirements.lock in place with the sha256 hashes of every pinned distribution.

    python3 scripts/lock.py            # rewrite requirements.lock (idempotent)
    python3 scripts/lock.py --check    # exit 1 if the lock's hashes differ from PyPI's
    python3 scripts/lock.py --lock requirements-audit.lock   # the audit tool's own lock

The pins (``name==version`` lines) are read from the lock itself, so adding a dependency is:
add its ``name==version`` line (and its dependencies', e.g. from ``pip freeze`` of a clean
install of ``.[test,ray]``), then run this script. For each pin, every file PyPI holds for that
exact version (each wheel, for every platform, and the sdist) is listed with its sha256 from
PyPI's JSON simple API (PEP 691), the hashes ``pip install --require-hashes`` accepts; pip
refuses any other file. A pin PyPI does not have is fetched with ``pip download --no-deps``
(from the indexes pip is configured with) and hashed, with a warning. Needs network; nothing
else in the project does. Python standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
SIMPLE = "https://pypi.org/simple/{name}/"
ACCEPT = "application/vnd.pypi.simple.v1+json"
HEADER = """\
# Every dependency, pinned, with the sha256 of each file PyPI holds for it:
# dev.py installs with `pip install --require-hashes --no-deps -r requirements.lock` (the lock
# is the whole environment; `pip check` confirms it is consistent).
# The pins are a pip freeze of a clean install of `.[test,ray]`. To add or bump one: edit its
# `name==version` line (and its dependencies'), then run `python3 scripts/lock.py`, which reads
# the pins from this file and rewrites it in place with the hashes (idempotent; needs network).
# setuptools builds the editable install (dev.py installs it without build isolation).
"""
# name, [extras], version: an extra a dependency asks for (jusText wants lxml[html_clean]) must
# be on the pin too, or pip's hash-checking mode refuses it as unpinned.
_PIN_RE = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9._,-]+\])?==([^\s\\;#]+)\s*(?:\\)?\s*$"
)
_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2")


@dataclass(frozen=True, slots=True)
class Pin:
    name: str
    version: str
    extras: str = ""  # "[html_clean]", kept on the line as written


def canonical(name: str) -> str:
    """PEP 503 normalised name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(text: str) -> list[Pin]:
    """The ``name==version`` lines of a lock or requirements file, in order (hashes, comments
    and continuation lines ignored); a duplicate is an error."""
    pins: list[Pin] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("--"):
            continue
        match = _PIN_RE.match(stripped)
        if match is None:
            raise SystemExit(f"requirements.lock line {number}: not a name==version pin: {line!r}")
        pin = Pin(match.group(1), match.group(3), match.group(2) or "")
        if canonical(pin.name) in seen:
            raise SystemExit(f"requirements.lock line {number}: {pin.name} is pinned twice")
        seen.add(canonical(pin.name))
        pins.append(pin)
    return pins


def file_version(filename: str, name: str) -> str | None:
    """The version a distribution file is of, if it is a file of ``name`` (wheel or sdist)."""
    if filename.endswith(".whl"):
        parts = filename[: -len(".whl")].split("-")
        if len(parts) >= 5 and canonical(parts[0]) == canonical(name):
            return parts[1]
        return None
    for suffix in _SDIST_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            project, _, version = stem.rpartition("-")
            return version if canonical(project) == canonical(name) else None
    return None


def same_version(a: str, b: str) -> bool:
    """Versions equal by PEP 440 normalisation (enough of it: case, leading zeros, ``v``)."""

    def norm(v: str) -> str:
        v = v.lower().lstrip("v").replace("_", ".").replace("-", ".")
        return ".".join((p.lstrip("0") or "0") if p.isdigit() else p for p in v.split("."))

    return norm(a) == norm(b)


def pypi_hashes(pin: Pin) -> list[str]:
    """sha256 of every file PyPI holds for ``pin`` (empty if PyPI has none)."""
    request = urllib.request.Request(SIMPLE.format(name=canonical(pin.name)))
    request.add_header("Accept", ACCEPT)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            index = json.load(response)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return []
        raise
    hashes = set()
    for entry in index.get("files", []):
        version = file_version(entry["filename"], pin.name)
        digest = entry.get("hashes", {}).get("sha256")
        if version is not None and digest and same_version(version, pin.version):
            hashes.add(digest)
    return sorted(hashes)


def downloaded_hashes(pin: Pin) -> list[str]:
    """sha256 of the file(s) ``pip download`` fetches for ``pin`` from the configured indexes."""
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--dest",
                tmp,
                f"{pin.name}=={pin.version}",
            ],
            check=True,
        )
        return sorted(hashlib.sha256(path.read_bytes()).hexdigest() for path in Path(tmp).iterdir())


def header_of(text: str) -> str:
    """The comment lines a lock opens with, kept when it is rewritten (``HEADER`` if none)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines) or HEADER


def locked(pins: list[Pin], hashes: dict[Pin, list[str]], header: str = HEADER) -> str:
    lines = [header.rstrip("\n")]
    for pin in pins:
        hashed = [f"    --hash=sha256:{h}" for h in hashes[pin]]
        entries = [f"{pin.name}{pin.extras}=={pin.version}", *hashed]
        lines.append(" \\\n".join(entries))
    return "\n".join(lines) + "\n"


def locked_hashes(text: str) -> dict[str, set[str]]:
    """The hashes a lock lists, per canonical name."""
    result: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        match = _PIN_RE.match(stripped)
        if match:
            current = canonical(match.group(1))
            result[current] = set()
        elif current and stripped.startswith("--hash=sha256:"):
            result[current].add(stripped.split(":", 1)[1].rstrip(" \\"))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--check", action="store_true", help="compare, do not rewrite")
    args = parser.parse_args(argv)
    text = args.lock.read_text(encoding="utf-8")
    pins = read_pins(text)
    hashes: dict[Pin, list[str]] = {}
    for pin in pins:
        found = pypi_hashes(pin)
        if not found:
            print(f"warning: PyPI has no {pin.name}=={pin.version}; hashing pip download's file")
            found = downloaded_hashes(pin)
        hashes[pin] = found
        print(f"{pin.name}=={pin.version}: {len(found)} file(s)", file=sys.stderr)
    new = locked(pins, hashes, header_of(text))
    if args.check:
        have = locked_hashes(text)
        stale = [p.name for p in pins if have.get(canonical(p.name), set()) != set(hashes[p])]
        print("lock up to date" if not stale else f"hashes differ for: {', '.join(stale)}")
        return 1 if stale else 0
    if new != text:
        args.lock.write_text(new, encoding="utf-8")
    print(f"{args.lock.name}: {len(pins)} pins, {sum(map(len, hashes.values()))} hashes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
