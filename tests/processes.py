"""Start and stop Tidtam's processes (`tidtam scheduler`, `tidtam worker`, gunicorn) for the tests
that kill or run them side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

from tests.support import SECRET, SECRET_KEY, TOKEN

TIDTAM = str(Path(sys.executable).with_name("tidtam"))


def environment(db_url: str, line_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "LINE_API_BASE_URL": line_url,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "SECRET_KEY": SECRET_KEY,
        "TIDTAM_ENV": "development",
        "PUBLIC_BASE_URL": "https://tidtam.example",
        **extra,
    }


class Process:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out: IO[str] = log.open("a")
        self.proc = subprocess.Popen(
            args, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        """SIGKILL: no clean-up, as when a host dies."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._out.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if not self._out.closed:
            self._out.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def tidtam(command: str, env: dict[str, str], log: Path) -> Process:
    return Process([TIDTAM, command], env, log)
