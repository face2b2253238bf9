/* aiwiki — small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  var root = document.documentElement;

  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) {
      try {
        if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
      } catch (e) { /* storage may be disabled; the feature just does not persist */ }
    }
  };

  /* ---------- theme: system -> light -> dark -> system ---------- */
  function initTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var modes = ["system", "light", "dark"];
    function show(mode) {
      if (mode === "system") delete root.dataset.theme; else root.dataset.theme = mode;
      var label = button.getAttribute("data-label-" + mode) || mode;
      button.dataset.mode = mode;
      button.setAttribute("aria-label", label);
      button.title = label;
    }
    function current() {
      var saved = store.get("theme");
      return modes.indexOf(saved) > 0 ? saved : "system";
    }
    button.addEventListener("click", function () {
      var next = modes[(modes.indexOf(current()) + 1) % modes.length];
      store.set("theme", next === "system" ? null : next);
      show(next);
    });
    window.addEventListener("storage", function (event) {
      if (event.key === "theme") show(current());
    });
    show(current());
    button.hidden = false;
  }

  /* ---------- sticky offsets: the letter bar sits just below the sticky header ---------- */
  function trackHeader() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    function update() { root.style.setProperty("--header-h", header.offsetHeight + "px"); }
    update();
    window.addEventListener("resize", update);
  }

  /* ---------- glossary: filter without reloading, keep the URL shareable ---------- */
  function initGlossary() {
    var form = document.getElementById("glossary-filters");
    var results = document.getElementById("glossary-results");
    if (!form || !results) return;
    var count = document.getElementById("glossary-count");
    var lang = form.elements.lang.value;
    var levelInput = form.elements.level;
    var select = form.elements.category;
    var links = Array.prototype.slice.call(form.querySelectorAll("a[data-level]"));
    // What the entries on the page cover: filtering by level is local only when they hold all levels.
    var loaded = { level: levelInput.value, category: select.value };
    var pending = null;

    function url(level, category) {
      var params = new URLSearchParams({ lang: lang });
      if (level) params.set("level", level);
      if (category) params.set("category", category);
      return "/glossary?" + params.toString();
    }

    function applyLevel() {
      var level = levelInput.value;
      var shown = 0;
      results.querySelectorAll(".letter-group").forEach(function (group) {
        var visible = 0;
        group.querySelectorAll(".entry").forEach(function (entry) {
          entry.hidden = Boolean(level) && entry.dataset.level !== level;
          if (!entry.hidden) visible += 1;
        });
        group.hidden = visible === 0;
        results.querySelectorAll(".letter-bar a").forEach(function (a) {
          if (a.getAttribute("href") === "#" + group.id) a.hidden = group.hidden;
        });
        shown += visible;
      });
      var empty = results.querySelector(".empty");
      if (empty) empty.hidden = shown > 0;
      var bar = results.querySelector(".letter-bar");
      if (bar) bar.hidden = shown === 0;
      if (count) count.textContent = count.dataset.template.replace("{n}", shown);
      initLetterBar();
    }

    function syncControls() {
      var level = levelInput.value;
      links.forEach(function (link) {
        link.href = url(link.dataset.level, select.value);
        if (link.dataset.level === level) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      });
      history.replaceState(null, "", url(level, select.value));
    }

    function load() {
      var category = select.value;
      if (pending) pending.abort();
      pending = new AbortController();
      root.classList.add("loading");
      // Fetch every level of the category once; later level changes are then local.
      fetch(url("", category), { signal: pending.signal, headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("glossary-results");
          if (!fresh) throw new Error("no results in response");
          results.innerHTML = fresh.innerHTML;
          loaded = { level: "", category: category };
          root.classList.remove("loading");
          applyLevel();
        })
        .catch(function (error) {
          if (error.name === "AbortError") return;
          window.location.href = url(levelInput.value, category);  // fall back to a normal visit
        });
    }

    function update() {
      syncControls();
      if (loaded.category === select.value && !loaded.level) applyLevel(); else load();
    }

    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        levelInput.value = link.dataset.level;
        update();
      });
    });
    select.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  }

  /* ---------- glossary letter bar: highlight the letter being read ---------- */
  var letterObserver = null;
  function initLetterBar() {
    if (letterObserver) letterObserver.disconnect();
    var bar = document.querySelector(".letter-bar");
    if (!bar || !("IntersectionObserver" in window)) return;
    var groups = Array.prototype.slice.call(document.querySelectorAll(".letter-group"));
    var visible = new Set();
    function mark() {
      var first = groups.filter(function (g) { return visible.has(g) && !g.hidden; })[0];
      bar.querySelectorAll("a").forEach(function (a) {
        var on = Boolean(first) && a.getAttribute("href") === "#" + first.id;
        a.classList.toggle("active", on);
        if (on && bar.scrollWidth > bar.clientWidth) {
          bar.scrollLeft = a.offsetLeft - bar.clientWidth / 2;
        }
      });
    }
    letterObserver = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) visible.add(e.target); else visible.delete(e.target); });
      mark();
    }, { rootMargin: "-120px 0px -40% 0px" });
    groups.forEach(function (g) { letterObserver.observe(g); });
  }

  /* ---------- long topic lists: the level counts become toggles that filter the cards ---------- */
  function initLevelToggles() {
    document.querySelectorAll(".level-counts[data-filters]").forEach(function (list) {
      var target = document.getElementById(list.dataset.filters);
      if (!target) return;
      var active = "";
      var buttons = [];
      list.querySelectorAll("li[data-level]").forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "level-toggle";
        button.setAttribute("aria-pressed", "false");
        while (item.firstChild) button.appendChild(item.firstChild);
        item.appendChild(button);
        buttons.push(button);
        button.addEventListener("click", function () {
          active = active === item.dataset.level ? "" : item.dataset.level;
          buttons.forEach(function (b) {
            b.setAttribute("aria-pressed", String(b.parentNode.dataset.level === active));
          });
          target.querySelectorAll(".card[data-level]").forEach(function (card) {
            card.hidden = Boolean(active) && card.dataset.level !== active;
          });
        });
      });
    });
  }

  /* learning paths: static/path.js, loaded by the path page */

  /* ---------- search as you type: debounced, results block swapped in, URL kept shareable ----------
     The page is a plain GET form whose facets, pager and suggestions are plain links; this only
     fetches the same results block (`fragment=1`) instead of loading the whole page. Typing
     replaces the history entry; following a link inside the results adds one (Back works). */
  function initLiveSearch() {
    var form = document.querySelector("form[data-live-search]");
    var results = document.getElementById("search-results");
    if (!form || !results || !window.fetch || !window.URLSearchParams || !window.AbortController) return;
    var input = form.elements.q;
    var list = document.getElementById("search-suggestions");
    var status = document.getElementById("search-status");
    var FILTERS = ["tag", "category", "level", "kind", "language"];
    var DELAY = 200;
    var timer = null;
    var pending = null;
    var suggesting = null;
    var shown = location.pathname + location.search;

    // The URL the form describes right now, with no empty parameters: /search?q=…&lang=…
    function formUrl() {
      var data = new URLSearchParams();
      new URLSearchParams(new FormData(form)).forEach(function (value, key) {
        if (value.trim()) data.append(key, key === "q" ? value.trim() : value);
      });
      return "/search?" + data.toString();
    }

    // Make the form describe `params` (after a link in the results was followed, or Back).
    function syncForm(params) {
      var q = params.get("q") || "";
      if (input.value.trim() !== q) input.value = q;
      form.querySelectorAll("input[data-filter]").forEach(function (el) { el.remove(); });
      FILTERS.forEach(function (name) {
        var value = params.get(name);
        if (!value) return;
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        hidden.setAttribute("data-filter", "");
        form.appendChild(hidden);
      });
    }

    // Title and the header's language switch follow the query being shown.
    function syncPage(params) {
      var q = params.get("q") || "";
      document.title = (q ? (q.length > 60 ? q.slice(0, 60) + "…" : q) : form.dataset.titleEmpty || "") +
        (form.dataset.titleSuffix || "");
      document.querySelectorAll(".lang-switch a[hreflang]").forEach(function (link) {
        var other = new URLSearchParams(params);
        other.set("lang", link.getAttribute("hreflang"));
        link.href = "/search?" + other.toString();
      });
    }

    function show(url, how, focusKey) {
      var target = new URL(url, location.href);
      var params = target.searchParams;
      params.delete("fragment");
      var address = "/search" + (params.toString() ? "?" + params.toString() : "");
      if (how === "push") history.pushState(null, "", address);
      else if (how === "replace") history.replaceState(null, "", address);
      shown = address;
      syncPage(params);

      if (pending) pending.abort();
      var controller = pending = new AbortController();
      root.classList.add("searching");
      params.set("fragment", "1");
      fetch("/search?" + params.toString(), { signal: controller.signal, headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (html) {
          if (controller !== pending) return;
          pending = null;
          root.classList.remove("searching");
          results.innerHTML = html;
          var count = results.querySelector(".result-count");
          if (status) status.textContent = count ? count.textContent.trim() : "";
          if (focusKey) place(focusKey);
        })
        .catch(function (error) {
          if (error.name === "AbortError") return;
          window.location.href = address;  // fall back to a normal visit
        });
    }

    // After a link in the results was followed: focus its counterpart in the new block
    // (a facet stays under the pointer and keyboard), or else the result count.
    function place(key) {
      var same = key === true ? null : results.querySelector('[data-key="' + key + '"]');
      var target = same || results.querySelector(".result-count") || input;
      target.focus({ preventScroll: Boolean(same) });
      if (!same && target.getBoundingClientRect().top < 0) target.scrollIntoView({ block: "start" });
    }

    function suggest(q) {
      if (!list) return;
      if (suggesting) suggesting.abort();
      list.textContent = "";
      if (q.length < 2) return;
      var controller = suggesting = new AbortController();
      fetch("/api/v1/suggest?q=" + encodeURIComponent(q), { signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) {
          if (controller !== suggesting || input.value.trim() !== q) return;
          items.forEach(function (item) {
            if (item.title.toLowerCase() === q.toLowerCase()) return;
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }

    function searchNow() {
      clearTimeout(timer);
      var url = formUrl();
      if (url !== shown) show(url, "replace");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(searchNow, DELAY);
      suggest(input.value.trim());
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !input.value) return;
      event.preventDefault();  // clear, but keep the focus in the box
      input.value = "";
      suggest("");
      searchNow();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      searchNow();
      if (window.matchMedia("(pointer: coarse)").matches) input.blur();  // let the keyboard go
    });

    results.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="/search"]');
      if (!link || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      clearTimeout(timer);
      var params = new URL(link.href, location.href).searchParams;
      syncForm(params);
      show(link.href, "push", link.getAttribute("data-key") || true);
    });
    window.addEventListener("popstate", function () {
      if (location.pathname !== "/search") return;
      syncForm(new URLSearchParams(location.search));
      show(location.href, "none");
    });

    // A page opened with a query: put the caret after the text, ready to refine.
    if (document.activeElement === input) input.setSelectionRange(input.value.length, input.value.length);
  }

  function init() {
    root.classList.add("enhanced");
    initTheme();
    trackHeader();
    initGlossary();
    initLetterBar();
    initLevelToggles();
    initLiveSearch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
