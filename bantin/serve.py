"""Live preview: build, serve on 127.0.0.1 with livereload, rebuild when sources change.

The server knows nothing of building; it is handed a callback.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from livereload import Server

from . import builder
from .config import Config, ConfigError, load_config
from .site import BuildOptions

WATCHED = ("content", "layouts", "assets", "locales", "config.toml")


def rebuild(root: Path, options: BuildOptions, out: Path) -> bool:
    """One build for the preview; on failure the last good site stays served."""
    try:
        config = load_config(root)
    except ConfigError as exc:
        for item in exc.diagnostics.sorted():
            print(item, file=sys.stderr)
        return False
    result = builder.build(config, replace(options, now=builder.now_local(config)), out)
    for item in result.diagnostics.sorted():
        print(item, file=sys.stderr)
    status = "rebuilt" if result.ok else "build failed; still serving the last good site"
    print(f"serve: {status}", file=sys.stderr)
    return result.ok


def serve(config: Config, options: BuildOptions, out: Path, port: int) -> int:
    # Previews show what editors are working on; never internal pages (see site.py).
    options = replace(options, drafts=True, future=True)
    rebuild(config.root, options, out)
    server = Server()
    for name in WATCHED:
        path = config.root / name
        if path.exists():
            server.watch(str(path), lambda: rebuild(config.root, options, out))
    print(f"serving {out} at http://127.0.0.1:{port}/", file=sys.stderr)
    server.serve(root=str(out), host="127.0.0.1", port=port, open_url_delay=None)
    return 0
