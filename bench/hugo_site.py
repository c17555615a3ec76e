"""The Hugo site the benchmark measures Bantin against: the same articles, comparable templates.

Issue 16 measures Bantin against "Hugo with comparable templates (paginated section, tag,
category and author lists, RSS, sitemap, related articles)". So this site has what Bantin's
has, done the way a Hugo site does it:

- the same articles in Vietnamese and English (translations by file name), their tags on the
  Vietnamese side only (as in Bantin, where tags are Vietnamese words);
- taxonomies for categories, authors, years, tags and the directives articles mention (a
  directive's term page carries its text, as Bantin's directive page does, and lists the
  articles mentioning it); every section and term list paginated with Bantin's page size
  (config.toml [listings] per_page);
- an RSS feed per language, section and term (20 items, summaries), a sitemap per language;
- on each article: breadcrumbs, the language switcher, JSON-LD (NewsArticle and
  BreadcrumbList), Open Graph, share links, the rating form, newer and older, and five
  related articles (`.Site.RegularPages.Related`, on tags, category and date, asked once
  for each tags, category and year, as they are all it depends on: `RELATED`);
- every list's pager as Bantin's: a window of pages, not a link to each (`PAGINATION`);
- a base template with a header (locality, language switcher, emblem, search form, menu) and
  a footer (the agency, person in charge, licence, address, contacts, links: config.toml
  [identity]) of the weight of Bantin's, strings from i18n files, the repository's CSS
  fingerprinted by Hugo's asset pipeline;
- articles and directive pages marked `data-pagefind-body`, as Bantin's are, so that
  `pagefind --site` indexes the same pages of both.

Beside it, `write_hugo_typical` writes the Hugo site a typical news or blog theme makes of
the same articles (issue 28: "the Hugo site that matches a typical Hugo news site"), after
PaperMod, one of the most used Hugo themes, with its defaults: the section paginated, tags
and categories (no author, year or directive pages), RSS for the home pages and the section,
the sitemaps, a base template with a header, menu and footer, and on each article its
title, date and reading time, the other language, the body, tags and the previous and next
article; Hugo's own Open Graph and Twitter cards and a BlogPosting JSON-LD. No related
articles: PaperMod lists none (Ananke lists fifteen; the site above measures that cost).
It reads the site above's content folder through a module mount, leaving out its authors,
years and directives, so that both build the very same article files.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")


@dataclass
class Side:
    """One language's version of an article."""

    title: str
    summary: str
    body: str


@dataclass
class HugoArticle:
    name: str
    when: datetime
    author: str
    category: str
    tags: list[str]
    directives: list[str]  # the directives' file names (vb-57-kl-tw), Hugo term keys
    points: int
    votes: int
    sides: dict[str, Side] = field(default_factory=dict)


@dataclass
class HugoDirective:
    name: str
    title: str
    body: str


@dataclass
class HugoAuthor:
    name: str  # the id (tran-thi-mai)
    full_name: str
    role: dict[str, str]


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _language_head(code: str, language: dict[str, Any], weight: int) -> list[str]:
    """A language's table in a Hugo site's config, as both Hugo sites begin it."""
    return [f"[languages.{code}]",
            f"  label = {_q(language['name'])}",
            f"  locale = {_q(code)}",
            f"  weight = {weight}",
            f"  title = {_q(language['title'])}",
            f"[languages.{code}.params]",
            f"  description = {_q(language['description'])}"]


def _assets_and_strings(root: Path, repo: Path, assets: tuple[str, ...],
                        strings: dict[str, dict[str, str]]) -> None:
    """A Hugo site's copies of the repository's ASSETS (paths under assets/) and its i18n
    files, one per language, from STRINGS."""
    for name in assets:
        (root / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / "assets" / name, root / "assets" / name)
    (root / "i18n").mkdir()
    for lang, texts in strings.items():
        (root / "i18n" / f"{lang}.toml").write_text(
            "".join(f"{key} = {_q(value)}\n" for key, value in texts.items()),
            encoding="utf-8")


def _front(pairs: dict[str, str]) -> str:
    return "+++\n" + "\n".join(f"{key} = {value}" for key, value in pairs.items()) + "\n+++\n"


TAXONOMIES = ("categories", "authors", "years", "tags", "directives")


def _titles(settings: dict) -> dict[str, dict[str, str]]:  # type: ignore[type-arg]
    """The titles of the home page, the news section and the taxonomies, per language."""
    sections = settings.get("sections", {})
    return {"": {"vi": "Trang chủ", "en": "Home"},
            "tin-tuc": sections.get("tin-tuc", {}).get("title", {"vi": "Tin tức", "en": "News"}),
            "categories": {"vi": "Chuyên mục", "en": "Categories"},
            "authors": {"vi": "Tác giả", "en": "Authors"},
            "years": {"vi": "Năm", "en": "Years"},
            "tags": {"vi": "Từ khóa", "en": "Tags"},
            "directives": sections.get("van-ban", {}).get("title",
                                                          {"vi": "Văn bản", "en": "Documents"})}


