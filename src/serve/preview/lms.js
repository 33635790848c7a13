// syllabus preview: a small LMS that provides the SCORM 1.2 `API` or SCORM 2004 `API_1484_11`
// object, keeps each SCO's CMI data in localStorage (so "Leave and relaunch" tests resume),
// and shows every call and the data live. It checks little: it is a window on what the
// package reports, not a conformance test.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("preview-config").textContent);
  var is2004 = cfg.standard === "2004";
  var frame = document.getElementById("sco");
  var logList = document.getElementById("log");
  var table = document.querySelector("#cmi tbody");
  var failing = document.getElementById("failing");
  document.querySelector(".standard").textContent = is2004 ? "SCORM 2004 4th Edition" : "SCORM 1.2";

  var current = null; // {item, data, running, error}
  function storeKey(item) { return "syllabus-preview:" + cfg.package + ":" + item.id; }
  function load(item) {
    try { return JSON.parse(localStorage.getItem(storeKey(item)) || "{}"); } catch (e) { return {}; }
  }
  function persist() { if (current) try { localStorage.setItem(storeKey(current.item), JSON.stringify(current.data)); } catch (e) { /* full */ } }

  var calls = 0;
  function log(text, isError) {
    calls++;
    var li = document.createElement("li");
    li.textContent = text;
    if (isError) li.className = "error";
    logList.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }
  function render() {
    table.textContent = "";
    if (!current) return;
    Object.keys(current.data).sort().forEach(function (k) {
      var tr = document.createElement("tr");
      var a = document.createElement("td"), b = document.createElement("td");
      a.textContent = k;
      b.textContent = current.data[k];
      tr.appendChild(a); tr.appendChild(b);
      table.appendChild(tr);
    });
  }

  var ERR = is2004
    ? { 0: "No Error", 101: "General Exception", 103: "Already Initialized", 104: "Content Instance Terminated", 122: "Retrieve Data Before Initialization", 123: "Retrieve Data After Termination", 132: "Store Data Before Initialization", 133: "Store Data After Termination", 142: "Commit Before Initialization", 143: "Commit After Termination", 401: "Undefined Data Model Element", 403: "Data Model Element Value Not Initialized" }
    : { 0: "No error", 101: "General exception", 301: "Not initialized", 401: "Not implemented error" };

  function defaults(el) {
    var d = current.data;
    var countMatch = /^cmi\.interactions\._count$/.test(el);
    if (countMatch) {
      var n = 0;
      Object.keys(d).forEach(function (k) { var m = /^cmi\.interactions\.(\d+)\.id$/.exec(k); if (m) n = Math.max(n, +m[1] + 1); });
      return String(n);
    }
    var table = is2004
      ? { "cmi.completion_status": "unknown", "cmi.success_status": "unknown", "cmi.entry": current.entry, "cmi.mode": "normal", "cmi.credit": "credit", "cmi.learner_id": "preview", "cmi.learner_name": "Preview, Learner", "cmi.location": "", "cmi.suspend_data": "", "cmi._version": "1.0" }
      : { "cmi.core.lesson_status": "not attempted", "cmi.core.entry": current.entry, "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit", "cmi.core.student_id": "preview", "cmi.core.student_name": "Preview, Learner", "cmi.core.lesson_location": "", "cmi.suspend_data": "" };
    return table[el];
  }

  function api() {
    function fail(code) { current.error = code; return is2004 && code ? (code === 403 ? "" : "false") : "false"; }
    function ok(v) { current.error = 0; return v; }
    function guard(name, args) {
      log(name + "(" + args.map(function (a) { return JSON.stringify(a); }).join(", ") + ")");
      if (!current) return 101;
      if (failing.checked) return 101;
      return 0;
    }
    var self = {
      initialize: function () {
        var g = guard(is2004 ? "Initialize" : "LMSInitialize", [""]);
        if (g) return fail(g);
        if (current.running) return fail(is2004 ? 103 : 101);
        current.running = true;
        return ok("true");
      },
      getValue: function (el) {
        var g = guard(is2004 ? "GetValue" : "LMSGetValue", [el]);
        if (g) { fail(g); return ""; }
        if (!current.running) { fail(is2004 ? 122 : 301); return ""; }
        var v = Object.prototype.hasOwnProperty.call(current.data, el) ? current.data[el] : defaults(el);
        if (v === undefined) { fail(is2004 ? 401 : 401); return ""; }
        return ok(String(v));
      },
      setValue: function (el, value) {
        var g = guard(is2004 ? "SetValue" : "LMSSetValue", [el, value]);
        if (g) return fail(g);
        if (!current.running) return fail(is2004 ? 132 : 301);
        current.data[el] = String(value);
        render();
        return ok("true");
      },
      commit: function () {
        var g = guard(is2004 ? "Commit" : "LMSCommit", [""]);
        if (g) return fail(g);
        persist();
        return ok("true");
      },
      finish: function () {
        var g = guard(is2004 ? "Terminate" : "LMSFinish", [""]);
        if (g) return fail(g);
        if (!current.running) return fail(is2004 ? 143 : 301);
        current.running = false;
        persist();
        return ok("true");
      },
      lastError: function () { return String(current ? current.error || 0 : 0); },
      errorString: function (code) { return ERR[code] || "Unknown error"; },
      diagnostic: function (code) { return ERR[code] || ""; },
    };
    return self;
  }
  var impl = api();
  if (is2004) {
    window.API_1484_11 = { Initialize: impl.initialize, GetValue: impl.getValue, SetValue: impl.setValue, Commit: impl.commit, Terminate: impl.finish, GetLastError: impl.lastError, GetErrorString: impl.errorString, GetDiagnostic: impl.diagnostic };
  } else {
    window.API = { LMSInitialize: impl.initialize, LMSGetValue: impl.getValue, LMSSetValue: impl.setValue, LMSCommit: impl.commit, LMSFinish: impl.finish, LMSGetLastError: impl.lastError, LMSGetErrorString: impl.errorString, LMSGetDiagnostic: impl.diagnostic };
  }

  function launch(item) {
    frame.src = "about:blank";
    // Give the SCO's pagehide a moment to finish before the next launch.
    setTimeout(function () {
      var data = load(item);
      var exit = data[is2004 ? "cmi.exit" : "cmi.core.exit"];
      current = { item: item, data: data, running: false, error: 0, entry: exit === "suspend" ? "resume" : "ab-initio" };
      render();
      document.querySelectorAll("button.item").forEach(function (b) { b.setAttribute("aria-current", b.dataset.id === item.id ? "true" : "false"); });
      log("— launch " + item.title + " (entry: " + current.entry + ")");
      frame.src = item.href;
    }, 50);
  }

  var list = document.getElementById("items");
  cfg.items.forEach(function (item) {
    var li = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.className = "item";
    b.dataset.id = item.id;
    b.textContent = item.title;
    b.addEventListener("click", function () { launch(item); });
    li.appendChild(b);
    list.appendChild(li);
  });
  document.getElementById("relaunch").addEventListener("click", function () { if (current) launch(current.item); });
  document.getElementById("reset").addEventListener("click", function () {
    cfg.items.forEach(function (item) { try { localStorage.removeItem(storeKey(item)); } catch (e) { /* ignore */ } });
    if (current) launch(current.item);
  });
  if (cfg.items.length) launch(cfg.items[0]);
})();
