"""The command line: python build.py [COMMAND] [OPTIONS]. Exit 0 ok, 1 content errors, 2 usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..core import heap, messages
from ..core.diagnostics import Diagnostics
from ..core.messages import Translations, msg, msg_n
from ..model import freshness
from ..model.config import Config, ConfigError
from ..model.config_file import editor_language, load_config
from ..rendering.schedule import NEXT_BUILD_FILE

if TYPE_CHECKING:
    from ..core.progress import Progress
    from ..model.options import BuildOptions

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 as well; keep its wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


_NO_SEARCH = "skip the search index (quicker; the search page then finds nothing)"
_QUIET = ("show no progress (on a terminal, a line with the phase and the time left; "
          "otherwise a line per phase); errors and the summary still print")


def _common(parser: argparse.ArgumentParser, publishing: bool = True) -> None:
    """The options every command takes; `publishing`: also what a build includes, and the
    messages' language (`new` has its own --lang: the language of the translation it makes)."""
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the site folder (default: the current folder)")
    if publishing:
        parser.add_argument("--lang", dest="messages_lang", metavar="CODE", default=None,
                            choices=messages.languages(),
                            help="the language of the messages (default: editor_language in "
                            "config.toml, else the site's default language)")
        parser.add_argument("--drafts", action="store_true",
                            help="include drafts, with a banner (for previews)")
        parser.add_argument("--future", action="store_true",
                            help="include articles dated in the future")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help=argparse.SUPPRESS)  # for tests and reproducible builds


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Build the Bantin bulletin site.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    parser.set_defaults(command="build")
    _common(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default public/)")
    parser.add_argument("--no-search", action="store_true", help=_NO_SEARCH)
    parser.add_argument("--quiet", action="store_true", help=_QUIET)
    build = sub.add_parser("build", help="build the production site into public/")
    _common(build)
    build.add_argument("--out", type=Path, default=None, help="output folder (default public/)")
    build.add_argument("--no-search", action="store_true", help=_NO_SEARCH)
    build.add_argument("--quiet", action="store_true", help=_QUIET)
    check = sub.add_parser("check", help="validate everything without writing the site")
    _common(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: one object on standard output, for other tools")
    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    _common(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-search", action="store_true", help=_NO_SEARCH)
    serve.add_argument("--quiet", action="store_true", help=_QUIET)
    serve.add_argument("--out", type=Path, default=None)
    new = sub.add_parser("new", help="scaffold an article, a translation of one, or a "
                         "directive from its text")
    _common(new, publishing=False)
    article = new.add_argument_group("a new article or page")
    article.add_argument("title", nargs="?", help="the article's title (gives its URL name)")
    article.add_argument("--author", help="an id in content/authors.toml")
    article.add_argument("--category", help="a category id in config.toml")
    article.add_argument("--section", default=None,
                         help="content folder (default tin-tuc)")
    translation = new.add_argument_group("a translation")
    translation.add_argument("--translate", metavar="FILE", help="the original to translate")
    translation.add_argument("--lang", help="the language of the translation, e.g. en")
    new.add_argument_group("a directive").add_argument(
        "--directive", metavar="FILE",
        help="the text of a formal document (.txt as copied from the PDF or Word file, or "
             ".docx): writes a draft content/van-ban/<name>.md and prints its path")
    translations = sub.add_parser(
        "translations", help="per page and language: up to date, missing or stale")
    _common(translations)
    translations.add_argument("--stamp", nargs="+", metavar="FILE", default=None,
                              help="record that these translations match their originals now")
    translations.add_argument("--fail-on", action="append", default=[], metavar="STATUS",
                              choices=["stale", "missing"],
                              help="exit 1 when a translation is stale or missing (repeatable)")
    i18n = sub.add_parser("i18n", help="UI catalogs: extract the layouts' strings, update "
                          "every language's catalog, check for missing translations")
    _common(i18n)
    i18n.add_argument("action", choices=("extract", "update", "check"))
    directives = sub.add_parser("directives", help="list the registered directives, or with "
                                "--scan print every directive number found in files")
    _common(directives)
    directives.add_argument("--scan", nargs="+", metavar="FILE", default=None,
                            help="print `path:line: NUMBER` for every number in the files")
    ratings = sub.add_parser("ratings", help="readers' ratings: add the votes sent through "
                             "the rating form to the articles (docs/ratings.md)")
    _common(ratings)
    ratings.add_argument("action", choices=("fetch",))
    ratings.add_argument("--keep", action="store_true",
                         help="leave the submissions on Netlify (they are deleted by default)")
    ratings.add_argument("--from-log", type=Path, default=None, metavar="PATH",
                         help="read the votes nginx logged (self-hosted; `server-config nginx "
                         "--votes-log`), not Netlify's")
    server = sub.add_parser("server-config", help="print the configuration of a web server "
                            "serving the built site as netlify.toml describes")
    _common(server, publishing=False)
    server.add_argument("server", choices=("nginx",))
    server.add_argument("--out", type=Path, default=None,
                        help="the built site (default public/)")
    server.add_argument("--listen", default="80", metavar="ADDR:PORT",
                        help="nginx's `listen`, e.g. 127.0.0.1:8080 (default 80)")
    server.add_argument("--server-name", default="_", metavar="NAME",
                        help="the site's host name, e.g. thongtindoingoai.gocongtay.gov.vn")
    server.add_argument("--web-root", default=None, metavar="PATH",
                        help="where the built site is on the server (default: --out)")
    server.add_argument("--brotli", action="store_true",
                        help="compress with brotli too (Debian's "
                        "libnginx-mod-http-brotli-filter)")
    server.add_argument("--votes-log", default=None, metavar="PATH",
                        help="where nginx writes the readers' votes, for `ratings fetch "
                        "--from-log` (default /var/log/nginx/bantin-votes.log)")
    importer = sub.add_parser("import", help="move an old site's content in: articles, pages, "
                              "documents, images (docs/import-nukeviet.md, docs/import-other.md)")
    _common(importer, publishing=False)
    importer.add_argument("--lang", dest="messages_lang", metavar="CODE", default=None,
                          choices=messages.languages(), help="the language of the messages")
    importer.add_argument("source", choices=("nukeviet", "wordpress", "feed"),
                          help="the old site's software, or a feed (RSS 2.0, Atom)")
    importer.add_argument("dump", type=Path, help="NukeViet's database dump (.sql or .sql.gz), "
                          "WordPress's export (.xml), or the feed's file")
    importer.add_argument("--uploads", type=Path, default=None,
                          help="its uploads/ folder, for images and attached files")
    importer.add_argument("--quiet", action="store_true", help=_QUIET)
    importer.add_argument("--dry-run", action="store_true",
                          help="say what would be written, and write nothing")
    return parser


def _now(args: argparse.Namespace, config: Config) -> datetime:
    now: datetime | None = args.now
    if now is None:
        return datetime.now(tz=config.tz)
    return now.replace(tzinfo=config.tz) if now.tzinfo is None else now


def _options(args: argparse.Namespace, config: Config) -> BuildOptions:
    from ..model.options import BuildOptions

    return BuildOptions(now=_now(args, config), drafts=getattr(args, "drafts", False),
                        future=getattr(args, "future", False),
                        search=not getattr(args, "no_search", False))


def _announce_next_change(out: Path, words: Translations | None, when: str | None = None) -> None:
    if when is None:
        try:
            when = (out / NEXT_BUILD_FILE.lstrip("/")).read_text(encoding="utf-8").strip()
        except OSError:
            return
    hook_file = out.name + NEXT_BUILD_FILE
    say(msg("next scheduled change: %(when)s (an article goes live or expires); written to "
            "%(file)s for the scheduled build hook", when=when, file=hook_file), words)


def _progress(args: argparse.Namespace, words: Translations | None) -> Progress:
    from ..core.progress import Progress, mode_for

    return Progress(sys.stderr, mode_for(sys.stderr, args.quiet), words)


def say(text: messages.Text, words: Translations | None) -> None:
    """One line to the editor on standard error, in their language."""
    print(text.render(words), file=sys.stderr)


def report(diagnostics: Diagnostics, words: Translations | None = None) -> None:
    for item in diagnostics.sorted():
        print(item.render(words), file=sys.stderr)


def _directives(args: argparse.Namespace, config: Config, options: BuildOptions,
                words: Translations | None) -> int:
    from ..directive.registry import Registry
    from ..engine import validation
    from . import directives as directives_cli

    result = validation.check(config, options)
    registry = result.site.directives if result.site else None
    report(result.diagnostics, words)
    status = EXIT_CONTENT if result.diagnostics.errors else EXIT_OK
    if args.scan is not None:
        # Content problems elsewhere do not stop a scan; they are reported with it.
        return max(status, directives_cli.scan(args.scan, registry or Registry(), words))
    if registry is not None:
        directives_cli.list_registry(registry)
    return status


def main(argv: Sequence[str] | None = None, exits_after: bool = False) -> int:
    """Run one command. `exits_after`: the process ends with it (build.py), so, but for the
    long-lived `serve`, the garbage collector stays off (heap.py)."""
    args = make_parser().parse_args(argv)
    if exits_after and args.command != "serve":
        heap.for_one_command()
    root = args.root.resolve()
    requested = getattr(args, "messages_lang", None)
    try:
        config = load_config(root)
    except ConfigError as exc:
        # config.toml cannot name the language: read what it can of it
        words = messages.translations_for(editor_language(root, requested))
        if args.command == "check":
            from .checking import print_report

            print_report(exc.diagnostics, 0, args.strict, args.format, words)
        else:
            report(exc.diagnostics, words)
        return EXIT_CONTENT
    words = messages.translations_for(requested or config.editor_language)
    default_out = root / (".cache/preview" if args.command == "serve" else "public")
    out = (args.out if getattr(args, "out", None) else default_out).resolve()
    options = _options(args, config)

    if args.command == "check":
        from .checking import run_check

        return run_check(config, options, strict=args.strict, output=args.format, words=words)
    if args.command == "i18n":
        from .i18n import run as run_i18n

        return run_i18n(config, args.action, words)
    if args.command == "new":
        from .new import run_new

        return run_new(config, args.title, args.author, args.category, args.section,
                       args.translate, args.lang, args.directive, options.now, words)
    if args.command == "translations":
        from .translations import run

        return run(config, args.stamp, args.fail_on, words)
    if args.command == "directives":
        return _directives(args, config, options, words)
    if args.command == "server-config":
        from .server_config import run as run_server_config

        return run_server_config(config, out, args.listen, args.server_name, args.web_root,
                                 args.brotli, words, args.votes_log)
    if args.command == "import":
        from . import import_feed, import_nukeviet, import_wordpress

        run_import = {"nukeviet": import_nukeviet.run, "wordpress": import_wordpress.run,
                      "feed": import_feed.run}[args.source]
        return run_import(config, args.dump, args.uploads, args.dry_run, options.now, words,
                          _progress(args, words))
    if args.command == "ratings":
        from .ratings import run as run_ratings

        return run_ratings(config, args.action, args.keep, words, args.from_log)
    if args.command == "serve":
        from .serve import serve

        return serve(config, options, out, args.port, words, _progress(args, words))
    from ..engine import Engine, Kind

    # one engine per process: it decides what the build does, and saves its state for
    # the next process
    # progress only once the build is not up to date; its line is erased before the report
    result = Engine(out, saves_state=True).build(config, options, freshness.scan(root),
                                                 lambda: _progress(args, words))
    if result.kind is Kind.UP_TO_DATE:  # nothing changed since the last build
        report(result.diagnostics, words)  # its warnings, again
        say(msg("%(out)s is up to date: nothing changed since the last build", out=str(out)),
            words)
        _announce_next_change(out, words)
        return EXIT_OK
    report(result.diagnostics, words)
    if not result.ok:
        say(msg_n("build failed: %(count)s error; %(out)s/ left as it was",
                  "build failed: %(count)s errors; %(out)s/ left as it was",
                  len(result.diagnostics.errors), out=out.name), words)
        return EXIT_CONTENT
    say(msg("built %(pages)s pages into %(out)s (%(made)s files written, %(removed)s removed, "
            "the rest unchanged)", pages=result.pages_written, out=str(out), made=result.made,
            removed=result.removed), words)
    when = result.site.next_change() if result.site else None
    if when is not None:
        _announce_next_change(out, words, when.isoformat())
    return EXIT_OK
