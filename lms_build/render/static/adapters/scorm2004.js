/* SCORM 2004 (4th edition) adapter: window.API_1484_11 found by the standard search. Implements
   the adapter contract described at the top of player.js. Every call's error code is checked
   (GetLastError) and reported through onStatus without stopping the learner; reading a value
   that was never set (403) is expected on a first launch and not an error. Values are written
   only when they change. One interaction per question: a new submission of the same question
   updates its record (found by id on resume), which keeps what Moodle posts on every commit
   small. Responses are SCORM 2004 patterns of option ids ("-" written "_", which Moodle's short
   identifiers require); results "correct"/"incorrect". */
(function () {
  "use strict";
  var A = window.LmsAdapters = window.LmsAdapters || {};

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  /* ISO 8601 duration, e.g. PT1H2M3.25S */
  function duration(ms) {
    var cs = Math.round(ms / 10);
    return "PT" + Math.floor(cs / 360000) + "H" + Math.floor(cs / 6000) % 60 + "M" + ((cs % 6000) / 100).toFixed(2) + "S";
  }
  /* Local time without zone or fraction: the form every LMS parses. */
  function timestamp(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  A.scorm2004 = function (kit) {
    var api = null, live = false, review = false, wasCompleted = false, listeners = [];
    var written = {}, ids = {}, count = 0, started = Date.now(), lang = kit.data.lang;

    function status(kind, detail) { listeners.forEach(function (cb) { cb(kind, detail); }); }
    function call(name, element, value) {
      var result = value === undefined ? api[name](element || "") : api[name](element, value);
      var code = String(api.GetLastError());
      if (code !== "0" && code !== "" && !(name === "GetValue" && code === "403")) {
        status("error", {call: name, element: element, value: value, code: code,
          message: String(api.GetErrorString(code)), diagnostic: String(api.GetDiagnostic(code))});
      }
      return String(result);
    }
    function get(element) { return call("GetValue", element); }
    function set(element, value) {
      value = String(value);
      if (written[element] === value) return;
      if (call("SetValue", element, value) === "true") written[element] = value;
    }
    function save(p) {
      if (!live || review) return;
      var completed = p.completion === "completed";
      set("cmi.suspend_data", p.state);
      set("cmi.location", p.location);
      if (completed || !wasCompleted) set("cmi.completion_status", p.completion);
      if (p.success !== "unknown") set("cmi.success_status", p.success);
      set("cmi.progress_measure", p.progressMeasure === undefined ? (completed ? 1 : 0) : p.progressMeasure);
      if (p.score) {
        set("cmi.score.min", "0");
        set("cmi.score.max", "100");
        set("cmi.score.raw", p.score.raw);
        set("cmi.score.scaled", Math.round(p.score.raw * 100) / 10000);
      }
      set("cmi.exit", p.finished ? "normal" : "suspend");
    }

    return {
      start: function () {
        api = kit.findApi("API_1484_11");
        var none = {state: null, location: null, settings: {masteryScore: null, launchMode: "Normal", returnURL: null, learnerName: null}};
        if (!api) { status("offline", {reason: "lms-missing"}); return Promise.resolve(none); }
        live = call("Initialize", "") === "true";
        if (!live) return Promise.resolve(none);
        var mode = get("cmi.mode");
        review = mode === "review";
        var completion = get("cmi.completion_status");
        wasCompleted = completion === "completed";
        if (!review && (completion === "not attempted" || completion === "unknown")) set("cmi.completion_status", "incomplete");
        count = parseInt(get("cmi.interactions._count"), 10) || 0;
        for (var n = 0; n < count; n++) ids[get("cmi.interactions." + n + ".id")] = n;
        var passing = parseFloat(get("cmi.scaled_passing_score"));
        var settings = {masteryScore: isNaN(passing) ? null : passing,
          launchMode: mode === "review" ? "Review" : mode === "browse" ? "Browse" : "Normal",
          returnURL: null, learnerName: get("cmi.learner_name") || null};
        if (get("cmi.entry") === "ab-initio") return Promise.resolve({state: null, location: null, settings: settings});
        return Promise.resolve({state: get("cmi.suspend_data") || null, location: get("cmi.location") || null, settings: settings});
      },
      save: save,
      interaction: function (rec) {
        if (!live || review) return;
        var n = ids[rec.id], fresh = n === undefined;
        if (fresh) n = ids[rec.id] = count++;
        var p = "cmi.interactions." + n + ".";
        if (fresh) {
          set(p + "id", rec.id);
          set(p + "type", rec.type);
          if (rec.objective) set(p + "objectives.0.id", rec.objective);
          (rec.correctPatterns || [rec.correctPattern]).forEach(function (c, k) {
            set(p + "correct_responses." + k + ".pattern", c);
          });
          set(p + "weighting", rec.weight);
          set(p + "description", "{lang=" + lang + "}" + rec.description);
        }
        set(p + "timestamp", timestamp(new Date()));
        if (rec.response !== "") set(p + "learner_response", rec.response);
        set(p + "result", rec.result ? "correct" : "incorrect");
        set(p + "latency", duration(rec.latencySeconds * 1000));
      },
      flush: function () {
        if (!live) return Promise.resolve();
        status("saving");
        if (call("Commit", "") === "true") status("saved");
        return Promise.resolve();
      },
      finish: function () {
        if (!live) return Promise.resolve();
        if (!review) set("cmi.session_time", duration(Date.now() - started));
        call("Commit", "");
        call("Terminate", "");
        live = false;
        return Promise.resolve();
      },
      onStatus: function (callback) { listeners.push(callback); }
    };
  };
})();
