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
            status: ["status"], unsaved: ["latest", "status", "recent"],
            refresh: ["latest", "status", "messages", "recent", "trends"]
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
          connect();
        })();
        """
}
