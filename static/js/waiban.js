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

  // tripux: an ID number (18 characters, valid date) fills sex and date of birth when they are empty.
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.hasAttribute || !el.hasAttribute("data-idcard-fills")) {
      return;
    }
    var v = (el.value || "").replace(/\s/g, "").toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) {
      return;
    }
    var ids = el.getAttribute("data-idcard-fills").split(" ");
    var sex = document.getElementById(ids[0]);
    var born = document.getElementById(ids[1]);
    var y = v.slice(6, 10), m = v.slice(10, 12), d = v.slice(12, 14);
    var date = new Date(y + "-" + m + "-" + d + "T00:00:00");
    if (born && !born.value && !isNaN(date.getTime()) && date.getMonth() + 1 === Number(m)) {
      born.value = y + "-" + m + "-" + d;
      born.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (sex && !sex.value) {
      sex.value = Number(v.charAt(16)) % 2 ? "M" : "F";
      sex.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // tripux: searchable pickers. apps/web/widgets.py marks a select with data-search-select; the vendored
  // Tom Select searches its options' text and the words in each option's data-* attributes (pinyin,
  // English name…). A whole ID number is looked up through the API (keyed hash) and selects the matching option.
  var ID_NUMBER = /^\d{17}[\dX]$/;

  function searchable(root) {
    if (typeof window.TomSelect === "undefined") {
      return;
    }
    (root || document).querySelectorAll("select[data-search-select]:not(.tomselected)").forEach(function (el) {
      var fields = (el.getAttribute("data-search-fields") || "").split(" ").filter(Boolean);
      var url = el.getAttribute("data-search-url");
      var ts;
      var options = {
        searchField: ["text"].concat(fields, url ? ["id_query"] : []),
        maxOptions: 300,
        allowEmptyOption: true,
        selectOnTab: true,
        closeAfterSelect: true,
        // filter at once as the user types: with Tom Select's default 300 ms delay, a pick made within it
        // (Enter right after typing, a quick click) was followed by the delayed refresh reopening the list
        refreshThrottle: 0,
        plugins: ["dropdown_input"],
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = document.documentElement.lang.indexOf("en") === 0 ? "No match" : "没有匹配项";
            return div;
          },
        },
      };
      if (url && el.hasAttribute("data-remote")) {
        // apps.web.widgets.RemoteSearchSelect: a register too large for the page. The select holds only
        // the chosen option; the list comes from the register's API (the user's data scope), on focus
        // and as the user types, already filtered there (every row it answers is shown).
        options.searchField = ["text"];
        options.preload = "focus";
        options.loadThrottle = 200;
        // every row the API answered is a match; the empty choice only while nothing is typed (else it
        // would stay the active option and Enter would choose it)
        options.score = function (query) {
          var typed = String(query || "").trim() !== "";
          return function (item) { return typed && item.value === "" ? 0 : 1; };
        };
        options.load = function (query, callback) {
          fetch(url + "?q=" + encodeURIComponent(query.trim()), { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (rows) {
              callback((rows || []).map(function (row) { return { value: String(row.id), text: row.label }; }));
            })
            .catch(function () { callback(); });
        };
      } else if (url) {
        options.shouldLoad = function (query) {
          return ID_NUMBER.test(query.replace(/\s/g, "").toUpperCase());
        };
        options.load = function (query, callback) {
          var q = query.replace(/\s/g, "").toUpperCase();
          fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (rows) {
              callback((rows || []).map(function (row) { return ts.options[String(row.id)]; })
                .filter(Boolean)
                .map(function (o) { return Object.assign({}, o, { id_query: q }); }));
            })
            .catch(function () { callback(); });
        };
      }
      ts = new window.TomSelect(el, options);
      // a pick (typed, clicked, Enter or Tab) closes the list and clears what was typed, whatever
      // refocusing the control or a live check that answers meanwhile would do; the next click opens it
      ts.on("item_add", function () {
        if (ts.refreshTimeout) {
          window.clearTimeout(ts.refreshTimeout);
          ts.refreshTimeout = null;
        }
        ts.setTextboxValue("");
        ts.close();
      });
      // a value set on the select itself (a script, a test) shows in the picker too
      el.addEventListener("change", function () {
        if (ts.getValue() !== el.value) {
          ts.setValue(el.value, true);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { searchable(document); });
  document.addEventListener("htmx:afterSettle", function (event) { searchable(event.target); });

  // tripux: a button with data-print prints the page (the print stylesheet lays it out).
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print]") : null;
    if (el) {
      event.preventDefault();
      window.print();
    }
  });

  // Content-Security-Policy: pages carry no style="" attribute. A width computed per row (a progress
  // bar's percentage, a tree's indent) comes as data-width and is set here through the CSSOM, which the
  // policy allows; also in what HTMX swaps in (an export's progress).
  function widths(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var els = Array.prototype.slice.call(scope.querySelectorAll("[data-width]"));
    if (scope.hasAttribute && scope.hasAttribute("data-width")) {
      els.push(scope);
    }
    els.forEach(function (el) {
      el.style.width = el.getAttribute("data-width");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:load", function (event) { widths(event.target); });

  // HTMX error responses are shown, not swallowed.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("wb-htmx-error");
    if (box) {
      box.classList.remove("d-none");
    }
  });
})();
