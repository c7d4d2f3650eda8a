#!/usr/bin/env python3
"""Audit requirements.lock for known vulnerabilities: pip-audit, then PyPI's project data.

    python3 dev.py audit                               # installs the tool, runs this
    .venv-audit/bin/python scripts/audit.py            # the same, once .venv-audit exists
    .venv-audit/bin/python scripts/audit.py --json     # one JSON object
    python3 scripts/audit.py --pip-audit-json FILE     # read a saved pip-audit result instead

Two sources, both PyPI's (OSV and PYSEC advisories, as PyPI publishes them):

1. ``pip-audit -r requirements.lock --require-hashes --disable-pip --vulnerability-service pypi
   --format json`` (pip-audit from ``requirements-audit.lock``, in ``.venv-audit/``): for each
   pin, the ``vulnerabilities`` of PyPI's release document ``/pypi/NAME/VERSION/json``. Nothing
   is installed or resolved: the lock is the whole environment.
2. For each pin pip-audit could not audit (its ``skip_reason``; where the release documents
   cannot be reached it is every pin), the project document ``/pypi/NAME/json``, whose
   ``vulnerabilities`` are those of the project's latest release: when the pin is that
   release they are the pin's own and the pin counts as audited; otherwise the pin is listed
   as not audited, beside the latest version (an advisory fixed before the latest release
   does not show there, so nothing can be said of an older pin from it).

Withdrawn advisories are left out. Exit status: 0 every pin audited and none has a known
vulnerability; 1 a known vulnerability (listed with the versions that fix it); 2 none found,
but some pins could not be audited; 3 the audit could not run (no pip-audit, no network).
Needs network (PyPI); the test suite never runs it, only its parsing (tests/test_audit.py, on
recorded results). Standard library only, besides pip-audit run as a command.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from lock import Pin, canonical, read_pins, same_version  # noqa: E402

ROOT = HERE.parent
LOCK = ROOT / "requirements.lock"
PROJECT_URL = "https://pypi.org/pypi/{name}/json"

# Where a pin's verdict came from.
PIP_AUDIT = "pip-audit"  # pip-audit read the pin's own release document
LATEST = "project"  # the pin is the project's latest release: the project document's list
UNAUDITED = "unaudited"


@dataclass(frozen=True, slots=True)
class Vulnerability:
    id: str
    fix_versions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True, slots=True)
class PinAudit:
    """What the audit knows of one pin."""

    name: str
    version: str
    source: str  # PIP_AUDIT, LATEST or UNAUDITED
    vulnerabilities: tuple[Vulnerability, ...] = ()
    note: str = ""  # why a pin is not audited (pip-audit's skip reason, the latest version)


@dataclass(slots=True)
class AuditReport:
    lock: str
    pins: list[PinAudit] = field(default_factory=list)

    @property
    def vulnerable(self) -> list[PinAudit]:
        return [p for p in self.pins if p.vulnerabilities]

    @property
    def unaudited(self) -> list[PinAudit]:
        return [p for p in self.pins if p.source == UNAUDITED]

    def exit_status(self) -> int:
        if self.vulnerable:
            return 1
        return 2 if self.unaudited else 0

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(p.source == s for p in self.pins) for s in (PIP_AUDIT, LATEST, UNAUDITED)}
        return {
            "lock": self.lock,
            "pins": len(self.pins),
            "audited_by": counts,
            "vulnerable": [asdict(p) for p in self.vulnerable],
            "unaudited": [
                {"name": p.name, "version": p.version, "note": p.note} for p in self.unaudited
            ],
            "exit_status": self.exit_status(),
        }


def _summary(text: object, limit: int = 160) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def parse_pip_audit(result: Mapping[str, Any], pins: Sequence[Pin]) -> dict[str, PinAudit]:
    """pip-audit's JSON result (``--format json``), per canonical name: an audited pin with its
    vulnerabilities, or an unaudited one with pip-audit's skip reason as its note. A pin the
    result does not mention is left out (the caller treats it as unaudited)."""
    versions = {canonical(p.name): p.version for p in pins}
    found: dict[str, PinAudit] = {}
    for entry in result.get("dependencies", []):
        name = canonical(str(entry["name"]))
        version = str(entry.get("version") or versions.get(name, "?"))
        if entry.get("skip_reason"):
            found[name] = PinAudit(name, version, UNAUDITED, note=str(entry["skip_reason"]))
            continue
        vulnerabilities = tuple(
            Vulnerability(
                id=str(v["id"]),
                fix_versions=tuple(str(f) for f in v.get("fix_versions", [])),
                aliases=tuple(str(a) for a in v.get("aliases", [])),
                summary=_summary(v.get("description", "")),
            )
            for v in entry.get("vulns", [])
        )
        found[name] = PinAudit(name, version, PIP_AUDIT, vulnerabilities)
    return found


def audit_from_project(pin: Pin, project: Mapping[str, Any]) -> PinAudit:
    """A pin's verdict from PyPI's project document (``/pypi/NAME/json``): its vulnerabilities
    are the latest release's, so they are the pin's only when the pin is that release."""
    name = canonical(pin.name)
    latest = str(project.get("info", {}).get("version") or "")
    if not latest or not same_version(latest, pin.version):
        note = f"PyPI's latest release is {latest or '?'}; its advisories are not this pin's"
        return PinAudit(name, pin.version, UNAUDITED, note=note)
    listed = [
        Vulnerability(
            id=str(v["id"]),
            fix_versions=tuple(str(f) for f in v.get("fixed_in") or []),
            aliases=tuple(str(a) for a in v.get("aliases") or []),
            summary=_summary(v.get("summary") or v.get("details")),
        )
        for v in project.get("vulnerabilities") or []
        if not v.get("withdrawn")
    ]
    return PinAudit(name, pin.version, LATEST, _distinct(listed))


def _distinct(vulnerabilities: Sequence[Vulnerability]) -> tuple[Vulnerability, ...]:
    """One entry per advisory: PyPI lists an OSV record and its GHSA alias each on its own."""
    kept: list[Vulnerability] = []
    names: set[str] = set()
    for v in vulnerabilities:
        if v.id in names:
            continue
        kept.append(v)
        names.update((v.id, *v.aliases))
    return tuple(kept)


def fetch_project(name: str) -> dict[str, Any] | None:
    """PyPI's project document, or None when PyPI has no such project."""
    request = urllib.request.Request(PROJECT_URL.format(name=canonical(name)))
    request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data: dict[str, Any] = json.load(response)
            return data
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise


