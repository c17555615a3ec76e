"""The demo site's directives as a reader meets them: the district plan's chain and articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bantin.commands.cli import main
from tests.conftest import NOW, REPO


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-directives") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    return out


def _section(html: str, css_class: str) -> str:
    return html.split(f'class="{css_class}"', 1)[1].split("</section>", 1)[0]


def test_district_plan_shows_the_chain_above_it_and_the_articles_about_it(public) -> None:
    html = (public / "vi/van-ban/ke-hoach-94-kh-hu/index.html").read_text(encoding="utf-8")
    chain = _section(html, "directive-chain")
    numbers = re.findall(r'class="directive-number"[^>]*>([^<]+)<', chain)
    assert numbers[0] == "57-KL/TW" and numbers[-1] == "94-KH/HU"
    assert 'href="/vi/van-ban/ket-luan-57-kl-tw/"' in chain
    articles = re.findall(r'<h3><a href="([^"]+)"', _section(html, "directive-articles"))
    assert "/vi/tin-tuc/quan-triet-ket-luan-57/" in articles
    assert "/vi/tin-tuc/so-ket-mot-nam-ke-hoach-94/" in articles
    # newest first
    assert articles.index("/vi/tin-tuc/so-ket-mot-nam-ke-hoach-94/") < articles.index(
        "/vi/tin-tuc/quan-triet-ket-luan-57/")


def test_conclusion_57_is_carried_out_by_the_district_plan(public) -> None:
    for path, plan in (
            ("vi/van-ban/ket-luan-57-kl-tw/index.html", "/vi/van-ban/ke-hoach-94-kh-hu/"),
            ("en/documents/ket-luan-57-kl-tw/index.html", "/en/documents/ke-hoach-94-kh-hu/")):
        html = (public / path).read_text(encoding="utf-8")
        assert f'href="{plan}"' in _section(html, "directive-children")


def test_article_links_its_front_matter_and_text_only_directives(public) -> None:
    html = (public / "vi/tin-tuc/quan-triet-ket-luan-57/index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" class="directive-link"[^>]*>([^<]+)</a>', html))
    assert links.get("/vi/van-ban/nghi-quyet-34-nq-tw/") == "34-NQ/TW"  # only in the text
    box = re.findall(r'class="directive-number" href="([^"]+)"',
                     _section(html, "related-documents"))
    assert box[:2] == ["/vi/van-ban/ket-luan-57-kl-tw/", "/vi/van-ban/ke-hoach-94-kh-hu/"]
    assert "/vi/van-ban/nghi-quyet-34-nq-tw/" in box


def test_documents_index_lists_every_demo_directive_in_each_language(public) -> None:
    for path in ("vi/van-ban/index.html", "en/documents/index.html"):
        html = (public / path).read_text(encoding="utf-8")
        for number in ("57-KL/TW", "94-KH/HU", "34-NQ/TW", "16-KL/TW", "12-KL/TW", "03-QC/TU"):
            assert f">{number}</a>" in html, (path, number)
