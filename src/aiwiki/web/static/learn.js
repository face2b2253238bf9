/* aiwiki — learn mode: the page's flashcards one at a time, with an SM-2 schedule kept in
   this browser (localStorage "aiwiki:cards", no account). Space or Enter shows the answer;
   1 Again, 2 Hard, 3 Good, 4 Easy. A session takes the cards due and up to NEW_CARDS new
   ones, and ends with when to come back. Without this file the cards are a list whose
   answers open one by one. */
(function () {
  "use strict";

  var KEY = "aiwiki:cards";
  var DAY = 86400000;
  var NEW_CARDS = 20;
  var GRADES = [["again", 1], ["hard", 3], ["good", 4], ["easy", 5]];

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(all) {
    try { localStorage.setItem(KEY, JSON.stringify(all)); } catch (e) { /* not kept */ }
  }

  /* SM-2: quality q of 0..5; below 3 starts the card again. */
  function schedule(state, q, now) {
    var s = state || { n: 0, ef: 2.5, i: 0 };
    var ef = Math.max(1.3, s.ef + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)));
    var n = q < 3 ? 0 : s.n + 1;
    var i = q < 3 ? 1 : n === 1 ? 1 : n === 2 ? 6 : Math.round(s.i * ef);
    return { n: n, ef: Math.round(ef * 100) / 100, i: i, due: now + i * DAY };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function init() {
    var root = document.querySelector(".learn[data-labels]");
    if (!root) return;
    var labels = JSON.parse(root.getAttribute("data-labels"));
    var lang = root.dataset.lang === "zh" ? "zh-CN" : root.dataset.lang;
    var cards = Array.prototype.slice.call(root.querySelectorAll(".flashcard[data-id]"));
    var all = load();
    var queue = [];
    var reviewed = 0;
    var showing = null;
    var revealed = false;

    var stage = el("section", "learn-stage");
    stage.setAttribute("aria-live", "polite");
    var counter = el("p", "learn-counter");
    var face = el("div", "learn-face");
    var controls = el("div", "learn-controls");
    var hint = el("p", "learn-keys muted", labels.keys);
    stage.append(counter, face, controls, hint);
    root.prepend(stage);
    root.querySelector(".deck").hidden = true;

    function due(now) {
      var fresh = 0;
      return cards.filter(function (card) {
        var s = all[card.dataset.id];
        if (!s) { fresh += 1; return fresh <= NEW_CARDS; }
        return s.due <= now;
      });
    }

    function button(text, onClick, className) {
      var b = el("button", className || "", text);
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }

    function show() {
      face.textContent = "";
      controls.textContent = "";
      revealed = false;
      showing = queue[0] || null;
      if (!showing) return finish();
      counter.textContent = labels.of.replace("{n}", reviewed + 1).replace("{m}", reviewed + queue.length);
      var front = showing.querySelector(".front");
      var side = el("div", "learn-front");
      side.innerHTML = front.innerHTML;  // the page's own sanitized markup
      face.appendChild(side);
      var reveal = button(labels.reveal, flip, "learn-reveal");
      controls.appendChild(reveal);
      reveal.focus();
    }

    function flip() {
      if (!showing || revealed) return;
      revealed = true;
      var back = el("div", "learn-back");
      back.innerHTML = showing.querySelector(".back").innerHTML;
      face.appendChild(back);
      controls.textContent = "";
      GRADES.forEach(function (grade, index) {
        controls.appendChild(button((index + 1) + " · " + labels[grade[0]], function () { rate(grade[1]); },
          "learn-grade grade-" + grade[0]));
      });
      controls.querySelector(".grade-good").focus();
    }

    function rate(q) {
      if (!showing || !revealed) return;
      var id = showing.dataset.id;
      all[id] = schedule(all[id], q, Date.now());
      save(all);
      queue.shift();
      if (q < 3) queue.push(showing);  /* again: once more before the session ends */
      else reviewed += 1;
      show();
    }

    function finish() {
      counter.textContent = "";
      var next = cards.map(function (c) { return all[c.dataset.id]; }).filter(Boolean)
        .map(function (s) { return s.due; }).sort(function (a, b) { return a - b; })[0];
      var text = reviewed ? labels.done.replace("{n}", reviewed) + " " : labels.nothing + " ";
      if (next) {
        var day = new Date(next);
        var same = cards.filter(function (c) {
          var s = all[c.dataset.id];
          return s && new Date(s.due).toDateString() === day.toDateString();
        }).length;
        text += labels.next.replace("{date}", day.toLocaleDateString(lang, { dateStyle: "medium" }))
          .replace("{n}", same);
      }
      face.appendChild(el("p", "learn-summary", text));
      controls.appendChild(button(labels.anyway, function () { queue = cards.slice(); reviewed = 0; show(); },
        "learn-anyway"));
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (!revealed && (event.key === " " || event.key === "Enter") && showing &&
          document.activeElement && document.activeElement.classList.contains("learn-reveal")) {
        event.preventDefault();
        flip();
      } else if (revealed && /^[1-4]$/.test(event.key)) {
        event.preventDefault();
        rate(GRADES[Number(event.key) - 1][1]);
      }
    });

    queue = due(Date.now());
    show();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
