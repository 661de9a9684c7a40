/* The shared xAPI core (lms_build/render/static/adapters/xapi-core.js) under `node --test`. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const X = require("../../lms_build/render/static/adapters/xapi-core.js");

function memoryStorage() {
  const data = {};
  return {
    getItem: (k) => (k in data ? data[k] : null),
    setItem: (k, v) => { data[k] = String(v); },
    removeItem: (k) => { delete data[k]; },
    data
  };
}
/* A fake LRS for fetch: answers from a script of responses ("ok", "network", a status number). */
function fakeFetch(script) {
  const calls = [];
  const fn = (url, init) => {
    calls.push({url, init, body: init.body ? JSON.parse(init.body) : null});
    const next = script.length ? script.shift() : "ok";
    if (next === "network") return Promise.reject(new TypeError("Failed to fetch"));
    const status = next === "ok" ? 200 : next;
    return Promise.resolve({ok: status < 300, status, text: () => Promise.resolve(status < 300 ? "[]" : "refused")});
  };
  fn.calls = calls;
  return fn;
}
function manualTimers() {
  const pending = [];
  return {
    setTimeout: (f, ms) => { pending.push({f, ms}); return pending.length; },
    clearTimeout: () => {},
    pending,
    runNext: () => { const t = pending.shift(); t.f(); return t.ms; }
  };
}
const actor = {objectType: "Agent", account: {homePage: "https://lms.example.fi", name: "u1"}};
function statement(n) {
  return new X.StatementFactory({actor, registration: "6a1b1f4e-2d47-4c4c-9d0b-5f8f9c1e2a3b"})
    .make("experienced", X.activity("https://example.org/p/" + n));
}

test("launch parameters are read in any order and URL-decoded (cmi5 8.1.0.0-7, 8.1.0.0-8)", () => {
  const a = X.parseQuery("?registration=r%2F1&endpoint=https%3A%2F%2Flrs.example.fi%2FxAPI%2F&actor=%7B%22name%22%3A%22A%20B%22%7D");
  const b = X.parseQuery("actor=%7B%22name%22%3A%22A%20B%22%7D&endpoint=https%3A%2F%2Flrs.example.fi%2FxAPI%2F&registration=r%2F1");
  assert.deepEqual(a, b);
  assert.equal(a.endpoint, "https://lrs.example.fi/xAPI/");
  assert.equal(JSON.parse(a.actor).name, "A B");
});

test("durations are ISO 8601 without padding, as the Python side writes them", () => {
  assert.equal(X.duration(0), "PT0S");
  assert.equal(X.duration(5250), "PT5.25S");
  assert.equal(X.duration(3600000), "PT1H");
  assert.equal(X.duration(3723500), "PT1H2M3.5S");
  assert.equal(X.duration(60000), "PT1M");
});

