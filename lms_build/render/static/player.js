/* lms-build learner player: the page (DOM) side. A SCO's launch page holds the shell and its
 * first page; every other page, and the course data (navigation, scoring, state, table of
 * contents), are classic scripts under pages/<launch>/ loaded on demand (core/pages.js). This
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
  P.pagesLoaded = [];  // the pages loaded from their own files, in order (for tests)

  var COMMIT_DELAY = 1500;  // page views: at most one commit per 1.5 s
  var D, ui, adapter, lay, st, mastery = 80, loader, begun = false, queued = [];
  var sections = [], extras = {}, forms = [], tocLinks = [], current = 0, extraShown = null, shownAt = Date.now();
  var timer = 0, ended = false, finishedByLearner = false, navigationCount = 0;

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

  /* ---- Loading pages ---- */
  function inject(url, done) {
    var script = document.createElement("script");
    script.src = url;
    script.onload = function () { script.remove(); done(null); };
    script.onerror = function () { script.remove(); done(new Error("not loaded")); };
    document.head.appendChild(script);
  }
  /* Put a page's HTML in place (hidden) and wire it: its forms, checklists, exam panel. */
  function insertPage(html, questions) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var section = holder.firstElementChild;
    section.hidden = true;
    $("main").insertBefore(section, $(".pager"));
    Object.keys(questions || {}).forEach(function (i) { Object.assign(D.questions[+i], questions[i]); });
    return section;
  }
  /* A page that could not be loaded says so where it would have been (never a blank). */
  function errorSection(id, title, error) {
    var section = document.createElement("section");
    section.className = "page page-error";
    section.id = id;
    section.setAttribute("data-error", "");
    section.hidden = true;
    section.innerHTML = '<h1 tabindex="-1">' + esc(title) + '</h1><p class="page-error-text" role="alert"></p>';
    $(".page-error-text", section).textContent = fmt(ui.page_missing, {file: error.file || D.folder + id + ".js"});
    $("main").insertBefore(section, $(".pager"));
    if (window.console) console.warn("lms-build player:", error.message);
    return section;
  }
  /* The section of page i, loading its file the first time. */
  function pageSection(i) {
    var known = sections[i];
    if (known && !known.hasAttribute("data-error")) return Promise.resolve(known);
    if (known) { known.parentNode.removeChild(known); sections[i] = null; }  // try the file again
    return loader.load(D.pages[i]).then(function (entry) {
      if (sections[i]) return sections[i];
      var section = insertPage(entry.html, entry.questions);
      sections[i] = section;
      P.pagesLoaded.push(D.pages[i]);
      wirePage(section);
      return section;
    }, function (error) {
      if (sections[i]) return sections[i];
      sections[i] = errorSection(D.pages[i], D.toc.titles[i], error);
      return sections[i];
    });
  }
  /* Every page of module m (an exam's submit and results need all its questions). */
  function ensureModule(m) {
    return Promise.all(D.modules[m].pages.map(pageSection));
  }

  /* ---- Navigation ---- */
  function heading(section) { return $("h1", section); }
  function buildToc() {
    var seen = '<span class="seen-mark" hidden><span aria-hidden="true"> ✓</span><span class="vh"> (' + esc(ui.seen) + ")</span></span>";
    $(".toc-modules").innerHTML = D.modules.map(function (m, k) {
      return '<li><span class="toc-module">' + esc(D.toc.modules[k]) + '</span><ol class="toc-pages">' +
        m.pages.map(function (i) {
          return '<li><a href="#' + esc(D.pages[i]) + '" data-page="' + esc(D.pages[i]) + '">' + esc(D.toc.titles[i]) + seen + "</a></li>";
        }).join("") + "</ol></li>";
    }).join("");
    tocLinks = $$(".toc a[data-page]");
    tocLinks.forEach(function (a, i) {
      $(".seen-mark", a).hidden = !st.seen[i];
      a.addEventListener("click", function (e) { e.preventDefault(); closeTocOnSmallScreens(); go(i, true); });
    });
  }
  var marked = -1;
  function updateNav() {
    var total = D.pages.length, seenCount = st.seen.filter(Boolean).length;
    var now = extraShown === null ? current : -1;
    if (marked >= 0 && marked !== now) tocLinks[marked].removeAttribute("aria-current");
    if (now >= 0) tocLinks[now].setAttribute("aria-current", "page");
    marked = now;
    $(".seen-mark", tocLinks[current]).hidden = !st.seen[current];
    $(".pager-prev").disabled = current === 0;
    $(".pager-next").disabled = current === total - 1;
    $(".pager-position").textContent = fmt(ui.progress, {current: current + 1, total: total});
    $("#progress-text").textContent = fmt(ui.seen_pages, {seen: seenCount, total: total});
    $("#progress-bar").value = seenCount;
    var title = extraShown === null ? heading(sections[current]) : heading(extraShown);
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
  /* Show page i (loading it first if need be); resolves once it is shown. When the learner asks
     for another page while one loads, the last request wins. */
  function go(i, focus) {
    if (i < 0 || i >= D.pages.length) return Promise.resolve();
    var ticket = ++navigationCount;
    return settle(pageSection(i).then(function (section) {
      if (ticket !== navigationCount) return;
      show(i, section, focus);
      if (i + 1 < D.pages.length) pageSection(i + 1);  // the next page is there before it is asked for
      var m = D.modules.findIndex(function (mod) { return mod.pages.indexOf(i) >= 0; });
      if (m >= 0 && D.modules[m].exam >= 0) ensureModule(m);  // ready before the learner submits
    }));
  }
  /* P.loading counts the page changes under way (tests wait for 0 after a click). */
  function settle(promise) {
    P.loading = (P.loading || 0) + 1;
    return promise.then(function () { P.loading -= 1; }, function (error) { P.loading -= 1; throw error; });
  }
  function show(i, section, focus) {
    if (extraShown) { extraShown.hidden = true; extraShown = null; togglePager(false); }
    if (sections[current]) sections[current].hidden = true;
    current = i;
    st.seen[i] = true;
    shownAt = Date.now();
    reveal(section, focus);
    updateNav();
    updateEnding();
    persist(false);
  }
  function showExtra(id) {
    var ticket = ++navigationCount;
    var found = extras[id] ? Promise.resolve(extras[id]) : loader.load(id).then(function (entry) {
      extras[id] = extras[id] || insertPage(entry.html, null);
      if (window.LmsWorksheets) window.LmsWorksheets.attach(extras[id]);
      return extras[id];
    }, function (error) {
      var link = $("a[data-extra='" + id + "']"), old = document.getElementById(id);
      if (old) old.parentNode.removeChild(old);  // an earlier failure: say it again
      return errorSection(id, link ? link.textContent : id, error);
    });
    return settle(found.then(function (section) {
      if (ticket !== navigationCount) return;
      sections[current].hidden = true;
      if (extraShown) extraShown.hidden = true;
      extraShown = section;
      togglePager(true);
      reveal(section, true);
      updateNav();
    }));
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
      if (!form) return;  // on a page not loaded yet: laid out when it loads
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
    if (!panel(m)) return;
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
      var q = D.questions[i], r = st.answers[i] ? st.answers[i].r : q.kind === "order" && forms[i] ? readAnswer(q, forms[i]) : null;
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
    mod.questions.forEach(function (i) { st.answers[i] = null; if (forms[i]) showAnswer(D.questions[i], forms[i], null); });
    layoutExam(m);
    renderExam(m);
    persist(true);
    updateEnding();
    var first = scoring.examQuestions(D, st, m)[0];
    if (!forms[first]) return;
    var page = +forms[first].closest("section.page").getAttribute("data-index");
    (page !== current ? go(page, false) : Promise.resolve()).then(function () {
      $("h1, h2, h3, h4", forms[first]).setAttribute("tabindex", "-1");
      $("h1, h2, h3, h4", forms[first]).focus();
    });
  }
  function renderExam(m) {
    var mod = D.modules[m], e = examOf(m), p = panel(m), r = scoring.examResult(D, st, m, mastery);
    mod.questions.forEach(function (i) {
      var form = forms[i];
      if (!form) return;
      $("fieldset", form).disabled = e.submitted;
      if (e.submitted && r.revealed && r.asked.indexOf(i) >= 0) {
        var f = feedbackHtml(i, false);
        setFeedback(i, f.html, f.ok ? "is-correct" : "is-incorrect");
      } else {
        setFeedback(i, "", "");
      }
    });
    if (!p) return;  // the panel's page is not loaded yet
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

  /* ---- Start: the first page shows at once; the course data and the adapter's state follow ---- */
  function start() {
    D = JSON.parse($("#lms-data").textContent);
    ui = D.ui;
    loader = window.LmsPages = Core.pages.createLoader({base: D.folder, inject: inject});
    sections[0] = $("main > .page");
    // An answer checked before the course data is there is checked once it is (not lost).
    document.addEventListener("submit", function (e) {
      if (begun) return;
      e.preventDefault();
      if (queued.indexOf(e.target) < 0) queued.push(e.target);
    }, true);
    P.firstPage = true;
    P.firstPageFiles = [location.href].concat(performance.getEntriesByType("resource").map(function (r) { return r.name; }));

    var factory = (window.LmsAdapters || {})[D.runtime];
    adapter = factory ? factory({data: D, findApi: findApi}) : null;
    if (!adapter) {
      var none = function () { return Promise.resolve(); };
      adapter = {start: function () { return Promise.resolve({state: null, location: null, settings: {}}); },
        save: function () {}, interaction: function () {}, flush: none, finish: none, onStatus: function () {}};
    }
    adapter.onStatus(onStatus);
    var stored = adapter.start().then(null, function () { return {state: null, location: null, settings: {}}; });
    Promise.all([stored, loader.load(D.courseData)]).then(function (got) { begin(got[0], got[1]); }, function (error) {
      notice(fmt(ui.page_missing, {file: error.file || D.folder + D.courseData + ".js"}));
      if (window.console) console.warn("lms-build player:", error.message);
    });
  }
  function begin(stored, course) {
    var first = D.firstQuestions;
    Object.keys(course).forEach(function (key) { D[key] = course[key]; });  // the adapter holds D too
    Object.keys(first).forEach(function (i) { Object.assign(D.questions[+i], first[i]); });
    D.modules.forEach(function (m, k) { m.index = k; });
    lay = {pageKeys: D.pageKeys, checklists: D.checklists, examKeys: D.examKeys,
      questions: D.questions.map(function (q) { return {key: q.key, kind: q.kind, n: q.kind === "text" ? 1 : q.ids.length}; })};
    var settings = stored.settings || {};
    if (typeof settings.masteryScore === "number") mastery = Math.round(settings.masteryScore * 10000) / 100;
    else mastery = D.mastery;
    var restored = codec.decode(lay, stored.state);
    st = restored || codec.empty(lay);
    st.exams = st.exams.map(function (e) { return e || {attempts: 0, submitted: false, seed: exam.newSeed(), last: null}; });
    var wanted = navigation.resumeIndex(D.pages, stored.location, restored ? restored.position : null, location.hash);

    buildToc();
    $$("a[data-extra]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); showExtra(a.getAttribute("data-extra")); });
    });
    $(".skip-link").addEventListener("click", function (e) {
      e.preventDefault();  // straight to the heading of the page shown
      reveal(extraShown || sections[current], true);
    });
    $(".pager").addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      go(navigation.step(current, b.getAttribute("data-go"), D.pages.length), true);
    });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
    window.addEventListener("pagehide", function () { end(true); });  // the safety net
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && ended && !finishedByLearner) { ended = false; adapter.start(); }  // back from the page cache
    });

    wirePage(sections[0]);
    begun = true;
    queued.splice(0).forEach(function (form) {
      var i = +form.getAttribute("data-q");
      if (!isExamQuestion(i)) check(i);
    });
    $(".pager").hidden = false;
    $(".progress").hidden = false;
    closeTocOnSmallScreens();
    // the first page stays in view until the page to resume at is there
    go(wanted, false).then(function () { return wanted + 1 < D.pages.length && pageSection(wanted + 1); })
      .then(function () { P.ready = true; });
  }
  /* Wire a page just put in place: checklists, question forms, an exam panel, the Finish button. */
  function wirePage(section) {
    $$("input[data-check]", section).forEach(function (box) {
      var n = +box.getAttribute("data-check");
      if (box.checked && !st.ticked[n]) st.ticked[n] = true;  // ticked before the state was there
      box.checked = st.ticked[n];
      box.addEventListener("change", function () { st.ticked[n] = box.checked; persist(false); });
    });
    var exams = [];
    $$("form.question", section).forEach(function (form) {
      var i = +form.getAttribute("data-q"), q = D.questions[i], inExam = isExamQuestion(i);
      forms[i] = form;
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
        if (exams.indexOf(moduleOf(i).index) < 0) exams.push(moduleOf(i).index);
      }
      if (st.answers[i]) showAnswer(q, form, st.answers[i].r);
      if (!inExam && st.answers[i]) renderPractice(i);
    });
    $$(".exam-panel", section).forEach(function (p) {
      var m = D.modules.findIndex(function (mod) { return mod.id === p.getAttribute("data-exam-module"); });
      if (exams.indexOf(m) < 0) exams.push(m);
      $(".exam-submit", p).addEventListener("click", function () { askSubmit(m); });
      var dialog = $(".exam-confirm", p);
      $(".exam-confirm-yes", dialog).addEventListener("click", function () {
        dialog.close();
        settle(ensureModule(m).then(function () { submit(m); }));
      });
      $(".exam-confirm-no", dialog).addEventListener("click", function () { dialog.close(); $(".exam-submit", p).focus(); });
      $(".exam-retake", p).addEventListener("click", function () { retake(m); });
      p.addEventListener("click", function (e) {
        var a = e.target.closest("a[data-goto]");
        if (a) { e.preventDefault(); go(+a.getAttribute("data-goto"), true); }
      });
    });
    exams.forEach(function (m) { layoutExam(m); renderExam(m); });
    var finish = $(".course-end .finish", section);
    if (finish) finish.addEventListener("click", finishByLearner);
    if (window.LmsWorksheets) window.LmsWorksheets.attach(section);
    updateResults();
    updateEnding();
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
  P.go = function (i) { return go(i, true); };  // resolves once the page is shown
  P.pageCount = function () { return D.pages ? D.pages.length : D.total; };
  P.data = function () { return D; };
  P.status = function () { return progress(); };
  P.state = function () { return st; };
  P.mastery = function () { return mastery; };

  document.addEventListener("DOMContentLoaded", start);
})();
