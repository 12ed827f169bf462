"""One transport for every model call: retries, backoff, Retry-After, a time budget, a circuit breaker.

A provider hands ``Transport.call`` a function that makes one request and
returns the decoded reply (or raises a ``ProviderError``); the transport
retries what is worth retrying — connection failures, 408/409/425/429, 5xx,
replies that are not completions — with exponential backoff and full jitter,
waiting at least what a ``Retry-After`` header asks, within a total time
budget, and never retries a read timeout unless told to (a long answer would
be generated again from the start). After ``breaker`` calls in a row have
failed, every further call fails at once with ``CircuitOpen``, so a run can
stop and write what it has.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.llm._errors import CallTimeout, CircuitOpen, LLMError, ProviderError, RequestRefused

T = TypeVar("T")

ENV = {
    "timeout_s": "FORMALJUDGE_TIMEOUT",
    "attempts": "FORMALJUDGE_ATTEMPTS",
    "budget_s": "FORMALJUDGE_RETRY_BUDGET",
    "backoff_s": "FORMALJUDGE_BACKOFF",
    "backoff_max_s": "FORMALJUDGE_BACKOFF_MAX",
    "breaker": "FORMALJUDGE_BREAKER",
    "retry_timeouts": "FORMALJUDGE_RETRY_TIMEOUTS",
}


class TransportConfig(BaseModel):
    """Every limit of a model call. ``from_env`` reads the ``FORMALJUDGE_*`` variables in ``ENV``."""

    model_config = ConfigDict(frozen=True)

    timeout_s: float = Field(120.0, gt=0, description="seconds to wait for one reply")
    attempts: int = Field(6, ge=1, description="requests per call, the first included")
    budget_s: float = Field(300.0, gt=0, description="most seconds one call may spend, retries and waits included")
    backoff_s: float = Field(1.0, ge=0, description="first backoff ceiling; doubles each retry (full jitter)")
    backoff_max_s: float = Field(30.0, ge=0, description="largest backoff ceiling")
    breaker: int = Field(5, ge=1, description="failed calls in a row after which every call fails at once")
    retry_timeouts: bool = Field(False, description="retry a request that timed out (regenerates the answer)")

    @classmethod
    def from_env(cls, **overrides: Any) -> TransportConfig:
        values: dict[str, Any] = {}
        for field, var in ENV.items():
            raw = os.environ.get(var)
            if raw is not None and raw.strip():
                values[field] = raw.strip().lower() in ("1", "true", "yes") if field == "retry_timeouts" else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValueError as exc:
            raise LLMError(f"bad transport setting: {exc}") from None


class CircuitBreaker:
    """Counts failed calls in a row (thread-safe); open at ``threshold``."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.failures = 0
        self.last: ProviderError | None = None
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        return self.failures >= self.threshold

    def check(self, endpoint: str) -> None:
        with self._lock:
            if self.failures >= self.threshold:
                raise CircuitOpen(
                    f"stopped calling the model: the last {self.failures} calls failed "
                    f"(last error: {self.last.message if self.last else '?'})",
                    endpoint=endpoint,
                    attempts=0,
                )

    def record(self, error: ProviderError | None) -> None:
        with self._lock:
            if error is None:
                self.failures = 0
            elif not _one_request_only(error):
                self.failures += 1
                self.last = error


def _one_request_only(error: ProviderError) -> bool:
    """A refusal of this one request (too long, malformed) says nothing about the server's health."""
    return isinstance(error, RequestRefused) and error.status in (400, 413, 422)


class Transport:
    """Runs one model call with the retries, waits and breaker of ``config``."""

    def __init__(
        self,
        endpoint: str,
        config: TransportConfig | None = None,
        *,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.config = config or TransportConfig.from_env()
        self.breaker = breaker or CircuitBreaker(self.config.breaker)
        self.sleep = sleep

    def call(self, attempt: Callable[[], T]) -> T:
        """``attempt()`` until it returns, a non-retryable error, ``attempts`` or the time budget run out."""
        from tenacity import (
            RetryCallState,
            Retrying,
            retry_if_exception,
            stop_after_attempt,
            stop_before_delay,
            wait_random_exponential,
        )

        cfg = self.config
        self.breaker.check(self.endpoint)
        jitter = wait_random_exponential(multiplier=cfg.backoff_s, max=cfg.backoff_max_s)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome is not None else None
            after = getattr(exc, "retry_after", None)
            base = float(jitter(state))
            return max(base, float(after)) if after is not None else base

        def retryable(exc: BaseException) -> bool:
            if isinstance(exc, CallTimeout) and cfg.retry_timeouts:
                return True
            return isinstance(exc, ProviderError) and exc.retryable

        retrying = Retrying(
            stop=stop_after_attempt(cfg.attempts) | stop_before_delay(cfg.budget_s),
            wait=wait,
            retry=retry_if_exception(retryable),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            out = retrying(attempt)
        except ProviderError as exc:
            n = retrying.statistics.get("attempt_number", 1)
            err = exc.after(int(n))
            if isinstance(err, CallTimeout) and not err.retryable and not cfg.retry_timeouts:
                err.message += (
                    "; not retried, since a slow server would generate the whole answer again "
                    "(raise --timeout / FORMALJUDGE_TIMEOUT, or set FORMALJUDGE_RETRY_TIMEOUTS=1)"
                )
            err.endpoint = err.endpoint or self.endpoint
            err.args = (str(err),)
            self.breaker.record(err)
            raise err from None
        self.breaker.record(None)
        return out


def retry_after_s(value: str | None) -> float | None:
    """A ``Retry-After`` header in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