test("timestamps are UTC with Z (cmi5 9.7.0.0-2) and ids are UUIDs (9.1.0.0-1)", () => {
  const s = statement(1);
  assert.match(s.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(s.id, statement(1).id);
});

test("cmi5 defined statements keep the contextTemplate and add the categories and session id", () => {
  const template = {contextActivities: {grouping: [{id: "https://example.org/au/1", objectType: "Activity"}]},
    extensions: {[X.SESSION_EXTENSION]: "session-1"}};
  const factory = new X.StatementFactory({actor, registration: "r", sessionId: "session-1", contextTemplate: template,
    masteryScore: 0.8, language: "sv-FI"});
  const passed = factory.make("passed", X.activity("https://lms/au/1"), {cmi5: true,
    result: {success: true, score: {scaled: 0.9}, duration: "PT1M"}});
  assert.deepEqual(passed.context.contextActivities.grouping, template.contextActivities.grouping);
  assert.deepEqual(passed.context.contextActivities.category.map((c) => c.id), [X.CMI5_CATEGORY, X.MOVEON_CATEGORY]);
  assert.equal(passed.context.extensions[X.SESSION_EXTENSION], "session-1");
  assert.equal(passed.context.extensions[X.MASTERY_EXTENSION], 0.8);
  const initialized = factory.make("initialized", X.activity("https://lms/au/1"), {cmi5: true});
  assert.deepEqual(initialized.context.contextActivities.category.map((c) => c.id), [X.CMI5_CATEGORY]);
  const answered = factory.make("answered", X.activity("https://example.org/q/1"), {result: {success: true}});
  assert.equal(answered.context.contextActivities.category, undefined, "cmi5 allowed: no cmi5 category (9.6.2.2-2)");
  assert.equal(answered.context.extensions[X.SESSION_EXTENSION], "session-1");
  assert.equal(template.contextActivities.category, undefined, "the template itself is never changed");
});

test("the queue is persisted: a new page finds what the last one did not send", () => {
  const storage = memoryStorage();
  const q = new X.Queue(storage, "k");
  q.push(statement(1));
  q.push(statement(2));
  const again = new X.Queue(storage, "k");
  assert.equal(again.size(), 2);
  again.drop([again.items[0].id]);
  assert.equal(new X.Queue(storage, "k").size(), 1);
});

test("statements go in batches and leave the queue when the LRS stored them", async () => {
  const fetch = fakeFetch([]), timers = manualTimers(), statuses = [];
  const queue = new X.Queue(memoryStorage(), "k");
  const sender = new X.Sender({lrs: new X.Lrs({endpoint: "https://lrs/xAPI", auth: "Basic abc", fetch}), queue,
    batchSize: 2, onStatus: (k) => statuses.push(k), ...timers});
  for (let n = 0; n < 5; n++) queue.push(statement(n));
  await sender.flush();
  assert.deepEqual(fetch.calls.map((c) => c.body.length), [2, 2, 1]);
  assert.equal(fetch.calls[0].url, "https://lrs/xAPI/statements");
  assert.equal(fetch.calls[0].init.headers.Authorization, "Basic abc");
  assert.equal(fetch.calls[0].init.headers["X-Experience-API-Version"], "1.0.3");
  assert.equal(queue.size(), 0);
  assert.deepEqual(statuses, ["saving", "saved"]);
});

test("a network error or 5xx keeps the batch and retries it with the same ids and growing backoff", async () => {
  const fetch = fakeFetch(["network", 503, "ok"]), timers = manualTimers(), statuses = [];
  const queue = new X.Queue(memoryStorage(), "k");
  const sender = new X.Sender({lrs: new X.Lrs({endpoint: "https://lrs/xAPI/", fetch}), queue, random: () => 0.5,
    onStatus: (k) => statuses.push(k), ...timers});
  queue.push(statement(1));
  queue.push(statement(2));
  await sender.flush();
  assert.equal(queue.size(), 2);
  assert.equal(timers.pending.length, 1);
  const first = timers.runNext();
  await sender.running;
  const second = timers.runNext();
  await sender.running;
  assert.ok(second > first, `backoff grows: ${first} then ${second}`);
  assert.equal(queue.size(), 0);
  const ids = fetch.calls.map((c) => c.body.map((s) => s.id).join());
  assert.equal(new Set(ids).size, 1, "every attempt sends the very same statement ids");
  assert.deepEqual(statuses, ["saving", "offline", "saving", "offline", "saving", "saved"]);
});

test("a statement the LRS refuses (400) is found, dropped and reported; the others arrive", async () => {
  const fetch = fakeFetch([400, "ok", 400, "ok"]), timers = manualTimers(), statuses = [];
  const queue = new X.Queue(memoryStorage(), "k");
  const sender = new X.Sender({lrs: new X.Lrs({endpoint: "https://lrs/", fetch}), queue,
    onStatus: (k, d) => statuses.push([k, d && d.code]), ...timers});
  for (let n = 0; n < 3; n++) queue.push(statement(n));
  const bad = queue.items[1].id;
  await sender.flush();
  assert.equal(queue.size(), 0);
  assert.deepEqual(fetch.calls.map((c) => c.body.length), [3, 1, 1, 1]);
  assert.ok(statuses.some(([k, code]) => k === "error" && code === "400"));
  assert.equal(fetch.calls[2].body[0].id, bad);
});

test("refused credentials (401) keep the statements and report an error", async () => {
  const fetch = fakeFetch([401]), statuses = [];
  const queue = new X.Queue(memoryStorage(), "k");
  const sender = new X.Sender({lrs: new X.Lrs({endpoint: "https://lrs/", fetch}), queue,
    onStatus: (k) => statuses.push(k), ...manualTimers()});
  queue.push(statement(1));
  await sender.flush();
  assert.equal(queue.size(), 1);
  assert.ok(statuses.includes("error"));
});

test("at close the rest goes with keepalive in bodies under 64 KB", async () => {
  const fetch = fakeFetch([]);
  const queue = new X.Queue(memoryStorage(), "k");
  const sender = new X.Sender({lrs: new X.Lrs({endpoint: "https://lrs/", fetch}), queue, ...manualTimers()});
  const big = "x".repeat(1000);
  for (let n = 0; n < 150; n++) {
    const s = statement(n);
    s.result = {response: big};
    queue.push(s);
  }
  await sender.flushAtClose();
  assert.ok(fetch.calls.length >= 3);
  for (const call of fetch.calls) {
    assert.equal(call.init.keepalive, true);
    assert.ok(call.init.body.length < 64 * 1024, `body of ${call.init.body.length} bytes`);
  }
  assert.equal(fetch.calls.reduce((n, c) => n + c.body.length, 0), 150);
  assert.equal(queue.size(), 0);
});
