"""A real OpenAI-compatible HTTP server on 127.0.0.1, in a thread, that misbehaves on request.

Each request takes the next mode from ``script`` (the last one repeats), or
``mode`` when the script is empty:
``ok`` (a chat completion whose text ``answer(prompt)`` gives), ``500``,
``429`` (with Retry-After), ``stall`` (answers only after ``stall_s``),
``html`` (a proxy's 200 HTML page), ``nonjson`` (200, text), ``empty``
(200, no choices).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("500", "429", "stall", "html", "nonjson", "empty")


def completion(text: str | None, tool_calls: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


class FakeOpenAI:
    def __init__(self, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.answer = answer  # request body -> completion JSON
        self.mode = "ok"
        self.script: list[str] = []
        self.stall_s = 2.0
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def next_mode(self) -> str:
        with self.lock:
            if self.script:
                return self.script.pop(0) if len(self.script) > 1 else self.script[0]
            return self.mode

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                with fake.lock:
                    fake.requests.append(body)
                mode = fake.next_mode()
                if mode == "stall":
                    time.sleep(fake.stall_s)
                    mode = "ok"
                if mode == "ok":
                    self._send(200, json.dumps(fake.answer(body)).encode(), "application/json")
                elif mode == "500":
                    self._send(500, b'{"error": {"message": "internal error"}}', "application/json")
                elif mode == "429":
                    self._send(429, b'{"error": {"message": "rate limited"}}', "application/json", {"Retry-After": "0"})
                elif mode == "html":
                    self._send(200, b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", "text/html")
                elif mode == "nonjson":
                    self._send(200, b"upstream connect error or disconnect/reset", "text/plain")
                elif mode == "empty":
                    self._send(
                        200,
                        json.dumps({"id": "x", "object": "chat.completion", "choices": []}).encode(),
                        "application/json",
                    )
                else:
                    raise AssertionError(mode)

        return Handler


@contextmanager
def serve(answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Iterator[tuple[FakeOpenAI, str]]:
    """The server and its base URL; shut down on exit."""
    fake = FakeOpenAI(answer)
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
