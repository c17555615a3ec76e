"""For any input, `check` says what the build does (issue 29), generatively.

Each case is a copy of the repository's demo site (content/, config.toml, assets/, layouts/,
locales/) with a few mutations drawn by Hypothesis: front-matter values of every type and
shape, YAML specials, Unicode oddities, lines cut or doubled, config and author ids, damaged
images, Markdown constructs, other encodings. On each, `check` and a production build
(`--no-search`), run in this process through the command line's entry point, must give the
same exit status and the same `path:line: error:` lines, with no traceback, within
CASE_SECONDS each, writing nothing outside the site's output folder and its .cache/.

Profiles (BANTIN_FUZZ): `ci` (the default: the normal suite, derandomized so every run
draws the same cases, well under two minutes) and `nightly` (many more cases, a new seed
each run; a failure prints the seed and the case). docs/limits.md tells how to run it. Every
failure found becomes a fixed example in tests/test_check_matches_build.py, with its fix.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.agreement import Said, run
from tests.conftest import REPO
from tests.hostile.test_images_hostile import png_header

CASE_SECONDS = 60  # each of check and build, on this 2-core machine
PROFILES = {
    "ci": settings(max_examples=50, derandomize=True, deadline=None, database=None,
                   print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]),
    "nightly": settings(max_examples=int(os.environ.get("BANTIN_FUZZ_EXAMPLES", "1500")),
                        deadline=None, database=None, print_blob=True,
                        suppress_health_check=[HealthCheck.too_slow,
                                               HealthCheck.data_too_large]),
}
PROFILE = os.environ.get("BANTIN_FUZZ", "ci")
SITE_PARTS = ("content", "config.toml", "assets", "layouts", "locales", "package.json")

CONTENT = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.md"))
IMAGES = sorted(p.relative_to(REPO).as_posix()
                for p in (REPO / "assets" / "images").iterdir() if p.is_file())
AUTHOR_FILES = sorted(p.relative_to(REPO).as_posix()
                      for p in (REPO / "content" / "authors").glob("*.toml"))
TEXT_FILES = [*CONTENT, "config.toml", *AUTHOR_FILES]

# -- values ---------------------------------------------------------------------------------

ODD = ["\u200b", "\u200e", "\u202e", "\ufeff", "\u0301", "e\u0301", "Ð", "ǅ", "ﬁ", "İ",
       "\u2028", "\u0085", "\x0b", "\x7f", "\x1b", "😀", "𝔘", "ＡＢ", "\u00a0", "ß", "日本",
       "đ", "Đ", "ầ", "\t", "\\", "%", "#", "?", "/", "..", "../", "<b>", "&amp;", "'", '"',
       ":", ": ", "- ", "{{", "{%", "}}", "|", ">", "*", "&", "!", "@", "`", ",", "[", "]"]
text = st.lists(st.one_of(st.sampled_from(ODD), st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)),
    max_size=6).map("".join)
URL_IDS = st.one_of(
    st.sampled_from(["vi", "en", "zh-Hans", "pt-BR", "EN", "vi_VN", "../../x", "x/y", "",
                     "a" * 300, "tin-tuc", "the", "tag", "tim-kiem", "assets", "admin",
                     "404.html", "index.html", "-x", "x-", "doi-ngoai", "le-hoang-phuc",
                     "trang", "2023", "pagefind", "a b", "Ä", "x\n"]),
    text)

YAML_SPECIALS = ["~", "null", "", "''", '""', "yes", "no", "on", "off", "True", ".nan",
                 "-.inf", "0x1F", "0o17", "1e3", "007", "2023-02-30", "2023-13-45",
                 "2023-09-01", "2023-09-01 00:14", "2027-01-01 08:00", "2023-09-01T25:00",
                 "1999-01-01 00:00 +07:00", "12:30:00", "!!binary aGVsbG8=", "!!python/none",
                 "&a x", "*a", "? x", "|\n  two\n  lines", ">\n  folded", "'it''s'",
                 '"unclosed', "[unclosed", "{a: 1", "@x", "`x`", "%x", "- a", "a: b: c",
                 "[1, [2, [3]]]", "{src: /images/hoi-nghi.jpg, alt: Ảnh}",
                 "{src: /images/khong-co.jpg, alt: x}", "{src: /images/../config.toml}",
                 "{points: 7, votes: 1}", "{points: 5, votes: 1}", "{points: -1, votes: 0}",
                 '["57-KL/TW"]', '["94-KH/HU", "94-KH/HU"]', "[]", "{}", "[~]", "[1, 2]",
                 "le-hoang-phuc", "khong-ai", "doi-ngoai", "sai", "true", "false",
                 "\n  - a\n  - b", "\n  src: /images/hoi-nghi.jpg\n  alt: x",
                 "\n  on_behalf: T/M\n  name: A", "https://example.test/x.pdf", "javascript:x",
                 "x" * 5000, "a" * 300]


def _yaml_scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


yaml_value = st.one_of(
    st.sampled_from(YAML_SPECIALS),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True).map(repr),
    text,
    text.map(_yaml_scalar),
    st.lists(st.one_of(text.map(_yaml_scalar), st.sampled_from(YAML_SPECIALS[:20])),
             max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.dictionaries(st.sampled_from(["src", "alt", "caption", "points", "votes", "x", "name"]),
                    st.one_of(text.map(_yaml_scalar), st.integers().map(str)),
                    max_size=3).map(lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items())
                                    + "}"),
)
FIELDS = ["title", "slug", "date", "updated", "expires", "author", "category", "summary",
          "tags", "directives", "rating", "image", "draft", "internal", "number", "issuer",
          "kind", "implements", "issuer_parent", "place", "signer", "recipients", "source",
          "source_digest", "x", "Title", "tags.x", "- a", ""]


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


toml_value = st.one_of(
    URL_IDS.map(_toml_string),
    st.sampled_from(["[]", "3", "true", "1979-05-27", "{}", '{ vi = "x" }', '{ en = 1 }',
                     '{ vi = "../x", en = "x" }', '["vi"]', "-1", "0", "1.5", '""',
                     '{ fr = "x" }', '"Asia/Ho_Chi_Minh"', '"Mars/Olympus"']),
)
MARKDOWN = ["[x](khong-co.md)", "[x](../gioi-thieu/lich-su.md#khong-co)", "[x](#khong-co)",
            "[x](../../../../etc/passwd)", "[x](don-ca-tai-tu.en.md)", "![](/images/hoi-nghi.jpg)",
            "![Ảnh](/images/khong-co.jpg)", "![Ảnh](/images/../config.toml)", "![Ảnh](anh.jpg)",
            "![Ảnh](/images/hoi-nghi.jpg)", "<script>alert(1)</script>", "<img src=x onerror=y>",
            "{#main}", "{.lead}\nĐoạn.", "## Main", "## Site search", "[^9]", "[^1]: chú thích",
            "| a | b |\n|---|---|\n| 1 |", "```\nunclosed fence", "> " * 30 + "sâu",
            "  " * 25 + "- sâu", "*" * 50 + "x", "[" * 50, "57-KL/TW và 94-KH/HU", "<!-- x",
            "&#0; &#x110000; &nbsp;", "{% raw %}{{ x }}", "https://example.test", "x" * 20000,
            "# H1\n## H2\n### H3\n#### H4", "- [ ] việc", "<details><summary>x</summary>",
            "[link](javascript:alert(1))", "![x](data:image/png;base64,AAAA)"]

# -- mutations: (kind, arguments), applied to the copy ----------------------------------------

mutation = st.one_of(
    st.tuples(st.just("front"), st.sampled_from(CONTENT), st.sampled_from(FIELDS), yaml_value),
    st.tuples(st.just("line"), st.sampled_from(TEXT_FILES),
              st.sampled_from(["delete", "double", "cut", "truncate"]),
              st.integers(0, 200), st.floats(0, 1)),
    st.tuples(st.just("config"), st.sampled_from([
        'code = "en"', 'code = "vi"', "[categories.doi-ngoai]", "[sections.tin-tuc]",
        'tag = { vi = "the", en = "tag" }', 'url = { vi = "tim-kiem", en = "search" }',
        'default_language = "vi"', 'timezone = "Asia/Ho_Chi_Minh"', "per_page = 10",
        'editor_language = "vi"', 'locale = "en"', 'kind = "article"', "[[languages]]",
        'untranslated = "hide"', 'url = { vi = "tin-tuc", en = "news" }']), toml_value),
    st.tuples(st.just("author"), st.sampled_from(AUTHOR_FILES), URL_IDS, toml_value),
    st.tuples(st.just("image"), st.sampled_from(IMAGES),
              st.sampled_from(["truncate", "flip", "empty", "bomb", "large", "gif", "text",
                               "double"]), st.floats(0, 1)),
    st.tuples(st.just("markdown"), st.sampled_from(CONTENT), st.sampled_from(MARKDOWN),
              st.integers(0, 60)),
    st.tuples(st.just("encoding"), st.sampled_from(TEXT_FILES),
              st.sampled_from(["latin-1", "utf-16", "bom", "crlf", "nul", "cr", "control"]),
              st.integers(0, 2000)),
)


def _read(file: Path) -> str:
    """A file's text, even after a mutation left bytes that are not UTF-8 in it."""
    return file.read_bytes().decode("utf-8", "surrogateescape")


