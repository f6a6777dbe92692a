// The customer flow at the kiosk: language → consent → document → front/back → face
// (→ movement, only when the server can check it) → result. The page holds no API key: it
// calls the same-origin /ui/kiosk/ endpoints, which the server authorizes with the kiosk's
// HttpOnly pairing cookie. No personal data is ever shown.
import { t, translate, el, call, sleep, lang } from "./common.js";

const POLL_MS = 300;
const CAPTURED_PAUSE_MS = 900;
const RESULT_RESET_MS = 20000;
const IDLE_RESET_MS = 90000;

const $ = (id) => document.getElementById(id);

let config = null; // GET /ui/kiosk/config
let flow = null; // the current customer's session and steps
let gen = 0; // bumped by every reset, so a stale loop stops
let idleTimer = 0;
let retryWaiter = null;

function show(name) {
  for (const s of document.querySelectorAll(".screen")) s.hidden = s.dataset.screen !== name;
  document.body.dataset.currentScreen = name;
  const h = document.querySelector(`[data-screen="${name}"] h1`);
  if (h) h.focus({ preventScroll: true });
  armIdle(name);
}

// armIdle sends an abandoned screen back to the start, so the next customer never sees it.
function armIdle(name) {
  clearTimeout(idleTimer);
  const failed = name === "capture" && !$("capture-failed").hidden;
  const ms = { consent: IDLE_RESET_MS, document: IDLE_RESET_MS, declined: RESULT_RESET_MS, result: RESULT_RESET_MS }[name] ||
    (failed ? IDLE_RESET_MS : 0);
  if (ms) idleTimer = setTimeout(reset, ms);
}

function reset() {
  gen++;
  flow = null;
  retryWaiter = null;
  stopPreview();
  $("progress").hidden = true;
  $("progress").replaceChildren();
  if (lang !== "fr" || location.search) {
    // The next customer starts on the trilingual welcome screen, in the default page.
    location.assign("/kiosk");
    return;
  }
  show(config && config.ready ? "welcome" : "unavailable");
}

async function loadConfig() {
  try {
    config = await call("GET", "/ui/kiosk/config");
  } catch (e) {
    config = null;
    show("unavailable");
    return;
  }
  if (!config.paired) {
    show(config.enabled ? "pair" : "unavailable");
    return;
  }
  if (!config.ready) {
    show("unavailable");
    return;
  }
  if (location.hash === "#consent") {
    history.replaceState(null, "", location.pathname + location.search);
    showConsent();
    return;
  }
  show("welcome");
}

function showConsent() {
  const text = (config.consent && config.consent[lang]) || t("consent.default");
  $("consent-text").textContent = text;
  show("consent");
}

function showDocuments() {
  const box = $("document-choices");
  box.replaceChildren(
    ...config.document_types.map((dt) =>
      el("button", { type: "button", class: "choice", id: "doctype-" + dt, onclick: () => begin(dt) }, t("doctype." + dt)),
    ),
  );
  show("document");
}

// begin opens a capture session for the chosen document and runs the steps.
async function begin(documentType) {
  const my = ++gen;
  const steps = ["document_front"];
  if (documentType !== "passport") steps.push("document_back");
  if (config.cameras.selfie) steps.push("selfie");
  if (config.cameras.selfie && config.liveness) steps.push("liveness");
  try {
    const s = await call("POST", "/ui/kiosk/sessions", { document_type: documentType, consent: true, lang });
    if (my !== gen) return;
    flow = { id: s.id, documentType, steps };
    drawProgress(steps, 0);
    for (let i = 0; i < steps.length; i++) {
      drawProgress(steps, i);
      while (!(await capture(my, steps[i]))) {
        if (my !== gen) return;
        await waitRetry();
        if (my !== gen) return;
      }
      if (my !== gen) return;
    }
    stopPreview();
    drawProgress(steps, steps.length);
    show("submitting");
    const r = await call("POST", `/ui/kiosk/sessions/${flow.id}/submit`, {});
    if (my !== gen) return;
    showResult(r.outcome === "done");
  } catch (e) {
    if (my !== gen) return;
    stopPreview();
    showResult(false);
  }
}

function drawProgress(steps, current) {
  const ol = $("progress");
  ol.replaceChildren(
    ...[...steps, "submit"].map((s, i) =>
      el("li", { class: i < current ? "done" : i === current ? "current" : "", "aria-current": i === current ? "step" : null }, t("step." + s)),
    ),
  );
  ol.hidden = false;
}

