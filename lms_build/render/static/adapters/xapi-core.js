/* Shared xAPI core of the Tin Can and cmi5 adapters: launch parameters, a statement builder and
 * an LRS client whose statements are never lost.
 *
 * Delivery: every statement gets its UUID when it is made and goes into a queue persisted in
 * localStorage (it survives a reload or a crash). The queue is sent in batches; a network error,
 * a 5xx or a 429 keeps the batch and retries it with exponential backoff (1 s .. 60 s) with the
 * same statement ids, so an LRS that stored a batch whose answer was lost ignores the copy (xAPI:
 * a statement id is stored once). At page close the rest goes with fetch(..., {keepalive: true})
 * (sendBeacon cannot send an Authorization header), in bodies under the 64 KB keepalive limit.
 * A 4xx other than 429 means the LRS refuses the statement itself: a batch is split to find it,
 * and that one statement is dropped and reported as an "error" status, never retried forever.
 *
 * Statuses for the quiet status line: "saving" while sending, "saved" when the queue is empty,
 * "offline" while retrying, "error" for a refused statement or credentials.
 *
 * A classic script (window.LmsXapi) that also loads under `node --test` (module.exports). */
(function (root, factory) {
  var core = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  else root.LmsXapi = core;
})(typeof window !== "undefined" ? window : this, function () {
  "use strict";

  var ADL = "http://adlnet.gov/expapi/verbs/";
  var CMI5 = "https://w3id.org/xapi/cmi5/";
  var VERBS = {
    launched: {"en-US": "launched", "fi-FI": "käynnisti", "sv-FI": "startade"},
    initialized: {"en-US": "initialized", "fi-FI": "aloitti", "sv-FI": "påbörjade"},
    experienced: {"en-US": "experienced", "fi-FI": "tutustui", "sv-FI": "tog del av"},
    answered: {"en-US": "answered", "fi-FI": "vastasi", "sv-FI": "svarade"},
    completed: {"en-US": "completed", "fi-FI": "suoritti", "sv-FI": "slutförde"},
    passed: {"en-US": "passed", "fi-FI": "läpäisi", "sv-FI": "godkändes i"},
    failed: {"en-US": "failed", "fi-FI": "ei läpäissyt", "sv-FI": "underkändes i"},
    terminated: {"en-US": "terminated", "fi-FI": "lopetti", "sv-FI": "avslutade"}
  };
  var CMI5_CATEGORY = CMI5 + "context/categories/cmi5";
  var MOVEON_CATEGORY = CMI5 + "context/categories/moveon";
  var SESSION_EXTENSION = CMI5 + "context/extensions/sessionid";
  var MASTERY_EXTENSION = CMI5 + "context/extensions/masteryscore";
  var VERSION = "1.0.3";
  var KEEPALIVE_LIMIT = 60000;  // bytes per keepalive body (browsers allow 64 KB in flight)

  /* ---- small pure helpers ---- */
  function uuid(cryptoObj) {
    var c = cryptoObj || (typeof crypto !== "undefined" ? crypto : null);
    if (c && c.randomUUID) return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  /* ISO 8601 duration without padding, hundredths at most: PT1H2M3.5S, PT0S (as lms_build.xapi). */
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    var out = "PT" + (h ? h + "H" : "") + (m ? m + "M" : "");
    return out + (s || out === "PT" ? String(Math.round(s * 100) / 100) + "S" : "");
  }
  function timestamp(date) { return (date || new Date()).toISOString(); }  // UTC with Z (cmi5 9.7.0.0-2)
  /* Launch parameters, in any order (cmi5 8.1.0.0-7); values are URL-encoded (8.1.0.0-8). */
  function parseQuery(search) {
    var out = {};
    String(search || "").replace(/^\?/, "").split("&").forEach(function (part) {
      if (!part) return;
      var k = part.indexOf("="), name = k < 0 ? part : part.slice(0, k), value = k < 0 ? "" : part.slice(k + 1);
      try {
        out[decodeURIComponent(name.replace(/\+/g, " "))] = decodeURIComponent(value.replace(/\+/g, " "));
      } catch (e) { /* a malformed pair is ignored */ }
    });
    return out;
  }
  function origin(url) {
    var m = /^(https?:\/\/[^/?#]+)/i.exec(String(url || ""));
    return m ? m[1].toLowerCase() : null;
  }
  function withSlash(url) { return /\/$/.test(url) ? url : url + "/"; }
  /* A second, stricter CSP added before the first request: the page's static policy allows any
   * http(s) origin (the LRS is only known at launch); both policies are enforced, so from now on
   * only the package itself and these origins can be reached. */
  function restrictConnections(doc, urls) {
    if (!doc || !doc.head) return;
    var origins = [];
    urls.forEach(function (u) { var o = origin(u); if (o && origins.indexOf(o) < 0) origins.push(o); });
    var meta = doc.createElement("meta");
    meta.setAttribute("http-equiv", "Content-Security-Policy");
    meta.setAttribute("content", "connect-src 'self' " + origins.join(" "));
    doc.head.appendChild(meta);
  }
  function languageTag(lang) { return {fi: "fi-FI", sv: "sv-FI", en: "en-GB"}[lang] || lang; }

  /* ---- statements ---- */
  /* options: {actor, registration, language, platform, sessionId, contextTemplate, masteryScore} */
  function StatementFactory(options) {
    this.o = options;
  }
  StatementFactory.prototype.make = function (verb, object, extra) {
    extra = extra || {};
    var o = this.o, template = o.contextTemplate || {};
    var context = JSON.parse(JSON.stringify(template));  // never overwrite template values (cmi5 10.2.1.0-7)
    context.registration = o.registration;
    if (o.language) context.language = o.language;
    context.platform = o.platform || "lms-build";
    var ca = context.contextActivities = context.contextActivities || {};
    function add(kind, id) {
      if (!id) return;
      ca[kind] = ca[kind] || [];
      if (!ca[kind].some(function (a) { return a.id === id; })) ca[kind].push({id: id, objectType: "Activity"});
    }
    if (extra.parent) add("parent", extra.parent);
    (extra.grouping || []).forEach(function (id) { add("grouping", id); });
    if (extra.cmi5) {
      add("category", CMI5_CATEGORY);
      if (extra.result && (extra.result.success !== undefined || extra.result.completion !== undefined)) {
        add("category", MOVEON_CATEGORY);
      }
    }
    if (!Object.keys(ca).length) delete context.contextActivities;
    var ext = context.extensions || {};
    if (o.sessionId) ext[SESSION_EXTENSION] = o.sessionId;
    if (extra.cmi5 && (verb === "passed" || verb === "failed") && typeof o.masteryScore === "number") {
      ext[MASTERY_EXTENSION] = o.masteryScore;
    }
    if (Object.keys(ext).length) context.extensions = ext; else delete context.extensions;
    var statement = {
      id: uuid(),
      actor: o.actor,
      verb: {id: ADL + verb, display: VERBS[verb]},
      object: object,
      context: context,
      timestamp: timestamp(extra.time)
    };
    if (extra.result) statement.result = extra.result;
    return statement;
  };
  /* An activity object from a catalogue entry ({id, definition}) or a bare IRI. */
  function activity(entry) {
    if (typeof entry === "string") return {objectType: "Activity", id: entry};
    var out = {objectType: "Activity", id: entry.id};
    if (entry.definition) out.definition = entry.definition;
    return out;
  }
  function score(s) {
    if (!s) return null;
    var out = {};
    ["scaled", "raw", "min", "max"].forEach(function (k) {
      if (typeof s[k] === "number" && isFinite(s[k])) out[k] = Math.round(s[k] * 10000) / 10000;
    });
    if (out.scaled !== undefined) out.scaled = Math.max(-1, Math.min(1, out.scaled));
    return Object.keys(out).length ? out : null;
  }

  /* ---- persistent queue ---- */
  function Queue(storage, key) {
    this.storage = storage;
    this.key = key;
    this.items = [];
    try {
      var saved = storage && JSON.parse(storage.getItem(key) || "[]");
      if (Array.isArray(saved)) this.items = saved;
    } catch (e) { this.items = []; }
  }
  Queue.prototype.save = function () {
    if (!this.storage) return;
    try {
      if (this.items.length) this.storage.setItem(this.key, JSON.stringify(this.items));
      else this.storage.removeItem(this.key);
    } catch (e) { /* storage full or blocked: the statements stay in memory */ }
  };
  Queue.prototype.push = function (statement) { this.items.push(statement); this.save(); };
  Queue.prototype.take = function (n) { return this.items.slice(0, n); };
  Queue.prototype.drop = function (ids) {
    var gone = {};
    ids.forEach(function (id) { gone[id] = true; });
    this.items = this.items.filter(function (s) { return !gone[s.id]; });
    this.save();
  };
  Queue.prototype.size = function () { return this.items.length; };

  /* ---- the LRS ---- */
  /* options: {endpoint, auth, fetch} */
  function Lrs(options) {
    this.endpoint = withSlash(options.endpoint);
    this.auth = options.auth;
    this.fetch = options.fetch;
  }
  Lrs.prototype.request = function (method, resource, params, body, keepalive) {
    var qs = Object.keys(params || {}).filter(function (k) { return params[k] !== undefined && params[k] !== null; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
    var headers = {"X-Experience-API-Version": VERSION};
    if (this.auth) headers.Authorization = this.auth;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var init = {method: method, headers: headers, cache: "no-store"};
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (keepalive) init.keepalive = true;
    return this.fetch(this.endpoint + resource + (qs ? "?" + qs : ""), init);
  };
  /* A document of the State or Agent Profile API; null when absent (404) or when the LRS has no
   * such resource (Ralph answers only statements). */
  Lrs.prototype.getDocument = function (resource, params) {
    return this.request("GET", resource, params).then(function (r) {
      if (r.status === 404 || r.status === 204) return null;
      if (!r.ok) { var e = new Error("HTTP " + r.status); e.status = r.status; throw e; }
      return r.text().then(function (t) { return t ? JSON.parse(t) : null; });
    });
  };
  Lrs.prototype.putDocument = function (resource, params, value, keepalive) {
    return this.request("PUT", resource, params, value, keepalive).then(function (r) {
      if (!r.ok) { var e = new Error("HTTP " + r.status); e.status = r.status; throw e; }
      return r;
    });
  };

  /* ---- delivery ---- */
  /* options: {lrs, queue, onStatus, setTimeout, clearTimeout, batchSize, random} */
  function Sender(options) {
    this.lrs = options.lrs;
    this.queue = options.queue;
    var report = options.onStatus || function () {}, self = this;
    this.last = null;
    this.emit = function (kind, detail) {  // a quiet status line: "saving" once per run of sends
      if (kind === self.last && kind === "saving") return;
      self.last = kind;
      report(kind, detail);
    };
    // wrapped: window.setTimeout called as a method of another object throws "Illegal invocation"
    this.setTimeout = options.setTimeout || function (f, ms) { return setTimeout(f, ms); };
    this.clearTimeout = options.clearTimeout || function (t) { clearTimeout(t); };
    this.batchSize = options.batchSize || 50;
    this.random = options.random || Math.random;
    this.failures = 0;
    this.timer = null;
    this.running = null;
    this.stopped = false;
  }
  Sender.prototype.enqueue = function (statement) {
    this.queue.push(statement);
    this.schedule(0);
  };
  Sender.prototype.schedule = function (delay) {
    var self = this;
    if (this.timer !== null || this.stopped) return;
    this.timer = this.setTimeout(function () { self.timer = null; self.flush(); }, delay);
  };
  Sender.prototype.backoff = function () {
    var base = Math.min(60000, 1000 * Math.pow(2, Math.min(this.failures, 6)));
    return Math.round(base * (0.75 + this.random() * 0.5));
  };
  /* Sends until the queue is empty or the LRS cannot be reached; never rejects. */
  Sender.prototype.flush = function () {
    var self = this;
    if (this.running) return this.running;
    if (!this.queue.size()) return Promise.resolve();
    if (this.timer !== null) { this.clearTimeout(this.timer); this.timer = null; }
    this.emit("saving");
    this.running = this.sendNext().then(function (ok) {
      self.running = null;
      if (ok && self.queue.size()) return self.flush();
      if (ok) self.emit("saved");
      return undefined;
    });
    return this.running;
  };
  Sender.prototype.post = function (batch, keepalive) {
    return this.lrs.request("POST", "statements", null, JSON.stringify(batch), keepalive);
  };
  /* One batch; resolves true when the queue may go on, false to wait for a retry. */
  Sender.prototype.sendNext = function () {
    var self = this, batch = this.queue.take(this.batchSize);
    return this.post(batch).then(function (response) {
      var status = response.status;
      if (response.ok) {
        self.failures = 0;
        self.queue.drop(batch.map(function (s) { return s.id; }));
        return true;
      }
      if (status >= 500 || status === 429 || status === 408) return self.retry({status: status});
      if (status === 401 || status === 403) {
        self.emit("error", {code: String(status), message: "the LRS refused the credentials"});
        return false;  // kept: a relaunch with fresh credentials sends them
      }
      if (batch.length > 1) {  // find the statement the LRS refuses: send one at a time
        self.batchSize = 1;
        return true;
      }
      return response.text().then(function (text) {
        self.emit("error", {code: String(status), message: text.slice(0, 300), statement: batch[0].id});
        self.queue.drop([batch[0].id]);
        self.batchSize = self.batchSize === 1 ? 50 : self.batchSize;
        return true;
      });
    }, function (error) {
      return self.retry({reason: String(error && error.message || error)});
    });
  };
  Sender.prototype.retry = function (detail) {
    this.failures += 1;
    this.emit("offline", detail);
    this.schedule(this.backoff());
    return false;
  };
  /* At page close: everything left, in keepalive requests that outlive the page. Statements stay
   * in the persisted queue until an answer says they arrived, so a reload sends what was lost
   * (with the same ids: nothing is stored twice). */
  Sender.prototype.flushAtClose = function () {
    var self = this, items = this.queue.items.slice(), chunks = [], chunk = [], size = 2;
    this.stopped = true;
    if (this.timer !== null) { this.clearTimeout(this.timer); this.timer = null; }
    items.forEach(function (s) {
      var n = JSON.stringify(s).length + 1;
      if (chunk.length && size + n > KEEPALIVE_LIMIT) { chunks.push(chunk); chunk = []; size = 2; }
      chunk.push(s);
      size += n;
    });
    if (chunk.length) chunks.push(chunk);
    return Promise.all(chunks.map(function (c) {
      return self.post(c, true).then(function (r) {
        if (r.ok) self.queue.drop(c.map(function (s) { return s.id; }));
      }, function () { /* the page is going away: the queue keeps them for the next launch */ });
    }));
  };

  return {
    VERBS: VERBS, CMI5_CATEGORY: CMI5_CATEGORY, MOVEON_CATEGORY: MOVEON_CATEGORY,
    SESSION_EXTENSION: SESSION_EXTENSION, MASTERY_EXTENSION: MASTERY_EXTENSION, VERSION: VERSION,
    uuid: uuid, duration: duration, timestamp: timestamp, parseQuery: parseQuery, origin: origin,
    restrictConnections: restrictConnections, languageTag: languageTag, activity: activity, score: score,
    StatementFactory: StatementFactory, Queue: Queue, Lrs: Lrs, Sender: Sender
  };
});

/* ---- the adapter both protocols share (browser only) ----
 * LmsXapi.adapter(kit, launch) implements the player's adapter contract. `launch(env)` is the
 * protocol's part (Tin Can: tincan.js, cmi5: cmi5.js): it reads the launch, and resolves to
 * {lrs, factory (StatementFactory), object (activity of initialized/completed/passed/terminated),
 *  cmi5 (bool), launchMode, masteryScore, returnURL, learnerName, stateParams, queueKey,
 *  localKey (localStorage fallback for the state, or null), onTerminated (optional)}. */
(function (root) {
  "use strict";
  var X = root.LmsXapi;
  if (!X || typeof document === "undefined") return;
  var STATE_ID = "https://w3id.org/xapi/lms-build/state";

  X.adapter = function (kit, launch) {
    var listeners = [], s = null, catalogue = {}, started = Date.now(), ended = false;
    var last = null, lastLocation = null, reported = {completed: false, passed: false, result: null};
    var sessionPassFail = false, lastSuccess = null;
    var stateDirty = false, localOnly = false;
    function emit(kind, detail) { listeners.forEach(function (cb) { try { cb(kind, detail); } catch (e) { /* a listener's bug */ } }); }
    function storage() { try { return window.localStorage; } catch (e) { return null; } }
    function normal() { return s && s.launchMode === "Normal"; }
    function send(verb, object, extra) {
      if (!s || ended) return;
      s.sender.enqueue(s.factory.make(verb, object, extra));
    }
    function entry(key) { return catalogue[key] ? X.activity(catalogue[key]) : null; }
    function sessionTime() { return X.duration(Date.now() - started); }
    function loadCatalogue() {
      return fetch("xapi/activities.json", {cache: "no-store"}).then(function (r) { return r.json(); })
        .then(function (doc) { doc.activities.forEach(function (a) { catalogue[a.key] = a; }); },
          function () { /* statements still carry ids; names come from the LRS's own activities */ });
    }
    function readState() {
      var local = s.localKey && storage();
      function fromLocal() {
        localOnly = !!local;
        try { return local ? JSON.parse(local.getItem(s.localKey) || "null") : null; } catch (e) { return null; }
      }
      return s.lrs.getDocument("activities/state", s.stateParams).then(function (doc) {
        return doc || (s.localKey ? fromLocal() : null);
      }, function () { return fromLocal(); });
    }
    function stateDocument() {
      return {v: 1, state: last ? last.state : null, location: last ? last.location : null, reported: reported};
    }
    function writeState(keepalive) {
      if (!s || !stateDirty || !normal()) return Promise.resolve();
      stateDirty = false;
      var doc = stateDocument(), local = s.localKey && storage();
      if (local) { try { local.setItem(s.localKey, JSON.stringify(doc)); } catch (e) { /* full */ } }
      if (localOnly) return Promise.resolve();
      return s.lrs.putDocument("activities/state", s.stateParams, doc, keepalive).then(null, function (e) {
        if (e && (e.status === 404 || e.status === 400 || e.status === 405 || e.status === 501) && s.localKey) {
          localOnly = true;  // an LRS without the State API (e.g. Ralph): the browser keeps it
          return;
        }
        stateDirty = true;
        emit("offline", {reason: "state"});
      });
    }
    function results(progress) {
      if (!normal()) return;  // Browse and Review record no satisfaction data (cmi5 10.2.2.0-2, -3)
      var extra = {cmi5: s.cmi5, grouping: s.grouping};
      if (progress.completion === "completed" && !reported.completed) {
        reported.completed = true;
        send("completed", s.object, {cmi5: s.cmi5, grouping: s.grouping,
          result: {completion: true, duration: sessionTime()}});
      }
      var success = progress.success, changed = success !== lastSuccess;
      lastSuccess = success;  // a result restored from the saved state was reported in its own session
      if ((success === "passed" || success === "failed") && changed && !reported.passed && !sessionPassFail) {
        sessionPassFail = true;  // at most one of passed/failed per session (cmi5 9.3.0.0-3)
        reported.result = success;
        if (success === "passed") reported.passed = true;  // never passed twice, never failed after (9.3.0.0-7, -8)
        var result = {success: success === "passed", duration: sessionTime()}, sc = X.score(progress.score);
        if (sc) result.score = sc;
        extra.result = result;
        send(success, s.object, extra);
      }
    }

    return {
      start: function () {
        started = Date.now();
        ended = false;
        return Promise.resolve().then(function () {
          return launch({kit: kit, emit: emit, storage: storage()});
        }).then(function (launched) {
          s = launched;
          s.sender = new X.Sender({lrs: s.lrs, queue: new X.Queue(storage(), s.queueKey), onStatus: emit});
          return Promise.all([loadCatalogue(), readState()]);
        }).then(function (loaded) {
          var doc = loaded[1] || {};
          if (doc.reported) {
            reported = {completed: !!doc.reported.completed, passed: !!doc.reported.passed, result: doc.reported.result || null};
          }
          lastSuccess = reported.result;
          lastLocation = doc.location || null;
          send("initialized", s.object, {cmi5: s.cmi5, grouping: s.grouping});
          s.sender.flush();
          return {state: doc.state || null, location: doc.location || null,
            settings: {masteryScore: typeof s.masteryScore === "number" ? s.masteryScore : null,
              launchMode: s.launchMode, returnURL: s.returnURL || null, learnerName: s.learnerName || null}};
        }, function (error) {
          emit("error", {code: "launch", message: String(error && error.message || error)});
          throw error;
        });
      },
      save: function (progress) {
        if (!s || ended) return;
        last = progress;
        stateDirty = true;
        if (progress.location && progress.location !== lastLocation && normal()) {
          lastLocation = progress.location;
          var page = entry(progress.location), module = entry(progress.moduleId);
          if (page) send("experienced", page, {parent: module && module.id, grouping: s.grouping});
        }
        results(progress);
      },
      interaction: function (record) {
        if (!s || ended || !normal()) return;
        var question = entry(record.id), module = entry(record.moduleId);
        if (!question) return;
        var result = {success: !!record.result, response: String(record.response)};
        if (typeof record.latencySeconds === "number") result.duration = X.duration(record.latencySeconds * 1000);
        send("answered", question, {parent: module && module.id, grouping: s.grouping, result: result});
      },
      flush: function () {
        if (!s) return Promise.resolve();
        return writeState(false).then(function () { return s.sender.flush(); });
      },
      finish: function (options) {
        if (!s || ended) return Promise.resolve();
        var unloading = !!(options && options.unloading);
        if (last) results(last);
        stateDirty = stateDirty || !!last;
        send("terminated", s.object, {cmi5: s.cmi5, grouping: s.grouping, result: {duration: sessionTime()}});
        ended = true;
        var done = unloading ? Promise.all([writeState(true), s.sender.flushAtClose()])
          : writeState(false).then(function () { return s.sender.flush(); });
        return done.then(function () {
          if (!unloading && s.onTerminated) s.onTerminated();
        });
      },
      onStatus: function (callback) { listeners.push(callback); }
    };
  };
})(typeof window !== "undefined" ? window : this);
