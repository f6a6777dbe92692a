// Operator console: verification list and detail, review decisions, cameras, sync and
// health. Sign-in exchanges an API key with the review scope for an HttpOnly session cookie
// (POST /ui/console/login); the key is never stored by the page nor put in a URL.
import { t, translate, el, call, lang, formatDate } from "./common.js";

const $ = (id) => document.getElementById(id);
const PAGE = 25;
const FIELDS = ["document_number", "card_number", "last_name", "first_name", "last_name_arabic", "first_name_arabic",
  "date_of_birth", "gender", "nationality", "place_of_birth", "address", "issue_date", "expiry_date", "mrz"];
const IMAGE_KINDS = ["document_front", "document_back", "selfie", "portrait"];

let me = null;
let listCursor = null;

function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.dataset.view !== name;
  document.body.dataset.currentView = name;
  const signedIn = name !== "signin" && name !== "loading";
  $("tabs").hidden = !signedIn;
  $("signout").hidden = !signedIn;
  $("who").hidden = !signedIn;
  $("tab-verifications").toggleAttribute("aria-current", false);
  $("tab-system").toggleAttribute("aria-current", false);
  if (name === "list" || name === "detail") $("tab-verifications").setAttribute("aria-current", "page");
  if (name === "system") $("tab-system").setAttribute("aria-current", "page");
  const h = document.querySelector(`[data-view="${name}"] h1`);
  if (h) h.focus({ preventScroll: true });
}

function badge(value, text) {
  return el("span", { class: "badge " + value }, text ?? t("status." + value));
}

function table(head, rows) {
  return el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
}

function pct(x) {
  if (typeof x !== "number") return el("span", { class: "null" }, "—");
  return el("span", {}, el("meter", { min: 0, max: 1, value: x }), ` ${Math.round(x * 100)} %`);
}

function value(v) {
  if (v === null || v === undefined || v === "") return el("span", { class: "null" }, "—");
  return el("bdi", {}, String(v));
}

function signedOut() {
  me = null;
  showView("signin");
}

// failed handles an error of any call: a lost session goes back to sign-in.
function failed(e, where) {
  if (e.status === 401) return signedOut();
  where.replaceChildren(el("p", { class: "error", role: "alert" }, e.message || t("common.error")));
}

async function route() {
  if (!me) return;
  const h = location.hash || "#/";
  if (h.startsWith("#/v/")) return showDetail(decodeURIComponent(h.slice(4)));
  if (h === "#/system") return showSystem();
  return showList(true);
}

async function showList(fresh) {
  showView("list");
  const body = $("list-body");
  const status = $("filter-status").value;
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (status) q.set("status", status);
  if (!fresh && listCursor) q.set("starting_after", listCursor);
  let page;
  try {
    page = await call("GET", "/ui/console/verifications?" + q);
  } catch (e) {
    return failed(e, body);
  }
  if (fresh) body.replaceChildren();
  for (const v of page.data) body.append(listRow(v));
  listCursor = page.data.length ? page.data[page.data.length - 1].id : null;
  $("list-empty").hidden = body.children.length > 0;
  $("list-more").hidden = !page.has_more;
}

function listRow(v) {
  const x = v.extracted_data || {};
  const name = [x.first_name, x.last_name].filter(Boolean).join(" ") || [x.first_name_arabic, x.last_name_arabic].filter(Boolean).join(" ");
  const href = "#/v/" + encodeURIComponent(v.id);
  return el("tr", { class: "link", dataset: { id: v.id }, onclick: (ev) => { if (ev.target.tagName !== "A") location.hash = href; } },
    el("td", {}, formatDate(v.created_at)),
    el("td", { class: "mono" }, el("a", { href }, v.id)),
    el("td", {}, v.deleted ? "—" : value(name)),
    el("td", {}, v.document_type ? t("doctype." + v.document_type) : "—"),
    el("td", {}, v.country || "—"),
    el("td", {}, badge(v.status)),
    el("td", { class: "num" }, v.risk_level ? [String(v.risk_score), " ", badge(v.risk_level, v.risk_level)] : "—"));
}

async function showDetail(id) {
  showView("detail");
  $("review-done").hidden = true;
  await loadDetail(id);
}

