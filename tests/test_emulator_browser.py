"""The LINE emulator page in a real browser: `tidtam demo`, headless Chromium, a report started in chat.

Runs the demo as a subprocess in a temporary directory (so instance/demo.db is created there), drives
/emulator with Playwright, and leaves a screenshot in test-artifacts/emulator.png for a person to look at.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (CI installs it)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`tidtam demo` exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"`tidtam demo` did not answer /healthz within {timeout:.0f} s:\n{log.read_text(errors='replace')[-4000:]}"
    )


@pytest.fixture
def demo_server(tmp_path):
    """`tidtam demo` on a free port, working in tmp_path; yields its base URL."""
    port = free_port()
    env = dict(os.environ)
    # Test this checkout, whatever the venv has installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for name in ("DATABASE_URL", "TIDTAM_NOW", "TIDTAM_ENV"):
        env.pop(name, None)
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "demo", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log)
        assert (tmp_path / "instance" / "demo.db").exists()
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_officer_starts_a_report_in_the_emulator(demo_server):
    from playwright.sync_api import expect, sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="th-TH")
            page.set_default_timeout(15_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{demo_server}/emulator")

            # The picker lists the demo users by Thai role, and offers a new, unregistered user.
            officer = page.locator("#user-select option[value^='Udemo-officer']").first
            expect(officer).to_be_attached()
            expect(page.locator("#user-select optgroup[label='เจ้าหน้าที่หน่วยงานในพื้นที่']")).to_have_count(1)
            expect(page.locator("#user-select option[value='__new__']")).to_have_count(1)
            officer_id = officer.get_attribute("value")
            page.select_option("#user-select", officer_id)
            expect(page.locator("#user-card")).to_contain_text("เจ้าหน้าที่หน่วยงานในพื้นที่")

            page.fill("#message-input", "รายงาน")
            page.press("#message-input", "Enter")
            expect(page.locator(".bubble.user", has_text="รายงาน")).to_have_count(1)
            expect(page.locator(".bubble.bot", has_text="ข้อ 1/")).to_have_count(1)

            # Answer with the quick reply "0" (every number question offers it).
            zero = page.locator(".quick-reply button").filter(has_text=re.compile(r"^\s*0\s*$"))
            expect(zero).to_have_count(1)
            zero.click()
            expect(page.locator(".bubble.bot", has_text="ข้อ 2/")).to_have_count(1)

            # A typed answer with the send button gets an answer too.
            bot_bubbles = page.locator(".bubble.bot").count()
            page.fill("#message-input", "5")
            page.click("#send-button")
            expect(page.locator(".bubble.user").last).to_have_text("5")
            page.wait_for_function(
                "n => document.querySelectorAll('.bubble.bot').length > n", arg=bot_bubbles
            )
            page.wait_for_timeout(800)  # one more poll: nothing late, nothing duplicated

            expect(page.locator(".bubble.bot", has_text="ข้อ 1/")).to_have_count(1)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "emulator.png"))
            problems = page.locator(".problem").all_inner_texts()
            assert problems == [], f"LINE would refuse what the bot sent: {problems}"
        finally:
            browser.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_central_taps_the_rich_menu_and_gets_this_months_tp1(demo_server):
    """#17: a registered user opens on a greeting, the rich menu sits under the chat, and its area
    ขอรายงาน starts the report dialogue; the first quick reply gives this month's ตป.๑ (two taps)."""
    from playwright.sync_api import expect, sync_playwright

    errors: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="th-TH")
            page.set_default_timeout(20_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{demo_server}/emulator")
            central = page.locator("#user-select option[value^='Udemo-central']").first
            expect(central).to_be_attached()
            page.select_option("#user-select", central.get_attribute("value"))

            # First contact: a greeting with what to do next, not an empty chat.
            expect(page.locator(".bubble.bot", has_text="สวัสดีค่ะ")).to_have_count(1)
            expect(page.locator(".bubble.bot", has_text="พิมพ์ ตรวจ")).to_have_count(1)

            # The rich menu of central, drawn from the image the bot uploaded.
            # The first time, the demo draws and uploads the menus: allow it time on a busy machine.
            expect(page.locator("#rich-menu")).to_be_visible(timeout=60_000)
            page.wait_for_function("document.getElementById('rich-menu-image').naturalWidth === 2500")
            page.screenshot(path=str(ARTIFACTS / "emulator-richmenu.png"))

            areas = page.locator("#rich-menu-areas")
            areas.get_by_role("button", name="ขอรายงาน", exact=True).click()  # tap 1: the area
            expect(page.locator(".bubble.bot", has_text="ต้องการรายงานแบบใด")).to_have_count(1)
            first = page.locator(".quick-reply button").first
            expect(first).to_have_text(re.compile(r"^ตป\.๑ "))
            first.click()  # tap 2: the usual choice
            expect(page.locator(".bubble.bot.flex", has_text="ตป.๑")).to_have_count(1)
            expect(page.locator(".quick-reply button", has_text="สงป.๓๐๑")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "emulator-richmenu-report.png"))

            # The page switch: central's second page, and back.
            areas.get_by_role("button", name="tidtam-central-2").click()
            expect(areas.get_by_role("button", name="เปิดรอบ", exact=True)).to_have_count(1)
            areas.get_by_role("button", name="tidtam-central", exact=True).click()
            expect(areas.get_by_role("button", name="ขอรายงาน", exact=True)).to_have_count(1)
            problems = page.locator(".problem").all_inner_texts()
            assert problems == [], f"LINE would refuse what the bot sent: {problems}"
        finally:
            browser.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
