"""Symbolic links among the site's files: followed only while they stay in its source folders.

An editor's checkout may hold a link where a file should be — made by hand, by a tool, or
sent in a pull request. Followed blindly, a link to a file outside the site publishes it
(`assets/x.txt -> /etc/passwd` is copied into public/, a Markdown file outside the
repository becomes a page and enters the search index), and a link to a folder that holds
it makes the walk endless. So every link met while the inputs are listed is resolved first:
it is followed only when it ends inside one of the site's source folders (SOURCE_FOLDERS);
otherwise it is refused with an error at the link's own path, and nothing is read through it.
"""

from __future__ import annotations

import errno
import os
from pathlib import PurePosixPath

from .diagnostics import Diagnostic
from .messages import Text, msg

# Where a link may lead: the folders a site is made from (freshness.INPUTS, config.toml aside).
SOURCE_FOLDERS = ("content", "layouts", "assets", "locales", "data", "static")


def refusal(link: str, relative: str, real_root: str, walking: tuple[str, ...]
            ) -> tuple[str, Diagnostic | None]:
    """The real path a link at `link` (`relative` to the site root) leads to, or why it
    must not be followed. `walking`: the real paths of the folders the walk is inside."""
    def refuse(message: Text) -> tuple[str, Diagnostic]:
        return "", Diagnostic(relative, 1, "error", message)

    try:
        written = os.readlink(link)
        target = os.path.realpath(link, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return refuse(msg("symbolic link to %(target)s, which leads back to itself in a "
                              "loop; remove the link or point it at a file", target=written))
        if isinstance(exc, FileNotFoundError):
            return refuse(msg("symbolic link to %(target)s, which does not exist; remove the "
                              "link, or put the file itself here", target=written))
        return refuse(msg("symbolic link that cannot be followed (%(problem)s); remove the link "
                          "and put the file itself here", problem=exc.strerror or str(exc)))
    if not _is_within(target, real_root):
        return refuse(msg("symbolic link to %(target)s, outside the site folder; nothing from "
                          "outside the site is published: copy the file into the site instead "
                          "of linking to it", target=target))
    inside = PurePosixPath(os.path.relpath(target, real_root).replace(os.sep, "/"))
    parts = inside.parts  # () for the site folder itself
    if not parts or parts[0] not in SOURCE_FOLDERS or any(p.startswith(".") for p in parts):
        return refuse(msg("symbolic link to %(target)s, which is not in one of the site's "
                          "source folders (%(folders)s); copy the file here instead of linking "
                          "to it", target=str(inside),
                          folders=", ".join(f + "/" for f in SOURCE_FOLDERS)))
    if target in walking:
        return refuse(msg("symbolic link to %(target)s/, a folder that holds the link itself: "
                          "the site's files would never end; remove the link",
                          target=str(inside)))
    return target, None


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
