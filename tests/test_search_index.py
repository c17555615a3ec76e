"""The search index: exactly the published pages, per language, words with đ searchable
without marks, and only the languages whose pages changed indexed again."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

from bantin.rendering.folding import folded_words
from tests.conftest import article


def indexed(out: Path) -> dict[str, dict[str, object]]:
    """Every record in the built Pagefind bundle, by URL (fragments are gzipped JSON)."""
    records = {}
    for path in sorted((out / "pagefind").glob("**/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = {**record, "language": path.name.split("_")[0]}
    return records


def bundle_files(out: Path, lang: str) -> dict[str, tuple[int, int]]:
    """A language's own files in the bundle, with (inode, mtime): whether each was written."""
    found = {}
    for path in sorted((out / "pagefind").rglob("*")):
        if path.is_file() and (path.name.startswith(f"{lang}_") or f".{lang}_" in path.name):
            stat = path.stat()
            found[path.relative_to(out).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def test_only_published_pages_are_indexed_per_language(make_site) -> None:
    site = make_site({
        "content/tin-tuc/cong-bo.md": article("Gò Công Tây công bố", body="Nội dung công bố."),
        "content/tin-tuc/cong-bo.en.md": '---\ntitle: "Published"\n---\nPublished text.\n',
        "content/tin-tuc/nhap.md": article("Bản nháp bí mật", draft="true"),
        "content/tin-tuc/noi-bo.md": article("Tin nội bộ bí mật", internal="true"),
        "content/tin-tuc/sap-dang.md": article("Tin hẹn giờ bí mật", date="2030-01-01 08:00"),
        "content/tin-tuc/het-han.md": article("Tin hết hạn bí mật", expires="2024-01-01 08:00"),
        "content/van-ban/kl-57.md": '---\nnumber: 57-KL/TW\ntitle: "Kết luận"\n'
                                    'issuer: Bộ Chính trị\ndate: 2023-06-15\n---\n',
    })
    assert site.build() == 0
    records = indexed(site.root / "public")
    pages = {url: r["language"] for url, r in records.items()}
    assert pages == {"/vi/tin-tuc/cong-bo/": "vi", "/en/news/cong-bo/": "en",
                     "/vi/van-ban/kl-57/": "vi"}
    everything = json.dumps(records, ensure_ascii=False)
    assert "bí mật" not in everything and "bi mat" not in everything
    # Listings, homes, 404s and the search page are never results.
    assert "Tin tức" not in " ".join(str(r["meta"]) for r in records.values())
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    assert sorted(entry["languages"]) == ["en", "vi"]
    assert not site.exists("pagefind/pagefind-ui.js")  # the search page has its own


def test_words_with_d_stroke_are_searchable_without_marks_but_never_shown(make_site) -> None:
    site = make_site({
        "content/tin-tuc/doi-ngoai.md": article("Công tác đối ngoại",
                                                body="Đường làng Gò Công, (Đảng).",
                                                summary='"Đón đoàn."'),
        "content/tin-tuc/khong-co.md": article("Gò Công Tây", body="Không có chữ ấy.",
                                               category="van-hoa-du-lich"),
        "content/van-ban/hd-06.md": '---\nnumber: 06-HD/ĐUK\ntitle: "Hướng dẫn"\n'
                                    'issuer: Đảng ủy Khối\ndate: 2023-06-15\n---\n',
    })
    assert site.build() == 0
    records = indexed(site.root / "public")
    page = records["/vi/tin-tuc/doi-ngoai/"]
    # Searched (Pagefind searches metadata): each word with a đ once, without marks ...
    assert page["meta"]["folded"] == "dang doan doi don duong"
    # ... while the text, which excerpts are cut from, stays as written, and is all there is:
    # one record per page, no copy of the text without marks.
    assert "Công tác đối ngoại" in page["content"] and "Đường làng Gò Công" in page["content"]
    assert "doi ngoai" not in page["content"].lower()
    assert len(records) == 3
    # Tones alone are folded by Pagefind itself: nothing added without a đ.
    assert "folded" not in records["/vi/tin-tuc/khong-co/"]["meta"]
    # A document's number and issuer are searched without marks too.
    assert records["/vi/van-ban/hd-06/"]["meta"]["folded"] == "06-hd/duk dang"


def test_folded_words_come_from_the_text_not_the_markup() -> None:
    assert folded_words("Đường", '<p title="đích">Đoạn <em>một</em>, (Đảng).</p>', None, "") \
        == "dang doan duong"
    assert folded_words("Gò Công Tây", "<p>Không dấu, đ&#7855;t &amp; nước</p>") == "dat"


def test_index_leaves_out_site_chrome_and_rating(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(
        "Tiêu đề bài", body="Đoạn một.\n\nĐoạn hai.\n", rating="{points: 5, votes: 1}")})
    assert site.build() == 0
    html = site.read("vi/tin-tuc/a/index.html")
    assert "Bản tin thử" in html and 'class="rating' in html  # on the page ...
    content = indexed(site.root / "public")["/vi/tin-tuc/a/"]["content"]
    assert content.startswith("Tiêu đề bài") and "Đoạn một. Đoạn hai." in content
    assert "Bản tin thử" not in content and "đánh giá" not in content.lower()  # ... not searched


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    out = site.root / "public"
    pages = [p for p in sorted(out.rglob("*.html")) if p.relative_to(out).as_posix()
             != "index.html"]  # the language chooser at / has no language to search in
    assert len(pages) >= 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        form = re.search(r'<form class="search-form" role="search" action="([^"]+)" '
                         r'method="get"', html)
        assert form and form.group(1) == f"/{lang}/search/", path
        field = re.search(r'<input type="search" id="([\w-]+)" name="q"', html)
        assert field and f'<label for="{field.group(1)}"' in html, path


