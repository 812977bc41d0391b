"""The atelier's server against a hostile neighbour: forged Host, cross-site requests, kernel floods, bad messages.

Real `scenario-lib atelier` processes on 127.0.0.1, real HTTP and websocket requests; kernels are counted in the
process table. The strict atelier answers at most 2 pages and stops an unconnected idle kernel after 2 s.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from .conftest import ARTIFACTS, kernel_processes, running_atelier, wait_until

pytestmark = pytest.mark.slow
HUB = "atelier.lycee.test"


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    options = (
        "--pages-max",
        "2",
        "--delai-fermeture",
        "2",
        "--hotes-autorises",
        f"{HUB}, autre.lycee.test",
        "--noyaux-prechauffes",
        "1",
    )  # one preheated kernel: the counts below are exact
    with running_atelier(tmp_path_factory.mktemp("strict"), *options, log_name="voila-strict.log") as running:
        url, _, process = running
        wait_until(lambda: len(kernel_processes(process)) == 1, 60, "noyau préchauffé prêt")
        yield url, process


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={name.replace("_", "-"): value for name, value in headers.items()})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def kernel_id(page: str) -> str:
    return re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)


def idle(process) -> set[int]:
    """Wait until only the preheated kernel is left (earlier pages culled): the pids then."""
    wait_until(lambda: len(kernel_processes(process)) == 1, 30, "plus qu'un noyau (préchauffé)")
    return {kernel.pid for kernel in kernel_processes(process)}


def run(coroutine):
    """Run a coroutine to its end in a thread of its own (Playwright's sync API may own this thread's loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def connect(url: str, kernel: str, **headers: str):
    ws_url = url.replace("http://", "ws://") + f"api/kernels/{kernel}/channels"
    return await websocket_connect(HTTPRequest(ws_url, headers=headers))


def websocket_status(url: str, kernel: str, **headers: str) -> int:
    async def attempt() -> int:
        try:
            ws = await connect(url, kernel, **headers)
        except HTTPClientError as error:
            return error.code
        ws.close()
        return 101

    return run(attempt())


def test_a_forged_host_is_refused_over_http_and_websocket(strict):
    url, process = strict
    before = idle(process)
    status, body = get(url, Host="evil.example:8866")
    assert status == 403 and "Accès refusé" in body and "« evil.example »" in body and "kernelId" not in body
    assert {kernel.pid for kernel in kernel_processes(process)} == before  # no kernel started for it

    status, page = get(url)
    assert status == 200
    kernel, port = kernel_id(page), url.rsplit(":", 1)[1].strip("/")
    assert websocket_status(url, kernel, Host="evil.example:8866", Origin="http://evil.example:8866") == 403
    assert websocket_status(url, kernel, Host=f"127.0.0.1:{port}", Origin="http://evil.example") == 403
    assert websocket_status(url, kernel, Host=f"127.0.0.1:{port}", Origin=f"http://127.0.0.1:{port}") == 101


def test_the_allowed_host_list_and_loopback_names(strict):
    url, _ = strict
    asset = url + "voila/static/voila.js"
    port = url.rsplit(":", 1)[1].strip("/")
    for host in (HUB, f"{HUB}:443", "autre.lycee.test", f"localhost:{port}", f"[::1]:{port}", f"127.0.0.1:{port}"):
        assert get(asset, Host=host)[0] == 200, host
    for host in (f"{HUB}.evil.example", f"evil.{HUB}", "192.168.1.20", "", f"LOCALHOST.evil:{port}"):
        status, body = get(asset, Host=host)
        assert status == 403 and "--hotes-autorises" in body, host
    assert get(asset, Host=HUB, Origin=f"https://{HUB}")[0] == 200  # behind the hub's proxy


def test_cross_site_requests_start_no_kernel(strict):
    url, process = strict
    before = idle(process)
    for headers in (
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors"},
        {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "iframe"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Referer": "http://evil.example/chat.html"},
    ):
        status, body = get(url, **headers)
        assert status == 403 and "autre site" in body and "kernelId" not in body, headers
    status, body = get(url, **{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"})
    assert status == 403 and 'href="/"' in body  # a link from another site: one click opens the atelier
    assert {kernel.pid for kernel in kernel_processes(process)} == before


def test_page_loads_are_capped_then_their_kernels_culled(strict):
    url, process = strict
    idle(process)
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: get(url), range(5)))
    assert sorted(status for status, _ in answers) == [200, 200, 503, 503, 503]
    full = next(body for status, body in answers if status == 503)
    assert "Trop de pages ouvertes" in full and "Fermez-en une" in full and "kernelId" not in full
    assert len(kernel_processes(process)) <= 3  # 2 pages + the preheated kernel
    idle(process)  # nobody connected to those pages: their kernels stop once idle for 2 s
    assert get(url)[0] == 200  # and the atelier serves pages again


def test_malformed_comm_messages_get_a_french_sentence_without_traceback(strict):
    url, process = strict
    idle(process)
    status, page = get(url)
    assert status == 200
    kernel, model = kernel_id(page), re.search(r'"model_id": "([0-9a-f]+)"', page).group(1)

    def message(content) -> str:
        return json.dumps(
            {
                "header": {
                    "msg_id": uuid.uuid4().hex,
                    "username": "",
                    "session": "e2e",
                    "msg_type": "comm_msg",
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    async def exchange() -> list[dict]:
        ws = await connect(url, kernel)
        for content in (
            {"comm_id": model, "data": {"method": "update", "state": {"layout": 3}}},
            {"comm_id": "inconnu", "data": {}},
            {"data": None},
        ):
            ws.write_message(message(content))
        received: list[dict] = []
        deadline = asyncio.get_running_loop().time() + 30
        while asyncio.get_running_loop().time() < deadline:
            if sum(m["header"]["msg_type"] in {"error", "stream"} for m in received) >= 3:
                break
            try:
                frame = await asyncio.wait_for(ws.read_message(), 1)
            except TimeoutError:
                continue
            if isinstance(frame, str):
                received.append(json.loads(frame))
        ws.write_message("ceci n'est pas du JSON")  # the server drops the connection, without details
        while (frame := await asyncio.wait_for(ws.read_message(), 10)) is not None:
            assert "Traceback" not in str(frame)
        return received

    received = run(exchange())
    errors = [m["content"] for m in received if m["header"]["msg_type"] in {"error", "stream"}]
    assert len(errors) >= 3, received
    text = json.dumps([m["content"] for m in received], ensure_ascii=False)
    assert "Une erreur est survenue dans l'atelier" in text
    for leak in ("Traceback", 'File "', ".py", "/work", "TraitError", "site-packages"):
        assert leak not in text, leak
    log = (ARTIFACTS / "voila-strict.log").read_text()
    assert "TraitError" in log and "Traceback" in log  # the details are in the server's log
