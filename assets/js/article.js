// An article's reading tools, for browsers with JavaScript (the page works without it):
// the text size, remembered on this device; print; copy the link; the phone's share sheet
// (for Zalo, which has no plain share address); the rating sent without leaving the page.
// Nothing leaves the browser but the rating, sent to this site.

const root = document.documentElement;
const SIZE_KEY = "bantin-text-size";
const RATED_KEY = "bantin-rated";
const status = document.querySelector(".tools-status");

function remembered(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback; // storage turned off, or a value from elsewhere
  }
}

function remember(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode: the choice lasts for this page only
  }
}

function setSize(step) {
  const size = Math.max(-1, Math.min(3, step));
  if (size === 0) delete root.dataset.textSize;
  else root.dataset.textSize = String(size);
  return size;
}

let size = setSize(Number(remembered(SIZE_KEY, 0)) || 0);

for (const tools of document.querySelectorAll(".reading-tools")) tools.hidden = false;
for (const button of document.querySelectorAll("button[data-text-step]")) {
  button.addEventListener("click", () => {
    size = setSize(size + Number(button.dataset.textStep));
    remember(SIZE_KEY, size);
  });
}
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

function say(text) {
  if (status) status.textContent = text;
}

for (const button of document.querySelectorAll("[data-copy]")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.copy);
    say(button.dataset.copied);
  });
}

for (const button of document.querySelectorAll("[data-share-zalo]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const url = button.dataset.url;
    if (navigator.share) {
      try {
        await navigator.share({ title: document.title, url });
        return;
      } catch (error) {
        if (error.name === "AbortError") return; // the reader closed the sheet
      }
    }
    if (navigator.clipboard) await navigator.clipboard.writeText(url);
    window.open("https://chat.zalo.me/", "_blank", "noopener");
  });
}

// The rating: sent in the background as Netlify Forms expects (a urlencoded POST with
// form-name), once per article on this device.
for (const form of document.querySelectorAll(".rate-form")) {
  const section = form.closest(".rate");
  const article = form.elements.article.value;
  const rated = remembered(RATED_KEY, []);
  if (Array.isArray(rated) && rated.includes(article)) section.classList.add("sent");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form)).toString();
    try {
      const answer = await fetch(form.getAttribute("action").split("#")[0], {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      if (!answer.ok) throw new Error(String(answer.status));
    } catch {
      form.submit(); // let the browser send it the plain way
      return;
    }
    section.classList.add("sent");
    const list = remembered(RATED_KEY, []);
    remember(RATED_KEY, [...(Array.isArray(list) ? list : []), article].slice(-200));
  });
}