// capture runs one step's auto-capture and resolves true once the server has the picture,
// false when it failed (the customer may retry).
async function capture(my, step) {
  const passport = flow.documentType === "passport" && step === "document_front";
  const key = passport ? "passport_front" : step;
  $("capture-title").textContent = t(`capture.${key}.title`);
  $("capture-help").textContent = t(`capture.${key}.help`);
  const face = step === "selfie" || step === "liveness";
  $("guide").className = "guide " + (face ? "oval" : passport ? "page" : "card");
  $("captured-mark").hidden = true;
  $("capture-failed").hidden = true;
  $("feedback").textContent = "";
  $("feedback").className = "feedback";
  $("feedback").dataset.code = "";
  show("capture");
  document.body.dataset.step = step;
  const camera = face ? config.cameras.selfie : config.cameras.document;
  await startPreview(camera, face);
  await call("POST", `/ui/kiosk/sessions/${flow.id}/steps/${step}`);
  for (;;) {
    await sleep(POLL_MS);
    if (my !== gen) return false;
    const s = await call("GET", `/ui/kiosk/sessions/${flow.id}`);
    if (my !== gen) return false;
    const st = s.steps[step];
    if (st.state === "captured") {
      $("feedback").textContent = t(step === "liveness" ? "capture.recorded" : "capture.captured");
      $("feedback").className = "feedback ok";
      $("feedback").dataset.code = "captured";
      $("captured-mark").hidden = false;
      await sleep(CAPTURED_PAUSE_MS);
      return true;
    }
    if (st.state === "failed") {
      $("feedback").textContent = st.feedback.includes("no_signal") ? t("capture.camera_error") : t("capture.failed");
      $("feedback").className = "feedback bad";
      $("capture-failed").hidden = false;
      $("capture-retry").focus();
      armIdle("capture");
      return false;
    }
    showFeedback(step, st);
  }
}

// showFeedback tells the customer what to do now: a framing problem first, else, while the
// movement step records, the challenge the server asks for at this moment (the server chose
// and checks their order; the page only shows them).
function showFeedback(step, st) {
  const fb = $("feedback");
  let code = st.feedback[0] || "";
  let text = code ? t("feedback." + code) : "";
  let kind = code === "hold_still" ? "ok" : code ? "warn" : "";
  const live = step === "liveness" ? st.live : null;
  if (!code && live && (live.hint === "no_face" || live.hint === "several_faces")) {
    // The live tracker (landmarks, frame by frame) sees what the framing gate missed.
    code = live.hint;
    text = t("feedback." + code);
    kind = "warn";
  }
  const challenge = live && !live.done ? live.challenge || (live.slot < 0 ? "look_at_camera" : "") : st.challenge;
  if (!code && step === "liveness" && challenge) {
    code = "challenge:" + challenge;
    const i = (st.challenges || []).indexOf(challenge);
    text = t("challenge." + challenge) + (i >= 0 ? ` (${i + 1}/${st.challenges.length})` : "");
    kind = "challenge";
    if (live && live.met && live.challenge === challenge) {
      // Acknowledge the action until the next one is due.
      code += ":met";
      text += " — " + t("challenge.met");
      kind = "ok";
    }
  } else if (!code && step === "liveness" && st.frames > 0) {
    code = "recording";
    text = t("capture.recording");
    kind = "ok";
  }
  fb.dataset.code = code;
  fb.textContent = text;
  fb.className = "feedback" + (kind ? " " + kind : "");
}

function waitRetry() {
  return new Promise((resolve) => {
    retryWaiter = resolve;
  });
}

// startPreview shows the camera's MJPEG stream; the URL carries a short-lived token signed
// for that camera, never a key.
async function startPreview(camera, mirror) {
  const viewer = $("viewer");
  const current = viewer.querySelector("img.preview");
  if (current && current.dataset.camera === camera) return;
  stopPreview();
  const tok = await call("POST", `/ui/kiosk/cameras/${encodeURIComponent(camera)}/preview-token`);
  const img = el("img", { class: "preview" + (mirror ? " mirror" : ""), alt: "", src: tok.url, dataset: { camera } });
  viewer.prepend(img);
}

function stopPreview() {
  for (const img of document.querySelectorAll("img.preview")) img.remove();
}

function showResult(done) {
  $("result-title").textContent = t(done ? "result.done.title" : "result.agent.title");
  $("result-text").textContent = t(done ? "result.done.text" : "result.agent.text");
  $("result-icon").textContent = done ? "✓" : "i";
  $("result-icon").className = "result-icon " + (done ? "done" : "agent");
  document.body.dataset.outcome = done ? "done" : "agent";
  show("result");
}

async function pair(ev) {
  ev.preventDefault();
  const input = $("pair-key");
  $("pair-error").hidden = true;
  try {
    await call("POST", "/ui/kiosk/pair", { key: input.value });
  } catch (e) {
    $("pair-error").textContent = e.status === 401 ? t("pair.wrong") : t("common.error");
    $("pair-error").hidden = false;
    input.select();
    return;
  }
  input.value = "";
  await loadConfig();
}

function wire() {
  $("pair-form").addEventListener("submit", pair);
  $("consent-yes").addEventListener("click", showDocuments);
  $("consent-no").addEventListener("click", () => show("declined"));
  $("declined-done").addEventListener("click", reset);
  $("result-done").addEventListener("click", reset);
  $("unavailable-retry").addEventListener("click", loadConfig);
  $("capture-retry").addEventListener("click", () => {
    const w = retryWaiter;
    retryWaiter = null;
    if (w) w();
  });
  for (const b of document.querySelectorAll('[data-action="cancel"]')) b.addEventListener("click", reset);
  document.addEventListener("keydown", (ev) => {
    const screen = document.body.dataset.currentScreen;
    if (ev.key === "Escape" && (screen === "capture" || screen === "document" || screen === "consent")) reset();
  });
  for (const ev of ["pointerdown", "keydown"]) {
    document.addEventListener(ev, () => armIdle(document.body.dataset.currentScreen), { passive: true });
  }
}

translate(document);
document.title = t("kiosk.title");
wire();
loadConfig();
