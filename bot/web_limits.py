"""What the web process accepts from a client, shared by the app (bot/app.py) and the gunicorn
worker that reads requests before they take a thread (bot/web_worker.py)."""

from __future__ import annotations

# The largest request body (LINE's webhooks are a few kilobytes): a longer Content-Length is
# answered 413 before anything is read, and a chunked body at the chunk size line that takes it past
# this size.
MAX_BODY_BYTES = 1024 * 1024
# The request line and headers together.
MAX_HEAD_BYTES = 64 * 1024
# A request must have arrived whole this many seconds after its first byte (408 otherwise): a
# client sending slowly holds a connection for this long at most, and never a thread.
REQUEST_DEADLINE_S = 10.0
# The health check: answered by threads of its own, never queued behind webhooks.
HEALTH_PATH = "/healthz"
