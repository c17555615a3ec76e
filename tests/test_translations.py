"""`build.py translations`: up to date, missing or stale, stamping, and what changed (git)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import article
from tests.test_messages import VIETNAMESE_SITE

ORIGINAL = "content/tin-tuc/ket-luan-57.md"
TRANSLATION = "content/tin-tuc/ket-luan-57.en.md"


@pytest.fixture(autouse=True)
def git_identity(monkeypatch, tmp_path) -> None:
    """Commits in temp repos, independent of the machine's git configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Biên tập viên")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "btv@example.test")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2026-11-20T10:00:00+07:00")


def git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def original(summary: str = "Sapo về Kết luận 57.", body: str = "Đoạn một.\n\nĐoạn hai.\n",
             title: str = "Kết luận 57", **fields: str) -> str:
    return article(title, body=body, summary=f'"{summary}"',
                   **{"tags": '["đối ngoại", "kết luận"]', "rating": "{points: 5, votes: 1}",
                      **fields})


def english(extra: str = "") -> str:
    return f'---\ntitle: "Conclusion 57"\nslug: conclusion-57\n{extra}---\nParagraph one.\n'


@pytest.fixture
def repo(make_site):
    """A site in a git repository: one translated article (not yet stamped), one untranslated."""
    site = make_site({ORIGINAL: original(), TRANSLATION: english(),
                      "content/tin-tuc/chi-tieng-viet.md": article("Chỉ tiếng Việt")})
    git(site.root, "init", "-q")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "Bài Kết luận 57 và bản dịch")
    return site


