"""The web editor at /admin/: Sveltia CMS, its configuration made from the content schema.

Editors who do not program write in the browser; the CMS commits Markdown to the repository
(on a branch and a pull request when `[editor] review` is on). Everything it offers comes
from what validates the content, so nothing is kept twice: the sections and languages
(config.toml), the front-matter fields each kind of page allows and requires and those a
translation may set (content.py), the categories, the authors (authors.py) and the
registered directives (registry.py). The CMS's own script comes from the npm package
`package.json` pins, copied into the output with its digest in its name: the editor loads
nothing from a CDN.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..core.messages import Text, msg
from ..directive.registry import Registry
from ..model.authors import AUTHORS_FOLDER, Author
from ..model.config import Config, Section
from ..model.document import ALLOWED, INHERITED, REQUIRED, FrontMatter
from ..website.outputs import Output

ADMIN = "/admin/"
PACKAGE = "node_modules/@sveltia/cms"
SCRIPT = "dist/sveltia-cms.js"
IMAGES_FOLDER = "assets/images"  # served as /images/ (see images.py)
_LABELS = Path(__file__).with_name("cms_labels.toml")
_ENGINE_ROOT = Path(__file__).resolve().parents[2]
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_URL = r"^https?://\S+$"


@dataclass(frozen=True, slots=True)
class Choices:
    """What fields that name another thing offer: ids from the site's own lists."""

    authors: list[tuple[str, str]]  # (id, name)
    categories: list[tuple[str, str]]  # (id, name in the default language)
    directives: list[tuple[str, str]]  # (number, "number — title")


@dataclass(frozen=True, slots=True)
class Labels:
    texts: dict[str, str]

    def __call__(self, key: str) -> str:
        return self.texts.get(key, key)

    def get(self, key: str) -> str | None:
        return self.texts.get(key)


def labels(lang: str) -> Labels:
    data = tomllib.loads(_LABELS.read_text(encoding="utf-8"))
    return Labels(data.get(lang) or data["en"])


# How the editor shows each front-matter field: one maker per field of FrontMatter, so a field
# added to the schema without a way to edit it fails at import (as content.py's parsers do).
# A maker gets the field's common settings (name, label, required, i18n, hint) and the choices.
FieldMaker = Callable[[dict[str, Any], str, Choices, "Labels"], dict[str, Any]]


def _string(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "string"}


def _long_text(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "text"}


def _slug(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "string", "pattern": [_SLUG, text("slug.invalid")]}


def _url(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "string", "type": "url", "pattern": [_URL, text("source.invalid")]}


