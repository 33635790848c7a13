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
        var ok = (!audience || aud.indexOf(audience) >= 0) &&
          (!region || reg.indexOf(region) >= 0 || reg.indexOf("global") >= 0);
        card.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".catalog .area").forEach(function (area) {
        area.hidden = !area.querySelector(".card:not([hidden])");
      });
      if (status) status.textContent = (audience || region) ? shown + " module(s) shown" : "";
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

  function init() {
    setupGate();
    setupFilters();
    followHash();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
