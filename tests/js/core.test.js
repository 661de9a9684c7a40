/* Unit tests of the player's pure core (node --test tests/js/): the state codec, scoring and
   progress, exam rules and each question kind. The same files run in the browser. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const CORE = path.join(__dirname, "..", "..", "lms_build", "render", "static", "core");
const codec = require(path.join(CORE, "codec.js"));
const exam = require(path.join(CORE, "exam.js"));
const scoring = require(path.join(CORE, "scoring.js"));
const choice = require(path.join(CORE, "types", "choice.js"));
const match = require(path.join(CORE, "types", "match.js"));
const order = require(path.join(CORE, "types", "order.js"));
const text = require(path.join(CORE, "types", "text.js"));

const LAYOUT = {
  pageKeys: ["AAA", "BBB", "CCC"], checklists: [{key: "KKK", n: 3}], examKeys: ["EEE"],
  questions: [{key: "Q01", kind: "single", n: 2}, {key: "Q02", kind: "multi", n: 3},
    {key: "Q03", kind: "match", n: 2}, {key: "Q04", kind: "order", n: 3}, {key: "Q05", kind: "text", n: 1}]
};

function sampleState() {
  const st = codec.empty(LAYOUT);
  st.position = 2; st.seen = [true, false, true]; st.ticked = [false, true, true];
  st.exams = [{attempts: 1, submitted: true, seed: 12345, last: 625}];
  st.answers = [{a: 2, r: [1]}, {a: 0, r: [0, 2]}, {a: 1, r: [1, -1]}, {a: 1, r: [2, 0, 1]}, {a: 3, r: "Åbo .*€"}];
  return st;
}

test("codec: a state round-trips", () => {
  const st = sampleState();
  assert.deepEqual(codec.decode(LAYOUT, codec.encode(LAYOUT, st)), st);
});

test("codec: fields and keys as documented in state.py", () => {
  const encoded = codec.encode(LAYOUT, sampleState());
  const fields = encoded.split(".");
  assert.equal(fields[0], "2");
  assert.equal(fields[2], "AAABBBCCC");
  assert.equal(fields[4].slice(0, 4), "KKK3");
  assert.equal(fields.length, 6 + 5);
  assert.ok(/^[\x20-\x7e]*$/.test(encoded));
});

test("codec: a state of another format is refused, not misread", () => {
  assert.equal(codec.decode(LAYOUT, "1zzzz.F.1........."), null);
  assert.equal(codec.decode(LAYOUT, ""), null);
  assert.equal(codec.decode(LAYOUT, "2.00.AAA.Z!..."), null);
});

test("codec: a new version keeps what still exists and lands on the nearest page", () => {
  const encoded = codec.encode(LAYOUT, sampleState());
  const next = {
    pageKeys: ["AAA", "BBB", "DDD"], checklists: [{key: "KKK", n: 3}], examKeys: ["EEE"],
    questions: [{key: "Q02", kind: "multi", n: 3}, {key: "QNW", kind: "single", n: 2}, {key: "Q05", kind: "text", n: 1}]
  };
  const st = codec.decode(next, encoded);
  assert.deepEqual(st.seen, [true, false, false]);  // CCC is gone
  assert.equal(st.position, 1);  // CCC was last: the nearest page left is BBB
  assert.deepEqual(st.answers, [{a: 0, r: [0, 2]}, null, {a: 3, r: "Åbo .*€"}]);
  assert.deepEqual(st.ticked, [false, true, true]);
  assert.equal(st.exams[0].seed, 12345);
});

test("codec: nearest prefers the page that took the removed one's place", () => {
  assert.equal(codec.nearest(["A", "B", "C"], 1, {A: 0, C: 1}), 1);
  assert.equal(codec.nearest(["A", "B", "C"], 2, {A: 0}), 0);
  assert.equal(codec.nearest(["A"], 0, {}), 0);
});

test("exam: the same seed gives the same order; pinned options stay put", () => {
  const a = exam.shuffle(6, exam.random(42, "q1"), [5]);
  const b = exam.shuffle(6, exam.random(42, "q1"), [5]);
  assert.deepEqual(a, b);
  assert.equal(a[5], 5);
  assert.deepEqual(a.slice().sort(), [0, 1, 2, 3, 4, 5]);
  const orders = new Set();
  for (let seed = 0; seed < 40; seed++) orders.add(exam.shuffle(5, exam.random(seed, "q1")).join());
  assert.ok(orders.size > 10, "seeds give different orders");
});

test("exam: draw takes N questions of the pool, in source order, per seed", () => {
  const pool = [10, 11, 12, 13, 14, 15];
  const drawn = exam.drawn(pool, 3, 7);
  assert.equal(drawn.length, 3);
  assert.deepEqual(drawn, drawn.slice().sort((x, y) => x - y));
  assert.deepEqual(exam.drawn(pool, 3, 7), drawn);
  assert.deepEqual(exam.drawn(pool, null, 7), pool);
});

test("exam: reveal rules", () => {
  assert.equal(exam.revealed("never", true, 0), false);
  assert.equal(exam.revealed("after-pass", false, 0), false);
  assert.equal(exam.revealed("after-pass", true, 1), true);
  assert.equal(exam.revealed("after-last-attempt", false, 1), false);
  assert.equal(exam.revealed("after-last-attempt", false, 0), true);
  assert.equal(exam.revealed("after-last-attempt", true, 1), true);
});

test("types: choice, true/false, matching, ordering, short text", () => {
  assert.ok(choice.correct({ok: [0, 2]}, [2, 0]));
  assert.ok(!choice.correct({ok: [0, 2]}, [0]));
  assert.equal(choice.pattern({type: "choice", ids: ["a", "b-c", "d"]}, [2, 1]), "b_c[,]d");
  assert.equal(choice.pattern({type: "true-false", ids: ["true", "false"]}, [1]), "false");
  const pairs = {ids: ["a", "b", "c"]};
  assert.ok(match.correct(pairs, [0, 1, 2]));
  assert.deepEqual(match.wrong(pairs, [1, 0, 2]), [0, 1]);
  assert.equal(match.pattern(pairs, [1, -1, 2]), "a[.]b[,]c[.]c");
  const items = {ids: ["x", "y", "z"]};
  assert.deepEqual(order.wrong(items, [0, 2, 1]), [1, 2]);
  assert.equal(order.pattern(items, [2, 0, 1]), "z[,]x[,]y");
  for (let seed = 0; seed < 20; seed++) assert.notDeepEqual(order.start(3, exam.random(seed, "o")), [0, 1, 2]);
  assert.ok(text.correct({accept: ["Kuntatutor"]}, "  kuntaTUTOR ", "fi"));
  assert.equal(text.pattern({}, "{a[,]b"), "a b");
});

function course() {
  return {
    lang: "fi", assessment: true, completion: "all-pages-and-assessment", pages: ["p1", "p2"], pageModule: ["m1", "m2"],
    modules: [{id: "m1", exam: -1, pages: [0], questions: [0]},
      {id: "m2", exam: 0, pages: [1], questions: [1, 2], policy: {attempts: 2, reveal: "never", shuffle: true, draw: null}}],
    questions: [{kind: "single", ok: [0], w: 1, ids: ["a", "b"]}, {kind: "single", ok: [1], w: 1, ids: ["a", "b"]},
      {kind: "multi", ok: [0, 1], w: 3, ids: ["a", "b", "c"]}]
  };
}

test("scoring: an exam scores only its submitted attempt, weighted", () => {
  const D = course(), st = codec.empty({pageKeys: ["A", "B"], checklists: [], examKeys: ["E"], questions: D.questions});
  st.exams[0] = {attempts: 0, submitted: false, seed: 1, last: null};
  st.answers = [{a: 1, r: [1]}, {a: 0, r: [1]}, {a: 0, r: [0, 1]}];  // drafts do not count
  assert.equal(scoring.examResult(D, st, 1, 80).phase, "not-attempted");
  assert.equal(scoring.progress(D, st, 0, 80, "").score, null);
  st.answers[1].a = 1; st.answers[2].a = 1;
  st.exams[0] = {attempts: 1, submitted: true, seed: 1, last: 1000};
  st.seen = [true, true];
  const p = scoring.progress(D, st, 1, 80, "x");
  assert.deepEqual([p.completion, p.success, p.score.raw, p.location], ["completed", "passed", 100, "p2"]);
  assert.equal(p.modules.m1.score, 0);  // practice: its own tally
});

test("scoring: a failed exam with attempts left, then none", () => {
  const D = course(), st = codec.empty({pageKeys: ["A", "B"], checklists: [], examKeys: ["E"], questions: D.questions});
  st.answers = [null, {a: 1, r: [1]}, {a: 1, r: [2]}];
  st.exams[0] = {attempts: 1, submitted: true, seed: 1, last: 250};
  let r = scoring.examResult(D, st, 1, 80);
  assert.deepEqual([r.phase, r.left, r.retake, r.score, r.tally.percent], ["failed-attempts-left", 1, true, 25, 25]);
  st.exams[0].attempts = 2;
  r = scoring.examResult(D, st, 1, 80);
  assert.deepEqual([r.phase, r.retake], ["failed-final", false]);
  assert.equal(scoring.progress(D, st, 1, 80, "").success, "failed");
});

const navigation = require(path.join(CORE, "navigation.js"));

test("navigation: resume at the stored location, else the carried position, else the #fragment", () => {
  const pages = ["a", "b", "c"];
  assert.equal(navigation.resumeIndex(pages, "c", 1, "#b"), 2);
  assert.equal(navigation.resumeIndex(pages, "gone", 1, "#c"), 1);  // the page was removed
  assert.equal(navigation.resumeIndex(pages, null, null, "#c"), 2);
  assert.equal(navigation.resumeIndex(pages, null, 7, ""), 0);
});

test("navigation: previous and next stay within the course", () => {
  assert.equal(navigation.step(0, "prev", 3), 0);
  assert.equal(navigation.step(0, "next", 3), 1);
  assert.equal(navigation.step(2, "next", 3), 2);
  assert.equal(navigation.step(1, "back", 3), 1);
});
