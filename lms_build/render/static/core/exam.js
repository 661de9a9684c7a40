/* Exam rules: a seeded random order per learner and attempt (the seed lives in the saved
   state, so a resumed attempt looks the same), questions drawn from a pool, and when answers
   are revealed. Pure functions: no DOM. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.exam = factory(); }
})(function () {
  "use strict";
  var SEEDS = 262144;  // 18 bits: three state characters

  /* FNV-1a: a number from a string, to give each question its own sequence of one seed. */
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  /* mulberry32: small, fast and good enough to shuffle a handful of options. */
  function random(seed, salt) {
    var a = (hash(String(salt)) ^ Math.imul(seed, 2654435761)) >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /* Display order of n options (source indexes): a Fisher-Yates shuffle of the unpinned ones;
     a pinned option keeps its place. */
  function shuffle(n, next, pinned) {
    pinned = pinned || [];
    var free = [], order = [], i;
    for (i = 0; i < n; i++) if (pinned.indexOf(i) < 0) free.push(i);
    for (i = free.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1)), t = free[i];
      free[i] = free[j]; free[j] = t;
    }
    for (i = 0; i < n; i++) order.push(pinned.indexOf(i) >= 0 ? i : free.shift());
    return order;
  }
  /* The questions (indexes, in source order) an attempt asks: all, or `draw` of them. */
  function drawn(pool, draw, seed) {
    if (!draw || draw >= pool.length) return pool.slice();
    var order = shuffle(pool.length, random(seed, "draw"));
    return order.slice(0, draw).sort(function (a, b) { return a - b; }).map(function (k) { return pool[k]; });
  }
  /* Whether the right answers may be shown after a submitted attempt. */
  function revealed(reveal, passed, attemptsLeft) {
    if (reveal === "never") return false;
    if (reveal === "after-pass") return passed;
    return passed || attemptsLeft <= 0;  // after-last-attempt: once the assessment is over
  }
  function newSeed() { return Math.floor(Math.random() * SEEDS); }
  return {random: random, shuffle: shuffle, drawn: drawn, revealed: revealed, newSeed: newSeed, hash: hash};
});
