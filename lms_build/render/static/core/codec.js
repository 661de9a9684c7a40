/* The learner state codec: must match lms_build/render/state.py exactly (format and docstring
   there). A layout is {pageKeys: [..], checklists: [{key, n}], examKeys: [..],
   questions: [{key, kind, n}]}; a state is {position, seen: [bool per page], ticked: [bool per
   checklist item], exams: [null | {attempts, submitted, seed, last (tenths of a percent|null)}],
   answers: [null | {a: checks made (0 = exam draft), r: answer]}. decode() carries a state written
   for another version of the course over to this layout (stable keys), or returns null. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.codec = factory(); }
})(function () {
  "use strict";
  var VERSION = "2", KEY = 3, NO_SCORE = 4095;
  var ABC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var SAFE = /^[A-Za-z0-9 ,!?:;()\/-]$/;

  function digit(c) {
    var v = ABC.indexOf(c);
    if (v < 0) throw new Error("not a state character");
    return v;
  }
  function bits(flags) {
    var out = "";
    for (var i = 0; i < flags.length; i += 6) {
      var v = 0;
      for (var j = 0; j < 6 && i + j < flags.length; j++) if (flags[i + j]) v |= 1 << j;
      out += ABC[v];
    }
    return out;
  }
  function unbits(text, n) {
    if (text.length !== Math.ceil(n / 6)) throw new Error("bits");
    var flags = [];
    for (var i = 0; i < n; i++) flags.push((digit(text[(i / 6) | 0]) >> (i % 6) & 1) === 1);
    return flags;
  }
  function number(value, width) {
    var out = "";
    for (var i = width - 1; i >= 0; i--) out += ABC[(value >> (6 * i)) & 63];
    return out;
  }
  function unnumber(text) {
    var v = 0;
    for (var i = 0; i < text.length; i++) v = v * 64 + digit(text[i]);
    return v;
  }
  function encText(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      out += SAFE.test(s[i]) ? s[i] : "*" + ABC[u >> 12] + ABC[u >> 6 & 63] + ABC[u & 63];
    }
    return out;
  }
  function decText(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      if (s[i] !== "*") { out += s[i]; continue; }
      if (i + 4 > s.length) throw new Error("cut escape");
      out += String.fromCharCode(unnumber(s.slice(i + 1, i + 4)));
      i += 3;
    }
    return out;
  }
  function encAnswer(q, r) {
    if (q.kind === "text") return encText(r);
    if (q.kind === "multi") {
      var flags = [];
      for (var i = 0; i < q.n; i++) flags.push(r.indexOf(i) >= 0);
      return bits(flags);
    }
    return r.map(function (v) { return ABC[q.kind === "match" ? v + 1 : v]; }).join("");
  }
  function decAnswer(q, s) {
    if (q.kind === "text") return decText(s);
    if (q.kind === "multi") {
      var r = [];
      unbits(s, q.n).forEach(function (on, i) { if (on) r.push(i); });
      return r;
    }
    var low = q.kind === "match" ? -1 : 0;
    var list = s.split("").map(function (c) { return digit(c) + low; });
    if (list.length !== (q.kind === "single" ? 1 : q.n)) throw new Error("answer");
    list.forEach(function (v, k) {
      if (v < low || v >= q.n || (q.kind === "order" && list.indexOf(v) !== k)) throw new Error("index");
    });
    return list;
  }

  function encode(lay, st) {
    var checklists = "", offset = 0;
    lay.checklists.forEach(function (c) {
      var mine = st.ticked.slice(offset, offset + c.n);
      if (mine.some(Boolean)) checklists += c.key + ABC[c.n] + bits(mine);
      offset += c.n;
    });
    var exams = "";
    lay.examKeys.forEach(function (key, i) {
      var e = st.exams[i];
      if (!e) return;
      exams += key + ABC[Math.min(e.attempts, 63)] + (e.submitted ? "1" : "0") + number(e.seed, 3) +
        number(e.last === null || e.last === undefined ? NO_SCORE : e.last, 2);
    });
    var fields = [VERSION, number(st.position, 2), lay.pageKeys.join(""), bits(st.seen), checklists, exams];
    lay.questions.forEach(function (q, i) {
      var s = st.answers[i];
      if (s) fields.push(q.key + ABC[Math.min(s.a, 63)] + encAnswer(q, s.r));
    });
    return fields.join(".");
  }

  /* The page to resume on when the one shown last is gone: the nearest in the old order that
     still exists, the next one first (it took the removed page's place). */
  function nearest(oldKeys, oldPosition, index) {
    for (var d = 0; d < oldKeys.length; d++) {
      var candidates = [oldPosition + d, oldPosition - d];
      for (var k = 0; k < 2; k++) {
        var c = candidates[k];
        if (c >= 0 && c < oldKeys.length && index.hasOwnProperty(oldKeys[c])) return index[oldKeys[c]];
      }
    }
    return 0;
  }
  function indexOf(keys) {
    var index = {};
    keys.forEach(function (k, i) { index[k] = i; });
    return index;
  }
  function empty(lay) {
    var ticked = [];
    lay.checklists.forEach(function (c) { for (var i = 0; i < c.n; i++) ticked.push(false); });
    return {
      position: 0, seen: lay.pageKeys.map(function () { return false; }), ticked: ticked,
      exams: lay.examKeys.map(function () { return null; }),
      answers: lay.questions.map(function () { return null; })
    };
  }
  function decode(lay, text) {
    var f = String(text || "").split(".");
    if (f.length < 6 || f[0] !== VERSION || f[1].length !== 2 || f[2].length % KEY) return null;
    try {
      return decodeFields(lay, f);
    } catch (e) {
      return null;
    }
  }
  function decodeFields(lay, f) {
    var st = empty(lay), oldKeys = [], i;
    for (i = 0; i < f[2].length; i += KEY) oldKeys.push(f[2].slice(i, i + KEY));
    var pageIndex = indexOf(lay.pageKeys), oldSeen = unbits(f[3], oldKeys.length);
    oldKeys.forEach(function (k, j) { if (oldSeen[j] && pageIndex.hasOwnProperty(k)) st.seen[pageIndex[k]] = true; });
    st.position = nearest(oldKeys, unnumber(f[1]), pageIndex);

    var offsets = {}, offset = 0;
    lay.checklists.forEach(function (c) { offsets[c.key] = {at: offset, n: c.n}; offset += c.n; });
    var rest = f[4];
    while (rest) {
      var name = rest.slice(0, KEY), n = digit(rest[KEY]), end = KEY + 1 + Math.ceil(n / 6);
      var ticks = unbits(rest.slice(KEY + 1, end), n);
      if (offsets.hasOwnProperty(name) && offsets[name].n === n) {
        ticks.forEach(function (on, j) { if (on) st.ticked[offsets[name].at + j] = true; });
      }
      rest = rest.slice(end);
    }

    var examIndex = indexOf(lay.examKeys), size = KEY + 7;
    if (f[5].length % size) throw new Error("exam records");
    for (i = 0; i < f[5].length; i += size) {
      var item = f[5].slice(i, i + size), at = examIndex[item.slice(0, KEY)];
      if (at === undefined || "01".indexOf(item[KEY + 1]) < 0) continue;
      var last = unnumber(item.slice(KEY + 5));
      st.exams[at] = {attempts: digit(item[KEY]), submitted: item[KEY + 1] === "1",
        seed: unnumber(item.slice(KEY + 2, KEY + 5)), last: last === NO_SCORE ? null : last};
    }

    var slotIndex = indexOf(lay.questions.map(function (q) { return q.key; }));
    f.slice(6).forEach(function (value) {
      var at = slotIndex[value.slice(0, KEY)];
      if (at === undefined || value.length < KEY + 1) return;  // removed or changed since
      try {
        st.answers[at] = {a: digit(value[KEY]), r: decAnswer(lay.questions[at], value.slice(KEY + 1))};
      } catch (e) { /* an answer that no longer fits its question: dropped */ }
    });
    return st;
  }

  return {VERSION: VERSION, ALPHABET: ABC, encode: encode, decode: decode, empty: empty,
    encText: encText, decText: decText, nearest: nearest};
});
