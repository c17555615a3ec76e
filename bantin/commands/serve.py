"""Live preview: build, serve on 127.0.0.1 with livereload, rebuild when sources change.

The server knows nothing of building; it is handed a callback (`Preview.rebuild`). While
the last build failed, the last good site stays served and every page shows the build's
`path:line: error:` lines on top, until a rebuild succeeds.
"""

from __future__ import annotations

import html
import mimetypes
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from livereload import Server

from ..core.messages import Translations, msg, msg_n
from ..core.progress import Progress
from ..engine import Engine
from ..model import freshness
from ..model.config import Config, ConfigError
from ..model.config_file import load_config
from ..model.options import BuildOptions
from ..website.outputs import url_of

WATCHED = ("content", "layouts", "assets", "locales", "config.toml")
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_PANEL_STYLE = (
    "#bantin-build-errors{position:relative;z-index:2147483647;margin:0;padding:1rem 1.25rem;"
    "background:#fff4f4;color:#5c0000;border-bottom:4px solid #b00020;font:15px/1.5 system-ui,"
    "sans-serif}#bantin-build-errors h2{margin:0 0 .5rem;font-size:1.1rem}"
    "#bantin-build-errors pre{margin:0;white-space:pre-wrap;font:14px/1.5 ui-monospace,"
    "monospace}"
)


@dataclass
class Preview:
    """The state of the live preview: where it builds, and the errors of the last build."""

    root: Path
    options: BuildOptions
    out: Path
    errors: list[str] = field(default_factory=list)  # empty: the last build succeeded
    built: bool = False  # the first build (with the search index) is done
    words: Translations | None = None  # the editors' language
    engine: Engine = field(init=False)  # keeps the last good build, for quick rebuilds
    progress: Progress | None = None  # shows each full rebuild's phases

    def __post_init__(self) -> None:
        self.engine = Engine(self.out)

    def rebuild(self) -> bool:
        """One build for the preview; on failure the last good site stays served.

        The first build makes the search index (when asked); later ones keep it as it is,
        so an edit shows at once even on a large site (restart to index again). The engine
        decides what an edit makes again (bantin/engine/decide.py)."""
        try:
            config = load_config(self.root)
        except ConfigError as exc:
            return self._finish([item.render(self.words) for item in exc.diagnostics.sorted()],
                                [])
        options = replace(self.options, now=datetime.now(tz=config.tz))
        if self.built:
            options = replace(options, search=False, keep_index=True)
        shown = self.progress  # its line is erased before the errors are printed
        result = self.engine.build(config, options, freshness.scan(self.root),
                                   None if shown is None else lambda: shown)
        self.built = self.built or result.ok
        lines = [item.render(self.words) for item in result.diagnostics.sorted()]
        errors = lines if not result.ok else []
        return self._finish(errors, lines)

    def _finish(self, errors: list[str], lines: list[str]) -> bool:
        for line in errors or lines:
            print(line, file=sys.stderr)
        self.errors = errors
        status = (msg("build failed; still serving the last good site, with the errors on top")
                  if errors else msg("rebuilt"))
        print(f"serve: {status.render(self.words)}", file=sys.stderr)
        return not errors

    def error_panel(self) -> bytes:
        count = sum(1 for line in self.errors if ": error: " in line) or len(self.errors)
        items = "\n".join(html.escape(line) for line in self.errors)
        heading = msg_n("Build failed: %(count)s error — showing the last good version of the "
                        "site", "Build failed: %(count)s errors — showing the last good "
                        "version of the site", count).render(self.words)
        return (
            f'<style>{_PANEL_STYLE}</style><section id="bantin-build-errors" role="alert">'
            f"<h2>{html.escape(heading)}</h2><pre>{items}</pre></section>"
        ).encode()

    def with_errors(self, page: bytes) -> bytes:
        """The page with the build errors on top (the page itself when there are none)."""
        if not self.errors:
            return page
        match = _BODY.search(page)
        if match is None:
            return (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed"
                    b"</title></head><body>" + self.error_panel() + b"</body></html>")
        return page[:match.end()] + self.error_panel() + page[match.end():]


StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _decoded(path_info: str) -> str:
    """The request's path as the output folder names it. WSGI gives the percent-decoded bytes
    as latin-1 characters (PEP 3333): "/Ảnh" arrives as "/áº¢nh", the UTF-8 bytes of "Ả"."""
    try:
        return path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:  # not UTF-8: no file of the site has that name
        return path_info


class PreviewApp:
    """A WSGI app serving the preview folder, with the build errors on every HTML page."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def _file(self, path: str) -> Path | None:
        out = self.preview.out.resolve()
        candidate = (out / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(out):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = _decoded(environ.get("PATH_INFO") or "/")
        found = self._file(path)
        if found is not None and not path.endswith("/") and found.name == "index.html" \
                and not path.endswith("index.html"):
            start_response("301 Moved Permanently", [("Location", url_of(path) + "/")])
            return [b""]
        status = "200 OK"
        if found is None:
            status = "404 Not Found"
            lang = path.strip("/").split("/", 1)[0]
            found = (self._file(f"/{lang}/404.html") if lang else None) or self._file("/404.html")
        body = found.read_bytes() if found else b"<!DOCTYPE html><body>Not found</body>"
        kind = (mimetypes.guess_type(found.name)[0] if found else "text/html") \
            or "application/octet-stream"
        if kind == "text/html":
            body, kind = self.preview.with_errors(body), "text/html; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [body]


def serve(config: Config, options: BuildOptions, out: Path, port: int,
          words: Translations | None = None, progress: Progress | None = None) -> int:
    # Previews show what editors are working on, drafts and scheduled articles with a
    # banner; never internal pages (see site.py).
    preview = Preview(config.root, replace(options, drafts=True, future=True), out,
                      words=words, progress=progress)
    preview.rebuild()
    server = Server(PreviewApp(preview))
    for name in WATCHED:
        path = config.root / name
        if path.exists():
            server.watch(str(path), preview.rebuild)
    address = f"http://127.0.0.1:{port}/"
    print(msg("serving %(out)s at %(address)s (stop with Ctrl+C)", out=str(out),
              address=address).render(words), file=sys.stderr)
    server.serve(host="127.0.0.1", port=port, open_url_delay=None, debug=False)
    return 0
