// Fleet dashboard: polls the node's admin API (same origin) and draws the arms. No external scripts.
// The bearer token (needed when the node is exposed beyond loopback) is typed once and kept for this tab only.
"use strict";

const POLL_MS = 500, THUMB_MS = 1000, SIDE_MS = 3000, HISTORY = 90;
const JOINT_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const cards = new Map();      // arm id -> { root, history: [[6 joints]...], thumbs: Map(camera -> img) }
let token = sessionStorage.getItem("fleet-token") || "";

async function api(path, options = {}) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const response = await fetch(path, { ...options, headers, cache: "no-store" });
  if (response.status === 401) { askForToken(); throw new Error("unauthorized"); }
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

function askForToken() {
  const form = document.getElementById("token-form");
  form.hidden = false;
  setConnection("token required", false);
}

function setConnection(text, ok) {
  const badge = document.getElementById("connection");
  badge.textContent = text;
  badge.className = "badge " + (ok ? "state-running" : "offline");
}

function card(arm) {
  let entry = cards.get(arm.id);
  if (entry) return entry;
  const root = document.getElementById("arm-card").content.firstElementChild.cloneNode(true);
  root.dataset.arm = arm.id;
  root.querySelector(".arm-id").textContent = arm.id;
  root.querySelector(".stop").addEventListener("click", () => confirmStop(arm.id));
  root.querySelector(".resume").addEventListener("click", () => command(`/api/arms/${encodeURIComponent(arm.id)}/resume`));
  document.getElementById("arms").appendChild(root);
  entry = { root, history: [], thumbs: new Map() };
  cards.set(arm.id, entry);
  return entry;
}

function render(arm) {
  const entry = card(arm);
  const root = entry.root;
  const state = root.querySelector(".state");
  state.textContent = arm.state;
  state.className = "state badge state-" + arm.state;
  root.dataset.state = arm.state;
  root.querySelector(".queue").textContent = arm.queue_depth;
  root.querySelector(".latency").textContent = arm.chunk_latency_p50_ms.toFixed(1) + " ms";
  root.querySelector(".jitter").textContent = arm.jitter_p99_ms.toFixed(1) + " ms";
  root.querySelector(".starved").textContent = arm.starvation_ticks;
  const alarms = root.querySelector(".alarms");
  alarms.replaceChildren(...arm.alarms.map(text => Object.assign(document.createElement("li"), { textContent: text })));
  for (const camera of Object.keys(arm.camera_ages_ms)) thumb(entry, arm.id, camera);
  if (arm.joint_positions.length) entry.history.push(arm.joint_positions);
  if (entry.history.length > HISTORY) entry.history.shift();
  sparkline(root.querySelector(".sparkline"), entry.history);
}

function thumb(entry, armId, camera) {
  if (entry.thumbs.has(camera)) return;
  const img = document.createElement("img");
  img.className = "thumb";
  img.alt = `${armId} ${camera}`;
  img.dataset.camera = camera;
  img.dataset.frames = "0";
  entry.root.querySelector(".cameras").appendChild(img);
  entry.thumbs.set(camera, img);
}

async function refreshThumbs() {
  for (const [armId, entry] of cards) {
    for (const [camera, img] of entry.thumbs) {
      try {
        const blob = await (await api(`/api/arms/${encodeURIComponent(armId)}/cameras/${encodeURIComponent(camera)}.png`)).blob();
        const old = img.src;
        img.src = URL.createObjectURL(blob);
        img.dataset.frames = String(Number(img.dataset.frames) + 1);
        if (old.startsWith("blob:")) URL.revokeObjectURL(old);
      } catch { /* no frame yet: keep the last one */ }
    }
  }
}

// Six joint traces, each scaled to its own range so small motions stay visible.
function sparkline(canvas, history) {
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (history.length < 2) return;
  for (let j = 0; j < history[0].length; j++) {
    const values = history.map(h => h[j]);
    const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
    g.strokeStyle = JOINT_COLOURS[j % JOINT_COLOURS.length];
    g.beginPath();
    values.forEach((v, i) => {
      const x = (i / (HISTORY - 1)) * canvas.width;
      const y = canvas.height - 2 - ((v - lo) / span) * (canvas.height - 4);
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    });
    g.stroke();
  }
}

function confirmStop(armId) {
  const dialog = document.getElementById("confirm-stop");
  document.getElementById("confirm-arm").textContent = armId;
  dialog.onclose = () => {
    if (dialog.returnValue === "stop") command(`/api/arms/${encodeURIComponent(armId)}/stop`);
  };
  dialog.returnValue = "";
  dialog.showModal();
}

async function command(path) {
  try { await api(path, { method: "POST" }); await pollArms(); }
  catch (e) { alertLine("command failed: " + e.message); }
}

function alertLine(text) { setConnection(text, false); }

async function pollArms() {
  try {
    const arms = await (await api("/api/arms")).json();
    arms.forEach(render);
    setConnection("live", true);
  } catch (e) {
    if (e.message !== "unauthorized") setConnection("offline: " + e.message, false);
  }
}

function list(id, items, empty) {
  const ul = document.getElementById(id);
  const rows = items.length ? items : [empty];
  ul.replaceChildren(...rows.map(text => Object.assign(document.createElement("li"), { textContent: text })));
}

async function pollSide() {
  try {
    const node = await (await api("/api/node")).json();
    document.getElementById("node-name").textContent = "· " + node.name;
    const members = await (await api("/api/cluster")).json();
    list("members", members.map(m => `${m.name} (${m.address}) ${m.status}${m.is_self ? " · this node" : ""}`), "none");
    const episodes = await (await api("/api/episodes")).json();
    list("episodes", episodes.map(e => `#${e.index} ${e.arm_id} ${e.state}: ${e.frames} frames (${e.dropped_frames} dropped)`), "none");
    const pool = await (await api("/api/pool")).json();
    list("pool", pool.map(p => `${p.policy}: ${p.busy}/${p.workers} busy, ${p.queued} queued, ${p.served} served, batch ${p.mean_batch.toFixed(2)}`), "no local pool");
  } catch { /* shown by the arms poll */ }
}

document.getElementById("token-form").addEventListener("submit", event => {
  event.preventDefault();
  token = document.getElementById("token").value;
  sessionStorage.setItem("fleet-token", token);
  document.getElementById("token-form").hidden = true;
  pollArms(); pollSide();
});

pollArms(); pollSide();
setInterval(pollArms, POLL_MS);
setInterval(refreshThumbs, THUMB_MS);
setInterval(pollSide, SIDE_MS);
