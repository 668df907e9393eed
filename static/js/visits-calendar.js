/* visits: the leaders' calendar (visits/calendar.html) with the vendored FullCalendar; its words come from
   data-t-* attributes of #wb-fullcalendar (no inline script: Content-Security-Policy). */
(function () {
  "use strict";
  var el = document.getElementById("wb-fullcalendar");
  if (!el || !window.FullCalendar) { if (el) el.remove(); return; }
  var T = {
    clash: el.dataset.tClash, clashes: el.dataset.tClashes, week: el.dataset.tWeek, month: el.dataset.tMonth,
    list: el.dataset.tList, today: el.dataset.tToday, none: el.dataset.tNone
  };
  var d = el.dataset;
  var alertBox = document.querySelector("[data-testid=calendar-clash]");
  var errorBox = document.querySelector("[data-testid=calendar-error]");
  var fallback = document.querySelectorAll("[data-calendar-fallback]");
  var printLink = document.querySelector("[data-testid=print-week]");
  var narrow = window.matchMedia("(max-width: 767.98px)").matches;
  function ymd(date) {
    var m = date.getMonth() + 1, day = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }
  function line(text, cls) {
    var div = document.createElement("div");
    div.textContent = text;
    if (cls) div.className = cls;
    return div;
  }
  var calendar = new FullCalendar.Calendar(el, {
    locale: d.locale,
    initialDate: d.initialDate,
    initialView: narrow && d.initialView === "timeGridWeek" ? "listWeek" : d.initialView,
    firstDay: 1,
    height: "auto",
    allDaySlot: false,
    slotMinTime: "07:00:00",
    slotMaxTime: "22:00:00",
    nowIndicator: true,
    slotEventOverlap: false,
    headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,dayGridMonth,listWeek" },
    buttonText: { week: T.week, month: T.month, list: T.list, today: T.today },
    noEventsContent: T.none,
    dayMaxEvents: false,
    eventDisplay: "block",
    displayEventEnd: true,
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    events: function (info, ok, fail) {
      var q = "?start=" + info.startStr.slice(0, 10) + "&end=" + info.endStr.slice(0, 10);
      if (d.leader) q += "&leader=" + encodeURIComponent(d.leader);
      fetch(d.eventsUrl + q, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (rows) {
          errorBox.classList.add("d-none");
          ok(rows.map(function (row) {
            return {
              id: String(row.id),
              // the wall-clock time of the office (no offset): shown as it is, whatever the browser's zone
              start: row.start.slice(0, 19),
              end: row.end.slice(0, 19),
              title: row.leader + " · " + row.title,
              url: row.url || undefined,
              classNames: row.clash ? ["wb-cal-clash"] : [],
              backgroundColor: row.clash ? "#f8d7da" : undefined,
              borderColor: row.clash ? "#b02a37" : undefined,
              textColor: row.clash ? "#58151c" : undefined,
              extendedProps: row
            };
          }));
        })
        .catch(function (err) {
          errorBox.classList.remove("d-none");
          fallback.forEach(function (n) { n.classList.remove("d-none"); });
          fail(err);
        });
    },
    eventContent: function (arg) {
      var row = arg.event.extendedProps;
      var box = document.createElement("div");
      box.className = "wb-cal-event";
      box.setAttribute("data-testid", "calendar-event");
      if (arg.timeText && arg.view.type !== "listWeek") box.appendChild(line(arg.timeText, "fw-semibold"));
      box.appendChild(line(row.leader, "fw-semibold"));
      box.appendChild(line(row.title));
      if (row.location) box.appendChild(line(row.location, "opacity-75"));
      if (row.clash) box.appendChild(line("⚠ " + T.clash, "wb-cal-clash-note"));
      return { domNodes: [box] };
    },
    eventDidMount: function (arg) {
      var row = arg.event.extendedProps;
      arg.el.title = [row.leader, row.title, row.location, row.source_label, row.clash ? T.clash : ""]
        .filter(Boolean).join(" · ");
    },
    eventsSet: function (events) {
      var clashing = events.some(function (e) { return e.extendedProps.clash; });
      alertBox.classList.toggle("d-none", !clashing);
    },
    datesSet: function () {
      if (printLink) printLink.href = d.printUrl + ymd(calendar.getDate());
    }
  });
  calendar.render();
  // the widget works: the server-drawn grid stays as the fallback without JavaScript
  fallback.forEach(function (n) { n.classList.add("d-none"); });
})();
