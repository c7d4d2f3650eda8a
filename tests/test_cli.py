"""End-to-end tests of the command line: the real ``eventcoder`` commands on invented articles.

Most tests run the CLI in-process with click's CliRunner, so spaCy loads once per session; two
run the installed script and ``python -m eventcoder`` as real processes.

Offsets: evidence ``start``/``end`` index the article *as decoded and repaired* (bytes decoded,
mojibake repaired, newlines made ``\\n``, HTML reduced to text) - the text
:func:`eventcoder.io.readers.decode_text` returns - and ``evidence.text`` is that slice.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from eventcoder.cli import TABLE_COLUMNS, main
from eventcoder.io.readers import DEFAULT_MAX_CHARS, decode_text
from eventcoder.model import EVENT_TYPES

PUBLISHED = "2025-10-29"  # a Wednesday: "Tuesday" is 2025-10-28, "Monday" 2025-10-27

ETHIOPIA = (
    "Ethiopian forces attacked Eritrean positions near Badme on Tuesday, killing 12 soldiers, "
    "the Eritrean information ministry said."
)
INDIA = (
    "Indian troops shelled Pakistani positions in Kashmir on Monday, killing at least five "
    "people, Pakistan's army said."
)
EGYPT = "Egypt sent 100 trucks of food aid to Sudan on Tuesday."
ARTICLE = f"{ETHIOPIA}\n\n{INDIA}\n\n{EGYPT}\n"

WIRE_FIELDS = {
    "doc_id",
    "type",
    "source",
    "target",
    "date",
    "location",
    "fatalities",
    "claimed_by",
    "evidence",
}
ERROR_LINE = re.compile(r"^Error: \[E\d{3}\] \S.*$")

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# helpers and fixtures


def run(args: Sequence[str], input: bytes | str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input)
    # An exit is fine (that is how errors leave); any other exception is a bug in the CLI.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def assert_clean_error(result: Result, code: str) -> str:
    """Non-zero exit, nothing on stdout, one ``Error: [Exxx] ...`` line on stderr; the line."""
    assert result.exit_code != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert ERROR_LINE.match(lines[0]), lines[0]
    assert lines[0].startswith(f"Error: [{code}] "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def find(records: list[dict[str, Any]], type_: str, source: str) -> dict[str, Any]:
    hits = [r for r in records if r["type"] == type_ and source in codes(r["source"])]
    assert hits, f"no {type_} by {source} in {[(r['type'], codes(r['source'])) for r in records]}"
    return hits[0]


def codes(actors: list[dict[str, Any]]) -> list[str]:
    return [a["code"] for a in actors]


@pytest.fixture(scope="session")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "border_news.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def records(article: Path) -> list[dict[str, Any]]:
    """The default JSON Lines output for ARTICLE (coded once per session)."""
    result = run(["code", str(article), "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return jsonl(result.stdout)


# --------------------------------------------------------------------------------------------
# 1. code: output formats and options


def test_jsonl_records_carry_the_wire_fields(records: list[dict[str, Any]]) -> None:
    assert len(records) >= 3
    for record in records:
        assert record.keys() >= WIRE_FIELDS
        assert record["doc_id"] == "border_news"  # the file stem
        assert record["type"] in EVENT_TYPES
        for side in ("source", "target", "claimed_by"):
            assert isinstance(record[side], list)
            for actor in record[side]:
                assert isinstance(actor["code"], str) and actor["code"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"]["earliest"])
        assert record["date"]["earliest"] <= record["date"]["latest"] <= PUBLISHED
        if record["location"] is not None:
            assert {"place", "country"} <= record["location"].keys()
        if record["fatalities"] is not None:
            assert isinstance(record["fatalities"]["min"], int)
            assert record["fatalities"]["max"] is None or (
                record["fatalities"]["max"] >= record["fatalities"]["min"]
            )
        evidence = record["evidence"]
        assert ARTICLE[evidence["start"] : evidence["end"]] == evidence["text"]


def test_assault_with_date_fatalities_and_claimant(records: list[dict[str, Any]]) -> None:
    event = find(records, "ASSAULT", "ETH")
    assert codes(event["target"]) == ["ERI"]
    assert event["date"]["earliest"] == event["date"]["latest"] == "2025-10-28"  # Tuesday
    assert event["fatalities"]["min"] == 12
    assert event["fatalities"]["max"] == 12
    assert codes(event["claimed_by"]) == ["ERI"]
    assert event["evidence"]["text"].startswith("Ethiopian forces attacked")


def test_shelling_is_an_assault_with_an_open_ended_toll(records: list[dict[str, Any]]) -> None:
    event = find(records, "ASSAULT", "IND")
    assert codes(event["target"]) == ["PAK"]  # not the first paragraph's ERI
    assert event["date"]["earliest"] == event["date"]["latest"] == "2025-10-27"  # Monday
    assert event["fatalities"]["min"] == 5
    assert event["fatalities"]["max"] is None  # "at least five"
    assert codes(event["claimed_by"]) == ["PAK"]
    assert event["location"]["place"] == "Kashmir"


def test_aid_shipment(records: list[dict[str, Any]]) -> None:
    event = find(records, "AID", "EGY")
    assert codes(event["target"]) == ["SDN"]
    assert event["date"]["earliest"] == event["date"]["latest"] == "2025-10-28"
    assert event["fatalities"] is None


def test_an_act_told_without_a_reporting_verb_is_claimed_by_its_actor(
    records: list[dict[str, Any]],
) -> None:
    # The gold convention: "Egypt sent aid" is Egypt's own claim, as "China announced sanctions".
    assert [c["code"] for c in find(records, "AID", "EGY")["claimed_by"]] == ["EGY"]


def test_table_format(article: Path, records: list[dict[str, Any]]) -> None:
    result = run(["code", str(article), "--published", PUBLISHED, "--format", "table"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = lines[0]
    positions = [header.index(column) for column in TABLE_COLUMNS]
    assert positions == sorted(positions)
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == f"{len(records)} events"
    body = lines[2:-1]
    assert len(body) == len(records)
    assert any(
        row.startswith("ASSAULT") and "ETH → ERI" in row and "2025-10-28" in row for row in body
    )


def test_json_format_is_one_array_of_the_same_records(
    article: Path, records: list[dict[str, Any]]
) -> None:
    result = run(["code", str(article), "--published", PUBLISHED, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == records


def test_output_file_is_written_and_nothing_printed(
    article: Path, records: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "events.jsonl"
    result = run(["code", str(article), "--published", PUBLISHED, "-o", str(target)])
    assert result.exit_code == 0
    assert result.output == ""
    assert jsonl(target.read_text(encoding="utf-8")) == records


def test_unwritable_output_is_a_clean_error(article: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "events.jsonl"
    result = run(["code", str(article), "--published", PUBLISHED, "-o", str(target)])
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_explain_adds_why(article: Path, records: list[dict[str, Any]]) -> None:
    assert all("why" not in r for r in records)
    result = run(["code", str(article), "--published", PUBLISHED, "--explain"])
    explained = jsonl(result.stdout)
    assert len(explained) == len(records)
    for record in explained:
        assert isinstance(record["why"], str) and record["why"].strip()
    table = run(["code", str(article), "--published", PUBLISHED, "--format", "table", "--explain"])
    assert table.stdout.count("    why: ") == len(records)


def test_explain_dropped_names_the_rule_that_set_each_candidate_aside() -> None:
    text = "Russia did not attack Kyiv on Monday. Ethiopian troops attacked Eritrean positions."
    result = run(["code", "-", "--published", PUBLISHED, "--explain", "--dropped"], input=text)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    dropped = [r for r in records if r.get("dropped")]
    assert [(r["type"], r["rule"], r["trigger"]["text"]) for r in dropped] == [
        ("ASSAULT", "negated", "attack")
    ]
    assert text[dropped[0]["evidence"]["start"] : dropped[0]["evidence"]["end"]].startswith(
        "Russia did not"
    )
    assert [r["type"] for r in records if not r.get("dropped")] == ["ASSAULT"]
    table = run(
        ["code", "-", "--published", PUBLISHED, "--explain", "--dropped", "--format", "table"],
        input=text,
    )
    assert "1 candidate set aside" in table.stdout and "negated: ASSAULT [attack]" in table.stdout
    alone = run(["code", "-", "--published", PUBLISHED, "--dropped"], input=text)
    assert alone.exit_code != 0 and "--explain" in alone.output


def test_stdin_and_id() -> None:
    result = run(["code", "-", "--published", PUBLISHED, "--id", "wire-7"], input=ETHIOPIA)
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)
    assert events and all(e["doc_id"] == "wire-7" for e in events)
    assault = find(events, "ASSAULT", "ETH")
    assert (
        ETHIOPIA[assault["evidence"]["start"] : assault["evidence"]["end"]]
        == (assault["evidence"]["text"])
    )
    default = run(["code", "-", "--published", PUBLISHED], input=ETHIOPIA)
    assert {e["doc_id"] for e in jsonl(default.stdout)} == {"stdin"}


def test_id_overrides_the_file_name(article: Path) -> None:
    result = run(["code", str(article), "--published", PUBLISHED, "--id", "custom"])
    assert {e["doc_id"] for e in jsonl(result.stdout)} == {"custom"}


# --------------------------------------------------------------------------------------------
# 2. JSON Lines batches


def test_jsonl_batch_codes_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "good-1", "text": ETHIOPIA, "published": PUBLISHED}),
        "{not json",
        json.dumps({"id": "no-text", "published": PUBLISHED}),
        json.dumps({"id": "bad-date", "text": EGYPT, "published": "2025-13-45"}),
        "",  # blank lines are skipped, not errors
        json.dumps({"id": "empty", "text": "   \n", "published": PUBLISHED}),
        json.dumps({"id": "good-2", "text": EGYPT, "published": PUBLISHED}),
        json.dumps({"id": "no-date", "text": EGYPT}),
    ]
    batch = tmp_path / "docs.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(["code", str(batch)])
    assert result.exit_code == 1  # errors happened
    assert "Traceback" not in result.output
    errors = result.stderr.splitlines()
    for line in errors:
        assert ERROR_LINE.match(line), line
    expected = {2: "E020", 3: "E020", 4: "E011", 6: "E001", 8: "E010"}
    assert len(errors) == len(expected)
    for error, (number, code) in zip(errors, expected.items(), strict=True):
        assert error.startswith(f"Error: [{code}] Line {number}: "), error
    events = jsonl(result.stdout)
    assert {e["doc_id"] for e in events} == {"good-1", "good-2"}
    assert codes(find(events, "ASSAULT", "ETH")["target"]) == ["ERI"]
    assert find(events, "AID", "EGY")["doc_id"] == "good-2"


def test_jsonl_published_option_is_the_default_date(tmp_path: Path) -> None:
    batch = tmp_path / "docs.jsonl"
    batch.write_text(json.dumps({"id": "d", "text": ETHIOPIA}) + "\n", encoding="utf-8")
    result = run(["code", str(batch), "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    assert find(jsonl(result.stdout), "ASSAULT", "ETH")["date"]["earliest"] == "2025-10-28"


# --------------------------------------------------------------------------------------------
# 3. bad input


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(b"", "E001", id="empty"),
        pytest.param(b"  \n\t\r\n  ", "E001", id="whitespace"),
        pytest.param(b"Ethiopian\x00forces\x00\x01\x02attacked", "E002", id="nul-bytes"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "E002", id="pdf"),
        pytest.param(b"Ethiopian forces \xff\xfe\xfa attacked \x81\x8d\x8f\x90", "E003", id="utf8"),
    ],
)
def test_bad_text_is_one_clear_error(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    line = assert_clean_error(run(["code", str(path), "--published", PUBLISHED]), code)
    if code in {"E002", "E003"}:
        assert "bad.txt" in line  # the message names the file


@pytest.mark.parametrize(
    ("published", "code"),
    [
        pytest.param(None, "E010", id="missing"),
        pytest.param("", "E010", id="blank"),
        pytest.param("2025-13-45", "E011", id="no-such-day"),
        pytest.param("yesterday", "E011", id="word"),
        pytest.param("29/10/2025", "E011", id="dmy"),
        pytest.param("2999-01-01", "E012", id="future"),
    ],
)
def test_bad_publication_date_is_one_clear_error(
    article: Path, published: str | None, code: str
) -> None:
    args = ["code", str(article)] + ([] if published is None else ["--published", published])
    line = assert_clean_error(run(args), code)
    if published:
        assert published in line


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    line = assert_clean_error(
        run(["code", str(tmp_path / "nope.txt"), "--published", PUBLISHED]), "E021"
    )
    assert "nope.txt" in line
    assert_clean_error(run(["code", str(tmp_path / "nope.jsonl")]), "E021")


def test_mojibake_is_repaired_and_offsets_index_the_repaired_text(tmp_path: Path) -> None:
    clean = "Pakistan’s army attacked Afghan Taliban positions in Kandahar on Tuesday."
    broken = clean.encode("utf-8").decode("cp1252").encode("utf-8")  # Pakistanâ€™s
    assert "â€™".encode() in broken
    path = tmp_path / "mojibake.txt"
    path.write_bytes(broken)
    result = run(["code", str(path), "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    repaired = decode_text(broken)
    assert repaired == clean
    event = find(jsonl(result.stdout), "ASSAULT", "PAK")
    evidence = event["evidence"]
    assert repaired[evidence["start"] : evidence["end"]] == evidence["text"]
    assert "Pakistan’s army" in evidence["text"]
    assert "â€" not in json.dumps(event, ensure_ascii=False)


HTML_PAGE = f"""<!doctype html>
<html><head><title>Border clash</title>
<meta property="article:published_time" content="{PUBLISHED}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Border clash</h1>
<p>Ethiopian forces attacked Eritrean positions near Badme on <b>Tuesday</b>, killing 12
soldiers, the Eritrean information ministry said.</p>
<p>Egypt sent 100 trucks of food aid to Sudan on Tuesday.</p></article>
<script>var attacked = "Russia attacked Ukraine";</script>
<footer>Copyright 2025 Example News</footer></body></html>
"""


def test_html_is_reduced_to_text_and_coded(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    # No --published: the page's own article:published_time is used.
    result = run(["code", str(path)])
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)
    text = decode_text(HTML_PAGE)
    assert "<" not in text and "Home" not in text and "Russia" not in text
    for event in events:
        evidence = event["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
        assert "<" not in evidence["text"]
    assault = find(events, "ASSAULT", "ETH")
    assert codes(assault["target"]) == ["ERI"]
    assert assault["date"]["earliest"] == "2025-10-28"
    assert not any("RUS" in codes(e["source"]) for e in events)  # the script is not text


def test_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    assert DEFAULT_MAX_CHARS == 2_000_000  # the documented limit this test is about
    paragraph = ETHIOPIA + "\n\n"
    path = tmp_path / "huge.txt"
    path.write_text(paragraph * (5_000_000 // len(paragraph) + 1), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    line = assert_clean_error(run(["code", str(path), "--published", PUBLISHED]), "E004")
    assert f"the limit is {DEFAULT_MAX_CHARS}" in line


# --------------------------------------------------------------------------------------------
# 4. eval


def test_eval_scores_a_prediction_file(gold_dir: Path, tmp_path: Path) -> None:
    prediction = {
        "doc_id": "seed_article",
        "type": "ASSAULT",
        "source": [{"code": "PAK"}],
        "target": [{"code": "AFG"}],
        "date": {"earliest": "2025-10-01", "latest": "2025-10-29"},
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "evidence": {"text": "x", "start": 0, "end": 1},
    }
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(prediction) + "\n", encoding="utf-8")
    result = run(["eval", str(gold_dir), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    totals = report["totals"]
    assert {"precision", "recall", "f1"} <= totals.keys()
    assert totals["predictions"] == 1
    assert 0.0 <= totals["recall"] < 1.0
    assert 0.0 <= totals["f1"] <= 1.0


def test_eval_text_report(gold_dir: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("", encoding="utf-8")
    result = run(["eval", str(gold_dir), "--pred", str(pred), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "seed_article" in result.stdout


def test_eval_without_gold_is_a_clean_error(tmp_path: Path) -> None:
    assert_clean_error(run(["eval", str(tmp_path)]), "E040")
    as_json = run(["eval", str(tmp_path), "--json"])
    assert as_json.exit_code != 0
    assert json.loads(as_json.stderr)["error"]["code"] == "E040"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(b"{not json\n", "E020", id="invalid-json"),
        pytest.param(b'{"type": "ASSAULT"}\n', "E020", id="no-doc-id"),
        pytest.param(b"\xff\xfe\x00{", "E021", id="not-utf8"),
    ],
)
def test_eval_bad_predictions_are_a_clean_error(
    gold_dir: Path, tmp_path: Path, content: bytes, code: str
) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(content)
    assert_clean_error(run(["eval", str(gold_dir), "--pred", str(pred)]), code)


# --------------------------------------------------------------------------------------------
# real processes


def test_installed_script_codes_an_article(article: Path) -> None:
    script = Path(sys.executable).with_name("eventcoder")
    if not script.exists():
        pytest.skip("the eventcoder script is not installed beside this Python")
    done = subprocess.run(
        [str(script), "code", str(article), "--published", PUBLISHED, "--format", "table"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ETH → ERI" in done.stdout
    assert done.stdout.splitlines()[-1].endswith(" events")


def test_python_m_reports_errors_without_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "eventcoder", "code", str(empty), "--published", PUBLISHED],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == "Error: [E001] The text is empty or only whitespace."


# --------------------------------------------------------------------------------------------
# 6. documentation


def _commands() -> list[str]:
    help_text = run(["--help"]).stdout
    block = help_text.split("Commands:", 1)[1]
    return [line.split()[0] for line in block.splitlines() if line.startswith("  ")]


def _options(command: str) -> list[str]:
    help_text = run([command, "--help"]).stdout
    block = help_text.split("Options:", 1)[1]
    return [
        name for name in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", block) if name not in {"--help"}
    ]


def test_help_lists_the_commands() -> None:
    assert _commands() == ["batch", "code", "eval", "export", "query", "review", "serve"]
    assert "--published" in _options("code")
    assert "--pred" in _options("eval")


def test_every_command_and_option_is_documented_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # If this fails, README.md is missing documentation (not a code bug): document each name
    # listed in the message, e.g. under "## Command line".
    missing = [f"eventcoder {c}" for c in _commands() if f"eventcoder {c}" not in readme]
    for command in _commands():
        missing += [f"{command} {o}" for o in _options(command) if o not in readme]
    assert not missing, f"README.md does not document: {', '.join(missing)}"
