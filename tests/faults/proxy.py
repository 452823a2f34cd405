"""A TCP proxy on loopback that a test can cut: the database "goes away" for everyone behind it.

The machine's PostgreSQL is shared, so instead of stopping it the processes under test connect
through this proxy. It runs in its own process (`python -m tests.faults.proxy LISTEN TARGET`);
SIGUSR1 cuts (closes every open connection, stops listening so new ones are refused), SIGUSR2
listens again on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from peercoach.notifications.smtp_sink import free_port


class CuttableProxy:
    """`with CuttableProxy(5432) as proxy:` forwards 127.0.0.1:`proxy.port` to the target."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> CuttableProxy:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.proxy", str(self.port), str(self.target_port)],
            cwd=Path(__file__).resolve().parents[2],
        )
        self._wait_listening(True)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def cut(self) -> None:
        self.process.send_signal(signal.SIGUSR1)
        self._wait_listening(False)

    def restore(self) -> None:
        self.process.send_signal(signal.SIGUSR2)
        self._wait_listening(True)

    def _wait_listening(self, wanted: bool) -> None:
        import socket

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                listening = probe.connect_ex(("127.0.0.1", self.port)) == 0
            if listening == wanted:
                return
            time.sleep(0.05)
        raise RuntimeError("the proxy did not change state")


async def serve(listen_port: int, target_port: int) -> None:
    transports: set[asyncio.Transport] = set()
    server: asyncio.Server | None = None

    async def handle(client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.transport.abort()
            return
        pair = {client_writer.transport, server_writer.transport}
        transports.update(pair)

        async def pipe(reader, writer) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            writer.transport.abort()

        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        transports.difference_update(pair)

    async def listen() -> None:
        nonlocal server
        if server is None:
            server = await asyncio.start_server(handle, "127.0.0.1", listen_port)

    def cut() -> None:
        nonlocal server
        if server is not None:
            server.close()
            server = None
        for transport in list(transports):
            transport.abort()
        transports.clear()

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, cut)
    loop.add_signal_handler(signal.SIGUSR2, lambda: loop.create_task(listen()))
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await listen()
    await stop.wait()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2])))
