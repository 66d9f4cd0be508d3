"""End to end in a real browser: the app served on localhost, driven by headless Debian Chromium.

Checks what an official sees (the answer names the lead unit, the table shows the cited row,
similar tasks of other communes, the comparison tab, a CSV download) and that the page never
asks anything of a host other than this machine (no fonts, CDN scripts or analytics).
"""
from __future__ import annotations

import pytest
from ui_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, off_machine, start_app

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason=f"{CHROMIUM} missing: run `make browser` (apt-get install chromium)")]

QUESTION = "ai chủ trì số hóa hộ tịch"
FIRST_ANSWER_MS = 120_000  # the first question loads the embedding model


@pytest.fixture(scope="module")
def served(seed_index):
    demo, url = start_app(seed_index)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, served):
    """A fresh page on the app; `page.requests` lists every URL the page asked for."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                                  locale="vi-VN")
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda request: pg.requests.append(request.url))
    pg.goto(served, wait_until="networkidle")
    yield pg
    context.close()


def ask(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask-button").click()
    page.locator("#results-table tbody tr").first.wait_for(timeout=FIRST_ANSWER_MS)


def test_ask_shows_answer_table_similar_and_downloads(page, seed_index):
    ask(page, QUESTION)
    sentence = page.locator("#answer .kh-sentence").inner_text()
    assert "Văn phòng HĐND&UBND" in sentence

    rows = page.locator("#results-table tbody tr")
    tho = rows.filter(has_text="Nghĩa Thọ").filter(has_text="hộ tịch")
    assert tho.count() >= 1
    assert "Văn phòng HĐND&UBND" in tho.first.inner_text()
    assert tho.first.locator("mark").count() >= 2  # the query's words are highlighted in the task

    # the first row is chosen for "similar tasks in other communes": its commune is not among them
    page.locator("#similar .kh-card").first.wait_for(timeout=30_000)
    picked = page.locator("#similar .kh-source").inner_text()
    first_commune = rows.first.locator("td").nth(1).inner_text().strip()
    assert first_commune in picked
    communes = [h.strip() for h in page.locator("#similar .kh-col h4").all_inner_texts()]
    assert communes and first_commune not in communes
    assert set(communes) <= set(seed_index.communes())

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui.png"), full_page=True)

    with page.expect_download() as info:
        page.locator("#download-csv").click()
    csv_text = open(info.value.path(), encoding="utf-8-sig").read()
    assert "Nghĩa Thọ" in csv_text and "Văn phòng HĐND&UBND" in csv_text

    assert off_machine(page.requests) == []


def test_compare_tab_lists_every_commune(page, seed_index):
    page.get_by_role("tab", name="So sánh giữa các xã").click()
    page.locator("#topic textarea").fill("số hóa hộ tịch")
    page.locator("#compare-button").click()
    table = page.locator("#compare-table")
    table.wait_for(timeout=FIRST_ANSWER_MS)
    shown = [c.strip() for c in table.locator("tbody tr td:first-child").all_inner_texts()]
    assert sorted(shown) == sorted(seed_index.communes())  # each commune once: a match or "none"
    tho = table.locator("tbody tr", has_text="Nghĩa Thọ")
    assert "hộ tịch" in tho.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-compare.png"), full_page=True)
    assert off_machine(page.requests) == []
