# ruff: noqa: E501  (the lines are as WordPress writes them: one element a line, however long)
"""Gò Công Tây's bulletin as an old WordPress site would have exported it (Tools → Export:
WXR 1.2, wp-admin/includes/export.php), and as its RSS 2.0 and Atom feeds. Text written for
these tests; the people are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SiteDir

SITE = "https://gocongtay.example.vn"

CLASSIC_BODY = """Tối 31/8, tại khu di tích Trương Định, huyện Gò Công Tây long trọng khai mạc Lễ hội truyền thống.
Lễ hội diễn ra suốt <strong>ba ngày</strong>.

[caption id="attachment_31" align="aligncenter" width="640"]<img class="size-large wp-image-31" src="https://gocongtay.example.vn/wp-content/uploads/2023/08/khai-mac.jpg" alt="" width="640" height="480" /> Quang cảnh lễ khai mạc[/caption]

Xem thêm <a href="https://gocongtay.example.vn/2023/08/24/hoi-nghi-dan-van/">hội nghị dân vận</a> và <a href="https://gocongtay.example.vn/wp-content/uploads/2023/06/qd-12.pdf">Quyết định 12/QĐ-UBND</a>.

[gallery ids="31"]

<iframe src="https://www.youtube.com/embed/Xy12ab34CDE" title="Lễ hội Trương Định"></iframe>"""

BLOCK_BODY = """<!-- wp:paragraph -->
<p>Hội nghị biểu dương 12 mô hình dân vận khéo.</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul><li>Xã Bình Nhì: 4 mô hình</li><li>Xã Long Bình: 3 mô hình</li></ul>
<!-- /wp:list -->"""


def item(post_id: int, title: str, post_type: str, status: str, link: str, name: str,
         gmt: str, body: str = "", excerpt: str = "", creator: str = "mai.tran",
         terms: str = "", meta: dict[str, str] | None = None, extra: str = "") -> str:
    metas = "".join(f"""
		<wp:postmeta>
			<wp:meta_key><![CDATA[{key}]]></wp:meta_key>
			<wp:meta_value><![CDATA[{value}]]></wp:meta_value>
		</wp:postmeta>""" for key, value in (meta or {}).items())
    return f"""
	<item>
		<title><![CDATA[{title}]]></title>
		<link>{link}</link>
		<pubDate>Thu, 31 Aug 2023 17:14:00 +0000</pubDate>
		<dc:creator><![CDATA[{creator}]]></dc:creator>
		<guid isPermaLink="false">{SITE}/?p={post_id}</guid>
		<description></description>
		<content:encoded><![CDATA[{body}]]></content:encoded>
		<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date><![CDATA[2023-09-01 00:14:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[{name}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>{extra}{terms}{metas}
	</item>"""


def wxr() -> str:
    items = [
        item(24, "Khai mạc Lễ hội truyền thống &#8220;Trương Định&#8221;", "post", "publish",
             f"{SITE}/2023/09/01/khai-mac-le-hoi/", "khai-mac-le-hoi", "2023-08-31 17:14:00",
             CLASSIC_BODY, "Lễ hội diễn ra từ ngày 31/8.", terms="""
		<category domain="category" nicename="tin-hoat-dong"><![CDATA[Tin hoạt động]]></category>
		<category domain="category" nicename="van-hoa-du-lich"><![CDATA[Văn hóa - Du lịch]]></category>
		<category domain="post_tag" nicename="le-hoi"><![CDATA[lễ hội]]></category>""",
             meta={"_thumbnail_id": "31", "_wp_old_slug": "khai-mac-le-hoi-truyen-thong"}),
        item(25, "Hội nghị dân vận khéo", "post", "publish",
             f"{SITE}/2023/08/24/hoi-nghi-dan-van/", "hoi-nghi-dan-van", "2023-08-24 00:30:00",
             BLOCK_BODY, creator="admin", terms="""
		<category domain="category" nicename="x%c3%a3-b%c3%acnh-nh%c3%ac"><![CDATA[Xã Bình Nhì]]></category>"""),
        item(26, "Bài đang soạn", "post", "draft", f"{SITE}/?p=26", "",
             "0000-00-00 00:00:00", "Chưa xong."),
        item(27, "Kế hoạch nội bộ", "post", "private", f"{SITE}/2026/11/20/ke-hoach-noi-bo/",
             "ke-hoach-noi-bo", "2026-11-20 02:00:00", "Chỉ cán bộ xem."),
        item(28, "Lễ hội Kỳ Yên 2027", "post", "future", f"{SITE}/?p=28", "le-hoi-ky-yen-2027",
             "2027-01-10 01:00:00", "Chương trình lễ hội năm 2027."),
        item(29, "Bài đã xóa", "post", "trash", f"{SITE}/?p=29", "bai-da-xoa__trashed",
             "2023-01-01 00:00:00", "Bỏ."),
        item(30, "Lịch sử huyện Gò Công Tây", "page", "publish", f"{SITE}/gioi-thieu/lich-su-huyen/",
             "lich-su-huyen", "2023-01-01 00:00:00",
             "<h2>Tên đất</h2>\nGò Công là vùng đất cổ.\n\nNay thuộc tỉnh Tiền Giang.",
             excerpt="Vùng đất giàu truyền thống."),
        item(31, "khai-mac", "attachment", "inherit",
             f"{SITE}/2023/09/01/khai-mac-le-hoi/khai-mac/", "khai-mac", "2023-08-31 17:10:00",
             extra=f"""
		<wp:attachment_url><![CDATA[{SITE}/wp-content/uploads/2023/08/khai-mac.jpg]]></wp:attachment_url>""",
             meta={"_wp_attached_file": "2023/08/khai-mac.jpg",
                   "_wp_attachment_image_alt": "Sân khấu lễ khai mạc"}),
        item(32, "qd-12", "attachment", "inherit", f"{SITE}/qd-12/", "qd-12",
             "2023-06-15 01:00:00", extra=f"""
		<wp:attachment_url><![CDATA[{SITE}/wp-content/uploads/2023/06/qd-12.pdf]]></wp:attachment_url>""",
             meta={"_wp_attached_file": "2023/06/qd-12.pdf"}),
        item(33, "Trang chủ", "nav_menu_item", "publish", f"{SITE}/33/", "33",
             "2023-01-01 00:00:00"),
    ]
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>

<channel>
	<title>Bản tin Gò Công Tây</title>
	<link>{SITE}</link>
	<description>Thông tin đối ngoại huyện Gò Công Tây</description>
	<pubDate>Fri, 20 Nov 2026 03:00:00 +0000</pubDate>
	<language>vi</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{SITE}</wp:base_site_url>
	<wp:base_blog_url>{SITE}</wp:base_blog_url>

	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_email><![CDATA[admin@gocongtay.example.vn]]></wp:author_email><wp:author_display_name><![CDATA[Minh Tâm]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[mai.tran]]></wp:author_login><wp:author_email><![CDATA[mai@gocongtay.example.vn]]></wp:author_email><wp:author_display_name><![CDATA[Trần Thị Mai]]></wp:author_display_name><wp:author_first_name><![CDATA[Mai]]></wp:author_first_name><wp:author_last_name><![CDATA[Trần Thị]]></wp:author_last_name></wp:author>

	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[tin-hoat-dong]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Tin hoạt động]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[van-hoa-du-lich]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Văn hóa - Du lịch]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename><![CDATA[x%c3%a3-b%c3%acnh-nh%c3%ac]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Xã Bình Nhì]]></wp:cat_name></wp:category>
	<wp:tag><wp:term_id>6</wp:term_id><wp:tag_slug><![CDATA[le-hoi]]></wp:tag_slug><wp:tag_name><![CDATA[lễ hội]]></wp:tag_name></wp:tag>

	<generator>https://wordpress.org/?v=6.4.2</generator>
{"".join(items)}
</channel>
</rss>
"""


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Bản tin Gò Công Tây</title>
  <link>{SITE}/</link>
  <atom:link href="{SITE}/feed/" rel="self" type="application/rss+xml" />
  <description>Thông tin đối ngoại huyện Gò Công Tây</description>
  <language>vi</language>
  <item>
    <title>Khai mạc Lễ hội truyền thống Trương Định</title>
    <link>{SITE}/tin-hoat-dong/khai-mac-le-hoi-24.html</link>
    <guid isPermaLink="false">{SITE}/?p=24</guid>
    <pubDate>Thu, 31 Aug 2023 17:14:00 +0000</pubDate>
    <dc:creator>Đ/c Hồ Văn Hùng - UVBTV - Trưởng Ban Tuyên giáo</dc:creator>
    <category>Tin hoạt động</category>
    <category>lễ hội</category>
    <description>&lt;p&gt;Lễ hội diễn ra từ ngày 31/8.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Tối 31/8, huyện Gò Công Tây khai mạc Lễ hội.</p><p>Xem <a href="{SITE}/tin-hoat-dong/hoi-nghi-dan-van-25.html">hội nghị</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Hội nghị dân vận khéo</title>
    <link>{SITE}/tin-hoat-dong/hoi-nghi-dan-van-25.html</link>
    <pubDate>Thu, 24 Aug 2023 00:30:00 +0000</pubDate>
    <author>tam@gocongtay.example.vn (Minh Tâm)</author>
    <description>Hội nghị biểu dương 12 mô hình dân vận khéo.</description>
  </item>
  <item>
    <title>Tin từ báo tỉnh</title>
    <link>https://baotinh.example.vn/tin-tu-bao-tinh.html</link>
    <pubDate>Fri, 01 Sep 2023 01:00:00 +0000</pubDate>
    <description>Bài đăng lại.</description>
  </item>
  <item>
    <title>Thông báo lịch tiếp dân</title>
    <link>{SITE}/index.php?nv=news&amp;op=lich-tiep-dan</link>
    <description>Lịch tiếp dân quý I.</description>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <title>Bản tin Gò Công Tây</title>
  <link href="{SITE}/atom.xml" rel="self"/>
  <link href="{SITE}/" rel="alternate"/>
  <id>{SITE}/</id>
  <updated>2026-11-20T10:00:00+07:00</updated>
  <author><name>Ban Biên tập</name></author>
  <entry>
    <title type="html">Bình Nhì ra mắt tổ tự quản &amp;amp; an ninh</title>
    <link href="{SITE}/2025/05/05/binh-nhi-ra-mat-to-tu-quan/" rel="alternate"/>
    <id>tag:gocongtay.example.vn,2025:3</id>
    <published>2025-05-05T14:00:00+07:00</published>
    <updated>2025-05-06T08:00:00+07:00</updated>
    <author><name>Lê Hoàng Phúc</name></author>
    <category term="an-ninh" label="An ninh trật tự"/>
    <summary>Tổ tự quản mới ra mắt.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Tổ có <strong>9 hộ</strong>.</p></div></content>
  </entry>
  <entry>
    <title>Lịch tiếp dân quý II</title>
    <link href="{SITE}/2025/04/01/lich-tiep-dan/"/>
    <id>tag:gocongtay.example.vn,2025:2</id>
    <updated>2025-04-01T07:30:00Z</updated>
    <content type="text">Lịch tiếp dân của lãnh đạo huyện.

Mời người dân đến đúng giờ.</content>
  </entry>
</feed>
"""


def file_lines(err: str, source: Path) -> list[str]:
    """The lines printed, the input file's path written FILE."""
    return [line.replace(str(source), "FILE") for line in err.splitlines()]


def refused(site: SiteDir, folder: Path, capsys: pytest.CaptureFixture[str], source: str,
            text: str | None) -> list[str]:
    """`import SOURCE` of `text` (None: the export cut short), which must exit 1 and write
    nothing: the lines it printed."""
    path = folder / "input.xml"
    if text is None:
        whole = wxr()
        text = whole[:whole.index("Hội nghị biểu dương")]
    path.write_text(text, encoding="utf-8")
    before = sorted(site.root.rglob("*"))
    capsys.readouterr()
    assert site.run("import", source, str(path)) == 1
    assert sorted(site.root.rglob("*")) == before
    return file_lines(capsys.readouterr().err, path)
