"""Listings computed once per build: categories, tags, authors, years, pagination, related.

Every list here has a total order (date, then URL; names by `vi_sort_key`), so the same
content always gives the same pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.text import slugify, vi_sort_key
from ..model.page import Page
from .site import Site

KINDS = ("category", "tag", "author", "year")
RELATED_POOL = 20  # newest articles weighed per shared directive, tag and category


@dataclass(frozen=True, slots=True)
class Term:
    """One listing: a category, tag, author or year in one language, with its articles."""

    kind: str  # category | tag | author | year
    key: str  # category id, tag slug, author id or year
    name: str  # what readers see
    lang: str
    url: str  # the first page, e.g. /vi/the/le-hoi/
    articles: tuple[Page, ...]  # newest first


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated listing."""

    number: int  # 1-based
    count: int  # how many pages the listing has
    items: tuple[Page, ...]
    url: str
    first_url: str
    prev_url: str | None
    next_url: str | None
    urls: tuple[str, ...]  # every page's URL

    def window(self, around: int = 2) -> list[tuple[int, str] | None]:
        """The page-number links to show: the first, the last and `around` on either side of
        this one; None where numbers are left out (shown as "…")."""
        shown = {1, self.count, *range(self.number - around, self.number + around + 1)}
        found: list[tuple[int, str] | None] = []
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if number > previous + 1:
                found.append(None)
            found.append((number, self.urls[number - 1]))
            previous = number
        return found


def newest_first(pages: Sequence[Page]) -> list[Page]:
    return sorted(pages, key=lambda p: (-_timestamp(p), p.url))


def _timestamp(page: Page) -> float:
    return page.meta.date.timestamp() if page.meta.date else 0.0


