"""Debian's nginx serving a built site with the block `server-config nginx` prints.

Run as the tests' user with a prefix of its own on 127.0.0.1; as root (CI), its workers run
as www-data, as on a province's server, so a site they cannot read fails here too.
"""

from __future__ import annotations

import contextlib
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bantin.commands.cli import main
from tests.conftest import NOW, REPO
from tests.theme_site import _NOT_SITE

# An article with old addresses, one in Vietnamese letters (percent-encoded by browsers),
# and an asset whose name has a space and Vietnamese letters.
MOVED = """\
---
title: "Khai mạc lễ hội"
date: 2023-09-01 00:14
author: le-hoang-phuc
category: van-hoa-du-lich
aliases:
  - /tin-hoat-dong/khai-mac-le-hoi-24.html
  - /tin-tuc/tag/lễ-hội
---
Lễ hội khai mạc.
"""
ODD_ASSET = "images/Ảnh hội nghị.jpg"


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        pytest.fail("Debian's nginx is required for these tests: apt-get install nginx "
                    "(scripts/test installs it)")
    return found


def build_site(folder: Path) -> tuple[Path, Path]:
    """The demo site plus MOVED and ODD_ASSET, built for production: (site, output)."""
    root = folder / "site"
    shutil.copytree(REPO, root, ignore=_NOT_SITE)
    (root / "content/tin-tuc/khai-mac-le-hoi.md").write_text(MOVED, encoding="utf-8")
    shutil.copyfile(root / "assets/images/dinh-lang.jpg", root / "assets" / ODD_ASSET)
    out = root / "public"
    assert main(["build", "--root", str(root), "--out", str(out), "--now", NOW]) == 0
    return root, out


def server_config(root: Path, out: Path, listen: str, votes_log: Path | None = None) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["server-config", "nginx", "--root", str(root), "--out", str(out),
                     "--listen", listen,
                     *(["--votes-log", str(votes_log)] if votes_log else [])]) == 0
    return printed.getvalue()


def votes_log(out: Path) -> Path:
    """Where the nginx of `nginx_site` logs the readers' votes (its output folder given);
    the site's folder is `out.parent`."""
    return out.parent.parent / "nginx" / "votes.log"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _worker_user() -> str:
    """`user www-data;` when nginx starts as root (ignored otherwise)."""
    if os.geteuid() != 0:
        return ""
    with contextlib.suppress(KeyError):
        pwd.getpwnam("www-data")
        return "user www-data;"
    return "user nobody;"


@contextlib.contextmanager
def running_nginx(site_conf: str, prefix: Path, port: int) -> Iterator[str]:
    """nginx with `site_conf` inside http { }, on 127.0.0.1:port; yields its base URL."""
    (prefix / "tmp").mkdir(parents=True)
    (prefix / "site.conf").write_text(site_conf, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {prefix}/tmp/{kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(f"""
{_worker_user()}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    {temp}
    include {prefix}/site.conf;
}}
""", encoding="utf-8")
    binary = nginx_binary()
    conf = ["-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    test = subprocess.run([binary, "-t", *conf], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([binary, *conf], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                        timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _, errors = process.communicate()
                pytest.fail(f"nginx did not start: {errors}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def nginx_site() -> Iterator[tuple[str, Path]]:
    """The demo site (plus MOVED and ODD_ASSET) served by nginx: (base URL, output folder).

    Not under pytest's temporary folder, which only its owner may enter: nginx's workers
    must reach the site, as they must on a server."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-nginx-"))
    try:
        folder.chmod(0o755)
        root, out = build_site(folder)
        port = _free_port()
        conf = server_config(root, out, f"127.0.0.1:{port}", votes_log(out))
        with running_nginx(conf, folder / "nginx", port) as base:
            yield base, out
    finally:
        shutil.rmtree(folder, ignore_errors=True)