def _write(file: Path, text: str) -> None:
    file.write_bytes(text.encode("utf-8", "surrogateescape"))


def _front(root: Path, path: str, key: str, value: str) -> None:
    file = root / path
    lines = _read(file).split("\n")
    end = lines.index("---", 1) if lines[:1] == ["---"] and "---" in lines[1:] else 0
    new = f"{key}: {value}" if key else value
    at = next((i for i in range(1, end) if lines[i].startswith(f"{key}:")), None)
    if at is None:
        lines.insert(max(end, 1), new)
    else:
        stop = at + 1
        while stop < end and lines[stop].startswith((" ", "\t")):
            stop += 1
        lines[at:stop] = [new]
    _write(file, "\n".join(lines))


def _line(root: Path, path: str, how: str, index: int, fraction: float) -> None:
    file = root / path
    data = file.read_bytes()
    lines = data.split(b"\n")
    i = index % len(lines)
    if how == "delete":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif how == "cut":
        lines[i] = lines[i][: int(len(lines[i]) * fraction)]
    else:
        file.write_bytes(data[: int(len(data) * fraction)])
        return
    file.write_bytes(b"\n".join(lines))


def _config(root: Path, target: str, value: str) -> None:
    file = root / "config.toml"
    text = _read(file)
    if target.startswith("["):
        header = target.strip("[]")
        if header.startswith("["):
            new = "[[languages]]\n"  # a language with only what follows
            text = text.replace(target, f"[[languages]]\ncode = {value}\n" + new, 1)
        else:
            table = header.split(".")[0]
            text = text.replace(target, f"[{table}.{value}]", 1)
    else:
        key = target.split(" = ")[0]
        text = text.replace(target, f"{key} = {value}", 1)
    _write(file, text)


