"""`python build.py server-config nginx`: the built site's nginx configuration, printed."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..core.messages import Translations, msg
from ..model.config import Config
from ..rendering import nginx
from ..rendering.redirects import REDIRECTS

EXIT_OK, EXIT_CONTENT = 0, 1


def run(config: Config, out: Path, listen: str, server_name: str, web_root: str | None,
        brotli: bool, words: Translations | None, votes_log: str | None = None) -> int:
    diagnostics = Diagnostics()
    if not (out / "index.html").is_file():
        diagnostics.error(str(out), 0, msg("no built site here: run `python build.py` first "
                                           "(or give its folder with --out)"))
    try:
        netlify = tomllib.loads((config.root / "netlify.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        diagnostics.error("netlify.toml", 1, msg("cannot be read: %(problem)s; the headers "
                                                 "nginx sends come from it", problem=str(exc)))
        netlify = {}
    headers, odd_patterns = nginx.header_rules(netlify)
    for pattern in odd_patterns:
        diagnostics.warning("netlify.toml", 1, msg(
            "the headers for %(pattern)s are not in the nginx configuration: only a path "
            "(/x) or a folder (/x/*) can be written for nginx", pattern=repr(pattern)))
    redirects: tuple[nginx.Redirect, ...] = ()
    rules = out / REDIRECTS.lstrip("/")
    if rules.is_file():
        redirects, odd_lines = nginx.read_redirects(rules.read_text(encoding="utf-8"))
        for number in odd_lines:
            diagnostics.warning(rules.name, number, msg(
                "this rule is not in the nginx configuration: only `FROM TO STATUS` lines "
                "with plain paths are"))
    for item in diagnostics.sorted():
        print(item.render(words), file=sys.stderr)
    if diagnostics.errors:
        return EXIT_CONTENT
    print(nginx.server_block(nginx.Serving(
        config, headers, redirects, web_root or str(out), listen, server_name, brotli,
        votes_log or nginx.VOTES_LOG)),
        end="")
    return EXIT_OK
