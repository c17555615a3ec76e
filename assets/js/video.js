// The body's videos (layouts/partials/video.html): each is a link to the video on YouTube,
// and nothing is loaded from YouTube before the reader asks. A click puts the player in its
// place, a frame from www.youtube-nocookie.com (the one frame the Content-Security-Policy
// allows), playing at once. A click meant for a new tab or window keeps the link's way.

const ID = /^[A-Za-z0-9_-]{11}$/;
const ALLOW = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; "
  + "picture-in-picture; web-share";

function player(link) {
  const id = link.dataset.video;
  if (!ID.test(id)) return null;
  const query = new URLSearchParams({ autoplay: "1", rel: "0" });
  const start = Number.parseInt(link.dataset.start ?? "", 10);
  if (start > 0) query.set("start", String(start));
  const frame = document.createElement("iframe");
  frame.src = `https://www.youtube-nocookie.com/embed/${id}?${query}`;
  frame.title = link.querySelector(".video-title")?.textContent ?? "";
  frame.allow = ALLOW;
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin"; // YouTube's player needs the origin
  frame.className = "video-player";
  return frame;
}

for (const link of document.querySelectorAll("a.video-facade[data-video]")) {
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    const frame = player(link);
    if (frame === null) return;
    event.preventDefault();
    link.closest(".video")?.classList.add("video-playing");
    link.replaceWith(frame);
    frame.focus();
  });
}
