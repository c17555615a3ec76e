"""A small NukeViet 4 portal — the district bulletin of Gò Công Tây — written as NukeViet's
admin saves its database (includes/core/dump.php): the dump.tpl header, then per table
`DROP TABLE`, its `SHOW CREATE TABLE`, and one `INSERT INTO `t` VALUES` with a row per line
(NV_EOL + "(…)", joined by ", ", ended by ";"), integers bare, text through PHP's
addslashes, NULL for a missing value. Columns are NukeViet 4.5's (modules/news/
action_mysql.php, modules/page/action_mysql.php, nukeviet/module-laws). The people are
fictional, the sentences written for these tests.
"""

from __future__ import annotations

from typing import Any

HEADER = """-- NUKEVIET 4.0
-- Module: Database
-- http://www.nukeviet.vn
--
-- Host: localhost
-- Generation Time: November 20, 2026, 03:00 AM GMT
-- Server version: 10.6.18-MariaDB
-- PHP Version: 8.2.20

SET SQL_MODE="NO_AUTO_VALUE_ON_ZERO";
SET SESSION `character_set_client`='utf8mb4';
SET SESSION `character_set_results`='utf8mb4';
SET SESSION `character_set_connection`='utf8mb4';
SET SESSION `collation_connection`='utf8mb4_unicode_ci';
SET NAMES 'utf8mb4';
ALTER DATABASE DEFAULT CHARACTER SET `utf8mb4` COLLATE `utf8mb4_unicode_ci`;

--
-- Database: `gocongtay`
--"""

INT = "int(11) NOT NULL DEFAULT '0'"
TEXT = "text NOT NULL"

MODULES = ["title", "module_file", "module_data", "module_upload", "module_theme",
           "custom_title", "site_title", "admin_title", "set_time", "main_file", "admin_file",
           "theme", "mobile", "description", "keywords", "groups_view", "weight", "act",
           "admins", "rss", "sitemap"]
CAT = ["catid", "parentid", "title", "titlesite", "alias", "description", "descriptionhtml",
       "image", "viewdescription", "weight", "sort", "lev", "viewcat", "numsubcat",
       "subcatid", "numlinks", "newday", "featured", "ad_block_cat", "layout_func",
       "keywords", "admins", "add_time", "edit_time", "groups_view", "status"]
ROWS = ["id", "catid", "listcatid", "topicid", "admin_id", "author", "sourceid", "addtime",
        "edittime", "status", "weight", "publtime", "exptime", "archive", "title", "alias",
        "hometext", "homeimgfile", "homeimgalt", "homeimgthumb", "inhome", "allowed_comm",
        "allowed_rating", "external_link", "hitstotal", "hitscm", "total_rating",
        "click_rating", "instant_active", "instant_template", "instant_creatauto"]
DETAIL = ["id", "titlesite", "description", "bodyhtml", "voicedata", "keywords", "sourcetext",
          "files", "imgposition", "layout_func", "copyright", "allowed_send", "allowed_print",
          "allowed_save"]
TAGS = ["tid", "numnews", "title", "alias", "image", "description", "keywords"]
TAGS_ID = ["id", "tid", "keyword"]
PAGE = ["id", "title", "alias", "image", "imagealt", "imageposition", "description",
        "bodytext", "keywords", "socialbutton", "activecomm", "layout_func", "weight",
        "admin_id", "add_time", "edit_time", "status", "hitstotal", "hot_post"]
LAW_ROW = ["id", "replacement", "relatement", "title", "alias", "code", "area_ids", "cid",
           "sid", "eid", "sgid", "note", "introtext", "bodytext", "keywords", "groups_view",
           "groups_download", "files", "status", "approval", "addtime", "edittime",
           "publtime", "start_comm_time", "end_comm_time", "startvalid", "exptime",
           "view_hits", "download_hits", "admin_add", "admin_edit"]
LAW_CAT = ["id", "parentid", "alias", "title", "introduction", "keywords", "newday", "addtime",
           "weight"]
LAW_SUBJECT = ["id", "alias", "title", "introduction", "keywords", "numcount", "numlink",
               "addtime", "weight"]
SIGNER = ["id", "title", "offices", "positions", "addtime"]
CONFIG = ["lang", "module", "config_name", "config_value"]
INTS = {"catid", "parentid", "viewdescription", "weight", "sort", "lev", "numsubcat",
        "numlinks", "newday", "featured", "add_time", "edit_time", "status", "id", "topicid",
        "admin_id", "sourceid", "addtime", "edittime", "publtime", "exptime", "archive",
        "homeimgthumb", "inhome", "allowed_rating", "external_link", "hitstotal", "hitscm",
        "total_rating", "click_rating", "instant_active", "instant_creatauto", "imgposition",
        "copyright", "allowed_send", "allowed_print", "allowed_save", "tid", "numnews",
        "set_time", "main_file", "admin_file", "act", "rss", "sitemap", "imageposition",
        "socialbutton", "hot_post", "cid", "sid", "eid", "sgid", "approval",
        "start_comm_time", "end_comm_time", "startvalid", "view_hits", "download_hits",
        "admin_add", "admin_edit", "numcount", "numlink"}


def addslashes(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"')
            .replace("\0", "\\0"))


def table(name: str, columns: list[str], rows: list[dict[str, Any]]) -> str:
    definition = ",\n".join(f"  `{c}` {INT if c in INTS else TEXT}" for c in columns)
    create = (f"CREATE TABLE `{name}` (\n{definition},\n  PRIMARY KEY (`{columns[0]}`)\n"
              ") ENGINE=MyISAM  DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")
    out = ["\n\n-- ---------------------------------------\n\n\n--\n-- Table structure for table "
           f"`{name}`\n--\n\nDROP TABLE IF EXISTS `{name}`;\n{create};"]
    if rows:
        values = []
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column, 0 if column in INTS else "")
                if value is None:
                    cells.append("NULL")
                elif column in INTS:
                    cells.append(str(int(value)))
                else:
                    text = str(value)
                    if column == "bodyhtml":  # dump.php strips a body's line breaks
                        text = text.replace("\r\n", "").replace("\r", "").replace("\n", "")
                    cells.append("'" + addslashes(text) + "'")
            values.append("\n(" + ", ".join(cells) + ")")
        out.append(f"\n\n--\n-- Dumping data for table `{name}`\n--\n\n"
                   f"INSERT INTO `{name}` VALUES" + ", ".join(values) + ";")
    return "".join(out)


def dump(tables: list[tuple[str, list[str], list[dict[str, Any]]]]) -> str:
    return HEADER + "".join(table(*spec) for spec in tables) + "\n"
