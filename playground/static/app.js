// Linli playground: draws the phones and talks to the playground's endpoints. Message HTML comes
// from the server already escaped (only the page's own tags), so it is safe to insert.
"use strict";

const chats = new Map();   // chat id -> Map(message id -> message)
const phones = new Map();  // chat id -> {chat, keyboard, sender()}
let group = null;
let people = [];

function post(path, fields) {
  const body = new URLSearchParams(fields);
  return fetch(path, { method: "POST", body }).then(async (r) => {
    if (!r.ok) {
      const e = await r.json().catch(() => ({ error: r.statusText }));
      setStatus("Refused: " + (e.error || r.status));
    }
    return r;
  });
}

function setStatus(text) { document.getElementById("status").textContent = text; }

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}

function nameOf(id) { const p = people.find((x) => x.id === id); return p ? p.name : String(id); }

// setupPhone turns a <section class="phone"> into a chat with a compose box.
function setupPhone(section) {
  const chatId = Number(section.dataset.chat);
  if (phones.has(chatId)) return;
  const isGroup = chatId < 0;
  const title = section.querySelector("h2").textContent.trim();
  const log = el("div", { class: "chat", role: "log", "aria-live": "polite", "aria-label": "Messages: " + title });
  const keyboard = el("div", { class: "keyboard", hidden: "" });
  const idBase = "c" + String(chatId).replace("-", "m");
  const input = el("input", { type: "text", id: idBase + "-text", name: "text", maxlength: "4096", autocomplete: "off", placeholder: "Message" });
  const form = el("form", { class: "compose" });
  let senderSelect = null;
  if (isGroup) {
    senderSelect = el("select", { id: idBase + "-from", name: "from" });
    form.append(el("label", { for: idBase + "-from" }, "As"), senderSelect);
  }
  form.append(el("label", { for: idBase + "-text", class: "visually-hidden" }, "Message to send"), input,
    el("button", { type: "submit" }, "Send"));
  const sender = () => (isGroup ? Number(senderSelect.value) : chatId);
  if (!isGroup) {
    form.append(el("button", { type: "button", title: "Send a photo", "aria-label": "Send a photo (caption: the text box)",
      onclick: () => { post("/api/photo", { phone: sender(), caption: input.value }); input.value = ""; } }, "📷"));
    form.append(el("button", { type: "button", title: "Switch language: sends /lang", "aria-label": "Switch language (sends /lang)",
      onclick: () => post("/api/send", { phone: sender(), text: "/lang" }) }, "🌐"));
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!input.value.trim()) return;
    post("/api/send", { phone: sender(), chat: chatId, text: input.value });
    input.value = "";
  });
  section.append(log, keyboard, form);
  phones.set(chatId, { log, keyboard, sender, senderSelect, isGroup });
  if (!chats.has(chatId)) chats.set(chatId, new Map());
  fillSenders();
}

function fillSenders() {
  if (!group) return;
  const ph = phones.get(group.id);
  if (!ph || !ph.senderSelect) return;
  const cur = ph.senderSelect.value;
  ph.senderSelect.replaceChildren(...(group.members || []).map((id) => el("option", { value: id }, nameOf(id))));
  if (cur) ph.senderSelect.value = cur;
}

function render(chatId) {
  const ph = phones.get(chatId);
  if (!ph) return;
  const msgs = [...(chats.get(chatId) || new Map()).values()].filter((m) => !m.deleted).sort((a, b) => a.id - b.id);
  const atBottom = ph.log.scrollHeight - ph.log.scrollTop - ph.log.clientHeight < 40;
  ph.log.replaceChildren(...msgs.map((m) => drawMessage(chatId, m)));
  if (atBottom || msgs.length < 3) ph.log.scrollTop = ph.log.scrollHeight;
  let kb = null;
  for (const m of msgs) {
    if (!m.fromBot) continue;
    if (m.keyboard) kb = m.keyboard; else if (m.removeKeyboard) kb = null;
  }
  drawKeyboard(chatId, kb);
}

