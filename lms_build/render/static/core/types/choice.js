/* Choice questions (single choice, multiple choice, scenario) and true/false. An answer is the
   list of chosen option indexes in source order (true = 0, false = 1). */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.types = C.types || {}; C.types.single = C.types.multi = factory(); }
})(function () {
  "use strict";
  function sid(id) { return String(id).replace(/-/g, "_"); }
  function sorted(list) { return list.slice().sort(function (a, b) { return a - b; }); }
  return {
    correct: function (q, r) { return sorted(r).join() === sorted(q.ok).join(); },
    /* SCORM 2004 / xAPI response pattern: option ids, never positions. */
    pattern: function (q, r) {
      if (q.type === "true-false") return r[0] === 0 ? "true" : "false";
      return sorted(r).map(function (i) { return sid(q.ids[i]); }).join("[,]");
    },
    wrong: function () { return []; }  // feedback per chosen option says more
  };
});
