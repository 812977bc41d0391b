"""A real atelier: `scenario-lib atelier` (Voilà) on a free local port and a temporary copy of the sample bank."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from scenario_lib.bank import sample_bank_dir
from scenario_lib.paths import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voilà s'est arrêté (code {process.returncode})")
        try:
            with urllib.request.urlopen(url + "voila/static/", timeout=2):
                return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error means the server answers
                return
            time.sleep(0.2)
    raise TimeoutError(f"Voilà ne répond pas sur {url}")


def start_atelier(bank: Path, port: int, *options: str, log_name: str = "voila.log") -> subprocess.Popen:
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scenario_lib",
            "atelier",
            "--port",
            str(port),
            "--banque",
            str(bank),
            "--pas-de-navigateur",
            *options,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


@contextlib.contextmanager
def running_atelier(folder: Path, *options: str, log_name: str = "voila.log"):
    """(url, bank folder, process) of an atelier on a free port, over a copy of the sample bank."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    bank = folder / "banque"
    shutil.copytree(sample_bank_dir(), bank)
    port = free_port()
    process = start_atelier(bank, port, *options, log_name=log_name)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, process)
        yield url, bank, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def kernel_processes(process: subprocess.Popen) -> list[psutil.Process]:
    """The kernels an atelier runs right now (its Voilà child's ipykernel processes)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    kernels = []
    for child in children:
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                kernels.append(child)
        except psutil.Error:  # ended meanwhile
            pass
    return kernels


def wait_until(condition, timeout: float = 30.0, what: str = "la condition"):
    """Poll `condition()` until it returns a true value; that value, or AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} : toujours faux après {timeout:.0f} s")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def atelier_server(tmp_path_factory):
    """(url, bank folder, process) of an atelier with the default options; stopped at the end of the session."""
    with running_atelier(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture(scope="session")
def atelier(atelier_server):
    """(url, bank folder) of the default atelier."""
    return atelier_server[:2]


@pytest.fixture(autouse=True)
def _close_pages(request):
    """After a browser test, close its pages as a teacher closes tabs: each page stops its kernel."""
    yield
    if "browser" not in request.fixturenames:
        return
    for context in request.getfixturevalue("browser").contexts:
        for page in context.pages:
            page.close(run_before_unload=True)
            wait_until(page.is_closed, 10, "onglet fermé")
        context.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
