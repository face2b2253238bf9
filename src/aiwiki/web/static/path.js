/* aiwiki — learning path progress, kept in this browser (localStorage, no account).
   Steps marked done, a progress bar, each stage's count, and "next up": the first step
   not done whose prerequisites (data-needs) all are. Progress can be saved to a small
   JSON file and loaded in another browser. Without this file the page is a plain list. */
(function () {
  "use strict";

  var PREFIX = "aiwiki:path:";
  var FORMAT = "aiwiki-progress";

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function write(key, slugs) {
    try {
      if (slugs.length) localStorage.setItem(key, JSON.stringify(slugs)); else localStorage.removeItem(key);
    } catch (e) { /* storage may be disabled: progress just does not persist */ }
  }

  function allProgress() {
    var paths = {};
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) paths[key.slice(PREFIX.length)] = read(key);
      }
    } catch (e) { /* nothing to export */ }
    return { format: FORMAT, version: 1, paths: paths };
  }

  /* A file's progress merged into this browser's; false if it is not an aiwiki progress file. */
  function load(data) {
    if (!data || data.format !== FORMAT || typeof data.paths !== "object" || !data.paths) return false;
    Object.keys(data.paths).forEach(function (slug) {
      var list = data.paths[slug];
      if (!Array.isArray(list) || !/^[a-z0-9-]{1,80}$/.test(slug)) return;
      var merged = read(PREFIX + slug);
      list.forEach(function (s) { if (typeof s === "string" && merged.indexOf(s) < 0) merged.push(s); });
      write(PREFIX + slug, merged);
    });
    return true;
  }

  /* Home page: each path tile says how far this browser got. */
  function initTiles() {
    document.querySelectorAll(".path-tile[data-path]").forEach(function (tile) {
      var n = read(PREFIX + tile.dataset.path).length;
      var shown = tile.querySelector(".tile-progress");
      if (!n || !shown) return;
      shown.querySelector(".tile-done").textContent = n;
      shown.hidden = false;
    });
  }

  function init() {
    initTiles();
    var box = document.querySelector(".path-progress[data-path]");
    if (!box) return;
    var key = PREFIX + box.dataset.path;
    var steps = Array.prototype.slice.call(document.querySelectorAll(".steps .step[data-slug]"));
    var done = new Set(read(key));
    var bar = box.querySelector("progress");
    var count = box.querySelector(".done-count");
    var label = box.querySelector(".next-label");
    var link = box.querySelector(".next-up a");
    var status = box.querySelector(".progress-status");

    function needs(step) { return (step.dataset.needs || "").split(" ").filter(Boolean); }

    function nextUp() {
      var open = steps.filter(function (s) { return !done.has(s.dataset.slug); });
      var ready = open.filter(function (s) { return needs(s).every(function (p) { return done.has(p); }); });
      return ready[0] || open[0] || null;
    }

    function render() {
      var n = 0;
      steps.forEach(function (step) {
        var isDone = done.has(step.dataset.slug);
        if (isDone) n += 1;
        step.classList.toggle("done", isDone);
        step.querySelector(".step-done input").checked = isDone;
      });
      var next = nextUp();
      steps.forEach(function (step) { step.classList.toggle("next", step === next); });
      bar.value = n;
      count.textContent = n;
      document.querySelectorAll(".stage-tile[data-stage]").forEach(function (tile) {
        var section = document.getElementById("stage-" + tile.dataset.stage);
        var members = section ? section.querySelectorAll(".step[data-slug]") : [];
        var k = Array.prototype.filter.call(members, function (s) { return done.has(s.dataset.slug); }).length;
        tile.querySelector(".stage-done-count").textContent = k;
        tile.querySelector(".stage-done").hidden = false;
        tile.classList.toggle("complete", members.length > 0 && k === members.length);
        tile.classList.toggle("current", Boolean(next) && section !== null && section.contains(next));
      });
      if (next) {
        var title = next.querySelector(".card-title");
        label.textContent = n ? box.dataset.labelNext : box.dataset.labelStart;
        link.href = title.getAttribute("href");
        link.textContent = title.textContent + " →";
        link.hidden = false;
      } else {
        label.textContent = box.dataset.labelDone;
        link.hidden = true;
      }
    }

    function save() {
      write(key, steps.map(function (s) { return s.dataset.slug; }).filter(function (s) { return done.has(s); }));
    }

    steps.forEach(function (step) {
      var toggle = step.querySelector(".step-done");
      toggle.hidden = false;
      toggle.querySelector("input").addEventListener("change", function (event) {
        if (event.target.checked) done.add(step.dataset.slug); else done.delete(step.dataset.slug);
        save();
        render();
      });
    });

    function tools() {
      var place = box.querySelector(".progress-tools");
      var exportButton = document.createElement("button");
      exportButton.type = "button";
      exportButton.className = "progress-export";
      exportButton.textContent = box.dataset.labelExport;
      exportButton.addEventListener("click", function () {
        var blob = new Blob([JSON.stringify(allProgress(), null, 1)], { type: "application/json" });
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "aiwiki-progress.json";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      });
      var importLabel = document.createElement("label");
      importLabel.className = "progress-import";
      var input = document.createElement("input");
      input.type = "file";
      input.accept = "application/json,.json";
      importLabel.appendChild(document.createTextNode(box.dataset.labelImport + " "));
      importLabel.appendChild(input);
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) return;
        file.text().then(function (text) {
          var data = null;
          try { data = JSON.parse(text); } catch (e) { data = null; }
          var ok = load(data);
          status.textContent = ok ? box.dataset.labelImported : box.dataset.labelBad;
          if (ok) { done = new Set(read(key)); render(); }
          input.value = "";
        });
      });
      place.appendChild(exportButton);
      place.appendChild(importLabel);
      place.hidden = false;
    }

    window.addEventListener("storage", function (event) {
      if (event.key === key) { done = new Set(read(key)); render(); }
    });
    box.querySelector(".progress-meter").hidden = false;
    tools();
    render();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
