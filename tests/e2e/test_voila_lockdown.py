"""What the page may ask the server: widget messages yes; code, terminals, files and new kernels no."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SEND = """async ([kernelId, msgType, content]) => {
  const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernelId}/channels`);
  await new Promise((ok, ko) => { ws.onopen = ok; ws.onerror = ko; });
  const replies = [];
  ws.onmessage = (event) => { if (typeof event.data === 'string') replies.push(JSON.parse(event.data).msg_type); };
  ws.send(JSON.stringify({header: {msg_id: 'm' + Math.random(), username: '', session: 'e2e', msg_type: msgType,
                                   version: '5.3', date: new Date().toISOString()},
                          parent_header: {}, metadata: {}, content: content, channel: 'shell', buffers: []}));
  await new Promise((ok) => setTimeout(ok, 4000));
  ws.close();
  return replies;
}"""


FETCH = """async ([path, method]) => {
  const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '';
  const response = await fetch(path, {method, headers: {'X-XSRFToken': xsrf},
                                      body: method === 'POST' ? '{}' : undefined});
  return [response.status, xsrf !== ''];
}"""


def test_the_page_cannot_execute_code_in_the_kernel(atelier, browser, tmp_path):
    url, _ = atelier
    page = browser.new_page()
    page.goto(url, timeout=60_000)
    page.locator(".spirale-atelier").wait_for(timeout=60_000)
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page.content()).group(1)
    assert "kernel_info_reply" in page.evaluate(SEND, [kernel_id, "kernel_info_request", {}])
    marker = tmp_path / "intrusion.txt"
    code = f"open({str(marker)!r}, 'w').write('x')"
    replies = page.evaluate(
        SEND,
        [
            kernel_id,
            "execute_request",
            {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False},
        ],
    )
    assert "execute_reply" not in replies and not marker.exists()
    assert "Traceback" not in page.content() and "Atelier(" not in page.content()  # no source, no traceback


def test_no_terminal_no_contents_no_new_kernel(atelier, browser):
    """Asked from the page itself, with its cookies and XSRF token: refused because the URL does not exist."""
    url, _ = atelier
    page = browser.new_page()
    page.goto(url, timeout=60_000)
    page.locator(".spirale-atelier").wait_for(timeout=60_000)
    statuses = {
        path: page.evaluate(FETCH, [path, method])[0]
        for path, method in (
            ("/api/kernels", "POST"),
            ("/api/terminals", "POST"),
            ("/api/contents", "GET"),
            ("/api/sessions", "POST"),
            ("/voila/files/atelier.ipynb", "GET"),
        )
    }
    assert all(code in {403, 404, 405} for code in statuses.values()), statuses
