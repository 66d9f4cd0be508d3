"""Basic auth for the shared app, with login attempts throttled.

Gradio asks a callable `auth(username, password)` at each login.  This one compares in
constant time and counts failures: after settings.LOGIN_MAX_FAILURES failed attempts for one
user name within settings.LOGIN_WINDOW_SECONDS (or ten times that many for all names together,
against guessing across names), every attempt for it is refused — the right password too —
until the window has passed; and each failure is answered only after settings.LOGIN_FAILURE_DELAY
seconds.  Gradio does not tell the callable who is asking, so the counts are per name, not per
address.
"""
from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections import defaultdict, deque
from typing import Callable

from kehoach import settings

GLOBAL_FACTOR = 10  # failures for all names together, in multiples of the per-name limit


class LoginThrottle:
    def __init__(self, user: str, password: str, clock: Callable[[], float] = time.monotonic):
        self._user, self._password = user.encode(), password.encode()
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque] = defaultdict(deque)
        self._all: deque = deque()

    def _recent(self, times: deque, now: float) -> int:
        while times and times[0] <= now - settings.LOGIN_WINDOW_SECONDS:
            times.popleft()
        return len(times)

    def locked(self, username: str) -> bool:
        now = self._clock()
        with self._lock:
            return (self._recent(self._failures[username], now) >= settings.LOGIN_MAX_FAILURES
                    or self._recent(self._all, now) >= settings.LOGIN_MAX_FAILURES * GLOBAL_FACTOR)

    def check(self, username: str, password: str) -> bool:
        """Whether this login succeeds; a failure (or any attempt while locked) is counted."""
        if self.locked(username):
            self._fail(username)
            return False
        ok = hmac.compare_digest(username.encode(), self._user) & hmac.compare_digest(password.encode(), self._password)
        if not ok:
            self._fail(username)
        return bool(ok)

    def _fail(self, username: str) -> None:
        now = self._clock()
        with self._lock:
            self._failures[username].append(now)
            self._all.append(now)


def gradio_auth(user: str, password: str):
    """The callable for `Blocks.launch(auth=…)`.  A plain `async def` function: Gradio awaits it
    only when inspect.iscoroutinefunction says so (a callable object's coroutine would be truthy)."""
    throttle = LoginThrottle(user, password)

    async def auth(username: str, password: str) -> bool:
        ok = throttle.check(username or "", password or "")
        if not ok:
            await asyncio.sleep(settings.LOGIN_FAILURE_DELAY)
        return ok

    auth.throttle = throttle  # for tests
    return auth
