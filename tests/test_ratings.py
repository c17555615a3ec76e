"""Readers' ratings end to end: the article's form, sent to a local fake of Netlify (its form
handling and its API, on 127.0.0.1), fetched into the front-matter, shown after a build."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bantin.commands.ratings import LEDGER, set_rating
from tests.conftest import REPO, article

TOKEN, FORM_ID = "test-token", "form-rating-1"


class FakeNetlify:
    """Netlify as the rating form and the command see it: a POST with form-name is stored as
    a submission (with the sender's IP, as Netlify records it), and the API lists the
    submissions (newest first, paginated) and deletes them, for the right token only."""

    def __init__(self) -> None:
        self.submissions: list[dict[str, object]] = []
        self.deleted: list[str] = []
        self.count = 0  # ids are never reused, as on Netlify
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, status: int, body: object = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {TOKEN}":
                    return True
                self._answer(401, {"code": 401, "message": "Access Denied"})
                return False

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", "0"))
                fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if fields.pop("form-name", None) != "rating":
                    self._answer(404)
                    return
                # Tests send X-Forwarded-For to stand for readers at other addresses.
                ip = self.headers.get("X-Forwarded-For", self.client_address[0])
                fake.count += 1
                number = fake.count
                fake.submissions.insert(0, {  # the API lists the newest first
                    "id": f"sub{number}", "number": number, "form_id": FORM_ID,
                    "created_at": f"2026-11-23T10:{number:02d}:00.000Z",
                    "data": {**fields, "ip": ip, "user_agent": "test"}})
                self.send_response(303)  # as Netlify: back to the form's action
                self.send_header("Location", self.path)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802
                url = urllib.parse.urlsplit(self.path)
                if url.path != f"/api/v1/forms/{FORM_ID}/submissions":
                    self._answer(404, {"code": 404})
                    return
                if not self._authorised():
                    return
                query = dict(urllib.parse.parse_qsl(url.query))
                page, per_page = int(query.get("page", 1)), int(query.get("per_page", 20))
                self._answer(200, fake.submissions[(page - 1) * per_page:page * per_page])

            def do_DELETE(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                found = self.path.removeprefix("/api/v1/submissions/")
                fake.deleted.append(found)
                fake.submissions = [s for s in fake.submissions if s["id"] != found]
                self._answer(204)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def netlify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNetlify]:
    fake = FakeNetlify()
    monkeypatch.setenv("NETLIFY_API_URL", f"{fake.url}/api/v1")
    monkeypatch.setenv("NETLIFY_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("NETLIFY_RATING_FORM_ID", FORM_ID)
    monkeypatch.setenv("RATINGS_SALT", "a long random secret for the tests")
    yield fake
    fake.server.shutdown()


class _Form(HTMLParser):
    """The rating form of a built page: its action and its fields, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.action, self.inside, self.fields, self.radios = "", False, {}, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("name") == "rating":
            assert "data-netlify" in found and found["method"] == "post"
            self.action, self.inside = found["action"], True
            self.honeypot = found["data-netlify-honeypot"]
        elif tag == "input" and self.inside:
            if found.get("type") == "radio":
                self.radios.append((found["name"], found["value"]))
            else:
                self.fields[found["name"]] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def send_rating(fake: FakeNetlify, html: str, stars: str, ip: str, bot: bool = False) -> None:
    """What a reader's browser does: fill in the form of the page and submit it."""
    form = _Form()
    form.feed(html)
    name, values = form.radios[0][0], [value for _, value in form.radios]
    assert stars in values
    fields = {**form.fields, name: stars}
    if bot:
        fields[form.honeypot] = "http://spam.example"
    request = urllib.request.Request(
        fake.url + urllib.parse.urlsplit(form.action).path, method="POST",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request)
    except urllib.error.HTTPError as exc:
        assert exc.code == 303  # Netlify's answer: back to the page


ORIGINAL = article("Kết luận 57", rating="{points: 5, votes: 1}  # from the old portal",
                   tags='["đối ngoại"]', body="Nội dung.\n")


def test_rating_sent_through_the_form_reaches_front_matter_and_the_page(make_site, netlify,
                                                                         capsys) -> None:
    site = make_site({"content/tin-tuc/kl57.md": ORIGINAL,
                      "content/tin-tuc/kl57.en.md": '---\ntitle: "Conclusion 57"\n---\nText.\n',
                      "content/tin-tuc/khac.md": article("Bài khác")})
    assert site.build() == 0
    vi = site.read("vi/tin-tuc/kl57/index.html")
    en = site.read("en/news/kl57/index.html")
    send_rating(netlify, vi, "4", ip="203.0.113.7")
    send_rating(netlify, en, "3", ip="198.51.100.2")  # the translation counts for the original
    send_rating(netlify, vi, "1", ip="203.0.113.7")  # the same reader again: dropped
    send_rating(netlify, vi, "5", ip="192.0.2.9", bot=True)  # honeypot filled in: spam
    send_rating(netlify, site.read("vi/tin-tuc/khac/index.html"), "2", ip="203.0.113.7")
    assert len(netlify.submissions) == 5
    capsys.readouterr()

    assert site.run("ratings", "fetch") == 0
    out = capsys.readouterr().out
    assert ("content/tin-tuc/kl57.md: +2 votes (4, 3): rating {points: 12, votes: 3}"
            in out)
    assert "content/tin-tuc/khac.md: +1 vote (2): rating {points: 2, votes: 1}" in out
    assert "2 articles updated; dropped 1 spam, 1 repeated, 0 invalid" in out
    # One line changed, the comment after it kept; every other byte as it was.
    text = (site.root / "content/tin-tuc/kl57.md").read_text(encoding="utf-8")
    assert text == ORIGINAL.replace("rating: {points: 5, votes: 1}",
                                    "rating: {points: 12, votes: 3}")
    assert "rating: {points: 2, votes: 1}\n---\n" in (
        site.root / "content/tin-tuc/khac.md").read_text(encoding="utf-8")
    assert "rating" not in (site.root / "content/tin-tuc/kl57.en.md").read_text(encoding="utf-8")
    # Read submissions are deleted from Netlify; what is kept is no IP address.
    assert netlify.submissions == [] and len(netlify.deleted) == 5
    ledger = (site.root / LEDGER).read_text(encoding="utf-8")
    assert "203.0.113.7" not in ledger and "198.51.100.2" not in ledger
    assert len(json.loads(ledger)["voters"]["tin-tuc/kl57"]) == 2

    assert site.build() == 0
    assert "Tổng số điểm là 12 trong 3 lượt đánh giá" in site.read("vi/tin-tuc/kl57/index.html")
    assert "Rated 4 out of 5 by 3 readers" in site.read("en/news/kl57/index.html")

    # A reader who voted before is still known on the next run; a new reader counts.
    send_rating(netlify, vi, "5", ip="203.0.113.7")
    send_rating(netlify, vi, "5", ip="192.0.2.44")
    assert site.run("ratings", "fetch") == 0
    assert "+1 vote (5): rating {points: 17, votes: 4}" in capsys.readouterr().out


def test_fetch_with_keep_never_counts_a_submission_twice(make_site, netlify, capsys) -> None:
    site = make_site({"content/tin-tuc/kl57.md": ORIGINAL})
    assert site.build() == 0
    send_rating(netlify, site.read("vi/tin-tuc/kl57/index.html"), "4", ip="203.0.113.7")
    assert site.run("ratings", "fetch", "--keep") == 0
    assert site.run("ratings", "fetch", "--keep") == 0
    assert len(netlify.submissions) == 1 and netlify.deleted == []
    assert "rating: {points: 9, votes: 2}" in (
        site.root / "content/tin-tuc/kl57.md").read_text(encoding="utf-8")


def test_fetch_needs_its_settings_and_reports_a_refused_token(make_site, netlify, monkeypatch,
                                                              capsys) -> None:
    site = make_site({"content/tin-tuc/kl57.md": ORIGINAL})
    monkeypatch.delenv("RATINGS_SALT")
    assert site.run("ratings", "fetch") == 2
    assert ("build.py ratings: error: set RATINGS_SALT in the environment"
            in capsys.readouterr().err)
    monkeypatch.setenv("RATINGS_SALT", "secret")
    monkeypatch.setenv("NETLIFY_AUTH_TOKEN", "wrong")
    assert site.run("ratings", "fetch") == 1
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "nothing was changed" in err
    assert (site.root / "content/tin-tuc/kl57.md").read_text(encoding="utf-8") == ORIGINAL


@pytest.mark.parametrize(("before", "after"), [
    # a block mapping becomes one line; what follows is untouched
    (b"---\ntitle: A\nrating:\n  points: 5\n  votes: 1\ntags: [x]\n---\nBody\n",
     b"---\ntitle: A\nrating: {points: 9, votes: 2}\ntags: [x]\n---\nBody\n"),
    # no rating yet: added before the closing line; CRLF and a BOM kept
    (b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nrating: {points: 1, votes: 1}\r\n",
     b"\xef\xbb\xbf---\r\ntitle: A\r\nrating: {points: 9, votes: 2}\r\n---\r\n"
     b"rating: {points: 1, votes: 1}\r\n"),
    (b"---\nrating: { points: 5, votes: 1 } # old portal\n---\n",
     b"---\nrating: {points: 9, votes: 2} # old portal\n---\n"),
])
def test_set_rating_edits_one_line_only(before: bytes, after: bytes) -> None:
    assert set_rating(before, 9, 2) == after


def test_fetch_passes_over_a_misnamed_file_in_the_section(make_site, netlify, capsys) -> None:
    site = make_site({"content/tin-tuc/kl57.md": ORIGINAL})
    assert site.build() == 0
    send_rating(netlify, site.read("vi/tin-tuc/kl57/index.html"), "4", ip="203.0.113.7")
    # A file no article is made of (the build reports it): the other votes are still counted.
    (site.root / "content/tin-tuc/ghi-chu.fr.md").write_text(article("Ghi chú"),
                                                            encoding="utf-8")
    assert site.run("ratings", "fetch") == 0
    assert "+1 vote (4): rating {points: 9, votes: 2}" in capsys.readouterr().out


@pytest.mark.parametrize(("form", "netlify", "shown"), [
    ("netlify", True, True), ("self-hosted", False, True), ("off", False, False)])
def test_the_form_can_leave_netlify_or_go(make_site, form, netlify, shown, capsys) -> None:
    """`[ratings] form`: self-hosted, no Netlify attributes (Netlify then takes, and bills,
    no submission); off, no form and no votes taken by nginx either, the total still shown."""
    from tests.conftest import MINIMAL_CONFIG

    site = make_site({"content/tin-tuc/kl57.md": ORIGINAL,
                      "content/tin-tuc/khac.md": article("Bài khác")},
                     config=MINIMAL_CONFIG + f'\n[ratings]\nform = "{form}"\n')
    assert site.build() == 0
    page = site.read("vi/tin-tuc/kl57/index.html")
    assert ('class="rate-form"' in page, "data-netlify" in page) == (shown, netlify)
    assert "Tổng số điểm là 5 trong 1 lượt đánh giá" in page
    assert ('id="rating"' in site.read("vi/tin-tuc/khac/index.html")) == shown
    capsys.readouterr()
    site.write("netlify.toml", (REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert site.run("server-config", "nginx") == 0
    assert ("mirror_request_body on;" in capsys.readouterr().out) == shown


def test_an_unknown_form_setting_is_an_error_at_its_line(make_site, capsys) -> None:
    from tests.conftest import MINIMAL_CONFIG

    site = make_site(config=MINIMAL_CONFIG + '\n[ratings]\nform = "formspree"\n')
    assert site.build() == 1
    lines = MINIMAL_CONFIG.count("\n") + 3
    assert (f"config.toml:{lines}: error: [ratings] form must be one of netlify, self-hosted, "
            "off (Netlify's form, the nginx block's votes log, no form); got 'formspree'"
            in capsys.readouterr().err)
