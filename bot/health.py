"""The health check's look at the database: SELECT 1 on a connection of its own (not the app's
pool, not the threads that send replies), one look at a time per process, answered within a timeout.

While a look hangs (a database that accepts connections and never answers), every check answers
"unreachable" by the time that look is ``timeout`` seconds old, at once when it is older already.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy import text
from sqlalchemy.pool import NullPool

from models.db import make_engine

log = logging.getLogger(__name__)


class DatabaseProbe:
    def __init__(self, url: str) -> None:
        self._engine = make_engine(url, poolclass=NullPool)  # a fresh connection per look
        self._lock = threading.Lock()
        self._look: Future[bool] | None = None
        self._started = 0.0

    def answers(self, timeout: float) -> bool:
        """Whether the database answered SELECT 1 within ``timeout`` seconds of the current look."""
        with self._lock:
            if self._look is None or self._look.done():
                self._look, self._started = Future(), time.monotonic()
                threading.Thread(
                    target=self._run, args=(self._look,), daemon=True, name="tidtam-probe"
                ).start()
            look, started = self._look, self._started
        try:
            return look.result(max(0.0, started + timeout - time.monotonic()))
        except FutureTimeout:
            log.warning("health check: the database did not answer within %s s", timeout)
            return False

    def _run(self, look: Future[bool]) -> None:
        try:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            look.set_result(True)
        except Exception:
            log.exception("health check: database unreachable")
            look.set_result(False)

    def close(self) -> None:
        self._engine.dispose()
