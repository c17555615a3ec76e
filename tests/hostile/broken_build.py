"""What every hostile input must leave behind: error lines, and public/ exactly as it was."""

from __future__ import annotations

import pytest

from tests.conftest import SiteDir


def fails_keeping_public(site: SiteDir, capsys: pytest.CaptureFixture[str],
                         files: dict[str, str | bytes]) -> list[str]:
    """Build the site, add `files`, build again: the second build exits 1 without a
    traceback and leaves public/ byte for byte as the first made it. Its error lines."""
    assert site.build("--no-search") == 0, capsys.readouterr().err
    before = site.output_files()
    capsys.readouterr()
    for relative, data in files.items():
        site.write(relative, data)
    assert site.build("--no-search") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert site.output_files() == before
    return [line for line in err.splitlines() if ": error: " in line]