def audit(
    lock: Path,
    pip_audit_result: Mapping[str, Any],
    project: Callable[[str], Mapping[str, Any] | None] = fetch_project,
) -> AuditReport:
    """Every pin of ``lock``: pip-audit's verdict where it has one, else the project
    document's (``project(name)``, fetched from PyPI unless given)."""
    pins = read_pins(lock.read_text(encoding="utf-8"))
    from_pip_audit = parse_pip_audit(pip_audit_result, pins)
    report = AuditReport(lock=lock.name)
    for pin in pins:
        verdict = from_pip_audit.get(canonical(pin.name))
        if verdict is None or verdict.source == UNAUDITED:
            document = project(pin.name)
            if document is None:
                note = verdict.note if verdict else "not in pip-audit's result"
                verdict = PinAudit(canonical(pin.name), pin.version, UNAUDITED, note=note)
            else:
                verdict = audit_from_project(pin, document)
        report.pins.append(verdict)
    return report


def run_pip_audit(lock: Path, pip_audit: str) -> dict[str, Any]:
    """pip-audit's JSON result for ``lock`` (its exit status 1 only says it found something)."""
    command = [
        pip_audit,
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--vulnerability-service",
        "pypi",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"pip-audit exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def format_report(report: AuditReport) -> str:
    data = report.to_dict()
    by = data["audited_by"]
    lines = [
        f"{report.lock}: {data['pins']} pins; audited {by[PIP_AUDIT] + by[LATEST]} "
        f"(pip-audit, release data: {by[PIP_AUDIT]}; PyPI project data, pin = latest release: "
        f"{by[LATEST]}); not audited: {by[UNAUDITED]}",
    ]
    if report.vulnerable:
        lines.append("known vulnerabilities:")
        for pin in report.vulnerable:
            for v in pin.vulnerabilities:
                fix = ", ".join(v.fix_versions) or "no fixed release"
                aliases = f" ({', '.join(v.aliases)})" if v.aliases else ""
                lines.append(f"  {pin.name}=={pin.version}: {v.id}{aliases}; fixed in: {fix}")
                if v.summary:
                    lines.append(f"      {v.summary}")
    else:
        lines.append("known vulnerabilities: none in the pins audited")
    if report.unaudited:
        lines.append("not audited:")
        lines.extend(f"  {p.name}=={p.version}: {p.note}" for p in report.unaudited)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--pip-audit", default=None, help="the pip-audit command to run")
    parser.add_argument(
        "--pip-audit-json", type=Path, help="a saved pip-audit --format json result to read"
    )
    parser.add_argument("--save-pip-audit", type=Path, help="also write pip-audit's result here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.pip_audit_json is not None:
            result = json.loads(args.pip_audit_json.read_text(encoding="utf-8"))
        else:
            command = args.pip_audit or shutil.which(
                "pip-audit", path=str(Path(sys.executable).parent)
            )
            if command is None:
                print("pip-audit is not installed here: run `python3 dev.py audit`")
                return 3
            result = run_pip_audit(args.lock, command)
        if args.save_pip_audit is not None:
            args.save_pip_audit.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        report = audit(args.lock, result)
    except (OSError, RuntimeError, urllib.error.URLError, json.JSONDecodeError) as err:
        print(f"the audit could not run: {err}")
        return 3
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return report.exit_status()


if __name__ == "__main__":
    sys.exit(main())
