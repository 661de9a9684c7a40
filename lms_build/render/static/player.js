/* lms-build learner player: navigation, quiz engine, learner state and scoring.
 *
 * One HTML page holds every page of a SCO; this script shows one page at a time. Everything it
 * knows about the course comes from the HTML and the JSON in <script id="lms-data">. It talks to
 * the LMS only through an adapter (player/adapters/<runtime>.js, loaded after this file), which
 * registers a factory in LmsPlayer.adapters[runtime]. The factory gets a kit
 * {data, ui, findApi(name), error(info), notice(text)} and returns an object with:
 *
 *   start()            open the session; return {data, location}: the state string stored last
 *                      time (see encodeState) and the page id, or nulls; or a Promise of that
 *                      (an xAPI adapter reads the State API over the network)
 *   save(status)       store status = {data, location, completed (bool), success ("passed" |
 *                      "failed" | null), score (0-100 | null), progress (0-1), finished (bool)}
 *   interaction(rec)   report one checked answer: {id, type ("choice" | "true-false" |
 *                      "matching" | "sequencing" | "fill-in"), response, correct (a list of
 *                      correct responses), result (bool), weight, objective, description, lang,
 *                      time (Date), latency (ms)}. A response is a list of: {i, id} (choice,
 *                      sequencing), [{i, id}, {i, id}] (matching: prompt, match), a boolean
 *                      (true-false) or a string (fill-in)
 *   commit()           make what was saved durable
 *   finish(status)     save, then end the session (called once, when the page goes away)
 *
 * So cmi5 or Tin Can are two more adapter files; nothing here changes.
 */
