/* Ordering: the answer lists item indexes (their correct order) top to bottom as shown. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.types = C.types || {}; C.types.order = factory(); }
})(function () {
  "use strict";
  function sid(id) { return String(id).replace(/-/g, "_"); }
  function wrong(q, r) {
    var out = [];
    r.forEach(function (item, position) { if (item !== position) out.push(position); });
    return out;
  }
  return {
    correct: function (q, r) { return r.length === q.ids.length && wrong(q, r).length === 0; },
    pattern: function (q, r) { return r.map(function (i) { return sid(q.ids[i]); }).join("[,]"); },
    /* The positions (0-based) holding the wrong item: the feedback names them. */
    wrong: wrong,
    /* The order first shown: shuffled by `random` (a function giving [0, 1)), never correct. */
    start: function (n, random) {
      var order = [];
      for (var i = 0; i < n; i++) order.push(i);
      for (i = n - 1; i > 0; i--) {
        var j = Math.floor(random() * (i + 1)), t = order[i];
        order[i] = order[j]; order[j] = t;
      }
      if (n > 1 && order.every(function (v, k) { return v === k; })) order.push(order.shift());
      return order;
    }
  };
});
