"""The SSRF guard refuses every private, reserved or non-http(s) address form (issue 13)."""

from __future__ import annotations

import ipaddress

import pytest

from sitroom.errors import InputError
from sitroom.ingest import net, urls
from sitroom.ingest.net import check_url, is_public, literal_address, public_addresses
from sitroom.ingest.urls import Fetcher, FetchOptions
from tests.livesite import Route, serve_site

BLOCKED_HOSTS = [
    "127.0.0.1", "127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "017700000001",
    "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "0",
    "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.10", "198.18.0.1",
    "::1", "[::1]", "::", "::ffff:127.0.0.1", "[::ffff:7f00:1]", "::ffff:169.254.169.254", "::127.0.0.1",
    "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2002:7f00:1::", "64:ff9b::a9fe:a9fe", "2001:db8::1",
    "2001::1",
]  # fmt: skip
PUBLIC_HOSTS = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_guard_refuses_private_and_reserved_spellings(host: str) -> None:
    ip = literal_address(host)
    assert ip is not None, host
    assert not is_public(ip)
    with pytest.raises(InputError, match="not a public address"):
        public_addresses(host, 80)


@pytest.mark.parametrize("host", PUBLIC_HOSTS)
def test_guard_allows_public_addresses(host: str) -> None:
    ip = literal_address(host)
    assert ip is not None and is_public(ip)
    assert public_addresses(host, 80) == [str(ip)]


def test_decimal_and_octal_spellings_mean_loopback() -> None:
    loopback = ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("2130706433") == literal_address("0177.0.0.1") == literal_address("0x7f.0.0.1") == loopback


def test_host_name_that_is_not_a_literal_is_left_to_the_resolver() -> None:
    assert literal_address("example.org") is None
    assert literal_address("127.0.0.1.example.org") is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/", "javascript:alert(1)", "http://", "//example.org/"])
def test_only_http_and_https_urls(url: str) -> None:
    with pytest.raises(InputError):
        check_url(url)


def test_localhost_name_resolves_to_loopback_and_is_refused() -> None:
    with pytest.raises(InputError, match="not a public address"):
        public_addresses("localhost", 80)


def test_fetch_of_local_server_refused_without_allow_private() -> None:
    with serve_site() as site:
        site.routes["/"] = Route(b"<html>hi</html>")
        fetcher = Fetcher(FetchOptions())
        for url in (site.url("/"), f"http://localhost:{site.port}/", f"http://2130706433:{site.port}/", f"http://[::ffff:127.0.0.1]:{site.port}/"):
            with pytest.raises(InputError, match="public address|could not be fetched"):
                fetcher.get(url)
        assert site.log == []  # refused before any connection was made


def test_redirect_to_private_address_refused_after_the_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    """The local server stands in for a public site; its redirect to the metadata service is refused."""
    real = net.is_public

    def loopback_counts_as_public(ip: net.IPAddress) -> bool:
        return str(ip) == "127.0.0.1" or real(ip)

    monkeypatch.setattr(net, "is_public", loopback_counts_as_public)
    monkeypatch.setattr(urls, "is_public", loopback_counts_as_public)
    with serve_site() as site:
        site.routes["/go"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        site.routes["/ok"] = Route(status=301, headers={"Location": "/page"})
        site.routes["/page"] = Route(b"<html>fine</html>")
        with pytest.raises(InputError, match="redirects to http://169.254.169.254/latest/meta-data/"):
            Fetcher().get(site.url("/go"))
        page = Fetcher().get(site.url("/ok"))
        assert (page.status, page.final_url, page.body) == (200, site.url("/page"), b"<html>fine</html>")