def test_search_page_url_is_configured_per_language(make_site) -> None:
    from tests.conftest import MINIMAL_CONFIG

    config = MINIMAL_CONFIG + '\n[search]\nurl = { vi = "tim-kiem", en = "search" }\n'
    site = make_site({"content/tin-tuc/a.md": article()}, config=config)
    assert site.build() == 0
    vi = site.read("vi/tim-kiem/index.html")
    assert 'action="/vi/tim-kiem/"' in vi and '<meta name="robots" content="noindex">' in vi
    assert 'href="/en/search/"' in vi  # the language switcher
    assert 'action="/en/search/"' in site.read("en/news/index.html")


def test_search_index_is_byte_identical_across_builds(make_site, tmp_path) -> None:
    files = {"content/tin-tuc/a.md": article("Đối ngoại"),
             "content/tin-tuc/a.en.md": '---\ntitle: "Foreign"\n---\nText.\n',
             "content/tin-tuc/b.md": article("Gò Công")}
    site = make_site(files)
    assert site.build() == 0
    first = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    (site.root / "public").rename(tmp_path / "before")  # the next build starts afresh
    assert site.build() == 0
    second = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    assert first == second and len(first) > 5


def _two_language_site(make_site):
    return make_site({
        "content/tin-tuc/a.md": article("Bài A", body="Đoạn văn của bài A.\n"),
        "content/tin-tuc/a.en.md": '---\ntitle: "Article A"\n---\nText of article A.\n',
        "content/tin-tuc/b.md": article("Bài B", body="Nội dung bài B.\n"),
        "content/tin-tuc/b.en.md": '---\ntitle: "Article B"\n---\nText of article B.\n',
    })