def _config(settings: dict) -> str:  # type: ignore[type-arg]
    per_page = settings.get("listings", {}).get("per_page", 10)
    identity = settings.get("identity", {})
    lines = [
        f"baseURL = {_q(settings['base_url'].rstrip('/') + '/')}",
        'defaultContentLanguage = "vi"',
        "defaultContentLanguageInSubdir = true",
        "removePathAccents = true",
        "capitalizeListTitles = false",
        "pluralizeListTitles = false",
        'disableKinds = ["robotsTXT"]',
        "",
        "[pagination]",
        f"  pagerSize = {per_page}",
        "  disableAliases = true",
        "[services.rss]",
        "  limit = 20",
        "[taxonomies]",
        '  category = "categories"',
        '  author = "authors"',
        '  year = "years"',
        '  tag = "tags"',
        '  directive = "directives"',
        "[outputs]",
        '  home = ["html", "rss"]',
        '  section = ["html", "rss"]',
        '  taxonomy = ["html"]',
        '  term = ["html", "rss"]',
        '  page = ["html"]',
        "[related]",
        "  includeNewer = true",
        "  threshold = 1",
        "  toLower = false",
        "  [[related.indices]]",
        '    name = "tags"',
        "    weight = 100",
        "  [[related.indices]]",
        '    name = "categories"',
        "    weight = 60",
        "  [[related.indices]]",
        '    name = "date"',
        "    weight = 10",
        "[markup.goldmark.renderer]",
        "  unsafe = false",
        "[markup.goldmark.extensions]",
        "  footnote = true",
        "  table = true",
        "  strikethrough = true",
        "[params]",
        f"  email = {_q(identity.get('email', ''))}",
    ]
    for weight, language in enumerate(settings["languages"], start=1):
        code = language["code"]
        if code not in LANGUAGES:
            continue
        lines += _language_head(code, language, weight) + [
            f"  locality = {_q(language['locality'])}",
        ]
        for key in ("agency", "in_charge", "licence", "address", "phone"):
            value = identity.get(key, {})
            text = value.get(code, "") if isinstance(value, dict) else value
            lines.append(f"  {key} = {_q(text)}")
        lines += _menus(code, _titles(settings))
    return "\n".join(lines) + "\n"


def _menus(code: str, titles: dict[str, dict[str, str]]) -> list[str]:
    """The header's and footer's menus: pages by reference, as a Hugo site names them (a
    `range site.Sections` in every page's header costs Hugo more than the page itself)."""
    lines = []
    for menu, names in (("main", ["", "tin-tuc", "categories", "authors", "years", "tags",
                                  "directives"]),
                        ("footer", ["tin-tuc", "categories", "directives"])):
        for weight, name in enumerate(names, start=1):
            lines += [f"[[languages.{code}.menus.{menu}]]",
                      f"  name = {_q(titles[name][code])}",
                      f"  pageRef = {_q('/' + name)}",
                      f"  weight = {weight}"]
    return lines


I18N = {
    "vi": {
        "skip": "Chuyển đến nội dung", "home": "Trang chủ", "news": "Tin tức",
        "search": "Tìm kiếm", "search_label": "Tìm trong bản tin", "menu": "Trình đơn",
        "close_menu": "Đóng trình đơn", "languages": "Ngôn ngữ", "category": "Chuyên mục",
        "author": "Tác giả", "tags": "Từ khóa", "address_of_page": "Địa chỉ trang",
        "related": "Bài liên quan", "newer": "Mới hơn", "older": "Cũ hơn",
        "latest": "Tin mới nhất", "rate": "Đánh giá bài viết", "your_rating": "Đánh giá của bạn",
        "send_rating": "Gửi đánh giá", "rated": "Xếp hạng {{ .stars }} trên 5",
        "by_readers": "qua {{ .votes }} lượt đánh giá",
        "thanks": "Cảm ơn bạn: đánh giá được tính ở lần cập nhật sau của bản tin.",
        "privacy": "Chỉ số sao được lưu, không lưu ai đã đánh giá.",
        "agency": "Cơ quan chủ quản", "in_charge": "Người chịu trách nhiệm",
        "licence": "Giấy phép", "address": "Địa chỉ", "phone": "Điện thoại",
        "email": "Thư điện tử", "feed": "Tin RSS", "pages": "Trang",
        "previous": "Trang trước", "next": "Trang sau", "share": "Chia sẻ",
        "copy": "Sao chép liên kết", "print": "In",
        "cite": "Đề nghị ghi rõ nguồn khi phát hành lại thông tin từ bản tin này.",
        "not_found": "Không tìm thấy trang",
    },
    "en": {
        "skip": "Skip to content", "home": "Home", "news": "News", "search": "Search",
        "search_label": "Search the bulletin", "menu": "Menu", "close_menu": "Close menu",
        "languages": "Languages", "category": "Category", "author": "Author",
        "tags": "Tags", "address_of_page": "Address of this page",
        "related": "Related articles", "newer": "Newer", "older": "Older",
        "latest": "Latest news", "rate": "Rate this article", "your_rating": "Your rating",
        "send_rating": "Send rating", "rated": "Rated {{ .stars }} out of 5",
        "by_readers": "by {{ .votes }} readers",
        "thanks": "Thank you: your rating is counted at the next update of the bulletin.",
        "privacy": "Only the stars you give are kept, never who gave them.",
        "agency": "Responsible agency", "in_charge": "Person in charge",
        "licence": "Licence", "address": "Address", "phone": "Phone", "email": "E-mail",
        "feed": "RSS feed", "pages": "Pages", "previous": "Previous page",
        "next": "Next page", "share": "Share", "copy": "Copy link", "print": "Print",
        "cite": "Please cite this bulletin as the source when you republish its information.",
        "not_found": "Page not found",
    },
}

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}\
{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">
{{ end }}
{{ $css := resources.Get "css/main.css" | fingerprint }}\
<link rel="stylesheet" href="{{ $css.RelPermalink }}">
{{ $print := resources.Get "css/print.css" | fingerprint }}\
<link rel="stylesheet" href="{{ $print.RelPermalink }}" media="print">
{{ $emblem := resources.Get "icons/emblem.svg" | fingerprint }}\
<link rel="icon" href="{{ $emblem.RelPermalink }}" type="image/svg+xml">
<meta name="theme-color" content="#a3120f">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" \
type="application/rss+xml" title="{{ site.Title }}" href="{{ .Permalink }}">{{ end }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .Permalink }}">{{ end }}
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }}">
{{ block "head" . }}{{ end }}
{{ partial "breadcrumbs-ld.html" . }}
</head>
<body>
<a class="skip-link" href="#main">{{ T "skip" }}</a>
<header class="site-header">
  <div class="topbar"><div class="wrap topbar-inner">
    <p class="site-locality">{{ site.Params.locality }}</p>
    <nav class="languages" aria-label="{{ T "languages" }}"><ul>
    {{ range .AllTranslations }}{{ if eq .Language.Lang site.Language.Lang }}\
