"""The gateway's pipes: the client's stdin and stdout, read and written as lines without a thread where possible.

While the gateway runs, fd 0 reads the null device and fd 1 writes to stderr
(as the SDK's ``stdio_server`` does), so nothing printed by accident reaches
the wire; the client's pipes are read and written through private duplicates,
restored (and made blocking again) on exit.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import IO

import anyio
from anyio.abc import ByteReceiveStream

LIMIT = 1 << 30  # the longest line read from either side
Send = Callable[[bytes], Awaitable[None]]
Receive = Callable[[], Awaitable[bytes]]


async def lines_of(stream: ByteReceiveStream) -> AsyncIterator[bytes]:
    """The lines of a byte stream (each with its newline), until it ends or breaks."""
    pieces: list[bytes] = []
    with suppress(anyio.EndOfStream, anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
        while True:
            chunk = await stream.receive()
            if b"\n" not in chunk:
                pieces.append(chunk)
                continue
            *complete, rest = chunk.split(b"\n")
            complete[0] = b"".join([*pieces, complete[0]])
            pieces = [rest] if rest else []
            for line in complete:
                yield line + b"\n"
    if pieces:
        yield b"".join(pieces)


@asynccontextmanager
async def client_stdio() -> AsyncIterator[tuple[Receive, Send]]:
    """``(readline, write)`` on the client's side: ``readline`` gives ``b""`` at the end of input."""
    claimed = _claim() if sys.platform != "win32" else None
    in_file, out_file = (
        (os.fdopen(claimed[0], "rb", 0), os.fdopen(claimed[1], "wb", 0))
        if claimed
        else (sys.stdin.buffer, sys.stdout.buffer)
    )
    loop = asyncio.get_running_loop()
    closers: list[asyncio.BaseTransport] = []
    try:
        readline: Receive
        try:
            reader = asyncio.StreamReader(limit=LIMIT)
            transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), in_file)
            closers.append(transport)
            readline = reader.readline
        except (ValueError, OSError, NotImplementedError):  # a regular file, or no pipes on this loop: a thread reads
            readline = _threaded_readline(in_file)
        write: Send
        try:
            wtransport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, out_file)
            closers.append(wtransport)
            writer = asyncio.StreamWriter(wtransport, protocol, None, loop)

            async def write(data: bytes) -> None:
                writer.write(data)
                await writer.drain()

        except (ValueError, OSError, NotImplementedError):

            async def write(data: bytes) -> None:
                out_file.write(data)
                out_file.flush()

        yield readline, write
    finally:
        if claimed:
            _restore(claimed)
        for t in closers:
            t.close()


def _threaded_readline(file: IO[bytes]) -> Receive:
    async def readline() -> bytes:
        return await anyio.to_thread.run_sync(file.readline, abandon_on_cancel=True)

    return readline


def _claim() -> tuple[int, int] | None:
    """Private duplicates of fds 0 and 1, with fd 0 pointed at the null device and fd 1 at stderr."""
    import fcntl

    try:
        fds = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3), fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, 3)
    except OSError:
        return None
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
        os.dup2(2, 1)
    except OSError:
        _restore(fds)
        return None
    finally:
        os.close(null)
    return fds


def _restore(fds: tuple[int, int]) -> None:
    """Points fds 0 and 1 back at the client's pipes, blocking as they were given."""
    for fd, private in zip((0, 1), fds, strict=True):
        with suppress(OSError):
            os.dup2(private, fd)
            os.set_blocking(fd, True)