def _datetime(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    # Written without an offset, which the build reads in the site's time zone; the input
    # shows that zone's time whatever the editor's computer is set to.
    made = {**spec, "widget": "datetime", "format": "YYYY-MM-DD HH:mm", "output_utc": False}
    if spec["name"] == "date" and kind == "directive":  # a document is dated by the day
        made.update(type="date", format="YYYY-MM-DD")
    if spec["name"] == "date" and kind == "article":
        made["default"] = "{{now}}"
    return made


def _bool(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "boolean", "default": False}


def _list(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "list"}


def _select(options: list[tuple[str, str]], multiple: bool = False) -> FieldMaker:
    def make(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
        made = {**spec, "widget": "select", "multiple": multiple,
                "options": [{"value": value, "label": label} for value, label in options]}
        if multiple:
            made["dropdown_threshold"] = 0  # a searchable list, however few choices
        return made
    return make


def _author(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return _select(choices.authors)(spec, kind, choices, text)


def _category(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return _select(choices.categories)(spec, kind, choices, text)


def _directives(spec: dict[str, Any], kind: str, choices: Choices,
                text: Labels) -> dict[str, Any]:
    return _select(choices.directives, multiple=True)(spec, kind, choices, text)


def _kept(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    # Not edited in the editor, and kept as it is when a page is saved: `rating` (readers
    # give it), `source_digest` (written by `build.py translations --stamp`).
    return {"name": spec["name"], "widget": "hidden", "i18n": spec.get("i18n", False)}


def _image(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    # A translation gives only its alt text and caption and shows the original's picture:
    # the file is chosen in the default language alone.
    subfield_i18n = {"i18n": True}
    return {**spec, "i18n": True, "widget": "object",
            "collapsed": "auto", "fields": [
                {"name": "src", "label": text("image.src"), "widget": "image",
                 "media_folder": f"/{IMAGES_FOLDER}", "public_folder": "/images",
                 "accept": "image/jpeg,image/png,image/webp,image/gif", "choose_url": False},
                {"name": "alt", "label": text("image.alt"), "widget": "string", **subfield_i18n},
                {"name": "caption", "label": text("image.caption"), "widget": "string",
                 "required": False, **subfield_i18n}]}


def _signer(spec: dict[str, Any], kind: str, choices: Choices, text: Labels) -> dict[str, Any]:
    return {**spec, "widget": "object", "collapsed": "auto", "fields": [
        {"name": part, "label": text(f"signer.{part}"), "widget": "string", "required": False}
        for part in ("on_behalf", "title", "name")]}


MAKERS: dict[str, FieldMaker] = {
    "title": _string, "slug": _slug, "summary": _long_text, "date": _datetime,
    "updated": _datetime, "expires": _datetime, "author": _author, "category": _category,
    "tags": _list, "directives": _directives, "rating": _kept, "image": _image,
    "draft": _bool, "internal": _bool, "number": _string, "issuer": _string, "kind": _string,
    "implements": _directives, "issuer_parent": _string, "place": _string, "signer": _signer,
    "recipients": _list, "source": _url, "source_digest": _kept, "aliases": _list,
}
assert set(MAKERS) == {f.name for f in fields(FrontMatter)}

# The order fields appear in the form, per kind of page: what an editor fills in first.
ORDER = ("number", "title", "summary", "date", "author", "category", "directives", "image",
         "tags", "issuer", "issuer_parent", "place", "kind", "implements", "signer",
         "recipients", "source", "slug", "aliases", "draft", "updated", "expires", "internal",
         "rating", "source_digest")
assert set(ORDER) == set(MAKERS)


def field_spec(name: str, kind: str, choices: Choices, text: Labels, tz: str) -> dict[str, Any]:
    """The CMS field of front-matter `name` on a page of `kind`."""
    spec: dict[str, Any] = {"name": name, "label": text.get(f"{name}.{kind}") or text(name),
                            "required": name in REQUIRED[kind]}
    if name not in INHERITED[kind]:  # a translation may give its own
        spec["i18n"] = True
    hint = text.get(f"{name}.{kind}.hint") or text.get(f"{name}.hint")
    if hint:
        spec["hint"] = hint
    made = MAKERS[name](spec, kind, choices, text)
    if made.get("widget") == "datetime":
        made["input_timezone"] = tz
    return made


def collection(section: Section, config: Config, choices: Choices,
               text: Labels) -> dict[str, Any]:
    kind = section.kind
    names = [name for name in ORDER if name in ALLOWED[kind]]
    made = {
        "name": section.id,
        "label": config.pick(section.title, config.default_language),
        "folder": f"content/{section.id}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "i18n": True,
        "identifier_field": "title",
        "fields": [field_spec(name, kind, choices, text, config.timezone) for name in names]
        + [{"name": "body", "label": text("body"), "widget": "markdown", "required": False,
            "i18n": True}],
    }
    if "date" in names:
        made["sortable_fields"] = {"fields": ["date", "title"],
                                   "default": {"field": "date", "direction": "descending"}}
    if kind == "directive":
        made["summary"] = "{{number}} — {{title}}"
    return made


def authors_collection(config: Config, text: Labels) -> dict[str, Any]:
    """One file per author, content/authors/<id>.toml, as authors.py reads them."""
    return {
        "name": "authors",
        "label": text("authors"),
        "folder": AUTHORS_FOLDER,
        "extension": "toml",
        "format": "toml",
        "identifier_field": "name",
        "fields": [
            {"name": "name", "label": text("author.name"), "widget": "string"},
            {"name": "role", "label": text("author.role"), "widget": "object", "required": False,
             "fields": [{"name": lang.code, "label": lang.name, "widget": "string",
                         "required": False} for lang in config.languages]},
        ],
    }


def choices(config: Config, authors: dict[str, Author], registry: Registry) -> Choices:
    """Authors, categories and the directives with a page in this build (never a draft's
    number in a production build: the configuration is an output like any other)."""
    default = config.default_language
    return Choices(
        authors=sorted(((a.id, a.name) for a in authors.values()), key=lambda a: a[0]),
        categories=[(c.id, config.pick(c.name, default)) for c in config.categories.values()],
        directives=[(d.text, f"{d.text} — {d.meta.title}" if d.meta.title else d.text)
                    for d in registry if d.published],
    )


def settings(config: Config, found: Choices) -> dict[str, Any]:
    """The CMS's configuration (config.yml) for this site."""
    assert config.editor is not None
    editor = config.editor
    text = labels(config.default_language)
    default = config.default_language
    backend: dict[str, Any] = {"name": editor.backend, "repo": editor.repo,
                               "branch": editor.branch}
    if editor.auth_url:
        backend["base_url"] = editor.auth_url
    return {
        "app_title": f"{config.language(default).title} — {text('app_title')}",
        "site_url": config.base_url,
        "backend": backend,
        "publish_mode": "editorial_workflow" if editor.review else "simple",
        "media_folder": IMAGES_FOLDER,
        "public_folder": "/images",
        "media_libraries": {"default": {"config": {"slugify_filename": True}}},
        # File names and slugs the build accepts: lowercase ASCII, accents removed.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "output": {"omit_empty_optional_fields": True},
        "i18n": {
            "structure": "multiple_files",
            "locales": list(config.language_codes),
            "default_locale": default,
            # `name.md` in the default language beside `name.<lang>.md` (docs/front-matter.md).
            "omit_default_locale_from_file_path": True,
            # A page need not exist in every language: a translation is saved only when
            # the editor turns its language on.
            "initial_locales": [default],
        },
        "collections": [collection(section, config, found, text)
                        for section in config.sections.values()]
        + [authors_collection(config, text)],
    }


def config_yaml(config: Config, found: Choices) -> str:
    return yaml.safe_dump(settings(config, found), allow_unicode=True, sort_keys=False,
                          width=100)


def package_folder(root: Path) -> Path | None:
    """node_modules of the site, else Bantin's own (./scripts/setup runs npm ci there)."""
    for base in (root, _ENGINE_ROOT):
        if (base / PACKAGE / SCRIPT).is_file():
            return base / "node_modules"
    return None


# What the CMS's script would fetch from CDNs at run time, and the file of a package pinned in
# package.json that is the same thing: the build points the script at copies under /admin/,
# so the editor works offline and under /admin/'s Content-Security-Policy. (The script also
# asks GitHub's status page whether GitHub is up, and loads code highlighting and maps from a
# CDN for field types this site does not use: left as they are.)
FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/"
    "latin-wght-normal.woff2": "@fontsource-variable/material-symbols-outlined/files/"
    "material-symbols-outlined-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2":
    "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2":
    "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
}
# The CMS's own files (its user interface in other languages): `<this>@<version>/locales/`.
CMS_CDN = "https://unpkg.com/@sveltia/cms"
CMS_LOCAL = f"{ADMIN}cms"


@dataclass(frozen=True, slots=True)
class EditorFiles:
    """The CMS's files for /admin/: its script made to load everything from there."""

    script: bytes
    script_url: str
    files: dict[str, Path]  # URL -> file in node_modules


@functools.cache
def _editor(modules: Path, stamp: tuple[int, int], languages: tuple[str, ...]) -> EditorFiles:
    package = modules / PACKAGE.removeprefix("node_modules/")
    text = (package / SCRIPT).read_text(encoding="utf-8")
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    files: dict[str, Path] = {}
    for remote, local in FONTS.items():
        url = f"{ADMIN}fonts/{Path(local).name}"
        text = text.replace(remote, url)
        files[url] = modules / local
    text = text.replace(f"`{CMS_CDN}`", f"`{CMS_LOCAL}`")
    for lang in languages:  # the UI in the site's languages (English is in the script)
        found = package / "locales" / f"{lang}.json"
        if found.is_file():
            files[f"{CMS_LOCAL}@{version}/locales/{lang}.json"] = found
    data = text.encode()
    digest = hashlib.sha256(data).hexdigest()[:12]
    return EditorFiles(data, f"{ADMIN}sveltia-cms.{digest}.js", files)


def editor_files(config: Config) -> EditorFiles | None:
    modules = package_folder(config.root)
    if modules is None:
        return None
    st = (modules / PACKAGE.removeprefix("node_modules/") / SCRIPT).stat()
    return _editor(modules, (st.st_size, st.st_mtime_ns), config.language_codes)


def index_html(config: Config, script: str) -> str:
    # No </head>: serve's live reload puts its script before that tag, and reloading the
    # editor whenever it saves a file would throw the editor's work away (HTML allows the
    # tag to be left out).
    text = labels(config.default_language)
    title = f"{config.language(config.default_language).title} — {text('app_title')}"
    return (f'<!DOCTYPE html>\n<html lang="{config.language(config.default_language).hreflang}">'
            f'\n<meta charset="utf-8">\n<meta name="robots" content="noindex">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n"
            f'<script src="{script}" defer></script>\n<body>\n</body>\n</html>\n')



def outputs(config: Config, authors: dict[str, Author], registry: Registry) -> list[Output]:
    """/admin/ (the page, its configuration and the CMS's script), when config.toml has an
    [editor] table and the CMS is installed (see `missing`)."""
    editor = editor_files(config) if config.editor else None
    if editor is None:
        return []
    found = choices(config, authors, registry)
    return [Output(ADMIN, "literal", (index_html(config, editor.script_url),)),
            Output(f"{ADMIN}config.yml", "literal", (config_yaml(config, found),)),
            Output(editor.script_url, "literal", (editor.script,))] + [
        Output(url, "copy", (str(path),)) for url, path in sorted(editor.files.items())]


def missing(config: Config) -> Text | None:
    """Why /admin/ is left out although config.toml asks for it, or None."""
    if config.editor is None or package_folder(config.root) is not None:
        return None
    return msg("the web editor (/admin/) is left out: %(package)s is not installed; run "
               "`npm ci` in the site folder (./scripts/setup does)", package=PACKAGE)
