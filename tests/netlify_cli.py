"""The real Netlify CLI (`netlify-cli`, pinned in package.json) run by the tests, offline.

`netlify dev --offline --dir OUT` serves a built site with the CLI's own copy of Netlify's
rules engine: netlify.toml's [[headers]] and [[redirects]], and OUT/_redirects. Run from a copy
of the site (the CLI writes `.netlify/` into its folder), with HOME in a temp folder (it
writes its configuration there), no telemetry and no update check. It answers on 127.0.0.1
at a free port; it listens on every interface, as `netlify dev` always does.
Where the CLI's emulation differs from what netlify.toml asks for, the tests say so
(docs/hosting.md lists the differences).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from bantin.commands.cli import main
from tests.conftest import NOW, REPO
from tests.theme_site import _NOT_SITE, node_module

NETLIFY = node_module(".bin/netlify")
# In the served copy of the demo, the lead image of the article with aliases (and of the
# pages sharing it) has a Vietnamese file name with spaces, as editors upload them.
IMAGE_RENAMED = ("dinh-lang.jpg", "Đình làng Bình Tây.jpg")


NETLIFY_TOML = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
# The demo article with old addresses (front-matter `aliases:`), and its address.
ARTICLE = REPO / "content" / "tin-tuc" / "le-ky-yen-dinh-lang.md"
ARTICLE_URL = "/vi/tin-tuc/le-ky-yen-dinh-lang/"


def headers_for(path: str) -> dict[str, str]:
    """The values of netlify.toml's [[headers]] rule for exactly `path`."""
    return next(dict(rule["values"]) for rule in NETLIFY_TOML["headers"]
                if rule["for"] == path)


def netlify_cli() -> Path:
    if not NETLIFY.exists():
        pytest.fail("The Netlify CLI is missing: run ./scripts/test (its `npm ci "
                    "--ignore-scripts` installs netlify-cli, pinned in package.json)")
    return NETLIFY


def cli_env(home: Path) -> dict[str, str]:
    """The environment for the CLI: a home of its own, nothing sent anywhere, no account."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("NETLIFY_", "XDG_"))}  # no token, site id or config folder
    return {**env, "HOME": str(home), "NETLIFY_TELEMETRY_DISABLED": "1",
            "NO_UPDATE_NOTIFIER": "1", "BROWSER": "none"}


def copy_site(folder: Path) -> Path:
    """The repository's site (content, theme, netlify.toml, its build plugin, Bantin itself,
    build.py, requirements.lock) copied into `folder`/site, as a clone would have it."""
    root = folder / "site"
    shutil.copytree(REPO, root, ignore=_NOT_SITE)
    return root


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            held = socket.socket()
            held.bind(("127.0.0.1", 0))
            sockets.append(held)
        return [held.getsockname()[1] for held in sockets]
    finally:
        for held in sockets:
            held.close()


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT
    out: Path  # the built site it serves
    site: Path  # the site it was built from


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 3xx is the answer under test, not followed


# No proxy from the environment: only 127.0.0.1 is asked.
_OPENER = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}))


def request(url: str, method: str = "GET", **headers: str) -> Response:
    """One request; headers by name with `_` for `-` (Accept_Language="vi")."""
    sent = urllib.request.Request(url, method=method, headers={
        name.replace("_", "-"): value for name, value in headers.items()})
    try:
        with _OPENER.open(sent, timeout=30) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
        with error:
            return Response(error.code, error.headers, error.read())


def _wait_until_serving(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"netlify dev exited with status {process.returncode}:\n"
                        + log.read_text(encoding="utf-8", errors="replace")[-4000:])
        try:
            if request(url + "/index.html").status == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.25)
    pytest.fail("netlify dev did not answer in 120 s:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-4000:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The CLI and what it started: its own process group (start_new_session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def netlify_dev(folder: Path) -> Iterator[Served]:
    """The demo site (its lead image renamed, IMAGE_RENAMED) built for production into
    `folder`/public and served by `netlify dev --offline`."""
    cli = netlify_cli()
    site = copy_site(folder)
    old, new = IMAGE_RENAMED
    (site / "assets" / "images" / old).rename(site / "assets" / "images" / new)
    for page in (site / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if f"/images/{old}" in text:
            page.write_text(text.replace(f"/images/{old}", f"/images/{new}"), encoding="utf-8")
    out = folder / "public"
    assert main(["build", "--root", str(site), "--out", str(out), "--now", NOW]) == 0
    home = folder / "home"
    home.mkdir()
    port, static_port = free_ports(2)
    url = f"http://127.0.0.1:{port}"
    log = folder / "netlify-dev.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(cli), "dev", "--offline", "--dir", str(out),
             # else it downloads Deno for edge functions, which the site has none of
             "--internal-disable-edge-functions",
             "--port", str(port), "--staticServerPort", str(static_port),
             "--no-open", "--skip-gitignore"],
            cwd=site, env=cli_env(home), stdin=subprocess.DEVNULL, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_serving(process, url, log)
        yield Served(url, out, site)
    finally:
        _stop(process)
