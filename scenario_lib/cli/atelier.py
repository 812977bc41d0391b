"""`scenario-lib atelier`: serve the atelier notebook with Voilà on this computer and open the browser.

The server itself (host allow-list, kernel cap, preheated kernels, offline page) is `scenario_lib.server`.
What Voilà guarantees (voila 0.5, checked in its source): it executes only the given notebook; the page
cannot send code to the kernel (the kernel websocket accepts only comm/widget, kernel_info and shutdown
messages: no `execute_request`); there is no terminal, no file browser, no contents API and no kernel-starting
API; the notebook's sources are stripped from the page; tracebacks are not sent to the page
(`show_tracebacks=False`, and the atelier turns errors into French messages anyway). It listens on
127.0.0.1 unless told otherwise, and files are served only from the notebook folder for image extensions.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from ..errors import SpiraleError
from ..paths import notebooks_dir
from . import options

NOTEBOOK = notebooks_dir() / "atelier.ipynb"
LOCAL = {"127.0.0.1", "localhost", "::1"}


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8866, help="port HTTP (défaut : 8866)")
    parser.add_argument(
        "--ip", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1, cet ordinateur seulement)"
    )
    parser.add_argument("--pas-de-navigateur", action="store_true", help="ne pas ouvrir le navigateur")
    parser.add_argument(
        "--prefixe-url",
        default="/",
        metavar="/CHEMIN/",
        help="préfixe d'URL derrière un proxy (JupyterHub : {base_url}/ avec jhsingle-native-proxy)",
    )
    parser.add_argument(
        "--hotes-autorises",
        default="",
        metavar="NOM,NOM",
        help="noms d'hôte acceptés en plus de localhost, 127.0.0.1 et [::1] (JupyterHub : le nom "
        "public du hub, par exemple hub.lycee.fr)",
    )
    parser.add_argument(
        "--pages-max",
        type=_positive,
        default=4,
        metavar="N",
        help="pages de l'atelier ouvertes en même temps, un noyau Python chacune (défaut : 4)",
    )
    parser.add_argument(
        "--noyaux-prechauffes",
        type=_natural,
        default=2,
        metavar="N",
        help="noyaux préparés d'avance pour qu'une page s'ouvre vite, même rechargée plusieurs fois "
        "de suite (défaut : 2 ; 0 : aucun)",
    )
    parser.add_argument(
        "--delai-fermeture",
        type=_positive,
        default=120,
        metavar="SECONDES",
        help="arrêt du noyau d'une page fermée ou jamais affichée, après ce délai sans activité (défaut : 120)",
    )


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas « {text} »")
    return value


def _positive(text: str) -> int:
    value = _natural(text)
    if value == 0:
        raise argparse.ArgumentTypeError("nombre entier supérieur à 0 attendu")
    return value


def voila_command(
    port: int,
    ip: str = "127.0.0.1",
    open_browser: bool = True,
    prefix: str = "/",
    notebook: Path = NOTEBOOK,
    hosts: str = "",
    max_pages: int = 4,
    preheated: int = 2,
    close_delay: int = 120,
) -> list[str]:
    """The server's command line: only the atelier notebook, no tracebacks, no code shown, bounded kernels."""
    command = [
        sys.executable,
        "-m",
        "scenario_lib.server",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        "--theme=light",
        "--template=spirale",
        f"--SpiraleVoila.max_pages={max_pages}",
        # a kernel no page is connected to is stopped once idle that long; open pages are never culled
        f"--MappingKernelManager.cull_idle_timeout={close_delay}",
        f"--MappingKernelManager.cull_interval={max(1, min(30, close_delay // 4))}",
        "--MappingKernelManager.cull_connected=False",
    ]
    command += [f"--SpiraleVoila.allowed_hosts={name.strip()}" for name in hosts.split(",") if name.strip()]
    if preheated:  # Voilà's pool: notebooks already executed, so a (re)load is served at once
        # refilled at once (Voilà waits 1 s by default): a reload right after another still finds a ready kernel
        command += ["--preheat_kernel=True", f"--pool_size={preheated}", "--VoilaKernelManager.fill_delay=0"]
    # nbclient waits 4 s for a cell's output after its reply: on a busy machine (kernels refilling the pool) the
    # atelier's display could be dropped, leaving a blank page
    command.append("--VoilaExecutor.iopub_timeout=30")
    if not open_browser:
        command.append("--no-browser")
    if prefix.strip("/"):  # behind a proxy that strips the prefix: links carry it, routes do not
        command += [f"--Voila.base_url=/{prefix.strip('/')}/", "--Voila.server_url=/"]
    return command


def prepare_bank(folder: str | None) -> Path:
    """The bank the atelier works on; the user's default bank starts as a copy of the sample bank."""
    from ..bank import Bank, open_bank

    bank = Bank(Path(folder).expanduser()) if folder else open_bank()
    return Path(bank.folder).resolve()


def run(args: argparse.Namespace) -> int:
    if not NOTEBOOK.is_file():
        raise SpiraleError(f"notebook de l'atelier introuvable : « {NOTEBOOK} »")
    bank = prepare_bank(args.banque)
    if args.ip not in LOCAL:
        print(
            f"Attention : l'atelier sera joignable par d'autres machines sur {args.ip}:{args.port}, sans mot "
            "de passe. Sur un réseau d'établissement, préférez JupyterHub (voir le README).",
            file=sys.stderr,
        )
    env = {**os.environ, "SPIRALE_BANQUE": str(bank)}
    print(f"Atelier Spirale : http://{args.ip}:{args.port}{args.prefixe_url}  (banque : {bank})\nCtrl+C pour arrêter.")
    # a service manager (or a test) stops us with SIGTERM: stop Voilà and its kernels too, never orphan them
    signal.signal(signal.SIGTERM, _interrupt)
    process = subprocess.Popen(
        voila_command(
            args.port,
            args.ip,
            not args.pas_de_navigateur,
            args.prefixe_url,
            hosts=args.hotes_autorises,
            max_pages=args.pages_max,
            preheated=args.noyaux_prechauffes,
            close_delay=args.delai_fermeture,
        ),
        env=env,
        cwd=NOTEBOOK.parent,
    )
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        raise


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
