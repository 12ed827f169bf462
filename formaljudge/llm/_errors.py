"""What can go wrong in a model call, as types.

``LLMError`` is the base: a provider that is misconfigured (no model, no key,
missing package) raises it when it is built. ``ProviderError`` and its kinds
are failures of one call that got no valid completion — an outage, a 429,
a stall, a proxy's HTML page. They are not answers: a fact or a judge whose
call failed this way is an *error*, never a verdict.
"""

from __future__ import annotations

from formaljudge.errors import FormalJudgeError

BODY_HEAD = 200  # bytes of a bad reply's body kept in the error


class LLMError(FormalJudgeError):
    """A provider is misconfigured, or one of its calls failed (``ProviderError``)."""


class ProviderError(LLMError):
    """One model call got no valid completion after its retries.

    ``status`` is the HTTP status (None when no reply came), ``body`` the first
    bytes of the reply, ``attempts`` how many requests were made.
    """

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: bytes | str = b"",
        endpoint: str = "",
        attempts: int = 1,
        retry_after: float | None = None,
    ) -> None:
        self.message = message
        self.status = status
        raw = body.encode("utf-8", "replace") if isinstance(body, str) else body
        self.body = raw[:BODY_HEAD]
        self.endpoint = endpoint
        self.attempts = attempts
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.body:
            parts.append(f"body {self.body.decode('utf-8', 'replace')!r}")
        if self.attempts > 1:
            parts.append(f"after {self.attempts} attempts")
        if self.endpoint:
            parts.append(f"at {self.endpoint}")
        return "; ".join(parts)

    def after(self, attempts: int) -> ProviderError:
        """The same error, counting ``attempts`` requests."""
        self.attempts = attempts
        self.args = (str(self),)
        return self


class InvalidReply(ProviderError):
    """The server answered (often 200) with something that is not a chat completion: HTML, non-JSON, no choices."""


class CallTimeout(ProviderError):
    """No reply within the timeout. Not retried by default: a slow server would generate the whole answer again."""

    retryable = False


class RequestRefused(ProviderError):
    """The server refused this request (a 4xx other than 408/409/425/429): retrying would not help."""

    retryable = False


class CircuitOpen(ProviderError):
    """Too many calls in a row failed: the run stops instead of failing every remaining call slowly."""

    retryable = False
