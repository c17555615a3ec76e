"""core/sqldump: a dump read in chunks gives the same rows wherever the chunks end."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bantin.core import sqldump
from bantin.core.sqldump import DumpError, DumpReader, Row, Table

DUMP = r"""-- NUKEVIET 4.0
SET SQL_MODE="NO_AUTO_VALUE_ON_ZERO";
CREATE TABLE `nv4_vi_news_cat` (
  `catid` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `title` varchar(250) NOT NULL,
  `alias` varchar(250) NOT NULL DEFAULT '',
  PRIMARY KEY (`catid`),
  UNIQUE KEY `alias` (`alias`)
) ENGINE=MyISAM  DEFAULT CHARSET=utf8mb4;

INSERT INTO `nv4_vi_news_cat` VALUES
(1, 'Tin ho\'ạt \"động\" \\ ; (x)', 'tin-hoat-dong'),
(2, 'Dòng
hai', NULL);
/*!40101 SET NAMES utf8 */;
INSERT INTO `x` (`a`,`b`) VALUES (0x4142,_binary 'z'),(-3, 1.5e2);
"""


def events(path: Path) -> list[Table | Row]:
    return list(DumpReader(path))


def test_rows_are_mapped_by_the_create_table_and_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text(DUMP, encoding="utf-8")
    found = events(path)
    assert found[0] == Table("nv4_vi_news_cat", ("catid", "title", "alias"), 3)
    assert [e.mapping() for e in found[1:] if isinstance(e, Row)] == [
        {"catid": 1, "title": "Tin ho'ạt \"động\" \\ ; (x)", "alias": "tin-hoat-dong"},
        {"catid": 2, "title": "Dòng\nhai", "alias": None},
        {"a": "AB", "b": "z"}, {"a": -3, "b": 150.0}]
    assert [e.line for e in found] == [3, 12, 13, 16, 16]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_chunks_may_end_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 chunk: int) -> None:
    path = tmp_path / "a.sql.gz"
    path.write_bytes(gzip.compress(DUMP.encode("utf-8")))
    whole = events(path)
    monkeypatch.setattr(sqldump, "CHUNK", chunk)
    assert events(path) == whole


@pytest.mark.parametrize(("data", "line", "message"), [
    (b"CREATE TABLE t (a int);\nINSERT INTO t VALUES (1),('abc", 2,
     "the dump ends inside a string that starts here: it is cut short; save it again"),
    (b"CREATE TABLE t (a int);\nINSERT INTO t VALUES (1) (2);", 2,
     "expected `,` or `;` after a row of table t, found '('"),
    (b"CREATE TABLE t (a int);\n\xff\xfe", 2,
     "the dump is not UTF-8 text (byte 0xFF); save it again in UTF-8 (NukeViet's own dumps "
     "are)"),
    (b"PK\x03\x04zip", 1, "this is a ZIP archive, not an SQL dump: unzip it and give the .sql "
                          "file inside"),
    (gzip.compress(DUMP.encode())[:60], 1, "the compressed dump is damaged or cut short"),
])
def test_bad_dumps_are_errors_at_their_line(tmp_path: Path, data: bytes, line: int,
                                            message: str) -> None:
    path = tmp_path / "bad.sql"
    path.write_bytes(data)
    with pytest.raises(DumpError) as caught:
        events(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(message)
