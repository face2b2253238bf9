// The edit form: a live preview rendered by the server (/api/v1/preview, the topic page's
// own pipeline), and the draft kept in this browser until a save succeeds. Without this
// file the form still works: its "Preview" button renders the preview on the server.
(function () {
  "use strict";
  var PREFIX = "aiwiki-draft:";

  // A page shown after a successful save names the draft it settled.
  var settled = document.querySelector("[data-clear-draft]");
  if (settled) {
    try { localStorage.removeItem(PREFIX + settled.getAttribute("data-clear-draft")); } catch (e) { /* storage off */ }
  }

  var form = document.getElementById("edit-form");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft-key");
  var merging = document.querySelector(".edit-page.merging") !== null;
  var token = document.querySelector('meta[name="csrf-token"]');

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "action" && el.type !== "submit";
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }

  function save() {
    try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (e) { /* full or off */ }
  }

  function stored() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // Restoring keeps the draft's own base revision: if someone saved since, the server
  // refuses the save and shows the merge view instead of overwriting their change.
  function restore(values) {
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(values, el.name)) { el.value = values[el.name]; }
    });
    previewAll();
  }

  function differs(values) {
    var now = snapshot();
    return Object.keys(values).some(function (name) {
      return name !== "base_revision" && now[name] !== undefined && now[name] !== values[name];
    });
  }

  function offerDraft() {
    var draft = stored();
    var note = form.querySelector("[data-draft-note]");
    if (merging) { save(); return; } // the server re-filled the editor's text: keep it
    if (!draft || !note || !differs(draft)) { return; }
    note.hidden = false;
    note.querySelector("[data-restore-draft]").addEventListener("click", function () {
      restore(draft); note.hidden = true;
    });
    note.querySelector("[data-discard-draft]").addEventListener("click", function () {
      try { localStorage.removeItem(key); } catch (e) { /* off */ }
      note.hidden = true;
    });
  }

  function texts(fieldset) {
    var body = { slug: form.getAttribute("data-slug") || null };
    fieldset.querySelectorAll("[data-field]").forEach(function (el) {
      body[el.getAttribute("data-field")] = el.value;
    });
    return body;
  }

  function show(box, view) {
    var target = box.querySelector(".preview-body");
    target.textContent = "";
    var title = document.createElement("h3");
    title.className = "preview-title";
    title.textContent = view.title;
    target.appendChild(title);
    // Sanitized by the server (rendering/sanitize.py), as on the topic page.
    var parts = [["p", "lead", view.summary_html], ["aside", "callout why", view.why_it_matters_html],
                 ["div", "body", view.body_html]];
    parts.forEach(function (part) {
      if (!part[2]) { return; }
      var el = document.createElement(part[0]);
      el.className = part[1];
      el.innerHTML = part[2];
      target.appendChild(el);
    });
  }

  function preview(fieldset) {
    var lang = fieldset.getAttribute("data-lang");
    var box = fieldset.querySelector('[data-preview="' + lang + '"]');
    if (!box || !token) { return; }
    fetch("/api/v1/preview", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token.content },
      body: JSON.stringify(texts(fieldset))
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (view) { if (view) { show(box, view); box.setAttribute("data-ready", "1"); } })
      .catch(function () { /* the Preview button still works */ });
  }

  function previewAll() {
    form.querySelectorAll("fieldset[data-lang]").forEach(preview);
  }

  var timers = {};
  form.addEventListener("input", function (event) {
    save();
    var fieldset = event.target.closest("fieldset[data-lang]");
    if (!fieldset) { return; }
    var lang = fieldset.getAttribute("data-lang");
    clearTimeout(timers[lang]);
    timers[lang] = setTimeout(function () { preview(fieldset); }, 350);
  });
  form.addEventListener("submit", save);
  offerDraft();
})();
