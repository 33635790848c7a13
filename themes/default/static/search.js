// syllabus search: runs on a locale's search page, in the browser, from static files. The index
// is split into scripts (search/<hash>.js) that hand their data to syllabusSearch.load(); they are
// added as <script> elements when needed, which works from file:// where fetch() does not, and
// under the site's Content-Security-Policy (script-src 'self', no eval). Results are built as DOM
// nodes; no text from the index or the query is ever parsed as HTML.
(function () {
  "use strict";

  var form = document.querySelector("form.search-form");
  if (!form) return;
  var PAGE = 20;
  var MAX_EXPANSIONS = 100;
  var MAX_TERM_CHARS = 32;

  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("syllabus-search-strings").textContent || "{}");
  } catch (e) { /* the page's own strings are missing: messages stay empty */ }
  var base = form.getAttribute("data-base") || "";
  var metaName = (form.getAttribute("data-index") || "").split("/").pop().replace(/\.js$/, "");
  var moduleHref = form.getAttribute("data-module-url") || "../{id}/index.html";
  var input = form.elements.q;
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var more = document.querySelector(".search-more");
  var nojs = document.querySelector(".search-nojs");
  if (nojs) nojs.hidden = true;

  // Data files: each calls syllabusSearch.load(name, data) once it has loaded.
  var arrived = {};
  var requests = {};
  var resolvers = {};
  window.syllabusSearch = {
    load: function (name, data) {
      arrived[name] = data;
      if (resolvers[name]) resolvers[name](data);
    }
  };
  function load(name) {
    if (arrived[name]) return Promise.resolve(arrived[name]);
    if (!requests[name]) {
      requests[name] = new Promise(function (resolve, reject) {
        resolvers[name] = resolve;
        var s = document.createElement("script");
        s.src = base + name + ".js";
        s.onerror = function () {
          delete requests[name];
          reject(new Error("cannot load " + s.src));
        };
        document.head.appendChild(s);
      });
    }
    return requests[name];
  }

  // --- Terms: the same rules as src/render/search/tokenize.rs (keep the two in step). ---
  var UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3005-\u3007\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{3FFFF}]/u;
  var IGNORED = /[\u0610-\u061A\u064B-\u065F\u0670\u0640]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  function fold(c) {
    var n = c.codePointAt(0);
    return n >= 0xFF01 && n <= 0xFF5E ? String.fromCodePoint(n - 0xFEE0) : c;
  }
  function cut(word) {
    var chars = Array.from(word.toLowerCase());
    return chars.length > MAX_TERM_CHARS ? chars.slice(0, MAX_TERM_CHARS).join("") : chars.join("");
  }

  // The query as parts: {word} for spaced scripts, {run} (an array of characters) otherwise.
  function parts(text) {
    var out = [];
    var word = "";
    var run = [];
    function flushWord() { if (word) { out.push({ word: cut(word), raw: word }); word = ""; } }
    function flushRun() { if (run.length) { out.push({ run: run }); run = []; } }
    var chars = Array.from(text).map(fold);
    chars.forEach(function (c, i) {
      if (IGNORED.test(c)) return;
      if (UNSPACED.test(c)) { flushWord(); run.push(c); } else if (WORD.test(c)) { flushRun(); word += c; } else if (/\s/.test(c) && run.length && i + 1 < chars.length && UNSPACED.test(chars[i + 1])) {
        // A line break inside Japanese or Thai text is not a gap.
      } else { flushWord(); flushRun(); }
    });
    flushWord();
    flushRun();
    return out;
  }

  // Does a word also match longer words that start with it? From three characters on, and
  // the word being typed (the last) from two.
  function isPrefix(ps, i) {
    var len = Array.from(ps[i].word).length;
    return len >= 3 || (i === ps.length - 1 && len >= 2);
  }

  // What every result must match: one clause per word, one per bigram of a run (a run of one
  // character matches as a prefix). A clause is {term, prefix}.
  function clauses(ps) {
    var out = [];
    ps.forEach(function (p, i) {
      if (p.word) {
        out.push({ term: p.word, prefix: isPrefix(ps, i) });
      } else if (p.run.length === 1) {
        out.push({ term: p.run[0], prefix: true });
      } else {
        for (var j = 0; j + 1 < p.run.length; j++) out.push({ term: p.run[j] + p.run[j + 1], prefix: false });
      }
    });
    return out;
  }

  // Terms are sorted by code point (the build sorts UTF-8 bytes: the same order). JavaScript
  // compares UTF-16 units, which differs only between a surrogate and U+E000..U+FFFF.
  function compare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        var xs = x >= 0xD800 && x <= 0xDFFF, ys = y >= 0xD800 && y <= 0xDFFF;
        if (xs !== ys) return xs ? 1 : -1;
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }
  function lowerBound(arr, value, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(key(arr[mid]), value) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The term files that may hold `term` (or, for a prefix, terms starting with it).
  function termFiles(meta, clause) {
    var firsts = meta.terms;
    var i = lowerBound(firsts, clause.term, function (f) { return f[0]; });
    // The file before the insertion point holds terms from its first up to the next file's.
    var start = i < firsts.length && firsts[i][0] === clause.term ? i : Math.max(0, i - 1);
    var names = [];
    for (var k = start; k < firsts.length; k++) {
      if (k > start && !(clause.prefix && firsts[k][0].indexOf(clause.term) === 0)) break;
      names.push(firsts[k][1]);
    }
    return names;
  }

  // doc -> best weight × rarity among the terms a clause matches.
  function matchClause(meta, clause) {
    return Promise.all(termFiles(meta, clause).map(load)).then(function (files) {
      var n = meta.docs.length;
      var scores = new Map();
      var expansions = 0;
      files.forEach(function (file) {
        var at = lowerBound(file.terms, clause.term, function (t) { return t; });
        for (; at < file.terms.length; at++) {
          var t = file.terms[at];
          var exact = t === clause.term;
          if (!exact && !(clause.prefix && t.indexOf(clause.term) === 0)) break;
          if (!exact && ++expansions > MAX_EXPANSIONS) break;
          var postings = file.postings[at];
          var df = postings.length / 2;
          var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          var factor = exact ? 1 : 0.7;
          var doc = 0;
          for (var p = 0; p < postings.length; p += 2) {
            doc += postings[p];
            var s = postings[p + 1] * idf * factor;
            if (!(scores.get(doc) >= s)) scores.set(doc, s);
          }
        }
      });
      return scores;
    });
  }

  function filterValues() {
    var get = function (name) { return form.elements[name] ? form.elements[name].value : ""; };
    return { area: get("area"), kind: get("kind"), region: get("region") };
  }

  function accepts(meta, f) {
    var kind = f.kind ? meta.kinds.indexOf(f.kind) : -1;
    var area = f.area ? meta.areas.indexOf(f.area) : -1;
    var region = f.region ? meta.regions.indexOf(f.region) : -1;
    var global = meta.regions.indexOf("global");
    return function (d) {
      var doc = meta.docs[d];
      if (f.kind && doc[0] !== kind) return false;
      if (f.area && doc[1] !== area) return false;
      if (f.region && doc[2].indexOf(region) < 0 && (global < 0 || doc[2].indexOf(global) < 0)) return false;
      return true;
    };
  }

  // Ranked document numbers for a query.
  function search(meta, query, f) {
    var cs = clauses(parts(query));
    if (!cs.length) return Promise.resolve([]);
    return Promise.all(cs.map(function (c) { return matchClause(meta, c); })).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var ok = accepts(meta, f);
      var ranked = [];
      maps[0].forEach(function (score, doc) {
        if (!ok(doc)) return;
        for (var i = 1; i < maps.length; i++) {
          var s = maps[i].get(doc);
          if (s === undefined) return;
          score += s;
        }
        ranked.push([doc, score]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return ranked.map(function (r) { return r[0]; });
    });
  }

  // --- Showing results ---
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // What to highlight: each word (and the rest of a longer word it starts), each run.
  function highlighter(query) {
    var ps = parts(query);
    var alts = ps.map(function (p, i) {
      if (p.run) return p.run.map(escapeRegExp).join("\\s?");
      var rest = isPrefix(ps, i) ? "[\\p{L}\\p{M}\\p{N}]*" : "(?![\\p{L}\\p{M}\\p{N}])";
      return "(?<![\\p{L}\\p{M}\\p{N}])" + escapeRegExp(p.raw) + rest;
    });
    if (!alts.length) return null;
    try { return new RegExp(alts.join("|"), "giu"); } catch (e) { return null; }
  }

  // Appends `text` to `el`, with what `re` matches in <mark>.
  function appendMarked(el, text, re) {
    var last = 0;
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        if (m[0] === "") { re.lastIndex++; continue; }
        if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        el.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }

  var SNIPPET = 220;
  // The section a result points at and the piece of its text to show.
  function snippet(record, re) {
    var test = function (s) { if (!re || !s) return -1; re.lastIndex = 0; var m = re.exec(s); return m ? m.index : -1; };
    var sections = record.sections;
    var chosen = null, at = -1;
    for (var i = 0; i < sections.length && !chosen; i++) if (test(sections[i][1]) >= 0) { chosen = sections[i]; at = test(sections[i][2]); }
    for (var j = 0; j < sections.length && !chosen; j++) { var k = test(sections[j][2]); if (k >= 0) { chosen = sections[j]; at = k; } }
    if (!chosen) {
      var intro = record.summary || (sections[0] && sections[0][2]) || "";
      return { anchor: "", heading: "", text: intro.length > SNIPPET ? intro.slice(0, SNIPPET) + "…" : intro };
    }
    var text = chosen[2];
    var start = Math.max(0, at - 70);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < at) start = space + 1; }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > at) end = back; }
    var piece = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    if (!text) piece = record.summary || "";
    return { anchor: chosen[0], heading: chosen[1], text: piece };
  }

  function optionLabels(name) {
    var out = {};
    var select = form.elements[name];
    if (select) Array.prototype.forEach.call(select.options, function (o) { out[o.value] = o.textContent; });
    return out;
  }
  var kindLabels = optionLabels("kind");
  var areaLabels = optionLabels("area");

  function resultItem(meta, doc, record, re) {
    var d = meta.docs[doc];
    var s = snippet(record, re);
    var li = document.createElement("li");
    li.className = "search-result";
    if (record.lang !== document.documentElement.lang) {
      li.lang = record.lang;
      li.dir = record.dir;
    }
    var h = document.createElement("h2");
    h.className = "search-result-title";
    var a = document.createElement("a");
    a.href = moduleHref.replace("{id}", encodeURIComponent(record.id)) + (s.anchor ? "#" + encodeURIComponent(s.anchor) : "");
    appendMarked(a, record.title, re);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement("p");
    info.className = "search-result-meta";
    var bits = [kindLabels[meta.kinds[d[0]]] || meta.kinds[d[0]]];
    if (d[1] >= 0) bits.push(areaLabels[meta.areas[d[1]]] || meta.areas[d[1]]);
    bits.forEach(function (b, i) {
      var span = document.createElement("span");
      span.textContent = b;
      if (i === 0) span.className = "badge badge-" + meta.kinds[d[0]];
      if (i > 0) info.appendChild(document.createTextNode(" · "));
      info.appendChild(span);
    });
    if (d[3]) {
      info.appendChild(document.createTextNode(" · "));
      var cw = document.createElement("span");
      cw.className = "cw-flag";
      cw.textContent = strings.content_warning || "";
      info.appendChild(cw);
    }
    if (s.heading) {
      info.appendChild(document.createTextNode(" · "));
      var sec = document.createElement("span");
      sec.className = "search-result-section";
      appendMarked(sec, s.heading, re);
      info.appendChild(sec);
    }
    li.appendChild(info);
    if (s.text) {
      var p = document.createElement("p");
      p.className = "search-result-snippet";
      appendMarked(p, s.text, re);
      li.appendChild(p);
    }
    return li;
  }

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  var current = { seq: 0, ranked: [], shown: 0, query: "", meta: null };
  var loadingTimer = null;

  function showMore(focusFirst) {
    var c = current;
    var seq = c.seq;
    var slice = c.ranked.slice(c.shown, c.shown + PAGE);
    var re = highlighter(c.query);
    return Promise.all(slice.map(function (doc) {
      var d = c.meta.docs[doc];
      return load(c.meta.texts[d[4]]).then(function (records) { return records[d[5]]; });
    })).then(function (records) {
      if (seq !== current.seq) return;
      var first = null;
      records.forEach(function (record, i) {
        var li = resultItem(c.meta, slice[i], record, re);
        list.appendChild(li);
        if (!first) first = li.querySelector("a");
      });
      c.shown += slice.length;
      more.hidden = c.shown >= c.ranked.length;
      if (focusFirst && first) first.focus();
    });
  }

  function run() {
    var query = input.value.trim();
    var seq = ++current.seq;
    clearTimeout(loadingTimer);
    updateAddress(query);
    list.setAttribute("aria-busy", "true");
    if (!query) {
      list.removeAttribute("aria-busy");
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    loadingTimer = setTimeout(function () { if (seq === current.seq) status.textContent = strings.search_loading || ""; }, 300);
    return load(metaName).then(function (meta) {
      return search(meta, query, filterValues()).then(function (ranked) {
        if (seq !== current.seq) return;
        current = { seq: seq, ranked: ranked, shown: 0, query: query, meta: meta };
        list.textContent = "";
        return showMore(false).then(function () {
          if (seq !== current.seq) return;
          clearTimeout(loadingTimer);
          list.removeAttribute("aria-busy");
          var n = ranked.length;
          status.textContent = n === 0
            ? fill(strings.search_none, { query: query })
            : fill(n === 1 ? strings.search_status_one : strings.search_status_other, { n: n, query: query });
        });
      });
    }).catch(function () {
      if (seq !== current.seq) return;
      clearTimeout(loadingTimer);
      list.removeAttribute("aria-busy");
      status.textContent = strings.search_failed || "";
    });
  }

  // Keep the address in step, so a search can be bookmarked, shared and reloaded.
  function updateAddress(query) {
    try {
      var params = new URLSearchParams();
      if (query) params.set("q", query);
      ["area", "kind", "region"].forEach(function (k) { if (form.elements[k] && form.elements[k].value) params.set(k, form.elements[k].value); });
      var search = params.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) { /* some file:// contexts refuse; the search still works */ }
  }

  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 150);
  });
  form.addEventListener("change", function (e) { if (e.target !== input) run(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(typing); run(); });
  more.addEventListener("click", function () { showMore(true); });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["area", "kind", "region"].forEach(function (k) {
    var v = params.get(k);
    var select = form.elements[k];
    if (v && select && Array.prototype.some.call(select.options, function (o) { return o.value === v; })) select.value = v;
  });
  if (input.value) run();
})();
