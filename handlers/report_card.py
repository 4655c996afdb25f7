"""The card a report file arrives in: a Flex bubble with the figures and the download button."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import texts as T
from handlers import texts_reports as TR
from handlers.clip import clip
from handlers.context import Context
from handlers.messages import Flex
from models import calendar as cal
from models.clock import to_bangkok
from reports import annual, builders, service
from reports.kinds import Card
from reports.rows import ReportData

LINK_TTL = timedelta(hours=24)


def period_label(request: service.Request) -> str:
    if request.quarter:
        return T.RF_QUARTER_LABEL.format(q=request.quarter[1], year=request.quarter[0])
    if request.of.card is Card.YEAR:
        return TR.RF_YEAR_LABEL.format(year=request.year)
    return cal.thai_month_short(request.month)


def figures(data: ReportData, request: service.Request) -> list[tuple[str, str]]:
    """The card's figures, as the kind declares (reports/kinds.py `card`)."""
    return FIGURES[request.of.card](data)


def _budget(data: ReportData, label: str) -> list[tuple[str, str]]:
    allocated = sum(p.allocated for p in data.projects)
    disbursed = sum(p.disbursed for p in data.projects)
    return [(label, T.RF_PERCENT.format(value=100 * float(disbursed / allocated)))] if allocated else []


def year_figures(data: ReportData) -> list[tuple[str, str]]:
    """A fiscal year: indicators that met their target, budget spent against allocation."""
    met, judged = annual.met_count(data)
    return [(TR.RF_MET, T.RF_COUNT.format(done=met, total=judged)), *_budget(data, TR.RF_SPENT)]


def month_figures(data: ReportData) -> list[tuple[str, str]]:
    done, total = data.offices_reporting
    on_plan, planned = builders.plan_count(data)
    without = len(data.indicators) - planned
    figures = [
        (T.RF_OFFICES, T.RF_COUNT.format(done=done, total=total)),
        (T.RF_ON_PLAN, T.RF_COUNT.format(done=on_plan, total=planned) if planned else T.RF_NO_MONTHLY_PLAN),
    ]
    if planned and without:  # #24: counted against those with a plan; say how many have none
        figures.append((T.RF_NO_MONTHLY_PLAN, T.RF_INDICATORS.format(count=without)))
    return figures + _budget(data, T.RF_DISBURSED)


FIGURES = {Card.MONTH: month_figures, Card.YEAR: year_figures}


def _row(label: str, value: str) -> dict[str, object]:
    """One figure: its label on the left, the value on the right (both may wrap, #24)."""
    text = {"type": "text", "size": "sm", "wrap": True}
    return {
        "type": "box",
        "layout": "baseline",
        "contents": [
            {**text, "text": clip(label, 60), "color": "#555555", "flex": 5},
            {**text, "text": value, "weight": "bold", "align": "end", "flex": 2},
        ],
    }


def bubble(ctx: Context, request: service.Request, data: ReportData, link: str) -> Flex:
    kind = request.of.name
    period = period_label(request)
    title = T.RF_TITLE.format(kind=kind, period=period)
    scope = data.header.scope_name or T.RF_SCOPE_ALL
    if (edition := data.header.edition) is not None:  # #22: built from the copy frozen at closing
        closed = cal.thai_date_short(to_bangkok(edition.closed_at).date())
        scope += " · " + T.RF_EDITION.format(date=closed, version=edition.version)
    until = to_bangkok(ctx.now + LINK_TTL)
    rows = [_row(label, value) for label, value in figures(data, request)]
    contents = {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "md",
            "contents": [
                {"type": "text", "text": clip(title, 100), "weight": "bold", "size": "lg", "wrap": True},
                {"type": "text", "text": clip(scope, 100), "size": "xs", "color": "#888888", "wrap": True},
                {"type": "separator"},
                *rows,
                expires_line(until),
            ],
        },
        "footer": download_footer(T.RF_DOWNLOAD, link),
    }
    return Flex(T.RF_ALT.format(kind=kind, period=period)[:400], contents)


def expires_line(until: datetime) -> dict[str, object]:
    """The small grey line under a file card: until when its link works."""
    return {
        "type": "text",
        "text": T.RF_EXPIRES.format(until=f"{cal.thai_date_short(until.date())} {until:%H:%M}"),
        "size": "xxs",
        "color": "#888888",
        "wrap": True,
    }


def download_footer(label: str, link: str) -> dict[str, object]:
    """A file card's footer: one button that opens the download link."""
    button = {
        "type": "button",
        "style": "primary",
        "action": {"type": "uri", "label": label[:40], "uri": link},
    }
    return {"type": "box", "layout": "vertical", "contents": [button]}
