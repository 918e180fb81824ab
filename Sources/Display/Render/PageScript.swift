/// The page's only script: listens to `/events` and re-fetches the server-rendered fragments that
/// changed, so all rendering stays on the server. Reconnects by itself; works with no network.
enum PageScript {
    static let source = """
        (function () {
          "use strict";
          var root = document.documentElement;
          var wanted = {};
          var forEvent = {
            reading: ["latest", "recent"], messages: ["messages"], trends: ["trends"],
            status: ["status"], unsaved: ["latest", "status", "recent"], contact: ["contact"],
            refresh: ["latest", "status", "messages", "contact", "recent", "trends"]
          };
          function load(name) {
            var ticket = (wanted[name] || 0) + 1;
            wanted[name] = ticket;
            fetch("/fragment/" + name, { cache: "no-store" })
              .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
              .then(function (html) {
                if (wanted[name] !== ticket) { return; }
                var el = document.getElementById(name);
                if (el) { el.outerHTML = html; }
              })
              .catch(function () { /* the next event or reconnect loads it again */ });
          }
          function connect() {
            var source = new EventSource("/events");
            source.addEventListener("open", function () {
              root.setAttribute("data-live", "1");
              forEvent.refresh.forEach(load);
            });
            Object.keys(forEvent).forEach(function (type) {
              source.addEventListener(type, function () { forEvent[type].forEach(load); });
            });
            source.addEventListener("error", function () {
              root.setAttribute("data-live", "0");
              if (source.readyState === EventSource.CLOSED) {
                source.close();
                setTimeout(connect, 5000);
              }
            });
          }
          // "Please call me": open asks to confirm, cancel closes, send POSTs (same origin only)
          // and the server's contact event brings the new state.
          document.addEventListener("click", function (event) {
            var target = event.target && event.target.closest ? event.target.closest("[data-action]") : null;
            var box = document.getElementById("contact");
            if (!target || !box) { return; }
            var action = target.getAttribute("data-action");
            if (action === "contact-open") {
              box.setAttribute("data-confirm", "1");
            } else if (action === "contact-cancel") {
              box.removeAttribute("data-confirm");
            } else if (action === "contact-send") {
              box.removeAttribute("data-confirm");
              box.setAttribute("data-contact", "sending");
              fetch("/contact-request", { method: "POST", cache: "no-store" })
                .then(function () { load("contact"); }, function () { load("contact"); });
            }
          });
          connect();
        })();
        """
}
