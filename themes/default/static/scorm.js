// syllabus SCORM runtime: connects a module page inside a package to the LMS.
//
// Loaded only on SCO pages (before quiz.js). It listens to the page's own events
// (syllabus:progress, syllabus:answered, syllabus:finished, syllabus:acknowledged) and reports
// them to the LMS through SCORM 1.2 (`API`) or SCORM 2004 4th Edition (`API_1484_11`):
// completion, progress, score, pass/fail, each answer as an interaction, session time, the
// learner's place and a compact saved state. Without an LMS, or with one that fails, the page
// works exactly as on the site and reports nothing.
//
// Debug: add `?scorm_debug=1` to the SCO's URL (or set localStorage "syllabus:scorm-debug" to
// "1") to log every call; failed calls are always logged as warnings.
(function (root) {
  "use strict";
  var doc = root.document;
  var cfgEl = doc.getElementById("syllabus-sco");
  if (!cfgEl) return;
  var cfg;
  try { cfg = JSON.parse(cfgEl.textContent); } catch (e) { return; }
  var is2004 = cfg.standard === "2004";
  var debug = /[?&]scorm_debug=1\b/.test(root.location.search);
  try { debug = debug || root.localStorage.getItem("syllabus:scorm-debug") === "1"; } catch (e) { /* storage off */ }
  var LABEL = "[syllabus SCORM " + (is2004 ? "2004" : "1.2") + "]";
  function log(msg) { if (debug && root.console) root.console.log(LABEL + " " + msg); }
  function warn(msg) { if (root.console) root.console.warn(LABEL + " " + msg); }

  // --- finding the API: the ADL algorithm, parents first (at most 500 levels), then openers ---
  var API_NAME = is2004 ? "API_1484_11" : "API";
  function apiOf(win) { try { return win && win[API_NAME] ? win[API_NAME] : null; } catch (e) { return null; } }
  function scan(win) {
    var tries = 0;
    while (win && !apiOf(win) && tries < 500) {
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
      tries++;
    }
    return apiOf(win);
  }
  function findApi() {
    var api = scan(root);
    try { if (!api && root.opener) api = scan(root.opener); } catch (e) { /* cross-origin */ }
    try { if (!api && root.top && root.top.opener) api = scan(root.top.opener); } catch (e) { /* cross-origin */ }
    return api;
  }

  var M = is2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", err: "GetLastError", text: "GetErrorString", diag: "GetDiagnostic" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", err: "LMSGetLastError", text: "LMSGetErrorString", diag: "LMSGetDiagnostic" };
  var api = findApi();
  var failures = 0;

  // Every call goes through here: exceptions are caught, GetLastError is checked.
  function call(method, element, value) {
    if (!api) return "";
    var result, what = M[method] + (element ? "(" + element + (value !== undefined ? ", " + value : "") + ")" : "()");
    try {
      if (method === "get") result = api[M.get](element);
      else if (method === "set") result = api[M.set](element, String(value));
      else result = api[M[method]]("");
    } catch (e) {
      failures++;
      warn(what + " threw " + e);
      return "";
    }
    var code = "0";
    try { code = String(api[M.err]()); } catch (e) { code = "0"; }
    if (code !== "0" && code !== "") {
      failures++;
      var text = "", diag = "";
      try { text = api[M.text](code); } catch (e) { /* ignore */ }
      try { diag = api[M.diag](code); } catch (e) { /* ignore */ }
      warn(what + " failed: error " + code + (text ? " (" + text + ")" : "") + (diag && diag !== text ? ": " + diag : ""));
    } else {
      log(what + " -> " + result);
    }
    return result === undefined || result === null ? "" : String(result);
  }
  function get(el) { return call("get", el); }
  function set(el, v) { return call("set", el, v); }
  function ok(r) { return r === true || r === "true"; }

  var EL = is2004
    ? { location: "cmi.location", suspend: "cmi.suspend_data", entry: "cmi.entry", exit: "cmi.exit", time: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max" }
    : { location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", entry: "cmi.core.entry", exit: "cmi.core.exit", time: "cmi.core.session_time", raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max" };

  // --- the saved state: {"v":1,"l":anchor,"p":percent read,"s":hex of sections seen,
  //     "a":attempts,"k":acknowledged,"c":completed}; the build proves it fits the limit ---
  var state = { v: 1, l: "", p: 0, s: "", a: 0, k: 0, c: 0 };
  function readState(text) {
    var o;
    try { o = JSON.parse(text); } catch (e) { return; }
    if (!o || o.v !== 1) return;
    if (typeof o.l === "string") state.l = o.l;
    ["p", "a", "k", "c"].forEach(function (k) { if (typeof o[k] === "number" && isFinite(o[k])) state[k] = o[k]; });
    if (typeof o.s === "string" && /^[0-9a-f]*$/.test(o.s)) state.s = o.s;
  }
  function stateText() { return JSON.stringify(state); }

  // --- connect ---
  var startedAt = Date.now();
  var connected = false, ended = false, resumed = false;
  var status = { completion: "", success: "" };
  var interactions = 0;
  if (api) {
    connected = ok(call("init"));
    if (!connected) { warn("the LMS refused to initialize; the page works without reporting"); api = null; }
  } else {
    log("no LMS API found; the page works without reporting");
  }
  if (connected) {
    resumed = get(EL.entry) === "resume";
    var saved = get(EL.suspend);
    if (saved) readState(saved);
    var place = get(EL.location);
    if (place && !state.l) state.l = place;
    var n = parseInt(get("cmi.interactions._count"), 10);
    interactions = isNaN(n) ? 0 : n;
    if (is2004) {
      status.completion = get("cmi.completion_status");
      status.success = get("cmi.success_status");
      if (status.completion !== "completed") { set("cmi.completion_status", "incomplete"); status.completion = "incomplete"; }
    } else {
      status.completion = get("cmi.core.lesson_status");
      if (status.completion === "" || status.completion === "not attempted") { set("cmi.core.lesson_status", "incomplete"); status.completion = "incomplete"; }
    }
    if (state.c) status.done = true;
  }

  // quiz.js keeps attempts and acknowledgements here instead of localStorage: the LMS is the
  // record, on whichever device the learner comes back.
  var syllabus = root.syllabus = root.syllabus || {};
  if (connected) {
    syllabus.storage = {
      get: function (key) {
        if (key.indexOf("syllabus:attempts:") === 0) return state.a ? String(state.a) : null;
        if (key.indexOf("syllabus:ack:") === 0) return state.k ? "1" : null;
        return null;
      },
      set: function (key, value) {
        if (key.indexOf("syllabus:attempts:") === 0) state.a = Math.min(9999, +value || 0);
        else if (key.indexOf("syllabus:ack:") === 0) state.k = value ? 1 : 0;
        save(false);
      },
    };
  }
  syllabus.scorm = { connected: connected, standard: cfg.standard, state: state, failures: function () { return failures; } };

  // --- formats ---
  function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
  // 1.2 CMITimespan HHHH:MM:SS.SS
  function timespan12(ms) {
    var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }
  // 2004 ISO 8601 duration, hundredths of a second at most
  function duration2004(ms) {
    var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }
  function duration(ms) { return is2004 ? duration2004(ms) : timespan12(ms); }
  function timestamp(date) {
    if (!is2004) return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
    return date.toISOString().replace(/(\.\d\d)\d*Z$/, "$1Z");
  }
  function letter(i) { i = +i; return i < 26 ? String.fromCharCode(97 + i) : String(i); }
  function ident(s) { return String(s).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 250) || "x"; }
  function cut(s, limit) { s = String(s); return s.length > limit ? s.slice(0, limit) : s; }
  var SEP = is2004 ? "[,]" : ",";

  // A response as the question's script gives it -> the standard's learner_response format.
  function response(kind, raw, qid) {
    raw = String(raw);
    switch (kind) {
      case "single": case "multiple":
        return raw === "" ? "" : raw.split(",").map(letter).join(SEP);
      case "true-false":
        return is2004 ? raw : (raw === "true" ? "t" : "f");
      case "text":
        return cut(is2004 ? raw.replace(/\[[,.]\]/g, " ") : raw, cfg.response_limit || 250);
      case "match":
        return raw === "" ? "" : raw.split(",").map(function (r, i) { return i + (is2004 ? "[.]" : ".") + letter(r); }).join(SEP);
      case "case": {
        var c = (cfg.cases || {})[qid] || { decisions: [], labels: [] };
        var parts = raw.split(";"), decision = c.decisions[+parts[0]] || parts[0];
        var labels = parts[1] ? parts[1].split(",").map(function (i) { return ident(c.labels[+i] || i); }) : [];
        return is2004 ? [ident(decision)].concat(labels).join("[,]") : cut(ident(decision) + (labels.length ? ";" + labels.join(",") : ""), 255);
      }
      default:
        return cut(raw, cfg.response_limit || 250);
    }
  }
  function interactionType(kind) {
    if (kind === "single" || kind === "multiple") return "choice";
    if (kind === "true-false") return "true-false";
    if (kind === "text") return "fill-in";
    if (kind === "match") return "matching";
    if (kind === "case") return is2004 ? "choice" : "performance";
    return is2004 ? "other" : "performance";
  }
  function correctPatterns(kind, qid) {
    if (kind === "case") {
      var c = (cfg.cases || {})[qid];
      if (!c || c.expected === undefined) return [];
      var d = c.decisions.indexOf(c.expected);
      var ls = (c.expected_labels || []).map(function (l) { return c.labels.indexOf(l); }).filter(function (i) { return i >= 0; });
      return [response(kind, d + (ls.length ? ";" + ls.join(",") : ""), qid)];
    }
    var answers = (cfg.correct || {})[qid];
    if (!answers) return [];
    return answers.slice(0, 10).map(function (a) { return response(kind, a, qid); });
  }
  function description(d) {
    var sel = d.type === "case" ? 'fieldset.case[data-case="' + d.id + '"] legend' : 'fieldset.question[data-question="' + d.id + '"] .q-prompt';
    var el = null;
    try { el = doc.querySelector(sel); } catch (e) { el = null; }
    if (!el) return "";
    // The prompt only: not its number ("Question 1") nor the case id.
    var clone = el.cloneNode(true);
    Array.prototype.forEach.call(clone.querySelectorAll(".q-number, .case-id"), function (n) { n.remove(); });
    return cut(clone.textContent.replace(/\s+/g, " ").trim(), cfg.description_limit || 250);
  }

  function recordInteraction(d) {
    var qid = d.module + "/" + d.id;
    var kind = d.type;
    var p = "cmi.interactions." + interactions + ".";
    interactions++;
    set(p + "id", qid);
    set(p + "type", interactionType(kind));
    if (is2004) {
      var text = description(d);
      if (text) set(p + "description", text);
    }
    correctPatterns(kind, qid).forEach(function (pattern, i) {
      set(p + "correct_responses." + i + ".pattern", pattern);
    });
    set(p + (is2004 ? "learner_response" : "student_response"), response(kind, d.response, qid));
    set(p + "result", d.correct ? "correct" : (is2004 ? "incorrect" : "wrong"));
    set(p + "weighting", d.points || 1);
    set(p + "latency", duration(Math.max(0, d.latency || 0)));
    set(p + (is2004 ? "timestamp" : "time"), timestamp(new Date()));
  }

  // --- reading: sections seen, place, progress ---
  // The module's own headings, as the build counts them (src/package/suspend.rs): not the
  // assessment form's title, not the headings of regional notes shown inside the module.
  function ownHeadings(selector) {
    return Array.prototype.filter.call(doc.querySelectorAll(selector), function (h) {
      return !(h.closest && h.closest(".regional-context, form.assessment"));
    });
  }
  var sections = ownHeadings("article.module .module-body h2[id]");
  var seen = [];
  (function () {
    for (var i = 0; i < state.s.length; i++) {
      var nib = parseInt(state.s.charAt(i), 16);
      for (var b = 0; b < 4; b++) seen[i * 4 + b] = (nib >> b) & 1 ? 1 : 0;
    }
  })();
  function seenHex() {
    var out = "";
    for (var i = 0; i < sections.length; i += 4) {
      var nib = 0;
      for (var b = 0; b < 4; b++) if (seen[i + b]) nib |= 1 << b;
      out += nib.toString(16);
    }
    return out;
  }
  function seenCount() { var c = 0; for (var i = 0; i < sections.length; i++) if (seen[i]) c++; return c; }
  var reachedEnd = state.p >= 100;

  var hasAck = !!doc.querySelector(".acknowledgement");
  var isAssessment = cfg.kind === "assessment" && !!doc.querySelector("form.assessment");
  var assessed = false;

  function fraction() {
    var read = state.p / 100;
    if (cfg.completion === "sections" && sections.length) read = Math.max(read, seenCount() / sections.length);
    return Math.min(1, read);
  }
  function isComplete() {
    if (state.c) return true;
    if (hasAck && !state.k) return false;
    if (isAssessment) return assessed;
    if (cfg.completion === "sections" && sections.length) return seenCount() === sections.length;
    return reachedEnd || assessed;
  }

  var dirty = false;
  function save(commitNow) {
    state.s = seenHex();
    if (!connected || ended) return;
    var text = stateText();
    if (text.length <= (cfg.suspend_limit || 4096)) set(EL.suspend, text);
    else warn("saved state is " + text.length + " characters, over the limit; not saved");
    if (state.l && state.l.length <= (is2004 ? 1000 : 255)) set(EL.location, state.l);
    dirty = false;
    if (commitNow) call("commit");
  }

  var lastProgress = -1;
  function updateCompletion() {
    if (!connected) return;
    var progress = Math.round(fraction() * 100) / 100;
    if (is2004 && progress !== lastProgress) { set("cmi.progress_measure", progress); lastProgress = progress; }
    if (state.c || !isComplete()) return;
    state.c = 1;
    if (is2004) { set("cmi.completion_status", "completed"); }
    else if (status.completion !== "passed" && status.completion !== "failed") { set("cmi.core.lesson_status", "completed"); status.completion = "completed"; }
    save(true);
  }

  function track() {
    var top = 0, place = "";
    var marks = ownHeadings("article.module .module-body h2[id], article.module .module-body h3[id]");
    for (var i = 0; i < marks.length; i++) {
      var r = marks[i].getBoundingClientRect();
      if (r.height === 0 && r.width === 0) continue; // inside a closed content-warning gate
      if (r.top < 80) place = marks[i].id;
      if (r.top < root.innerHeight && r.bottom > 0) top = 1;
    }
    if (place) state.l = place;
    measure();
    sections.forEach(function (h, idx) {
      var r = h.getBoundingClientRect();
      if ((r.width || r.height) && r.top < root.innerHeight && r.bottom > 0) seen[idx] = 1;
    });
    dirty = true;
    return top;
  }
  var pending = false;
  root.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    (root.requestAnimationFrame || setTimeout)(function () { pending = false; track(); updateCompletion(); });
  }, { passive: true });

  // How far the learner has read: the share of the module's text that has been on screen. The
  // text behind a closed content-warning gate has not been read, however short the page.
  function measure() {
    var body = doc.querySelector("article.module .module-body");
    if (!body) return;
    var r = body.getBoundingClientRect();
    if (!r.height) return;
    var pct = Math.round(Math.min(1, Math.max(0, (root.innerHeight - r.top) / r.height)) * 100);
    if (pct > state.p) { state.p = pct; dirty = true; }
    if (state.p >= 99) { state.p = 100; reachedEnd = true; }
  }
  doc.addEventListener("syllabus:progress", function () { track(); updateCompletion(); });
  // Opening a gate shows text without scrolling: measure again.
  doc.addEventListener("toggle", function () { track(); updateCompletion(); }, true);
  doc.addEventListener("syllabus:answered", function (e) {
    if (!connected || !e.detail) return;
    recordInteraction(e.detail);
    if (cfg.commit_each_answer) save(true);
  });
  doc.addEventListener("syllabus:acknowledged", function () {
    state.k = 1;
    updateCompletion();
    save(true);
  });
  doc.addEventListener("syllabus:finished", function (e) {
    var d = e.detail || {};
    assessed = true;
    if (connected) {
      var percent = Math.round((d.scaled || 0) * 100);
      var alreadyPassed = is2004 ? status.success === "passed" : status.completion === "passed";
      // A pass stays a pass: a later, weaker attempt does not take it back.
      if (!alreadyPassed || d.passed) {
        set(EL.min, 0);
        set(EL.max, 100);
        set(EL.raw, percent);
        if (is2004) set("cmi.score.scaled", Math.round((d.scaled || 0) * 10000) / 10000);
        if (d.passed === true || d.passed === false) {
          var verdict = d.passed ? "passed" : "failed";
          if (is2004) { set("cmi.success_status", verdict); status.success = verdict; }
          else { set("cmi.core.lesson_status", verdict); status.completion = verdict; }
        }
      }
    }
    updateCompletion();
    save(true);
  });

  // --- "continue where you left off" ---
  function offerResume() {
    if (!resumed || !state.l) return;
    var target = doc.getElementById(state.l);
    var main = doc.getElementById("main");
    if (!target || !main) return;
    var t = cfg.strings || {};
    var box = doc.createElement("div");
    box.className = "sco-resume";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", t.sco_continue || "Continue");
    var p = doc.createElement("p");
    p.textContent = t.sco_resume || "You were here before. Continue where you left off?";
    var go = doc.createElement("button");
    go.type = "button";
    go.className = "sco-continue";
    go.textContent = t.sco_continue || "Continue";
    var restart = doc.createElement("button");
    restart.type = "button";
    restart.className = "sco-start-over";
    restart.textContent = t.sco_start_over || "Start from the top";
    go.addEventListener("click", function () {
      var gate = target.closest ? target.closest("details") : null;
      if (gate) gate.open = true;
      box.remove();
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    });
    restart.addEventListener("click", function () { box.remove(); });
    box.appendChild(p);
    box.appendChild(go);
    box.appendChild(restart);
    main.insertBefore(box, main.firstChild);
  }

  // --- leaving: save, exit, session time, commit, finish — exactly once ---
  function end() {
    if (!connected || ended) return;
    track();
    save(false);
    var passedOrDone = state.c && (is2004 ? status.success !== "failed" : status.completion !== "failed");
    // Until the module is done the attempt stays open; once done, the profile decides (some
    // LMSs start a new attempt on a normal exit, and the learner only wants to look back).
    var normal = passedOrDone && cfg.exit_when_done !== "suspend";
    set(EL.exit, normal ? (is2004 ? "normal" : "") : "suspend");
    set(EL.time, duration(Date.now() - startedAt));
    call("commit");
    ended = true;
    call("finish");
  }
  root.addEventListener("pagehide", end);
  root.addEventListener("beforeunload", end);
  root.addEventListener("unload", end);
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && dirty) save(true);
  });
  syllabus.scorm.end = end;

  function ready() { offerResume(); track(); updateCompletion(); }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", ready);
  else ready();
})(window);
