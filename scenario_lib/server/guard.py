"""Which requests the atelier answers: the rules against DNS rebinding and cross-site use, as pure functions.

Standalone Voilà turns jupyter_server's Host check off (`allow_remote_access=True` is hard-coded), so a web page
on another site could reach the atelier through a forged DNS name, or start kernels from an `<img>`. Every
request is therefore checked here before any handler runs.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# what a browser sends for a typed address, a bookmark, or a request from the atelier's own page
TRUSTED_FETCH_SITES = frozenset({"none", "same-origin"})


def host_name(host: str) -> str:
    """`[::1]:8866` → `::1`, `LocalHost.:80` → `localhost`: the name alone, as compared to the allow-list."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def allowed_hosts(extra: Iterable[str] = (), ip: str = "127.0.0.1") -> frozenset[str]:
    """Loopback names, the listening address itself (when it is a precise one) and the teacher's own list."""
    names = set(LOOPBACK) | {host_name(name) for name in extra if name.strip()}
    if ip not in {"", "0.0.0.0", "::"}:
        names.add(host_name(ip if ":" not in ip else f"[{ip}]"))
    return frozenset(names)


def refusal(headers: Mapping[str, str], hosts: frozenset[str]) -> str | None:
    """Why this request is refused (a short French sentence), or None when it may be served."""
    host = headers.get("Host", "")
    if host_name(host) not in hosts:
        return (
            f"Accès refusé : l'adresse « {host_name(host) or '(aucune)'} » n'est pas celle de l'atelier. "
            "Ouvrez l'atelier à l'adresse http://localhost, ou ajoutez ce nom à l'option --hotes-autorises."
        )
    for header in ("Origin", "Referer"):
        value = headers.get(header)
        if value and value != "null" and urlsplit(value).netloc.lower() != host.lower():
            return "Accès refusé : cette requête vient d'un autre site que l'atelier."
    if headers.get("Origin") == "null":
        return "Accès refusé : cette requête vient d'un autre site que l'atelier."
    if headers.get("Sec-Fetch-Site", "none") not in TRUSTED_FETCH_SITES:
        return "Accès refusé : cette page a été demandée par un autre site que l'atelier."
    return None


def refusal_page(message: str, link: str | None = None) -> str:
    """A minimal French HTML page: no asset to load, nothing that leaves the machine."""
    more = f'<p><a href="{html.escape(link)}">Ouvrir l\'atelier Spirale</a></p>' if link else ""
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Atelier Spirale</title></head>'
        f"<body><p>{html.escape(message, quote=False)}</p>{more}</body></html>"
    )
