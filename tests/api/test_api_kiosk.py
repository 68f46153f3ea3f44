"""The kiosk page in a real headless Chromium (Debian's), driven by Playwright.

A visitor with only a keyboard asks a question and hears (reads) the answer in the
aria-live region with its source; the page stays usable with text at 200 %; axe-core
(bundled by axe-playwright-python, no network) finds no WCAG 2.1 A/AA violation.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
ELECTIONS = "Comment s'inscrire sur les listes électorales ?"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page: Any) -> str:
    """axe-core's report of WCAG 2.1 A and AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return results.generate_report() if results.violations_count else ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"no {CHROMIUM}: `apt-get install chromium` (scripts/install.sh --dev)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def test_a_keyboard_visitor_asks_and_reads_the_answer_with_its_source(
        browser: Any, live_url: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1024, "height": 768}, locale="fr-FR")
    page.goto(live_url + "/")
    assert page.get_attribute("html", "lang") == "fr"
    box = page.get_by_label("Votre question")  # the input is named by its <label>
    expect(box).to_have_attribute("id", "question")

    page.keyboard.press("Tab")  # the skip link first, then straight to the question
    assert page.evaluate("document.activeElement.textContent") == "Aller à la question"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "question"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.type(ELECTIONS)
    page.keyboard.press("Enter")

    live = page.locator('[aria-live="polite"]')
    expect(live.locator("#source")).to_be_visible(timeout=90_000)
    expect(live.locator("#sentences p").first).to_contain_text("D'après le document")
    expect(live).to_contain_text("service-public.fr")
    expect(live.locator("#source")).to_contain_text("faq-citoyennete.md")
    expect(live.locator("#link-url")).to_have_attribute("href", "https://service-public.fr")
    qr = live.locator("#link-qr")
    expect(qr).to_have_attribute("alt", "QR code vers https://service-public.fr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # drawn, no network
    assert page.evaluate("document.activeElement.id") == "question"  # focus kept for the next
    # The same words as the API's (and so the robot's, tests/loop/test_loop_api.py).
    shown = " ".join(p.inner_text().strip() for p in live.locator("#sentences p").all())
    same = httpx.post(live_url + "/v1/ask", json={"question": ELECTIONS}, timeout=120).json()
    assert " ".join(shown.split()) == " ".join(same["answer"].split())

    assert axe_violations(page) == ""  # with an answer, its link and its QR code shown

    # A frequent question, touched: a new answer replaces the old one.
    page.get_by_role("button", name="Piscine municipale").click()
    expect(live.locator("#source")).to_contain_text("piscine-municipale.html", timeout=90_000)
    expect(live.locator("#sentences")).not_to_contain_text("service-public.fr")
    expect(live.locator("#link")).to_be_hidden()

    # Text at 200 %: the question box is still there, whole, with no sideways scrolling.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    expect(box).to_be_visible()
    box.scroll_into_view_if_needed()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    bounds = box.bounding_box()  # in the viewport once scrolled to: nothing covers it
    assert bounds is not None and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width
    assert bounds["y"] >= 0 and bounds["y"] + bounds["height"] <= height
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).id",
                        [bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2])
    assert hit == "question"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for target in page.locator("button").all():  # touch targets of 44 px and more
        b = target.bounding_box()
        assert b is not None and b["height"] >= 44 and b["width"] >= 44
    page.close()


def test_the_not_found_answer_and_the_staff_page_pass_axe(browser: Any, live_url: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(live_url + "/")
    page.get_by_label("Votre question").fill("Où se trouve le terrain de golf ?")
    page.get_by_role("button", name="Demander").click()
    expect(page.locator("#not-found")).to_be_visible(timeout=90_000)
    expect(page.locator("#not-found")).to_contain_text("02 47 00 00 00")
    assert axe_violations(page) == ""
    page.goto(live_url + "/staff?q=tarif+enfant+piscine")
    expect(page.locator("table").first).to_contain_text("ancienne version")
    assert axe_violations(page) == ""
    page.close()
