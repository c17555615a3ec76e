"""The UI catalogs, compiled once per version of each .po, and their check, answered from the
cache while the layouts and catalogs are the same."""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Callable

from ..core.diagnostics import Diagnostic
from ..model.config import Config
from ..website.i18n import check_catalogs, load_translations
from .cache import Cache

_CATALOGS = "catalogs"  # in the cache: (key, the check's problems)
_COMPILED = "compiled catalogs"  # in the cache: language -> (digest of its .po, its .mo)


def translations(cache: Cache, config: Config, check: Callable[[Config], list[Diagnostic]],
                 keep: bool) -> tuple[dict[str, gettext.NullTranslations], list[Diagnostic]]:
    """load_translations, with the catalogs the cache has compiled from the same .po files:
    reading a .po with Babel is some 15 ms a build. `keep`: put those compiled now in the
    cache (inside its transaction)."""
    compiled: dict[str, tuple[str, bytes]] = dict(cache.get(_COMPILED) or {})
    before = dict(compiled)
    found = load_translations(config, check, compiled)
    if keep and compiled != before:
        cache.set(_COMPILED, compiled)
    return found


def remembered_check(cache: Cache, inputs: dict[str, str]
                     ) -> Callable[[Config], list[Diagnostic]]:
    """check_catalogs, answered from the cache while the layouts and catalogs are the same."""
    h = hashlib.blake2b(digest_size=16)
    for relative, digest in sorted(inputs.items()):
        if relative.startswith(("layouts/", "locales/", "config.toml")):
            h.update(f"{relative}\0{digest}\n".encode())
    key = h.hexdigest()

    def check(config: Config) -> list[Diagnostic]:
        saved = cache.get(_CATALOGS)
        if saved is not None and saved[0] == key:
            return list(saved[1])
        found = check_catalogs(config)
        cache.set(_CATALOGS, (key, found))
        return found

    return check
