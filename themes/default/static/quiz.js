// syllabus quiz script: scores knowledge checks, graded assessments and calibration cases in the
// browser, records acknowledgements, and reports everything through one small event interface
// that an LMS runtime (the SCORM package) subscribes to:
//
//   window.syllabus.on("answered", fn)      {module, id, type, response, correct, points, latency}
//   window.syllabus.on("finished", fn)      {module, raw, max, scaled, passed, attempt, kind}
//   window.syllabus.on("acknowledged", fn)  {module, id, version}
//   window.syllabus.on("progress", fn)      {module, fraction}  (0..1 of the page read)
//
// Right answers are not in the page: each question carries salted SHA-256 digests of its right
// answer(s), and the reader's answer is hashed the same way. This deters casual peeking; it is
// not security (anyone can try every option).
(function (root) {
  "use strict";

  // --- SHA-256 (FIPS 180-4), small and synchronous so it works from file:// and plain http ---
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function utf8(str) {
    var out = [];
    for (var i = 0; i < str.length; i++) {
      var c = str.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        c = 0x10000 + ((c - 0xd800) << 10) + (str.charCodeAt(++i) - 0xdc00);
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }

  function sha256(str) {
    var bytes = utf8(str);
    var bitLen = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    for (var s = 56; s >= 0; s -= 8) bytes.push(s >= 32 ? Math.floor(bitLen / Math.pow(2, s)) & 255 : (bitLen >>> s) & 255);
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var W = new Array(64);
    for (var off = 0; off < bytes.length; off += 64) {
      for (var t = 0; t < 16; t++) {
        W[t] = (bytes[off + 4 * t] << 24) | (bytes[off + 4 * t + 1] << 16) | (bytes[off + 4 * t + 2] << 8) | bytes[off + 4 * t + 3];
      }
      for (t = 16; t < 64; t++) {
        var x = W[t - 15], y = W[t - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H.map(function (v) { return ("00000000" + (v >>> 0).toString(16)).slice(-8); }).join("");
  }

  function answerKey(salt, answer) { return sha256(salt + "|" + answer).slice(0, 32); }

  function normalise(text, caseSensitive) {
    var collapsed = String(text).trim().split(/\s+/).filter(Boolean).join(" ");
    return caseSensitive ? collapsed : collapsed.toLowerCase();
  }

  // Seeded PRNG (mulberry32) and Fisher-Yates: the same seed gives the same order.
  function prng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(seed, items) {
    var out = items.slice(), rand = prng(seed);
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var tmp = out[i]; out[i] = out[j]; out[j] = tmp;
    }
    return out;
  }
  function seedOf(text) { return parseInt(sha256(text).slice(0, 8), 16); }

  /// results: [{points, correct}] -> {raw, max, scaled, percent, passed}
  function score(results, passMark) {
    var raw = 0, max = 0;
    results.forEach(function (r) { max += r.points; if (r.correct) raw += r.points; });
    var scaled = max ? raw / max : 0;
    var percent = Math.round(scaled * 100);
    // Pass on the exact ratio: 159 of 200 (79.5%) does not pass a pass mark of 80.
    return { raw: raw, max: max, scaled: scaled, percent: percent, passed: max > 0 && raw * 100 >= passMark * max };
  }

  var api = { sha256: sha256, answerKey: answerKey, normalise: normalise, shuffle: shuffle, score: score, seedOf: seedOf };
  root.SyllabusQuiz = api;
  if (typeof document === "undefined") return;

  // --- events ---
  var listeners = {};
  var syllabus = root.syllabus || {};
  syllabus.on = function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); };
  syllabus.off = function (type, fn) { listeners[type] = (listeners[type] || []).filter(function (f) { return f !== fn; }); };
  syllabus.emit = function (type, detail) {
    (listeners[type] || []).forEach(function (fn) { try { fn(detail); } catch (e) { if (root.console) console.error(e); } });
    try { document.dispatchEvent(new CustomEvent("syllabus:" + type, { detail: detail })); } catch (e) { /* old browsers */ }
  };
  syllabus.events = [];
  ["answered", "finished", "acknowledged", "progress"].forEach(function (type) {
    syllabus.on(type, function (d) { syllabus.events.push({ type: type, detail: d }); });
  });
  root.syllabus = syllabus;

  // Where attempts and acknowledgements are kept: the browser, or inside an LMS package the
  // LMS (scorm.js sets `syllabus.storage` before this script runs).
  var store = syllabus.storage || {
    get: function (key) { try { return root.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { root.localStorage.setItem(key, value); } catch (e) { /* storage may be off */ } },
  };

  var strings = {};
  try { strings = JSON.parse(document.getElementById("syllabus-quiz-strings").textContent); } catch (e) { /* defaults */ }
  function t(key, fallback, args) {
    var text = strings[key] || fallback;
    Object.keys(args || {}).forEach(function (k) { text = text.split("{" + k + "}").join(args[k]); });
    return text;
  }
  var shownAt = Date.now();

  // --- one question ---
  function response(fs) {
    var type = fs.getAttribute("data-type");
    if (type === "text") {
      var input = fs.querySelector("input[type=text]");
      return input && input.value.trim() ? normalise(input.value, fs.hasAttribute("data-case-sensitive")) : "";
    }
    if (type === "match") {
      var picks = [], complete = true;
      fs.querySelectorAll("select[data-left]").forEach(function (s) { if (!s.value) complete = false; picks.push(s.value); });
      return complete ? picks.join(",") : "";
    }
    var chosen = [];
    fs.querySelectorAll(".q-options input:checked").forEach(function (i) { chosen.push(i.value); });
    chosen.sort(function (a, b) { return (+a) - (+b); });
    return chosen.join(",");
  }

  function judge(fs) {
    var answer = response(fs);
    var keys = (fs.getAttribute("data-keys") || "").split(" ");
    var correct = answer !== "" && keys.indexOf(answerKey(fs.getAttribute("data-salt"), answer)) >= 0;
    return { answer: answer, correct: correct };
  }

  function reveal(fs, correct) {
    fs.classList.toggle("is-correct", correct);
    fs.classList.toggle("is-incorrect", !correct);
    fs.querySelectorAll(".q-options input:checked").forEach(function (i) {
      var fb = fs.querySelector('.q-option-feedback[data-for="' + i.value + '"]');
      if (fb) fb.hidden = false;
    });
    var ex = fs.querySelector(".q-explanation");
    if (ex) ex.hidden = false;
  }

  function report(fs, result) {
    syllabus.emit("answered", {
      module: fs.getAttribute("data-module"), id: fs.getAttribute("data-question"), type: fs.getAttribute("data-type"),
      response: result.answer, correct: result.correct, points: +(fs.getAttribute("data-points") || 1),
      latency: Date.now() - shownAt,
    });
  }

  function setupCheck(fs) {
    var button = fs.querySelector(".q-check");
    var out = fs.querySelector(".q-result");
    if (!button) return;
    button.addEventListener("click", function () {
      var result = judge(fs);
      if (!result.answer) { out.textContent = t("answer_required", "Choose or type an answer first."); return; }
      out.textContent = result.correct ? t("correct", "Correct.") : t("incorrect", "Not quite.");
      reveal(fs, result.correct);
      report(fs, result);
    });
  }

  // --- calibration cases ---
  var caseResults = {};
  function setupCase(fs) {
    var button = fs.querySelector(".q-check");
    var out = fs.querySelector(".q-result");
    if (!button) return;
    button.addEventListener("click", function () {
      var picked = fs.querySelector(".case-decisions input:checked");
      if (!picked) { out.textContent = t("answer_required", "Choose a decision first."); return; }
      var salt = fs.getAttribute("data-salt");
      var agrees = answerKey(salt, picked.value) === fs.getAttribute("data-key");
      var labelKey = fs.getAttribute("data-label-key");
      var labels = [];
      fs.querySelectorAll(".case-labels input:checked").forEach(function (i) { labels.push(i.value); });
      labels.sort(function (a, b) { return (+a) - (+b); });
      var labelsAgree = !labelKey || answerKey(salt, "labels:" + labels.join(",")) === labelKey;
      var correct = agrees && labelsAgree;
      out.textContent = correct ? t("correct", "Correct.") : (agrees ? t("partly_correct", "Partly correct.") : t("incorrect", "Not quite."));
      var r = fs.querySelector(".case-rationale");
      if (r) r.hidden = false;
      fs.classList.toggle("is-correct", correct);
      fs.classList.toggle("is-incorrect", !correct);
      syllabus.emit("answered", {
        module: fs.getAttribute("data-module"), id: fs.getAttribute("data-case"), type: "case",
        response: picked.value + (labels.length ? ";" + labels.join(",") : ""), correct: correct, points: 1,
        latency: Date.now() - shownAt,
      });
      caseResults[fs.getAttribute("data-case")] = { points: 1, correct: agrees };
      var all = document.querySelectorAll("fieldset.case");
      if (Object.keys(caseResults).length === all.length) {
        var results = Object.keys(caseResults).map(function (k) { return caseResults[k]; });
        var s = score(results, 0);
        var summary = document.querySelector(".calibration-result");
        if (summary) summary.textContent = t("agreement", "Agreement with the expected decisions: {percent}%.", { percent: s.percent });
        syllabus.emit("finished", { module: fs.getAttribute("data-module"), raw: s.raw, max: s.max, scaled: s.scaled, passed: null, attempt: 1, kind: "calibration" });
      }
    });
  }

  // --- acknowledgement ---
  function setupAck(box) {
    var key = "syllabus:ack:" + box.getAttribute("data-module") + "@" + box.getAttribute("data-version");
    var box_check = box.querySelector("input[type=checkbox]");
    var out = box.querySelector(".q-result");
    var button = box.querySelector(".ack-submit");
    function done() { box_check.checked = true; box_check.disabled = true; button.disabled = true; out.textContent = t("acknowledged", "Acknowledged. Thank you."); }
    if (store.get(key)) done();
    button.addEventListener("click", function () {
      if (!box_check.checked) { out.textContent = t("answer_required", "Tick the box first."); return; }
      store.set(key, "1");
      done();
      syllabus.emit("acknowledged", { module: box.getAttribute("data-module"), id: box.getAttribute("data-ack"), version: box.getAttribute("data-version") });
    });
  }

  // --- graded assessment ---
  function setupAssessment(form) {
    var module = form.getAttribute("data-module"), version = form.getAttribute("data-version");
    var passMark = +form.getAttribute("data-pass-mark");
    var maxAttempts = form.hasAttribute("data-max-attempts") ? +form.getAttribute("data-max-attempts") : Infinity;
    var storeKey = "syllabus:attempts:" + module + "@" + version;
    var container = form.querySelector(".assessment-questions");
    var all = Array.prototype.slice.call(container.querySelectorAll("fieldset.question"));
    var resultBox = form.querySelector(".assessment-result");
    var submit = form.querySelector(".assessment-submit");
    var timerBox = form.querySelector(".assessment-timer");
    var timer = null;
    function attemptsUsed() { return +(store.get(storeKey) || 0); }
    function setAttempts(n) { store.set(storeKey, String(n)); }

    function start() {
      var attempt = attemptsUsed() + 1;
      var seed = seedOf(module + "@" + version + "#" + attempt);
      var shuffled = form.hasAttribute("data-shuffle");
      var order = shuffled ? shuffle(seed, all) : all.slice();
      var draw = form.hasAttribute("data-draw") ? +form.getAttribute("data-draw") : order.length;
      if (!shuffled && draw < order.length) {
        // A draw is random per attempt even when the served questions keep their written order.
        var picked = shuffle(seed, all).slice(0, draw);
        order = all.filter(function (fs) { return picked.indexOf(fs) >= 0; })
          .concat(all.filter(function (fs) { return picked.indexOf(fs) < 0; }));
      }
      order.forEach(function (fs, i) {
        container.appendChild(fs);
        fs.hidden = i >= draw;
        fs.disabled = false;
        fs.classList.remove("is-correct", "is-incorrect");
        fs.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (i2) { i2.checked = false; });
        fs.querySelectorAll("input[type=text]").forEach(function (i2) { i2.value = ""; });
        fs.querySelectorAll("select").forEach(function (s) { s.value = ""; });
        fs.querySelectorAll(".q-option-feedback, .q-explanation").forEach(function (el) { el.hidden = true; });
        fs.querySelector(".q-result").textContent = "";
        var n = fs.querySelector(".q-number");
        if (n) n.textContent = n.textContent.replace(/\d+/, String(i + 1));
        if (form.hasAttribute("data-shuffle")) {
          var opts = fs.querySelector(".q-options:not(.q-match)");
          if (opts) shuffle(seed + i + 1, Array.prototype.slice.call(opts.children)).forEach(function (o) { opts.appendChild(o); });
        }
      });
      form.setAttribute("data-attempt", String(attempt));
      submit.hidden = false;
      submit.disabled = false;
      resultBox.hidden = true;
      startTimer();
    }

    function startTimer() {
      if (!form.hasAttribute("data-time-limit")) return;
      var end = Date.now() + (+form.getAttribute("data-time-limit")) * 60000;
      timerBox.hidden = false;
      clearInterval(timer);
      var tick = function () {
        var left = Math.max(0, end - Date.now());
        var m = Math.floor(left / 60000), s = Math.floor((left % 60000) / 1000);
        timerBox.textContent = t("time_left", "Time left: {time}", { time: m + ":" + (s < 10 ? "0" : "") + s });
        if (left <= 0) { clearInterval(timer); finish(true); }
      };
      tick();
      timer = setInterval(tick, 1000);
    }

    function finish(timedOut) {
      clearInterval(timer);
      var attempt = +form.getAttribute("data-attempt");
      setAttempts(attempt);
      var results = [];
      all.filter(function (fs) { return !fs.hidden; }).forEach(function (fs) {
        var r = judge(fs);
        results.push({ points: +(fs.getAttribute("data-points") || 1), correct: r.correct });
        reveal(fs, r.correct);
        fs.querySelector(".q-result").textContent = r.correct ? t("correct", "Correct.") : t("incorrect", "Not quite.");
        fs.disabled = true;
        report(fs, r);
      });
      var s = score(results, passMark);
      var left = maxAttempts - attempt;
      var lines = [];
      if (timedOut) lines.push(t("time_up", "Time is up; your answers were submitted."));
      lines.push(t("your_score", "Your score: {score} of {max} ({percent}%).", { score: s.raw, max: s.max, percent: s.percent }));
      lines.push(s.passed ? t("passed", "Passed.") : t("failed", "Not passed yet."));
      if (isFinite(maxAttempts)) lines.push(left > 0 ? t("attempts_left", "Attempts left: {n}.", { n: left }) : t("no_attempts_left", "No attempts left."));
      resultBox.textContent = "";
      lines.forEach(function (l) { var p = document.createElement("p"); p.textContent = l; resultBox.appendChild(p); });
      if (!s.passed && left > 0) {
        var again = document.createElement("button");
        again.type = "button";
        again.className = "assessment-retry";
        again.textContent = t("retry", "Try again");
        again.addEventListener("click", start);
        resultBox.appendChild(again);
      }
      resultBox.hidden = false;
      resultBox.focus();
      submit.hidden = true;
      syllabus.emit("finished", { module: module, raw: s.raw, max: s.max, scaled: s.scaled, passed: s.passed, attempt: attempt, kind: "assessment" });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); finish(false); });
    if (attemptsUsed() >= maxAttempts) {
      submit.disabled = true;
      resultBox.hidden = false;
      resultBox.textContent = t("no_attempts_left", "No attempts left.");
      all.forEach(function (fs) { fs.disabled = true; });
    } else {
      start();
    }
  }

  // --- reading progress: how far down the page the reader has been ---
  function setupProgress() {
    var article = document.querySelector("article.module");
    if (!article) return;
    var module = article.getAttribute("data-module"), best = 0;
    function measure() {
      var rect = article.getBoundingClientRect();
      var seen = Math.min(1, Math.max(0, (root.innerHeight - rect.top) / Math.max(1, rect.height)));
      if (seen > best + 0.05 || (seen >= 0.99 && best < 1)) {
        best = seen >= 0.99 ? 1 : seen;
        syllabus.emit("progress", { module: module, fraction: Math.round(best * 100) / 100 });
      }
    }
    root.addEventListener("scroll", measure, { passive: true });
    measure();
  }

  function init() {
    document.querySelectorAll("fieldset.question").forEach(function (fs) { if (!fs.closest("form.assessment")) setupCheck(fs); });
    document.querySelectorAll("fieldset.case").forEach(setupCase);
    document.querySelectorAll(".acknowledgement").forEach(setupAck);
    document.querySelectorAll("form.assessment").forEach(setupAssessment);
    setupProgress();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : globalThis);
