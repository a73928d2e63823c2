// SiapEkspor: small improvements on top of pages that work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

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

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
