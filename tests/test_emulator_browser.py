"""The LINE emulator page in a real browser: `tidtam demo`, headless Chromium, a report started in chat.

Runs the demo as a subprocess in a temporary directory (so instance/demo.db is created there), drives
/emulator with Playwright, and leaves screenshots in test-artifacts/ for a person to look at: emulator.png,
the rich menu's (emulator-richmenu*.png), what people type (emulator_rich_menu_label.png,
emulator_greeting.png, emulator_tp1_card.png), and the officer's summary before ยืนยัน and the reviewer's
list after a resubmission (officer_summary.png, officer_summary_end.png, reviewer_after_resubmission.png).
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
            # The demo's month has the offices' results (#25): building the file and its chart takes
            # a few seconds on a busy machine.
            expect(page.locator(".bubble.bot.flex", has_text="ตป.๑")).to_have_count(1, timeout=30_000)
            expect(page.locator(".quick-reply button", has_text="สงป.๓๐๑")).to_have_count(1, timeout=30_000)
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


# --- #24: what people type, and the screens an officer and a reviewer read --------------------


def demo_month():
    """The month the demo reports on today (devtools/demo.py), e.g. date(2026, 12, 1)."""
    from datetime import datetime

    from devtools.demo import demo_moment
    from models import calendar as cal
    from models.clock import BANGKOK

    now = demo_moment(datetime.now(BANGKOK).date())
    return cal.reporting_period_at(now.date(), cal.DEFAULT_SETTINGS)


def typed_month(month) -> str:
    """'ธ.ค. 69': the month as people type it, short name and two-digit BE year."""
    from models import calendar as cal

    name, year = cal.thai_month_short(month).rsplit(" ", 1)
    return f"{name} {year[-2:]}"


class Emulator:
    """The emulator page driven as a person would: pick a user, type, read the bot's new bubbles."""

    def __init__(self, page) -> None:
        self.page = page

    def bot_texts(self) -> list[str]:
        return self.page.locator(".bubble.bot").all_inner_texts()

    def settle(self, quiet_ms: int = 900, timeout_s: float = 20.0) -> None:
        """Wait until no new bubble has come for ``quiet_ms`` (a reply can be several bubbles)."""
        deadline = time.monotonic() + timeout_s
        count = -1
        while time.monotonic() < deadline:
            now = self.page.locator(".bubble").count()
            if now == count:
                return
            count = now
            self.page.wait_for_timeout(quiet_ms)

    def pick(self, line_user_id: str) -> None:
        self.page.select_option("#user-select", line_user_id)
        self.page.wait_for_function(
            "id => document.getElementById('user-select').value === id", arg=line_user_id
        )
        self.settle(quiet_ms=1500)

    def say(self, text: str, timeout_ms: int = 30_000) -> list[str]:
        """Type ``text`` and press Enter; the bot's bubbles that answer it."""
        before = self.page.locator(".bubble.bot").count()
        self.page.fill("#message-input", text)
        self.page.press("#message-input", "Enter")
        self.page.wait_for_function(
            "n => document.querySelectorAll('.bubble.bot').length > n", arg=before, timeout=timeout_ms
        )
        self.settle()
        return self.bot_texts()[before:]

    def buttons(self) -> list[str]:
        return [b.strip() for b in self.page.locator(".quick-reply button").all_inner_texts()]

    def shoot(self, name: str, top: str | None = None, *, end: bool = False) -> Path:
        """Save a screenshot of the phone as its user sees it in test-artifacts/: the rich menu
        folded (as a user does to read), the last bubble with ``top`` in it at the top of the
        chat, or the chat's end (``end``)."""
        bar = self.page.locator("#rich-menu-bar")
        if bar.is_visible() and bar.get_attribute("aria-expanded") == "true":
            bar.click()
        if end:
            self.page.locator("#chat").evaluate("chat => { chat.scrollTop = chat.scrollHeight; }")
        elif top is not None:
            bubble = self.page.locator(".bubble", has_text=top).last
            bubble.evaluate("node => node.scrollIntoView({block: 'start'})")
        self.page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def test_typed_label_greeting_and_one_line_request_in_the_emulator(demo_server):
    """#24: typed as people type them, a rich-menu label starts its dialogue, a greeting is
    answered with what is due and the days left, and `ตป.๑ ธ.ค. 69` gives central the file card."""
    from playwright.sync_api import sync_playwright

    from models import calendar as cal

    month = demo_month()
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="th-TH")
            page.set_default_timeout(30_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{demo_server}/emulator")
            chat = Emulator(page)

            # An officer types the rich menu's label: the report dialogue's first question.
            chat.pick("Udemo-officer-50")
            answer = "\n".join(chat.say("รายงานผล"))
            assert "ไม่เข้าใจ" not in answer, answer
            assert re.search(r"ข้อ 1/\d+", answer), answer
            assert cal.thai_month(month) in answer, answer
            chat.shoot("emulator_rich_menu_label.png", "รายงานผล")
            assert "ข้าม" in chat.buttons()
            chat.say("ยกเลิก")

            # A greeting: greeted back with the month due, what is sent and the days left.
            answer = "\n".join(chat.say("สวัสดีค่ะ"))
            assert answer.startswith("สวัสดีค่ะ"), answer
            assert "ไม่เข้าใจ" not in answer, answer
            assert cal.thai_month(month) in answer, answer
            assert re.search(r"เหลือ \d+ วัน", answer), answer
            assert re.search(r"ส่งแล้ว 0/\d+ ข้อ", answer), answer
            chat.shoot("emulator_greeting.png", end=True)

            # Central asks for a file in one line: the card of the month's ตป.๑.
            chat.pick("Udemo-central")
            request = f"ตป.๑ {typed_month(month)}"
            answer = "\n".join(chat.say(request))
            assert "ไม่เข้าใจ" not in answer, (request, answer)
            card = page.locator(".bubble.bot.flex").last
            assert f"ตป.๑ · {cal.thai_month_short(month)}" in card.inner_text(), card.inner_text()
            assert "สงป.๓๐๑" in chat.buttons()  # the other kinds of the month follow
            # #25: the demo's indicators have monthly plans, so the card counts those on plan.
            on_plan = re.search(r"ตามแผน\s*(\d+)/(\d+)", card.inner_text())
            assert on_plan and int(on_plan.group(2)) > 0, card.inner_text()
            chat.shoot("emulator_tp1_card.png", request)
            problems = page.locator(".problem").all_inner_texts()
            assert problems == [], f"LINE would refuse what the bot sent: {problems}"
        finally:
            browser.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


PROBLEM = ("ฝนตกหนัก สมาชิกมาประชุมไม่ครบ", "นัดประชุมใหม่หลังเก็บเกี่ยว")


def answer_for(question: str, fixes: int = 0) -> str:
    """What a careful officer answers to the bot's last question (`fixes`: answering a returned
    item again, so with a different value)."""
    last = question.strip().splitlines()[-1] if question.strip() else ""
    if "ยืนยันค่านี้" in question:
        return "ใช่"
    if "แนวทาง" in question:
        return PROBLEM[1]
    if "ปัญหา" in question and "ปัญหา" in last:
        return PROBLEM[0] if "ส่งเสริมและพัฒนาตามศักยภาพ" in question else "ไม่มี"
    if "เบิกจ่าย" in question and "บาท" in question:
        allocated = re.search(r"งบจัดสรร ([\d,]+) บาท", question)
        total = int(allocated.group(1).replace(",", "")) if allocated else 100_000
        return f"{total // 5:,}"
    rate = re.search(r"เป้าหมาย ร้อยละ ([\d.]+)", question)
    if rate:
        return str(float(rate.group(1)) * (0.9 if fixes else 1.0)).removesuffix(".0")
    target = re.search(r"เป้าหมายทั้งปี ([\d,]+)", question)
    if target:
        whole = int(target.group(1).replace(",", ""))
        return str(max(1, whole // (5 if fixes else 4)))
    return "0"


def fill_until_summary(chat: Emulator, first: str, fixes: int = 0, limit: int = 60) -> list[str]:
    """Answer every question from ``first`` on until the summary that asks for ยืนยัน."""
    answer = chat.say(first)
    for _ in range(limit):
        text = "\n".join(answer)
        if "ยืนยัน" in chat.buttons() and "ยืนยันค่านี้" not in text:
            return answer
        answer = chat.say(answer_for(answer[-1] if answer else "", fixes))
    pytest.fail(f"no summary after {limit} answers; last: {answer}")


def test_officer_summary_and_reviewer_list_after_a_resubmission(demo_server):
    """#24 screenshots: an officer's summary before ยืนยัน (test-artifacts/officer_summary.png),
    and the reviewer's list of the office after two items came back fixed
    (test-artifacts/reviewer_after_resubmission.png). Only what stays true while those screens
    change is asserted: the summary is shown, the office's list is shown."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="th-TH")
            page.set_default_timeout(30_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{demo_server}/emulator")
            chat = Emulator(page)

            # The officer reports the whole month and reaches the summary.
            chat.pick("Udemo-officer-50")
            summary = "\n".join(fill_until_summary(chat, "รายงาน"))
            assert "สรุป" in summary, summary
            items = [int(n) for n in re.findall(r"ข้อ \d+/(\d+)", "\n".join(chat.bot_texts()))]
            assert items and max(items) >= 15, items  # many items
            chat.shoot("officer_summary.png", "สรุป")  # the summary's first phone screen
            chat.shoot("officer_summary_end.png", end=True)  # ... and its end, with ยืนยัน
            sent = "\n".join(chat.say("ยืนยัน"))
            assert "เรียบร้อย" in sent or "ส่ง" in sent, sent

            # The division opens the office and returns two of its items with a reason.
            chat.pick("Udemo-division-kpk")
            chat.say("ตรวจ")
            # #25: the demo's other offices have sent too: the division has a queue to work through.
            others = [
                b for b in chat.buttons() if re.match(r"สกจ\.|สสพ\.\d", b) and b != "สกจ.เชียงใหม่"
            ]  # short names
            assert others, chat.buttons()
            shown = "\n".join(chat.say("P50"))
            assert "สำนักงานสหกรณ์จังหวัดเชียงใหม่" in shown, shown
            numbers = list(dict.fromkeys(re.findall(r"^(\d+)\. ", shown, flags=re.MULTILINE)))
            assert len(numbers) >= 2, shown
            chat.say("ส่งกลับ")
            chat.say(",".join(numbers[:2]))
            returned = "\n".join(chat.say("ค่าสองข้อนี้ไม่ตรงกับทะเบียนสหกรณ์ กรุณาตรวจสอบแล้วส่งใหม่ค่ะ"))
            assert "ส่งกลับ 2" in returned, returned

            # The officer fixes them (the bot asks those first) and sends again.
            chat.pick("Udemo-officer-50")
            again = "\n".join(fill_until_summary(chat, "รายงาน", fixes=1))
            assert "สรุป" in again, again
            chat.say("เพิ่มหมายเหตุ")  # a note for the division, shown beside what came back
            noted = "\n".join(chat.say("แก้ตามทะเบียนสหกรณ์แล้วค่ะ"))
            assert "แก้ตามทะเบียนสหกรณ์แล้วค่ะ" in noted, noted
            resent = "\n".join(chat.say("ยืนยัน"))
            assert "ส่ง" in resent, resent

            # The reviewer opens ตรวจ for the office: its list is shown.
            chat.pick("Udemo-division-kpk")
            queue = "\n".join(chat.say("ตรวจ"))
            assert "P50" in queue, queue
            listed = "\n".join(chat.say("P50"))
            assert "สำนักงานสหกรณ์จังหวัดเชียงใหม่" in listed, listed
            for number in numbers[:2]:
                assert re.search(rf"^{number}\. ", listed, flags=re.MULTILINE), (number, listed)
            assert "→" in listed or "ส่งกลับมาโดยไม่แก้ค่า" in listed, listed  # what came back, old → new
            assert "แก้ตามทะเบียนสหกรณ์แล้วค่ะ" in listed, listed  # and the officer's note
            chat.shoot("reviewer_after_resubmission.png", "สำนักงานสหกรณ์จังหวัดเชียงใหม่")
            problems = page.locator(".problem").all_inner_texts()
            assert problems == [], f"LINE would refuse what the bot sent: {problems}"
        finally:
            browser.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