<li><span aria-current="true" lang="{{ .Language.Lang }}">{{ .Language.Label }}</span></li>\
{{ else }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" \
lang="{{ .Language.Lang }}" rel="alternate">{{ .Language.Label }}</a></li>{{ end }}{{ end }}
    </ul></nav>
  </div></div>
  <div class="masthead"><div class="wrap masthead-inner">
    <p class="brand"><a href="{{ site.Home.RelPermalink }}"><img class="emblem" \
src="{{ $emblem.RelPermalink }}" alt="" width="64" height="64">\
<span class="site-title">{{ site.Title }}</span></a></p>
    <form class="search-form" role="search" action="{{ site.Home.RelPermalink }}search/" \
method="get">
      <label for="site-search" class="visually-hidden">{{ T "search_label" }}</label>
      <input type="search" id="site-search" name="q" autocomplete="off" spellcheck="false">
      <button type="submit">{{ T "search" }}</button>
    </form>
    <a class="menu-toggle" href="#menu"><span class="menu-icon" aria-hidden="true"></span>\
<span class="menu-label">{{ T "menu" }}</span></a>
  </div></div>
  <nav id="menu" class="site-nav" aria-label="{{ T "menu" }}"><div class="wrap site-nav-inner">
    <ul class="menu-list">
      {{ range site.Menus.main }}<li><a href="{{ .URL }}"\
{{ if $.IsMenuCurrent "main" . }} class="active"{{ end }}>{{ .Name }}</a></li>{{ end }}
    </ul>
    <a class="menu-close" href="#main">{{ T "close_menu" }}</a>
  </div></nav>
</header>
<main id="main" class="wrap">
{{ partial "breadcrumbs.html" . }}
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap footer-grid">
    <div class="footer-identity">
      <p class="footer-title"><img class="emblem" src="{{ $emblem.RelPermalink }}" alt="" \
width="40" height="40" loading="lazy"><span>{{ site.Title }}</span></p>
      <p><span class="footer-label">{{ T "agency" }}:</span> {{ site.Params.agency }}</p>
      <p><span class="footer-label">{{ T "in_charge" }}:</span> {{ site.Params.in_charge }}</p>
      <p><span class="footer-label">{{ T "licence" }}:</span> {{ site.Params.licence }}</p>
    </div>
    <div class="footer-contact">
      <p><span class="footer-label">{{ T "address" }}:</span> {{ site.Params.address }}</p>
      <p><span class="footer-label">{{ T "phone" }}:</span> <a href="tel:\
{{ replace site.Params.phone " " "" }}">{{ site.Params.phone }}</a></p>
      <p><span class="footer-label">{{ T "email" }}:</span> <a href="mailto:\
{{ site.Params.email }}">{{ site.Params.email }}</a></p>
    </div>
    <nav class="footer-links"><ul>
      {{ range site.Menus.footer }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}
      {{ with site.Home.OutputFormats.Get "rss" }}<li><a href="{{ .RelPermalink }}" \
type="application/rss+xml">{{ T "feed" }}</a></li>{{ end }}
    </ul></nav>
  </div>
  <div class="footer-note"><div class="wrap"><p>{{ T "cite" }}</p></div></div>
</footer>
</body>
</html>
"""

# Home > section or taxonomy > (the article's category) > this page.
BREADCRUMBS = """\
{{ if not .IsHome }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">\
{{ if .IsHome }}{{ T "home" }}{{ else }}{{ .LinkTitle }}{{ end }}</a></li>{{ end }}
{{ if .IsPage }}{{ range first 1 (.GetTerms "categories") }}<li><a \
href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ end }}
<li><span aria-current="page">{{ .LinkTitle }}</span></li>
</ol></nav>
{{ end }}
"""

BREADCRUMBS_LD = """\
{{ if not .IsHome }}
{{ $items := slice }}{{ $position := 0 }}
{{ range .Ancestors.Reverse }}{{ $position = add $position 1 }}\
{{ $items = $items | append (dict "@type" "ListItem" "position" $position \
"name" (cond .IsHome (T "home") .LinkTitle) "item" .Permalink) }}{{ end }}
{{ if .IsPage }}{{ range first 1 (.GetTerms "categories") }}{{ $position = add $position 1 }}\
{{ $items = $items | append (dict "@type" "ListItem" "position" $position \
"name" .LinkTitle "item" .Permalink) }}{{ end }}{{ end }}
{{ $items = $items | append (dict "@type" "ListItem" "position" (add $position 1) \
"name" .LinkTitle "item" .Permalink) }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" \
"@type" "BreadcrumbList" "itemListElement" $items | jsonify | safeJS }}</script>
{{ end }}
"""

SINGLE = """\
{{ define "head" }}
{{ $author := index (.GetTerms "authors") 0 }}\
{{ $category := index (.GetTerms "categories") 0 }}
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
<meta property="article:section" content="{{ $category.LinkTitle }}">
{{ $ld := dict "@context" "https://schema.org" "@type" "NewsArticle" \
"headline" .Title "description" .Params.summary "inLanguage" site.Language.Lang \
"datePublished" (.Date.Format "2006-01-02T15:04:05-07:00") \
"dateModified" (.Lastmod.Format "2006-01-02T15:04:05-07:00") \
"articleSection" $category.LinkTitle "url" .Permalink \
"mainEntityOfPage" (dict "@type" "WebPage" "@id" .Permalink) \
"author" (dict "@type" "Person" "name" $author.LinkTitle "jobTitle" $author.Params.role) \
"publisher" (dict "@type" "Organization" "name" site.Title "url" site.Home.Permalink) \
"aggregateRating" (dict "@type" "AggregateRating" "ratingCount" .Params.rating.votes \
"ratingValue" (div (float .Params.rating.points) .Params.rating.votes) \
"bestRating" 5 "worstRating" 1) }}
<script type="application/ld+json">{{ $ld | jsonify | safeJS }}</script>
{{ end }}
{{ define "main" }}
{{ $author := index (.GetTerms "authors") 0 }}\
{{ $category := index (.GetTerms "categories") 0 }}
<div class="with-aside">
<article class="article" data-pagefind-body data-pagefind-meta="kind:{{ $category.LinkTitle }}">
  <header>
    <p class="category" data-pagefind-ignore><span class="visually-hidden">\
{{ T "category" }}: </span><a href="{{ $category.RelPermalink }}">{{ $category.LinkTitle }}</a></p>
    <h1>{{ .Title }}</h1>
    <p class="meta" data-pagefind-ignore><time datetime="\
{{ .Date.Format "2006-01-02T15:04:05-07:00" }}" data-pagefind-meta="date:\
{{ .Date | time.Format ":date_medium" }}">{{ .Date | time.Format ":date_full" }}, \
{{ .Date | time.Format ":time_short" }}</time></p>
    {{ $url := .Permalink }}
    <div class="article-tools" data-pagefind-ignore>
      <ul class="share" aria-label="{{ T "share" }}">
        <li><a class="share-facebook" \
href="https://www.facebook.com/sharer/sharer.php?u={{ $url }}" rel="external noopener" \
target="_blank">Facebook</a></li>
        <li><a class="share-x" href="https://x.com/intent/post?url={{ $url }}&amp;text=\
{{ .Title | urlquery }}" rel="external noopener" target="_blank">X</a></li>
        <li><a class="share-email" href="mailto:?subject={{ .Title | urlquery }}&amp;body=\
{{ $url }}">E-mail</a></li>
        <li><button type="button" class="share-copy" data-copy="{{ .Permalink }}" hidden>\
{{ T "copy" }}</button></li>
      </ul>
      <div class="reading-tools" hidden><button type="button" class="print-button" \
data-print>{{ T "print" }}</button></div>
    </div>
    {{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
  </header>
  <div class="body">
{{ .Content }}
  </div>
  <footer class="article-footer" data-pagefind-ignore>
    <p class="author">{{ T "author" }}: <strong><a href="{{ $author.RelPermalink }}">\
{{ $author.LinkTitle }}</a></strong> – <span class="role">{{ $author.Params.role }}</span></p>
    <p class="printed-from">{{ T "address_of_page" }}: {{ .Permalink }}</p>
    {{ with .GetTerms "tags" }}<p class="tags">{{ T "tags" }}: {{ range . }}<a class="tag" \
href="{{ .RelPermalink }}" rel="tag">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
    {{ with .Params.rating }}{{ $stars := math.Round (div (float .points) .votes) }}
    <section class="rate" id="rating">
      <h2>{{ T "rate" }}</h2>
      <p class="rating"><span class="stars" aria-hidden="true">\
{{ strings.Repeat (int $stars) "★" }}<span class="star-empty">\
{{ strings.Repeat (sub 5 (int $stars)) "☆" }}</span></span>
        <span class="rating-text">{{ T "rated" (dict "stars" $stars) }} \
{{ T "by_readers" (dict "votes" .votes) }}</span></p>
      <form class="rate-form" name="rating" method="post" action="#rated" data-netlify="true">
        <input type="hidden" name="form-name" value="rating">
        <input type="hidden" name="article" value="{{ $.File.ContentBaseName }}">
        <fieldset class="stars-input"><legend>{{ T "your_rating" }}</legend>
        {{ range seq 5 1 }}<input type="radio" id="stars-{{ . }}" name="stars" value="{{ . }}" \
required><label for="stars-{{ . }}"><span aria-hidden="true">★</span>\
<span class="visually-hidden">{{ . }}</span></label>
        {{ end }}</fieldset>
        <button type="submit">{{ T "send_rating" }}</button>
      </form>
      <p class="rate-thanks" id="rated" role="status">{{ T "thanks" }}</p>
      <p class="rate-privacy">{{ T "privacy" }}</p>
    </section>
    {{ end }}
  </footer>
</article>
<div class="aside">
  <nav class="newer-older"><ul>
    {{ with .NextInSection }}<li class="newer"><span class="label">{{ T "newer" }}:</span> \
<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a></li>{{ end }}
    {{ with .PrevInSection }}<li class="older"><span class="label">{{ T "older" }}:</span> \
<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a></li>{{ end }}
  </ul></nav>
  {{ $self := . }}{{ $related := slice }}{{ range first 6 (partialCached "related.html" . \
site.Language.Lang (delimit (.Params.tags | default slice) "|") (delimit .Params.categories "|") \
(.Date.Format "2006")) }}{{ if ne . $self }}{{ $related = $related | append . }}{{ end }}{{ end }}\
{{ with first 5 $related }}
  <section class="related"><h2>{{ T "related" }}</h2><ul>
    {{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time \
datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date | time.Format ":date_medium" }}</time></li>
    {{ end }}
  </ul></section>
  {{ end }}
</div>
</div>
{{ end }}
"""

TEASER = """\
<article class="teaser">
  <div class="teaser-text">
    <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    <p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date | time.Format ":date_medium" }}</time>{{ range first 1 (.GetTerms "categories") }}\
<span class="teaser-category"> · {{ .LinkTitle }}</span>{{ end }}</p>
    {{ with .Params.summary }}<p class="teaser-summary">{{ . }}</p>{{ end }}
  </div>
</article>
"""

# Five related articles: those sharing most tags, then the category, then the year, newest
# first (includeNewer, threshold 1). The ranking depends on the tags, category and year
# only, so it is computed once for each such key (partialCached) rather than once a page,
# without the page itself, which the article's template leaves out: the same five.
RELATED = """\
{{ return site.RegularPages.Related (dict "namedSlices" (slice \
(keyVals "tags" (.Params.tags | default slice)) (keyVals "categories" .Params.categories) \
(keyVals "date" .Date))) }}
"""

# Bantin's pager: the previous and next page, the first and the last, and two pages either
# side of the current one, gaps marked.
PAGINATION = """\
{{ $pager := .Paginator }}
{{ if gt $pager.TotalPages 1 }}
{{ $n := $pager.PageNumber }}{{ $last := $pager.TotalPages }}{{ $pagers := $pager.Pagers }}
{{ $lo := cond (gt $n 3) (sub $n 2) 1 }}{{ $hi := cond (lt (add $n 2) $last) (add $n 2) $last }}
<nav class="pagination" aria-label="{{ T "pages" }}"><ul>
  {{ with $pager.Prev }}<li><a href="{{ .URL }}" rel="prev">{{ T "previous" }}</a></li>{{ end }}
  {{ if gt $lo 1 }}<li><a href="{{ $pager.First.URL }}">1</a></li>{{ if gt $lo 2 }}\
<li class="gap" aria-hidden="true">…</li>{{ end }}{{ end }}
  {{ range seq $lo $hi }}{{ if eq . $n }}<li><span aria-current="page">{{ . }}</span></li>\
{{ else }}<li><a href="{{ (index $pagers (sub . 1)).URL }}">{{ . }}</a></li>{{ end }}{{ end }}
  {{ if lt $hi $last }}{{ if lt $hi (sub $last 1) }}<li class="gap" aria-hidden="true">…</li>\
{{ end }}<li><a href="{{ $pager.Last.URL }}">{{ $last }}</a></li>{{ end }}
  {{ with $pager.Next }}<li><a href="{{ .URL }}" rel="next">{{ T "next" }}</a></li>{{ end }}
</ul></nav>
{{ end }}
"""

# Sections and terms: a directive's text on its first page (indexed, as Bantin's directive
# pages are), then the articles, newest first, Bantin's page size to a page.
LIST = """\
{{ define "main" }}
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<h1>{{ .Title }}</h1>
{{ with .Params.role }}<p class="role">{{ . }}</p>{{ end }}
{{ if and .Content (eq $pager.PageNumber 1) }}
<article class="directive" data-pagefind-body><h1 class="visually-hidden">{{ .Title }}</h1>
{{ .Content }}</article>
{{ end }}
{{ with .OutputFormats.Get "rss" }}<p class="feed"><a href="{{ .RelPermalink }}">\
{{ T "feed" }}</a></p>{{ end }}
<div class="teasers">
{{ range $pager.Pages }}{{ partial "teaser.html" . }}{{ end }}
</div>
{{ partial "pagination.html" . }}
{{ end }}
"""

TERMS = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">\
{{ .Page.LinkTitle }}</a> <span class="count">({{ .Count }})</span></li>
{{ end }}
</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
{{ $articles := where site.RegularPages.ByDate.Reverse "Section" "tin-tuc" }}
<section class="latest"><h2 class="section-heading">{{ T "latest" }}</h2>
<div class="cards">
{{ range first 20 $articles }}{{ partial "teaser.html" . }}{{ end }}
</div></section>
{{ range site.Taxonomies.categories.Alphabetical }}
<section class="category-block"><h2 class="section-heading"><a href="{{ .Page.RelPermalink }}">\
{{ .Page.LinkTitle }}</a></h2>
{{ range first 4 .Pages.ByDate.Reverse }}{{ partial "teaser.html" . }}{{ end }}
</section>
{{ end }}
{{ end }}
"""

NOT_FOUND = """\
{{ define "main" }}<h1>{{ T "not_found" }}</h1>{{ end }}
"""


def write_hugo(root: Path, articles: list[HugoArticle], directives: list[HugoDirective],
               authors: list[HugoAuthor], repo: Path) -> None:
    """The Hugo site of ARTICLES under ROOT, with the settings and CSS of REPO."""
    if root.exists():
        shutil.rmtree(root)
    settings = tomllib.loads((repo / "config.toml").read_text(encoding="utf-8"))
    content = root / "content"
    (content / "tin-tuc").mkdir(parents=True)
    (root / "hugo.toml").write_text(_config(settings), encoding="utf-8")
    _assets_and_strings(root, repo, ("css/main.css", "css/print.css", "icons/emblem.svg"),
                        I18N)
    layouts = root / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (layouts / "partials").mkdir(parents=True)
    for path, text in (("_default/baseof.html", BASEOF), ("_default/single.html", SINGLE),
                       ("_default/list.html", LIST), ("_default/terms.html", TERMS),
                       ("index.html", HOME), ("404.html", NOT_FOUND),
                       ("partials/teaser.html", TEASER),
                       ("partials/pagination.html", PAGINATION),
                       ("partials/related.html", RELATED),
                       ("partials/breadcrumbs.html", BREADCRUMBS),
                       ("partials/breadcrumbs-ld.html", BREADCRUMBS_LD)):
        (layouts / path).write_text(text, encoding="utf-8")

    titles = _titles(settings)
    for lang in LANGUAGES:
        for name in ("tin-tuc", *TAXONOMIES):
            folder = content / name
            folder.mkdir(exist_ok=True)
            (folder / f"_index.{lang}.md").write_text(
                _front({"title": _q(titles[name][lang])}), encoding="utf-8")
    for category, entry in settings.get("categories", {}).items():
        folder = content / "categories" / category
        folder.mkdir()
        for lang in LANGUAGES:
            (folder / f"_index.{lang}.md").write_text(
                _front({"title": _q(entry["name"][lang])}), encoding="utf-8")
    for author in authors:
        folder = content / "authors" / author.name
        folder.mkdir()
        for lang in LANGUAGES:
            (folder / f"_index.{lang}.md").write_text(
                _front({"title": _q(author.full_name), "role": _q(author.role[lang])}),
                encoding="utf-8")
    for directive in directives:  # Vietnamese only, as in Bantin
        folder = content / "directives" / directive.name
        folder.mkdir()
        (folder / "_index.vi.md").write_text(
            _front({"title": _q(directive.title)}) + directive.body, encoding="utf-8")
    for article in articles:
        for lang, side in article.sides.items():
            front = {"title": _q(side.title), "date": f"{article.when:%Y-%m-%dT%H:%M:00}+07:00",
                     "summary": _q(side.summary),
                     "categories": f"[{_q(article.category)}]",
                     "authors": f"[{_q(article.author)}]",
                     "years": f'["{article.when.year}"]',
                     "rating": f"{{ points = {article.points}, votes = {article.votes} }}"}
            if lang == "vi":  # tags and directive pages are Vietnamese only, as in Bantin
                front["tags"] = "[" + ", ".join(_q(tag) for tag in article.tags) + "]"
                if article.directives:
                    front["directives"] = "[" + ", ".join(map(_q, article.directives)) + "]"
            (content / "tin-tuc" / f"{article.name}.{lang}.md").write_text(
                _front(front) + side.body, encoding="utf-8")


# The typical Hugo site (issue 28): what a popular news or blog theme does (PaperMod with
# its defaults; Ananke alike but for its related list), on the same content.
TYPICAL_TAXONOMIES = ("categories", "tags")
# leaves out what only the site above has: author, year and directive term pages
TYPICAL_LEAVES_OUT = ("authors", "years", "directives")


def _typical_config(settings: dict, content: str) -> str:  # type: ignore[type-arg]
    per_page = settings.get("listings", {}).get("per_page", 10)
    titles = _titles(settings)
    lines = [
        f"baseURL = {_q(settings['base_url'].rstrip('/') + '/')}",
        'defaultContentLanguage = "vi"',
        "defaultContentLanguageInSubdir = true",
        "removePathAccents = true",
        "",
        "[pagination]",
        f"  pagerSize = {per_page}",
        "[services.rss]",  # Hugo's default is every page in every feed
        "  limit = 20",
        "[taxonomies]",
        '  category = "categories"',
        '  tag = "tags"',
        "[outputs]",  # feeds for the home pages and the section only
        '  home = ["html", "rss"]',
        '  section = ["html", "rss"]',
        '  taxonomy = ["html"]',
        '  term = ["html"]',
        '  page = ["html"]',
        "[markup.goldmark.extensions]",
        "  footnote = true",
        "  table = true",
        "  strikethrough = true",
        # the articles of the site above, but for its author, year and directive pages
        "[[module.mounts]]",
        f"  source = {_q(content)}",
        '  target = "content"',
        "  files = [" + ", ".join(_q(f"! {name}/**") for name in TYPICAL_LEAVES_OUT) + "]",
    ]
    for weight, language in enumerate(settings["languages"], start=1):
        code = language["code"]
        if code not in LANGUAGES:
            continue
        lines += _language_head(code, language, weight)
        for weight, name in enumerate(["", "tin-tuc", *TYPICAL_TAXONOMIES], start=1):
            lines += [f"[[languages.{code}.menus.main]]",
                      f"  name = {_q(titles[name][code])}",
                      f"  pageRef = {_q('/' + name)}",
                      f"  weight = {weight}"]
    return "\n".join(lines) + "\n"


TYPICAL_I18N = {
    "vi": {"min_read": "phút đọc", "translations": "Bản dịch", "prev_page": "Trang trước",
           "next_page": "Trang sau", "prev": "Bài trước", "next": "Bài sau",
           "all_news": "Xem tất cả tin", "not_found": "Không tìm thấy trang",
           "powered_by": "Xây dựng bằng"},
    "en": {"min_read": "min read", "translations": "Translations", "prev_page": "Prev page",
           "next_page": "Next page", "prev": "Previous", "next": "Next",
           "all_news": "All news", "not_found": "Page not found", "powered_by": "Powered by"},
}

TYPICAL_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
{{ partial "head.html" . }}
</head>
<body>
{{ partial "header.html" . }}
<main class="main">
{{ block "main" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
</body>
</html>
"""

# PaperMod's head: description, canonical, the translations, the stylesheet minified and
# fingerprinted, feeds, Hugo's own Open Graph and Twitter cards, the article's JSON-LD.
TYPICAL_HEAD = """\
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}\
{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ $css := resources.Get "css/main.css" | minify | fingerprint }}\
<link rel="stylesheet" href="{{ $css.RelPermalink }}" integrity="{{ $css.Data.Integrity }}">
{{ $icon := resources.Get "icons/emblem.svg" | fingerprint }}\
<link rel="icon" href="{{ $icon.RelPermalink }}" type="image/svg+xml">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" \
href="{{ .Permalink }}">
{{ end }}\
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">
{{ end }}\
{{ partial "opengraph.html" . }}
{{ partial "twitter_cards.html" . }}
{{ if .IsPage }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" \
"@type" "BlogPosting" "headline" .Title "description" .Params.summary \
"keywords" (apply (.GetTerms "tags") "partial" "term-title.html" ".") \
"wordCount" .WordCount "inLanguage" site.Language.Lang \
"datePublished" (.Date.Format "2006-01-02T15:04:05-07:00") \
"dateModified" (.Lastmod.Format "2006-01-02T15:04:05-07:00") \
"mainEntityOfPage" (dict "@type" "WebPage" "@id" .Permalink) \
"publisher" (dict "@type" "Organization" "name" site.Title) | jsonify | safeJS }}</script>\
{{ end }}
"""

TERM_TITLE = "{{ return .LinkTitle }}\n"

TYPICAL_HEADER = """\
<header class="header">
<nav class="nav">
  <div class="logo">
    <a href="{{ site.Home.RelPermalink }}" accesskey="h">{{ site.Title }}</a>
    <ul class="lang-switch">{{ range .Translations }}<li><a href="{{ .RelPermalink }}" \
title="{{ .Language.Label }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a></li>\
{{ end }}</ul>
  </div>
  <ul id="menu">
  {{ range site.Menus.main }}<li><a href="{{ .URL }}"\
{{ if $.IsMenuCurrent "main" . }} class="active"{{ end }}><span>{{ .Name }}</span></a></li>
  {{ end }}
  </ul>
</nav>
</header>
"""

TYPICAL_FOOTER = """\
<footer class="footer">
  <span>&copy; <a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></span> ·
  <span>{{ T "powered_by" }} <a href="https://gohugo.io/" rel="noopener noreferrer" \
target="_blank">Hugo</a></span>
</footer>
"""

TYPICAL_POST_META = """\
<span title="{{ .Date }}">{{ .Date | time.Format ":date_long" }}</span>\
&nbsp;·&nbsp;<span>{{ .ReadingTime }} {{ T "min_read" }}</span>
"""

TYPICAL_ENTRY = """\
<article class="post-entry">
  <header class="entry-header"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2></header>
  <div class="entry-content"><p>{{ .Summary | plainify | htmlUnescape }}</p></div>
  <footer class="entry-footer">{{ partial "post_meta.html" . }}</footer>
</article>
"""

# PaperMod's article: title, description, date and reading time, the other language, the
# body with anchored headings, tags, the previous and next article. No related articles.
TYPICAL_SINGLE = """\
{{ define "main" }}
<article class="post-single">
  <header class="post-header">
    <h1 class="post-title">{{ .Title }}</h1>
    {{ with .Params.summary }}<div class="post-description">{{ . }}</div>{{ end }}
    <div class="post-meta">{{ partial "post_meta.html" . }}\
{{ if .IsTranslated }}&nbsp;|&nbsp;<ul class="i18n_list">{{ T "translations" }}:\
{{ range .Translations }}<li><a href="{{ .Permalink }}">{{ .Language.Label }}</a></li>\
{{ end }}</ul>{{ end }}</div>
  </header>
  <div class="post-content">
{{ .Content | replaceRE "(<h[1-6] id=\\"([^\\"]+)\\".+)(</h[1-6]+>)" \
`${1}<a hidden class="anchor" aria-hidden="true" href="#${2}">#</a>${3}` | safeHTML }}
  </div>
  <footer class="post-footer">
    <ul class="post-tags">
      {{ range .GetTerms "tags" }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></li>
      {{ end }}
    </ul>
    <nav class="paginav">
      {{ with .PrevInSection }}<a class="prev" href="{{ .Permalink }}"><span class="title">\
« {{ T "prev" }}</span><br><span>{{ .Title }}</span></a>{{ end }}
      {{ with .NextInSection }}<a class="next" href="{{ .Permalink }}"><span class="title">\
{{ T "next" }} »</span><br><span>{{ .Title }}</span></a>{{ end }}
    </nav>
  </footer>
</article>
{{ end }}
"""

# The section and every term, paginated: entries and Prev / Next, as PaperMod's list.
TYPICAL_LIST = """\
{{ define "main" }}
<header class="page-header"><h1>{{ .Title }}</h1>\
{{ with .OutputFormats.Get "rss" }} <a href="{{ .RelPermalink }}" title="RSS">RSS</a>{{ end }}\
</header>
{{ $paginator := .Paginate .Pages }}
{{ range $paginator.Pages }}{{ partial "entry.html" . }}{{ end }}
{{ if gt $paginator.TotalPages 1 }}
<footer class="page-footer"><nav class="pagination">
  {{ if $paginator.HasPrev }}<a class="prev" href="{{ $paginator.Prev.URL }}">\
« {{ T "prev_page" }}</a>{{ end }}
  {{ if $paginator.HasNext }}<a class="next" href="{{ $paginator.Next.URL }}">\
{{ T "next_page" }} »</a>{{ end }}
</nav></footer>
{{ end }}
{{ end }}
"""

TYPICAL_TERMS = """\
{{ define "main" }}
<header class="page-header"><h1>{{ .Title }}</h1></header>
<ul class="terms-tags">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">\
{{ .Page.Title }} <sup><strong><sup>{{ .Count }}</sup></strong></sup></a></li>
{{ end }}
</ul>
{{ end }}
"""

# The newest articles and a link to the section (as Ananke's home page).
TYPICAL_HOME = """\
{{ define "main" }}
{{ range first 10 (where site.RegularPages "Section" "tin-tuc") }}\
{{ partial "entry.html" . }}{{ end }}
{{ with site.GetPage "/tin-tuc" }}<p class="all-news"><a href="{{ .RelPermalink }}">\
{{ T "all_news" }} »</a></p>{{ end }}
{{ end }}
"""

TYPICAL_NOT_FOUND = """\
{{ define "main" }}<div class="not-found">{{ T "not_found" }}</div>{{ end }}
"""


def write_hugo_typical(root: Path, repo: Path, content: str = "../hugo/content") -> None:
    """The typical Hugo site under ROOT: its own config and templates, the content of the
    site above (CONTENT, relative to ROOT) but for its authors, years and directives."""
    if root.exists():
        shutil.rmtree(root)
    settings = tomllib.loads((repo / "config.toml").read_text(encoding="utf-8"))
    root.mkdir(parents=True)
    (root / "hugo.toml").write_text(_typical_config(settings, content), encoding="utf-8")
    _assets_and_strings(root, repo, ("css/main.css", "icons/emblem.svg"), TYPICAL_I18N)
    layouts = root / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (layouts / "partials").mkdir(parents=True)
    for path, text in (("_default/baseof.html", TYPICAL_BASEOF),
                       ("_default/single.html", TYPICAL_SINGLE),
                       ("_default/list.html", TYPICAL_LIST),
                       ("_default/terms.html", TYPICAL_TERMS),
                       ("index.html", TYPICAL_HOME), ("404.html", TYPICAL_NOT_FOUND),
                       ("partials/head.html", TYPICAL_HEAD),
                       ("partials/header.html", TYPICAL_HEADER),
                       ("partials/footer.html", TYPICAL_FOOTER),
                       ("partials/post_meta.html", TYPICAL_POST_META),
                       ("partials/entry.html", TYPICAL_ENTRY),
                       ("partials/term-title.html", TERM_TITLE)):
        (layouts / path).write_text(text, encoding="utf-8")
