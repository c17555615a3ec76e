"""netlify.toml: how the site is built, previewed and served — and that the pages obey it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from bantin.model.config_file import load_config
from tests.conftest import NOW, REPO

NETLIFY = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def headers_for(path: str) -> dict[str, str]:
    for rule in NETLIFY["headers"]:
        if rule["for"] == path:
            return dict(rule["values"])
    raise AssertionError(f"no [[headers]] for {path}")


def csp() -> dict[str, list[str]]:
    policy = headers_for("/*")["Content-Security-Policy"]
    directives = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.fixture(scope="module")
def demo_public(tmp_path_factory) -> Path:
    from bantin.commands.cli import main

    out = tmp_path_factory.mktemp("netlify") / "public"
    assert main(["build", "--root", str(REPO), "--out", str(out), "--now", NOW]) == 0
    return out


def test_production_build_installs_the_locked_packages_and_builds_into_public() -> None:
    build = NETLIFY["build"]
    assert build["publish"] == "public"
    install, run = build["command"].split(" && ")
    # exactly the locked versions, hashes checked, as ./scripts/setup installs them
    assert install == "pip install -q --require-hashes --no-deps -r requirements.lock"
    assert run.startswith("python build.py") and "--out public" in run
    assert "--drafts" not in run and "--future" not in run


def test_python_version_is_one_the_project_supports() -> None:
    version = NETLIFY["build"]["environment"]["PYTHON_VERSION"]
    minimum = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, version.split("."))) >= tuple(map(int, minimum.split(".")))


@pytest.mark.parametrize("context", ["deploy-preview", "branch-deploy"])
def test_previews_are_built_with_drafts(context) -> None:
    command = NETLIFY["context"][context]["command"]
    assert command.split(" && ")[0] == NETLIFY["build"]["command"].split(" && ")[0]
    assert "python build.py --drafts" in command and "--out public" in command


def test_content_security_policy_is_strict() -> None:
    policy = csp()
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert not any(source in ("*", "data:", "http:", "https:") for source in scripts)
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] in (["'none'"], ["'self'"])
    # one frame only: YouTube's privacy-enhanced player, put in a video's place on click
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert policy.get("child-src") is None


def test_other_security_headers() -> None:
    values = headers_for("/*")
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer",
                                         "same-origin", "strict-origin")
    assert values["X-Frame-Options"] == "DENY"


def test_fingerprinted_assets_are_cached_for_a_year_and_all_are_fingerprinted(
        demo_public) -> None:
    cache = headers_for("/assets/*")["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600
    files = [p for p in (demo_public / "assets").rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert re.search(r"\.[0-9a-f]{10}(\.[\w]+)?$", path.name), path  # a content hash
    assert "no-cache" in headers_for("/next-build.txt")["Cache-Control"]


def test_every_language_gets_its_own_404(demo_public) -> None:
    rules = {rule["from"]: rule for rule in NETLIFY["redirects"]}
    for code in load_config(REPO).language_codes:
        rule = rules[f"/{code}/*"]
        assert (rule["to"], rule["status"]) == (f"/{code}/404.html", 404)
        assert (demo_public / code / "404.html").is_file()


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>",
                            re.IGNORECASE)
_EXTERNAL = re.compile(r"""<script[^>]+src="(?:https?:)?//|<link(?=[^>]*rel="(?:stylesheet|"""
                       r"""preload|modulepreload)")[^>]+href="(?:https?:)?//""", re.IGNORECASE)


def test_built_pages_need_nothing_the_policy_forbids(demo_public) -> None:
    """No inline script, event handler, style attribute or third-party script or stylesheet."""
    pages = sorted(demo_public.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(demo_public).as_posix()
        assert not _INLINE_SCRIPT.search(html), where
        assert not re.search(r"\son[a-z]+=", html), where
        assert not re.search(r"\sstyle=", html), where
        assert "<style" not in html, where
        assert not _EXTERNAL.search(html), where


def test_deploys_install_the_web_editor_but_not_the_test_tools() -> None:
    """Netlify runs npm install with NPM_FLAGS: the editor's packages are dependencies, so
    --omit=dev still installs them; the tests' tools (the Netlify CLI among them) are not."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["environment"]["NPM_FLAGS"] == "--omit=dev"
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert "@sveltia/cms" in package["dependencies"]
    assert {"netlify-cli", "lighthouse"} <= set(package["devDependencies"])
