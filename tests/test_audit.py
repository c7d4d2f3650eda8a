"""scripts/audit.py on recorded results: no network (the audit itself needs PyPI).

``fixtures/audit/pip-audit-2.10.1-requirements.lock-2026-12-07.json`` is what
``pip-audit -r requirements.lock --require-hashes --disable-pip --vulnerability-service pypi
--format json`` printed on this project's machines that day: every pin skipped, because PyPI's
per-release documents (``/pypi/NAME/VERSION/json``) answer 404 from here.
``pypi-projects-2026-12-07.json`` holds PyPI's project documents (``/pypi/NAME/json``) of three
projects as fetched that day, cut to the two fields the audit reads (``info.version``,
``vulnerabilities``): pycrypto (its latest release, 2.6.1, has four advisories), spacy (the
pin is the latest release) and thinc (the pin is behind it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "audit"
sys.path.insert(0, str(ROOT / "scripts"))

import audit  # noqa: E402
import lock  # noqa: E402


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    text = (FIXTURES / "pip-audit-2.10.1-requirements.lock-2026-12-07.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def projects() -> dict[str, Any]:
    return json.loads((FIXTURES / "pypi-projects-2026-12-07.json").read_text())  # type: ignore[no-any-return]


def test_the_recorded_pip_audit_result_audited_nothing(recorded: dict[str, Any]) -> None:
    pins = lock.read_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    parsed = audit.parse_pip_audit(recorded, pins)
    assert len(parsed) == 96
    assert all(p.source == audit.UNAUDITED for p in parsed.values())
    assert parsed["spacy"].version == "3.8.18"  # from the lock: a skipped entry has no version
    assert parsed["spacy"].note.startswith("Dependency not found on PyPI")


def test_a_vulnerability_pip_audit_reports_is_kept_with_its_fix() -> None:
    # pip-audit's --format json schema (pip_audit/_format/json.py) for a pin it could audit.
    result = {
        "dependencies": [
            {"name": "spacy", "version": "3.8.18", "vulns": []},
            {
                "name": "PyYAML",
                "version": "6.0.3",
                "vulns": [
                    {
                        "id": "PYSEC-0000-1",
                        "fix_versions": ["6.0.4"],
                        "aliases": ["CVE-0000-1"],
                        "description": "A  crafted\n document runs code.",
                    }
                ],
            },
        ],
        "fixes": [],
    }
    parsed = audit.parse_pip_audit(result, [])
    assert parsed["spacy"] == audit.PinAudit("spacy", "3.8.18", audit.PIP_AUDIT)
    (found,) = parsed["pyyaml"].vulnerabilities
    assert found == audit.Vulnerability(
        "PYSEC-0000-1", ("6.0.4",), ("CVE-0000-1",), "A crafted document runs code."
    )


def test_the_project_document_audits_only_its_latest_release(projects: dict[str, Any]) -> None:
    spacy = audit.audit_from_project(lock.Pin("spacy", "3.8.18"), projects["spacy"])
    assert (spacy.source, spacy.vulnerabilities) == (audit.LATEST, ())
    thinc = audit.audit_from_project(lock.Pin("thinc", "8.3.14"), projects["thinc"])
    assert thinc.source == audit.UNAUDITED and "latest release is 9.1.1" in thinc.note
    pycrypto = audit.audit_from_project(lock.Pin("pycrypto", "2.6.1"), projects["pycrypto"])
    assert pycrypto.source == audit.LATEST
    # four records, two advisories: each GHSA record is an alias of a PYSEC one
    assert [v.id for v in pycrypto.vulnerabilities] == ["PYSEC-2017-94", "PYSEC-2018-97"]
    assert "CVE-2013-7459" in pycrypto.vulnerabilities[0].aliases
    withdrawn = {**projects["pycrypto"]}
    withdrawn["vulnerabilities"] = [
        {**v, "withdrawn": "2026-01-01T00:00:00Z"} for v in withdrawn["vulnerabilities"]
    ]
    cleared = audit.audit_from_project(lock.Pin("pycrypto", "2.6.1"), withdrawn)
    assert cleared.vulnerabilities == ()


def test_a_lock_is_audited_pin_by_pin_with_one_exit_status(
    tmp_path: Path, recorded: dict[str, Any], projects: dict[str, Any]
) -> None:
    lock_file = tmp_path / "requirements.lock"
    lock_file.write_text("spacy==3.8.18 \\\n    --hash=sha256:ab\nthinc==8.3.14\nnowhere==1.0\n")
    asked: list[str] = []

    def project(name: str) -> dict[str, Any] | None:
        asked.append(name)
        return projects.get(name)

    report = audit.audit(lock_file, recorded, project)
    assert asked == ["spacy", "thinc", "nowhere"]  # pip-audit skipped them all
    assert [(p.name, p.source) for p in report.pins] == [
        ("spacy", audit.LATEST),
        ("thinc", audit.UNAUDITED),
        ("nowhere", audit.UNAUDITED),
    ]
    assert report.exit_status() == 2  # nothing found, but not everything audited
    text = audit.format_report(report)
    assert text.splitlines()[0] == (
        "requirements.lock: 3 pins; audited 1 (pip-audit, release data: 0; PyPI project data, "
        "pin = latest release: 1); not audited: 2"
    )
    assert "  thinc==8.3.14: PyPI's latest release is 9.1.1" in text

    lock_file.write_text("pycrypto==2.6.1\n")
    report = audit.audit(lock_file, {"dependencies": []}, project)
    assert report.exit_status() == 1
    assert report.to_dict()["vulnerable"][0]["vulnerabilities"][0]["id"] == "PYSEC-2017-94"
    assert "  pycrypto==2.6.1: PYSEC-2017-94 (CVE-2013-7459" in audit.format_report(report)


def test_the_audit_command_reads_a_saved_result(
    tmp_path: Path, recorded: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    lock_file = tmp_path / "empty.lock"
    lock_file.write_text("# nothing pinned\n")
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(recorded))
    assert audit.main(["--lock", str(lock_file), "--pip-audit-json", str(saved), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pins"] == 0 and out["exit_status"] == 0
    assert (
        audit.main(["--lock", str(tmp_path / "missing.lock"), "--pip-audit-json", str(saved)]) == 3
    )
