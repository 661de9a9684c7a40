/* Scoring and the result the LMS gets (the adapter contract's progress object). Pure: it reads
   the course data (#lms-data JSON) and the learner state (see codec.js). */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) {
    var choice = require("./types/choice.js");
    module.exports = factory({single: choice, multi: choice, match: require("./types/match.js"),
      order: require("./types/order.js"), text: require("./types/text.js")}, require("./exam.js"));
  } else {
    var C = window.LmsCore = window.LmsCore || {};
    C.scoring = factory(C.types, C.exam);
  }
})(function (types, exam) {
  "use strict";
  function round2(n) { return Math.round(n * 100) / 100; }
  function isCorrect(D, q, r) { return r !== null && r !== undefined && types[q.kind].correct(q, r, D.lang); }

  /* The questions an exam asks in its current attempt. */
  function examQuestions(D, st, m) {
    var mod = D.modules[m], e = st.exams[mod.exam];
    return exam.drawn(mod.questions, mod.policy.draw, e ? e.seed : 0);
  }
  /* Weighted points of some questions; done when each has an answer that counts (checked, or
     submitted in an exam). */
  function tally(D, st, indexes) {
    var t = {total: 0, got: 0, done: indexes.length > 0, missed: []};
    indexes.forEach(function (i) {
      var q = D.questions[i], s = st.answers[i];
      t.total += q.w;
      if (!s || !s.a) { t.done = false; t.missed.push(i); } else if (isCorrect(D, q, s.r)) t.got += q.w;
      else t.missed.push(i);
    });
    t.percent = t.total ? round2(100 * t.got / t.total) : 0;
    return t;
  }
  /* The state of an exam module: "not attempted", "answering", or a submitted result. */
  function examResult(D, st, m, mastery) {
    var mod = D.modules[m], e = st.exams[mod.exam] || {attempts: 0, submitted: false, seed: 0, last: null};
    var asked = examQuestions(D, st, m), left = mod.policy.attempts - e.attempts;
    var r = {attempts: e.attempts, left: left, submitted: e.submitted, asked: asked,
      score: e.last === null ? null : e.last / 10};
    r.passed = r.score !== null && r.score >= mastery;
    if (e.submitted) {
      var t = tally(D, st, asked);
      r.tally = t;
      r.revealed = exam.revealed(mod.policy.reveal, r.passed, left);
      r.retake = !r.passed && left > 0;
    }
    r.phase = e.attempts === 0 && !e.submitted ? "not-attempted" : r.passed ? "passed"
      : e.submitted ? (left > 0 ? "failed-attempts-left" : "failed-final") : "retaking";
    return r;
  }
  /* What goes to the LMS: adapter contract `progress` plus `seen` for the player's own use. */
  function progress(D, st, current, mastery, state) {
    var seenCount = st.seen.filter(Boolean).length, allSeen = seenCount === D.pages.length;
    var score = null, success = "unknown", modules = {};
    D.modules.forEach(function (mod, m) {
      var pagesSeen = mod.pages.every(function (p) { return st.seen[p]; });
      var entry = {completion: pagesSeen ? "completed" : "incomplete", success: "unknown", score: null};
      if (mod.exam >= 0) {
        var r = examResult(D, st, m, mastery);
        if (r.score !== null) {
          entry.score = r.score;
          entry.success = r.passed ? "passed" : "failed";
          score = r.score; success = entry.success;
        }
      } else if (mod.questions.length) {
        var t = tally(D, st, mod.questions);
        if (t.done) entry.score = t.percent;
      }
      modules[mod.id] = entry;
    });
    if (!D.assessment) {  // a SCO without the assessment reports its practice score
      var all = tally(D, st, D.questions.map(function (_, i) { return i; }));
      score = all.done ? all.percent : null;
    }
    var completed = !D.assessment || D.completion === "all-pages" ? allSeen
      : D.completion === "assessment" ? success === "passed" : allSeen && success === "passed";
    return {
      location: D.pages[current], moduleId: D.pageModule[current], state: state,
      completion: completed ? "completed" : "incomplete", success: success,
      score: score === null ? null : {raw: score, min: 0, max: 100, scaled: round2(score) / 100},
      modules: modules, seen: seenCount,
      progressMeasure: completed ? 1 : Math.min(0.99, round2(seenCount / D.pages.length))
    };
  }
  return {isCorrect: isCorrect, tally: tally, examQuestions: examQuestions, examResult: examResult,
    progress: progress, types: types};
});
