/*
 * Tavolo delle Risorse: the portal's own behaviour, loaded deferred like the Bootstrap Italia parts
 * (scripts/bootstrap-italia-parts.js). The fonts are declared in static/css/tavolo.css.
 */

/*
 * A submitted form shows that work is under way: its submit buttons are disabled and read
 * "Attendi..." (the label comes from data-wait-label on <body>, translated by the template).
 * The server applies each submission once anyway (core/submit_once.py); this only spares the
 * second click. The pressed button's name/value is kept in a hidden field, since a disabled
 * button is not sent.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    var label = (document.body && document.body.dataset.waitLabel) || "…";
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      var keep = document.createElement("input");
      keep.type = "hidden";
      keep.name = submitter.name;
      keep.value = submitter.value;
      keep.dataset.submitter = "true";
      form.appendChild(keep);
    }
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        if (button === submitter || buttons.length === 1) {
          button.dataset.originalLabel = button.innerHTML;
          if (button.tagName === "INPUT") button.value = label;
          else button.textContent = label;
        }
      });
    }, 0);
  });
  // Back to a page kept in the browser's memory (or a download that did not leave the page):
  // the buttons work again.
  function restore() {
    document.querySelectorAll("input[data-submitter]").forEach(function (keep) { keep.remove(); });
    document.querySelectorAll("[aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (button.dataset.originalLabel !== undefined) {
        button.innerHTML = button.dataset.originalLabel;
        delete button.dataset.originalLabel;
      }
    });
  }
  window.addEventListener("pageshow", restore);
  document.addEventListener("submit", function () { window.setTimeout(restore, 10000); });
})();
