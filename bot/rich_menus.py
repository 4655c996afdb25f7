"""Rich menus per role: what they are, their images, `tidtam richmenu sync`, and the per-user link.

One menu per role (officer, division, central, admin) and one for users not yet registered (the
channel's default menu). Central needs two pages: its pages switch through rich menu aliases.
Every area sends a command word the router understands (a message action), so a tap works exactly
as typing the word; the page switch is LINE's own ``richmenuswitch`` action.

Sync is idempotent: each menu's name carries a digest of its definition and image
(``tidtam-<page>-<digest>``); a menu whose name already exists is kept, a new version is created,
its image uploaded, its alias (``tidtam-<page>``) moved to it, the users of that role linked to it
and the old versions deleted. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import texts as T
from handlers.messages import NO_ROLE
from models.entities import Role, User

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 2500, 843  # LINE's compact size (2500 x 843): two rows of three areas
COLUMNS, ROWS = 3, 2
PREFIX = "tidtam-"
UNREGISTERED = NO_ROLE  # registration and help only: not registered yet, or deactivated
MORE = "more"  # a page-switch area (central's second page)
BACK = "back"
MAX_IMAGE_BYTES = 1_000_000
# Thai fonts of Debian's fonts-thai-tlwg (free); DejaVu Sans of matplotlib when none is found.
THAI_FONTS = ("Garuda", "Loma", "Sawasdee", "Kinnari", "Norasi", "Umpush", "Waree")


@dataclass(frozen=True)
class Page:
    key: str  # alias id without the prefix: "officer", "central", "central-2", "unregistered"
    words: tuple[str, ...]  # command words (or MORE/BACK), in reading order
    switch_to: str | None = None  # the page MORE/BACK switches to

    @property
    def alias(self) -> str:
        return PREFIX + self.key


PAGES: dict[str, tuple[Page, ...]] = {
    Role.OFFICER.value: (
        Page("officer", (T.W_REPORT, T.W_STATUS, T.W_CORRECT, T.W_REQUEST_REPORT, T.W_PAUSE, T.W_HELP)),
    ),
    Role.DIVISION.value: (
        Page("division", (T.W_REVIEW, T.W_STATUS, T.W_REQUEST_REPORT, T.W_SUMMARY, T.W_UNAPPROVE, T.W_HELP)),
    ),
    Role.CENTRAL.value: (
        Page(
            "central",
            (T.W_REQUEST_REPORT, T.W_STATUS, T.W_REVIEW, T.W_CLOSE, T.W_SUMMARY, MORE),
            switch_to="central-2",
        ),
        Page(
            "central-2",
            (T.W_REOPEN, T.W_UNAPPROVE, T.W_PAUSE, T.W_RESUME, T.W_HELP, BACK),
            switch_to="central",
        ),
    ),
    Role.ADMIN.value: (Page("admin", (T.W_REQUEST_REPORT, T.W_STATUS, T.W_HELP, T.W_PAUSE, T.W_RESUME)),),
    UNREGISTERED: (Page("unregistered", (T.W_REGISTER, T.W_HELP)),),
}
COLOURS = {
    Role.OFFICER.value: "#06C755",
    Role.DIVISION.value: "#1E6FD9",
    Role.CENTRAL.value: "#7A3FC4",
    Role.ADMIN.value: "#5A6270",
    UNREGISTERED: "#06C755",
}


def _label(word: str) -> str:
    if word == MORE:
        return T.RICH_MENU_MORE
    if word == BACK:
        return T.RICH_MENU_BACK
    return T.RICH_MENU_LABELS.get(word, word)


def _bounds(page: Page) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each area: a 3 x 2 grid, or one row when a page has few words."""
    rows = ROWS if len(page.words) > COLUMNS else 1
    columns = COLUMNS if rows == ROWS else len(page.words)
    cell_w, cell_h = WIDTH // columns, HEIGHT // rows
    return [
        (c * cell_w, r * cell_h, cell_w if c < columns - 1 else WIDTH - c * cell_w, cell_h)
        for r in range(rows)
        for c in range(columns)
    ][: len(page.words)]


def definition(page: Page) -> dict[str, Any]:
    """The rich menu object of the Messaging API (without its versioned name)."""
    areas = []
    for word, (x, y, w, h) in zip(page.words, _bounds(page), strict=True):
        if word in (MORE, BACK) and page.switch_to:
            action: dict[str, Any] = {
                "type": "richmenuswitch",
                "richMenuAliasId": PREFIX + page.switch_to,
                "data": f"richmenu:{page.switch_to}",
            }
        else:
            action = {"type": "message", "label": _label(word)[:20], "text": word}
        areas.append({"bounds": {"x": x, "y": y, "width": w, "height": h}, "action": action})
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,
        "chatBarText": T.RICH_MENU_BAR[:14],
        "areas": areas,
    }


@lru_cache(maxsize=1)
def thai_font_path() -> str | None:
    """A Thai font installed on the machine (fontconfig's, through matplotlib), or None."""
    from matplotlib import font_manager  # loads matplotlib's font cache: only when drawing a menu

    for name in THAI_FONTS:
        for entry in font_manager.fontManager.ttflist:
            if entry.name == name and entry.style == "normal" and entry.weight in (400, "normal", "regular"):
                return str(entry.fname)
    for name in THAI_FONTS:
        for entry in font_manager.fontManager.ttflist:
            if entry.name == name:
                return str(entry.fname)
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = thai_font_path()
    if path is None:
        log.warning("no Thai font found (install fonts-thai-tlwg): rich menu labels fall back")
        from matplotlib import get_data_path  # DejaVu Sans, shipped with matplotlib

        path = f"{get_data_path()}/fonts/ttf/DejaVuSans.ttf"
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default()


