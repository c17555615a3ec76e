"""Front-matter `aliases:`: an old address answers with a redirect to the page, on any host."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MINIMAL_CONFIG, article

# The lists' names in the demo's config.toml: /vi/chuyen-muc/<id>/, /vi/the/<tag>/.
LISTING_NAMES = """
[listings]
category = { vi = "chuyen-muc", en = "category" }
tag = { vi = "the", en = "tag" }
"""

OLD = "/tin-hoat-dong/khai-mac-le-hoi-24.html"
ALIASED = article("Khai mạc lễ hội", aliases=(
    f'\n  - {OLD}\n  - /vi/news/tin-hoat-dong/khai-mac-le-hoi-24.html'
    "\n  - /tin-tuc/tag/l%E1%BB%85-h%E1%BB%99i\n  - /bai-cu"))


def _redirect_target(html: str) -> tuple[str, str, bool]:
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    assert refresh and canonical, html
    return refresh.group(1), canonical.group(1), '<meta name="robots" content="noindex">' in html


def test_each_alias_is_a_redirect_page_and_a_forced_301_rule(make_site) -> None:
    site = make_site({"content/tin-tuc/khai-mac-le-hoi.md": ALIASED})
    assert site.build() == 0
    page = "/vi/tin-tuc/khai-mac-le-hoi/"
    for path in ("tin-hoat-dong/khai-mac-le-hoi-24.html",
                 "vi/news/tin-hoat-dong/khai-mac-le-hoi-24.html",
                 "tin-tuc/tag/lễ-hội/index.html",  # percent-encoded in the file, decoded here
                 "bai-cu/index.html"):  # no dot in its last part: a folder address
        target, canonical, noindex = _redirect_target(site.read(path))
        assert (target, canonical, noindex) == (page, f"https://example.test{page}", True)
    assert "Khai mạc lễ hội" in site.read("bai-cu/index.html")
    rules = site.read("_redirects").splitlines()
    assert rules[1:] == [
        f"{OLD} {page} 301!",
        f"/vi/news/tin-hoat-dong/khai-mac-le-hoi-24.html {page} 301!",
        f"/tin-tuc/tag/l%E1%BB%85-h%E1%BB%99i/ {page} 301!",
        f"/bai-cu/ {page} 301!",
    ]
    assert rules[0].startswith("#")  # a comment, which Netlify skips


def test_alias_pages_stay_out_of_sitemap_and_search(make_site) -> None:
    site = make_site({"content/tin-tuc/khai-mac-le-hoi.md": ALIASED})
    assert site.build() == 0
    assert "bai-cu" not in site.read("sitemap.xml")
    assert "khai-mac-le-hoi-24" not in site.read("sitemap.xml")


def test_a_site_without_aliases_has_no_rules_file(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    assert not site.exists("_redirects")


def test_unpublished_pages_keep_their_old_addresses_dark(make_site) -> None:
    site = make_site({
        "content/tin-tuc/nhap.md": article("Nháp", draft="true", aliases="[/bai-nhap.html]"),
        "content/tin-tuc/noi-bo.md": article("Nội bộ", internal="true",
                                             aliases="[/bai-noi-bo.html]"),
        "content/tin-tuc/a.md": article(),
    })
    assert site.build() == 0
    assert not site.exists("bai-nhap.html") and not site.exists("bai-noi-bo.html")
    assert not site.exists("_redirects")


def test_a_translation_has_old_addresses_of_its_own(make_site) -> None:
    site = make_site({
        "content/tin-tuc/a.md": article(aliases="[/tin-cu/a.html]"),
        "content/tin-tuc/a.en.md": '---\ntitle: "Opening"\naliases: [/en/old/a.html]\n---\nText.\n',
    })
    assert site.build() == 0
    assert _redirect_target(site.read("en/old/a.html"))[0] == "/en/news/a/"
    assert _redirect_target(site.read("tin-cu/a.html"))[0] == "/vi/tin-tuc/a/"
    assert '<html lang="en">' in site.read("en/old/a.html")


@pytest.mark.parametrize(("value", "message"), [
    ("tin-cu/a.html", "`aliases` must be a path starting with /, e.g. "
                      "/tin-tuc/khai-mac-le-hoi-24.html; got 'tin-cu/a.html'"),
    ("https://old.gov.vn/tin/a.html", "`aliases` must be a path on this site, without the "
                                      "scheme and host: write '/tin/a.html'"),
    ("/index.php?nv=news&op=a", "`aliases` cannot hold `?` or `#`: a static site answers a "
                                "path, never the query or the fragment after it; write the "
                                "path alone, e.g. '/index.php'"),
    ("/tin/../../etc/passwd", "`aliases` has an empty, `.` or `..` part; write the path as "
                              "the browser shows it, e.g. /tin-tuc/khai-mac-le-hoi-24.html"),
    ("/tin//a.html", "`aliases` has an empty, `.` or `..` part; write the path as the browser "
                     "shows it, e.g. /tin-tuc/khai-mac-le-hoi-24.html"),
    ("/tin/%2e%2e/%2e%2e/x", "`aliases` has an empty, `.` or `..` part; write the path as the "
                             "browser shows it, e.g. /tin-tuc/khai-mac-le-hoi-24.html"),
    ("/a%FF.html", "`aliases` has percent-encoding that is not UTF-8 text; write the "
                   "letters themselves, e.g. /tag/lễ-hội"),
    ("/a%5Cb.html", "`aliases` holds `?`, `#`, `\\` or a control character once decoded, "
                    "which no file name on a web server may: write the path without it"),
    ("/" + "a" * 256 + ".html", "`aliases` has a part of over 255 bytes, longer than any "
                                "file name can be"),
])
def test_a_bad_alias_is_an_error_at_its_own_line(make_site, capsys, value, message) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        aliases=f'\n  - /tot.html\n  - "{value}"')})
    for command in ("check", "build"):
        assert site.run(command) == 1
        assert f"content/tin-tuc/a.md:8: error: {message}" in capsys.readouterr().err
    assert not site.exists("tot.html")


def test_every_bad_alias_of_a_file_is_reported(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(aliases='\n  - a.html\n  - b.html')})
    assert site.run("check") == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:7: error: `aliases` must be a path" in err
    assert "content/tin-tuc/a.md:8: error: `aliases` must be a path" in err


@pytest.mark.parametrize(("alias", "message"), [
    # another page's address, written with or without its final /
    ("/vi/tin-tuc/b", "the alias /vi/tin-tuc/b/ is the address of /vi/tin-tuc/b/ on this "
                      "site: an alias may only name an address nothing else has; delete it"),
    ("/vi/", "the alias /vi/ is the address of /vi/ on this site: an alias may only name an "
             "address nothing else has; delete it"),  # the home page
    ("/", "the alias / is the address of /index.html on this site: an alias may only name an "
          "address nothing else has; delete it"),  # the language chooser
    ("/sitemap.xml/", "the alias /sitemap.xml/ would need a file where the site has a folder, "
                      "or a folder where it has a file: delete it, or write it with or without "
                      "the final /"),
    ("/vi/tin-tuc.html/x.html", None),  # a folder no output has: fine
    ("/pagefind/old.html", "the alias /pagefind/old.html would need a file where the site has "
                           "a folder, or a folder where it has a file: delete it, or write it "
                           "with or without the final /"),  # the search index's folder
])
def test_an_alias_may_not_take_an_address_the_site_has(make_site, capsys, alias,
                                                       message) -> None:
    site = make_site({"content/tin-tuc/a.md": article(aliases=f"\n  - {alias}"),
                      "content/tin-tuc/b.md": article("B")})
    for command in ("check", "build"):
        assert site.run(command) == (1 if message else 0)
        err = capsys.readouterr().err
        if message:
            assert f"content/tin-tuc/a.md:7: error: {message}" in err
            assert "two outputs claim" not in err


def test_two_pages_with_one_alias_are_both_told(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article(aliases="\n  - /cu.html"),
                      "content/tin-tuc/b.md": article("B", aliases="\n  - /x.html\n  - /cu.html"),
                      "content/tin-tuc/c.md": article("C", aliases="\n  - /d/\n  - /d")})
    for command in ("check", "build"):
        assert site.run(command) == 1
        err = capsys.readouterr().err
        assert ("content/tin-tuc/b.md:8: error: the alias /cu.html is also an alias at "
                "content/tin-tuc/a.md:7: keep it on one page only") in err
        # the same folder written twice in one file: the second one is told
        assert ("content/tin-tuc/c.md:8: error: the alias /d/ is also an alias at "
                "content/tin-tuc/c.md:7: keep it on one page only") in err


def test_renaming_a_slug_with_an_alias_keeps_the_old_link(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    assert site.exists("vi/tin-tuc/a/index.html")
    site.write("content/tin-tuc/a.md", article(slug="bai-moi", aliases="[/vi/tin-tuc/a/]"))
    assert site.build() == 0  # incremental, over the last output
    assert _redirect_target(site.read("vi/tin-tuc/a/index.html"))[0] == "/vi/tin-tuc/bai-moi/"
    assert site.read("_redirects").splitlines()[1] == "/vi/tin-tuc/a/ /vi/tin-tuc/bai-moi/ 301!"
    site.write("content/tin-tuc/a.md", article("Tiêu đề mới", slug="bai-moi",
                                               aliases="[/vi/tin-tuc/a/]"))
    assert site.build() == 0  # the redirect page shows the page's title: made again
    assert "Tiêu đề mới" in site.read("vi/tin-tuc/a/index.html")
    site.write("content/tin-tuc/a.md", article("Tiêu đề mới", slug="bai-moi"))
    assert site.build() == 0
    assert not site.exists("vi/tin-tuc/a/index.html") and not site.exists("_redirects")


LISTS = article("Lễ hội", tags='["Lễ hội"]')


def test_old_addresses_of_lists_lead_to_the_sites_lists(make_site) -> None:
    """What no page stands for (a portal's category, tag, feed and module pages) is moved in
    content/aliases.toml, old address = the site's address."""
    site = make_site({
        "content/tin-tuc/a.md": LISTS,
        "content/aliases.toml": (
            "# old portal addresses of the lists\n"
            '"/tin-tuc/doi-ngoai/" = "/vi/chuyen-muc/doi-ngoai/"\n'
            '"/tin-tuc/tag/l%E1%BB%85-h%E1%BB%99i" = "/vi/the/le-hoi/"\n'
            '"/tin-tuc/rss/" = "/vi/atom.xml"\n'),
    }, config=MINIMAL_CONFIG + LISTING_NAMES)
    assert site.build() == 0
    rules = site.read("_redirects").splitlines()
    assert rules[1:] == [
        "/tin-tuc/doi-ngoai/ /vi/chuyen-muc/doi-ngoai/ 301!",
        "/tin-tuc/tag/l%E1%BB%85-h%E1%BB%99i/ /vi/the/le-hoi/ 301!",
        "/tin-tuc/rss/ /vi/atom.xml 301!"]
    target, canonical, noindex = _redirect_target(site.read("tin-tuc/tag/lễ-hội/index.html"))
    assert (target, canonical, noindex) == ("/vi/the/le-hoi/",
                                            "https://example.test/vi/the/le-hoi/", True)
    assert "/en/" not in site.read("tin-tuc/rss/index.html")
    # an edit to the file is a rebuild like any other
    site.write("content/aliases.toml", '"/tin-tuc/doi-ngoai/" = "/vi/tin-tuc/"\n')
    assert site.build() == 0
    assert _redirect_target(site.read("tin-tuc/doi-ngoai/index.html"))[0] == "/vi/tin-tuc/"
    assert not site.exists("tin-tuc/rss/index.html")


@pytest.mark.parametrize(("line", "message"), [
    ('"tin-tuc/x.html" = "/vi/"', "the old address 'tin-tuc/x.html' must be a path starting "
     "with /, e.g. /tin-tuc/khai-mac-le-hoi-24.html; got 'tin-tuc/x.html'"),
    ('"/x.html" = 3', 'the old address /x.html must lead to an address of this site, written '
     'as text: "/x.html" = "/vi/chuyen-muc/tin-hoat-dong/"'),
    ('"/vi/tin-tuc/" = "/vi/"', "the alias /vi/tin-tuc/ is the address of /vi/tin-tuc/ on this "
     "site: an alias may only name an address nothing else has; delete it"),
    ('"/cu.html" = "/vi/"', "the alias /cu.html is also an alias at content/tin-tuc/a.md:7: "
     "keep it on one page only"),
])
def test_a_bad_old_address_of_a_list_is_an_error_at_its_line(make_site, capsys, line,
                                                             message) -> None:
    site = make_site({"content/tin-tuc/a.md": article(aliases="\n  - /cu.html"),
                      "content/aliases.toml": f"# lists\n{line}\n"},
                     config=MINIMAL_CONFIG + LISTING_NAMES)
    for command in ("check", "build"):
        assert site.run(command) == 1
        assert f"content/aliases.toml:2: error: {message}" in capsys.readouterr().err


def test_an_old_address_leading_nowhere_is_left_out_with_a_warning(make_site, capsys) -> None:
    """A list with no published page yet (an imported category whose articles are all
    drafts), or a mistyped address: no redirect to a 404, a warning at its line."""
    site = make_site({"content/tin-tuc/a.md": LISTS,
                      "content/aliases.toml": '"/tin-tuc/rss/" = "/vi/feed.xml"\n'
                                              '"/tin-tuc/" = "/vi/tin-tuc/"\n'},
                     config=MINIMAL_CONFIG + LISTING_NAMES)
    warning = ("content/aliases.toml:1: warning: the old address /tin-tuc/rss/ leads to "
               "/vi/feed.xml, which this build does not have (a list with no published page "
               "yet, or a mistyped address): it is left out; write the address of a page, a "
               "list or a feed as the site shows it, e.g. /vi/tin-tuc/")
    assert site.run("check") == 0
    assert warning in capsys.readouterr().err
    assert site.run("check", "--strict") == 1
    capsys.readouterr()
    assert site.build() == 0
    assert warning in capsys.readouterr().err
    assert not site.exists("tin-tuc/rss/index.html")
    assert site.read("_redirects").splitlines()[1:] == ["/tin-tuc/ /vi/tin-tuc/ 301!"]
