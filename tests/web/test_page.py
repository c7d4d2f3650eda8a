"""The web page in a real browser: Debian's Chromium, driven by Playwright, against a real
``eventcoder serve`` with a fresh store. Screenshots go to the test's tmp folder and to
``out/screenshots/`` (git-ignored), to look at.

Needs ``/usr/bin/chromium``: ``python3 dev.py setup`` installs it (apt, as root). Without it
these tests fail with one message saying so; they never download a browser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

import eventcoder
from serving import Serving, eventcoder_command, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EXAMPLE = Path(eventcoder.__file__).parent / "examples" / "border_truce.txt"
PUBLISHED = "2025-03-14"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
ARTICLES = Path(__file__).parents[1] / "store" / "fixtures" / "incidents" / "articles.jsonl"
BANNU = ("bannu-wire-a", "bannu-courier-b", "bannu-daily-c")
"""Three outlets reporting one attack on a police station (and a later one, by two of them)."""
EARLIER = (
    "ADDIS ABABA, Feb 10 (Wire) - Ethiopian troops shelled Sudanese army positions near "
    "Gallabat on Sunday, Sudan's army said. Sudan accused Ethiopia of violating its border."
)
HOSTILE = (
    "Headline <script>window.pwned=1</script> and a picture "
    '<img src=x onerror="window.pwned=1">.\n\n'
    "Ethiopia and Sudan agreed on Thursday to a ceasefire <b>along</b> their border, "
    'officials said. <img src=x onerror="window.pwned=2">'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    """A server whose store holds the example and an earlier article on the same dyad, posted
    to the API, and three outlets' reports of one attack, written by `eventcoder batch` (which
    links the store's events into incidents) while the server runs."""
    home = tmp_path_factory.mktemp("web")
    with serve(home) as running:
        for body in (
            {"id": "border_truce", "text": EXAMPLE.read_text(encoding="utf-8"),
             "published": PUBLISHED},
            {"id": "gallabat", "text": EARLIER, "published": "2025-02-10"},
        ):  # fmt: skip
            response = running.client.post("/api/v1/documents", json=body)
            assert response.status_code == 201, response.text
        lines = ARTICLES.read_text(encoding="utf-8").splitlines()
        bannu = home / "bannu.jsonl"
        bannu.write_text("\n".join(x for x in lines if x and json.loads(x)["id"] in BANNU))
        command = [*eventcoder_command(), "batch", str(bannu), "--store", str(running.store)]
        batch = subprocess.run(
            [*command, "--workers", "1", "--quiet"], capture_output=True, text=True, timeout=300
        )
        assert batch.returncode == 0, batch.stderr
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(`python3 dev.py setup` installs it as root with apt-get install -y chromium)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """A browser page on the site; what the page logs as an error, and every request it makes
    elsewhere than the server, is kept to be checked."""

    def __init__(self, browser: object, site: Serving, shots: Path, path: str = "/") -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 800})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.shots = shots
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(site.url + "/"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        self.page.route("**/*", route)
        self.page.goto(site.url + path)

    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / path.name)
        return path

    def code(self, text: str, published: str) -> None:
        self.page.get_by_label("Article text").fill(text)
        self.page.get_by_label("Published").fill(published)
        self.page.get_by_role("button", name="Code the article").click()
        expect(self.page.locator("#code-status")).not_to_have_text("Coding …")


