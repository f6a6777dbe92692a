// Shared by the kiosk and the console: translation, DOM helpers and same-origin JSON calls.
import { texts } from "./i18n.js";

export const lang = texts[document.documentElement.lang] ? document.documentElement.lang : "fr";

// t translates key, replacing {name} with vars.name; an unknown key shows itself.
export function t(key, vars) {
  let s = texts[lang][key] ?? texts.en[key] ?? key;
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] ?? ""));
  }
  return s;
}

// translate fills every [data-i18n] element under root with its text.
export function translate(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
}

// el builds an element: el("td", {class: "x"}, "text", child…). Text is always text, never HTML.
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ApiError carries the API's {"error":{…}} answer.
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || "HTTP " + status);
    this.status = status;
    this.code = body && body.error ? body.error.code : "";
  }
}

// call sends a same-origin JSON request; the session cookie goes with it, never a key.
export async function call(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// formatDate shows an RFC 3339 time in the page's language.
export function formatDate(s) {
  if (!s) return "—";
  const d = new Date(s);
  if (isNaN(d)) return s;
  const locale = { fr: "fr-FR", ar: "ar-MA", en: "en-GB" }[lang];
  return d.toLocaleString(locale, { dateStyle: "short", timeStyle: "medium" });
}
