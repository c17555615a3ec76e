"""`ratings fetch --from-log`: the votes nginx logged (the line `server-config nginx` sets
up), counted with Netlify's rules, each line once, across logrotate's renames."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bantin.commands.ratings import LEDGER
from tests.conftest import article

SALT = "a long random secret for the tests"


def line(stars: str, ip: str, name: str = "kl57", bot: bool = False, form: str = "rating") -> str:
    """One vote as nginx logs it (escape=json), the form's fields as the browser sends them."""
    body = urlencode({"form-name": form, "article": f"tin-tuc/{name}",
                      "website": "http://spam.example" if bot else "", "stars": stars})
    return json.dumps({"time": "2026-11-23T10:00:00+07:00", "id": uuid.uuid4().hex, "ip": ip,
                       "body": body}) + "\n"


def append(log: Path, *lines: str) -> None:
    with log.open("a", encoding="utf-8") as file:
        file.write("".join(lines))


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("RATINGS_SALT", SALT)
    return make_site({"content/tin-tuc/kl57.md": article("Kết luận 57"),
                      "content/tin-tuc/khac.md": article("Bài khác")})


def fetch(site, log: Path, capsys) -> tuple[int, str, str]:
    status = site.run("ratings", "fetch", "--from-log", str(log))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def rating(site, name: str = "kl57") -> str:
    text = (site.root / f"content/tin-tuc/{name}.md").read_text(encoding="utf-8")
    return next(row for row in text.splitlines() if row.startswith("rating:"))


def test_the_same_rules_as_on_netlify_and_each_line_once(site, tmp_path, capsys) -> None:
    log = tmp_path / "votes.log"
    append(log, line("4", "203.0.113.7"), line("3", "198.51.100.2"),
           line("1", "203.0.113.7"),  # the same reader again
           line("5", "192.0.2.9", bot=True),  # the honeypot filled in
           line("5", "192.0.2.9", name="khong-co"),  # no such article
           line("9", "192.0.2.10"),  # no such stars
           line("5", "192.0.2.11", form="contact"),  # not the rating form
           "not a line nginx writes\n")
    status, out, err = fetch(site, log, capsys)
    assert status == 0
    assert "content/tin-tuc/kl57.md: +2 votes (4, 3): rating {points: 7, votes: 2}" in out
    assert "0 articles updated" not in out and "dropped 1 spam, 1 repeated, 4 invalid" in out
    assert "stars must be 1 to 5, got '9'" in err
    ledger = (site.root / LEDGER).read_text(encoding="utf-8")
    assert "203.0.113.7" not in ledger and json.loads(ledger)["seen"] == []
    assert json.loads(ledger)["log"]["offset"] == log.stat().st_size

    assert fetch(site, log, capsys)[1].endswith(
        "0 articles updated; dropped 0 spam, 0 repeated, 0 invalid\n")
    append(log, line("5", "203.0.113.7"), line("5", "192.0.2.44"))
    assert "+1 vote (5): rating {points: 12, votes: 3}" in fetch(site, log, capsys)[1]


def test_a_rotated_log_is_read_to_its_end_then_the_new_one(site, tmp_path, capsys) -> None:
    log = tmp_path / "votes.log"
    log.touch()  # nginx opens it at start: empty before the first vote
    assert fetch(site, log, capsys)[0] == 0
    append(log, line("4", "203.0.113.7"))
    assert "+1 vote (4)" in fetch(site, log, capsys)[1]
    append(log, line("2", "198.51.100.2"))
    # logrotate (Debian: daily, delaycompress): renamed to .1, nginx reopens a new file
    log.rename(log.with_name("votes.log.1"))
    append(log, line("5", "192.0.2.9"))
    status, out, err = fetch(site, log, capsys)
    assert (status, err) == (0, "")
    assert "+2 votes (2, 5): rating {points: 11, votes: 3}" in out
    # An empty log rotated after a run: the votes of the day are in .1, read from its start.
    log.with_name("votes.log.1").unlink()
    log.rename(log.with_name("votes.log.1"))
    log.touch()
    assert fetch(site, log, capsys)[0] == 0
    (tmp_path / "votes.log.1").unlink()
    log.rename(log.with_name("votes.log.1"))
    append(log.with_name("votes.log.1"), line("3", "192.0.2.10"))  # came before the rename
    log.touch()
    assert "+1 vote (3): rating {points: 14, votes: 4}" in fetch(site, log, capsys)[1]


def test_a_position_lost_to_two_rotations_is_said(site, tmp_path, capsys) -> None:
    log = tmp_path / "votes.log"
    append(log, line("4", "203.0.113.7"))
    fetch(site, log, capsys)
    os.replace(log, tmp_path / "old")
    append(log.with_name("votes.log.1"), line("2", "198.51.100.2"))
    append(log, line("5", "192.0.2.9"))
    status, out, err = fetch(site, log, capsys)
    assert status == 0 and "+2 votes (2, 5)" in out
    assert "rotated twice since?" in err


def test_a_vote_for_a_file_with_errors_waits_and_a_partial_line_too(site, tmp_path,
                                                                    capsys) -> None:
    log = tmp_path / "votes.log"
    broken = site.root / "content/tin-tuc/khac.md"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("date: 2023-09-01 00:14", "date: 2023-02-30 08:00"),
                      encoding="utf-8")
    append(log, line("2", "203.0.113.7", name="khac"), line("4", "203.0.113.7"))
    half = line("5", "192.0.2.9")
    append(log, half[:40])  # nginx is writing it
    status, out, err = fetch(site, log, capsys)
    assert "1 new vote not counted yet" in err and "+1 vote (4)" in out
    broken.write_text(good, encoding="utf-8")
    append(log, half[40:])
    status, out, _ = fetch(site, log, capsys)
    assert "content/tin-tuc/khac.md: +1 vote (2)" in out
    assert "content/tin-tuc/kl57.md: +1 vote (5)" in out  # the vote for kl57: once
    assert rating(site) == "rating: {points: 9, votes: 2}"
    assert json.loads((site.root / LEDGER).read_text(encoding="utf-8"))["seen"] == []


def test_what_the_log_needs(site, tmp_path, monkeypatch, capsys) -> None:
    log = tmp_path / "votes.log"
    status, _, err = fetch(site, log, capsys)
    assert status == 1 and "votes.log: no such file; nothing was changed" in err
    log.touch()
    assert site.run("ratings", "fetch", "--from-log", str(log), "--keep") == 2
    assert "--keep is for Netlify's submissions" in capsys.readouterr().err
    monkeypatch.delenv("RATINGS_SALT")
    assert fetch(site, log, capsys)[:2] == (2, "")
