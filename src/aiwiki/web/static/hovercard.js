/* aiwiki — hover previews. Hovering or focusing a link to a topic shows a card with its
   title, level, summary (math included) and why it matters, fetched once from
   /api/v1/topics/<slug>/preview and cached. The card is placed beside the link (below it,
   or above when there is no room), never over it, and out of the page's flow, so nothing
   moves. Escape closes it. Without this file links are plain links. */
(function () {
  "use strict";

  var SHOW_DELAY = 250;
  var HIDE_DELAY = 200;
  var GAP = 6;
  var cache = new Map();
  var card = null;
  var current = null;
  var showTimer = null;
  var hideTimer = null;
  var labels = {};

  function topicLink(node) {
    var link = node && node.closest ? node.closest('a[href^="/t/"]') : null;
    if (!link || link.closest(".hovercard, .breadcrumbs, .langs, .lang-switch, .graph-svg")) return null;
    return link;
  }

  function previewUrl(link) {
    var url = new URL(link.href, location.href);
    var slug = url.pathname.slice(3).split("/")[0];
    var lang = url.searchParams.get("lang") || document.documentElement.lang.slice(0, 2);
    return "/api/v1/topics/" + slug + "/preview?lang=" + encodeURIComponent(lang);
  }

  function fetchPreview(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).catch(function (error) { cache.delete(url); throw error; }));
    }
    return cache.get(url);
  }

  function ensureCard() {
    if (card) return card;
    card = document.createElement("div");
    card.className = "hovercard";
    card.id = "hovercard";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
    return card;
  }

  function fill(data) {
    var box = ensureCard();
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "hovercard-head";
    var title = document.createElement("strong");
    title.textContent = data.title;
    head.appendChild(title);
    var level = data.level || data.inferred_level;
    if (level) {
      var badge = document.createElement("span");
      badge.className = "badge level-" + level + (data.level ? "" : " inferred");
      badge.textContent = (labels[level] || level) + (data.level ? "" : " · " + (labels.inferred || ""));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(badge);
    }
    box.appendChild(head);
    // summary_html and why_it_matters_html come sanitized from the server (nh3 allow-list)
    if (data.summary_html) box.appendChild(block("hovercard-summary", data.summary_html));
    if (data.why_it_matters_html) {
      var why = block("hovercard-why", data.why_it_matters_html);
      if (labels.why) why.setAttribute("data-label", labels.why);
      box.appendChild(why);
    }
  }

  function block(className, html) {
    var p = document.createElement("p");
    p.className = className;
    p.innerHTML = html;
    return p;
  }

  function place(link) {
    var box = ensureCard();
    var rect = link.getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(Math.max(rect.left, GAP), document.documentElement.clientWidth - width - GAP);
    var below = rect.bottom + GAP + height <= window.innerHeight || rect.top - GAP - height < 0;
    var top = below ? rect.bottom + GAP : rect.top - GAP - height;
    box.style.left = Math.max(left, GAP) + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
    box.dataset.side = below ? "below" : "above";
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (current && current !== link) hide();
    current = link;
    fetchPreview(previewUrl(link)).then(function (data) {
      if (current !== link) return;
      fill(data);
      card.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", "hovercard");
    }).catch(function () { /* no preview: the link still works */ });
  }

  function hide() {
    clearTimeout(showTimer);
    if (card) card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function init() {
    var source = document.querySelector("[data-hovercard-labels]");
    if (source) {
      try { labels = JSON.parse(source.getAttribute("data-hovercard-labels")); } catch (e) { labels = {}; }
    }
    document.addEventListener("mouseover", function (event) {
      var link = topicLink(event.target);
      if (!link) return;
      clearTimeout(hideTimer);
      if (link === current) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
    });
    document.addEventListener("mouseout", function (event) {
      var link = topicLink(event.target);
      if (link && !link.contains(event.relatedTarget)) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var link = topicLink(event.target);
      if (link) show(link); else if (current) hide();
    });
    document.addEventListener("focusout", function (event) {
      if (topicLink(event.target) === current) scheduleHide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current && card && !card.hidden) hide();
    });
    window.addEventListener("resize", function () { if (current && card && !card.hidden) place(current); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
