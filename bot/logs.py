"""Structured logs: one JSON object per line. Message bodies are never logged."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

# Fields a log call may add with ``extra=``; anything else stays out of the line.
FIELDS = ("event_id", "kind", "user", "latency_ms", "status", "path", "retry_key", "job", "count")

# PostgreSQL's error details quote the values involved ("Key (line_user_id)=(U...) already
# exists"); SQLAlchemy's hide_parameters=True (models/db.py) hides the bound parameters themselves.
_DETAIL = re.compile(r"^(\s*)DETAIL:.*$", re.MULTILINE)


def redact(text: str) -> str:
    return _DETAIL.sub(r"\1DETAIL:  (hidden)", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def configure_json_logging(level: int = logging.INFO) -> None:
    """Send every log line to stderr as JSON, unless logging was configured already."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)
