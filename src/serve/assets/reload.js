// lupaus serve: live reload and the error overlay.
//
// Served by the preview at /__lupaus/reload.js and added to its pages only;
// never part of a build. Listens to /__lupaus/events (Server-Sent Events):
//   hello   {build}                   on connecting: reload if the page is older
//   reload  {build}                   the site was rebuilt: reload
//   css     {build, href}             only the stylesheet changed: swap it
//   errors  {build, title, problems}  the last save broke the site: show them
// The overlay markup mirrors `overlay` in src/serve/inject.rs.
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
  var source = new EventSource("/__lupaus/events");

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

  source.addEventListener("hello", function (e) {
    var d = payload(e);
    if (build && d.build && d.build !== build) {
      location.reload();
    }
  });
  source.addEventListener("reload", function () {
    source.close();
    location.reload();
  });
  source.addEventListener("css", function (e) {
    var d = payload(e);
    build = d.build || build;
    if (d.href) {
      swapStylesheet(d.href);
    } else {
      location.reload();
    }
  });
  source.addEventListener("errors", function (e) {
    var d = payload(e);
    build = d.build || build;
    showOverlay(d.title || "lupaus: errors", d.problems);
  });
})();