def image(page: Page, role: str) -> bytes:
    """The menu's picture: one tile per area with its Thai label, as PNG (well under 1 MB)."""
    picture = Image.new("RGB", (WIDTH, HEIGHT), "#FFFFFF")
    draw = ImageDraw.Draw(picture)
    colour = COLOURS.get(role, "#06C755")
    font = _font(96)
    for word, (x, y, w, h) in zip(page.words, _bounds(page), strict=True):
        draw.rectangle((x + 12, y + 12, x + w - 12, y + h - 12), fill="#F4F6F8", outline=colour, width=8)
        label = _label(word)
        box = draw.textbbox((0, 0), label, font=font)
        tx = x + (w - (box[2] - box[0])) // 2 - box[0]
        ty = y + (h - (box[3] - box[1])) // 2 - box[1]
        draw.text((tx, ty), label, font=font, fill=colour if word not in (MORE, BACK) else "#333333")
    out = io.BytesIO()
    picture.save(out, "PNG")  # flat colours: about 30 KB, drawn and saved in about 0.3 s
    data = out.getvalue()
    if len(data) > MAX_IMAGE_BYTES:  # pragma: no cover - a flat picture is ~30 KB
        raise ValueError(f"rich menu image of {len(data)} bytes is over LINE's 1 MB")
    return data


@dataclass(frozen=True)
class Built:
    page: Page
    role: str
    name: str  # tidtam-<page>-<digest>, at most 300 characters
    definition: dict[str, Any]
    image: bytes


def build_all() -> list[Built]:
    built = []
    for role, pages in PAGES.items():
        for page in pages:
            menu = definition(page)
            picture = image(page, role)
            digest = hashlib.sha256(json.dumps(menu, sort_keys=True).encode() + picture).hexdigest()[:12]
            name = f"{page.alias}-{digest}"
            built.append(Built(page, role, name, {**menu, "name": name}, picture))
    return built


@dataclass
class SyncReport:
    created: list[str]
    kept: list[str]
    deleted: list[str]
    relinked: int

    def summary(self) -> str:
        return (
            f"rich menus: created {len(self.created)}, unchanged {len(self.kept)}, "
            f"deleted {len(self.deleted)} old; users relinked {self.relinked}"
        )


def sync(rt: Runtime) -> SyncReport:
    """Create or update every menu (idempotent; see the module docstring)."""
    line = rt.line
    existing = line.rich_menu_list()
    aliases = line.rich_menu_aliases()
    report = SyncReport([], [], [], 0)
    changed_roles: dict[str, str] = {}
    current: set[str] = set()
    for menu in build_all():
        menu_id = existing.get(menu.name)
        if menu_id is None:
            menu_id = line.create_rich_menu(menu.definition, menu.image, "image/png")
            report.created.append(menu.name)
        else:
            report.kept.append(menu.name)
        current.add(menu_id)
        if aliases.get(menu.page.alias) != menu_id:
            line.set_rich_menu_alias(menu.page.alias, menu_id, exists=menu.page.alias in aliases)
            if menu.page is PAGES[menu.role][0]:
                changed_roles[menu.role] = menu_id
        if menu.role == UNREGISTERED and menu.page is PAGES[UNREGISTERED][0]:
            line.set_default_rich_menu(menu_id)
    for role, menu_id in changed_roles.items():
        if role == UNREGISTERED:
            continue
        with rt.sessions() as session:
            users = users_to_link(session, role)
        if users:
            line.link_rich_menu_bulk(users, menu_id)
            report.relinked += len(users)
    for name, menu_id in existing.items():
        if name.startswith(PREFIX) and menu_id not in current:
            line.delete_rich_menu(menu_id)
            report.deleted.append(name)
    return report


def menu_key_for(role: str) -> str:
    """The alias of the first page of a role's menu."""
    pages = PAGES.get(role) or PAGES[UNREGISTERED]
    return pages[0].alias


def link_rich_menu_for(rt: Runtime, line_user_id: str, role: str) -> bool:
    """Link a user's rich menu to their role (call it at registration and on every role change).
    False when the menus were never synced or LINE refused; the user keeps the default menu."""
    try:
        menu_id = rt.line.rich_menu_of_alias(menu_key_for(role))
    except Exception:
        log.warning("rich menu alias lookup failed", exc_info=True)
        return False
    if menu_id is None:
        log.info("no rich menu for role %s: run `tidtam richmenu sync`", role)
        return False
    return rt.line.link_rich_menu(line_user_id, menu_id).ok


def link_rich_menus(rt: Runtime, links: list[tuple[str, str]]) -> None:
    """Link each (LINE user id, role); a task of the queue runs it after the turn commits."""
    for line_user_id, role in links:
        try:
            link_rich_menu_for(rt, line_user_id, role)
        except Exception:
            log.exception("linking a rich menu failed")


def users_to_link(session: Session, role: str) -> list[str]:
    """LINE user ids of the active users of a role (for a bulk relink)."""
    return list(session.scalars(select(User.line_user_id).where(User.role == role, User.active.is_(True))))
