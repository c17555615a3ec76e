"""The site served by nginx as netlify.toml serves it on Netlify: one set of rules, two servers.

`python build.py server-config nginx` prints what this module writes: `map` blocks and a
`server { … }` block, to include in nginx's `http { }` (a file in /etc/nginx/sites-enabled/
on Debian). Its rules come from the same places Netlify's do: the headers of netlify.toml's
[[headers]] tables, each language of config.toml (its home chosen at `/` by
Accept-Language, its 404 page), and the aliases in the built site's `_redirects`.

nginx has no Accept-Language negotiation of its own. The `map` blocks compute it with
regular expressions only, so that a stock Debian nginx needs no module: each language's
q-weight is read from the header and written as that many `x` (0-100), and the language
whose run of `x` the others' are a prefix of wins (ties: config.toml's order).

Readers' votes: the rating form posts to the article's own address (on Netlify, Netlify
Forms takes it). nginx answers a POST to a page with 405, which the language folders send
to a named location: rate-limited per client, the body (1 KiB at most) read by `mirror` so
that `$request_body` holds it, one JSON line written to the votes log, and a 303 back to the
page (`./`: the browser keeps the form's `#rated`). `ratings fetch --from-log` counts them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from babel import Locale

from ..model.config import Config

# Compressed on the fly (text/html always is); Pagefind's index files are gzip already.
VOTES_LOG = "/var/log/nginx/bantin-votes.log"
VOTE_BODY = "1k"  # the largest vote nginx takes: a real one is about 100 bytes
VOTE_RATE = "10r/m"  # per client address, with a burst of VOTE_BURST at once
VOTE_BURST = 10
GZIP_TYPES = ("text/css", "text/plain", "text/xml", "application/javascript",
              "application/json", "application/xml", "application/atom+xml",
              "application/manifest+json", "application/wasm", "image/svg+xml")


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """A netlify.toml [[headers]] table: a path (`/x`) or a folder (`/x/*`) and its headers."""

    pattern: str
    values: tuple[tuple[str, str], ...]

    def covers(self, location: str) -> bool:
        """Whether the rule applies to every path of a location ("/x/" prefix, "=/x" exact)."""
        exact = location.startswith("=")
        path = location.removeprefix("=")
        if self.pattern.endswith("*"):
            return path.startswith(self.pattern[:-1])
        return exact and path == self.pattern


@dataclass(frozen=True, slots=True)
class Redirect:
    """A `_redirects` line Bantin writes: an old path (decoded) and the page it moved to."""

    path: str
    to: str
    status: int


@dataclass(frozen=True, slots=True)
class Serving:
    """What the server block is made from."""

    config: Config
    headers: tuple[HeaderRule, ...]
    redirects: tuple[Redirect, ...]
    root: str  # the built site's folder on the server
    listen: str
    server_name: str = "_"
    brotli: bool = False
    votes_log: str = VOTES_LOG  # where nginx writes the rating form's votes


def header_rules(netlify: dict[str, Any]) -> tuple[tuple[HeaderRule, ...], list[str]]:
    """netlify.toml's [[headers]] as rules nginx can hold, and the patterns it cannot (a
    `*` or `:name` anywhere but at the end)."""
    rules, skipped = [], []
    for table in netlify.get("headers", []):
        pattern = str(table.get("for", ""))
        values = tuple((str(k), str(v)) for k, v in table.get("values", {}).items())
        if (not pattern.startswith("/") or "*" in pattern[:-1] or ":" in pattern
                or (pattern.endswith("*") and not pattern.endswith("/*"))):
            skipped.append(pattern)
            continue
        rules.append(HeaderRule(pattern, values))
    return tuple(rules), skipped


def read_redirects(text: str) -> tuple[tuple[Redirect, ...], list[int]]:
    """The `FROM TO STATUS` lines of a `_redirects` file; the lines that are not such a
    plain rule (splats, placeholders, conditions), by number."""
    found, skipped = [], []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        status = parts[2].rstrip("!") if len(parts) == 3 else ""
        if (len(parts) != 3 or not status.isdigit() or "*" in line or ":" in parts[0]
                or not parts[0].startswith("/") or not parts[1].startswith("/")):
            skipped.append(number)
            continue
        found.append(Redirect(unquote(parts[0]), parts[1], int(status)))
    return tuple(found), skipped


def _string(text: str) -> str:
    """A double-quoted nginx string (the parser takes \\\\ and \\" as escapes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _name(config: Config) -> str:
    """A prefix for this site's variables: two sites on one nginx must not share them, and
    nginx's variable table takes short names only (64 bytes a bucket by default)."""
    return "bantin_" + hashlib.blake2b(config.base_url.encode(), digest_size=3).hexdigest()


_WEIGHT = r";\s*q\s*=\s*([0-9.]+)"
# A q-weight in hundredths, written so a capture alone gives it (nginx cannot write "$1"
# and a 0 after it): 1 and 1.000 -> "100"; 0.85 and 0.853 -> "85", 0.05 -> "05"; 0.9 -> "9",
# a single digit being tenths. Then as that many x (`_UNARY`).
_HUNDREDTHS = ((r"~^1(?:\.0{0,3})?$", "100"), (r"~^0?\.([0-9])0?0?$", "$1"),
               (r"~^0?\.([0-9][0-9])[0-9]?$", "$1"))
_UNARY = ([(str(tenths), 10 * tenths) for tenths in range(1, 10)]
          + [(f"{h:02d}", h) for h in range(1, 100)] + [("100", 100)])


def negotiation(config: Config) -> list[str]:
    """The `map` blocks that give `$<name>_language`: the code of the language whose home
    `/` sends the browser to, or "" (the chooser) when it accepts none of them."""
    name = _name(config)
    lines: list[str] = []
    units: list[str] = []
    for lang in config.languages:
        tag = re.escape(Locale.parse(lang.locale).language)
        code = re.sub(r"[^a-z0-9]+", "_", lang.code.lower())
        raw, hundredths, unary = (f"${name}_q_{code}", f"${name}_h_{code}",
                                  f"${name}_u_{code}")
        units.append(unary)
        given = rf"(?:^|,)\s*{tag}(?:-[a-z0-9]+)*\s*"
        weighted, plain = _string("~*" + given + _WEIGHT), _string("~*" + given + "(?:,|$)")
        lines += [
            f"map $http_accept_language {raw} {{",
            '    default "";',
            f"    {weighted} $1;",
            f"    {plain} 1;",
            "}",
            f"map {raw} {hundredths} {{",  # the weight; "" when not accepted
            '    default "";',
            *(f"    {_string(pattern)} {value};" for pattern, value in _HUNDREDTHS),
            "}",
            f"map {hundredths} {unary} {{",  # as that many x: compared by prefix below
            '    default "";',
            *(f"    {key} {'x' * count};" for key, count in _UNARY),
            "}",
        ]
    lines.append(f"map {_string('|'.join(units))} ${name}_language {{")
    lines.append('    default "";')
    count = len(config.languages)
    capture = r"(?=" + r"\|".join(["(x*)"] * count) + "$)"
    for i, lang in enumerate(config.languages):
        at = r"(?:x*\|)" + f"{{{i}}}"  # the start of language i's run
        tests = [f"(?={at}x)"]  # accepted at all
        for j in range(count):
            if j != i:  # j's run a prefix of i's; strictly shorter for a language before i
                tests.append(f"(?={at}\\g{{{j + 1}}}{'x' if j < i else ''})")
        lines.append(f"    {_string('~^' + capture + ''.join(tests))} {lang.code};")
    lines.append("}")
    return lines


def _locations(serving: Serving) -> list[str]:
    """Every location: the header rules' paths, each language's folder and the chooser."""
    found = {"/"}
    for rule in serving.headers:
        found.add(rule.pattern[:-1] if rule.pattern.endswith("*") else "=" + rule.pattern)
    found.update(f"/{code}/" for code in serving.config.language_codes)
    found.add("=/")
    return sorted(found, key=lambda loc: (loc.startswith("="), loc.removeprefix("=")))


def _headers(serving: Serving, location: str, indent: str) -> list[str]:
    """add_header lines for a location: every rule covering it, later ones overriding (as
    Netlify applies them). nginx inherits none into a location that adds one of its own,
    so each location says them all; `always`: on errors and redirects too."""
    merged: dict[str, str] = {}
    for rule in serving.headers:
        if rule.covers(location):
            for key, value in rule.values:
                merged.pop(key, None)
                merged[key] = value
    return [f"{indent}add_header {key} {_string(value)} always;" for key, value in merged.items()]


def server_block(serving: Serving) -> str:
    config = serving.config
    name = _name(config)
    voting = config.ratings.form != "off"  # no form, no votes: a POST stays a 405
    out = [
        "# Bantin: the bulletin served by nginx as netlify.toml serves it on Netlify.",
        "# Made by `python build.py server-config nginx`; include it in http { }.",
        "# Make it again after changing netlify.toml, the languages or the aliases.",
        f"# Site: {config.base_url} (its variables: ${name}_…)",
        "",
        *negotiation(config),
        "",
        *(_vote_log_format(name, serving.votes_log) if voting else []),
        "",
        "server {",
        f"    listen {serving.listen};",
        f"    server_name {serving.server_name};",
        f"    root {_string(serving.root)};",
        "    index index.html;",
        "    charset utf-8;",
        "    autoindex off;",  # no listing of a folder without index.html
        "    server_tokens off;",
        "    absolute_redirect off;",  # redirects keep the host and scheme the reader used
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_min_length 256;",
        f"    gzip_types {' '.join(GZIP_TYPES)};",
    ]
    if serving.brotli:  # Debian's libnginx-mod-http-brotli-filter
        out += ["    brotli on;", f"    brotli_types {' '.join(GZIP_TYPES)};"]
    out += [
        "    error_page 403 404 =404 /404.html;",  # 403: a folder without a page
        f"    client_max_body_size {VOTE_BODY};",  # no uploads: the largest body is a vote
        "",
        "    # Hidden files are never served (but certbot's challenges); nor is _redirects.",
        r'    if ($uri ~ "/\.(?!well-known/acme-challenge/)") { return 404; }',
        "    location = /_redirects { return 404; }",
        "",
        "    # Server-wide headers: what answers outside the locations below (aliases) gets",
        "    # them; a location that adds a header of its own says them all again.",
        *_headers(serving, "/", "    "),
    ]
    for location in _locations(serving):
        path = location.removeprefix("=")
        exact = location.startswith("=")
        if exact:
            out += ["", f"    location = {_string(path)} {{"]
        else:
            out += ["", f"    location {'^~ ' if path != '/' else ''}{_string(path)} {{"]
        out += _headers(serving, location, "        ")
        if location == "=/":
            out += ["        # a browser goes to its language's home; anyone else: the chooser",
                    "        add_header Vary Accept-Language always;",
                    f"        if (${name}_language) {{ return 302 /${name}_language/; }}",
                    "        try_files /index.html =404;"]
        else:
            if path.strip("/") in config.language_codes:
                out.append(f"        error_page 403 404 =404 /{path.strip('/')}/404.html;")
            if path.strip("/") in config.language_codes and voting:
                out += [f"        error_page 405 = @{name}_vote;  # a POST: a reader's vote",
                        "        recursive_error_pages on;"]
            out.append("        try_files $uri $uri/ =404;")
        out.append("    }")
    out += _vote_locations(name, serving.votes_log) if voting else []
    out += _aliases(serving.redirects)
    out.append("}")
    return "\n".join(out) + "\n"


def _aliases(redirects: Iterable[Redirect]) -> list[str]:
    """Each old address answered with its redirect; a folder with and without its `/`."""
    lines = []
    for rule in redirects:
        paths = [rule.path]
        if rule.path.endswith("/") and rule.path != "/":
            paths.append(rule.path.rstrip("/"))
        for path in paths:
            lines.append(f"    location = {_string(path)} {{ return {rule.status} "
                         f"{_string(rule.to)}; }}")
    if lines:
        lines.insert(0, "")
        lines.insert(1, "    # Old addresses (front-matter `aliases:`), from _redirects.")
    return lines


def _vote_log_format(name: str, log: str) -> list[str]:
    """http-level: the votes' rate limit per client, their log line, what is logged."""
    fields = ",".join(f'"{key}":"${var}"' for key, var in (
        ("time", "time_iso8601"), ("id", "request_id"), ("ip", "remote_addr"),
        ("body", "request_body")))
    return [
        f"# Readers' votes (the rating form), logged to {log} for `ratings fetch --from-log`.",
        f"limit_req_zone $binary_remote_addr zone={name}_votes:1m rate={VOTE_RATE};",
        f"log_format {name}_votes escape=json '{{{fields}}}';",
        f"map $status ${name}_voted {{",  # only the votes taken; not 413s, 429s
        "    default 0;",
        "    303 1;",
        "}",
    ]


def _vote_locations(name: str, log: str) -> list[str]:
    """The named location a POST to a page reaches, and the one its body is mirrored to."""
    return [
        "",
        "    # A reader's vote: a POST to a page (the 405 the page answers). The body is read",
        "    # by mirror (so $request_body holds it), logged, and the reader sent back: 303 ./",
        f"    location @{name}_vote {{",
        "        limit_except POST { deny all; }",
        f"        limit_req zone={name}_votes burst={VOTE_BURST} nodelay;",
        "        limit_req_status 429;",
        f"        client_body_buffer_size {VOTE_BODY};",  # kept in memory: $request_body
        f"        mirror /_{name}_vote;",
        "        mirror_request_body on;",
        f"        access_log {_string(log)} {name}_votes if=${name}_voted;",
        "        recursive_error_pages on;",
        "        error_page 405 =303 ./;",
        "    }",
        f"    location = /_{name}_vote {{ internal; return 204; }}",
    ]
