"""Ingest: every kind of bad input gets its coded error; good input comes out verbatim."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.io.readers import (
    EARLIEST_PUBLISHED,
    LineError,
    content_id,
    decode_text,
    extract_html,
    iter_jsonl,
    looks_like_html,
    nests_too_deep,
    parse_published,
    read_document_file,
)
from eventcoder.model import Document

TODAY = date(2025, 10, 30)


def code_of(call: object, *args: object, **kwargs: object) -> ErrorCode:
    assert callable(call)
    with pytest.raises(EventcoderError) as info:
        call(*args, **kwargs)
    return info.value.code


# --- decode_text -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", "", b"   \n\t \r\n", "  \n\n ", "\u200b\u200b\n"])
def test_empty_or_whitespace_is_e001(data: bytes | str) -> None:
    assert code_of(decode_text, data) is ErrorCode.E001


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"abc\x00def",  # one NUL is enough for bytes
        bytes(range(1, 9)) * 20 + b"some text",  # mostly control codes
    ],
)
def test_binary_is_e002(data: bytes) -> None:
    assert code_of(decode_text, data) is ErrorCode.E002


def test_control_heavy_string_is_e002() -> None:
    assert code_of(decode_text, "\x01\x02\x03\x04 ab") is ErrorCode.E002


def test_stray_control_characters_are_dropped() -> None:
    assert decode_text("A long enough sentence about the talks.\x1a") == (
        "A long enough sentence about the talks."
    )


def test_invalid_utf8_that_is_not_cp1252_is_e003() -> None:
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid as UTF-8: no reading is plausible.
    with pytest.raises(EventcoderError) as info:
        decode_text(b"caf\xe9 \x81\x8d", source="x.txt")
    err = info.value
    assert err.code is ErrorCode.E003
    assert "x.txt" in str(err) and "byte 3" in str(err)


def test_random_high_bytes_are_e003() -> None:
    data = bytes((i * 37) % 128 + 128 for i in range(2000))
    assert code_of(decode_text, data) is ErrorCode.E003


def test_cp1252_text_is_decoded() -> None:
    text = "Le président a déclaré « nous ne céderons pas », selon l’agence – “officiel”."
    assert decode_text(text.encode("cp1252")) == text


def test_utf8_with_stray_cp1252_bytes_is_decoded() -> None:
    data = "René said “no”".encode() + b" and \x93yes\x94."
    assert decode_text(data) == "René said “no” and “yes”."


def test_mojibake_is_repaired() -> None:
    # (no ” here: its UTF-8 bytes include 0x9D, which cp1252 cannot decode to make the mojibake)
    broken = "The minister’s ‘plan’ – café".encode().decode("cp1252")
    assert decode_text(broken) == "The minister’s ‘plan’ – café"
    assert decode_text("Pakistanâ€™s army".encode()) == "Pakistan’s army"


def test_typography_is_kept_verbatim() -> None:
    text = "“Quoted” – ‘single’ … ﬁne ＡＢＣ &amp; <b> 1 < 2"
    assert decode_text(text) == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks(codec: str) -> None:
    text = "KABUL, Oct 29 - Pakistan’s talks failed."
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode_text(data) == text


def test_utf16_without_bom() -> None:
    assert decode_text("Talks failed on Wednesday.".encode("utf-16-le")) == (
        "Talks failed on Wednesday."
    )


def test_newlines_and_zero_width_characters() -> None:
    raw = "One\r\ntwo\rthree\u2029Four\u200b five\u00adsix\ufeff"
    assert decode_text(raw) == "One\ntwo\nthree\n\nFour fivesix"


def test_dev_texts_come_out_unchanged(gold_dir: Path) -> None:
    for path in sorted(gold_dir.glob("*.txt")):
        assert decode_text(path.read_bytes()) == path.read_text(encoding="utf-8"), path.name


def test_five_megabyte_text_within_and_beyond_the_limit() -> None:
    paragraph = "Fighting erupted on Saturday between the army and the RSF in Khartoum.\n\n"
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    assert len(text) > 5_000_000
    assert decode_text(text.encode(), max_chars=6_000_000) == text
    with pytest.raises(EventcoderError) as info:
        decode_text(text.encode())
    err = info.value
    assert err.code is ErrorCode.E004
    assert err.details == {"size": len(text), "limit": 2_000_000}


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Talks fail | Wire</title>
<meta property="og:title" content="Talks fail">
<meta property="article:published_time" content="2025-10-29T08:15:00+05:00">
<script>var x = "<p>not text</p>";</script><style>p {color: red}</style></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
  Accept all cookies or manage your preferences.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
  <h1>Talks fail</h1>
  <p>KABUL, Oct 29 (Wire) - Talks between Afghanistan and
     Pakistan in Istanbul ended on Wednesday without an agreement &amp; both sides blamed
     each other, officials said.</p>
  <div class="social-share"><a href="/share/x">Share on X</a></div>
  <p>Pakistan's defence minister said Islamabad would respond to any attack from Afghan
     soil.&nbsp;Kabul rejected the accusation.<br>The talks may resume next month.</p>
  <div class="related"><h3>Related stories</h3><ul><li><a href="/a">Sudan talks stall</a></li>
  <li><a href="/b">Kenya election</a></li></ul></div>
</article></main>
<footer><p>Copyright 2025 Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_html_page_is_reduced_to_the_article() -> None:
    assert decode_text(PAGE) == (
        "Talks fail\n\n"
        "KABUL, Oct 29 (Wire) - Talks between Afghanistan and Pakistan in Istanbul ended on "
        "Wednesday without an agreement & both sides blamed each other, officials said.\n\n"
        # &nbsp; collapses like any space; <br> is a line break within the paragraph
        "Pakistan's defence minister said Islamabad would respond to any attack from Afghan "
        "soil. Kabul rejected the accusation.\nThe talks may resume next month."
    )


def test_html_metadata() -> None:
    article = extract_html(PAGE)
    assert article.title == "Talks fail"
    assert article.published == "2025-10-29"


def test_html_fragment_is_detected() -> None:
    assert decode_text("<p>One.</p>\n<p>Two &amp; three.</p>") == "One.\n\nTwo & three."
    assert not looks_like_html("a <b> c, and x < y")
    assert decode_text("a <b> c, and x < y") == "a <b> c, and x < y"


def test_html_with_no_text_is_e001() -> None:
    assert code_of(decode_text, "<html><body><script>x()</script></body></html>") is (
        ErrorCode.E001
    )


def nested(depth: int) -> str:
    sentence = "Pakistani forces attacked Taliban positions near Kabul on Tuesday."
    body = "<div>" * depth + f"<p>{sentence}</p>" + "</div>" * depth
    return f"<html><body>{body}</body></html>"


def test_html_nested_past_the_parsers_limit_is_e121_not_empty() -> None:
    assert decode_text(nested(250)).startswith("Pakistani forces attacked")
    for depth in (256, 5_000, 100_000):  # libxml2 reads 255 levels and drops what is below
        with pytest.raises(EventcoderError) as info:
            decode_text(nested(depth), source="deep.html")
        assert info.value.code is ErrorCode.E121 and "deep.html" in str(info.value)
    assert code_of(decode_text, "<div>" * 300 + "</div>" * 300) is ErrorCode.E121
    assert not nests_too_deep("<html><body><script>x()</script></body></html>")


# --- publication dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2025-10-29",
        " 2025-10-29 ",
        "2025-10-29T23:30:00",
        "2025-10-29T23:30:00Z",
        "2025-10-29 23:30:00-05:00",
        date(2025, 10, 29),
        datetime(2025, 10, 29, 23, 30),
    ],
)
def test_published_forms(value: str | date) -> None:
    assert parse_published(value, today=TODAY) == date(2025, 10, 29)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_published_is_e010(value: str | None) -> None:
    assert code_of(parse_published, value, today=TODAY) is ErrorCode.E010


@pytest.mark.parametrize(
    "value",
    ["29/10/2025", "2025-13-01", "2025-02-30", "20251029", "2025-W44-3", "yesterday",
     "2025-10-29T25:00", "٢٠٢٥-١٠-٢٩"],
)  # fmt: skip
def test_malformed_published_is_e011(value: str) -> None:
    assert code_of(parse_published, value, today=TODAY) is ErrorCode.E011


def test_future_published_is_e012() -> None:
    with pytest.raises(EventcoderError) as info:
        parse_published("2025-10-31", today=TODAY)
    err = info.value
    assert err.code is ErrorCode.E012
    assert "2025-10-31" in str(err) and "2025-10-30" in str(err)


def test_default_today_allows_the_date_somewhere_on_earth() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert parse_published(date.today()) == date.today()
    assert code_of(parse_published, tomorrow + timedelta(days=1)) is ErrorCode.E012


@given(st.dates(min_value=EARLIEST_PUBLISHED, max_value=TODAY))
def test_any_past_date_round_trips(day: date) -> None:
    assert parse_published(day.isoformat(), today=TODAY) == day


@pytest.mark.parametrize("value", ["0001-01-01", "0999-12-31", date.min, "9999-12-31"])
def test_publication_dates_outside_the_coded_range_are_e013(value: str | date) -> None:
    # Found by bench/fuzz.py (seed 0, cases 19 and 290): relative dates near year 1 overflowed
    # the date arithmetic (``ValueError: year 0 is out of range``) instead of a coded error.
    assert code_of(parse_published, value, today=date.max) is ErrorCode.E013
    assert parse_published(EARLIEST_PUBLISHED) == EARLIEST_PUBLISHED


@given(st.text(max_size=40))
def test_any_string_is_a_date_or_a_coded_error(value: str) -> None:
    try:
        parse_published(value, today=date.max)
    except EventcoderError as err:
        assert err.code in {ErrorCode.E010, ErrorCode.E011, ErrorCode.E013}
        if value.strip():
            assert err.code is ErrorCode.E011


# --- files -----------------------------------------------------------------------------------


def test_read_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"KABUL, Oct 29 - Talks failed.\r\n")
    doc = read_document_file(path, published="2025-10-29", today=TODAY)
    assert doc == Document(
        id="story", text="KABUL, Oct 29 - Talks failed.\n", published=date(2025, 10, 29)
    )
    assert read_document_file(path, published="2025-10-29", doc_id="x", today=TODAY).id == "x"


def test_read_html_file_takes_title_and_date_from_the_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document_file(path, today=TODAY)
    assert doc.published == date(2025, 10, 29)
    assert doc.title == "Talks fail"
    assert doc.text.startswith("Talks fail\n\nKABUL, Oct 29")
    # The caller's date wins over the page's.
    assert read_document_file(path, published="2025-10-28", today=TODAY).published == date(
        2025, 10, 28
    )


def test_unreadable_file_is_e021(tmp_path: Path) -> None:
    assert code_of(read_document_file, tmp_path / "missing.txt") is ErrorCode.E021
    assert code_of(read_document_file, tmp_path) is ErrorCode.E021


def test_file_errors_keep_their_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert code_of(read_document_file, empty, published="2025-10-29") is ErrorCode.E001
    text = tmp_path / "t.txt"
    text.write_text("Talks failed.")
    assert code_of(read_document_file, text) is ErrorCode.E010


# --- JSON Lines ------------------------------------------------------------------------------


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a", "text": "Talks failed.", "published": "2025-10-29",
                    "title": "T", "url": "https://x", "source": "Wire", "section": "world",
                    "tags": ["a", "b"]}),
        "{not json",
        "",
        json.dumps({"id": "c", "published": "2025-10-29"}),
        json.dumps({"id": "d", "text": "Fine.", "published": "29/10/2025"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "f", "text": "   ", "published": "2025-10-29"}),
        json.dumps({"text": "No id here.", "published": "2025-10-29"}),
        json.dumps({"id": 7, "html": "<p>One.</p><p>Two.</p>", "published": "2025-10-28"}),
        json.dumps({"id": "j", "text": "Future.", "published": "2030-01-01"}),
        json.dumps({"id": "k", "text": "Undated."}),
        json.dumps({"id": "l", "text": "Bad title.", "published": "2025-10-29", "title": 3}),
    ]  # fmt: skip


def _check_jsonl(results: list[Document | LineError]) -> None:
    docs = {r.id: r for r in results if isinstance(r, Document)}
    errors = {r.line: r.error.code for r in results if isinstance(r, LineError)}
    assert errors == {
        2: ErrorCode.E020,
        4: ErrorCode.E020,
        5: ErrorCode.E011,
        6: ErrorCode.E020,
        7: ErrorCode.E001,
        10: ErrorCode.E012,
        11: ErrorCode.E010,
        12: ErrorCode.E020,
    }
    assert docs["a"] == Document(
        id="a",
        text="Talks failed.",
        published=date(2025, 10, 29),
        title="T",
        url="https://x",
        source="Wire",
        metadata=(("section", "world"), ("tags", '["a", "b"]')),
    )
    assert docs["7"].text == "One.\n\nTwo."
    assert docs[content_id("No id here.")].text == "No id here."
    assert len(results) == 11  # the blank line is skipped, nothing else


def test_jsonl_from_lines() -> None:
    _check_jsonl(list(iter_jsonl(_jsonl_lines(), today=TODAY)))


def test_jsonl_from_file(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    _check_jsonl(list(iter_jsonl(path, today=TODAY)))
    _check_jsonl(list(iter_jsonl(str(path), today=TODAY)))


def test_jsonl_default_published_and_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"id": "a", "text": "A."}\n{"id": "b", "text": "\xff"}\n')
    results = list(iter_jsonl(path, published="2025-10-01", today=TODAY))
    assert isinstance(results[0], Document) and results[0].published == date(2025, 10, 1)
    assert isinstance(results[1], LineError) and results[1].line == 2
    assert results[1].error.code is ErrorCode.E020


def test_jsonl_unreadable_file_is_e021(tmp_path: Path) -> None:
    assert code_of(lambda: list(iter_jsonl(tmp_path / "none.jsonl"))) is ErrorCode.E021


def test_content_id_is_stable() -> None:
    assert content_id("abc") == content_id("abc") != content_id("abd")