def report(site, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = site.run("translations", *args)
    out, err = capsys.readouterr()
    return code, out, err


def status_of(out: str, path: str, lang: str = "en") -> str:
    for line in out.splitlines():
        cells = line.split()
        if cells[:2] == [path, lang]:
            return " ".join(cells[2:-1])
    raise AssertionError(f"no row for {path} {lang} in:\n{out}")


def test_unstamped_translation_is_stale_and_says_how_to_stamp(repo, capsys) -> None:
    code, out, _ = report(repo, capsys)
    assert code == 0
    assert status_of(out, ORIGINAL) == "stale"
    assert f"never stamped: check the translation against the original, then run " \
           f"`python build.py translations --stamp {TRANSLATION}`" in out
    assert status_of(out, "content/tin-tuc/chi-tieng-viet.md") == "missing"
    assert out.rstrip().endswith("0 up to date, 1 stale, 1 missing")
    assert str(repo.root) not in out  # paths are relative to the site


def test_translation_goes_stale_when_source_changes(repo, capsys) -> None:
    code, out, _ = report(repo, capsys, "--stamp", TRANSLATION)
    assert code == 0
    assert out.startswith(f"stamped {TRANSLATION} (source_digest: ")
    git(repo.root, "commit", "-qam", "Đóng dấu bản dịch")
    assert status_of(report(repo, capsys)[1], ORIGINAL) == "up to date"

    repo.write(ORIGINAL, original(summary="Sapo đã sửa số liệu."))
    git(repo.root, "commit", "-qam", "Sửa số liệu trong sapo")
    code, out, _ = report(repo, capsys)
    assert code == 0
    assert status_of(out, ORIGINAL) == "stale"
    explanation = out.split(f"stale: {TRANSLATION} (en, from {ORIGINAL})", 1)[1]
    assert "2026-11-20 Biên tập viên: Sửa số liệu trong sapo" in explanation
    assert "-summary: Sapo về Kết luận 57." in explanation
    assert "+summary: Sapo đã sửa số liệu." in explanation
    assert "Đoạn một" not in explanation  # only what changed, with one line of context

    assert report(repo, capsys, "--fail-on", "stale")[0] == 1
    report(repo, capsys, "--stamp", TRANSLATION)
    code, out, _ = report(repo, capsys, "--fail-on", "stale")
    assert code == 0 and status_of(out, ORIGINAL) == "up to date"


def test_uncommitted_edit_is_shown_too(repo, capsys) -> None:
    report(repo, capsys, "--stamp", TRANSLATION)
    git(repo.root, "commit", "-qam", "Đóng dấu")
    repo.write(ORIGINAL, original(body="Đoạn một.\n\nĐoạn hai, viết lại.\n"))
    _, out, _ = report(repo, capsys)
    assert "(uncommitted changes in the working tree)" in out
    assert "-Đoạn hai." in out and "+Đoạn hai, viết lại." in out


@pytest.mark.parametrize("change", [
    {"rating": "{points: 9, votes: 2}"},
    {"tags": '["kết luận", "đối ngoại"]'},  # the same tags in another order
    {"date": "2023-09-02 07:30", "category": "van-hoa-du-lich"},
    {"directives": '["57-KL/TW"]'},
    {"body": "Đoạn một.   \n\n\n\nĐoạn hai.\n\n"},  # whitespace only
])
def test_changes_that_need_no_translation_keep_it_up_to_date(repo, capsys, change) -> None:
    report(repo, capsys, "--stamp", TRANSLATION)
    repo.write(ORIGINAL, original(**change))
    assert status_of(report(repo, capsys)[1], ORIGINAL) == "up to date"


@pytest.mark.parametrize("change", [
    {"title": "Kết luận 57 (sửa)"}, {"tags": '["đối ngoại", "kết luận", "mới"]'},
    {"image": '{src: "/images/a.jpg", alt: "Hội nghị"}'}, {"body": "Đoạn một.\n"},
])
def test_changes_to_translatable_text_make_it_stale(repo, capsys, change) -> None:
    report(repo, capsys, "--stamp", TRANSLATION)
    repo.write(ORIGINAL, original(**change))
    assert status_of(report(repo, capsys)[1], ORIGINAL) == "stale"


def test_deleting_a_translation_makes_it_missing(repo, capsys) -> None:
    report(repo, capsys, "--stamp", TRANSLATION)
    (repo.root / TRANSLATION).unlink()
    code, out, err = report(repo, capsys, "--fail-on", "stale")
    assert code == 0 and status_of(out, ORIGINAL) == "missing"
    code, out, err = report(repo, capsys, "--fail-on", "missing")
    assert code == 1
    assert "failing as asked by --fail-on missing: 0 up to date, 0 stale, 2 missing" in err


def test_every_configured_language_is_reported(make_site, capsys) -> None:
    from tests.test_third_language import THREE_LANGUAGES

    site = make_site({ORIGINAL: original(), TRANSLATION: english()}, config=THREE_LANGUAGES)
    _, out, _ = report(site, capsys)
    assert status_of(out, ORIGINAL, "en") == "stale"
    assert status_of(out, ORIGINAL, "fr") == "missing"


def test_stale_without_git_says_so(make_site, capsys) -> None:
    stamped = english("source_digest: 0123456789abcdef\n")
    site = make_site({ORIGINAL: original(), TRANSLATION: stamped})
    _, out, _ = report(site, capsys)
    assert status_of(out, ORIGINAL) == "stale"
    assert any(re.fullmatch(r"  stamped from an earlier version \(source_digest "
                            r"0123456789abcdef, now [0-9a-f]{16}\); no git history here to "
                            r"say what changed: compare the translation with the original by "
                            r"hand", line) for line in out.splitlines()), out


def test_stamp_changes_only_the_stamp_line_byte_for_byte(make_site, capsys) -> None:
    crlf = ("\ufeff---\r\ntitle: \"Conclusion 57\"   \r\nsource_digest: old  \r\n"
            "slug: conclusion-57\r\n---\r\nParagraph one.\r\nNo newline at the end").encode()
    site = make_site({ORIGINAL: original(), TRANSLATION: crlf})
    code, out, _ = report(site, capsys, "--stamp", TRANSLATION)
    digest = out.split("source_digest: ")[1].rstrip(")\n")
    assert code == 0 and len(digest) == 16
    after = (site.root / TRANSLATION).read_bytes()
    assert after == crlf.replace(b"source_digest: old  ", f"source_digest: {digest}".encode())

    site.write(TRANSLATION, english())  # no stamp yet: one line inserted before the closing ---
    before = (site.root / TRANSLATION).read_bytes()
    report(site, capsys, "--stamp", str(site.root / TRANSLATION))  # absolute path works too
    assert (site.root / TRANSLATION).read_bytes() == before.replace(
        b"slug: conclusion-57\n---\n", f"slug: conclusion-57\nsource_digest: {digest}\n---\n"
        .encode())
    assert site.build() == 0  # the stamped file is still a valid translation


def test_stamp_goes_before_the_closing_line_the_build_reads(make_site, capsys) -> None:
    """A closing `---` followed by a no-break space (pasted from a word processor) ends the
    front-matter for the build, so the stamp goes before that line too."""
    text = english().replace("\n---\n", "\n---\u00a0\n")
    site = make_site({ORIGINAL: original(), TRANSLATION: text})
    code, out, _ = report(site, capsys, "--stamp", TRANSLATION)
    digest = out.split("source_digest: ")[1].rstrip(")\n")
    assert code == 0
    assert (site.root / TRANSLATION).read_text(encoding="utf-8") == text.replace(
        "slug: conclusion-57\n", f"slug: conclusion-57\nsource_digest: {digest}\n")
    assert status_of(report(site, capsys)[1], ORIGINAL) == "up to date"


def test_stamp_refuses_what_is_not_a_translation(make_site, capsys) -> None:
    site = make_site({ORIGINAL: original(), "content/tin-tuc/mo-coi.en.md": english()})
    code, _, err = report(site, capsys, "--stamp", ORIGINAL)
    assert code == 1
    assert f"{ORIGINAL}: error: is in the default language `vi`, not a translation" in err
    code, _, err = report(site, capsys, "--stamp", "content/tin-tuc/mo-coi.en.md")
    assert code == 1
    assert ("content/tin-tuc/mo-coi.en.md: error: no original to stamp from: expected "
            "content/tin-tuc/mo-coi.md; name the translation after its original's file") in \
        err.splitlines()
    code, _, err = report(site, capsys, "--stamp", "content/tin-tuc/khong-co.en.md")
    assert code == 2
    assert ("build.py translations: error: content/tin-tuc/khong-co.en.md is not a file in "
            f"the site folder {site.root}; give the path of a translation, such as "
            "content/tin-tuc/bai.en.md") in err.splitlines()


def test_stamp_refuses_a_broken_original(make_site, capsys) -> None:
    site = make_site({ORIGINAL: original(date="2023-02-30"), TRANSLATION: english()})
    before = (site.root / TRANSLATION).read_bytes()
    code, _, err = report(site, capsys, "--stamp", TRANSLATION)
    assert code == 1
    assert (f"{ORIGINAL}:3: error: `date` must be a real date such as 2023-09-01 00:14, "
            "got '2023-02-30'") in err
    assert (site.root / TRANSLATION).read_bytes() == before


def test_impossible_date_is_an_error_line_not_a_traceback(make_site, capsys) -> None:
    site = make_site({ORIGINAL: original(expires="2023-11-31", date="2023-09-01")})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert (f"{ORIGINAL}:9: error: `expires` must be a real date such as 2023-09-01 00:14, "
            "got '2023-11-31'") in err
    assert "Traceback" not in err


def test_translation_without_original_is_a_warning_not_a_row(make_site, capsys) -> None:
    site = make_site({ORIGINAL: original(), "content/tin-tuc/mo-coi.en.md": english()})
    code, out, err = report(site, capsys)
    assert code == 0
    assert ("content/tin-tuc/mo-coi.en.md:1: warning: translation without an original: "
            "expected tin-tuc/mo-coi.md in `vi`; name the translation after its original's "
            "file") in err.splitlines()
    assert "mo-coi" not in out


def test_report_and_stamping_speak_the_editors_language(make_site, capsys) -> None:
    site = make_site({ORIGINAL: original(), TRANSLATION: english(),
                      "content/tin-tuc/chi-tieng-viet.md": article("Chỉ tiếng Việt"),
                      "content/tin-tuc/mo-coi.en.md": english()}, config=VIETNAMESE_SITE)
    code, out, err = report(site, capsys, "--fail-on", "missing")
    assert code == 1
    assert err.splitlines() == [
        "content/tin-tuc/mo-coi.en.md:1: warning: bản dịch không có bản gốc: cần có tệp "
        "tin-tuc/mo-coi.md bằng ngôn ngữ `vi`; đặt tên bản dịch theo tên tệp bản gốc",
        "không đạt theo yêu cầu --fail-on missing: 0 đã cập nhật, 0 cần dịch lại, 1 chưa dịch"]
    assert out.splitlines() == [
        "bản gốc                            ngôn ngữ  tình trạng    bản dịch",
        f"{'content/tin-tuc/chi-tieng-viet.md':35}en        chưa dịch     –",
        f"{ORIGINAL:35}en        cần dịch lại  {TRANSLATION}",
        "",
        f"cần dịch lại: {TRANSLATION} (en, dịch từ {ORIGINAL})",
        "  chưa đóng dấu lần nào: đối chiếu bản dịch với bản gốc, rồi chạy "
        f"`python build.py translations --stamp {TRANSLATION}`",
        "",
        "0 đã cập nhật, 1 cần dịch lại, 1 chưa dịch"]
    site.run("check")
    assert (f"{TRANSLATION}:1: warning: bản dịch chưa được đóng dấu: khi bản dịch đã khớp với "
            f"{ORIGINAL}, chạy python build.py translations --stamp {TRANSLATION}") in \
        capsys.readouterr().err.splitlines()

    code, out, err = report(site, capsys, "--stamp", TRANSLATION, ORIGINAL)
    assert code == 1
    assert re.fullmatch(f"đã đóng dấu {TRANSLATION} \\(source_digest: [0-9a-f]{{16}}\\)\n", out)
    assert err.splitlines() == [
        f"{ORIGINAL}: error: tệp này viết bằng ngôn ngữ mặc định `vi`, không phải bản dịch; "
        "chỉ đóng dấu tệp bản dịch <tên>.<mã-ngôn-ngữ>.md"]
    site.write(TRANSLATION, "---\ntitle: Conclusion 57\n")
    code, _, err = report(site, capsys, "--stamp", TRANSLATION)
    assert code == 1
    assert err.splitlines() == [
        f"{TRANSLATION}:1: error: phần thông tin bài thiếu dòng `---` đóng lại; thêm một dòng "
        "chỉ có ba dấu gạch `---` ở cuối phần thông tin, rồi đóng dấu lại"]
    code, out, _ = report(site, capsys, "--lang", "en")
    assert out.splitlines()[0].split() == ["original", "language", "status", "translation"]
    assert out.rstrip().endswith("0 up to date, 1 stale, 1 missing")


def test_what_changed_is_told_in_the_editors_language(repo, capsys) -> None:
    repo.write("config.toml", VIETNAMESE_SITE)
    report(repo, capsys, "--stamp", TRANSLATION)
    git(repo.root, "commit", "-qam", "Đóng dấu")
    repo.write(ORIGINAL, original(summary="Sapo đã sửa số liệu."))
    _, out, _ = report(repo, capsys)
    explanation = out.split(f"cần dịch lại: {TRANSLATION} (en, dịch từ {ORIGINAL})\n", 1)[1]
    stamped = git(repo.root, "log", "-1", "--format=%h", "--", ORIGINAL).strip()
    assert explanation.splitlines()[:4] == [
        f"  dịch từ {ORIGINAL} theo bản {stamped} 2026-11-20; những thay đổi từ đó đến nay:",
        "    (còn thay đổi chưa commit vào git)",
        f"  --- {ORIGINAL} (bản đã đóng dấu)",
        f"  +++ {ORIGINAL} (hiện nay)"]
