/* Matching: the answer gives, for each prompt (source order), the index of the pair whose match
   was chosen (-1 = none). Right when every prompt has its own pair's match. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.types = C.types || {}; C.types.match = factory(); }
})(function () {
  "use strict";
  function sid(id) { return String(id).replace(/-/g, "_"); }
  function wrong(q, r) {
    var out = [];
    r.forEach(function (target, source) { if (target !== source) out.push(source); });
    return out;
  }
  return {
    correct: function (q, r) { return r.length === q.ids.length && wrong(q, r).length === 0; },
    pattern: function (q, r) {
      var pairs = [];
      r.forEach(function (target, source) { if (target >= 0) pairs.push(sid(q.ids[source]) + "[.]" + sid(q.ids[target])); });
      return pairs.join("[,]");
    },
    /* The prompts (indexes) matched wrongly: the feedback names them. */
    wrong: wrong
  };
});
