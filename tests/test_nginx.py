"""A province's own server: Debian's nginx serving the built demo with the block that
`python build.py server-config nginx` prints, checked over HTTP as readers' browsers see it."""

from __future__ import annotations

import gzip
import http.client
import json
import time
import tomllib
from urllib.parse import quote, urlencode, urlsplit

import pytest

from bantin.commands.cli import main
from bantin.model.config_file import load_config
from bantin.rendering import nginx
from tests import nginx_server
from tests.conftest import REPO
from tests.nginx_server import ODD_ASSET
from tests.test_ratings import _Form

nginx_site = nginx_server.nginx_site  # the fixture, for this module's tests

Response = tuple[int, dict[str, str], bytes]


def fetch(base: str, path: str, method: str = "GET", **headers: str) -> Response:
    """One request, redirects not followed; header names in lower case."""
    netloc = urlsplit(base).netloc
    connection = http.client.HTTPConnection(netloc, timeout=10)
    try:
        connection.request(method, quote(path, safe="/%;=,"), headers={
            name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        connection.close()


def _netlify_rules() -> list[dict]:
    return tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))["headers"]


@pytest.mark.parametrize(("accept", "home"), [
    ("vi", "/vi/"),
    ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "/vi/"),
    ("en-US,en;q=0.9", "/en/"),
    # a browser preferring French but accepting English gets English, not the chooser
    ("fr-FR,fr;q=0.9,en;q=0.8", "/en/"),
    # the weights decide, not the order
    ("en;q=0.5,vi;q=0.9", "/vi/"),
    ("EN-GB;q=0.85, vi;q=0.853", "/vi/"),
    ("vi;q=0.05,en;q=0.04", "/vi/"),
    ("vi;q=0,en;q=0.1", "/en/"),  # q=0: not acceptable
    ("en, vi", "/vi/"),  # a tie: config.toml's order
    ("fr-FR,fr;q=0.9", None),  # neither language: the chooser
    ("*", None),
    ("", None),
    ("envi, vie", None),  # not the tags en or vi
])
def test_root_sends_a_browser_to_its_language_by_weight(nginx_site, accept, home) -> None:
    base, _ = nginx_site
    status, headers, body = fetch(base, "/", Accept_Language=accept)
    if home is None:
        assert status == 200 and b'class="chooser-list"' in body
    else:
        assert (status, headers["location"]) == (302, home)
    assert headers["vary"] == "Accept-Language"


@pytest.mark.parametrize("rule", _netlify_rules(), ids=lambda rule: rule["for"])
def test_every_header_rule_of_netlify_toml_is_what_nginx_sends(nginx_site, rule) -> None:
    """Rule by rule: a path each netlify.toml [[headers]] table covers gets every header of
    every table that covers it, the later one winning, as on Netlify."""
    base, out = nginx_site
    pattern = rule["for"]
    if pattern.endswith("/*"):
        folder = out / pattern[1:-2]
        path = "/" + next(p for p in sorted(folder.rglob("*")) if p.is_file()).relative_to(
            out).as_posix() if pattern != "/*" else "/vi/"
    else:
        path = pattern
    expected: dict[str, str] = {}
    for table in _netlify_rules():
        if nginx.HeaderRule(table["for"], ()).covers("=" + path):
            expected.update({k.lower(): v for k, v in table["values"].items()})
    status, headers, _ = fetch(base, path)
    assert status == 200
    assert {name: headers.get(name) for name in expected} == expected


def test_the_web_editor_has_its_own_policy(nginx_site) -> None:
    base, _ = nginx_site
    status, headers, _ = fetch(base, "/admin/")
    assert status == 200
    assert "'unsafe-inline'" in headers["content-security-policy"]
    assert headers["x-robots-tag"] == "noindex"
    assert "'unsafe-inline'" not in fetch(base, "/vi/")[1]["content-security-policy"]