class Listings:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.config = site.config
        self._terms: dict[tuple[str, str], dict[str, Term]] = {}
        self._articles: dict[str, list[Page]] = {}
        # For related articles and neighbours without comparing every pair of articles.
        self._by_directive: dict[tuple[str, str], list[Page]] = defaultdict(list)
        self._same_language: dict[tuple[str, str], list[Page]] = {}  # (lang, category)
        self._by_tag: dict[tuple[str, str], list[Page]] = defaultdict(list)
        self._position: dict[Page, int] = {}  # page -> index in _same_language
        self._tag_cache: dict[Page, tuple[str, ...]] = {}
        self._tag_sets: dict[tuple[str, ...], tuple[str, ...]] = {}  # each one once
        self._time: dict[Page, float] = {}
        for lang in self.config.language_codes:
            articles = self.site.listed_articles(lang)  # untranslated ones too, if labelled
            self._articles[lang] = articles
            for kind in KINDS:
                self._terms[(lang, kind)] = self._collect(lang, kind, articles)
            for page in articles:
                self._time[page] = _timestamp(page)
                if page.lang != lang:
                    continue
                for number in dict.fromkeys(page.meta.directives or ()):
                    self._by_directive[(lang, number)].append(page)
                for key in self._tag_keys(page):
                    self._by_tag[(lang, key)].append(page)
            for term in self._terms[(lang, "category")].values():
                same = [p for p in term.articles if p.lang == lang]
                self._same_language[(lang, term.key)] = same
                for index, page in enumerate(same):
                    self._position[page] = index

    # URLs ------------------------------------------------------------------

    def kind_url(self, lang: str, kind: str) -> str:
        """The index of a kind, e.g. /vi/the/ (every tag) or /en/year/."""
        return f"/{lang}/{getattr(self.config.listings, kind)[lang]}/"

    def term_url(self, lang: str, kind: str, key: str) -> str:
        return f"{self.kind_url(lang, kind)}{key}/"

    def page_url(self, lang: str, first_url: str, number: int) -> str:
        if number == 1:
            return first_url
        return f"{first_url}{self.config.listings.page[lang]}/{number}/"

    # Terms -----------------------------------------------------------------

    def _collect(self, lang: str, kind: str, articles: list[Page]) -> dict[str, Term]:
        groups: dict[str, list[Page]] = defaultdict(list)
        names: dict[str, Counter[str]] = defaultdict(Counter)
        for page in articles:
            seen = set()
            for key, name in self._keys(page, kind):
                if key not in seen:  # "Lễ hội" and "lễ hội" on one article: listed once
                    groups[key].append(page)
                    seen.add(key)
                names[key][name] += 1
        if kind == "category":  # every configured category has its page, even while empty
            for category_id in self.config.categories:
                groups.setdefault(category_id, [])
        terms = {}
        for key, pages in groups.items():
            terms[key] = Term(kind, key, self._name(lang, kind, key, names[key]), lang,
                              self.term_url(lang, kind, key), tuple(pages))
        return terms

    def _keys(self, page: Page, kind: str) -> list[tuple[str, str]]:
        meta = page.meta
        if kind == "category":
            return [(meta.category, meta.category)] if meta.category else []
        if kind == "author":
            return [(meta.author, meta.author)] if meta.author else []
        if kind == "year":
            if not meta.date:
                return []
            year = str(meta.date.astimezone(self.config.tz).year)
            return [(year, year)]
        found = []
        for tag in meta.tags or ():
            slug = slugify(tag)
            if slug:
                found.append((slug, tag))
        return found

    def _name(self, lang: str, kind: str, key: str, spellings: Counter[str]) -> str:
        if kind == "category":
            return self.config.pick(self.config.categories[key].name, lang)
        if kind == "author":
            author = self.site.authors.get(key)
            return author.name if author else key
        if kind == "tag":
            # Tags that differ only in case or marks share one page; the most used spelling
            # names it ("Lễ hội" over "lễ hội"), ties going to the first in Vietnamese order.
            return min(spellings, key=lambda s: (-spellings[s], vi_sort_key(s)))
        return key

    def terms(self, lang: str, kind: str) -> list[Term]:
        """A kind's terms in reading order: categories as configured, years newest first,
        tags and authors by name in Vietnamese alphabetical order."""
        found = list(self._terms[(lang, kind)].values())
        if kind == "category":
            order = list(self.config.categories)
            return sorted(found, key=lambda t: order.index(t.key))
        if kind == "year":
            return sorted(found, key=lambda t: -int(t.key))
        return sorted(found, key=lambda t: (vi_sort_key(t.name), t.key))

    def term(self, lang: str, kind: str, key: str) -> Term | None:
        return self._terms[(lang, kind)].get(key)

    def tags_of(self, page: Page) -> list[Term]:
        terms = self._terms[(page.lang, "tag")]
        seen: list[Term] = []
        for tag in page.meta.tags or ():
            term = terms.get(slugify(tag))
            if term is not None and term not in seen:
                seen.append(term)
        return seen

    def counterparts(self, kind: str, key: str) -> dict[str, str]:
        """The same listing in every language that has it: language -> URL."""
        return {lang: term.url for lang in self.config.language_codes
                if (term := self._terms[(lang, kind)].get(key)) is not None}

    # Pagination ------------------------------------------------------------

    def paginate(self, lang: str, first_url: str, items: Sequence[Page]) -> list[Pager]:
        size = self.config.listings.per_page
        chunks = [tuple(items[i:i + size]) for i in range(0, len(items), size)] or [()]
        urls = tuple(self.page_url(lang, first_url, n) for n in range(1, len(chunks) + 1))
        return [
            Pager(number, len(chunks), chunk, urls[number - 1], first_url,
                  urls[number - 2] if number > 1 else None,
                  urls[number] if number < len(chunks) else None, urls)
            for number, chunk in enumerate(chunks, start=1)
        ]

    # Article neighbourhoods ------------------------------------------------

    def related(self, page: Page, limit: int = 5) -> list[Page]:
        """Articles sharing directives first, then the category, then tags; newest first.

        Only the newest RELATED_POOL articles of each shared directive, tag and the category
        are weighed, so a popular tag on a large site costs no more than a rare one."""
        lang = page.lang
        directives = set(page.meta.directives or ())
        tags = frozenset(self._tag_keys(page))
        category = page.meta.category or ""
        pool = max(RELATED_POOL, limit + 1)
        # by the page itself (Pages hash by identity), first seen first, as the sort's
        # keys tie only for the same page
        candidates: dict[Page, None] = {}
        for number in sorted(directives):
            candidates.update(dict.fromkeys(self._by_directive.get((lang, number), ())[:pool]))
        for key in self._tag_keys(page):
            candidates.update(dict.fromkeys(self._by_tag.get((lang, key), ())[:pool]))
        candidates.update(dict.fromkeys(self._same_language.get((lang, category), ())[:pool]))
        candidates.pop(page, None)
        # some hundred candidates for each of thousands of articles: the loop's lookups
        # bound to names once
        tag_keys, time = self._tag_keys, self._time
        scored = []
        for other in candidates:
            meta = other.meta
            shared_directives = len(directives.intersection(meta.directives)) \
                if directives and meta.directives else 0
            in_category = 1 if category and meta.category == category else 0
            shared_tags = len(tags.intersection(tag_keys(other))) if tags else 0
            scored.append(((-shared_directives, -in_category, -shared_tags, -time[other],
                            other.url), other))
        scored.sort(key=lambda pair: pair[0])
        return [other for _, other in scored[:limit]]

    def _tag_keys(self, page: Page) -> tuple[str, ...]:
        """The page's tags as slugs, sorted, worked out once per page (related() asks
        often). A tuple, each set of tags once: the build keeps one per article."""
        found = self._tag_cache.get(page)
        if found is None:
            keys = tuple(sorted({slugify(t) for t in page.meta.tags or ()} - {""}))
            found = self._tag_cache[page] = self._tag_sets.setdefault(keys, keys)
        return found

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        """The next newer and next older article in the page's category."""
        same = self._same_language.get((page.lang, page.meta.category or ""), [])
        index = self._position.get(page)
        if index is None or index >= len(same) or same[index] is not page:
            return None, None
        newer = same[index - 1] if index > 0 else None
        older = same[index + 1] if index + 1 < len(same) else None
        return newer, older

    # Home page -------------------------------------------------------------

    def latest(self, lang: str, limit: int = 10, exclude: Sequence[Page] = ()) -> list[Page]:
        return [p for p in self._articles[lang] if p not in exclude][:limit]

    def featured(self, lang: str, limit: int = 3) -> list[Page]:
        """The best-rated articles, by a damped average that needs no `featured:` field.

        score = (points + 3 × 2) / (votes + 2): every article starts as if it had two 3-star
        votes, so one 5-star vote (4.0) does not outrank forty votes averaging 4.6 (4.5).
        Unrated articles are never featured; ties go to more votes, then the newer article.
        """
        rated = [p for p in self._articles[lang] if p.meta.rating and p.meta.rating.votes]
        return sorted(rated, key=lambda p: (-featured_score(p), -_votes(p), -_timestamp(p),
                                            p.url))[:limit]

    def category_blocks(self, lang: str, limit: int = 4,
                        exclude: Sequence[Page] = ()) -> list[tuple[Term, list[Page]]]:
        """Per category with articles in `lang`, in configured order, its newest few not
        already shown above (`exclude`), so a home page lists an article once where it can;
        a category whose articles are all shown above still shows its newest: a block is
        never empty, and a category without articles in `lang` has none."""
        blocks = []
        for term in self.terms(lang, "category"):
            if term.articles:
                fresh = [p for p in term.articles if p not in exclude][:limit]
                blocks.append((term, fresh or list(term.articles[:1])))
        return blocks


def _votes(page: Page) -> int:
    return page.meta.rating.votes if page.meta.rating else 0


def featured_score(page: Page) -> float:
    rating = page.meta.rating
    if rating is None:
        return 0.0
    return (rating.points + 3 * 2) / (rating.votes + 2)
