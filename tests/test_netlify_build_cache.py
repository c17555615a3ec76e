"""`netlify build --offline` (the real Netlify CLI, pinned in package.json) runs netlify.toml's
build command with the local cache plugin (netlify/plugins/bantin-cache): a second deploy
restores Bantin's cache and the last output and rebuilds from the state the last one saved,
parsing no content file again; after an edit, in a new clone whose files all have new
stats, it makes only the pages that show it and indexes again only the search shard it is
in.

Two builds of one copy of the site, as two deploys of one commit: between them .cache/ and
public/ are deleted (Netlify starts each deploy without them) and only the CLI's cache store
(.netlify/cache) is kept, which is what utils.cache saves to and restores from locally.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bantin.core.messages import render, translations_for
from bantin.core.progress import PHASE_NAMES
from bantin.model.config_file import load_config
from tests.netlify_cli import cli_env, copy_site, netlify_cli


def netlify_build(site: Path, home: Path, extra: dict[str, str] | None = None) -> str:
    """Run `netlify build --offline` in `site` (`extra`: more of the build's environment);
    its output, or a failure showing it."""
    venv = Path(sys.executable).parent
    env = {
        **cli_env(home),
        **(extra or {}),
        # The build command's `python` is this venv's: PATH. Its `pip` may be another one
        # (the CLI puts node's own folder, /usr/bin, first on PATH, and Debian has a
        # /usr/bin/pip): PIP_PYTHON makes any pip install into this venv, where every locked
        # package is already, so it only checks them; PIP_NO_INDEX keeps it offline.
        "PATH": f"{venv}{os.pathsep}{os.environ.get('PATH', '')}",
        "PIP_PYTHON": sys.executable,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    done = subprocess.run([str(netlify_cli()), "build", "--offline"], cwd=site, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def files_read_again(output: str, site: Path) -> int:
    """How many content files the build parsed again, from its progress lines (in the
    editors' language): `reading content files: 54 in 0.3 s`."""
    words = translations_for(load_config(site).editor_language)
    phase = render(PHASE_NAMES["parse"], words)
    found = re.findall(rf"^{re.escape(phase)}: (\d+) ", output, re.MULTILINE)
    assert len(found) == 1, output
    return int(found[0])


def quick(timings: Path) -> bool:
    """Whether the build was a quick rebuild (bantin/engine/quick.py): the last deploy's
    saved state loaded, only the changed files parsed, no document's record read."""
    phases = json.loads(timings.read_text())
    return "quick" in phases and "parse" not in phases


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_second_deploy_restores_the_cache_and_parses_nothing_again(tmp_path) -> None:
    site = copy_site(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    contents = len(list((site / "content").rglob("*.md")))

    timings = tmp_path / "timings.json"
    first = netlify_build(site, home, {"BANTIN_TIMINGS": str(timings)})
    assert "restored" not in first  # nothing kept yet
    assert "saved .cache/bantin" in first and "saved public" in first
    assert files_read_again(first, site) == contents
    built = outputs(site / "public")
    assert "index.html" in built and "vi/index.html" in built

    shutil.rmtree(site / ".cache")
    shutil.rmtree(site / "public")
    second = netlify_build(site, home, {"BANTIN_TIMINGS": str(timings)})
    assert "restored .cache/bantin" in second and "restored public" in second
    assert quick(timings)  # from the state the first deploy saved, nothing parsed
    # the same site as the first deploy's
    assert outputs(site / "public") == built


def test_a_deploy_after_an_edit_makes_only_what_shows_it(tmp_path) -> None:
    """Netlify starts each deploy from the commit alone; the plugin puts back the cache and
    the last output, which the build adopts (bantin/engine/publish.py): one article edited,
    the deploy renders its page and re-indexes its shard, and publishes the site a clean
    build of the edited commit makes, byte for byte."""
    site = copy_site(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    timings = tmp_path / "timings.json"
    # The demo's 52 Vietnamese pages in shards of about 10, as a portal's in shards of 2,000
    env = {"BANTIN_SEARCH_SHARD_PAGES": "10", "BANTIN_TIMINGS": str(timings)}
    netlify_build(site, home, env)
    first = json.loads(timings.read_text())
    assert first["search_pages"] > 40  # every page indexed

    # The next deploy: a new clone of the repository at the same place, with Netlify's
    # cache store (the CLI's .netlify/cache) and nothing else of the last deploy
    shutil.move(site, tmp_path / "last")
    site = copy_site(tmp_path)
    shutil.move(tmp_path / "last" / ".netlify", site / ".netlify")
    article = site / "content" / "tin-tuc" / "don-ca-tai-tu.md"
    article.write_text(article.read_text(encoding="utf-8")
                       + "\nĐoạn mới thêm vào sau lễ hội, sửa lúc triển khai.\n",
                       encoding="utf-8")
    output = netlify_build(site, home, env)
    assert "restored public" in output
    # Every file of the new clone has another stat, and the same bytes but the article:
    # the state the last deploy saved is used, the article alone parsed again
    assert quick(timings)
    second = json.loads(timings.read_text())
    assert second["rendered"] <= 5  # the article (its page and what shows its text)
    assert 0 < second["search_pages"] <= 15  # one shard of about 10
    deployed = outputs(site / "public")
    page = deployed["vi/tin-tuc/don-ca-tai-tu/index.html"].decode()
    assert "Đoạn mới thêm vào sau lễ hội" in page

    # What a deploy from nothing publishes for the edited commit
    clean = subprocess.run(
        [sys.executable, "build.py", "build", "--out", str(tmp_path / "clean"), "--quiet"],
        cwd=site, env={**os.environ, "BANTIN_SEARCH_SHARD_PAGES": "10"},
        capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    assert deployed == outputs(tmp_path / "clean")