def _author(root: Path, path: str, new_id: str, value: str) -> None:
    file = root / path
    if new_id and "/" not in new_id and "\0" not in new_id and len(new_id) < 200:
        try:
            file.rename(file.with_name(f"{new_id}.toml"))
            return
        except OSError:
            pass
    with (root / "content" / "authors.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[{_toml_string(new_id)}]\nname = {value}\n')


def _image(root: Path, path: str, how: str, fraction: float) -> None:
    file = root / path
    data = file.read_bytes()
    changed = {
        "truncate": data[: int(len(data) * fraction)],
        "flip": bytes(b ^ 0xFF if i == int(len(data) * fraction) % len(data) else b
                      for i, b in enumerate(data)),
        "empty": b"",
        "bomb": png_header(100_000, 100_000),
        "large": png_header(9000, 9000),
        "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "text": "không phải ảnh".encode(),
        "double": data + data,
    }[how]
    file.write_bytes(changed)


def _markdown(root: Path, path: str, snippet: str, index: int) -> None:
    file = root / path
    lines = _read(file).split("\n")
    body = next((i for i in range(1, len(lines)) if lines[i] == "---"), 0) + 1
    at = body + index % max(1, len(lines) - body)
    lines[at:at] = ["", snippet, ""]
    _write(file, "\n".join(lines))


def _encoding(root: Path, path: str, how: str, index: int) -> None:
    file = root / path
    text = _read(file)
    at = index % max(1, len(text))
    if how in ("latin-1", "utf-16"):
        file.write_bytes(text.encode(how, "replace"))
        return
    _write(file, {
        "bom": lambda: "\ufeff" + text,
        "crlf": lambda: text.replace("\n", "\r\n"),
        "cr": lambda: text.replace("\n", "\r"),
        "nul": lambda: text[:at] + "\0" + text[at:],
        "control": lambda: text[:at] + "\x08" + text[at:],
    }[how]())


APPLY: dict[str, Callable[..., None]] = {
    "front": _front, "line": _line, "config": _config, "author": _author, "image": _image,
    "markdown": _markdown, "encoding": _encoding}


def apply(root: Path, mutations: list[tuple[Any, ...]]) -> None:
    for kind, *args in mutations:
        file = root / args[0] if kind not in ("config",) else root / "config.toml"
        if file.exists():  # an earlier mutation may have renamed it
            APPLY[kind](root, *args)


# -- the property ---------------------------------------------------------------------------


class _TooLong(Exception):
    pass


@contextmanager
def _limit(seconds: int) -> Iterator[None]:
    """Interrupt what runs longer than `seconds` (a hang fails the case, it does not
    stop the suite)."""
    def expire(_signum: int, _frame: object) -> None:
        raise _TooLong(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _inputs(root: Path) -> dict[str, str]:
    """Every file of the site but its output and cache, with its digest."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] not in ("public", ".cache")}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once: each case starts from a copy with its image variants made
    (.cache/images/ holds them by digest), so a case's build encodes only changed images."""
    root = tmp_path_factory.mktemp("fuzz") / "site"
    root.mkdir()
    for part in SITE_PARTS:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    assert run(root, "build", "--no-search", "--quiet").status == 0
    shutil.rmtree(root / "public")
    shutil.rmtree(root / ".cache" / "bantin")
    return root


def agree(template: Path, mutations: list[tuple[Any, ...]]) -> tuple[Said, Said]:
    """Apply the mutations to a copy of the template; check and build it: what they said."""
    with tempfile.TemporaryDirectory(prefix="bantin-fuzz-") as work:
        outer = Path(work)
        root = outer / "site"
        shutil.copytree(template, root, symlinks=True)
        apply(root, mutations)
        inputs = _inputs(root)
        said = []
        for command in ("check", "build"):
            started = time.monotonic()
            with _limit(CASE_SECONDS):
                said.append(run(root, "check") if command == "check"
                            else run(root, "build", "--no-search", "--quiet"))
            assert time.monotonic() - started < CASE_SECONDS
        checked, built = said
        assert "Traceback" not in checked.text + built.text
        assert checked.errors == built.errors, (checked.text, built.text)
        assert checked.status == built.status, (checked.text, built.text)
        assert checked.status in (0, 1) and built.status in (0, 1)
        # nothing written outside the output folder (and the cache): not beside the site,
        # not among its inputs
        assert sorted(p.name for p in outer.iterdir()) == ["site"]
        assert _inputs(root) == inputs
        assert {p.name for p in root.iterdir()} <= set(SITE_PARTS) | {
            "public", ".cache", "content"} | {p.name for p in template.iterdir()}
        if built.status == 1:
            assert not (root / "public").exists()
        return checked, built


@PROFILES[PROFILE]
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_check_and_build_agree_on_a_mutated_demo_site(template: Path,
                                                       mutations: list[tuple[Any, ...]]
                                                       ) -> None:
    agree(template, mutations)


def test_the_demo_site_itself_passes_both(template: Path) -> None:
    checked, built = agree(template, [])
    assert checked.status == built.status == 0, checked.text + built.text
