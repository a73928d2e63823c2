// SiapEkspor: small improvements on top of pages that work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The header's menu: app.css shows it open on wide screens through
  // ::details-content; browsers without it get it opened here instead.
  var menu = document.querySelector("details.menu");
  if (menu && !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }

  // Cascading region selects: choosing a regency loads its districts, and so
  // on, from the JSON API. Without JavaScript the form's "refresh regions"
  // button does the same through the server.
  function clearBelow(select) {
    var childId = select.getAttribute("data-children");
    while (childId) {
      var child = document.getElementById(childId);
      if (!child) return;
      child.length = 1; // keep the "choose" option
      childId = child.getAttribute("data-children");
    }
  }
  document.addEventListener("change", function (ev) {
    var select = ev.target;
    if (!select.matches || !select.matches("select[data-children]")) return;
    clearBelow(select);
    var child = document.getElementById(select.getAttribute("data-children"));
    if (!child || !select.value) return;
    fetch("/api/v1/regions?parent=" + encodeURIComponent(select.value), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        (data.items || []).forEach(function (reg) {
          var o = document.createElement("option");
          o.value = reg.code;
          o.textContent = reg.name;
          child.appendChild(o);
        });
      })
      .catch(function () { /* the refresh button still works */ });
  });

  // HS picker: typing a code or words (Indonesian or English) in an input
  // marked data-hs-picker offers matching 6- and 8-digit codes from the
  // built-in nomenclature, and the line under it names the chosen code.
  // Without JavaScript the field takes a typed code and the HS page helps.
  function hsLabel(item) {
    return item.code + " — " + item.description_en;
  }
  function hsPicker(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var chosen = document.getElementById(input.getAttribute("data-hs-chosen") || "hs-chosen");
    var timer = null, asked = "";
    function describe() {
      var code = input.value.replace(/[^0-9]/g, "");
      if (!chosen) return;
      if (code.length !== 6 && code.length !== 8) { chosen.textContent = ""; return; }
      fetch("/api/v1/hs/" + code.slice(0, 6), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (item) { chosen.textContent = item ? hsLabel(item) + (chosen.getAttribute("data-lang-mark") || "") : ""; })
        .catch(function () {});
    }
    function suggest() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked || !list) return;
      asked = q;
      fetch("/api/v1/hs?limit=40&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          if (input.value.trim() !== q) return; // the user typed on
          list.textContent = "";
          (data.items || []).forEach(function (item) {
            if (item.code.length !== 6 && item.code.length !== 8) return;
            var o = document.createElement("option");
            o.value = item.code;
            o.label = item.description_en;
            o.lang = "en";
            o.textContent = hsLabel(item);
            list.appendChild(o);
          });
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest(); describe(); }, 200);
    });
    input.addEventListener("change", describe);
    describe();
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-hs-picker]"), hsPicker);

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Print links on the printable roster and attendance sheet.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("[data-print]");
    if (!a) return;
    ev.preventDefault();
    window.print();
  });
})();
