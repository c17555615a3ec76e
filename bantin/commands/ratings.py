"""Readers' ratings: the votes sent with the article's rating form (a Netlify form) added to
each article's `rating:` front-matter.

`python build.py ratings fetch` reads the form's new submissions through the Netlify API,
drops spam (the honeypot field filled in), votes for no published article and repeated
votes (the same reader for the same article, best effort: a keyed hash of the IP address),
adds the rest to `rating: {points, votes}` of the article's default-language file, editing
that one line and nothing else, and deletes the submissions it has read from Netlify, so
the IP addresses Netlify received are not kept there. On a self-hosted site, `--from-log
PATH` reads the votes nginx logged instead (votes_log.py), with the same rules. What it
keeps between runs is in LEDGER (submission ids and, per article, the voters' keyed hashes;
how far the log was read), committed with the articles by the scheduled workflow
(.github/workflows/ratings.yml). Standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..core.messages import Text, Translations, msg, msg_n
from ..model.config import Config
from ..model.content import is_boundary, parse_source_path, read_document
from ..model.document import Source
from . import votes_log
from .votes_log import Position

API_URL = "https://api.netlify.com/api/v1"
# The environment the command reads: secrets of the repository in the workflow.
ENV_TOKEN = "NETLIFY_AUTH_TOKEN"  # a personal access token of the site's team
ENV_FORM = "NETLIFY_RATING_FORM_ID"  # the id of the form named "rating"
ENV_SALT = "RATINGS_SALT"  # a long random secret: the key of the voters' hashes
ENV_API = "NETLIFY_API_URL"  # another API address (the tests' fake); Netlify's by default
LEDGER = "ratings-ledger.json"
HONEYPOT = "website"  # the field layouts/partials/rating.html hides from people
PER_PAGE = 100
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_RATING_LINE = re.compile(rb"^rating\s*:")
_FLOW_VALUE = re.compile(rb"^(rating\s*:\s*)(\{[^}#]*\})")
_BOM = b"\xef\xbb\xbf"
_ARTICLE = re.compile(r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")


class FormsError(Exception):
    """The Netlify API could not be read (or written); the message says what happened."""


@dataclass(frozen=True, slots=True)
class Submission:
    id: str
    article: str  # "tin-tuc/<name>": the article's default-language file, without .md
    stars: str
    honeypot: str
    ip: str


@dataclass(slots=True)
class Ledger:
    """What the command remembers between runs (LEDGER, JSON, sorted for small diffs)."""

    seen: set[str] = field(default_factory=set)  # submission ids already counted or dropped
    voters: dict[str, set[str]] = field(default_factory=dict)  # article -> voters' hashes
    log: Position | None = None  # how far --from-log has read the votes log

    @classmethod
    def load(cls, root: Path) -> Ledger:
        path = root / LEDGER
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(set(data.get("seen", [])),
                   {article: set(hashes) for article, hashes in data.get("voters", {}).items()},
                   Position.from_json(data.get("log")))

    def save(self, root: Path) -> None:
        data = {"seen": sorted(self.seen),
                "voters": {article: sorted(self.voters[article]) for article in
                           sorted(self.voters)}}
        if self.log is not None:
            data["log"] = self.log.to_json()
        _write_atomically(root / LEDGER, (json.dumps(data, indent=1, ensure_ascii=False)
                                          + "\n").encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Vote:
    submission: str
    voter: str  # voter(ip, salt); "" when the submission had no address
    stars: int


@dataclass(slots=True)
class Tally:
    """The outcome of one run: the votes accepted per article and what was dropped."""

    votes: dict[str, list[Vote]] = field(default_factory=dict)
    spam: int = 0
    repeated: int = 0
    invalid: list[Text] = field(default_factory=list)  # why each dropped vote was dropped


class FormsAPI:
    """The few calls of the Netlify API the command needs (urllib, a bearer token)."""

    def __init__(self, base: str, token: str, form_id: str) -> None:
        self.base, self.token, self.form_id = base.rstrip("/"), token, form_id

    def _call(self, method: str, path: str) -> bytes:
        request = urllib.request.Request(f"{self.base}{path}", method=method, headers={
            "Authorization": f"Bearer {self.token}", "User-Agent": "bantin-ratings"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (https)
                body: bytes = answer.read()  # urlopen's answer is typed Any
                return body
        except urllib.error.HTTPError as exc:
            raise FormsError(f"{method} {path}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FormsError(f"{method} {path}: {exc}") from None

    def submissions(self) -> list[Submission]:
        """Every submission of the form, oldest first (the API gives newest first)."""
        found: list[Submission] = []
        for page in range(1, 10_000):
            query = urllib.parse.urlencode({"page": page, "per_page": PER_PAGE})
            raw = self._call("GET", f"/forms/{urllib.parse.quote(self.form_id)}/submissions"
                                    f"?{query}")
            try:
                items = json.loads(raw)
            except ValueError:
                raise FormsError("the API answered with something that is not JSON") from None
            if not isinstance(items, list):
                raise FormsError("the API answered with something that is not a list")
            found += [_submission(item) for item in items if isinstance(item, dict)]
            if len(items) < PER_PAGE:
                break
        return found[::-1]

    def delete(self, submission_id: str) -> None:
        self._call("DELETE", f"/submissions/{urllib.parse.quote(submission_id)}")

    def settle(self, ledger: Ledger, submissions: Sequence[Submission]) -> list[Text]:
        # An id the API no longer lists was deleted there and cannot come back.
        ledger.seen &= {s.id for s in submissions}
        return []


class LogVotes:
    """The votes nginx logged on a self-hosted site, from where the last run stopped."""

    def __init__(self, path: Path, position: Position | None) -> None:
        self.path, self.position = path, position
        self.lines: list[votes_log.Line] = []
        self.end, self.lost = position, False

    def submissions(self) -> list[Submission]:
        try:
            self.lines, self.end, self.lost = votes_log.read(self.path, self.position)
        except votes_log.LogError as exc:
            raise FormsError(str(exc)) from None
        found = []
        for line in self.lines:
            form = line.fields if line.fields.get("form-name") == "rating" else {}
            found.append(Submission(line.id, form.get("article", "").strip(),
                                    form.get("stars", "").strip(),
                                    form.get(HONEYPOT, "").strip(), line.ip))
        return found

    def settle(self, ledger: Ledger, submissions: Sequence[Submission]) -> list[Text]:
        """The next run starts at the first line not settled (a vote for an article whose
        file has errors); the ledger forgets the ids of the lines before it."""
        pending = next((i for i, line in enumerate(self.lines) if line.id not in ledger.seen),
                       len(self.lines))
        ledger.log = self.lines[pending].at if pending < len(self.lines) else self.end
        ledger.seen -= {line.id for line in self.lines[:pending]}
        if not self.lost:
            return []
        return [msg("%(path)s: where the last run stopped is in neither this file nor %(path)s.1 "
                    "(rotated twice since?): read both from their start; votes in older files "
                    "are not counted", path=str(self.path))]


class VoteSource(Protocol):
    """Where the votes come from: Netlify's API (FormsAPI) or nginx's log (LogVotes)."""

    def submissions(self) -> list[Submission]: ...

    def settle(self, ledger: Ledger, submissions: Sequence[Submission]) -> list[Text]:
        """What the ledger keeps of this source, once the votes are counted; notes for the
        editor."""
        ...


def _submission(item: Mapping[str, object]) -> Submission:
    data = item.get("data")
    data = data if isinstance(data, dict) else {}

    def text(value: object) -> str:
        return value.strip() if isinstance(value, str) else ""

    return Submission(text(item.get("id")) or str(item.get("id", "")), text(data.get("article")),
                      text(data.get("stars")), text(data.get(HONEYPOT)), text(data.get("ip")))


def voter(ip: str, salt: str) -> str:
    """A reader's key per the site: HMAC-SHA256 of the IP address, shortened. Without the
    salt (a secret) the address cannot be found again from it, even by trying them all."""
    return hmac.new(salt.encode(), ip.encode(), hashlib.sha256).hexdigest()[:20]


def tally(submissions: list[Submission], ledger: Ledger, articles: set[str],
          salt: str) -> Tally:
    """Sort the submissions the ledger has not seen: votes to count, and the dropped ones
    (spam, no such article, no 1-5 stars, the reader's second vote for an article), which
    the ledger learns at once. Accepted votes are learnt once their article is written."""
    result = Tally()
    for item in submissions:
        if item.id in ledger.seen:
            continue
        if item.honeypot:
            result.spam += 1
        elif item.article not in articles:
            result.invalid.append(msg("submission %(id)s: no article %(article)s",
                                      id=item.id, article=repr(item.article)))
        elif item.stars not in ("1", "2", "3", "4", "5"):
            result.invalid.append(msg("submission %(id)s: stars must be 1 to 5, got "
                                      "%(stars)s", id=item.id, stars=repr(item.stars)))
        else:
            who = voter(item.ip, salt) if item.ip else ""
            batch = result.votes.setdefault(item.article, [])
            if who and (who in ledger.voters.get(item.article, ())
                        or any(vote.voter == who for vote in batch)):
                result.repeated += 1
            else:
                batch.append(Vote(item.id, who, int(item.stars)))
                continue  # seen once counted
        ledger.seen.add(item.id)
    return result


def set_rating(raw: bytes, points: int, votes: int) -> bytes:
    """The file with its `rating:` set to {points, votes}; every other byte unchanged.

    A flow mapping on one line (`rating: {points: 5, votes: 1}  # note`) has the mapping
    replaced and the rest of the line kept; a block mapping (`rating:` and indented lines)
    becomes one line; without `rating:` one is added before the closing `---`."""
    bom = _BOM if raw.startswith(_BOM) else b""
    lines = raw[len(bom):].splitlines(keepends=True)
    if not lines or not is_boundary(lines[0].rstrip(b"\r\n")):
        raise ValueError("the file has no front-matter")
    newline = b"\r\n" if lines[0].endswith(b"\r\n") else b"\n"
    value = f"{{points: {points}, votes: {votes}}}".encode()
    for index in range(1, len(lines)):
        content = lines[index].rstrip(b"\r\n")
        if is_boundary(content):
            lines.insert(index, b"rating: " + value + newline)
            break
        if _RATING_LINE.match(content):
            flow = _FLOW_VALUE.match(content)
            if flow:
                lines[index] = flow.group(1) + value + lines[index][flow.end():]
            else:
                end = index + 1
                while end < len(lines) and lines[end][:1] in (b" ", b"\t"):
                    end += 1  # the block mapping's indented lines
                ending = lines[end - 1][len(lines[end - 1].rstrip(b"\r\n")):] or newline
                lines[index:end] = [b"rating: " + value + ending]
            break
    else:
        raise ValueError("the front-matter has no closing `---` line")
    return bom + b"".join(lines)


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)


def _article_files(config: Config) -> Iterator[tuple[str, str]]:
    """("tin-tuc/<name>", its default-language file) of every article in content/."""
    for section_id, section in config.sections.items():
        folder = config.root / "content" / section_id
        if section.kind != "article" or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.md")):
            relative = f"content/{section_id}/{path.name}"
            source = parse_source_path(relative, config)
            if (isinstance(source, Source) and source.lang == config.default_language
                    and path.is_file() and not path.is_symlink()):
                yield f"{section_id}/{source.name}", relative


def fetch(config: Config, api: VoteSource, salt: str, keep: bool = False,
          words: Translations | None = None) -> int:
    """Count the new votes into the articles; print what was done. Files are written only
    once everything was read; submissions are deleted only once the files are written."""
    files = dict(_article_files(config))
    submissions = api.submissions()
    ledger = Ledger.load(config.root)
    result = tally(submissions, ledger, set(files), salt)
    changed = []
    for article in sorted(result.votes):
        votes = result.votes[article]
        if not votes:
            continue
        relative = files[article]
        source = parse_source_path(relative, config)
        assert isinstance(source, Source)  # _article_files kept only Sources
        doc = read_document(config.root, source, config)
        if any(d.severity == "error" for d in doc.diagnostics):
            print(f"{relative}: error: " + msg_n(
                "%(count)s new vote not counted yet: the file has errors (run `python build.py "
                "check`); the next run counts it", "%(count)s new votes not counted yet: the "
                "file has errors (run `python build.py check`); the next run counts them",
                len(votes)).render(words), file=sys.stderr)
            continue
        before = doc.meta.rating
        stars = [vote.stars for vote in votes]
        points = (before.points if before else 0) + sum(stars)
        total = (before.votes if before else 0) + len(stars)
        path = config.root / relative
        _write_atomically(path, set_rating(path.read_bytes(), points, total))
        ledger.seen.update(vote.submission for vote in votes)
        ledger.voters.setdefault(article, set()).update(v.voter for v in votes if v.voter)
        changed.append(relative)
        print(f"{relative}: " + msg_n(
            "+%(count)s vote (%(stars)s): rating {points: %(points)s, votes: %(votes)s}",
            "+%(count)s votes (%(stars)s): rating {points: %(points)s, votes: %(votes)s}",
            len(stars), stars=", ".join(map(str, stars)), points=points, votes=total,
        ).render(words))
    notes = api.settle(ledger, submissions)
    ledger.save(config.root)
    for note in notes:
        print(f"build.py ratings: warning: {note.render(words)}", file=sys.stderr)
    for reason in result.invalid:
        print(msg("dropped %(reason)s", reason=reason).render(words), file=sys.stderr)
    print(msg_n("%(count)s article updated; dropped %(spam)s spam, %(repeated)s repeated, "
                "%(invalid)s invalid", "%(count)s articles updated; dropped %(spam)s spam, "
                "%(repeated)s repeated, %(invalid)s invalid", len(changed), spam=result.spam,
                repeated=result.repeated, invalid=len(result.invalid)).render(words))
    if keep or not isinstance(api, FormsAPI):  # the votes log is never changed
        return EXIT_OK
    try:
        for submission in submissions:
            if submission.id in ledger.seen:
                api.delete(submission.id)
    except FormsError as exc:
        print("build.py ratings: error: " + msg(
            "the votes are counted, but deleting them from Netlify failed: %(problem)s; "
            "%(ledger)s keeps them from being counted twice", problem=str(exc),
            ledger=LEDGER).render(words), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def run(config: Config, action: str, keep: bool, words: Translations | None = None,
        from_log: Path | None = None) -> int:
    """`python build.py ratings fetch [--keep | --from-log PATH]`, configured from the
    environment."""
    if from_log is not None:
        return _run_from_log(config, from_log, keep, words)
    missing = [name for name in (ENV_TOKEN, ENV_FORM, ENV_SALT) if not os.environ.get(name)]
    if missing:
        print("build.py ratings: error: " + msg(
            "set %(names)s in the environment (see docs/ratings.md)",
            names=", ".join(missing)).render(words), file=sys.stderr)
        return EXIT_USAGE
    api = FormsAPI(os.environ.get(ENV_API) or API_URL, os.environ[ENV_TOKEN],
                   os.environ[ENV_FORM])
    try:
        return fetch(config, api, os.environ[ENV_SALT], keep, words)
    except FormsError as exc:
        print("build.py ratings: error: " + msg(
            "the Netlify API: %(problem)s; nothing was changed", problem=str(exc)).render(words),
            file=sys.stderr)
        return EXIT_FAILED


def _run_from_log(config: Config, path: Path, keep: bool, words: Translations | None) -> int:
    """`ratings fetch --from-log PATH`: the votes nginx logged, RATINGS_SALT alone needed."""
    problem = (msg("--keep is for Netlify's submissions: the votes log is never changed")
               if keep else None if os.environ.get(ENV_SALT) else
               msg("set %(names)s in the environment (see docs/ratings.md)", names=ENV_SALT))
    if problem:
        print(f"build.py ratings: error: {problem.render(words)}", file=sys.stderr)
        return EXIT_USAGE
    source = LogVotes(path, Ledger.load(config.root).log)
    try:
        return fetch(config, source, os.environ[ENV_SALT], keep, words)
    except FormsError as exc:
        print("build.py ratings: error: " + msg(
            "the votes log: %(problem)s; nothing was changed", problem=str(exc)).render(words),
            file=sys.stderr)
        return EXIT_FAILED