async function loadDetail(id) {
  $("detail-title").textContent = id;
  for (const k of ["detail-summary", "detail-images", "detail-fields", "detail-checks", "detail-signals", "detail-risk"]) $(k).replaceChildren();
  $("detail-metadata").textContent = "";
  $("review-panel").hidden = true;
  let v, kinds;
  try {
    [v, kinds] = await Promise.all([
      call("GET", "/ui/console/verifications/" + encodeURIComponent(id)),
      call("GET", "/ui/console/verifications/" + encodeURIComponent(id) + "/images"),
    ]);
  } catch (e) {
    return failed(e, $("detail-summary"));
  }
  document.body.dataset.status = v.status;
  $("detail-summary").replaceChildren(...[
    badge(v.status),
    el("span", {}, v.document_type ? t("doctype." + v.document_type) : "", " · ", v.country || ""),
    el("span", {}, t("console.col.created"), " ", formatDate(v.created_at)),
    v.risk_level ? el("span", {}, t("console.risk"), " ", el("strong", {}, String(v.risk_score)), " ", badge(v.risk_level, v.risk_level)) : null,
    v.review ? el("p", { class: "notice" }, t("console.review.by", {
      by: v.review.reviewed_by, at: formatDate(v.review.reviewed_at), prev: t("status." + v.review.previous_status), reason: v.review.reason || "—",
    })) : null,
  ].filter(Boolean));
  $("review-panel").hidden = v.status !== "review" || !me.scopes.some((s) => s === "review" || s === "admin");
  $("review-reason").value = "";
  $("review-error").hidden = true;
  drawImages(v.id, kinds.data);
  drawFields(v.extracted_data);
  drawChecks(v.checks || {});
  drawSignals(v.fraud_signals || []);
  drawRisk(v);
  $("detail-metadata").textContent = v.metadata && Object.keys(v.metadata).length ? JSON.stringify(v.metadata, null, 2) : "—";
}

function drawImages(id, kinds) {
  const box = $("detail-images");
  const present = IMAGE_KINDS.filter((k) => kinds.includes(k));
  if (!present.length) return box.replaceChildren(el("p", { class: "null" }, t("console.noimages")));
  box.replaceChildren(...present.map((k) => el("figure", {},
    el("a", { href: `/ui/console/verifications/${encodeURIComponent(id)}/images/${k}`, target: "_blank", rel: "noopener" },
      el("img", { src: `/ui/console/verifications/${encodeURIComponent(id)}/images/${k}`, alt: k, loading: "lazy" })),
    el("figcaption", {}, k))));
}

function drawFields(x) {
  if (!x) return $("detail-fields").replaceChildren(el("p", { class: "null" }, "—"));
  const conf = x.field_confidences || {};
  const rows = FIELDS.filter((f) => f in x).map((f) => el("tr", {},
    el("th", { scope: "row", class: "mono" }, f),
    el("td", { dir: "auto", class: f === "mrz" ? "mono" : "" }, value(x[f])),
    el("td", {}, x[f] == null ? "" : pct(conf[f]))));
  $("detail-fields").replaceChildren(table([t("console.field"), t("console.value"), t("console.confidence")], rows));
}

function checkDetails(name, c) {
  const parts = [];
  if (name === "face_match") parts.push(`similarity ${fmt(c.similarity_score)} / threshold ${fmt(c.threshold)}`);
  if (name === "liveness") parts.push(`is_live ${c.is_live}, spoof_probability ${fmt(c.spoof_probability)}`);
  if (name === "fraud") {
    parts.push(`tampering_detected ${c.tampering_detected}`);
    if (c.signals && c.signals.length) parts.push(c.signals.join(", "));
  }
  const out = [parts.join(" · ")];
  if (name === "duplicate" && c.matches) {
    for (const m of c.matches) {
      out.push(el("div", {}, m.kind, " ", fmt(m.score), " ", el("a", { href: "#/v/" + encodeURIComponent(m.verification_id), class: "mono" }, m.verification_id)));
    }
  }
  if (c.message) out.push(el("div", {}, c.message));
  return out;
}

function fmt(x) {
  return typeof x === "number" ? x.toFixed(3) : String(x ?? "—");
}

function drawChecks(checks) {
  const rows = Object.entries(checks).map(([name, c]) => el("tr", { dataset: { check: name } },
    el("th", { scope: "row", class: "mono" }, name),
    el("td", {}, badge(c.status, t("status." + c.status))),
    el("td", {}, pct(c.confidence)),
    el("td", {}, checkDetails(name, c))));
  $("detail-checks").replaceChildren(rows.length ? table([t("console.check"), t("console.col.status"), t("console.confidence"), t("console.details")], rows)
    : el("p", { class: "null" }, "—"));
}

function drawSignals(signals) {
  if (!signals.length) return $("detail-signals").replaceChildren(el("p", { class: "null" }, t("console.nosignals")));
  const rows = signals.map((s) => el("tr", {},
    el("td", {}, badge(s.severity, s.severity)),
    el("td", { class: "mono" }, s.code, s.check ? el("div", { class: "null" }, s.check) : null),
    el("td", { dir: "auto" }, lang === "fr" && s.message_fr ? s.message_fr : s.message)));
  $("detail-signals").replaceChildren(table([t("console.severity"), t("console.code"), t("console.message")], rows));
}

