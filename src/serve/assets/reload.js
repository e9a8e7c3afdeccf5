// lupaus serve: live reload and the error overlay.
//
// Served by the preview at /__lupaus/reload.js and added to its pages only;
// never part of a build. Listens to /__lupaus/events (Server-Sent Events):
//   hello   {build}                   on connecting: reload if the page is older
//   reload  {build}                   the site was rebuilt: reload
//   css     {build, href}             only the stylesheet changed: swap it
//   errors  {build, title, problems}  the last save broke the site: show them
// The overlay markup mirrors `overlay` in src/serve/inject.rs.
//
// One connection for all tabs: a browser opens at most six connections to
// one address, and a stream held by every open tab would leave a seventh
// tab loading forever. Where the browser has Web Locks and
// BroadcastChannel, the tab holding the lock "lupaus-reload" listens and
// passes each event to the others on the channel "lupaus-reload"; when it
// closes or reloads, another tab takes the lock and listens. A tab that
// opens asks the listening one for the build now served ("ask"), as the
// stream's `hello` would tell it. Without them, every tab listens itself.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  // The writer's language and the box's hint in it (`lupaus --lang`).
  var lang = (me && me.getAttribute("data-lang")) || "en";
  var hint =
    (me && me.getAttribute("data-hint")) ||
    "Fix the file and save it: this page reloads by itself.";
  var source = null;
  var handlers = {};

  function payload(e) {
    try {
      return JSON.parse(e.data) || {};
    } catch (_) {
      return {};
    }
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text) {
      n.textContent = text;
    }
    return n;
  }

  function showOverlay(title, problems) {
    var old = document.getElementById("lupaus-overlay");
    var box = el("div", "lupaus-overlay");
    box.id = "lupaus-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", lang);
    box.appendChild(el("p", "lupaus-overlay__title", title));
    var list = el("ul", "lupaus-overlay__list");
    (problems || []).forEach(function (p) {
      var li = el("li");
      li.appendChild(el("code", "lupaus-overlay__where", p.where));
      li.appendChild(document.createTextNode(p.text));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(el("p", "lupaus-overlay__hint", hint));
    if (old) {
      old.replaceWith(box);
    } else {
      document.body.insertBefore(box, document.body.firstChild);
    }
  }

  function swapStylesheet(href) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var path = new URL(link.href, location.href).pathname;
      if (!/\/css\/style\.[^\/]*\.css$/.test(path)) {
        return;
      }
      // Load the new sheet beside the old one, then drop the old: no flash.
      var next = link.cloneNode();
      next.href = href;
      next.addEventListener("load", function () {
        link.remove();
      });
      next.addEventListener("error", function () {
        location.reload();
      });
      link.after(next);
    });
  }

  handlers.hello = function (d) {
    if (build && d.build && d.build !== build) {
      location.reload();
    }
  };
  handlers.reload = function () {
    if (source) {
      source.close();
    }
    location.reload();
  };
  handlers.css = function (d) {
    build = d.build || build;
    if (d.href) {
      swapStylesheet(d.href);
    } else {
      location.reload();
    }
  };
  handlers.errors = function (d) {
    build = d.build || build;
    showOverlay(d.title || "lupaus: errors", d.problems);
  };

  var NAMES = ["hello", "reload", "css", "errors"];
  // The build the listening stream last named (for tabs that ask).
  var served = null;

  function listen(share) {
    source = new EventSource("/__lupaus/events");
    NAMES.forEach(function (name) {
      source.addEventListener(name, function (e) {
        var d = payload(e);
        served = d.build || served;
        if (share) {
          share.postMessage({ name: name, data: d });
        }
        handlers[name](d);
      });
    });
  }

  var shared = window.BroadcastChannel && navigator.locks;
  if (!shared) {
    listen(null);
    return;
  }
  var channel = new BroadcastChannel("lupaus-reload");
  var leading = false;
  channel.onmessage = function (e) {
    var m = e.data || {};
    if (m.name === "ask") {
      if (leading && served) {
        channel.postMessage({ name: "hello", data: { build: served } });
      }
    } else if (!leading && handlers[m.name]) {
      handlers[m.name](m.data || {});
    }
  };
  navigator.locks.request("lupaus-reload", function () {
    leading = true;
    listen(channel);
    // Held until this tab closes or reloads.
    return new Promise(function () {});
  });
  channel.postMessage({ name: "ask" });
})();
