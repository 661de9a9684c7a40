/* SCORM 1.2 adapter: window.API found by the standard search (parent chain, then opener).
   Implements the adapter contract described at the top of player.js. Every call's error code is
   checked (LMSGetLastError) and reported through onStatus without stopping the learner. Values
   are written only when they change. Interactions are a journal, as SCORM 1.2 intends (its
   interaction elements are write-only): each submitted answer appends one record, whose id is the
   question id. Responses arrive as SCORM 2004 patterns of option ids and are written in SCORM
   1.2's formats: single characters a-z, 0-9 (the option's place in the source, never on screen),
   "t"/"f", "a.b" matching pairs; results "correct"/"wrong". */
(function () {
  "use strict";
  var A = window.LmsAdapters = window.LmsAdapters || {};
  var LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }
  /* CMITimespan HHHH:MM:SS.SS */
  function timespan(ms) {
    var cs = Math.round(ms / 10), s = (cs % 6000) / 100;
    return pad(Math.min(9999, Math.floor(cs / 360000)), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) +
      ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }
  function clock(date) {
    return [date.getHours(), date.getMinutes(), date.getSeconds()].map(function (n) { return pad(n, 2); }).join(":");
  }
  /* A SCORM 2004 pattern of option ids in SCORM 1.2's format. */
  function response(rec, pattern) {
    function letter(id) { var i = rec.choices.indexOf(id); return i < 0 ? id : LETTERS.charAt(i); }
    switch (rec.type) {
      case "true-false": return pattern === "true" ? "t" : pattern === "false" ? "f" : "";
      case "fill-in": return String(pattern).slice(0, 255);
      case "matching":
        return pattern ? pattern.split("[,]").map(function (p) { return p.split("[.]").map(letter).join("."); }).join(",") : "";
      default: return pattern ? pattern.split("[,]").map(letter).join(",") : "";  // choice, sequencing
    }
  }

  A.scorm12 = function (kit) {
    var api = null, live = false, review = false, wasDone = false, listeners = [];
    var written = {}, count = 0, started = Date.now();

    function status(kind, detail) { listeners.forEach(function (cb) { cb(kind, detail); }); }
    function call(name, element, value) {
      var result = value === undefined ? api[name](element || "") : api[name](element, value);
      var code = String(api.LMSGetLastError());
      if (code !== "0" && code !== "") {
        status("error", {call: name, element: element, value: value, code: code,
          message: String(api.LMSGetErrorString(code)), diagnostic: String(api.LMSGetDiagnostic(code))});
      }
      return String(result);
    }
    function get(element) { return call("LMSGetValue", element); }
    function set(element, value) {
      value = String(value);
      if (written[element] === value) return;
      if (call("LMSSetValue", element, value) === "true") written[element] = value;
    }
    function commit() {
      if (!live) return Promise.resolve();
      status("saving");
      if (call("LMSCommit", "") === "true") status("saved");
      return Promise.resolve();
    }
    function save(p) {
      if (!live || review) return;
      set("cmi.suspend_data", p.state);
      set("cmi.core.lesson_location", p.location);
      var completed = p.completion === "completed";
      var lessonStatus = p.success === "failed" ? "failed"
        : !completed ? "incomplete" : p.success === "passed" ? "passed" : "completed";
      // Never turn a finished attempt back into "incomplete" (e.g. state from an older version).
      if (!(wasDone && lessonStatus === "incomplete")) set("cmi.core.lesson_status", lessonStatus);
      if (p.score) {
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", p.score.raw);
      }
      set("cmi.core.exit", p.finished ? "" : "suspend");
    }

    return {
      start: function () {
        api = kit.findApi("API");
        var none = {state: null, location: null, settings: {masteryScore: null, launchMode: "Normal", returnURL: null, learnerName: null}};
        if (!api) { status("offline", {reason: "lms-missing"}); return Promise.resolve(none); }
        live = call("LMSInitialize", "") === "true";
        if (!live) return Promise.resolve(none);
        var mode = get("cmi.core.lesson_mode");
        review = mode === "review";
        var lessonStatus = get("cmi.core.lesson_status");
        wasDone = lessonStatus === "completed" || lessonStatus === "passed";
        if (!review && (lessonStatus === "not attempted" || lessonStatus === "")) set("cmi.core.lesson_status", "incomplete");
        count = parseInt(get("cmi.interactions._count"), 10) || 0;
        var mastery = parseFloat(get("cmi.student_data.mastery_score"));
        return Promise.resolve({state: get("cmi.suspend_data") || null, location: get("cmi.core.lesson_location") || null,
          settings: {masteryScore: isNaN(mastery) ? null : mastery / 100,
            launchMode: mode === "review" ? "Review" : mode === "browse" ? "Browse" : "Normal",
            returnURL: null, learnerName: get("cmi.core.student_name") || null}});
      },
      save: save,
      interaction: function (rec) {
        if (!live || review) return;
        var p = "cmi.interactions." + count++ + ".";
        set(p + "id", rec.id);
        if (rec.objective) set(p + "objectives.0.id", rec.objective);
        set(p + "time", clock(new Date()));
        set(p + "type", rec.type);
        (rec.correctPatterns || [rec.correctPattern]).forEach(function (c, k) {
          set(p + "correct_responses." + k + ".pattern", response(rec, c));
        });
        set(p + "weighting", rec.weight);
        var given = response(rec, rec.response);
        if (given) set(p + "student_response", given);
        set(p + "result", rec.result ? "correct" : "wrong");
        set(p + "latency", timespan(rec.latencySeconds * 1000));
      },
      flush: commit,
      finish: function () {
        if (!live) return Promise.resolve();
        if (!review) set("cmi.core.session_time", timespan(Date.now() - started));
        call("LMSCommit", "");
        call("LMSFinish", "");
        live = false;
        return Promise.resolve();
      },
      onStatus: function (callback) { listeners.push(callback); }
    };
  };
})();
