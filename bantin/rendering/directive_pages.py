"""What the layouts show of directives: references, chains, the formal date, the index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date

from ..core.text import slugify, vi_sort_key
from ..directive.registry import Directive, Node, Registry
from ..model.config import Language
from ..model.directives import PARTY
from ..model.page import Page
from ..model.reads import Recorder

# The rank of an issuing body: readers look for the Politburo's conclusions before a
# province's plans (layouts/directives.html names the ranks). From the number's issuer code
# (57-KL/TW, 03-QC/TU, 94-KH/HU, 362/QĐ-TTg), else from words in the issuer's name.
CENTRAL, PROVINCE, DISTRICT, OTHER = 0, 1, 2, 3
_CENTRAL_CODES = ("TW", "CP", "TTG", "QH", "VPCP", "UBTVQH")
_PROVINCE_CODES = ("TU", "ĐUK", "UBND-T")
_DISTRICT_CODES = ("HU", "QU", "TXU", "TPU", "ĐU")
_NAME_RANKS = ((CENTRAL, ("trung ương", "bộ chính trị", "ban bí thư", "chính phủ",
                          "thủ tướng", "quốc hội", "central", "politburo", "government",
                          "prime minister", "national assembly")),
               (PROVINCE, ("tỉnh", "province", "provincial")),
               (DISTRICT, ("huyện", "quận", "thị xã", "district", "town")))


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """One directive as a line in a box or a list, in the reader's language."""

    number: str
    kind: str
    title: str
    issuer: str
    date: datetime | None
    url: str | None  # None when it is not published
    lang: str  # the language of the page at `url`
    party: bool
    issuer_lang: str  # the issuer's language: a translation may inherit it untranslated


@dataclass(frozen=True, slots=True)
class TreeItem:
    ref: DocumentRef
    children: tuple[TreeItem, ...]


@dataclass(frozen=True, slots=True)
class IndexGroup:
    issuer: str
    kinds: tuple[tuple[str, tuple[DocumentRef, ...]], ...]  # (kind name, documents)
    issuer_lang: str
    rank: int = OTHER  # CENTRAL, PROVINCE, DISTRICT or OTHER: the index's order


@dataclass(frozen=True, slots=True)
class IndexFilter:
    """One way to narrow the index without JavaScript: a kind or a year, its documents."""

    key: str  # for the anchor: "ket-luan", "2023"
    name: str
    documents: tuple[DocumentRef, ...]


def issuer_rank(directive: Directive) -> int:
    code = directive.number.issuer.upper()
    if directive.number.system == PARTY:
        for rank, codes in ((CENTRAL, _CENTRAL_CODES), (PROVINCE, _PROVINCE_CODES),
                            (DISTRICT, _DISTRICT_CODES)):
            if code.endswith(codes):
                return rank
    elif code.split("-")[-1] in _CENTRAL_CODES or code.startswith("B"):  # ministries: BNG, BTTTT
        return CENTRAL
    name = (directive.meta.issuer or "").casefold()
    for rank, words in _NAME_RANKS:
        if any(word in name for word in words):
            return rank
    return OTHER


def ref(registry: Registry, directive: Directive, lang: str, seen: Recorder) -> DocumentRef:
    page = registry.page_for(directive, lang)
    meta = page.meta if page is not None else directive.meta
    seen.show(meta)
    default = registry.config.default_language if registry.config else lang
    issuer_lang = page.lang if page is not None and "issuer" in page.doc.lines else default
    return DocumentRef(directive.text, directive.kind.name(lang), meta.title or "",
                       meta.issuer or "", meta.date, page.url if page else None,
                       page.lang if page else lang, directive.number.system == PARTY,
                       issuer_lang)


def related_documents(registry: Registry, page: Page, seen: Recorder) -> list[DocumentRef]:
    return [ref(registry, d, page.lang, seen) for d in registry.related_documents(page)]


def chains(registry: Registry, directive: Directive, lang: str, seen: Recorder
           ) -> list[list[DocumentRef]]:
    return [[ref(registry, d, lang, seen) for d in path] for path in registry.chains(directive)]


def implemented_by(registry: Registry, directive: Directive, lang: str, seen: Recorder
                   ) -> tuple[TreeItem, ...]:
    def convert(nodes: tuple[Node, ...]) -> tuple[TreeItem, ...]:
        return tuple(TreeItem(ref(registry, n.directive, lang, seen), convert(n.children))
                     for n in nodes if n.directive.published)

    return convert(registry.descendants(directive))