function drawMessage(chatId, m) {
  const ph = phones.get(chatId);
  const box = el("div", { class: "msg" + (m.fromBot ? "" : " mine") });
  if (ph.isGroup || !m.fromBot) box.append(el("span", { class: "from" }, m.from || ""));
  if (m.media) box.append(el("span", { class: "media" }, m.media.startsWith("contact") ? "📞 " + m.media : "🖼 " + m.media));
  const body = el("div", {});
  body.innerHTML = m.html; // built by the server from escaped text and its own tags
  box.append(body);
  if (m.buttons) {
    const grid = el("div", { class: "buttons" });
    for (const row of m.buttons) {
      const r = el("div", { class: "row" });
      for (const b of row) {
        if (b.url) {
          r.append(el("a", { href: b.url, target: "_blank", rel: "noopener noreferrer" }, b.text));
        } else {
          r.append(el("button", { type: "button", onclick: () => post("/api/press", { phone: ph.sender(), chat: chatId, msg: m.id, data: b.data }) }, b.text));
        }
      }
      grid.append(r);
    }
    box.append(grid);
  }
  box.append(el("span", { class: "meta" }, (m.edited ? "edited " : "") + m.time));
  return box;
}

function drawKeyboard(chatId, kb) {
  const ph = phones.get(chatId);
  ph.keyboard.replaceChildren();
  if (!kb) { ph.keyboard.hidden = true; return; }
  ph.keyboard.hidden = false;
  for (const row of kb) {
    const r = el("div", { class: "row" });
    for (const b of row) {
      r.append(el("button", { type: "button", onclick: () => b.contact
        ? post("/api/contact", { phone: ph.sender(), chat: chatId })
        : post("/api/send", { phone: ph.sender(), chat: chatId, text: b.text }) }, (b.contact ? "📱 " : "") + b.text));
    }
    ph.keyboard.append(r);
  }
}

function toast(chatId, text) {
  const ph = phones.get(chatId);
  if (!ph) return;
  const t = el("div", { class: "toast", role: "status" }, text);
  ph.log.append(t);
  ph.log.scrollTop = ph.log.scrollHeight;
  setTimeout(() => t.remove(), 4000);
}

function addPhones(list) {
  people = list;
  const main = document.getElementById("phones");
  const groupSection = main.querySelector(".group");
  for (const p of list) {
    if (phones.has(p.id)) continue;
    let s = main.querySelector(`.phone[data-chat="${p.id}"]`);
    if (!s) {
      s = el("section", { class: "phone", "data-chat": p.id, "aria-label": p.name + "'s phone" },
        el("h2", {}, p.name + " ", el("small", {}, p.role + " · " + p.lang)));
      main.insertBefore(s, groupSection);
    }
    setupPhone(s);
  }
  fillSenders();
}

function load() {
  fetch("/api/state").then((r) => r.json()).then((st) => {
    group = st.group && st.group.id ? st.group : null;
    addPhones(st.people);
    for (const s of document.querySelectorAll(".phone")) setupPhone(s);
    fillSenders();
    for (const [id, msgs] of Object.entries(st.chats)) {
      const m = new Map();
      for (const x of msgs) m.set(x.id, x);
      chats.set(Number(id), m);
      render(Number(id));
    }
  });
}

function listen() {
  const es = new EventSource("/events");
  es.onopen = load; // (re)load after subscribing, so nothing falls between the two
  es.onmessage = (e) => {
    const ev = JSON.parse(e.data);
    switch (ev.kind) {
      case "new": case "edited": case "deleted": {
        if (!chats.has(ev.chat)) chats.set(ev.chat, new Map());
        chats.get(ev.chat).set(ev.message.id, ev.message);
        render(ev.chat);
        break;
      }
      case "toast": toast(ev.chat, ev.text); break;
      case "people": addPhones(ev.people); break;
      case "status": setStatus(ev.text); break;
    }
  };
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("demo").addEventListener("click", () => post("/api/demo", {}));
  document.getElementById("add-person").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    const name = f.elements.namedItem("name"), lang = f.elements.namedItem("lang");
    post("/api/people", { name: name.value, lang: lang.value }).then((r) => { if (r.ok) name.value = ""; });
  });
  listen();
});
