"""Scheduled publishing: the build says when it must run again, and the hook trigger obeys."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bantin.rendering import schedule
from tests.conftest import article


def test_build_writes_and_prints_the_next_scheduled_change(make_site, capsys) -> None:
    site = make_site({
        "content/tin-tuc/da-dang.md": article("Đã đăng", expires="2027-06-01 00:00"),
        "content/tin-tuc/hen-gio.md": article("Hẹn giờ", date="2026-12-01 08:30"),
        "content/tin-tuc/hen-gio-sau.md": article("Sau nữa", date="2027-01-01 08:30"),
        "content/tin-tuc/nhap.md": article("Nháp", draft="true", date="2026-11-24 08:00"),
    })
    assert site.build() == 0
    assert site.read("next-build.txt") == "2026-12-01T08:30:00+07:00\n"
    err = capsys.readouterr().err
    assert "next scheduled change: 2026-12-01T08:30:00+07:00" in err
    assert "public/next-build.txt" in err


def test_an_expiry_is_a_scheduled_change_too(make_site) -> None:
    site = make_site({"content/tin-tuc/a.md": article(expires="2026-11-30 17:00")})
    assert site.build() == 0
    assert site.read("next-build.txt") == "2026-11-30T17:00:00+07:00\n"


def test_no_file_when_nothing_is_pending(make_site, capsys) -> None:
    site = make_site({"content/tin-tuc/a.md": article()})
    assert site.build() == 0
    assert not site.exists("next-build.txt")
    assert "next scheduled change" not in capsys.readouterr().err


@pytest.mark.parametrize(("text", "due"), [
    (None, False),
    ("", False),
    ("2026-12-01T08:30:00+07:00\n", True),   # 01:30 UTC, before now
    ("2026-12-01T09:30:00+07:00\n", False),  # 02:30 UTC, after now
])
def test_due_compares_instants_across_offsets(text, due) -> None:
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert schedule.is_due(text, now) is due


class _Netlify(BaseHTTPRequestHandler):
    next_build: str | None = None
    hooks: list[bytes] = []

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/next-build.txt" and self.next_build is not None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(self.next_build.encode())
        else:
            self.send_error(404)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        type(self).hooks.append(self.rfile.read(length))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(("next_build", "calls"), [
    ("2020-01-01T08:00:00+07:00\n", 1),  # due: the hook is called
    ("2999-01-01T08:00:00+07:00\n", 0),  # not yet
    (None, 0),  # nothing pending (404)
])
def test_trigger_calls_the_build_hook_only_when_due(next_build, calls, capsys) -> None:
    _Netlify.next_build, _Netlify.hooks = next_build, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Netlify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert schedule.main(["--site", base, "--hook", base + "/build_hooks/abc"]) == 0
    finally:
        server.shutdown()
    assert len(_Netlify.hooks) == calls
    out = capsys.readouterr().out
    assert ("is due" in out) is bool(calls)


def test_github_action_runs_the_trigger_on_a_schedule_with_the_secret_hook() -> None:
    import yaml

    from tests.conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/scheduled-build.yml").read_text())
    assert workflow[True]["schedule"][0]["cron"] == "*/15 * * * *"  # YAML reads `on` as True
    steps = workflow["jobs"]["trigger"]["steps"]
    run = next(step for step in steps if "run" in step)
    assert run["run"].startswith("python -m bantin.rendering.schedule --site ")
    assert run["env"]["NETLIFY_BUILD_HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