@pytest.fixture
def page(
    browser: object, site: Serving, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """The web page, or (parametrized indirectly) another path of the site."""
    opened = Page(browser, site, tmp_path, getattr(request, "param", "/"))
    yield opened
    opened.context.close()
    assert opened.errors == [], opened.errors
    assert opened.outside == [], opened.outside  # nothing is fetched from outside the server


ONE_LINE = """cells => cells.flatMap((cell, row) => {
    const chip = cell.querySelector('.chip').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(cell.lastChild);
    const word = range.getBoundingClientRect();
    return word.top < chip.bottom ? [] : [`row ${row}: ${cell.textContent} wraps`];
})"""
"""A check for table cells of a dot and a word: the rows where the word fell below the dot."""


def marked(p: object, name: str) -> str:
    """The article's text in the pieces of class ``name``, in text order."""
    return "".join(p.locator(f"#article .{name}").all_inner_texts())  # type: ignore[attr-defined]


def test_code_the_example_and_mark_an_event(page: Page, site: Serving) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = site.client.post("/api/v1/code", json={"text": text, "published": PUBLISHED})
    events = expected.json()["events"]
    p = page.page
    expect(p.locator("#code-result")).to_be_hidden()
    page.code(text, PUBLISHED)
    buttons = p.locator("#event-list button")
    assert buttons.count() == len(events) > 3
    assert p.locator("#article").inner_text() == text  # the article, as text
    for quad in ("verbal_cooperation", "material_conflict", "verbal_conflict"):
        assert p.locator(f"#article .q-{quad}").count() > 0, quad
    assert p.locator("#quad-legend li").count() == 4

    agree = next(i for i, e in enumerate(events) if e["type"] == "AGREE")
    buttons.nth(agree).click()
    assert buttons.nth(agree).get_attribute("aria-pressed") == "true"
    assert p.locator("#article .mk-source").all_inner_texts() == ["Ethiopia"]
    assert p.locator("#article .mk-target").all_inner_texts() == ["Sudan"]
    assert marked(p, "mk-trigger") == events[agree]["trigger"]["text"]
    assert "Thursday" in marked(p, "mk-date")
    assert marked(p, "selected-ev") == events[agree]["evidence"]["text"]
    assert p.locator("#detail-why").inner_text().strip() not in ("", "(no explanation)")
    page.screenshot("code-agree-selected")

    # the keyboard: down to the next event, Enter selects it, its toll is marked
    killed = next(i for i, e in enumerate(events) if e["fatalities"])
    buttons.nth(killed).focus()
    p.keyboard.press("Enter")
    assert buttons.nth(killed).get_attribute("aria-pressed") == "true"
    assert buttons.nth(agree).get_attribute("aria-pressed") == "false"
    assert "12" in marked(p, "mk-deaths")
    assert p.locator("#detail-title").inner_text().endswith(events[killed]["type"])
    page.screenshot("code-toll-selected")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("Enter")
    assert buttons.nth(killed + 1).get_attribute("aria-pressed") == "true"
    p.keyboard.press("Enter")  # again: cleared, and the focus stays on it
    assert buttons.nth(killed + 1).get_attribute("aria-pressed") == "false"
    assert p.locator("#article .mk").count() == 0
    expect(p.locator("#event-detail")).to_be_hidden()
    expect(buttons.nth(killed + 1)).to_be_focused()


def test_markup_in_an_article_stays_text(page: Page) -> None:
    p = page.page
    page.code(HOSTILE, PUBLISHED)
    article = p.locator("#article")
    assert article.inner_text() == HOSTILE
    assert article.locator("script, img, b").count() == 0
    assert p.evaluate("typeof window.pwned") == "undefined"
    p.locator("#event-list button").first.click()
    assert p.evaluate("typeof window.pwned") == "undefined"
    assert "<script>" in article.inner_text()
    page.screenshot("code-hostile-markup")

    # read as HTML, the server keeps the article's text alone; nothing runs either way
    p.get_by_label("The text is").select_option("html")
    page.code("<p>" + HOSTILE.replace("\n\n", "</p><p>") + "</p>", PUBLISHED)
    expect(article).not_to_contain_text("<script>")
    expect(article).to_contain_text("Ethiopia and Sudan agreed on Thursday to a ceasefire")
    assert article.locator("script, img, b").count() == 0
    assert p.evaluate("typeof window.pwned") == "undefined"


@pytest.mark.parametrize("page", ["/docs"], indirect=True)
def test_the_api_docs_are_interactive_offline(page: Page, site: Serving) -> None:
    """/docs: Swagger UI from the bundled files over /openapi.json, and trying a request in it
    reaches this server (the fixture checks that nothing else was fetched and nothing failed)."""
    p = page.page
    health = p.locator(".opblock-get", has_text="/api/v1/health")
    expect(health).to_be_visible()
    expect(p.locator(".opblock-post", has_text="/api/v1/code")).to_be_visible()
    health.locator(".opblock-summary").click()
    p.get_by_role("button", name="Try it out").click()
    p.get_by_role("button", name="Execute").click()
    answer = health.locator(".live-responses-table")
    expect(answer.locator("td.response-col_status:not(.col_header)")).to_have_text("200")
    expect(answer).to_contain_text(eventcoder.__version__)
    page.screenshot("api-docs")


def test_a_bad_request_is_said_on_the_page(page: Page) -> None:
    page.code("Ethiopia and Sudan agreed to a ceasefire.", "2999-01-01")
    status = page.page.locator("#code-status")
    expect(status).to_contain_text("E012")
    expect(status).to_have_class("status error")
    page.errors = [e for e in page.errors if "status of 422" not in e]  # the browser's own line


def page_events(site: Serving) -> list[dict[str, Any]]:
    return site.client.get("/api/v1/events", params={"limit": 25}).json()["events"]


def test_explore_filters_and_the_dyad_timeline(page: Page, site: Serving) -> None:
    def stored(**filters: str) -> list[str]:
        """The ids of the events the API gives for these filters: what the table must show."""
        response = site.client.get("/api/v1/events", params={**filters, "limit": 500})
        return [e["id"] for e in response.json()["events"]]

    p = page.page
    status = p.locator("#explore-status")
    p.get_by_role("tab", name="Explore the store").click()
    rows = p.locator("#events-table tbody tr")
    everything = len(stored())
    assert everything > 5
    expect(status).to_have_text(f"Events 1–{everything}")
    expect(rows).to_have_count(everything)
    # the map: the vendored borders, a dot per place of the page's events
    expect(p.locator("#map-status")).to_contain_text("place")
    assert p.locator("#map path.land").count() > 150
    places = {
        (e["location"]["lat"], e["location"]["lon"]) for e in page_events(site) if e["location"]
    }
    expect(p.locator("#map circle.point")).to_have_count(len(places))
    page.screenshot("explore-map")
    # readable on a laptop screen: the filter row's buttons on one line, each type beside its
    # dot, and an incident of documents that name no outlet does not say "0 sources"
    search, clear = (p.get_by_role("button", name=n).bounding_box() for n in ("Search", "Clear"))
    assert search and clear and abs(search["y"] - clear["y"]) < 2
    assert p.locator("#events-table td.type").evaluate_all(ONE_LINE) == []
    assert p.locator("#incidents-table td.type").evaluate_all(ONE_LINE) == []
    expect(p.locator("#incidents-table")).not_to_contain_text("0 sources")

    p.get_by_label("Per page").select_option("5")
    p.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(5)
    expect(p.get_by_role("button", name="Previous page")).to_be_disabled()
    p.get_by_role("button", name="Next page").click()
    expect(status).to_have_text("Events 6–10 (more)")
    p.get_by_role("button", name="Previous page").click()
    expect(status).to_have_text("Events 1–5 (more)")
    p.get_by_label("Per page").select_option("25")

    p.get_by_label("Actor", exact=True).fill("SDN")
    p.get_by_label("Type", exact=True).select_option("ACCUSE")
    p.get_by_role("button", name="Search").click()
    accusations = stored(actor="SDN", type="ACCUSE")
    assert 0 < len(accusations) < everything
    expect(status).to_have_text(f"Events 1–{len(accusations)}")
    types = p.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert [t.strip() for t in types] == ["ACCUSE"] * len(accusations)

    p.get_by_label("Quad class", exact=True).select_option("material_conflict")
    p.get_by_label("Type", exact=True).select_option("")
    p.get_by_label("Text in the evidence").fill("Gallabat")
    p.get_by_role("button", name="Search").click()
    assert len(stored(actor="SDN", quad="material_conflict", q="Gallabat")) == 1
    expect(status).to_have_text("Events 1–1")
    assert all("Gallabat" in e for e in p.locator("#events-table td.evidence").all_inner_texts())

    p.get_by_label("Actor A").fill("ETH")
    p.get_by_label("Actor B").fill("SDN")
    p.get_by_label("Bars per").select_option("month")
    p.get_by_role("button", name="Draw").click()
    bars = p.locator("#timeline svg rect.bar")
    bars.first.wait_for()
    periods = {bars.nth(i).get_attribute("data-period") for i in range(bars.count())}
    assert {"2025-02-01", "2025-03-01"} <= periods
    assert p.locator("#timeline rect.bar-material_conflict").count() >= 2
    # the axis reads as a scale: round steps from 0, the top at or above the tallest bar
    labels = p.locator("#timeline svg text.tick").all_text_contents()
    ticks = [int(t) for t in labels]
    steps = {b - a for a, b in pairwise(ticks)}
    assert ticks[0] == 0 and len(steps) == 1 and steps.pop() in {1, 2, 5, 10, 20, 50}
    tallest = max(
        sum(
            int(bars.nth(i).get_attribute("data-count") or 0)
            for i in range(bars.count())
            if bars.nth(i).get_attribute("data-period") == period
        )
        for period in periods
    )
    assert ticks[-1] >= tallest
    page.screenshot("explore-timeline")


def test_an_incident_lists_the_articles_that_report_it(page: Page, site: Serving) -> None:
    incidents = site.client.get("/api/v1/incidents", params={"limit": 25}).json()["incidents"]
    attack = max(incidents, key=lambda i: i["n_articles"])
    assert attack["n_articles"] == len(BANNU)  # the three outlets' attack, linked by the batch
    reported = site.client.get(f"/api/v1/incidents/{attack['id']}").json()
    p = page.page
    p.get_by_role("tab", name="Explore the store").click()
    rows = p.locator("#incidents-table tbody tr")
    expect(rows).to_have_count(len(incidents))
    expect(p.locator("#incidents-status")).to_have_text(f"Incidents 1–{len(incidents)}")
    placed = [i for i in incidents if i["location"] and i["location"]["lat"] is not None]
    expect(p.locator("#map circle.incident")).to_have_count(len(placed))

    row = p.locator(f'#incidents-table tr[data-incident="{attack["id"]}"]')
    row.get_by_role("button", name="3 reports in 3 articles").click()
    reports = p.locator("#incident-reports li")
    expect(reports).to_have_count(3)
    expect(p.locator("#incident-title")).to_be_focused()
    expect(p.locator("#incident-title")).to_contain_text("ASSAULT TTP → PAK")
    expect(row).to_have_class("selected")
    assert [reports.nth(n).get_attribute("data-doc") for n in range(3)] == [
        r["doc_id"] for r in attack["reports"]
    ]
    shown = p.locator("#incident-reports .evidence").all_inner_texts()
    assert shown == [e["evidence"]["text"] for e in reported["events"]]
    sources = p.locator("#incident-reports .source").all_inner_texts()
    assert sources == [d["source"] for d in reported["documents"]]
    assert len(set(sources)) == 3 and None not in sources
    page.screenshot("explore-incident")

    # the map's ring of another incident, by keyboard, shows that one's reports
    other = next(i for i in placed if i["id"] != attack["id"])
    p.locator(f'#map circle.incident[data-incident="{other["id"]}"]').focus()
    p.keyboard.press("Enter")
    expect(reports).to_have_count(other["n_reports"])
    expect(p.locator(f'#map circle.incident[data-incident="{other["id"]}"]')).to_have_class(
        "incident selected"
    )

    # the filters narrow the incidents too; a report opens its article for review
    p.get_by_label("Actor", exact=True).fill("TTP")
    p.get_by_role("button", name="Search").click()
    ttp = [i for i in incidents if "TTP" in i["source"] + i["target"]]
    assert 0 < len(ttp) < len(incidents)
    expect(rows).to_have_count(len(ttp))
    row.get_by_role("button").click()
    first = p.locator(f'#incident-reports li[data-doc="{attack["reports"][0]["doc_id"]}"]')
    first.get_by_role("button", name="Review").click()
    expect(p.locator("#review-status")).to_contain_text(attack["reports"][0]["doc_id"])


# Selects characters start..end of the review article as a reader's drag would: the article is
# split into many text nodes, so the range is found by walking them.
SELECT_TEXT = """([start, end]) => {
  const box = document.getElementById("review-article");
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, begun = false;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (!begun && start < seen + length) { range.setStart(node, start - seen); begun = true; }
    if (begun && end <= seen + length) { range.setEnd(node, end - seen); break; }
    seen += length;
  }
  window.getSelection().removeAllRanges();
  window.getSelection().addRange(range);
}"""
MISSED = "protesters in Khartoum on Wednesday who had marched against the talks"


def test_review_correct_add_reload_then_export_gold_and_evaluate(
    page: Page, site: Serving, tmp_path: Path
) -> None:
    coded = site.client.get("/api/v1/documents/border_truce").json()["events"]
    request = next(i for i, e in enumerate(coded) if e["type"] == "REQUEST")
    rejected = next(i for i, e in enumerate(coded) if e["type"] == "AID")
    p = page.page
    p.get_by_role("tab", name="Explore the store").click()
    row = p.locator("#events-table tbody tr", has_text="border_truce").first
    row.get_by_role("button", name="Review").click()
    expect(p.locator("#review-status")).to_contain_text("border_truce, published 2025-03-14")
    assert p.locator("#review-article").inner_text() == EXAMPLE.read_text(encoding="utf-8")
    p.get_by_label("Reviewer").fill("ann")
    items = p.locator("#review-list button")
    expect(items).to_have_count(len(coded))

    # correct a field: REQUEST -> THREATEN
    items.nth(request).click()
    expect(p.locator("#review-flag")).to_have_text("As the coder coded it; not reviewed.")
    p.get_by_label("Corrected type").select_option("THREATEN")
    p.get_by_role("button", name="Save correction").click()
    expect(p.locator("#correct-status")).to_have_text("Saved.")
    expect(items.nth(request)).to_contain_text("corrected (1)")
    expect(p.locator("#trail li")).to_contain_text(
        "ann · correct: type: THREATEN (was type: REQUEST)"
    )

    # mark one wrong, by keyboard: the event's button, Enter, then the control, Enter
    items.nth(rejected).focus()
    p.keyboard.press("Enter")
    p.locator("#mark-wrong").focus()
    p.keyboard.press("Enter")
    expect(items.nth(rejected)).to_contain_text("rejected")
    expect(p.get_by_role("button", name="Restore (not wrong after all)")).to_be_visible()

    # add the missed protest by selecting its evidence in the article
    start = EXAMPLE.read_text(encoding="utf-8").index(MISSED)
    p.evaluate(SELECT_TEXT, [start, start + len(MISSED)])
    expect(p.get_by_label("From character")).to_have_value(str(start))
    expect(p.get_by_label("To character")).to_have_value(str(start + len(MISSED)))
    expect(p.locator("#add-selection")).to_contain_text(MISSED)
    p.get_by_label("Type of the missed event").select_option("PROTEST")
    p.get_by_label("Its source codes").fill("SDN")
    p.get_by_label("Its target codes").fill("SDN")
    p.get_by_label("Its date from").fill("2025-03-12")
    p.get_by_label("Its date to").fill("2025-03-12")
    p.get_by_role("button", name="Add missed event").click()
    expect(p.locator("#add-status")).to_contain_text("PROTEST")
    expect(items).to_have_count(len(coded) + 1)
    assert "".join(p.locator("#review-article .selected-ev").all_inner_texts()) == MISSED
    page.screenshot("review-added")

    # reload: the address names the document, and the store kept every correction
    p.reload()
    expect(p.locator("#review-status")).to_contain_text("border_truce")
    expect(items).to_have_count(len(coded) + 1)
    expect(items.nth(request)).to_contain_text("THREATEN")
    expect(items.nth(request)).to_contain_text("corrected (1)")
    expect(items.nth(rejected)).to_contain_text("rejected")
    expect(items.nth(len(coded))).to_contain_text("added by a reviewer")
    items.nth(request).click()
    expect(p.locator("#trail li")).to_contain_text("(was type: REQUEST)")
    page.screenshot("review-after-reload")

    # the review as gold: the coder misses the protest and the threat, and the AID is extra
    gold = tmp_path / "gold"
    command = [
        *eventcoder_command(),
        "review",
        "export-gold",
        str(gold),
        "--store",
        str(site.store),
    ]
    exported = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in gold.iterdir()) == ["border_truce.txt", "border_truce.yaml"]
    evaluated = subprocess.run(
        [*eventcoder_command(), "eval", str(gold), "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert evaluated.returncode == 0, evaluated.stderr
    totals = json.loads(evaluated.stdout)["totals"]
    n = len(coded)
    assert (totals["tp"], totals["fp"], totals["fn"]) == (n - 2, 2, 2)
    assert totals["recall"] == pytest.approx((n - 2) / n)
