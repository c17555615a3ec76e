"""Videos in a body: an image whose address is a YouTube video, shown as a click-to-play facade.

An editor writes a video as an image of its address, the alt text its title:

    ![Lễ khai mạc lễ hội Trương Định](https://www.youtube.com/watch?v=Xy12ab34CDE)

(also `youtu.be/ID`, `youtube.com/embed/ID`, `youtube-nocookie.com/embed/ID`, with an
optional start time `t=90`, `t=1m30s` or `start=90`), in a paragraph of its own. The page
shows it as `layouts/partials/video.html`: a link to the video on YouTube, with its title and
a play sign drawn by the site, which `assets/js/video.js` turns on click into the player, an
<iframe> from www.youtube-nocookie.com (the one origin the Content-Security-Policy lets the
page frame). Nothing is loaded from another site before the reader clicks.

The facade never passes through the sanitiser: `take` puts each video's paragraph aside as a
`Video` (an id of 11 letters, digits, `-` or `_`; a start in whole seconds; a title that the
layout escapes) and leaves a placeholder link in its place, which `markdown.finish` replaces.
Raw HTML stays off and the sanitiser still refuses <iframe>: no text an editor writes can
become a frame or markup of its own.
"""

from __future__ import annotations

from urllib.parse import unquote

from markdown_it.token import Token

from ..core.messages import Text, msg
from ..core.youtube import Video, is_youtube, youtube

__all__ = ["VIDEO_TOKEN", "Video", "alt_text", "is_youtube", "problems", "take"]

VIDEO_TOKEN = "video"  # the token a video's paragraph becomes (its `meta["video"]`)


def _alone(children: list[Token]) -> bool:
    """An inline's children are videos only (one a line), nothing else of the paragraph."""
    found = False
    for child in children:
        if child.type == "image" and is_youtube(str(child.attrs.get("src", ""))):
            found = True
        elif not (child.type in ("softbreak", "hardbreak")
                  or (child.type == "text" and not child.content.strip())):
            return False
    return found


def alt_text(image: Token) -> str:
    """An image's alt text as the reader gets it: its words without Markdown's marks."""
    return "".join(alt_text(child) if child.type == "image" else child.content
                   for child in image.children or ())


def problems(tokens: list[Token]) -> list[tuple[int, Text]]:
    """Each video written wrong, as (0-based body line, message): a YouTube address that
    names no video, a video without a title, a video inside a paragraph's text."""
    found: list[tuple[int, Text]] = []
    for index, block in enumerate(tokens):
        if block.type != "inline" or not block.children:
            continue
        paragraph = index > 0 and tokens[index - 1].type == "paragraph_open"
        alone = paragraph and _alone(block.children)
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            src = str(child.attrs.get("src", "")) if child.type == "image" else ""
            if not src or not is_youtube(src):
                continue
            shown = unquote(src)
            video = youtube(src)
            if isinstance(video, Text):
                found.append((line, video))
            if not alt_text(child).strip():
                found.append((line, msg(
                    "video %(src)s has no title: write ![what the video shows](%(src)s); the "
                    "title is what readers see and hear before they play it", src=shown)))
            if not alone:
                found.append((line, msg(
                    "video %(src)s is inside a paragraph's text (or a heading, a link or a table "
                    "cell): put it on a line of its own, with an empty line before and after "
                    "it", src=shown)))
    return found


def take(tokens: list[Token]) -> list[Video]:
    """Put each paragraph of videos aside: its tokens become one VIDEO_TOKEN per video,
    whose `meta["video"]` is its index in the list returned. A video written wrong (see
    `problems`, which fails the build) stays an image."""
    videos: list[Video] = []
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        block = tokens[index]
        inline = tokens[index + 1] if index + 2 < len(tokens) else None
        if (block.type == "paragraph_open" and inline is not None and inline.children
                and tokens[index + 2].type == "paragraph_close" and _alone(inline.children)):
            images = [child for child in inline.children if child.type == "image"]
            made = [video for video in map(_video, images) if video is not None]
            if len(made) == len(images):
                for video in made:
                    token = Token(VIDEO_TOKEN, "", 0)
                    token.map, token.level, token.block = inline.map, block.level, True
                    token.meta, token.content = {"video": len(videos)}, video.title
                    videos.append(video)
                    out.append(token)
                index += 3
                continue
        out.append(block)
        index += 1
    tokens[:] = out
    return videos


def _video(image: Token) -> Video | None:
    found = youtube(str(image.attrs.get("src", "")))
    title = " ".join(alt_text(image).split())
    if not isinstance(found, Video) or not title:
        return None
    return Video(found.id, found.start, title)
