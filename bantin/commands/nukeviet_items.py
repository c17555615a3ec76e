"""What each NukeViet row becomes: an article, a page or a directive, with its file name,
front-matter, old addresses, category, tags, author and lead image (docs/import-nukeviet.md
has the table of columns and fields)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..core.messages import msg
from ..core.text import slugify
from ..model.config import Config
from ..model.nukeviet import (
    Module,
    article_aliases,
    ids,
    law_aliases,
    listing_addresses,
    local,
    page_aliases,
    shown,
)
from ..website.feed_list import FEED_NAME
from .import_files import Staging
from .import_plan import Plan, settle_aliases
from .import_write import IMAGE_TYPES, Item, Media, Warnings, plain, quote, when
from .nukeviet_read import Portal, Record, _int, _text


@dataclass
class NukeVietPlan(Plan):
    body_tables: dict[str, str] = field(default_factory=dict)  # table -> "lang/module"
    owners: dict[tuple[str, str, int], str] = field(default_factory=dict)  # category ids

    def category(self, module: Module, catid: int, record: Record) -> str:
        owner = (module.lang, module.name, catid)
        if owner in self.owners:
            return self.owners[owner]
        alias = slugify(_text(record.get("alias"))) or slugify(plain(_text(record.get("title"))))
        name = plain(_text(record.get("title")))
        candidate = alias or f"chuyen-muc-{catid}"
        # one alias in two languages is one category; in two modules of a language, two
        taken = {cid for (lang, mod, _c), cid in self.owners.items()
                 if mod != module.name and lang == module.lang}
        if candidate in taken and candidate not in self.config.categories:
            candidate = f"{slugify(module.name)}-{candidate}"
        self.owners[owner] = self.add_category(candidate, module.lang, name)
        return candidate


def plan_portal(portal: Portal, config: Config, staging: Staging, authors: set[str],
                warnings: Warnings, now: datetime, media: Media) -> NukeVietPlan:
    plan = NukeVietPlan(config, staging, set(authors))
    default = config.default_language  # first: a translation's name is taken after it
    for module in sorted(portal.modules, key=lambda m: m.lang != default):
        if module.file not in ("news", "page", "laws"):
            continue
        if module.lang not in config.language_codes:
            warnings.add("skipped", 1, module.table(portal.prefix), msg(
                "language `%(lang)s` is not in config.toml: its module %(module)s was not "
                "imported", lang=module.lang, module=module.name))
            continue
        if module.file == "news":
            _news(plan, portal, module, warnings, now, media)
        elif module.file == "page":
            _pages(plan, portal, module, media)
        else:
            _laws(plan, portal, module, media, warnings)
    settle_aliases(plan, warnings)
    return plan


def _lead(plan: NukeVietPlan, module: Module, file: str, alt: str, item: Item,
          media: Media, external: bool = False) -> None:
    if not file:
        return
    if external or "://" in file or file.startswith("/"):
        shown_at = media.image(file, item)
    elif not file.lower().endswith(IMAGE_TYPES):
        return
    else:
        shown_at = media.bring(f"{module.upload}/{file}", "images", item)
    if shown_at is not None:
        item.fields += ["image:", f"  src: {quote(shown_at)}", f"  alt: {quote(alt)}"]


def _news(plan: NukeVietPlan, portal: Portal, module: Module, warnings: Warnings,
          now: datetime, media: Media) -> None:
    cats = {_int(r.get("catid")): r for _line, r in portal.of(module, "_cat")}
    tag_alias = {_int(r.get("tid")): _text(r.get("alias")) for _l, r in portal.of(module, "_tags")}
    tags: dict[int, list[str]] = {}
    for _line, record in portal.of(module, "_tags_id"):
        tags.setdefault(_int(record.get("id")), []).append(plain(_text(record.get("keyword"))))
    pseudonyms: dict[int, list[str]] = {}
    for _line, record in portal.of(module, "_authorlist"):
        pseudonyms.setdefault(_int(record.get("id")), []).append(_text(record.get("pseudonym")))
    prefix = f"{module.lang}/{module.name}"
    plan.body_tables[module.table(portal.prefix, "_detail")] = prefix
    for table in portal.columns:
        if table.startswith(module.table(portal.prefix, "_bodyhtml_")):
            plan.body_tables[table] = prefix
    for line, row in portal.of(module, "_rows"):
        number, alias = _int(row.get("id")), _text(row.get("alias"))
        key = f"{prefix}/{number}"
        title = plain(_text(row.get("title")))
        path = plan.place("article", module.lang, key, slugify(alias) or f"bai-{number}", number)
        item = Item(key, path, line, module.lang, [f"title: {quote(title)}"])
        state = shown(_int(row.get("status")), row.get("publtime"), row.get("exptime"),
                      row.get("addtime"), plan.config.tz, now)
        listed = [c for c in [_int(row.get("catid")), *ids(row.get("listcatid"))] if c in cats]
        listed = list(dict.fromkeys(listed))
        category = plan.category(module, listed[0], cats[listed[0]]) if listed else None
        byline = _text(row.get("author")) or ", ".join(pseudonyms.get(number, []))
        item.fields += [f"date: {when(state.date)}",
                        f"author: {plan.author(byline, module.lang, item, warnings)}"]
        if category is None:
            category = plan.category(module, 0, {"alias": "tin-tuc", "title": "Tin tức"})
        item.fields.append(f"category: {category}")
        summary = plain(_text(row.get("hometext")))
        if summary:
            item.fields.append(f"summary: {quote(summary)}")
        words = list(dict.fromkeys(
            [*tags.get(number, []), *(plain(_text(cats[c].get("title"))) for c in listed[1:])]))
        if words:
            item.fields.append("tags: [" + ", ".join(quote(w) for w in words if w) + "]")
        points, votes = _int(row.get("total_rating")), _int(row.get("click_rating"))
        if votes > 0 and votes <= points <= 5 * votes:
            item.fields.append(f"rating: {{points: {points}, votes: {votes}}}")
        elif votes or points:
            warnings.add("rating", line, path, msg(
                "the rating (%(points)s points, %(votes)s votes) is not possible with 1 to 5 "
                "stars a vote: left out", points=points, votes=votes))
        _lead(plan, module, _text(row.get("homeimgfile")),
              plain(_text(row.get("homeimgalt"))) or title, item, media,
              external=_int(row.get("homeimgthumb")) == 3)
        if state.draft or not module.active:
            item.fields.append("draft: true")
            plan.counts["draft"] += 1
        if state.expires is not None:
            item.fields.append(f"expires: {when(state.expires)}")
        plan.counts["expired" if state.why == "expired" else state.why] += 1
        plan.counts["article"] += 1
        aliases = [_text(cats[c].get("alias")) for c in listed]
        item.aliases = article_aliases(module, aliases, alias, number, portal.rewrite)
        for category_alias in aliases:
            plan.not_kept[f"/index.php?language={module.lang}&nv={module.name}&op="
                          f"{category_alias}/{alias}-{number}{portal.rewrite.exturl}"] = "query"
        plan.articles[key] = item
        plan.titles[key] = title
    by_alias = {_text(r.get("alias")): c for c, r in cats.items()}
    for old, (kind, key) in listing_addresses(module, list(by_alias),
                                              sorted(set(tag_alias.values()))).items():
        plan.moved[old] = _list_target(plan, module, kind, key, by_alias, cats)


def _list_target(plan: NukeVietPlan, module: Module, kind: str, key: str,
                 by_alias: dict[str, int], cats: dict[int, Record]) -> str:
    """The site's list an old listing page of a news module leads to: its category's (a
    category that no article has first is a tag of the articles it lists), its tag's, the
    feed, the articles' section."""
    lang = module.lang
    if kind == "tag":
        return plan.list_url(lang, "tag", slugify(key))
    if kind == "module":
        return plan.list_url(lang, "article")
    if not key:  # the module's feed
        return plan.list_url(lang, "feed")
    catid = by_alias[key]
    category = plan.owners.get((lang, module.name, catid))
    if category is None:  # a tag has no feed of its own: the language's
        return plan.list_url(lang, "feed") if kind == "feed" else plan.list_url(
            lang, "tag", slugify(plain(_text(cats[catid].get("title")))))
    listed = plan.list_url(lang, "category", category)
    return listed + FEED_NAME if kind == "feed" else listed


