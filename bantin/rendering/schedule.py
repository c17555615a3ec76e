"""Scheduled publishing: the time of the next change, written into the site for a build hook.

A static site cannot publish by itself when a scheduled article's time comes or an article
expires. Each build writes that time to /next-build.txt (ISO 8601 with the site's offset;
absent when nothing is pending). `python -m bantin.rendering.schedule --site URL` — run by cron or a
scheduled GitHub Action — reads it and calls the Netlify build hook once the time has come.
Only the standard library is used here, so the trigger runs without installing Bantin.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

NEXT_BUILD_FILE = "/next-build.txt"


class _Writable(Protocol):
    def write(self, url_path: str, data: bytes | str) -> object: ...


def write_next_change(folder: _Writable, when: datetime | None) -> None:
    if when is not None:
        folder.write(NEXT_BUILD_FILE, when.isoformat() + "\n")


def parse_next_change(text: str) -> datetime:
    when = datetime.fromisoformat(text.strip())
    if when.tzinfo is None:
        raise ValueError(f"{text.strip()!r} has no UTC offset")
    return when


def is_due(text: str | None, now: datetime) -> bool:
    """Whether the site's next-build time (None: nothing pending) has come."""
    return text is not None and bool(text.strip()) and parse_next_change(text) <= now


def fetch_next_change(site_url: str, timeout: float = 30) -> str | None:
    import urllib.error  # here: every build imports this module, only a hook needs HTTP
    import urllib.request

    url = site_url.rstrip("/") + NEXT_BUILD_FILE
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def trigger(hook_url: str, timeout: float = 30) -> int:
    import urllib.request

    request = urllib.request.Request(hook_url, data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return int(response.status)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bantin.rendering.schedule",
        description="Call the build hook when the published site's next scheduled change "
                    "is due.")
    parser.add_argument("--site", required=True, help="the published site, e.g. https://…")
    parser.add_argument("--hook", default=os.environ.get("NETLIFY_BUILD_HOOK"),
                        help="build hook URL (default: $NETLIFY_BUILD_HOOK)")
    args = parser.parse_args(argv)
    if not args.hook:
        parser.error("no build hook: pass --hook or set NETLIFY_BUILD_HOOK")
    text = fetch_next_change(args.site)
    now = datetime.now(UTC)
    if text is None:
        print("nothing scheduled")
        return 0
    try:
        due = is_due(text, now)
    except ValueError as exc:
        print(f"{NEXT_BUILD_FILE}: {exc}", file=sys.stderr)
        return 1
    if not due:
        print(f"next change at {text.strip()}: not yet")
        return 0
    status = trigger(args.hook)
    print(f"next change at {text.strip()} is due: build hook answered {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