function drawRisk(v) {
  const rows = (v.risk_breakdown || []).map((c) => el("tr", {}, el("td", { class: "mono" }, c.code), el("td", { class: "num" }, String(c.points))));
  rows.push(el("tr", {}, el("th", { scope: "row" }, t("console.total")), el("td", { class: "num" }, el("strong", {}, String(v.risk_score ?? "—")))));
  $("detail-risk").replaceChildren(table([t("console.code"), t("console.points")], rows));
}

async function review(decision) {
  const id = $("detail-title").textContent;
  const reason = $("review-reason").value.trim();
  if (decision === "rejected" && !reason) {
    $("review-error").textContent = t("console.review.needreason");
    $("review-error").hidden = false;
    $("review-reason").focus();
    return;
  }
  for (const b of [$("review-approve"), $("review-reject")]) b.disabled = true;
  try {
    await call("POST", `/ui/console/verifications/${encodeURIComponent(id)}/review`, { decision, reason });
  } catch (e) {
    if (e.status === 401) return signedOut();
    $("review-error").textContent = e.message;
    $("review-error").hidden = false;
    return;
  } finally {
    for (const b of [$("review-approve"), $("review-reject")]) b.disabled = false;
  }
  await loadDetail(id);
  $("review-done").textContent = t("console.review.done");
  $("review-done").hidden = false;
}

async function showSystem() {
  showView("system");
  const [health, sync, cams] = await Promise.allSettled([
    call("GET", "/ui/console/health"), call("GET", "/ui/console/sync"), call("GET", "/ui/console/cameras")]);
  for (const r of [health, sync, cams]) {
    if (r.status === "rejected" && r.reason.status === 401) return signedOut();
  }
  const kv = (pairs) => table([t("console.field"), t("console.value")], pairs.map(([k, v]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v))));
  if (health.status === "fulfilled") {
    const h = health.value;
    $("sys-health").replaceChildren(kv([
      [t("console.health.version"), h.version],
      [t("console.health.ready"), h.ready ? t("yes") : `${t("no")} — ${h.reason || ""}`],
      [t("console.health.checks"), (h.checks || []).join(", ") || "—"],
    ]));
  } else failed(health.reason, $("sys-health"));
  if (sync.status === "fulfilled") {
    const s = sync.value;
    $("sys-sync").replaceChildren(kv([
      [t("console.sync.enabled"), s.enabled ? t("yes") : t("no")],
      [t("console.sync.outbox"), String(s.outbox_depth ?? "—")],
      [t("console.sync.last_success"), formatDate(s.last_success)],
      [t("console.sync.last_error"), s.last_error || "—"],
    ]));
  } else failed(sync.reason, $("sys-sync"));
  if (cams.status === "fulfilled") {
    const list = cams.value.data;
    $("sys-cameras").replaceChildren(list.length ? table(
      [t("console.cam.name"), t("console.cam.state"), t("console.cam.fps"), t("console.cam.size"), t("console.cam.last"), t("console.cam.errors")],
      list.map((c) => el("tr", { dataset: { camera: c.name } },
        el("th", { scope: "row" }, c.name, el("div", { class: "null mono" }, c.kind, " ", c.source)),
        el("td", {}, badge(c.state === "streaming" ? "passed" : "failed", c.state)),
        el("td", { class: "num" }, c.fps.toFixed(1)),
        el("td", { class: "num" }, c.width ? `${c.width}×${c.height}` : "—"),
        el("td", {}, formatDate(c.last_frame_at)),
        el("td", { class: "num" }, String(c.errors), c.last_error ? el("div", { class: "null" }, c.last_error) : null))),
    ) : el("p", { class: "null" }, t("console.nocameras")));
  } else failed(cams.reason, $("sys-cameras"));
}

async function signIn(ev) {
  ev.preventDefault();
  $("signin-error").hidden = true;
  const input = $("signin-key");
  try {
    me = await call("POST", "/ui/console/login", { key: input.value });
  } catch (e) {
    $("signin-error").textContent = e.status === 401 || e.status === 403 ? t("console.signin.wrong") : e.message;
    $("signin-error").hidden = false;
    input.select();
    return;
  }
  input.value = "";
  signedIn();
}

function signedIn() {
  $("who").textContent = me.name;
  route();
}

async function signOut() {
  try {
    await call("POST", "/ui/console/logout");
  } finally {
    signedOut();
  }
}

async function start() {
  translate(document);
  document.title = t("console.title");
  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); showList(true); });
  $("filter-status").addEventListener("change", () => showList(true));
  $("list-more").addEventListener("click", () => showList(false));
  $("review-approve").addEventListener("click", () => review("verified"));
  $("review-reject").addEventListener("click", () => review("rejected"));
  window.addEventListener("hashchange", route);
  let s = null;
  try {
    s = await call("GET", "/ui/console/session");
  } catch (e) {
    s = null;
  }
  if (!s || !s.signed_in) return signedOut();
  me = s;
  signedIn();
}

start();