def test_an_edited_article_indexes_only_its_language_again(make_site, tmp_path,
                                                          monkeypatch) -> None:
    site = _two_language_site(make_site)
    assert site.run("translations", "--stamp", "content/tin-tuc/b.en.md") == 0
    assert site.build() == 0
    assert "banner-stale" not in site.read("en/news/b/index.html")
    out = site.root / "public"
    english, vietnamese = bundle_files(out, "en"), bundle_files(out, "vi")
    assert english and vietnamese
    timings = tmp_path / "timings.json"
    monkeypatch.setenv("BANTIN_TIMINGS", str(timings))
    source = site.root / "content/tin-tuc/b.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Nội dung", "Nội dung mới"),
                      encoding="utf-8")
    assert site.build() == 0
    assert json.loads(timings.read_text())["search_pages"] == 2  # the two Vietnamese articles
    # The translation now says it may be out of date, above its text: not a word to search.
    assert "banner-stale" in site.read("en/news/b/index.html")
    assert bundle_files(out, "en") == english  # not one English file written again
    assert bundle_files(out, "vi") != vietnamese
    assert "Nội dung mới" in indexed(out)["/vi/tin-tuc/b/"]["content"]
    # The same bundle, byte for byte, as a clean build of the edited site makes.
    kept = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    os.rename(out, tmp_path / "before")
    assert site.build() == 0
    assert {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")} == kept

    # No page to search changed (a listing did): Pagefind is not even started.
    listing = site.root / "layouts/list.html"
    listing.write_text(listing.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    assert site.build() == 0
    assert json.loads(timings.read_text())["search_pages"] == 0


def test_a_withdrawn_page_leaves_the_index_of_an_incremental_build(make_site) -> None:
    site = _two_language_site(make_site)
    assert site.build() == 0
    out = site.root / "public"
    vietnamese = bundle_files(out, "vi")
    site.write("content/tin-tuc/a.en.md",
               '---\ntitle: "Article A"\ninternal: true\n---\nText of article A.\n')
    assert site.build() == 0
    assert set(indexed(out)) == {"/vi/tin-tuc/a/", "/vi/tin-tuc/b/", "/en/news/b/"}
    assert "Text of article A" not in json.dumps(indexed(out))
    assert bundle_files(out, "vi") == vietnamese
    # The last page of a language gone: that language's files go with it.
    (site.root / "content/tin-tuc/b.en.md").unlink()
    site.write("content/tin-tuc/a.en.md",
               '---\ntitle: "Article A"\ndraft: true\n---\nText of article A.\n')
    assert site.build() == 0
    assert set(indexed(out)) == {"/vi/tin-tuc/a/", "/vi/tin-tuc/b/"}
    assert bundle_files(out, "en") == {}
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    assert list(entry["languages"]) == ["vi"]


def test_an_index_left_out_by_a_build_is_made_again(make_site) -> None:
    site = _two_language_site(make_site)
    assert site.build() == 0
    assert site.build("--no-search") == 0
    assert not site.exists("pagefind/pagefind.js")
    assert site.build() == 0
    assert set(indexed(site.root / "public")) == {"/vi/tin-tuc/a/", "/vi/tin-tuc/b/",
                                                  "/en/news/a/", "/en/news/b/"}


def test_shards_are_cut_by_language_in_publication_order(tmp_path) -> None:
    from bantin.rendering.search import IndexedPage, shards_of

    def page(url: str, lang: str, published: str) -> IndexedPage:
        return IndexedPage(url, lang, tmp_path, "", published)

    pages = [page("/vi/c/", "vi", "2024-01-02T00:00:00+00:00"),
             page("/vi/gioi-thieu/", "vi", ""),  # no date: first
             page("/vi/a/", "vi", "2023-05-01T00:00:00+00:00"),
             page("/en/a/", "en", "2023-05-01T00:00:00+00:00"),
             page("/vi/b/", "vi", "2023-05-01T00:00:00+00:00")]
    shards = shards_of(pages, 2)
    assert {key: [p.url for p in group] for key, group in shards.items()} == {
        "en": ["/en/a/"], "vi": ["/vi/gioi-thieu/", "/vi/a/"], "vi-x-1": ["/vi/b/", "/vi/c/"]}



def test_a_few_newest_pages_join_the_shard_before_them(tmp_path) -> None:
    """A shard of a few pages ranks by statistics of its own (issue 28): the leftover
    pages join the last full shard when they are fewer than half a shard."""
    from bantin.rendering.search import IndexedPage, shards_of

    def sizes(count: int, size: int) -> list[int]:
        pages = [IndexedPage(f"/vi/{n:03}/", "vi", tmp_path, "",
                             f"2024-01-01T00:{n:03}+00:00") for n in range(count)]
        shards = shards_of(pages, size)
        assert [p for group in shards.values() for p in group] == pages  # order kept
        return [len(group) for group in shards.values()]

    assert sizes(10, 4) == [4, 4, 2]  # two left over: half of 4, their own shard
    assert sizes(9, 4) == [4, 5]
    assert sizes(11, 4) == [4, 4, 3]
    assert sizes(12, 4) == [4, 4, 4]
    assert sizes(3, 4) == [3]  # a language's only shard, however small
    assert sizes(101, 20) == [20, 20, 20, 20, 21]

def _dated_site(make_site, count: int):
    return make_site({f"content/tin-tuc/bai-{n}.md": article(
        f"Bài số {n}", body=f"Nội dung riêng của bài {n}.\n", date=f"2023-0{n}-01 08:00")
        for n in range(1, count + 1)})


def _metas(out: Path) -> set[str]:
    return {path.relative_to(out).as_posix()
            for path in (out / "pagefind").glob("**/pagefind.vi_*.pf_meta")}


def test_an_edit_indexes_only_its_shard_and_a_new_article_only_the_last(
        make_site, tmp_path, monkeypatch) -> None:
    from bantin.rendering import search

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    site = _dated_site(make_site, 5)
    assert site.build() == 0
    out = site.root / "public"
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    # Three shards of at most two pages; the first counts the language's five pages, so that
    # Pagefind, on a page whose language has no index, picks the largest language. The
    # others each in a folder of their own, with their own entry.
    assert list(entry["languages"]) == ["vi"] and entry["languages"]["vi"]["page_count"] == 5
    assert entry["bantin"]["vi"]["shards"] == ["vi-x-1", "vi-x-2"]
    assert [json.loads(site.read(f"pagefind/{key}/pagefind-entry.json"))["languages"]["vi"][
        "page_count"] for key in ("vi-x-1", "vi-x-2")] == [2, 1]
    before = _metas(out)
    assert len(before) == 3
    timings = tmp_path / "timings.json"
    monkeypatch.setenv("BANTIN_TIMINGS", str(timings))
    # The oldest article edited: its shard alone is indexed again.
    site.write("content/tin-tuc/bai-1.md", article("Bài số 1", body="Nội dung đã sửa.\n",
                                                    date="2023-01-01 08:00"))
    assert site.build() == 0
    assert json.loads(timings.read_text())["search_pages"] == 2
    assert len(_metas(out) & before) == 2
    assert "Nội dung đã sửa" in indexed(out)["/vi/tin-tuc/bai-1/"]["content"]
    # A new article, the newest: the last shard alone.
    before = _metas(out)
    site.write("content/tin-tuc/bai-6.md", article("Bài số 6", date="2023-06-01 08:00"))
    assert site.build() == 0
    assert json.loads(timings.read_text())["search_pages"] == 2
    assert len(_metas(out) & before) == 2 and len(_metas(out)) == 3
    assert len(indexed(out)) == 6
    # The same bundle, byte for byte, as a clean build of the edited site makes.
    kept = {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")}
    os.rename(out, tmp_path / "before")
    assert site.build() == 0
    assert {k: v for k, v in site.output_files().items() if k.startswith("pagefind/")} == kept


def test_a_thousand_pages_a_shard_unless_the_build_environment_says_otherwise(
        make_site, monkeypatch) -> None:
    """Shards of 1,000 pages by default: a site of up to 1,499 pages a language has one
    index; BANTIN_SEARCH_SHARD_PAGES sets another size, 0 one index per language whatever
    its size (docs/readers-site.md)."""
    from bantin.rendering import search

    pages = [search.IndexedPage(f"/vi/{n:04}/", "vi", Path("."), "", f"2024-{n:04}")
             for n in range(1499)]
    assert search.shard_pages() == 1000
    assert [len(g) for g in search.shards_of(pages, search.shard_pages()).values()] == [1499]
    assert [len(g) for g in search.shards_of(pages + pages[:1], 1000).values()] == [1000, 500]
    site = _dated_site(make_site, 5)
    assert site.build() == 0
    assert sorted(json.loads(site.read("pagefind/pagefind-entry.json"))["languages"]) == ["vi"]
    monkeypatch.setenv("BANTIN_SEARCH_SHARD_PAGES", "2")  # nothing else changed
    assert site.build() == 0
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    assert entry["bantin"]["vi"]["shards"] == ["vi-x-1", "vi-x-2"]
    monkeypatch.setenv("BANTIN_SEARCH_SHARD_PAGES", "0")
    assert search.shard_pages() == 0
    assert site.build() == 0
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    assert "bantin" not in entry and list(entry["languages"]) == ["vi"]
    assert not site.exists("pagefind/vi-x-1/pagefind-entry.json")


def test_a_language_in_shards_has_the_file_its_search_page_ranks_by(
        make_site, monkeypatch) -> None:
    """The search page ranks the shards' results as one index would from each shard's page
    count and which pages it has, by the names Pagefind gives them in results (its
    fragments): a language in one shard needs none."""
    site = _dated_site(make_site, 5)
    assert site.build() == 0
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    assert "bantin" not in entry
    assert not list((site.root / "public" / "pagefind").glob("ranking-*"))

    monkeypatch.setenv("BANTIN_SEARCH_SHARD_PAGES", "2")
    assert site.build() == 0
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    name = entry["bantin"]["vi"]["ranking"]
    assert re.fullmatch(r"ranking-vi-[0-9a-f]{12}\.json", name)
    shards = json.loads(site.read(f"pagefind/{name}"))["shards"]
    assert sorted(shards) == ["vi", "vi-x-1", "vi-x-2"]
    assert [shards[key]["pages"] for key in ("vi", "vi-x-1", "vi-x-2")] == [2, 2, 1]
    bundle = site.root / "public" / "pagefind"
    for key, folder in (("vi", bundle), ("vi-x-1", bundle / "vi-x-1"),
                        ("vi-x-2", bundle / "vi-x-2")):
        ids = shards[key]["ids"].split(" ")
        fragments = folder / "fragment"
        assert sorted(ids) == sorted(path.stem for path in fragments.glob("vi_*.pf_fragment"))
    oldest = shards["vi"]["ids"].split()
    pages = {json.loads(gzip.decompress((bundle / "fragment" / f"{id_}.pf_fragment")
                                        .read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
             for id_ in oldest}
    assert pages == {"/vi/tin-tuc/bai-1/", "/vi/tin-tuc/bai-2/"}  # the oldest two
    # a merged shard has no copy of Pagefind's script or WebAssembly
    assert not list((bundle / "vi-x-1").glob("*.js")) + list((bundle / "vi-x-1").glob("wasm*"))
