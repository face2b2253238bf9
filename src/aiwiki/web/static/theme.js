/* aiwiki — the saved colour theme, applied before the first paint (loaded in <head>, not deferred). */
(function () {
  try {
    var saved = localStorage.getItem("theme");
    if (saved) document.documentElement.dataset.theme = saved;
  } catch (e) { /* storage may be disabled: the system theme applies */ }
})();
