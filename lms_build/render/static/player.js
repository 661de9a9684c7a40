/* lms-build learner player: the page (DOM) side. One HTML page holds every page of a SCO; this
 * script shows one page at a time, runs practice quizzes and exams, and reports through one
 * adapter (player/adapters/<runtime>.js, registered on window.LmsAdapters) behind the
 * asynchronous contract every adapter shares:
 *
 *   start() -> Promise<{state, location, settings: {masteryScore (0..1|null), launchMode,
 *                                                   returnURL, learnerName}}>
 *   save(progress)        queued, never blocks: {location, moduleId, state, completion, success,
 *                         score: {raw, min, max, scaled}|null, modules, finished}
 *   interaction(record)   one submitted answer: {id, type, response, correctPattern, result,
 *                         weight, objective, description, latencySeconds, moduleId} (+ the
 *                         extras correctPatterns and choices, the option ids in source order)
 *   flush() -> Promise    commit now
 *   finish({unloading}) -> Promise
 *   onStatus(callback)    "saving" | "saved" | "offline" | "error", detail
 *
 * What is pure (state codec, scoring, exam rules, each question type) lives in player/core/ and
 * is tested with `node --test tests/js/`.
 */
(function () {
  "use strict";
  var P = window.LmsPlayer = window.LmsPlayer || {};
  var Core = window.LmsCore, codec = Core.codec, scoring = Core.scoring, exam = Core.exam, types = Core.types;
  var navigation = Core.navigation;
  P.errors = [];

  var COMMIT_DELAY = 1500;  // page views: at most one commit per 1.5 s
  var D, ui, adapter, lay, st, mastery = 80;
  var pages = [], extras = [], forms = [], current = 0, extraShown = null, shownAt = Date.now();
  var timer = 0, ended = false, finishedByLearner = false;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function fmt(text, values) { return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; }); }
  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function num(n) { return (Math.round(n * 100) / 100).toLocaleString(D.lang); }
  function moduleOf(i) { return D.modules[D.questions[i].mod]; }
  function isExamQuestion(i) { return moduleOf(i).exam >= 0; }
  function examOf(m) { return st.exams[D.modules[m].exam]; }

  /* ---- Progress and saving ---- */
  function progress() {
    var p = scoring.progress(D, st, current, mastery, null);
    st.position = current;
    p.state = codec.encode(lay, st);
    var finalExam = D.modules.some(function (m, k) {
      return m.exam >= 0 && scoring.examResult(D, st, k, mastery).phase === "failed-final";
    });
    p.finished = (p.completion === "completed" && p.success !== "failed") || finalExam;
    return p;
  }
  /* Saves at once; commits now for answers and results, within COMMIT_DELAY for page views. */
  function persist(now) {
    if (ended) return;
    adapter.save(progress());
    if (now) flush();
    else if (!timer) timer = setTimeout(flush, COMMIT_DELAY);
  }
  function flush() {
    clearTimeout(timer);
    timer = 0;
    if (ended) return Promise.resolve();
    adapter.save(progress());
    return adapter.flush();
  }
  function end(unloading) {
    if (ended) return Promise.resolve();
    clearTimeout(timer);
    timer = 0;
    adapter.save(progress());
    ended = true;
    return adapter.finish({unloading: unloading});
  }

  function notice(text) { $(".lms-status").textContent = text; }
  function onStatus(kind, detail) {
    if (kind === "error") {
      P.errors.push(detail);
      if (window.console) console.warn("LMS error", detail);
      notice(fmt(ui.lms_error, {code: detail.code}));
    } else if (kind === "offline") {
      notice(detail && detail.reason === "storage-missing" ? ui.storage_missing : ui.lms_missing);
    }
  }

  /* ---- Navigation ---- */
  function heading(section) { return $("h1", section); }
  function updateNav() {
    var total = D.pages.length, seenCount = st.seen.filter(Boolean).length;
    $$(".toc a[data-page]").forEach(function (a, i) {
      if (i === current && extraShown === null) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
      $(".seen-mark", a).hidden = !st.seen[i];
    });
    $(".pager-prev").disabled = current === 0;
    $(".pager-next").disabled = current === total - 1;
    $(".pager-position").textContent = fmt(ui.progress, {current: current + 1, total: total});
    $("#progress-text").textContent = fmt(ui.seen_pages, {seen: seenCount, total: total});
    $("#progress-bar").value = seenCount;
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
    st.seen[i] = true;
    shownAt = Date.now();
    reveal(pages[i], focus);
    updateNav();
    updateEnding();
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

  /* ---- Questions: reading and showing answers ---- */
  function readAnswer(q, form) {
    var values;
    switch (q.kind) {
      case "single":
      case "multi":
        values = $$("input:checked", form).map(function (e) { return +e.value; });
        return values.length ? values.sort(function (a, b) { return a - b; }) : null;
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
  /* Exam drafts keep what was given so far; a matching question may be partly answered. */
  function readDraft(q, form) {
    if (q.kind !== "match") return readAnswer(q, form);
    var values = $$("select", form).map(function (s) { return s.value === "" ? -1 : +s.value; });
    return values.some(function (v) { return v >= 0; }) ? values : null;
  }
  function showAnswer(q, form, r) {
    switch (q.kind) {
      case "single":
      case "multi":
        $$("input", form).forEach(function (e) { e.checked = !!r && r.indexOf(+e.value) >= 0; });
        break;
      case "match":
        $$("select", form).forEach(function (s, i) { s.value = !r || r[i] < 0 ? "" : String(r[i]); });
        break;
      case "order":
        if (r) arrange($(".order-list", form), "li", "data-item", r);
        markEnds($(".order-list", form));
        break;
      default:
        $("input[type=text]", form).value = r || "";
    }
  }
  /* Put the children of `parent` matched by `selector` in the order of `order` (values of attr). */
  function arrange(parent, selector, attr, order) {
    var items = {}, list = $$(selector, parent).filter(function (e) { return e.parentNode === parent; });
    if (!list.length) return;
    var anchor = list[list.length - 1].nextSibling;
    list.forEach(function (e) { items[e.getAttribute(attr)] = e; });
    order.forEach(function (v) { parent.insertBefore(items[v], anchor); });
  }

  function interaction(i, r, ok) {
    var q = D.questions[i];
    return {
      id: q.id, type: q.type, response: r === null ? "" : types[q.kind].pattern(q, r),
      correctPattern: q.cp[0], correctPatterns: q.cp, result: ok, weight: q.w,
      objective: q.obj || null, description: q.desc, moduleId: moduleOf(i).id,
      latencySeconds: Math.round((Date.now() - shownAt) / 10) / 100,
      choices: (q.ids || []).map(function (id) { return String(id).replace(/-/g, "_"); })
    };
  }

  /* ---- Feedback ---- */
  function plainStart(html) { return html.replace(/<[^>]+>/g, "").trim().toLocaleLowerCase(D.lang); }
  /* "✓ Oikein" + the author's "Oikein. ..." would say it twice: the icon joins their sentence. */
  function resultLine(ok, authorHtml) {
    var word = ok ? ui.correct : ui.incorrect, icon = '<span class="result-icon" aria-hidden="true">' + (ok ? "✓" : "✗") + "</span> ";
    var start = plainStart(authorHtml), lower = word.toLocaleLowerCase(D.lang);
    if (start.indexOf(lower) === 0 && !/[\p{L}\p{N}]/u.test(start.charAt(lower.length)) && /^<p>/.test(authorHtml)) {
      return authorHtml.replace(/^<p>/, '<p class="result">' + icon);
    }
    return '<p class="result">' + icon + esc(word) + "</p>" + authorHtml;
  }
  function wrongParts(i, r) {
    var q = D.questions[i], form = forms[i], bad = types[q.kind].wrong(q, r);
    if (!bad.length || (q.kind !== "match" && q.kind !== "order")) return "";
    var items = bad.map(function (k) {
      if (q.kind === "match") {
        var label = $("label[for='" + $$("select", form)[k].id + "']", form).textContent;
        return "<li>" + esc(fmt(ui.wrong_pair, {item: label})) + "</li>";
      }
      var li = $$(".order-list li", form).filter(function (x) { return +x.getAttribute("data-item") === r[k]; })[0];
      return "<li>" + esc(fmt(ui.wrong_position, {item: $(".order-text", li).textContent, pos: k + 1})) + "</li>";
    });
    return '<ul class="wrong-parts">' + items.join("") + "</ul>";
  }
  function feedbackHtml(i, practice) {
    var q = D.questions[i], form = forms[i], s = st.answers[i], r = s ? s.r : null;
    var ok = scoring.isCorrect(D, q, r), html = resultLine(ok, ok ? q.fb.c : q.fb.i);
    if (!ok && r !== null) html += wrongParts(i, r);
    if (q.ofb && r) {
      r.forEach(function (k) {
        if (!q.ofb[k]) return;
        var label = $("label[for='" + $$("input", form)[k].id + "']", form).textContent;
        html += '<div class="option-feedback"><p class="option-name">' + esc(label) + "</p>" + q.ofb[k] + "</div>";
      });
    }
    if (!ok && practice) {
      var final = isFinal(i);
      html += '<p class="attempts">' + esc(final ? ui.no_attempts_left : D.maxAttempts
        ? fmt(ui.attempts_left, {n: D.maxAttempts - s.a}) : ui.try_again_unlimited) + "</p>";
      if (final && D.showCorrect) html += '<div class="solution">' + q.sol + "</div>";
    } else if (!ok) {
      html += '<div class="solution">' + q.sol + "</div>";
    }
    return {html: html, ok: ok};
  }
  function setFeedback(i, html, cls) {
    var fb = $(".feedback", forms[i]);
    fb.innerHTML = html;
    fb.className = "feedback" + (cls ? " " + cls : "");
  }

  /* ---- Practice quizzes: each question checked on its own ---- */
  function isFinal(i) {
    var s = st.answers[i];
    return !!(s && s.a && (scoring.isCorrect(D, D.questions[i], s.r) || (D.maxAttempts && s.a >= D.maxAttempts)));
  }
  function renderPractice(i) {
    var f = feedbackHtml(i, true), final = isFinal(i);
    setFeedback(i, f.html, f.ok ? "is-correct" : "is-incorrect");
    $("fieldset", forms[i]).disabled = final;
    $(".check", forms[i]).hidden = final;
  }
  function check(i) {
    if (isFinal(i)) return;
    var q = D.questions[i], form = forms[i], r = readAnswer(q, form);
    if (!r) {
      setFeedback(i, '<p class="result">' + esc(ui.answer_first) + "</p>", "is-notice");
    } else {
      st.answers[i] = {a: (st.answers[i] ? st.answers[i].a : 0) + 1, r: r};
      renderPractice(i);
      adapter.interaction(interaction(i, r, scoring.isCorrect(D, q, r)));
      updateResults();
      persist(true);
    }
    $(".feedback", form).focus();
  }

  /* ---- Exams: answer everything, submit once, see the result ---- */
  function panel(m) { return $(".exam-panel[data-exam-module='" + D.modules[m].id + "']"); }
  /* Apply the attempt's seed: which questions are asked, in which option order. */
  function layoutExam(m) {
    var mod = D.modules[m], e = examOf(m), asked = scoring.examQuestions(D, st, m);
    mod.questions.forEach(function (i) {
      var q = D.questions[i], form = forms[i];
      form.hidden = asked.indexOf(i) < 0;
      if (!mod.policy.shuffle) return;
      var next = exam.random(e.seed, q.id);
      if (q.kind === "single" || q.kind === "multi") {
        if (q.type === "true-false") return;
        var box = $(".option", form).parentNode;
        arrange(box, ".option", "data-option", exam.shuffle(q.ids.length, next, q.pin));
      } else if (q.kind === "match") {
        $$("select", form).forEach(function (select) {
          var order = exam.shuffle(q.ids.length, next);
          arrange(select, "option[value]:not([value=''])", "value", order.map(String));
        });
      } else if (q.kind === "order" && !st.answers[i]) {
        arrange($(".order-list", form), "li", "data-item", types.order.start(q.ids.length, next));
        markEnds($(".order-list", form));
      }
    });
  }
  function draft(i) {
    if (examOf(moduleOf(i).index).submitted) return;
    var r = readDraft(D.questions[i], forms[i]);
    st.answers[i] = r === null ? null : {a: 0, r: r};
    updateAnswered(moduleOf(i).index);
    persist(false);
  }
  function updateAnswered(m) {
    var asked = scoring.examQuestions(D, st, m), answered = asked.filter(function (i) {
      return st.answers[i] || D.questions[i].kind === "order";  // its order as shown is an answer
    }).length;
    $(".exam-answered", panel(m)).textContent = fmt(ui.exam_answered, {answered: answered, total: asked.length});
  }
  function askSubmit(m) {
    var dialog = $(".exam-confirm", panel(m));
    updateAnswered(m);
    $(".exam-confirm-count", dialog).textContent = $(".exam-answered", panel(m)).textContent;
    dialog.showModal();
    $(".exam-confirm-no", dialog).focus();
  }
  function submit(m) {
    var e = examOf(m), asked = scoring.examQuestions(D, st, m);
    if (e.submitted || e.attempts >= D.modules[m].policy.attempts) return;
    asked.forEach(function (i) {
      // A list left in the order shown is an answer too; a partly matched pairing counts as wrong.
      var q = D.questions[i], r = st.answers[i] ? st.answers[i].r : q.kind === "order" ? readAnswer(q, forms[i]) : null;
      st.answers[i] = r === null ? null : {a: 1, r: r};
    });
    var t = scoring.tally(D, st, asked);
    e.attempts += 1;
    e.submitted = true;
    e.last = Math.round(t.percent * 10);
    asked.forEach(function (i) {
      var s = st.answers[i];
      adapter.interaction(interaction(i, s ? s.r : null, !!s && scoring.isCorrect(D, D.questions[i], s.r)));
    });
    renderExam(m);
    persist(true);
    updateEnding();
    $(".exam-results h2", panel(m)).focus();
  }
  function retake(m) {
    var e = examOf(m), mod = D.modules[m];
    if (!e.submitted || scoring.examResult(D, st, m, mastery).passed || e.attempts >= mod.policy.attempts) return;
    e.submitted = false;
    e.seed = (e.seed + 1 + exam.newSeed() % 262143) % 262144;  // never the same seed twice in a row
    mod.questions.forEach(function (i) { st.answers[i] = null; showAnswer(D.questions[i], forms[i], null); });
    layoutExam(m);
    renderExam(m);
    persist(true);
    updateEnding();
    var first = scoring.examQuestions(D, st, m)[0], page = +forms[first].closest("section.page").getAttribute("data-index");
    if (page !== current) go(page, false);
    $("h1, h2, h3, h4", forms[first]).setAttribute("tabindex", "-1");
    $("h1, h2, h3, h4", forms[first]).focus();
  }
  function renderExam(m) {
    var mod = D.modules[m], e = examOf(m), p = panel(m), r = scoring.examResult(D, st, m, mastery);
    mod.questions.forEach(function (i) {
      var form = forms[i];
      $("fieldset", form).disabled = e.submitted;
      if (e.submitted && r.revealed && r.asked.indexOf(i) >= 0) {
        var f = feedbackHtml(i, false);
        setFeedback(i, f.html, f.ok ? "is-correct" : "is-incorrect");
      } else {
        setFeedback(i, "", "");
      }
    });
    $(".exam-submit-area", p).hidden = e.submitted;
    var box = $(".exam-results", p);
    box.hidden = !e.submitted;
    updateAnswered(m);
    if (!e.submitted) return;
    var t = r.tally;
    $(".exam-score", box).textContent = fmt(ui.score_summary, {got: num(t.got), total: num(t.total), percent: num(r.score)}) +
      ". " + fmt(ui.mastery_needed, {mastery: num(mastery)});
    $(".exam-verdict", box).innerHTML = '<span aria-hidden="true">' + (r.passed ? "✓" : "✗") + "</span> " +
      esc(r.passed ? ui.passed : ui.failed);
    $(".exam-verdict", box).className = "exam-verdict " + (r.passed ? "is-correct" : "is-incorrect");
    $(".exam-attempts", box).textContent = fmt(ui.exam_attempts_used, {used: e.attempts, total: mod.policy.attempts}) +
      (r.revealed ? "" : " " + ui.exam_not_revealed);
    var missed = [];
    t.missed.forEach(function (i) {
      var obj = D.questions[i].obj;
      if (obj && missed.indexOf(obj) < 0 && D.objectives[obj]) missed.push(obj);
    });
    $(".exam-missed", box).hidden = !missed.length;
    $(".exam-missed ul", box).innerHTML = missed.map(function (id) {
      var o = D.objectives[id], links = o.teach.map(function (t) {
        return t.page === null ? esc(t.title) : '<a href="#' + esc(D.pages[t.page]) + '" data-goto="' + t.page + '">' + esc(t.title) + "</a>";
      });
      return "<li>" + esc(o.text) + (links.length ? " " + esc(ui.exam_taught_in) + " " + links.join(", ") : "") + "</li>";
    }).join("");
    $(".exam-retake", box).hidden = !r.retake;
  }

  /* ---- The last page: the truth about the result, and a Finish button ---- */
  function updateEnding() {
    var box = $(".course-end");
    if (!box) return;
    var text, m = -1;
    D.modules.forEach(function (mod, k) { if (mod.exam >= 0) m = k; });
    if (m < 0) {
      text = fmt(ui.seen_pages, {seen: st.seen.filter(Boolean).length, total: D.pages.length});
    } else {
      var r = scoring.examResult(D, st, m, mastery), v = {percent: num(r.score || 0), mastery: num(mastery), n: r.left};
      text = {"not-attempted": ui.end_not_attempted, "retaking": ui.end_retaking, "passed": fmt(ui.end_passed, v),
        "failed-attempts-left": fmt(ui.end_failed_left, v), "failed-final": fmt(ui.end_failed_final, v)}[r.phase];
    }
    $(".course-end-status", box).textContent = text;
  }
  function finishByLearner() {
    if (finishedByLearner) return;
    finishedByLearner = true;
    var button = $(".course-end .finish");
    button.disabled = true;
    end(false).then(function () {
      $(".course-end .finish-done").textContent = ui.finished;
    });
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
    if ($("fieldset", form).disabled) return;
    if (!other) {
      live.textContent = fmt(up ? ui.first_already : ui.last_already, {item: name});
      return;
    }
    list.insertBefore(li, up ? other : other.nextElementSibling);
    button.focus();
    markEnds(list);
    live.textContent = fmt(ui.moved, {item: name, pos: $$("li", list).indexOf(li) + 1, total: list.children.length});
    var i = +form.getAttribute("data-q");
    if (isExamQuestion(i)) draft(i);
  }
  function updateResults() {
    D.modules.forEach(function (m) {
      var box = $(".module-result[data-module='" + m.id + "']");
      if (!box) return;
      if (m.exam >= 0) { box.hidden = true; return; }  // the exam panel shows the result
      var t = scoring.tally(D, st, m.questions), text = ui.answer_all;
      if (t.done) text = fmt(ui.score_summary, {got: num(t.got), total: num(t.total), percent: num(t.percent)});
      $(".module-result-text", box).textContent = text;
      box.hidden = false;
    });
  }

  /* ---- Start ---- */
  function start() {
    D = JSON.parse($("#lms-data").textContent);
    ui = D.ui;
    D.modules.forEach(function (m, k) { m.index = k; });
    lay = {pageKeys: D.pageKeys, checklists: D.checklists, examKeys: D.examKeys,
      questions: D.questions.map(function (q) { return {key: q.key, kind: q.kind, n: q.kind === "text" ? 1 : q.ids.length}; })};
    pages = $$("main > .page:not(.extra-page)");
    extras = $$("main > .extra-page");
    pages.forEach(function (p, i) { p.setAttribute("data-index", i); });
    forms = [];
    $$("form.question").forEach(function (f) { forms[+f.getAttribute("data-q")] = f; });
    pages.concat(extras).forEach(function (p) { p.hidden = true; });

    var factory = (window.LmsAdapters || {})[D.runtime];
    adapter = factory ? factory({data: D, findApi: findApi}) : null;
    if (!adapter) {
      var none = function () { return Promise.resolve(); };
      adapter = {start: function () { return Promise.resolve({state: null, location: null, settings: {}}); },
        save: function () {}, interaction: function () {}, flush: none, finish: none, onStatus: function () {}};
    }
    adapter.onStatus(onStatus);
    adapter.start().then(begin, function () { begin({state: null, location: null, settings: {}}); });
  }
  function begin(stored) {
    var settings = stored.settings || {};
    if (typeof settings.masteryScore === "number") mastery = Math.round(settings.masteryScore * 10000) / 100;
    else mastery = D.mastery;
    var restored = codec.decode(lay, stored.state);
    st = restored || codec.empty(lay);
    st.exams = st.exams.map(function (e) { return e || {attempts: 0, submitted: false, seed: exam.newSeed(), last: null}; });
    var wanted = navigation.resumeIndex(D.pages, stored.location, restored ? restored.position : null, location.hash);

    $$("input[data-check]").forEach(function (box) {
      var n = +box.getAttribute("data-check");
      box.checked = st.ticked[n];
      box.addEventListener("change", function () { st.ticked[n] = box.checked; persist(false); });
    });
    forms.forEach(function (form, i) {
      var q = D.questions[i], inExam = isExamQuestion(i);
      $$(".option", form).forEach(function (o) { o.setAttribute("data-option", $("input", o).value); });
      form.addEventListener("submit", function (e) { e.preventDefault(); if (!inExam) check(i); });
      if (q.kind === "order") {
        markEnds($(".order-list", form));
        form.addEventListener("click", function (e) {
          var b = e.target.closest("button.move");
          if (b) move(form, b);
        });
      }
      if (inExam) {
        var button = $(".check", form);
        if (button) button.parentNode.removeChild(button);  // nothing is checked before submitting
        form.addEventListener("change", function () { draft(i); });
        form.addEventListener("input", function () { draft(i); });
      }
      if (st.answers[i]) showAnswer(q, form, st.answers[i].r);
      if (!inExam && st.answers[i]) renderPractice(i);
    });
    D.modules.forEach(function (mod, m) {
      if (mod.exam < 0) return;
      var p = panel(m);
      layoutExam(m);
      renderExam(m);
      $(".exam-submit", p).addEventListener("click", function () { askSubmit(m); });
      var dialog = $(".exam-confirm", p);
      $(".exam-confirm-yes", dialog).addEventListener("click", function () { dialog.close(); submit(m); });
      $(".exam-confirm-no", dialog).addEventListener("click", function () { dialog.close(); $(".exam-submit", p).focus(); });
      $(".exam-retake", p).addEventListener("click", function () { retake(m); });
      p.addEventListener("click", function (e) {
        var a = e.target.closest("a[data-goto]");
        if (a) { e.preventDefault(); go(+a.getAttribute("data-goto"), true); }
      });
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
      go(navigation.step(current, b.getAttribute("data-go"), pages.length), true);
    });
    var finish = $(".course-end .finish");
    if (finish) finish.addEventListener("click", finishByLearner);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
    window.addEventListener("pagehide", function () { end(true); });  // the safety net
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && ended && !finishedByLearner) { ended = false; adapter.start(); }  // back from the page cache
    });

    $(".pager").hidden = false;
    $(".progress").hidden = false;
    closeTocOnSmallScreens();
    current = wanted;
    go(current, false);
    P.ready = true;
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

  /* For tests and benchmarks. */
  P.go = function (i) { go(i, true); };
  P.status = function () { return progress(); };
  P.state = function () { return st; };
  P.mastery = function () { return mastery; };

  document.addEventListener("DOMContentLoaded", start);
})();
