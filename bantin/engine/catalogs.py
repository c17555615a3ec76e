"""The UI catalogs' check, answered from the cache while the layouts and catalogs are the same."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ..core.diagnostics import Diagnostic
from ..model.config import Config
from ..website.i18n import check_catalogs
from .cache import Cache

_CATALOGS = "catalogs"  # in the cache: (key, the check's problems)


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
