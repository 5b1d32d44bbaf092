/*!
 * Clinic chat widget: a self-contained chat window for a Rasa assistant (socket.io channel with
 * session persistence). Embed it on any page with one tag:
 *
 *   <script src="https://YOUR-WEB-APP/static/widget/clinic-chat.js"
 *           data-server-url="https://YOUR-RASA-SERVER"       (Rasa server; socket.io on /socket.io)
 *           data-clinic-name="Stillwater Clinic"
 *           data-primary-color="#1f5f8b"                     (header, launcher, your messages)
 *           data-emergency-number="911"
 *           data-crisis-line="call or text 988, the Suicide & Crisis Lifeline"
 *           data-crisis-text-line="text HOME to 741741 to reach the Crisis Text Line"
 *           defer></script>
 *
 * Optional: data-crisis-chat, data-clinic-phone, data-socket-path (default /socket.io).
 * The stylesheet (clinic-chat.css) and the socket.io client (vendor/socket.io.min.js) are loaded
 * from beside this script. Elements with data-clinic-chat="open" open the chat when clicked;
 * data-clinic-chat="book" opens it and starts a booking.
 *
 * How it works
 * - One conversation per visitor, shared by all tabs. The server issues the session: an id and a
 *   signed token (the id alone cannot join or send), kept in localStorage inside this closure,
 *   never on window.ClinicChat. A session the server refuses is replaced by a fresh one.
 * - "Delete my data": when the server confirms the deletion (a forget_transcript flag, not the
 *   wording), the stored transcript is cleared and a fresh session starts.
 * - One connection per browser: the tabs elect a leader (Web Locks); only the leader holds the
 *   socket, receives the bot's messages and writes the conversation log (localStorage). The other
 *   tabs render that log and hand the messages typed in them to the leader through localStorage,
 *   so two tabs can never fork the conversation or store a bot message twice.
 * - Messages typed while disconnected are queued and sent, in order and one at a time (each waits
 *   for the server's acknowledgement), once the connection is back.
 * - Message text is only ever inserted with textContent; **bold** and http(s) links are built as
 *   DOM nodes. No message content goes through innerHTML.
 */
