"""A video in Chromium, under the site's Content-Security-Policy: nothing is loaded from another
site until the reader clicks; the click puts YouTube's privacy-enhanced player in the facade's
place, which the policy lets the page frame; without JavaScript the facade is a link to the
video on YouTube.

No request leaves 127.0.0.1: YouTube's answers are played by Playwright (`route`), so that the
frame really loads (a frame the policy refused would never be requested)."""

from __future__ import annotations

from urllib.parse import urlsplit

ARTICLE = "/vi/tin-tuc/mau-giao-dien/"  # the theme sample's video: Xy12ab34CDE from 1m30s
VIDEO = "Xy12ab34CDE"
EMBED = f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1&rel=0&start=90"
WATCH = f"https://www.youtube.com/watch?v={VIDEO}&t=90s"
PLAYER = "<!DOCTYPE html><title>player</title><p>YouTube's player, played by the test</p>"

# Collected in the page before any of its scripts run (Playwright's init scripts are not
# subject to the page's policy): every refusal the policy reports.
WATCH_POLICY = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _open(browser, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript,
                                  viewport={"width": 1280, "height": 900})
    context.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=PLAYER))
    context.route("https://www.youtube.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=PLAYER))
    tab = context.new_page()
    tab.add_init_script(WATCH_POLICY)
    return context, tab


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_nothing_comes_from_another_site_until_the_reader_clicks(browser, theme_server) -> None:
    context, tab = _open(browser)
    requests: list[str] = []
    console: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("console", lambda message: console.append(message.text))
    try:
        tab.goto(theme_server + ARTICLE, wait_until="networkidle")
        facade = tab.locator("figure.video a.video-facade")
        facade.scroll_into_view_if_needed()
        tab.wait_for_timeout(300)  # anything lazy near the video would have started by now
        assert {_origin(url) for url in requests if not url.startswith("data:")} == {
            theme_server}, requests
        assert any("/assets/js/video." in url for url in requests)
        assert facade.get_attribute("href") == WATCH
        assert tab.get_by_role("link", name="Lễ khai mạc lễ hội truyền thống Trương Định năm "
                               "2023 Xem video (YouTube)").count() == 1

        facade.click()
        frame = tab.locator("figure.video iframe")
        frame.wait_for()
        assert frame.get_attribute("src") == EMBED
        assert frame.get_attribute("title") == ("Lễ khai mạc lễ hội truyền thống Trương Định "
                                                "năm 2023")
        assert frame.get_attribute("allowfullscreen") is not None
        assert "autoplay" in (frame.get_attribute("allow") or "")
        assert tab.locator("a.video-facade").count() == 0  # replaced, not added beside
        # the player loaded in the frame: the policy allowed it (a refused frame is reported,
        # and never requested)
        tab.wait_for_timeout(500)
        assert tab.evaluate("window.__refused") == []
        player = next((f for f in tab.frames if f.url == EMBED), None)
        assert player is not None, [f.url for f in tab.frames]
        player.wait_for_load_state()
        assert player.title() == "player"
        box = frame.bounding_box()
        assert box is not None and abs(box["width"] / box["height"] - 16 / 9) < 0.02
        others = [url for url in requests if _origin(url) != theme_server
                  and not url.startswith("data:")]
        assert others == [EMBED]  # one request to another site, the one the reader asked for
        assert tab.evaluate("window.__refused") == []
        assert not [text for text in console if "Content Security Policy" in text
                    or "Refused to" in text], console
    finally:
        context.close()


def test_the_keyboard_reaches_and_plays_the_video(browser, theme_server) -> None:
    context, tab = _open(browser)
    try:
        tab.goto(theme_server + ARTICLE)
        facade = tab.locator("a.video-facade")
        facade.focus()
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Tab")  # focus by keyboard: :focus-visible applies
        outline = facade.evaluate("a => getComputedStyle(a).outlineStyle + ' ' + "
                                  "getComputedStyle(a).outlineWidth")
        assert outline == "solid 3px", outline
        tab.keyboard.press("Enter")
        tab.locator("figure.video iframe").wait_for()
        assert tab.evaluate("document.activeElement.tagName") == "IFRAME"
        assert tab.evaluate("window.__refused") == []
    finally:
        context.close()


def test_without_javascript_the_video_is_a_link_to_youtube(browser, theme_server) -> None:
    context, tab = _open(browser, javascript=False)
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        tab.goto(theme_server + ARTICLE, wait_until="networkidle")
        facade = tab.locator("figure.video a.video-facade")
        assert facade.get_attribute("href") == WATCH
        assert {_origin(url) for url in requests if not url.startswith("data:")} == {
            theme_server}
        facade.click()
        tab.wait_for_url(WATCH)
        assert tab.locator("iframe").count() == 0
    finally:
        context.close()
