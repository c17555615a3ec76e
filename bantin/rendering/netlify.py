"""The language rules netlify.toml must hold for the configured languages.

Netlify reads netlify.toml before the build, so the rules live there, committed; this module
says what they must be (tests compare, and print the TOML to paste when a language is added).
"""

from __future__ import annotations

from typing import Any

from babel import Locale

from ..model.config import Config


def language_redirects(config: Config) -> list[dict[str, Any]]:
    """`/` to each language's home by the browser's language (a forced 302, since / holds the
    chooser), then each language's 404 page for the missing paths under its prefix."""
    rules: list[dict[str, Any]] = []
    for lang in config.languages:
        rules.append({"from": "/", "to": f"/{lang.code}/", "status": 302, "force": True,
                      "conditions": {"Language": [Locale.parse(lang.locale).language]}})
    for lang in config.languages:
        rules.append({"from": f"/{lang.code}/*", "to": f"/{lang.code}/404.html",
                      "status": 404})
    return rules


def to_toml(rules: list[dict[str, Any]]) -> str:
    """The rules as netlify.toml [[redirects]] tables, in the file's style."""
    blocks = []
    for rule in rules:
        lines = ["[[redirects]]"]
        for key, value in rule.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, int):
                text = str(value)
            elif isinstance(value, dict):
                text = "{" + ", ".join(f"{k} = [{', '.join(f'{v!r}' for v in vs)}]"
                                       for k, vs in value.items()).replace("'", '"') + "}"
            else:
                text = f'"{value}"'
            lines.append(f"  {key} = {text}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
