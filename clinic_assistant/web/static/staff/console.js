/* Staff console: live queue, live conversation, crisis banner and sound. No inline handlers,
   no external resources; the page passes its URLs in data-* attributes on <main>. */
(function () {
  "use strict";

  var QUEUE_POLL_MS = 3000;
  var CONVERSATION_POLL_MS = 2000;
  var SOUND_KEY = "staffConsoleSound";

  var main = document.getElementById("main");
  if (!main) { return; }

  /* ---------- Crisis alert: banner and a tone made with the Web Audio API ---------- */

  var banner = document.getElementById("crisis-banner");
  var bannerText = document.getElementById("crisis-banner-text");
  var dismiss = document.getElementById("crisis-banner-dismiss");
  var soundToggle = document.getElementById("sound-toggle");
  var audioContext = null;
  var soundOn = false;
  try { soundOn = window.localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { soundOn = false; }

  function audio() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) { return null; }
    if (!audioContext) { audioContext = new Ctx(); }
    if (audioContext.state === "suspended") { audioContext.resume(); }
    return audioContext;
  }

  function playAlert() {
    if (!soundOn) { return; }
    var ctx = audio();
    if (!ctx) { return; }
    var start = ctx.currentTime + 0.05;
    [0, 0.35, 0.7, 1.05].forEach(function (offset, i) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = "square";
      osc.frequency.value = i % 2 ? 660 : 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.32);
    });
  }

  function showCrisis(text) {
    if (!banner) { return; }
    bannerText.textContent = text;
    banner.hidden = false;
    playAlert();
  }

  function renderSoundToggle() {
    if (!soundToggle) { return; }
    soundToggle.textContent = "Sound alerts: " + (soundOn ? "on" : "off");
    soundToggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
  }

  if (soundToggle) {
    soundToggle.addEventListener("click", function () {
      soundOn = !soundOn;
      try { window.localStorage.setItem(SOUND_KEY, soundOn ? "on" : "off"); } catch (e) { /* private mode */ }
      renderSoundToggle();
      if (soundOn) { audio(); playAlert(); }
    });
    renderSoundToggle();
  }
  // Browsers start audio only after a user gesture: unlock it on the first click or key press.
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function unlock() {
      if (soundOn) { audio(); }
      document.removeEventListener(type, unlock);
    });
  });
  if (dismiss) {
    dismiss.addEventListener("click", function () { banner.hidden = true; });
  }

  /* ---------- Helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function getJSON(url) {
    return fetch(url, {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      if (response.status === 401) {
        window.location.assign(main.dataset.loginUrl + "?next=" + encodeURIComponent(window.location.pathname));
        throw new Error("logged out");
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function stamp(id, ok) {
    var node = document.getElementById(id);
    if (node) {
      node.textContent = ok ? "Updated " + new Date().toLocaleTimeString() + "." : "Could not refresh; retrying.";
    }
  }

  /* ---------- Queue page ---------- */

  function startQueue() {
    var body = document.getElementById("queue-body");
    var empty = document.getElementById("queue-empty");
    var waiting = document.getElementById("waiting-crises");
    var waitingCount = document.getElementById("waiting-crises-count");
    var known = {};
    (main.dataset.crisisIds || "").split(",").forEach(function (id) { if (id) { known[id] = true; } });

    function row(h) {
      var tr = el("tr", "reason-" + h.reason + " status-" + h.status);
      tr.dataset.id = h.id;
      var reason = h.reason_label + (h.callback_requested ? " · call-back requested" : "");
      [reason, h.risk_category, h.severity, h.waiting_label, h.created_label, h.status, h.claimed_by]
        .forEach(function (value) { tr.appendChild(el("td", null, value || "")); });
      var cell = el("td");
      var link = el("a", null, "Open " + h.conversation_id);
      link.href = h.url;
      cell.appendChild(link);
      tr.appendChild(cell);
      return tr;
    }

    function render(handoffs) {
      body.replaceChildren.apply(body, handoffs.map(row));
      empty.hidden = handoffs.length > 0;
      var open = handoffs.filter(function (h) { return h.reason === "crisis" && h.status === "open"; });
      waiting.hidden = open.length === 0;
      waitingCount.textContent = String(open.length);
      var fresh = handoffs.filter(function (h) { return h.reason === "crisis" && !known[h.id]; });
      fresh.forEach(function (h) { known[h.id] = true; });
      if (fresh.length) {
        var h = fresh[0];
        showCrisis("New crisis handoff" + (h.risk_category ? " (" + h.risk_category + ")" : "") +
          ": conversation " + h.conversation_id + (fresh.length > 1 ? " and " + (fresh.length - 1) + " more" : "") + ".");
      }
    }

    function poll() {
      getJSON(main.dataset.queueUrl)
        .then(function (data) { render(data.handoffs); stamp("queue-updated", true); })
        .catch(function () { stamp("queue-updated", false); })
        .then(function () { window.setTimeout(poll, QUEUE_POLL_MS); });
    }
    window.setTimeout(poll, QUEUE_POLL_MS);
  }

  /* ---------- Conversation page ---------- */

  function entryNode(e) {
    var li = el("li", "entry entry-" + e.kind + (e.is_crisis ? " entry-crisis" : "") + " entry-new");
    li.dataset.eventId = e.id;
    var head = el("p", "entry-head");
    head.appendChild(el("span", "who", e.label));
    head.appendChild(document.createTextNode(" "));
    var time = el("time", null, e.at_label);
    if (e.at) { time.setAttribute("datetime", e.at); }
    head.appendChild(time);
    li.appendChild(head);
    if (["user", "bot", "staff", "staff_notice"].indexOf(e.kind) >= 0) {
      var text = el("p", "entry-text");
      e.segments.forEach(function (s) {
        text.appendChild(s.mark ? el("mark", null, s.text) : document.createTextNode(s.text));
      });
      li.appendChild(text);
    }
    if (e.kind === "user") {
      var meta = "intent: " + (e.intent || "unknown");
      var risk = e.risk || {};
      if (risk.level && risk.level !== "none") {
        meta += " · risk: " + [risk.level, risk.category, risk.severity].filter(Boolean).join(", ");
        if (risk.evidence && risk.evidence.length) { meta += " · evidence: " + risk.evidence.join("; "); }
      }
      li.appendChild(el("p", "entry-meta", meta));
    }
    if (e.buttons && e.buttons.length) {
      var list = el("ul", "entry-buttons");
      list.setAttribute("aria-label", "Buttons offered");
      e.buttons.forEach(function (b) { list.appendChild(el("li", null, b.title)); });
      li.appendChild(list);
    }
    return li;
  }

  function startConversation() {
    var list = document.getElementById("transcript");
    var empty = document.getElementById("transcript-empty");
    var status = document.getElementById("handoff-status");
    var botState = document.getElementById("bot-state");
    var last = Number(main.dataset.lastEventId || 0);

    function apply(data) {
      data.entries.forEach(function (e) {
        if (list.querySelector('[data-event-id="' + Number(e.id) + '"]')) { return; }
        list.appendChild(entryNode(e));
        if (e.is_crisis) {
          showCrisis("Crisis message in this conversation: " + (e.risk && e.risk.category ? e.risk.category : "risk") + ".");
        }
      });
      if (data.entries.length) { empty.hidden = true; }
      last = Math.max(last, Number(data.last_event_id) || 0);
      if (status && data.handoff) {
        var who = data.handoff.claimed_by && data.handoff.claimed_by.length ? " (claimed by " + data.handoff.claimed_by.join(", ") + ")" : "";
        status.textContent = data.handoff.status + who;
      }
      if (botState) { botState.textContent = data.bot_paused ? "paused, staff answering" : "answering"; }
    }

    function poll() {
      getJSON(main.dataset.eventsUrl + "?after=" + encodeURIComponent(last))
        .then(function (data) { apply(data); stamp("transcript-updated", true); })
        .catch(function () { stamp("transcript-updated", false); })
        .then(function () { window.setTimeout(poll, CONVERSATION_POLL_MS); });
    }
    window.setTimeout(poll, CONVERSATION_POLL_MS);

    // Replies go out without a reload; without JavaScript the form posts normally.
    var form = document.getElementById("reply-form");
    if (form && window.fetch && window.FormData) {
      var text = document.getElementById("reply-text");
      var result = document.getElementById("reply-status");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
        result.textContent = "Sending…";
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { "Accept": "application/json", "X-CSRF-Token": token }
        }).then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        }).then(function (r) {
          result.textContent = r.data.message || (r.ok ? "Sent." : "Not sent.");
          if (r.ok) { text.value = ""; text.focus(); }
        }).catch(function () {
          result.textContent = "The message could not be sent. Try again.";
        });
      });
    }
  }

  if (main.dataset.page === "queue") { startQueue(); }
  if (main.dataset.page === "conversation") { startConversation(); }
})();
