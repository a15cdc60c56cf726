// Live reload for `make serve` (tools/serve.py) only: the preview server adds
// this script to the pages it serves; built files never contain it.
//
// It listens to the server's build events (Server-Sent Events on the same
// host): when a build succeeds the page reloads; when a save breaks the
// build, the validation report is shown over the page (the previous site
// is still what is served) until a build succeeds again.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = "/__livereload__/";
  var seen = Number(script && script.getAttribute("data-generation")) || 0;
  var panel = null;

  function showReport(report) {
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "livereload-report";
      panel.setAttribute("role", "alert");
      panel.setAttribute("aria-labelledby", "livereload-report-title");
      panel.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem;background:#fff;color:#111;border-top:4px solid #b00020;" +
        "font:14px/1.4 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.3)";
      var title = document.createElement("h2");
      title.id = "livereload-report-title";
      title.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#b00020";
      title.textContent = "The last save did not build: this is the previous site";
      var text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:0;font:13px/1.4 ui-monospace,monospace";
      var hide = document.createElement("button");
      hide.type = "button";
      hide.textContent = "Hide";
      hide.style.cssText = "margin-top:.5rem";
      hide.addEventListener("click", function () { panel.hidden = true; });
      panel.append(title, text, hide);
      document.body.append(panel);
    }
    panel.querySelector("pre").textContent = report; // text, never HTML: it quotes the files
    panel.hidden = false;
  }

  function handle(state) {
    if (state.generation <= seen) {
      return;
    }
    seen = state.generation;
    if (state.ok) {
      window.location.reload();
    } else {
      showReport(state.report);
    }
  }

  function status() {
    return fetch(base + "status", { cache: "no-store" }).then(function (response) { return response.json(); });
  }

  // A page served while the last build was broken shows the report at once.
  status().then(function (state) {
    if (!state.ok) {
      showReport(state.report);
    }
  }).catch(function () {});

  var events = new EventSource(base + "events?since=" + seen);
  events.addEventListener("build", function (event) {
    handle(JSON.parse(event.data));
  });
})();
