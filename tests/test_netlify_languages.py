"""Language negotiation at / and per-language 404s: netlify.toml against config.toml."""

from __future__ import annotations

import re

import pytest

from bantin.model.config_file import load_config
from bantin.rendering.netlify import language_redirects, to_toml
from tests.conftest import REPO, article
from tests.netlify_rules import Outcome, file_exists, redirects, route
from tests.test_third_language import THREE_LANGUAGES

LANGUAGE_RULES = {"/", *(f"/{code}/*" for code in load_config(REPO).language_codes)}


def test_netlify_toml_has_one_language_rule_and_one_404_per_configured_language() -> None:
    expected = language_redirects(load_config(REPO))
    found = [rule for rule in redirects() if rule["from"] in LANGUAGE_RULES]
    assert found == expected, ("netlify.toml's language rules differ from config.toml's "
                               "languages; they should read:\n\n" + to_toml(expected))
    # No other rule may catch / before them.
    first = next(i for i, rule in enumerate(redirects()) if rule["from"] == "/")
    assert all(not rule["from"].startswith("/*") for rule in redirects()[:first])


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory):
    from bantin.commands.cli import main
    from tests.conftest import NOW

    out = tmp_path_factory.mktemp("negotiation") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    return out


@pytest.mark.parametrize(("accept_language", "lands_on"), [
    ("en-US,en;q=0.9", "/en/"),
    ("en", "/en/"),
    ("vi-VN,vi;q=0.9,en;q=0.8", "/vi/"),
    ("vi", "/vi/"),
])
def test_browser_language_goes_to_its_home(demo_output, accept_language, lands_on) -> None:
    outcome = route(redirects(), "/", accept_language, file_exists(demo_output))
    assert outcome == Outcome(302, lands_on)
    assert (demo_output / lands_on.strip("/") / "index.html").is_file()


@pytest.mark.parametrize("accept_language", ["fr-FR,fr;q=0.9", "ko", "", None])
def test_other_browsers_get_the_plain_chooser(demo_output, accept_language) -> None:
    assert route(redirects(), "/", accept_language, file_exists(demo_output)) is None
    html = (demo_output / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(/[a-z]+/)" hreflang="([a-z]+)"', html)
    assert links == [(f"/{code}/", code) for code in load_config(REPO).language_codes]
    assert "<script" not in html and "http-equiv" not in html  # no client-side redirect


def test_index_html_itself_is_never_redirected(demo_output) -> None:
    assert route(redirects(), "/index.html", "en-US", file_exists(demo_output)) is None


def test_missing_pages_get_their_languages_404(demo_output) -> None:
    exists = file_exists(demo_output)
    for code in load_config(REPO).language_codes:
        assert route(redirects(), f"/{code}/khong-co/", "en", exists) == Outcome(
            404, f"/{code}/404.html")
        page = (demo_output / code / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}">' in page
        assert route(redirects(), f"/{code}/", "en", exists) is None  # real pages are served


def test_a_third_language_gets_its_own_rules(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()}, config=THREE_LANGUAGES)
    rules = language_redirects(load_config(site.root))
    assert site.build() == 0
    exists = file_exists(site.root / "public")
    assert route(rules, "/", "fr-CA,fr;q=0.8", exists) == Outcome(302, "/fr/")
    assert route(rules, "/fr/rien/", None, exists) == Outcome(404, "/fr/404.html")
    assert site.exists("fr/index.html") and site.exists("fr/404.html")
