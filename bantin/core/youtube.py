"""YouTube video addresses: which video (and from when) an address names, or what is wrong.

Read where an editor writes a video in Markdown (model/videos.py) and where the importer
meets a YouTube <iframe> (html_markdown.py): both accept the forms YouTube gives —
`youtube.com/watch?v=ID`, `youtu.be/ID`, `youtube.com/embed/ID`,
`youtube-nocookie.com/embed/ID` — with a start time `t=90`, `t=1m30s` or `start=90`. An id
is 11 letters, digits, `-` or `_`: nothing else ever reaches a page's markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from .messages import Text, msg

_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
          "youtu.be", "www.youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com"}
_START = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?")
WATCH = "https://www.youtube.com/watch?v="
EMBED = "https://www.youtube-nocookie.com/embed/"


@dataclass(frozen=True, slots=True)
class Video:
    """A YouTube video as a page shows it: its id, where it starts (seconds) and its title."""

    id: str
    start: int = 0
    title: str = ""

    @property
    def watch_url(self) -> str:
        """The video's page on YouTube: where the facade leads without JavaScript."""
        return WATCH + self.id + (f"&t={self.start}s" if self.start else "")

    @property
    def embed_url(self) -> str:
        """The player the facade becomes on click (assets/js/video.js makes the same)."""
        return (EMBED + self.id + "?autoplay=1&rel=0"
                + (f"&start={self.start}" if self.start else ""))


def is_youtube(src: str) -> bool:
    """Whether an image's address is on YouTube: a video, or a mistake to report."""
    parts = urlsplit(src.strip())
    return parts.scheme.lower() in ("http", "https") and (parts.hostname or "") in _HOSTS


def youtube(src: str) -> Video | Text | None:
    """The video an image's address names (no title yet); what is wrong with a YouTube
    address that names none; None for an address elsewhere (an ordinary image)."""
    if not is_youtube(src):
        return None
    parts = urlsplit(src.strip())
    host, path = parts.hostname or "", unquote(parts.path).rstrip("/")
    query = parse_qs(parts.query)
    shown = unquote(src)
    if host.endswith("youtu.be"):
        candidate = path.removeprefix("/")
    elif path == "/watch":
        candidate = query.get("v", [""])[0]
    elif path.startswith("/embed/"):
        candidate = path.removeprefix("/embed/")
    else:
        candidate = ""
    if candidate in ("", "videoseries"):  # a channel, a search, a playlist's player…
        return msg("%(src)s is a YouTube address but not a video's: write the video's own "
                   "address, https://www.youtube.com/watch?v=… (YouTube's Share button gives "
                   "it)", src=shown)
    if not _ID.fullmatch(candidate):
        return msg("video %(src)s: `%(id)s` is not a YouTube video id (11 letters, digits, - "
                   "or _): copy the address again with YouTube's Share button", src=shown,
                   id=candidate)
    written = (query.get("t") or query.get("start") or [""])[0]
    start = _seconds(written)
    if start is None:
        return msg("video %(src)s: the start time `%(start)s` is not a time: write t=90 "
                   "(seconds) or t=1m30s", src=shown, start=written)
    return Video(candidate, start)


def _seconds(written: str) -> int | None:
    """`90`, `90s`, `1m30s`, `1h2m3s` in seconds; 0 for nothing; None for anything else."""
    if not written:
        return 0
    found = _START.fullmatch(written)
    if found is None or not any(found.groups()):
        return None
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds
