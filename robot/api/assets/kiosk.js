// The kiosk: asks /v1/ask/stream and shows each sentence as the robot would say it.
// No library, no network beyond this server. A token (when the API has one) is given
// once in the address, /#token=..., kept in this browser, and never sent in a URL.
"use strict";

(function () {
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const button = form.querySelector("button[type=submit]");
  const progress = document.getElementById("progress");
  const sentences = document.getElementById("sentences");
  const source = document.getElementById("source");
  const link = document.getElementById("link");
  const linkUrl = document.getElementById("link-url");
  const linkQr = document.getElementById("link-qr");
  const notFound = document.getElementById("not-found");
  const IDLE_MS = 120000; // a new visitor after two quiet minutes: no follow-up memory

  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) {
    localStorage.setItem("robot-token", hash.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const token = localStorage.getItem("robot-token");

  let session = newSession();
  let lastAsk = 0;
  let busy = false;

  function newSession() {
    return "kiosk-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function reset() {
    sentences.replaceChildren();
    source.hidden = true;
    link.hidden = true;
    linkUrl.textContent = "";
    linkQr.removeAttribute("src");
    notFound.hidden = true;
  }

  function say(text) {
    const p = document.createElement("p");
    p.textContent = text;
    sentences.appendChild(p);
  }

  function showFinal(answer) {
    progress.textContent = "";
    if (answer.sources && answer.sources.length) {
      const s = answer.sources[0];
      source.textContent = "Source : « " + s.title + " » (" + s.file + ")" +
        (s.page ? ", page " + s.page : "") + ".";
      source.hidden = false;
    }
    if (answer.link) {
      linkUrl.href = answer.link.url;
      linkUrl.textContent = answer.link.url;
      linkQr.src = answer.link.qr_svg;
      linkQr.alt = "QR code vers " + answer.link.url;
      link.hidden = false;
    }
    if (answer.declined && answer.reason !== "not_understood") {
      notFound.hidden = false;
    }
  }

  function handle(event, data) {
    if (event === "source" && data) {
      say(data.text);
    } else if (event === "sentence") {
      say(data.text);
    } else if (event === "final") {
      showFinal(data);
    } else if (event === "error") {
      progress.textContent = "Désolé, je n'ai pas pu répondre : " + data.error.message;
    }
  }

  async function ask(question) {
    if (busy || !question.trim()) return;
    busy = true;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
    button.setAttribute("aria-disabled", "true");
    if (Date.now() - lastAsk > IDLE_MS) session = newSession();
    lastAsk = Date.now();
    reset();
    progress.textContent = "Je cherche dans les documents…";
    const headers = {"Content-Type": "application/json", "Accept": "text/event-stream"};
    if (token) headers.Authorization = "Bearer " + token;
    try {
      const response = await fetch("/v1/ask/stream", {
        method: "POST", headers: headers,
        body: JSON.stringify({question: question, session_id: session}),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const message = body && body.error ? body.error.message : response.statusText;
        progress.textContent = "Désolé, je n'ai pas pu répondre : " + message;
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true});
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          handle(event, data ? JSON.parse(data) : null);
        }
      }
    } catch (err) {
      progress.textContent = "Désolé, la réponse n'a pas pu arriver. Réessayez dans un instant.";
    } finally {
      busy = false;
      button.removeAttribute("aria-disabled");
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    ask(input.value);
    input.select();
  });
  document.querySelectorAll("button[data-question]").forEach(function (b) {
    b.addEventListener("click", function () {
      input.value = b.dataset.question;
      ask(b.dataset.question);
    });
  });
})();
