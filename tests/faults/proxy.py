"""A TCP proxy on loopback that a test can cut: the database "goes away" for everyone behind it.

The machine's PostgreSQL is shared, so instead of stopping it the processes under test connect
through this proxy. It runs in its own process (`python -m tests.faults.proxy LISTEN TARGET`);
SIGUSR1 cuts (closes every open connection, stops listening so new ones are refused), SIGUSR2
listens again on the same port.

SIGHUP arms a partition instead: as soon as a client sends a statement containing the proxy's
third argument (say, the outbox's claim query), the proxy forwards it and then drops every
client's connection and stops listening, but keeps its connections to the server open. So the
server runs that statement and never learns that its client is gone, as when a network partition
or a crashed client machine cuts a connection without a word; it keeps the session (and whatever
transaction it had open) until the proxy exits.
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

    def __init__(self, target_port: int, partition_on: bytes = b"") -> None:
        self.target_port = target_port
        self.partition_on = partition_on
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> CuttableProxy:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.faults.proxy",
                str(self.port),
                str(self.target_port),
                self.partition_on.decode(),
            ],
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

    def arm_partition(self) -> None:
        """The next statement containing `partition_on` cuts the clients off (see above)."""
        self.process.send_signal(signal.SIGHUP)

    def partitioned(self, timeout: float) -> bool:
        """Waits until the armed partition happened (the proxy stopped listening)."""
        try:
            self._wait_listening(False, timeout)
        except RuntimeError:
            return False
        return True

    def restore(self) -> None:
        self.process.send_signal(signal.SIGUSR2)
        self._wait_listening(True)

    def _wait_listening(self, wanted: bool, timeout: float = 10) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                listening = probe.connect_ex(("127.0.0.1", self.port)) == 0
            if listening == wanted:
                return
            time.sleep(0.05)
        raise RuntimeError("the proxy did not change state")


async def serve(listen_port: int, target_port: int, partition_on: bytes = b"") -> None:
    transports: set[asyncio.Transport] = set()
    clients: set[asyncio.Transport] = set()
    # A partition keeps a duplicate of the server side's socket of every connection it cut:
    # whatever asyncio then does with its own, the server never sees its client leave.
    left_server_open: list[int] = []
    server_of: dict[asyncio.Transport, asyncio.Transport] = {}
    server: asyncio.Server | None = None
    armed = False

    async def handle(client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.transport.abort()
            return
        pair = {client_writer.transport, server_writer.transport}
        transports.update(pair)
        clients.add(client_writer.transport)
        server_of[client_writer.transport] = server_writer.transport

        async def pipe(reader, writer, from_client: bool) -> None:
            nonlocal armed
            tail = b""
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
                    if from_client and armed and partition_on in tail + data:
                        armed = False
                        partition()
                        return
                    tail = data[-len(partition_on) :]
            writer.transport.abort()

        await asyncio.gather(
            pipe(client_reader, server_writer, True), pipe(server_reader, client_writer, False)
        )
        transports.difference_update(pair)
        clients.discard(client_writer.transport)
        server_of.pop(client_writer.transport, None)

    async def listen() -> None:
        nonlocal server
        if server is None:
            server = await asyncio.start_server(handle, "127.0.0.1", listen_port)

    def stop_listening() -> None:
        nonlocal server
        if server is not None:
            server.close()
            server = None

    def cut() -> None:
        stop_listening()
        for transport in list(transports):
            transport.abort()
        transports.clear()
        clients.clear()

    def partition() -> None:
        # The server's side stays open (its reads go nowhere): it never sees its clients leave.
        stop_listening()
        for client in clients:
            server_socket = server_of[client].get_extra_info("socket")
            left_server_open.append(os.dup(server_socket.fileno()))
        for transport in list(clients):
            transport.abort()
        clients.clear()

    def arm() -> None:
        nonlocal armed
        armed = bool(partition_on)

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, cut)
    loop.add_signal_handler(signal.SIGUSR2, lambda: loop.create_task(listen()))
    loop.add_signal_handler(signal.SIGHUP, arm)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await listen()
    await stop.wait()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    pattern = sys.argv[3].encode() if len(sys.argv) > 3 else b""
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2]), pattern))