def test_fingerprinted_assets_are_immutable_and_pages_are_not(nginx_site) -> None:
    base, out = nginx_site
    css = next((out / "assets/css").glob("main.*.css")).relative_to(out).as_posix()
    assert fetch(base, f"/{css}")[1]["cache-control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in fetch(base, "/vi/")[1].get("cache-control", "")
    assert fetch(base, "/next-build.txt")[1]["cache-control"] == "no-cache"


@pytest.mark.parametrize(("path", "heading"), [
    ("/vi/khong-co-trang-nay/", "Không tìm thấy trang"),
    ("/en/no-such-page/", "Page not found"),
    ("/khong-co.html", "Không tìm thấy trang"),  # outside the languages: the default's
    ("/assets/", "Không tìm thấy trang"),  # a folder without a page: never a listing
])
def test_each_language_has_its_own_404_page(nginx_site, path, heading) -> None:
    base, _ = nginx_site
    status, headers, body = fetch(base, path)
    assert status == 404
    assert f"<h1>{heading}</h1>".encode() in body
    assert "content-security-policy" in headers


def test_every_alias_answers_with_a_permanent_redirect(nginx_site) -> None:
    base, out = nginx_site
    rules, _ = nginx.read_redirects((out / "_redirects").read_text(encoding="utf-8"))
    assert len(rules) == 4  # the demo's two, and MOVED's two
    for rule in rules:
        status, headers, _ = fetch(base, rule.path)
        assert (status, headers["location"]) == (301, rule.to), rule.path
    # a folder alias without its final /, as readers type it; Vietnamese letters
    status, headers, _ = fetch(base, "/tin-tuc/tag/lễ-hội")
    assert (status, headers["location"]) == (301, "/vi/tin-tuc/khai-mac-le-hoi/")


def test_names_with_vietnamese_letters_and_spaces_are_served(nginx_site) -> None:
    base, out = nginx_site
    found = next((out / "assets/images").glob("Ảnh hội nghị.*.jpg"))
    status, _, body = fetch(base, "/" + found.relative_to(out).as_posix())
    assert (status, body) == (200, found.read_bytes())
    assert ODD_ASSET.startswith("images/Ảnh")


def test_pages_are_compressed_for_browsers_that_take_gzip(nginx_site) -> None:
    base, out = nginx_site
    status, headers, body = fetch(base, "/vi/", Accept_Encoding="gzip")
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == (out / "vi/index.html").read_bytes()
    assert "content-encoding" not in fetch(base, "/vi/")[1]


def test_head_and_range_requests(nginx_site) -> None:
    base, out = nginx_site
    page = (out / "vi/index.html").read_bytes()
    status, headers, body = fetch(base, "/vi/", "HEAD")
    assert (status, body, int(headers["content-length"])) == (200, b"", len(page))
    status, headers, body = fetch(base, "/vi/", Range="bytes=10-19")
    assert (status, body) == (206, page[10:20])
    assert headers["content-range"] == f"bytes 10-19/{len(page)}"


def test_a_folder_without_its_final_slash_is_sent_to_it(nginx_site) -> None:
    base, _ = nginx_site
    status, headers, _ = fetch(base, "/vi/tin-tuc")
    assert (status, headers["location"]) == (301, "/vi/tin-tuc/")


def test_hidden_files_and_the_rules_file_are_never_served(nginx_site) -> None:
    base, out = nginx_site
    (out / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (out / "vi" / ".git").mkdir()
    (out / "vi" / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    try:
        for path in ("/.env", "/vi/.git/config", "/_redirects"):
            status, _, body = fetch(base, path)
            assert status == 404 and b"SECRET" not in body and b"[core]" not in body, path
    finally:
        (out / ".env").unlink()
        (out / "vi" / ".git" / "config").unlink()
        (out / "vi" / ".git").rmdir()


def test_the_block_says_what_the_site_needs_before_it_is_built(tmp_path, capsys) -> None:
    from bantin.commands.cli import main

    assert main(["server-config", "nginx", "--root", str(REPO), "--out",
                 str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err  # the demo's editors read Vietnamese
    assert err == (f"{tmp_path / 'nothing'}: error: ở đây chưa có trang đã dựng: chạy "
                   "`python build.py` trước (hoặc chỉ thư mục của nó bằng --out)\n")


def test_output_folders_are_readable_by_the_web_server(nginx_site) -> None:
    """Served as www-data when the tests run as root: every file reached it. The modes say
    so whoever runs the tests."""
    _, out = nginx_site
    assert out.stat().st_mode & 0o777 == 0o755
    for path in out.rglob("*"):
        others = path.stat().st_mode & 0o007  # what any other user, www-data too, may do
        assert others == (0o005 if path.is_dir() else 0o004), path


# Readers' votes, self-hosted: the rating form posts to the article itself (as on Netlify);
# nginx logs the body and sends the reader back, `ratings fetch --from-log` counts the votes.
ARTICLE = "/vi/tin-tuc/khai-mac-le-hoi/"


def post(base: str, path: str, body: bytes, source: str, method: str = "POST") -> Response:
    """A form sent from the address `source` (any 127.x.y.z reaches 127.0.0.1 on Linux),
    standing for readers at different addresses."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        connection.close()


def vote(base: str, out, stars: str, source: str, bot: bool = False) -> Response:
    """What a reader's browser sends: the article's own rating form, filled in."""
    form = _Form()
    form.feed((out / ARTICLE.strip("/") / "index.html").read_text(encoding="utf-8"))
    fields = {**form.fields, form.radios[0][0]: stars}
    if bot:
        fields[form.honeypot] = "http://spam.example"
    assert form.action == ARTICLE + "#rated"
    return post(base, urlsplit(form.action).path, urlencode(fields).encode(), source)


def logged(log, count: int) -> list[dict]:
    """The log's lines once there are `count` (nginx writes one when the request ends)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_votes_are_logged_and_counted_once(nginx_site, monkeypatch, capsys) -> None:
    base, out = nginx_site
    log = nginx_server.votes_log(out)
    before = len(logged(log, 0))
    status, headers, _ = vote(base, out, "4", "127.0.0.2")
    # back to the article; the browser keeps the form's #rated: the thank-you line shows
    assert (status, headers["location"]) == (303, "./")
    assert "content-security-policy" in headers
    vote(base, out, "5", "127.0.0.3")
    vote(base, out, "1", "127.0.0.2")  # the same reader again: dropped
    vote(base, out, "5", "127.0.0.4", bot=True)  # the honeypot filled in: spam
    lines = logged(log, before + 4)[before:]
    assert [line["ip"] for line in lines] == ["127.0.0.2", "127.0.0.3", "127.0.0.2",
                                              "127.0.0.4"]
    assert "article=tin-tuc%2Fkhai-mac-le-hoi" in lines[0]["body"]
    assert "stars=4" in lines[0]["body"] and len(lines[0]["id"]) == 32

    monkeypatch.setenv("RATINGS_SALT", "a long random secret for the tests")
    root = out.parent
    fetch_votes = ["ratings", "fetch", "--root", str(root), "--from-log", str(log),
                   "--lang", "en"]
    capsys.readouterr()
    assert main(fetch_votes) == 0
    printed = capsys.readouterr().out
    assert ("content/tin-tuc/khai-mac-le-hoi.md: +2 votes (4, 5): rating {points: 9, votes: 2}"
            in printed)
    assert "dropped 1 spam, 1 repeated" in printed
    text = (root / "content/tin-tuc/khai-mac-le-hoi.md").read_text(encoding="utf-8")
    assert "rating: {points: 9, votes: 2}\n---\n" in text
    assert "127.0.0" not in (root / "ratings-ledger.json").read_text(encoding="utf-8")
    # The next run reads from where this one stopped: nothing twice; a new reader counts.
    assert main(fetch_votes) == 0
    assert "0 articles updated; dropped 0 spam, 0 repeated, 0 invalid" in capsys.readouterr().out
    vote(base, out, "3", "127.0.0.5")
    logged(log, before + 5)
    assert main(fetch_votes) == 0
    assert "+1 vote (3): rating {points: 12, votes: 3}" in capsys.readouterr().out


def test_only_a_small_post_to_a_page_is_a_vote(nginx_site) -> None:
    base, out = nginx_site
    log = nginx_server.votes_log(out)
    before = len(logged(log, 0))
    assert fetch(base, ARTICLE)[0] == 200  # the page as ever
    assert post(base, ARTICLE, b"x" * 2000, "127.0.0.6")[0] == 413
    assert post(base, "/vi/khong-co-trang-nay/", b"a=b", "127.0.0.6")[0] == 404
    assert post(base, ARTICLE, b"a=b", "127.0.0.6", method="PUT")[0] == 403
    name = nginx._name(load_config(REPO))
    assert fetch(base, f"/_{name}_vote")[0] == 404  # the mirror's target is internal
    time.sleep(0.3)
    assert len(logged(log, 0)) == before


def test_a_burst_of_votes_from_one_address_is_refused(nginx_site) -> None:
    base, out = nginx_site
    answers = [post(base, ARTICLE, b"form-name=rating&stars=5", "127.0.0.7")[0]
               for _ in range(nginx.VOTE_BURST + 4)]
    # the burst goes through at once, then one vote every 6 s (10r/m) at most
    assert answers[:nginx.VOTE_BURST + 1] == [303] * (nginx.VOTE_BURST + 1)
    assert answers[-2:] == [429, 429]
    assert post(base, ARTICLE, b"form-name=rating&stars=5", "127.0.0.8")[0] == 303