(function () {
  "use strict";

  if (window.ClinicChat) {
    return; // loaded twice: keep the first
  }

  var script = document.currentScript || document.querySelector('script[src*="clinic-chat.js"]');
  var data = (script && script.dataset) || {};
  var scriptBase = script && script.src ? new URL(".", script.src).href : window.location.href;

  var PREFIX = "clinic-chat:";
  var SESSION_KEY = PREFIX + "session"; // {id, token}, as the server issued them
  var LOG_KEY = PREFIX + "log";
  var CONN_KEY = PREFIX + "conn";
  var OUT_PREFIX = PREFIX + "out:";
  var UI_KEY = PREFIX + "ui";
  var SESSION_ID_RE = /^web-[0-9a-f]{32}$/;
  // Keys of the widget before the server issued sessions: a transcript that can no longer continue.
  var LEGACY_KEY_RE = /^clinic-chat:([0-9a-f]{32}:|session-id$)/;
  var MAX_LOG = 400;
  var ACK_TIMEOUT_MS = 60000;
  var MAX_INPUT = 1000;

  var config = {
    serverUrl: (data.serverUrl || window.location.origin).replace(/\/+$/, ""),
    socketPath: data.socketPath || "/socket.io",
    clinicName: data.clinicName || "the clinic",
    clinicPhone: data.clinicPhone || "",
    primaryColor: parseColor(data.primaryColor) ? data.primaryColor : "#1f5f8b",
    emergencyNumber: (data.emergencyNumber || "911").trim(),
    crisisLine: (data.crisisLine || "").trim(),
    crisisTextLine: (data.crisisTextLine || "").trim(),
    crisisChat: (data.crisisChat || "").trim(),
    socketioSrc: new URL("vendor/socket.io.min.js", scriptBase).href,
    stylesheet: new URL("clinic-chat.css", scriptBase).href,
  };

  // ---------------------------------------------------------------- storage (never throws)
  var memory = {};
  var storage = {
    get: function (key, fallback) {
      try {
        var raw = window.localStorage.getItem(key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch (e) {
        return key in memory ? memory[key] : fallback;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        memory[key] = value;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        delete memory[key];
      }
    },
    keys: function (prefix) {
      var found = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) found.push(key);
        }
      } catch (e) {
        Object.keys(memory).forEach(function (key) {
          if (key.indexOf(prefix) === 0) found.push(key);
        });
      }
      return found;
    },
  };

  var tabUi = (function () {
    var fallback = {};
    return {
      load: function () {
        try {
          return JSON.parse(window.sessionStorage.getItem(UI_KEY)) || {};
        } catch (e) {
          return fallback;
        }
      },
      save: function (value) {
        try {
          window.sessionStorage.setItem(UI_KEY, JSON.stringify(value));
        } catch (e) {
          fallback = value;
        }
      },
    };
  })();

  function randomHex(bytes) {
    var buffer = new Uint8Array(bytes);
    window.crypto.getRandomValues(buffer);
    return Array.prototype.map
      .call(buffer, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      })
      .join("");
  }

  // The session the server issued, or null.
  function readSession() {
    var session = storage.get(SESSION_KEY, null);
    return session && SESSION_ID_RE.test(session.id || "") && typeof session.token === "string" ? session : null;
  }

  // ---------------------------------------------------------------- colours and contrast
  function parseColor(value) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!m) return null;
    var hex = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
    return [0, 2, 4].map(function (i) {
      return parseInt(hex.substr(i, 2), 16);
    });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function themeVariables(primary) {
    var rgb = parseColor(primary);
    var white = [255, 255, 255];
    var onPrimary = contrast(rgb, white) >= 4.5 ? "#ffffff" : "#111111";
    // Text and borders in the primary colour sit on white: fall back to near-black if too light.
    var primaryText = contrast(rgb, white) >= 4.5 ? primary : "#1b1b1b";
    return { "--cc-primary": primary, "--cc-on-primary": onPrimary, "--cc-primary-text": primaryText };
  }

  // ---------------------------------------------------------------- DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(pathData) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE =
    "M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z";
  var ICON_MINIMISE = "M5 18h14a1 1 0 0 1 0 2H5a1 1 0 0 1 0-2z";
  var ICON_RESTORE = "M5 5h14a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 4v8h12V9H6z";

  function capitalise(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  function safeUrl(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, label) {
    var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label });
    a.appendChild(el("span", { className: "cc-sr", text: " (opens in a new tab)" }));
    return a;
  }

  // Plain text with bare http(s) URLs turned into links.
  function appendLinkified(parent, text) {
    var urlRe = /https?:\/\/[^\s<>"']+/g;
    var last = 0;
    var match;
    while ((match = urlRe.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]]+$/, "");
      var href = safeUrl(raw);
      if (!href) continue;
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(link(href, raw));
      last = match.index + raw.length;
      urlRe.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // **bold**, [label](https://...) and bare http(s) links; everything else is text.
  function renderRichText(parent, text) {
    var re = /\*\*([^*\n](?:[^*\n]|\*(?!\*))*?)\*\*|\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()]+)\)/g;
    var last = 0;
    var match;
    text = String(text || "");
    while ((match = re.exec(text)) !== null) {
      if (match[3] && !safeUrl(match[3])) continue;
      appendLinkified(parent, text.slice(last, match.index));
      if (match[1] !== undefined) {
        var strong = el("strong");
        appendLinkified(strong, match[1]);
        parent.appendChild(strong);
      } else {
        parent.appendChild(link(safeUrl(match[3]), match[2]));
      }
      last = re.lastIndex;
    }
    appendLinkified(parent, text.slice(last));
  }

  function formatTime(ts) {
    try {
      return new Date(ts).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
    } catch (e) {
      return "";
    }
  }

  // ---------------------------------------------------------------- crisis replies
  // The server marks every part of a crisis reply with metadata {crisis: true} (the responses so
  // marked in domain.yml); the widget never guesses from the wording.
  function isCrisisReply(payload) {
    return !!(payload.metadata && typeof payload.metadata === "object" && payload.metadata.crisis === true);
  }

  // The server marks its confirmation of "delete my data" with metadata {forget_transcript: true}.
  function forgetsTranscript(payload) {
    return !!(payload.metadata && typeof payload.metadata === "object" && payload.metadata.forget_transcript === true);
  }

  // ---------------------------------------------------------------- the widget
  function ChatWidget() {
    this.logKey = LOG_KEY;
    this.connKey = CONN_KEY;
    this.outPrefix = OUT_PREFIX;
    this.requestedSession = null; // the id the latest session request asked to continue
    this.isLeader = false;
    this.socket = null;
    this.confirmed = false;
    this.everConnected = false;
    this.inFlight = null;
    this.ui = tabUi.load();
    this.rendered = {};
    this.greetRequested = false;
    this.lastSeenCount = 0;
    this.urgentShown = !!this.ui.urgentShown;
    this.build();
    this.render();
    this.applyUi();
    this.scrollToEnd();
    this.bindStorage();
    this.bindPageTriggers();
    this.electLeader();
  }

  ChatWidget.prototype.build = function () {
    var self = this;
    var vars = themeVariables(config.primaryColor);
    var titleId = "cc-title";
    var root = el("aside", { className: "cc-root", "aria-label": "Chat with " + config.clinicName });
    Object.keys(vars).forEach(function (name) {
      root.style.setProperty(name, vars[name]);
    });

    // Launcher (shown while the chat is closed), with its own "Get help now".
    this.launcherHelp = el("button", { type: "button", className: "cc-help-btn cc-help-btn--launcher", text: "Get help now" });
    this.launcher = el("button", { type: "button", className: "cc-launcher", "aria-describedby": "cc-unread" }, [
      icon(ICON_CHAT),
      el("span", { text: "Open chat" }),
    ]);
    this.unread = el("span", { id: "cc-unread", className: "cc-unread", hidden: true });
    var launcherBar = el("div", { className: "cc-launcher-bar" }, [this.launcherHelp, this.launcher, this.unread]);

    // Panel.
    this.subtitle = el("p", { className: "cc-subtitle", text: "Automated assistant" });
    this.minimiseBtn = el("button", {
      type: "button",
      className: "cc-icon-btn",
      "aria-label": "Minimise chat",
      "aria-expanded": "true",
      "aria-controls": "cc-body",
    });
    this.closeBtn = el("button", { type: "button", className: "cc-icon-btn", "aria-label": "Close chat" }, [icon(ICON_CLOSE)]);
    var header = el("div", { className: "cc-header" }, [
      el("div", { className: "cc-heading" }, [el("h2", { id: titleId, className: "cc-title", text: config.clinicName }), this.subtitle]),
      el("div", { className: "cc-header-actions" }, [this.minimiseBtn, this.closeBtn]),
    ]);

    this.helpBtn = el("button", {
      type: "button",
      className: "cc-help-btn cc-help-btn--panel",
      "aria-expanded": "false",
      "aria-controls": "cc-help",
      text: "Get help now",
    });
    this.helpRegion = this.buildHelp();
    var helpBar = el("div", { className: "cc-helpbar" }, [
      el("p", { className: "cc-helpbar-text", text: "Not a clinician. Not for emergencies." }),
      this.helpBtn,
    ]);

    this.status = el("p", { className: "cc-status", role: "status" });
    this.log = el("div", {
      className: "cc-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": "Conversation",
      tabindex: "0",
    });
    this.typing = el("div", { className: "cc-typing", hidden: true }, [
      el("span", { className: "cc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { className: "cc-typing-text", text: "The assistant is typing…" }),
    ]);
    this.input = el("input", {
      id: "cc-input",
      className: "cc-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(MAX_INPUT),
      placeholder: "Type your message",
    });
    this.sendBtn = el("button", { type: "submit", className: "cc-send", text: "Send" });
    this.form = el("form", { className: "cc-form", novalidate: true }, [
      el("label", { className: "cc-sr", for: "cc-input", text: "Type your message" }),
      this.input,
      this.sendBtn,
    ]);
    this.body = el("div", { id: "cc-body", className: "cc-body" }, [this.status, this.log, this.typing, this.form]);

    this.panel = el("section", { className: "cc-panel", "aria-labelledby": titleId, hidden: true }, [
      header,
      helpBar,
      this.helpRegion,
      this.body,
    ]);

    root.appendChild(this.panel);
    root.appendChild(launcherBar);
    this.root = root;

    this.launcher.addEventListener("click", function () {
      self.open();
    });
    this.launcherHelp.addEventListener("click", function () {
      self.open({ help: true });
    });
    this.closeBtn.addEventListener("click", function () {
      self.close();
    });
    this.minimiseBtn.addEventListener("click", function () {
      self.setMinimised(!self.ui.minimised);
    });
    this.helpBtn.addEventListener("click", function () {
      self.setHelp(!self.ui.help);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = "";
      self.send(text, text);
    });
    this.log.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-payload]");
      if (!button) return;
      self.send(button.getAttribute("data-payload"), button.getAttribute("data-title"));
      self.input.focus();
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.ui.open) {
        event.preventDefault();
        self.close();
      }
    });

    var mount = function () {
      document.body.appendChild(root);
    };
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount);
  };

  ChatWidget.prototype.buildHelp = function () {
    var items = [];
    var emergency = el("li", {}, [
      el("strong", { text: "In immediate danger or a medical emergency: " }),
      "call ",
      el("a", { href: "tel:" + config.emergencyNumber.replace(/[^\d+]/g, ""), text: config.emergencyNumber }),
      ".",
    ]);
    items.push(emergency);
    if (config.crisisLine) items.push(this.crisisItem("Thoughts of suicide or an emotional crisis: ", config.crisisLine));
    if (config.crisisTextLine) items.push(el("li", { text: capitalise(config.crisisTextLine) + "." }));
    if (config.crisisChat) items.push(el("li", { text: capitalise(config.crisisChat) + "." }));
    var children = [
      el("h3", { className: "cc-help-title", text: "Get help now" }),
      el("p", { text: "People who can help, any time:" }),
      el("ul", {}, items),
    ];
    if (config.clinicPhone) {
      children.push(el("p", { text: "To talk to " + config.clinicName + " during opening hours, call " + config.clinicPhone + "." }));
    }
    return el("div", { id: "cc-help", className: "cc-help", role: "region", "aria-label": "Crisis lines", hidden: true }, children);
  };

  ChatWidget.prototype.crisisItem = function (label, line) {
    // Turn the first phone-like number of the configured line into a tel: link.
    var item = el("li", {}, [el("strong", { text: label })]);
    var text = capitalise(line);
    var m = /\d[\d ]{1,10}\d|\d{3,}/.exec(text);
    if (m) {
      item.appendChild(document.createTextNode(text.slice(0, m.index)));
      item.appendChild(el("a", { href: "tel:" + m[0].replace(/\s/g, ""), text: m[0] }));
      item.appendChild(document.createTextNode(text.slice(m.index + m[0].length) + "."));
    } else {
      item.appendChild(document.createTextNode(text + "."));
    }
    return item;
  };

  // ------------------------------------------------------------ UI state (per tab)
  ChatWidget.prototype.saveUi = function () {
    tabUi.save(this.ui);
  };

  ChatWidget.prototype.applyUi = function () {
    var open = !!this.ui.open;
    var minimised = open && !!this.ui.minimised;
    this.panel.hidden = !open;
    this.launcher.parentNode.hidden = open;
    this.root.setAttribute("data-state", open ? (minimised ? "minimised" : "open") : "closed");
    this.body.hidden = minimised;
    this.minimiseBtn.setAttribute("aria-label", minimised ? "Restore chat" : "Minimise chat");
    this.minimiseBtn.setAttribute("aria-expanded", String(!minimised));
    this.minimiseBtn.textContent = "";
    this.minimiseBtn.appendChild(icon(minimised ? ICON_RESTORE : ICON_MINIMISE));
    this.helpRegion.hidden = !this.ui.help || !open;
    this.helpBtn.setAttribute("aria-expanded", String(!!this.ui.help));
    if (open && !minimised) this.markSeen();
    this.updateUnread();
  };

  ChatWidget.prototype.open = function (options) {
    this.ui.open = true;
    this.ui.minimised = false;
    if (options && options.help) this.ui.help = true;
    this.saveUi();
    this.applyUi();
    this.scrollToEnd();
    if (options && options.help) this.helpBtn.focus();
    else this.input.focus();
    this.ensureGreeting();
  };

  ChatWidget.prototype.close = function () {
    this.ui.open = false;
    this.saveUi();
    this.applyUi();
    this.launcher.focus();
  };

  ChatWidget.prototype.setMinimised = function (minimised) {
    this.ui.minimised = minimised;
    this.saveUi();
    this.applyUi();
    if (!minimised) {
      this.scrollToEnd();
      this.input.focus();
    }
  };

  ChatWidget.prototype.setHelp = function (shown) {
    this.ui.help = shown;
    this.saveUi();
    this.applyUi();
  };

  ChatWidget.prototype.bindPageTriggers = function () {
    var self = this;
    document.addEventListener("click", function (event) {
      var trigger = event.target.closest && event.target.closest("[data-clinic-chat]");
      if (!trigger || self.root.contains(trigger)) return;
      var action = trigger.getAttribute("data-clinic-chat");
      if (action !== "open" && action !== "book") return;
      event.preventDefault();
      self.open();
      if (action === "book") self.send("/book_consult", "Book a consultation");
    });
  };

  // ------------------------------------------------------------ conversation state
  ChatWidget.prototype.readLog = function () {
    var log = storage.get(this.logKey, []);
    return Array.isArray(log) ? log : [];
  };

  ChatWidget.prototype.writeLog = function (log) {
    if (log.length > MAX_LOG) log = log.slice(log.length - MAX_LOG);
    storage.set(this.logKey, log);
    this.render();
  };

  // Messages typed in any tab that the leader has not taken into the log yet, oldest first.
  ChatWidget.prototype.pendingItems = function () {
    var self = this;
    return storage
      .keys(this.outPrefix)
      .map(function (key) {
        var item = storage.get(key, null);
        if (item) item.key = key;
        return item;
      })
      .filter(function (item) {
        return item && typeof item.id === "string" && typeof item.text === "string";
      })
      .sort(function (a, b) {
        return a.ts - b.ts || (a.id < b.id ? -1 : 1);
      });
  };

  ChatWidget.prototype.outbox = function () {
    var ids = {};
    this.readLog().forEach(function (m) {
      ids[m.id] = true;
    });
    return this.pendingItems().filter(function (item) {
      return !ids[item.id];
    });
  };

  // Everything the tab shows: the log, then messages typed in any tab that the leader has not
  // taken yet.
  ChatWidget.prototype.messages = function () {
    var log = this.readLog();
    var pending = this.isLeader
      ? []
      : this.outbox().map(function (item) {
          return { id: item.id, from: "visitor", text: item.title, payload: item.text, hidden: item.hidden, ts: item.ts, status: "queued" };
        });
    return log.concat(pending);
  };

  ChatWidget.prototype.connectionState = function () {
    if (this.isLeader) return this.conn || "idle";
    var state = storage.get(this.connKey, null);
    return (state && state.state) || "idle";
  };

  ChatWidget.prototype.ensureGreeting = function () {
    if (this.greetRequested || this.messages().length) return;
    this.greetRequested = true;
    this.send("/greet", null, true);
  };

  // Any tab: hand a message to the leader (directly, or through localStorage).
  ChatWidget.prototype.send = function (payload, title, hidden) {
    var item = { id: "v-" + Date.now().toString(36) + "-" + randomHex(4), text: payload, title: title || payload, hidden: !!hidden, ts: Date.now() };
    if (!hidden) this.greetRequested = true; // a first message of the visitor's own replaces the greeting
    if (this.isLeader) this.accept(item);
    else {
      storage.set(this.outPrefix + item.id, item);
      this.render();
    }
  };

  // ------------------------------------------------------------ rendering
  ChatWidget.prototype.render = function () {
    var self = this;
    var messages = this.messages();
    var lastVisitor = -1;
    var urgent = false;
    var staff = null;
    messages.forEach(function (m, i) {
      if (m.from === "visitor") {
        lastVisitor = i;
      } else if (m.from === "bot" && m.crisis) {
        urgent = true;
      } else if (m.from === "system" && m.kind === "staff_joined") {
        staff = m.name;
      } else if (m.from === "system" && m.kind === "staff_left") {
        staff = null;
      }
    });

    var conn = this.connectionState();
    var log = this.log;
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    var added = false;
    var seen = {};
    var previous = null;
    messages.forEach(function (m, i) {
      if (m.from === "visitor" && m.hidden) return;
      seen[m.id] = true;
      var node = self.rendered[m.id];
      if (!node) {
        node = self.renderMessage(m);
        self.rendered[m.id] = node;
        added = true;
      }
      // quick replies stay until the visitor answers anything
      var replies = node.querySelector(".cc-replies");
      if (replies && i < lastVisitor) replies.parentNode.removeChild(replies);
      if (m.from === "visitor") {
        node.classList.toggle("cc-msg--queued", m.status === "queued");
        var state = node.querySelector(".cc-msg-state");
        state.textContent = m.status === "queued" ? "Not sent yet: it will be sent when the chat reconnects." : "";
        state.hidden = m.status !== "queued" || conn === "connected";
      }
      var expected = previous ? previous.nextSibling : self.log.firstChild;
      if (node !== expected) self.log.insertBefore(node, expected);
      previous = node;
    });
    Object.keys(this.rendered).forEach(function (id) {
      if (!seen[id]) {
        var node = self.rendered[id];
        if (node.parentNode) node.parentNode.removeChild(node);
        delete self.rendered[id];
      }
    });

    var waiting = messages.some(function (m) {
      return m.from === "visitor" && (m.status === "sending" || (m.status === "queued" && conn === "connected"));
    });
    this.typing.hidden = !waiting;
    this.renderStatus(conn, messages);
    this.setUrgent(urgent);
    this.subtitle.textContent = staff
      ? staff + " from " + config.clinicName + " is in this chat"
      : "Automated assistant";
    this.root.setAttribute("data-staff", staff ? "present" : "absent");
    this.count = messages.filter(function (m) {
      return m.from !== "visitor";
    }).length;
    // A tab that finds a conversation already going has "seen" what was there before it.
    if (this.ui.seen === undefined || (this.ui.open && !this.ui.minimised)) this.markSeen();
    this.updateUnread();
    // Follow new messages, unless the visitor has scrolled up to read.
    if (added && nearBottom) this.scrollToEnd();
  };

  ChatWidget.prototype.renderMessage = function (m) {
    var who;
    if (m.from === "visitor") who = "You";
    else if (m.from === "staff") who = (m.name || "Staff") + " (clinic staff)";
    else if (m.from === "system") who = null;
    else who = "Assistant";

    var node = el("div", { className: "cc-msg cc-msg--" + m.from, "data-id": m.id, "data-from": m.from });
    if (m.from === "system") {
      node.setAttribute("data-kind", m.kind || "");
      node.appendChild(el("p", { className: "cc-system-text", text: m.text }));
      node.appendChild(el("time", { className: "cc-time", datetime: new Date(m.ts).toISOString(), text: formatTime(m.ts) }));
      return node;
    }
    var meta = el("p", { className: "cc-meta" }, [
      el("span", { className: "cc-who", text: who }),
      " ",
      el("time", { className: "cc-time", datetime: new Date(m.ts).toISOString(), text: formatTime(m.ts) }),
    ]);
    var bubble = el("div", { className: "cc-bubble" });
    if (m.from === "visitor") bubble.textContent = m.text;
    else renderRichText(bubble, m.text);
    node.appendChild(meta);
    node.appendChild(bubble);
    if (m.from === "visitor") node.appendChild(el("p", { className: "cc-msg-state", hidden: true }));
    if (m.quick_replies && m.quick_replies.length) {
      var group = el("div", { className: "cc-replies", role: "group", "aria-label": "Suggested replies" });
      m.quick_replies.forEach(function (reply) {
        group.appendChild(
          el("button", {
            type: "button",
            className: "cc-reply",
            "data-payload": reply.payload,
            "data-title": reply.title,
            text: reply.title,
          })
        );
      });
      node.appendChild(group);
    }
    return node;
  };

  ChatWidget.prototype.renderStatus = function (conn, messages) {
    var text = "";
    if (conn === "reconnecting") {
      var queued = messages.some(function (m) {
        return m.from === "visitor" && !m.hidden && m.status !== "sent";
      });
      text = "Reconnecting…" + (queued ? " Your messages will be sent when the chat is back." : "");
    } else if (conn === "connecting") {
      text = "Connecting…";
    } else if (conn === "unavailable") {
      text = "The chat can't load right now." + (config.clinicPhone ? " Please call " + config.clinicPhone + "." : "");
    }
    // Stays in the accessibility tree (collapsed by CSS when empty) so that changes are announced.
    if (this.status.textContent !== text) this.status.textContent = text;
    this.root.setAttribute("data-connection", conn);
  };

  ChatWidget.prototype.setUrgent = function (urgent) {
    var state = urgent ? "urgent" : "normal";
    [this.helpBtn, this.launcherHelp].forEach(function (button) {
      button.setAttribute("data-state", state);
      button.classList.toggle("cc-help-btn--urgent", urgent);
    });
    this.root.setAttribute("data-help", state);
    if (urgent && !this.urgentShown) {
      // The first time the crisis response arrives, open the crisis lines next to it.
      this.urgentShown = true;
      this.ui.urgentShown = true;
      this.ui.help = true;
      this.saveUi();
      this.applyUi();
    }
  };

  ChatWidget.prototype.markSeen = function () {
    this.ui.seen = this.count || 0;
    this.saveUi();
  };

  ChatWidget.prototype.updateUnread = function () {
    var unread = Math.max(0, (this.count || 0) - (this.ui.seen || 0));
    var show = unread > 0 && (!this.ui.open || this.ui.minimised);
    this.unread.hidden = !show;
    this.unread.textContent = show ? unread + (unread === 1 ? " new message" : " new messages") : "";
  };

  ChatWidget.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  ChatWidget.prototype.bindStorage = function () {
    var self = this;
    window.addEventListener("storage", function (event) {
      if (!event.key || event.key.indexOf(PREFIX) !== 0 || event.key === SESSION_KEY) return;
      if (self.isLeader && event.key.indexOf(self.outPrefix) === 0 && event.newValue) self.drainOutbox();
      self.render();
    });
  };

  // ------------------------------------------------------------ leader: the one connection
  ChatWidget.prototype.electLeader = function () {
    var self = this;
    if (navigator.locks && navigator.locks.request) {
      navigator.locks.request(PREFIX + "leader", function () {
        self.becomeLeader();
        return new Promise(function () {}); // held until this tab goes away
      });
    } else {
      this.becomeLeader(); // no Web Locks (insecure context): every tab connects on its own
    }
  };

  ChatWidget.prototype.becomeLeader = function () {
    var self = this;
    this.isLeader = true;
    this.conn = "idle";
    this.drainOutbox();
    this.maybeConnect();
    window.setInterval(function () {
      self.drainOutbox();
    }, 2000);
    window.addEventListener("pagehide", function () {
      storage.set(self.connKey, { state: "idle", ts: Date.now() });
    });
    this.render();
  };

  ChatWidget.prototype.setConn = function (state) {
    this.conn = state;
    storage.set(this.connKey, { state: state, ts: Date.now() });
    this.render();
  };

  // Take the messages other tabs queued into the log, in the order they were typed.
  ChatWidget.prototype.drainOutbox = function () {
    var self = this;
    // Remove exactly the keys read (a tab may be writing a new one meanwhile).
    this.pendingItems().forEach(function (item) {
      storage.remove(item.key);
      self.accept(item);
    });
  };

  ChatWidget.prototype.accept = function (item) {
    var log = this.readLog();
    if (item.hidden && item.text === "/greet" && log.length) return; // someone already started
    if (log.some(function (m) { return m.id === item.id; })) return;
    log.push({ id: item.id, from: "visitor", text: item.title, payload: item.text, hidden: item.hidden, ts: item.ts, status: "queued" });
    this.writeLog(log);
    this.maybeConnect();
    this.flush();
  };

  ChatWidget.prototype.maybeConnect = function () {
    var self = this;
    if (this.socket || !this.readLog().length) return; // no conversation yet: no connection
    this.setConn("connecting");
    loadSocketIo(function (io) {
      if (!io) {
        self.setConn("unavailable");
        return;
      }
      self.connect(io);
    });
  };

  ChatWidget.prototype.connect = function (io) {
    var self = this;
    var session = readSession();
    var socket = io(config.serverUrl, {
      path: config.socketPath,
      // Sent with every socket.io request: a balancer in front of several Rasa servers routes
      // the conversation by it (cluster/haproxy.cfg), so its socket, REST and staff messages
      // all reach the same server. The id alone is no use without its token.
      query: session ? { session_id: session.id } : {},
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      timeout: 10000,
    });
    this.socket = socket;
    socket.on("connect", function () {
      self.confirmed = false;
      self.requestSession(readSession());
    });
    // Before session_confirm: the session this socket is in, and the token that proves it.
    socket.on("session_token", function (issued) {
      if (!issued || !SESSION_ID_RE.test(issued.session_id || "") || typeof issued.token !== "string") return;
      if (self.requestedSession && self.requestedSession !== issued.session_id) self.startOver();
      storage.set(SESSION_KEY, { id: issued.session_id, token: issued.token });
    });
    // A message named a session this socket may not use: continue in a fresh one.
    socket.on("session_invalid", function () {
      var session = readSession();
      self.confirmed = false;
      self.requeueInFlight();
      storage.remove(SESSION_KEY);
      self.requestSession(null);
      self.requestedSession = session && session.id;
    });
    socket.on("session_confirm", function () {
      var session = readSession();
      // A newly issued id: reconnect with it, so a balancer routes this socket by the conversation
      // (at most every 10 s, should a misconfigured cluster refuse its own tokens).
      if (session && socket.io.opts.query.session_id !== session.id) {
        socket.io.opts.query = { session_id: session.id };
        if (!self.rejoinedAt || Date.now() - self.rejoinedAt > 10000) {
          self.rejoinedAt = Date.now();
          self.rejoining = true;
          socket.disconnect().connect();
          return;
        }
      }
      self.rejoining = false;
      self.confirmed = true;
      self.everConnected = true;
      self.recoverInFlight();
      self.setConn("connected");
      self.flush();
    });
    socket.on("disconnect", function (reason) {
      self.confirmed = false;
      self.inFlight = null;
      if (self.rejoining) return;
      self.setConn("reconnecting");
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", function () {
      self.setConn("reconnecting");
    });
    socket.on("bot_uttered", function (payload) {
      self.receive(payload);
    });
  };

  ChatWidget.prototype.requestSession = function (session) {
    this.requestedSession = session ? session.id : null;
    this.socket.emit("session_request", session ? { session_id: session.id, token: session.token } : {});
  };

  // The server started a new conversation: the old transcript cannot continue. Messages not yet
  // answered are kept and sent in the new one.
  ChatWidget.prototype.startOver = function () {
    var unsent = this.readLog().filter(function (m) {
      return m.from === "visitor" && (m.status === "queued" || m.status === "sending");
    });
    unsent.forEach(function (m) {
      m.status = "queued";
    });
    this.inFlight = null;
    this.writeLog(unsent);
  };

  ChatWidget.prototype.requeueInFlight = function () {
    var id = this.inFlight;
    this.inFlight = null;
    if (id) this.updateStatus(id, "queued");
  };

  // "Delete my data" confirmed: keep only the confirmation, and leave the deleted session.
  ChatWidget.prototype.forgetTranscript = function (confirmation) {
    this.writeLog([confirmation]);
    storage.remove(SESSION_KEY);
    if (this.socket && this.socket.connected) this.requestSession(null);
  };

  // After a reconnect: a message that was on its way counts as delivered if the bot answered it,
  // else it is sent again.
  ChatWidget.prototype.recoverInFlight = function () {
    var log = this.readLog();
    var changed = false;
    log.forEach(function (m, i) {
      if (m.from === "visitor" && m.status === "sending") {
        var answered = log.slice(i + 1).some(function (later) {
          return later.from !== "visitor";
        });
        m.status = answered ? "sent" : "queued";
        changed = true;
      }
    });
    if (changed) this.writeLog(log);
  };

  ChatWidget.prototype.updateStatus = function (id, status) {
    var log = this.readLog();
    log.forEach(function (m) {
      if (m.id === id) m.status = status;
    });
    this.writeLog(log);
  };

  // Send queued messages one at a time; the next waits for the server's acknowledgement, which
  // Rasa gives once it has handled the message (its replies come first).
  ChatWidget.prototype.flush = function () {
    var self = this;
    var session = readSession();
    if (!this.socket || !this.confirmed || this.inFlight || !session) return;
    var next = this.readLog().filter(function (m) {
      return m.from === "visitor" && m.status === "queued";
    })[0];
    if (!next) return;
    this.inFlight = next.id;
    this.updateStatus(next.id, "sending");
    var socket = this.socket;
    var message = { message: next.payload, session_id: session.id, token: session.token };
    socket.timeout(ACK_TIMEOUT_MS).emit("user_uttered", message, function (err) {
      if (self.inFlight !== next.id) return;
      if (err && !socket.connected) return; // disconnected: recoverInFlight decides on reconnect
      self.inFlight = null;
      self.updateStatus(next.id, "sent");
      self.flush();
    });
  };

  ChatWidget.prototype.receive = function (payload) {
    if (!payload || typeof payload !== "object") return;
    var now = Date.now();
    var id = "b-" + now.toString(36) + "-" + randomHex(4);
    var message = null;
    var name = String(payload.staff_name || "A staff member").slice(0, 80);
    if (payload.type === "staff_message") {
      message = { id: id, from: "staff", name: name, text: String(payload.text || ""), ts: now };
    } else if (payload.type === "staff_joined") {
      message = { id: id, from: "system", kind: "staff_joined", name: name, ts: now, text: name + " from " + config.clinicName + " has joined the chat. You are now talking with a person." };
    } else if (payload.type === "staff_left") {
      message = { id: id, from: "system", kind: "staff_left", name: name, ts: now, text: name + " has left the chat. You are talking with the automated assistant again." };
    } else if (typeof payload.text === "string" && payload.text) {
      var replies = (payload.quick_replies || payload.buttons || [])
        .filter(function (r) {
          return r && typeof r.title === "string" && typeof r.payload === "string";
        })
        .map(function (r) {
          return { title: r.title, payload: r.payload };
        });
      message = { id: id, from: "bot", text: payload.text, quick_replies: replies, crisis: isCrisisReply(payload), ts: now };
    }
    if (!message) return;
    if (forgetsTranscript(payload)) return this.forgetTranscript(message);
    var log = this.readLog();
    log.push(message);
    this.writeLog(log);
  };

  // ---------------------------------------------------------------- loading
  var ioPromise = null;
  function loadSocketIo(callback) {
    if (!ioPromise) {
      ioPromise = new Promise(function (resolve) {
        if (window.io && typeof window.io === "function") return resolve(window.io);
        var tag = document.createElement("script");
        tag.src = config.socketioSrc;
        tag.async = true;
        tag.onload = function () {
          resolve(window.io || null);
        };
        tag.onerror = function () {
          resolve(null);
        };
        document.head.appendChild(tag);
      });
    }
    ioPromise.then(callback);
  }

  function loadStylesheet() {
    if (document.querySelector('link[data-clinic-chat-css]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = config.stylesheet;
    link.setAttribute("data-clinic-chat-css", "");
    document.head.appendChild(link);
  }

  function start() {
    loadStylesheet();
    storage.keys(PREFIX).forEach(function (key) {
      if (LEGACY_KEY_RE.test(key)) storage.remove(key);
    });
    var widget = new ChatWidget();
    window.ClinicChat.open = function () {
      widget.open();
    };
    window.ClinicChat.close = function () {
      widget.close();
    };
    window.ClinicChat.ready = true;
    document.dispatchEvent(new CustomEvent("clinic-chat:ready"));
  }

  // The page's handle on the chat: no session id or token on it.
  window.ClinicChat = { ready: false, open: function () {}, close: function () {} };
  start();
})();
