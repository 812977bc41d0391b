"""Voilà as the atelier needs it: only this computer, one kernel per open page and no more, errors in French.

- Every request passes `guard.refusal` first (Host allow-list, Origin/Referer/Sec-Fetch-Site): answered 403
  with a short French page, before any handler — websockets included.
- A page kernel stops when its page closes: at once through the page's unload beacon (which now carries the
  XSRF cookie Voilà never set), or `CLOSED_PAGE_GRACE` seconds after its last websocket closed without a
  reconnection (browsers do not always deliver the beacon). A kernel no page ever connected to (a bare GET)
  is stopped by jupyter_server's culler once idle and unconnected. At most `max_pages` pages hold a kernel; past that a French page asks to close one.
- Messages sent to the page never carry a traceback or a file path: errors are logged here, the page gets a
  short French sentence.
- The `spirale` template is Voilà's `lab` page without its CDN links: nothing is fetched outside the machine.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import tempfile
from pathlib import Path

import tornado.web
import voila.app
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.ioloop import IOLoop
from traitlets import Integer, List, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from . import guard

TEMPLATES = Path(__file__).resolve().parent  # holds voila/templates/spirale
CLOSED_PAGE_GRACE = 10  # s: time for a page to reconnect its websocket (network hiccup, computer waking up)
ERROR_TEXT = "Une erreur est survenue dans l'atelier ; le détail est dans le journal du serveur."
FULL = (
    "Trop de pages ouvertes : l'atelier sert au plus {n} pages à la fois sur cet ordinateur. "
    "Fermez-en une, puis rechargez cette page."
)
_reservation: contextvars.ContextVar[_Reservation | None] = contextvars.ContextVar("spirale_page", default=None)


class _Reservation:
    """A page slot taken while a request starts its kernel, so simultaneous requests cannot exceed the cap."""

    def __init__(self, manager) -> None:
        self.manager, self.held = manager, True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.manager.reserved -= 1


class PageKernels:
    """Kernel-manager mixin counting the kernels handed to pages (not the preheated pool) against a cap.

    It sits above Voilà's pooling manager, whose pool fills through `super().start_kernel`: only the page
    handler comes through `start_kernel` / `get_rendered_notebook` here.
    """

    max_pages = 4

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pages: set[str] = set()
        self.reserved = 0

    def open_pages(self) -> set[str]:
        self.pages &= set(self.list_kernel_ids())
        return self.pages

    def reserve_page(self) -> _Reservation | None:
        if len(self.open_pages()) + self.reserved >= self.max_pages:
            return None
        self.reserved += 1
        return _Reservation(self)

    def _handed_to_page(self, kernel_id: str) -> None:
        self.pages.add(kernel_id)
        # a preheated kernel may have waited idle for long: the culler must give its page time to connect
        self.get_kernel(kernel_id).last_activity = utcnow()
        reservation = _reservation.get()
        if reservation is not None:
            reservation.release()

    async def start_kernel(self, *args, **kwargs) -> str:
        kernel_id = await super().start_kernel(*args, **kwargs)
        self._handed_to_page(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        result = await super().get_rendered_notebook(*args, **kwargs)
        self._handed_to_page(result[2])
        return result

    def stop_if_abandoned(self, kernel_id: str) -> None:
        if kernel_id in self.open_pages() and not self._kernel_connections.get(kernel_id, 0):
            self.log.info("page fermée : arrêt de son noyau %s", kernel_id)
            asyncio.ensure_future(self.shutdown_kernel(kernel_id))

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self.pages.discard(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


_voila_factory = voila.app.voila_kernel_manager_factory


def _kernel_manager_factory(*args, **kwargs):
    base = _voila_factory(*args, **kwargs)
    return type(f"Spirale{base.__name__}", (PageKernels, base), {})


voila.app.voila_kernel_manager_factory = _kernel_manager_factory


class RefusalHandler(tornado.web.RequestHandler):
    """Any method, any path: a short French page and nothing else (no kernel, no cookie)."""

    def initialize(self, status: int, message: str, link: str | None = None) -> None:
        self.status, self.message, self.link = status, message, link

    def prepare(self) -> None:
        self.set_status(self.status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(guard.refusal_page(self.message, self.link))


class GuardedApplication(tornado.web.Application):
    """Checks each request (HTTP and websocket alike) before routing it."""

    def __init__(self, hosts: frozenset[str], **settings) -> None:
        self.hosts = hosts
        super().__init__(**settings)

    def find_handler(self, request, **kwargs):
        message = guard.refusal(request.headers, self.hosts)
        if message is None:
            return super().find_handler(request, **kwargs)
        link = None
        if request.headers.get("Sec-Fetch-Mode") == "navigate" and guard.host_name(request.host) in self.hosts:
            link = self.settings.get("base_url", "/")  # a click on it comes from the same site: accepted
        return self.get_handler_delegate(request, RefusalHandler, {"status": 403, "message": message, "link": link})


class PageHandler(TornadoVoilaHandler):
    """The atelier page: refused past the cap; sets the XSRF cookie the unload beacon needs to stop the kernel."""

    async def get(self, path=None):
        reservation = self.kernel_manager.reserve_page()
        if reservation is None:
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(guard.refusal_page(FULL.format(n=self.kernel_manager.max_pages)))
            return
        self.xsrf_token  # noqa: B018 - sets the `_xsrf` cookie: Voilà's beacon sends it back on unload
        token = _reservation.set(reservation)
        try:
            await super().get(path)
        finally:
            reservation.release()
            _reservation.reset(token)


class KernelWebsocket(VoilaKernelWebsocketHandler):
    """Kernel messages to the page, with every error turned into a short French sentence (details logged)."""

    def on_close(self):
        kernel_id = getattr(self, "kernel_id", None)
        super().on_close()
        if kernel_id in self.kernel_manager.pages:
            IOLoop.current().call_later(CLOSED_PAGE_GRACE, self.kernel_manager.stop_if_abandoned, kernel_id)

    def write_message(self, message, binary=False):
        try:
            message = self._without_details(message)
        except Exception:  # an unreadable message is not forwarded as is: it could carry anything
            self.log.exception("message du noyau illisible, non transmis à la page")
            return None
        return super().write_message(message, binary)

    def _without_details(self, message):
        if isinstance(message, bytes) and self.selected_subprotocol == "v1.kernel.websocket.jupyter.org":
            channel, parts = deserialize_msg_from_ws_v1(message)
            header, content = json.loads(parts[0] or b"{}"), json.loads(parts[3] or b"{}")
            if self._sanitize(header.get("msg_type"), content):
                parts[3] = json.dumps(content).encode()
                return serialize_msg_to_ws_v1(parts, channel)
            return message
        if isinstance(message, str):
            msg = json.loads(message)
            if self._sanitize(msg.get("header", {}).get("msg_type"), msg.get("content") or {}):
                return json.dumps(msg)
        return message  # legacy binary frames carry widget buffers, never error text

    def _sanitize(self, msg_type: str | None, content: dict) -> bool:
        """Replace error details in place; True when something was replaced."""
        if msg_type == "stream" and content.get("name") == "stderr":
            self.log.warning("noyau %s, sortie d'erreur : %s", self.kernel_id, content.get("text", ""))
            content["text"] = ERROR_TEXT + "\n"
            return True
        if msg_type == "error" or "traceback" in content or content.get("status") == "error":
            self.log.warning(
                "noyau %s, erreur : %s: %s\n%s",
                self.kernel_id,
                content.get("ename"),
                content.get("evalue"),
                "\n".join(content.get("traceback") or []),
            )
            content.update(ename="Erreur", evalue=ERROR_TEXT, traceback=[])
            return True
        return False


class SpiraleVoila(Voila):
    """Voilà with the guards above; `allowed_hosts` and `max_pages` come from `scenario-lib atelier`."""

    allowed_hosts = List(Unicode(), config=True, help="host names served besides this computer's loopback")
    max_pages = Integer(4, config=True, help="pages holding a kernel at the same time")

    def initialize(self, argv=None):
        # our template folder joins Voilà's template search path (Jupyter data path), for this process only
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), os.environ.get("JUPYTER_PATH")]))
        super().initialize(argv)

    def init_settings(self):
        settings = super().init_settings()
        self.kernel_manager.max_pages = self.max_pages
        return settings

    def init_handlers(self):
        ours = {TornadoVoilaHandler: PageHandler, VoilaKernelWebsocketHandler: KernelWebsocket}
        return [(route[0], ours.get(route[1], route[1]), *route[2:]) for route in super().init_handlers()]

    def start(self):
        """`Voila.start`, with the guarded application."""
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        self.app = GuardedApplication(guard.allowed_hosts(self.allowed_hosts, self.ip), **settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        self.listen()


main = SpiraleVoila.launch_instance