def _pages(plan: NukeVietPlan, portal: Portal, module: Module, media: Media) -> None:
    for line, row in portal.of(module):
        number, alias = _int(row.get("id")), _text(row.get("alias"))
        key = f"{module.lang}/{module.name}/{number}"
        title = plain(_text(row.get("title")))
        path = plan.place("page", module.lang, key, slugify(alias) or f"trang-{number}", number)
        item = Item(key, path, line, module.lang, [f"title: {quote(title)}"])
        summary = plain(_text(row.get("description")))
        if summary:
            item.fields.append(f"summary: {quote(summary)}")
        _lead(plan, module, _text(row.get("image")), plain(_text(row.get("imagealt"))) or title,
              item, media)
        if _int(row.get("status")) != 1 or not module.active:
            item.fields.append("draft: true")
            plan.counts["draft"] += 1
        item.aliases = page_aliases(module, alias, portal.rewrite)
        plan.counts["page"] += 1
        plan.pending.append((item, _text(row.get("bodytext")), title))
    plan.moved[f"/{module.name}/"] = plan.list_url(module.lang, "page")


def _laws(plan: NukeVietPlan, portal: Portal, module: Module, media: Media,
          warnings: Warnings) -> None:
    kinds = {_int(r.get("id")): plain(_text(r.get("title"))) for _l, r in portal.of(module, "_cat")}
    issuers = {_int(r.get("id")): plain(_text(r.get("title")))
               for _l, r in portal.of(module, "_subject")}
    signers = {_int(r.get("id")): r for _l, r in portal.of(module, "_signer")}
    detail = portal.detail_alias.get(f"{module.lang}/{module.name}", "detail")
    for line, row in portal.of(module, "_row"):
        number, alias = _int(row.get("id")), _text(row.get("alias"))
        key = f"{module.lang}/{module.name}/{number}"
        code, title = plain(_text(row.get("code"))), plain(_text(row.get("title")))
        kind = kinds.get(_int(row.get("cid")), "")
        issuer = issuers.get(_int(row.get("sid")), "")
        name = slugify(f"{kind} {code}") or slugify(alias) or f"van-ban-{number}"
        path = plan.place("directive", module.lang, key, name, number)
        item = Item(key, path, line, module.lang, [])
        if not code or not issuer:
            warnings.add("skipped", line, path, msg(
                "the document %(title)s has no number or no issuing body: not imported",
                title=quote(title)))
            continue
        date = local(row.get("publtime"), plan.config.tz) or local(row.get("addtime"),
                                                                   plan.config.tz)
        item.fields = [f"number: {quote(code)}", f"title: {quote(title)}",
                       f"issuer: {quote(issuer)}",
                       f"date: {date:%Y-%m-%d}" if date else "date: "]
        if kind:
            item.fields.append(f"kind: {quote(kind)}")
        signer = signers.get(_int(row.get("sgid")))
        if signer is not None:
            item.fields.append("signer: {" + ", ".join(
                f"{k}: {quote(v)}" for k, v in (("title", plain(_text(signer.get("positions")))),
                                                ("name", plain(_text(signer.get("title")))))
                if v) + "}")
        if _int(row.get("status")) != 1 or not module.active:
            item.fields.append("draft: true")
            plan.counts["draft"] += 1
        files = []
        for file in [f.strip() for f in _text(row.get("files")).split(",") if f.strip()]:
            if "://" in file:
                files.append((file.rsplit("/", 1)[-1], file))
                continue
            address = media.bring(f"{module.upload}/{file}", "files", item)
            if address is not None:
                files.append((file.rsplit("/", 1)[-1], address))
        facts = directive_facts(module.lang, local(row.get("startvalid"), plan.config.tz),
                                local(row.get("exptime"), plan.config.tz), files)
        intro = plain(_text(row.get("introtext")))
        if intro and intro != title:
            facts = intro + "\n\n" + facts
        item.aliases = law_aliases(module, alias, detail)
        item.prefix = facts  # the document's facts go first in its body
        plan.pending.append((item, _text(row.get("bodytext")), title))
        plan.counts["document"] += 1
    plan.moved[f"/{module.name}/"] = plan.list_url(module.lang, "directive")


def directive_facts(lang: str, start: datetime | None, end: datetime | None,
                    files: list[tuple[str, str]]) -> str:
    """The lines a directive's body starts with: its validity and its attached files."""
    words = {"vi": ("Ngày có hiệu lực", "Ngày hết hiệu lực", "Tệp văn bản"),
             "en": ("In force from", "In force until", "Official file")}.get(
                 lang, ("In force from", "In force until", "Official file"))
    lines = []
    if start is not None:
        lines.append(f"- {words[0]}: {start:%d/%m/%Y}")
    if end is not None:
        lines.append(f"- {words[1]}: {end:%d/%m/%Y}")
    lines += [f"- {words[2]}: [{name}]({address})" for name, address in files]
    return "\n".join(lines) + "\n\n" if lines else ""
