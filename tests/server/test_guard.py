from scenario_lib.server import guard

HOSTS = guard.allowed_hosts(["hub.lycee.fr", " "])


def test_host_names_are_compared_without_port_case_or_brackets():
    assert [guard.host_name(h) for h in ("[::1]:8866", "LocalHost.:80", "hub.lycee.fr", "::1", "")] == [
        "::1",
        "localhost",
        "hub.lycee.fr",
        "::1",
        "",
    ]


def test_loopback_the_listening_address_and_the_teachers_list_are_allowed():
    assert {"localhost", "127.0.0.1", "::1", "hub.lycee.fr"} == HOSTS
    assert "192.168.1.20" in guard.allowed_hosts([], ip="192.168.1.20")
    assert guard.allowed_hosts([], ip="0.0.0.0") == guard.LOOPBACK


def test_what_is_served_and_what_is_refused():
    assert guard.refusal({"Host": "127.0.0.1:8866"}, HOSTS) is None
    assert (
        guard.refusal(
            {"Host": "hub.lycee.fr", "Origin": "https://hub.lycee.fr", "Sec-Fetch-Site": "same-origin"}, HOSTS
        )
        is None
    )
    assert "« evil.example »" in guard.refusal({"Host": "evil.example:8866"}, HOSTS)
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Referer": "http://localhost:3000/"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ):
        assert "autre site" in guard.refusal({"Host": "localhost:8866", **headers}, HOSTS), headers


def test_the_refusal_page_is_french_escaped_and_self_contained():
    page = guard.refusal_page("Accès refusé : « <b> »", link="/user/x/")
    assert '<html lang="fr">' in page and "&lt;b&gt;" in page and 'href="/user/x/"' in page
    assert "http" not in page
