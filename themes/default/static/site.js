// syllabus default theme script. The site works without it: it only adds the catalog filters,
// remembers that a reader chose to continue past a content warning, and opens collapsed
// blocks for printing and for links that point inside them.
(function () {
  "use strict";

  function openAncestors(el) {
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
  }

  function setupGate() {
    var gate = document.querySelector("details.cw-gate");
    if (!gate) return;
    var key = "syllabus:cw:" + gate.getAttribute("data-cw-gate");
    try {
      if (window.sessionStorage.getItem(key) === "1") gate.open = true;
    } catch (e) { /* storage may be unavailable inside an LMS frame */ }
    gate.addEventListener("toggle", function () {
      try {
        if (gate.open) window.sessionStorage.setItem(key, "1");
      } catch (e) { /* ignore */ }
    });
  }

  function followHash() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("details:not([open])")) {
      openAncestors(target);
      target.scrollIntoView();
    }
  }

  function setupFilters() {
    var form = document.querySelector("form.filters");
    if (!form) return;
    form.hidden = false;
    var status = form.querySelector(".filter-status");
    function apply() {
      var audience = form.elements.audience ? form.elements.audience.value : "";
      var region = form.elements.region ? form.elements.region.value : "";
      var shown = 0;
      document.querySelectorAll(".catalog .card").forEach(function (card) {
        var aud = (card.getAttribute("data-audience") || "").split(" ");
        var reg = (card.getAttribute("data-regions") || "").split(" ");
        var notes = (card.getAttribute("data-note-regions") || "").split(" ");
        // A module is for a region when it targets it (or everywhere) or carries notes for it.
        var ok = (!audience || aud.indexOf(audience) >= 0) &&
          (!region || reg.indexOf(region) >= 0 || reg.indexOf("global") >= 0 || notes.indexOf(region) >= 0);
        card.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".catalog .area").forEach(function (area) {
        area.hidden = !area.querySelector(".card:not([hidden])");
      });
      var template = form.getAttribute("data-status") || "{n}";
      if (status) status.textContent = (audience || region) ? template.replace("{n}", shown) : "";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) {
      if (!d.open) { d.setAttribute("data-print-opened", ""); d.open = true; }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("data-print-opened");
      d.open = false;
    });
  });
  window.addEventListener("hashchange", followHash);
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[href^='#']");
    if (link) setTimeout(followHash, 0);
  });

  // Regional notes: one picker per "Regional context" block; the choice is the reader's
  // region, remembered across pages and visits. Without JavaScript every note shows.
  var REGION_KEY = "syllabus:region";
  function storedRegion() {
    try { return window.localStorage.getItem(REGION_KEY) || ""; } catch (e) { return ""; }
  }
  function showRegion(region) {
    document.querySelectorAll("[data-regional-context]").forEach(function (box) {
      var picker = box.querySelector("select[data-rc-picker]");
      var has = false;
      if (picker) {
        for (var i = 0; i < picker.options.length; i++) if (picker.options[i].value === region) has = true;
        picker.value = has ? region : "";
      }
      var effective = has ? region : "";
      box.querySelectorAll(".rc-note").forEach(function (note) {
        var regions = (note.getAttribute("data-regions") || "").split(" ");
        note.hidden = !!effective && regions.indexOf(effective) < 0;
      });
    });
  }
  function setupRegions() {
    var pickers = document.querySelectorAll("select[data-rc-picker]");
    if (!pickers.length) return;
    pickers.forEach(function (picker) {
      picker.parentElement.hidden = false;
      picker.addEventListener("change", function () {
        try { window.localStorage.setItem(REGION_KEY, picker.value); } catch (e) { /* ignore */ }
        showRegion(picker.value);
      });
    });
    showRegion(storedRegion());
  }

  // What's new: filter releases by policy area and region.
  function setupNewsFilters() {
    var form = document.querySelector("form.news-filters");
    if (!form) return;
    form.hidden = false;
    var status = form.querySelector(".filter-status");
    form.addEventListener("change", function () {
      var area = form.elements.area ? form.elements.area.value : "";
      var region = form.elements.region ? form.elements.region.value : "";
      var shown = 0;
      document.querySelectorAll(".news-item").forEach(function (item) {
        var regions = (item.getAttribute("data-regions") || "").split(" ");
        var ok = (!area || item.getAttribute("data-area") === area) &&
          (!region || regions.indexOf(region) >= 0 || regions.indexOf("global") >= 0);
        item.hidden = !ok;
        if (ok) shown++;
      });
      var template = form.getAttribute("data-status") || "{n}";
      if (status) status.textContent = (area || region) ? template.replace("{n}", shown) : "";
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }


  // Report tables: a column heading becomes a button that sorts by it (numbers by value, the
  // rest as text in the page's language; a cell's data-sort overrides its text). Without
  // JavaScript the table stays in the order it was written.
  function cellKey(row, i) {
    var cell = row.cells[i];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function setupSortable() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[0];
      var body = table.tBodies[0];
      if (!head || !body) return;
      Array.prototype.forEach.call(head.cells, function (th, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
          rows.sort(function (a, b) {
            var x = cellKey(a, i), y = cellKey(b, i);
            var number = /^-?\d+(\.\d+)?$/;
            var r = (number.test(x) && number.test(y)) ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
            return ascending ? r : -r;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  // Content inventory on the site: the build has no clock, so the review flags (not yet in
  // force, last released too long ago) are worked out here with the reader's date.
  function setupInventoryFlags() {
    var table = document.querySelector("table.inventory[data-max-age]");
    if (!table) return;
    var maxAge = +table.getAttribute("data-max-age");
    var today = new Date();
    var todayIso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var flags = [];
      var effective = row.getAttribute("data-effective");
      var released = row.getAttribute("data-released");
      if (effective && effective > todayIso) flags.push(table.getAttribute("data-flag-future") + " (" + effective + ")");
      if (released) {
        var days = Math.floor((Date.parse(todayIso) - Date.parse(released)) / 86400000);
        if (days > maxAge) flags.push((table.getAttribute("data-flag-old") || "{days}").replace("{days}", days));
      }
      var cell = row.querySelector("td.flags");
      if (cell) cell.textContent = flags.join("; ");
    });
  }

  function init() {
    setupInventoryFlags();
    setupSortable();
    setupNewsFilters();
    setupGate();
    setupFilters();
    setupRegions();
    followHash();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
