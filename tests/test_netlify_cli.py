"""The built demo served by the real Netlify CLI (`netlify dev --offline`, pinned in
package.json): what readers get from netlify.toml and public/_redirects, over HTTP.

The CLI applies the rules with Netlify's own rules engine, but it is a local emulation of
Netlify's edge. Where it departs from what netlify.toml asks for (the q-weights of
Accept-Language, Cache-Control, Range), the tests assert what the CLI does and say so: they
claim nothing about production Netlify beyond its documented behaviour.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
import yaml

from bantin.model.config_file import load_config
from tests.conftest import REPO
from tests.netlify_cli import ARTICLE, ARTICLE_URL, IMAGE_RENAMED, headers_for, request

LANGUAGES = load_config(REPO).language_codes


def aliases() -> list[str]:
    front = ARTICLE.read_text(encoding="utf-8").split("---\n")[1]
    found = yaml.safe_load(front)["aliases"]
    assert found, f"{ARTICLE} should keep its old addresses"
    return found


def an_asset(out: Path, suffix: str = ".css") -> str:
    """The URL of a fingerprinted file under /assets/."""
    found = sorted((out / "assets").rglob(f"*{suffix}"))
    assert found, f"no {suffix} under {out}/assets"
    return "/" + found[0].relative_to(out).as_posix()


@pytest.mark.parametrize(("accept_language", "lands_on"), [
    ("vi", "/vi/"),
    ("vi-VN,vi;q=0.9,en;q=0.8", "/vi/"),
    ("en-US,en;q=0.9", "/en/"),
])
def test_a_browser_is_sent_to_its_languages_home(netlify_dev, accept_language,
                                                 lands_on) -> None:
    answer = request(netlify_dev.url + "/", Accept_Language=accept_language)
    assert (answer.status, answer.headers["Location"]) == (302, lands_on)
    assert request(netlify_dev.url + lands_on).status == 200


@pytest.mark.parametrize("accept_language", ["ko", "fr-FR,fr;q=0.9"])
def test_a_browser_in_another_language_gets_the_chooser(netlify_dev, accept_language) -> None:
    answer = request(netlify_dev.url + "/", Accept_Language=accept_language)
    assert answer.status == 200
    assert answer.body == (netlify_dev.out / "index.html").read_bytes()
    links = re.findall(r'<a href="(/[a-z]+/)" hreflang="([a-z]+)"', answer.body.decode())
    assert links == [(f"/{code}/", code) for code in LANGUAGES]


@pytest.mark.parametrize(("accept_language", "cli_sends_to"), [
    # French first, English accepted: the chooser, where q-weights would give English.
    ("fr-FR,fr;q=0.9,en;q=0.8", None),
    # English at q=0.5, Vietnamese at 0.9: English, where q-weights would give Vietnamese.
    ("en;q=0.5,vi;q=0.9", "/en/"),
    # No Accept-Language at all: the CLI takes the browser for an English one.
    (None, "/en/"),
])
def test_the_cli_reads_only_the_first_language(netlify_dev, accept_language,
                                               cli_sends_to) -> None:
    """What `netlify dev` does today, NOT what Netlify's edge does (not verified here).

    The CLI takes the first entry of Accept-Language, cut to two letters, ignoring its
    q-weight, and "en" when the header is missing (getLanguage in netlify-cli's
    dist/utils/rules-proxy.js). This test fails when a new CLI changes that: then bring
    docs/hosting.md up to date and make the test assert the q-weighted choice."""
    headers = {} if accept_language is None else {"Accept_Language": accept_language}
    answer = request(netlify_dev.url + "/", **headers)
    if cli_sends_to is None:
        assert answer.status == 200
        assert answer.body == (netlify_dev.out / "index.html").read_bytes()
    else:
        assert (answer.status, answer.headers["Location"]) == (302, cli_sends_to)


@pytest.mark.parametrize("path", ["/vi/", ARTICLE_URL, "/en/", "/"])
def test_pages_carry_the_security_headers(netlify_dev, path) -> None:
    answer = request(netlify_dev.url + path, Accept_Language="ko")
    assert answer.status == 200
    for name, value in headers_for("/*").items():
        assert answer.headers[name] == value, name
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


def test_the_web_editor_has_its_own_policy(netlify_dev) -> None:
    answer = request(netlify_dev.url + "/admin/")
    assert answer.status == 200 and b"<script" in answer.body  # the CMS's page itself
    admin = headers_for("/admin/*")
    assert answer.headers.get_all("Content-Security-Policy") == [
        admin["Content-Security-Policy"]]  # replaces the site's policy, not added to it
    assert answer.headers["X-Robots-Tag"] == "noindex"
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                 "Strict-Transport-Security"):
        assert answer.headers[name] == headers_for("/*")[name], name


def test_the_cli_serves_its_own_cache_control(netlify_dev) -> None:
    """What `netlify dev` does today, NOT what Netlify's edge does (not verified here).

    netlify.toml gives /assets/* a year's immutable caching and /admin/ and /next-build.txt
    `no-cache`. The CLI matches those rules (the other headers of the same rules arrive, see
    above) but its static server's `Cache-Control: public, max-age=0` replaces theirs
    (dist/utils/proxy.js writes the static server's headers over the rules'). Netlify
    documents custom Cache-Control headers as honoured; test_netlify.py checks the rules."""
    assert "immutable" in headers_for("/assets/*")["Cache-Control"]
    for path in (an_asset(netlify_dev.out), an_asset(netlify_dev.out, ".webp"), "/admin/",
                 "/next-build.txt"):
        answer = request(netlify_dev.url + path)
        assert answer.status == 200, path
        assert answer.headers.get_all("Cache-Control") == ["public, max-age=0"], path


@pytest.mark.parametrize(("path", "lang"), [("/vi/xyz", "vi"), ("/en/xyz", "en"),
                                            ("/en/news/xyz/", "en"), ("/xyz", None)])
def test_a_missing_page_gets_its_languages_404(netlify_dev, path, lang) -> None:
    answer = request(netlify_dev.url + path)
    page = netlify_dev.out / (f"{lang}/404.html" if lang else "404.html")
    assert answer.status == 404
    assert answer.body == page.read_bytes()
    if lang:
        assert f'<html lang="{lang}">'.encode() in answer.body
    assert answer.headers["Content-Security-Policy"] == headers_for("/*")[
        "Content-Security-Policy"]


@pytest.mark.parametrize("alias", aliases())
def test_an_old_address_is_a_permanent_redirect_to_the_article(netlify_dev, alias) -> None:
    answer = request(netlify_dev.url + quote(alias))
    assert (answer.status, answer.headers["Location"]) == (301, ARTICLE_URL)
    # over the redirect page at that path, which other hosts serve
    assert (netlify_dev.out / alias.lstrip("/")).is_file()
    assert request(netlify_dev.url + ARTICLE_URL).status == 200


def test_a_vietnamese_file_name_is_served(netlify_dev) -> None:
    html = request(netlify_dev.url + ARTICLE_URL).body.decode()
    stem = IMAGE_RENAMED[1].rsplit(".", 1)[0]
    sources = sorted(set(re.findall(r'src="(/assets/images/[^"]+)"', html))
                     | set(re.findall(r'srcset="(/assets/images/[^" ]+)', html)))
    named = [url for url in sources if quote(stem) in url or stem in url]
    assert named, sources  # the page shows the image by its Vietnamese name
    for url in named:
        answer = request(netlify_dev.url + quote(url, safe="/%"))
        assert answer.status == 200, url
        assert answer.headers["Content-Type"].startswith("image/"), url
        assert answer.body == (netlify_dev.out / unquote(url).lstrip("/")).read_bytes(), url


@pytest.mark.parametrize(("path", "status"), [
    ("/vi/", 200), (ARTICLE_URL, 200), ("/en/xyz", 404),
    ("/tin-tuc/van-hoa-du-lich/le-ky-yen-o-dinh-lang-net-van-hoa-ben-bi-218.html", 301),
])
def test_head_answers_like_get_without_a_body(netlify_dev, path, status) -> None:
    head = request(netlify_dev.url + path, method="HEAD")
    get = request(netlify_dev.url + path)
    assert head.status == get.status == status
    assert head.body == b""
    for name in ("Content-Type", "Content-Length", "Location", "Content-Security-Policy"):
        assert head.headers[name] == get.headers[name], name


def test_the_cli_answers_a_range_request_with_the_whole_file(netlify_dev) -> None:
    """What `netlify dev` does today, NOT what Netlify's edge does (not verified here).

    The CLI's static server is started with ranges turned off (acceptRanges: false in
    dist/utils/static-server.js): a `Range:` request gets 200 and the whole file, which is a
    correct answer (a server may ignore Range), never a wrong slice."""
    path = an_asset(netlify_dev.out, ".webp")
    whole = (netlify_dev.out / path.lstrip("/")).read_bytes()
    assert len(whole) > 100
    answer = request(netlify_dev.url + path, Range="bytes=0-99")
    assert (answer.status, answer.body) == (200, whole)
    assert answer.headers["Content-Range"] is None
    assert answer.headers["Accept-Ranges"] in (None, "none")
