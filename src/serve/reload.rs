//! Live reload: browsers listen on a server-sent-events stream; every rebuild tells them to
//! reload (keeping the scroll position) or to show the build's errors in an overlay.

/// One message to every open tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Reload,
    /// The build is broken: the diagnostics as text.
    Errors(String),
}

impl Event {
    /// The SSE wire form; data lines cannot contain newlines, so the text goes as JSON.
    pub fn to_sse(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
            Event::Errors(text) => format!(
                "event: errors\ndata: {}\n\n",
                serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
            ),
        }
    }
}

/// The set of connected tabs: a broadcast channel every event stream subscribes to.
pub struct Hub {
    tx: tokio::sync::broadcast::Sender<Event>,
}

impl Default for Hub {
    fn default() -> Hub {
        // A tab that falls this far behind only misses reloads it would redo anyway.
        let (tx, _) = tokio::sync::broadcast::channel(16);
        Hub { tx }
    }
}

impl Hub {
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Sends to every connected tab (none connected is fine).
    pub fn broadcast(&self, event: &Event) {
        let _ = self.tx.send(event.clone());
    }
}

/// The script injected into HTML pages in serve mode (never into a build).
pub const LIVE_JS: &str = r#"(function () {
  "use strict";
  var key = "syllabus:scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      window.addEventListener("load", function () { window.scrollTo(0, +y); });
    }
  } catch (e) {}
  function overlay(text) {
    var box = document.getElementById("syllabus-errors");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "syllabus-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#2b0b0b;color:#fff;font:13px/1.4 ui-monospace,monospace;padding:12px 16px;border-top:4px solid #ff6b6b";
      var title = document.createElement("strong");
      title.textContent = "syllabus: the last save has errors; showing the last good build";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:8px 0 0";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  fetch("/__syllabus/status").then(function (r) { return r.json(); }).then(function (s) {
    overlay(s.errors || "");
  }).catch(function () {});
  var source = new EventSource("/__syllabus/events");
  source.addEventListener("reload", reload);
  source.addEventListener("errors", function (e) { overlay(JSON.parse(e.data)); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_travel_as_one_json_data_line() {
        let sse = Event::Errors("a\nb \"c\"".to_string()).to_sse();
        assert_eq!(sse, "event: errors\ndata: \"a\\nb \\\"c\\\"\"\n\n");
    }

    #[test]
    fn broadcast_reaches_every_subscriber() {
        let hub = Hub::default();
        let mut a = hub.subscribe();
        let mut b = hub.subscribe();
        hub.broadcast(&Event::Reload);
        assert_eq!(a.try_recv().ok(), Some(Event::Reload));
        assert_eq!(b.try_recv().ok(), Some(Event::Reload));
        drop(b);
        hub.broadcast(&Event::Errors("x".into()));
        assert_eq!(a.try_recv().ok(), Some(Event::Errors("x".into())));
    }
}