def directive_of(registry: Registry, page: Page) -> Directive | None:
    return registry.by_key.get(page.key)


def formal_date(date: datetime, place: str | None, language: Language) -> str:
    """The place-and-date line of the formal header.

    Vietnamese style (Nghị định 30/2020/NĐ-CP): "Việt Trì, ngày 18 tháng 3 năm 2021",
    with a leading zero for days below 10 and for the months January and February.
    Other languages get the locale's own long date: "Viet Tri, 18 March 2021".
    """
    if language.locale.split("_")[0] == "vi":
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        text = f"ngày {date.day:02d} tháng {month} năm {date.year}"
    else:
        text = format_date(date.date(), "d MMMM y", locale=language.locale)
    return f"{place}, {text}" if place else text


def _newest_first(refs: list[DocumentRef]) -> tuple[DocumentRef, ...]:
    return tuple(sorted(refs, key=lambda r: (-(r.date.timestamp() if r.date else 0), r.number)))


def index_groups(registry: Registry, lang: str, seen: Recorder) -> list[IndexGroup]:
    """Published directives grouped by issuer, then by kind; issuers by rank (central,
    province, district), then by name; newest first within a kind."""
    by_issuer: dict[str, dict[str, list[DocumentRef]]] = {}
    ranks: dict[str, int] = {}
    for directive in registry:
        if not directive.published:
            continue
        item = ref(registry, directive, lang, seen)
        by_issuer.setdefault(item.issuer, {}).setdefault(item.kind, []).append(item)
        ranks[item.issuer] = min(ranks.get(item.issuer, OTHER), issuer_rank(directive))
    groups = []
    for issuer in sorted(by_issuer, key=lambda name: (ranks[name], vi_sort_key(name))):
        kinds = by_issuer[issuer]
        first = next(iter(kinds.values()))[0]
        groups.append(IndexGroup(issuer, tuple(
            (kind, _newest_first(kinds[kind])) for kind in sorted(kinds, key=vi_sort_key)),
            first.issuer_lang, ranks[issuer]))
    return groups


def index_filters(registry: Registry, lang: str, seen: Recorder
                  ) -> tuple[list[IndexFilter], list[IndexFilter]]:
    """The index narrowed to one kind (by name) and to one year (newest year first)."""
    kinds: dict[str, list[DocumentRef]] = {}
    years: dict[str, list[DocumentRef]] = {}
    for directive in registry:
        if directive.published:
            item = ref(registry, directive, lang, seen)
            kinds.setdefault(item.kind, []).append(item)
            if item.date is not None:
                years.setdefault(str(item.date.year), []).append(item)
    by_kind = [IndexFilter(slugify(kind), kind, _newest_first(kinds[kind]))
               for kind in sorted(kinds, key=vi_sort_key)]
    by_year = [IndexFilter(year, year, _newest_first(years[year]))
               for year in sorted(years, reverse=True)]
    return by_kind, by_year


@dataclass(frozen=True, slots=True)
class DirectiveView:
    """Everything a directive's page shows beyond its own front-matter."""

    number: str
    kind: str
    party: bool
    place_date: str
    chains: list[list[DocumentRef]]
    implemented_by: tuple[TreeItem, ...]
    related_pages: list[Page]
    original_lang: dict[str, str]  # field -> language, for fields a translation inherits

    def lang_of(self, name: str) -> str | None:
        """The language of a field's text when it is not the page's (for `lang=`)."""
        return self.original_lang.get(name)


def view(registry: Registry, page: Page, language: Language, seen: Recorder
         ) -> DirectiveView | None:
    directive = directive_of(registry, page)
    if directive is None or page.meta.date is None:
        return None
    return DirectiveView(
        directive.text, directive.kind.name(page.lang), directive.number.system == PARTY,
        formal_date(page.meta.date, page.meta.place, language),
        chains(registry, directive, page.lang, seen),
        implemented_by(registry, directive, page.lang, seen),
        registry.related_pages(directive, page.lang), _inherited(registry, page))


_TEXT_FIELDS = ("issuer", "issuer_parent", "place", "signer", "recipients")


def _inherited(registry: Registry, page: Page) -> dict[str, str]:
    default = registry.config.default_language if registry.config else page.lang
    if page.lang == default:
        return {}
    return {name: default for name in _TEXT_FIELDS if name not in page.doc.lines}