(function () {
  "use strict";
  var P = window.LmsPlayer = window.LmsPlayer || {};
  P.adapters = P.adapters || {};
  P.errors = [];

  var D, ui, adapter;
  var pages = [], extras = [], forms = [], current = 0, extraShown = null, shownAt = Date.now();
  var seen = [], ticked = [], answers = [];  // answers[i] = {a: checks made, r: last checked answer}
  var timer = 0, ended = false, last = {};

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function round2(n) { return Math.round(n * 100) / 100; }
  function num(n) { return round2(n).toLocaleString(D.lang); }

  /* ---- Compact state: must match lms_build/render/state.py exactly (see its docstring) ---- */
  var ABC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var SAFE = /^[A-Za-z0-9 ,!?:;()\/-]$/;

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
    for (var i = 0; i < n; i++) flags.push((ABC.indexOf(text[(i / 6) | 0]) >> (i % 6) & 1) === 1);
    return flags;
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
      out += String.fromCharCode(ABC.indexOf(s[i + 1]) << 12 | ABC.indexOf(s[i + 2]) << 6 | ABC.indexOf(s[i + 3]));
      i += 3;
    }
    return out;
  }
  function size(q) { return q.kind === "text" ? 1 : q.ids.length; }
  function encAnswer(q, r) {
    if (q.kind === "text") return encText(r);
    if (q.kind === "multi") return bits(q.ids.map(function (_, i) { return r.indexOf(i) >= 0; }));
    return r.map(function (v) { return ABC[q.kind === "match" ? v + 1 : v]; }).join("");
  }
  function decAnswer(q, s) {
    if (q.kind === "text") return decText(s);
    if (q.kind === "multi") {
      var r = [];
      unbits(s, size(q)).forEach(function (on, i) { if (on) r.push(i); });
      return r;
    }
    var low = q.kind === "match" ? -1 : 0;
    var list = s.split("").map(function (c) { return ABC.indexOf(c) + low; });
    if (list.length !== (q.kind === "single" ? 1 : size(q))) throw new Error("answer");
    list.forEach(function (v, k) {
      if (v < low || v >= size(q) || (q.kind === "order" && list.indexOf(v) !== k)) throw new Error("index");
    });
    return list;
  }
  function encodeState() {
    var fields = ["1" + D.fp, bits(seen), bits(ticked)];
    D.questions.forEach(function (q, i) {
      var s = answers[i];
      fields.push(s && s.a ? ABC[Math.min(s.a, 63)] + encAnswer(q, s.r) : "");
    });
    return fields.join(".");
  }
  /* Applies a stored state; false if it belongs to another version of the course or is damaged. */
  function restoreState(text) {
    var f = String(text || "").split(".");
    if (f.length !== 3 + D.questions.length || f[0] !== "1" + D.fp) return false;
    try {
      var s = unbits(f[1], D.pages.length), t = unbits(f[2], D.checklistItems);
      var a = D.questions.map(function (q, i) {
        var v = f[3 + i];
        if (!v) return null;
        if (ABC.indexOf(v[0]) < 1) throw new Error("attempts");
        return {a: ABC.indexOf(v[0]), r: decAnswer(q, v.slice(1))};
      });
    } catch (e) {
      return false;
    }
    seen = s; ticked = t; answers = a;
    return true;
  }

  /* ---- Scoring and status ---- */
  function normal(text) { return text.trim().replace(/\s+/g, " ").toLocaleLowerCase(D.lang); }
  function isCorrect(q, r) {
    if (q.kind === "text") {
      return q.accept.some(function (a) { return normal(a) === normal(r); });
    }
    if (q.kind === "single" || q.kind === "multi") {
      return r.slice().sort().join() === q.ok.slice().sort().join();
    }
    return r.every(function (v, i) { return v === i; });  // matching, ordering: identity
  }
  function isFinal(i) {
    var s = answers[i];
    return !!(s && s.a && (isCorrect(D.questions[i], s.r) || (D.maxAttempts && s.a >= D.maxAttempts)));
  }
  /* Weighted points of some questions; done when each has been checked at least once. */
  function tally(indexes) {
    var t = {total: 0, got: 0, done: indexes.length > 0};
    indexes.forEach(function (i) {
      var q = D.questions[i], s = answers[i];
      t.total += q.w;
      if (!s || !s.a) t.done = false;
      else if (isCorrect(q, s.r)) t.got += q.w;
    });
    t.percent = t.total ? round2(100 * t.got / t.total) : 0;
    return t;
  }
  /* The SCO's result. The score counts the questions marked "scored" by the build: those of the
     assessment module if this SCO holds it, else all of them. It is reported once every scored
     question has been checked; pass/fail (mastery score) only in the SCO holding the assessment. */
  function status() {
    var scored = [];
    D.questions.forEach(function (q, i) { if (q.scored) scored.push(i); });
    var t = tally(scored), score = t.done ? t.percent : null;
    var success = D.assessment && score !== null ? (score >= D.mastery ? "passed" : "failed") : null;
    var nSeen = seen.filter(Boolean).length, allSeen = nSeen === D.pages.length;
    var completed = !D.assessment || D.completion === "all-pages" ? allSeen
      : D.completion === "assessment" ? success === "passed" : allSeen && success === "passed";
    return {
      data: encodeState(), location: D.pages[current], completed: completed, success: success,
      score: score, progress: completed ? 1 : Math.min(0.99, round2(nSeen / D.pages.length)),
      finished: completed && success !== "failed", seen: nSeen
    };
  }

  /* ---- Saving: every change is saved at once; commits are immediate for answers and status
     changes, and batched (1.5 s) for page views; pending data is committed when the page is
     hidden and the session finished when it goes away, so closing the window loses nothing. ---- */
  function persist(urgent) {
    if (ended) return;
    var s = status();
    urgent = urgent || s.completed !== last.completed || s.success !== last.success || s.score !== last.score;
    last = s;
    adapter.save(s);
    clearTimeout(timer);
    if (urgent) adapter.commit();
    else timer = setTimeout(function () { adapter.commit(); }, 1500);
  }
  function flush() {
    if (ended) return;
    clearTimeout(timer);
    adapter.save(last = status());
    adapter.commit();
  }
  function end() {
    if (ended) return;
    clearTimeout(timer);
    ended = true;
    adapter.finish(status());
  }

  function notice(text) { $(".lms-status").textContent = text; }
  function lmsError(info) {
    P.errors.push(info);
    if (window.console) console.warn("LMS error", info);
    notice(fmt(ui.lms_error, {code: info.code}));
  }
  /* The standard API search (ADL): up the parent chain, then the opener's. */
  function findApi(name) {
    function scan(win) {
      for (var hops = 0; win && hops < 50; hops++) {
        try { if (win[name]) return win[name]; } catch (e) { /* another origin: keep climbing */ }
        if (win.parent === win) break;
        win = win.parent;
      }
      return null;
    }
    var api = scan(window);
    try { api = api || (window.top.opener && scan(window.top.opener)); } catch (e) { /* closed */ }
    try { api = api || (window.opener && scan(window.opener)); } catch (e) { /* closed */ }
    return api || null;
  }

  /* ---- Navigation ---- */
  function heading(section) { return $("h1", section); }
  function updateNav() {
    var s = status(), total = D.pages.length;
    $$(".toc a[data-page]").forEach(function (a, i) {
      if (i === current && extraShown === null) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
      $(".seen-mark", a).hidden = !seen[i];
    });
    $(".pager-prev").disabled = current === 0;
    $(".pager-next").disabled = current === total - 1;
    $(".pager-position").textContent = fmt(ui.progress, {current: current + 1, total: total});
    $("#progress-text").textContent = fmt(ui.seen_pages, {seen: s.seen, total: total});
    $("#progress-bar").value = s.seen;
    var title = extraShown === null ? heading(pages[current]) : heading(extraShown);
    document.title = title.textContent + " – " + D.title;
  }
  function reveal(section, focus) {
    section.hidden = false;
    if (focus) {
      section.scrollIntoView({block: "start"});
      heading(section).focus({preventScroll: true});
    }
  }
  function closeTocOnSmallScreens() {
    if (window.matchMedia("(max-width: 59.99em)").matches) $(".toc-details").open = false;
  }
  function go(i, focus) {
    if (i < 0 || i >= pages.length) return;
    if (extraShown) { extraShown.hidden = true; extraShown = null; togglePager(false); }
    pages[current].hidden = true;
    current = i;
    seen[i] = true;
    shownAt = Date.now();
    reveal(pages[i], focus);
    updateNav();
    persist(false);
  }
  function showExtra(section) {
    pages[current].hidden = true;
    if (extraShown) extraShown.hidden = true;
    extraShown = section;
    togglePager(true);
    reveal(section, true);
    updateNav();
  }
  function togglePager(extra) {
    $(".pager-prev").hidden = $(".pager-next").hidden = $(".pager-position").hidden = extra;
    $(".pager-back").hidden = !extra;
  }

  /* ---- Questions ---- */
  function readAnswer(q, form) {
    var values;
    switch (q.kind) {
      case "single":
      case "multi":
        values = $$("input:checked", form).map(function (e) { return +e.value; });
        return values.length ? values : null;
      case "match":
        values = $$("select", form).map(function (s) { return s.value === "" ? -1 : +s.value; });
        return values.indexOf(-1) >= 0 ? null : values;
      case "order":
        return $$(".order-list li", form).map(function (li) { return +li.getAttribute("data-item"); });
      default:
        values = $("input[type=text]", form).value.trim().slice(0, D.textMax);
        return values ? values : null;
    }
  }
  function showAnswer(q, form, r) {
    switch (q.kind) {
      case "single":
      case "multi":
        $$("input", form).forEach(function (e) { e.checked = r.indexOf(+e.value) >= 0; });
        break;
      case "match":
        $$("select", form).forEach(function (s, i) { s.value = r[i] < 0 ? "" : String(r[i]); });
        break;
      case "order":
        var list = $(".order-list", form), items = {};
        $$("li", list).forEach(function (li) { items[li.getAttribute("data-item")] = li; });
        r.forEach(function (v) { list.appendChild(items[v]); });
        markEnds(list);
        break;
      default:
        $("input[type=text]", form).value = r;
    }
  }
  function interaction(q, r, ok) {
    function item(i) { return {i: i, id: q.ids[i]}; }
    var response, correct;
    switch (q.type) {
      case "true-false":
        response = [r[0] === 0]; correct = [[q.ok[0] === 0]]; break;
      case "choice":
        response = r.map(item); correct = [q.ok.map(item)]; break;
      case "matching":
        response = r.map(function (t, s) { return [item(s), item(t)]; });
        correct = [q.ids.map(function (_, s) { return [item(s), item(s)]; })];
        break;
      case "sequencing":
        response = r.map(item); correct = [q.ids.map(function (_, i) { return item(i); })]; break;
      default:
        response = [r]; correct = q.accept.map(function (a) { return [a]; });
    }
    return {
      id: q.id, type: q.type, response: response, correct: correct, result: ok, weight: q.w,
      objective: q.obj || null, description: q.desc, lang: D.lang, time: new Date(),
      latency: Date.now() - shownAt
    };
  }
  function renderFeedback(i) {
    var q = D.questions[i], form = forms[i], s = answers[i], fb = $(".feedback", form);
    var ok = isCorrect(q, s.r), final = isFinal(i);
    var html = '<p class="result"><span class="result-icon" aria-hidden="true">' + (ok ? "✓" : "✗") +
      "</span> " + esc(ok ? ui.correct : ui.incorrect) + "</p>" + (ok ? q.fb.c : q.fb.i);
    if (q.ofb) {
      s.r.forEach(function (k) {
        if (!q.ofb[k]) return;
        var label = $("label[for='" + $$("input", form)[k].id + "']", form).textContent;
        html += '<div class="option-feedback"><p class="option-name">' + esc(label) + "</p>" + q.ofb[k] + "</div>";
      });
    }
    if (!ok) {
      html += '<p class="attempts">' + esc(final ? ui.no_attempts_left : D.maxAttempts
        ? fmt(ui.attempts_left, {n: D.maxAttempts - s.a}) : ui.try_again_unlimited) + "</p>";
      if (final && D.showCorrect) html += '<div class="solution">' + q.sol + "</div>";
    }
    fb.innerHTML = html;
    fb.className = "feedback " + (ok ? "is-correct" : "is-incorrect");
    $("fieldset", form).disabled = final;
    $(".check", form).hidden = final;
  }
  function check(i) {
    if (isFinal(i)) return;
    var q = D.questions[i], form = forms[i], fb = $(".feedback", form), r = readAnswer(q, form);
    if (!r) {
      fb.innerHTML = '<p class="result">' + esc(ui.answer_first) + "</p>";
      fb.className = "feedback is-notice";
    } else {
      answers[i] = {a: (answers[i] ? answers[i].a : 0) + 1, r: r};
      renderFeedback(i);
      adapter.interaction(interaction(q, r, isCorrect(q, r)));
      updateResults();
      persist(true);
    }
    fb.focus();
  }
  function markEnds(list) {
    var items = $$("li", list);
    items.forEach(function (li, k) {
      var b = $$("button", li);
      b[0].setAttribute("aria-disabled", String(k === 0));
      b[1].setAttribute("aria-disabled", String(k === items.length - 1));
    });
  }
  function move(form, button) {
    var li = button.closest("li"), list = li.parentNode, up = button.getAttribute("data-move") === "-1";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    var name = $(".order-text", li).textContent, live = $(".order-status", form);
    if (!other) {
      live.textContent = fmt(up ? ui.first_already : ui.last_already, {item: name});
      return;
    }
    list.insertBefore(li, up ? other : other.nextElementSibling);
    button.focus();
    markEnds(list);
    live.textContent = fmt(ui.moved, {item: name, pos: $$("li", list).indexOf(li) + 1, total: list.children.length});
  }
  function updateResults() {
    D.modules.forEach(function (m) {
      var box = $(".module-result[data-module='" + m.id + "']");
      if (!box) return;
      var t = tally(m.questions), text = ui.answer_all;
      if (t.done) {
        text = fmt(ui.score_summary, {got: num(t.got), total: num(t.total), percent: num(t.percent)});
        if (m.assessment) {
          var pass = t.percent >= D.mastery;
          text += " " + (pass ? "✓ " + ui.passed : "✗ " + ui.failed + ". " + fmt(ui.mastery_needed, {mastery: D.mastery}));
        }
      }
      $(".module-result-text", box).textContent = text;
      box.hidden = false;
    });
  }

  /* ---- Start ---- */
  function start() {
    D = JSON.parse($("#lms-data").textContent);
    ui = D.ui;
    pages = $$("main > .page:not(.extra-page)");
    extras = $$("main > .extra-page");
    forms = [];
    $$("form.question").forEach(function (f) { forms[+f.getAttribute("data-q")] = f; });
    seen = D.pages.map(function () { return false; });
    ticked = [];
    for (var k = 0; k < D.checklistItems; k++) ticked.push(false);
    answers = D.questions.map(function () { return null; });

    var factory = P.adapters[D.runtime] || function () {
      var none = function () { return {}; };
      return {start: none, save: none, interaction: none, commit: none, finish: none};
    };
    adapter = factory({data: D, ui: ui, findApi: findApi, error: lmsError, notice: notice});
    pages.concat(extras).forEach(function (p) { p.hidden = true; });
    var stored = adapter.start() || {};
    if (typeof stored.then === "function") stored.then(begin, function () { begin({}); });
    else begin(stored);
  }
  function begin(stored) {
    restoreState(stored.data);
    var wanted = D.pages.indexOf(stored.location || "");
    if (wanted < 0) wanted = D.pages.indexOf(location.hash.slice(1));

    $$("input[data-check]").forEach(function (box) {
      var n = +box.getAttribute("data-check");
      box.checked = ticked[n];
      box.addEventListener("change", function () { ticked[n] = box.checked; persist(false); });
    });
    forms.forEach(function (form, i) {
      var q = D.questions[i];
      form.addEventListener("submit", function (e) { e.preventDefault(); check(i); });
      if (q.kind === "order") {
        markEnds($(".order-list", form));
        form.addEventListener("click", function (e) {
          var b = e.target.closest("button.move");
          if (b) move(form, b);
        });
      }
      if (answers[i]) { showAnswer(q, form, answers[i].r); renderFeedback(i); }
    });
    updateResults();

    $$(".toc a[data-page]").forEach(function (a, i) {
      a.addEventListener("click", function (e) { e.preventDefault(); closeTocOnSmallScreens(); go(i, true); });
    });
    $$("a[data-extra]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); showExtra(document.getElementById(a.getAttribute("data-extra"))); });
    });
    $(".skip-link").addEventListener("click", function (e) {
      e.preventDefault();  // straight to the heading of the page shown
      reveal(extraShown || pages[current], true);
    });
    $(".pager").addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var to = b.getAttribute("data-go");
      go(current + (to === "next" ? 1 : to === "prev" ? -1 : 0), true);
    });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
    window.addEventListener("pagehide", end);
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && ended) { ended = false; adapter.start(); }  // back from the page cache
    });

    $(".pager").hidden = false;
    $(".progress").hidden = false;
    closeTocOnSmallScreens();
    current = wanted < 0 ? 0 : wanted;
    go(current, false);
    P.ready = true;
  }

  /* For tests and benchmarks. */
  P.go = function (i) { go(i, true); };
  P.status = function () { return status(); };

  document.addEventListener("DOMContentLoaded", start);
})();
