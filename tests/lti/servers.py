"""A tornado application on a free port of 127.0.0.1, served from a thread of the test process."""

from __future__ import annotations

import asyncio
import threading

from tornado import httpserver, web

from tests.hub.prereqs import free_port


class ThreadServer:
    def __init__(self, app: web.Application, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: httpserver.HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ThreadServer:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._server = httpserver.HTTPServer(self.app)
            self._server.listen(self.port, "127.0.0.1")
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait()
        return self

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            self._loop.call_soon_threadsafe(self._server.stop)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
