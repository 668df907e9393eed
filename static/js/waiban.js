/* waiban: small behaviours for every page. Nothing here loads anything from another host. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every HTMX request carries the CSRF token (Django checks it on POST, PUT, PATCH and DELETE).
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // Elements with data-confirm ask before acting: links, buttons, and forms (on submit).
  function confirmMessage(el) {
    return el && el.getAttribute ? el.getAttribute("data-confirm") : null;
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (!el || el.tagName === "FORM") {
      return;
    }
    var message = confirmMessage(el);
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = confirmMessage(form);
    if (message && form.tagName === "FORM" && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A submitted form cannot be sent twice by a double click.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-allow-resubmit")) {
      return;
    }
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (b) {
        b.setAttribute("disabled", "disabled");
      });
    }, 0);
  });

  // Pages restored from the back/forward cache get their buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form button[type="submit"][disabled]').forEach(function (b) {
      b.removeAttribute("disabled");
    });
  });

  // HTMX error responses are shown, not swallowed.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("wb-htmx-error");
    if (box) {
      box.classList.remove("d-none");
    }
  });
})();
