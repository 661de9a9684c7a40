/* SCORM 1.2 adapter: window.API found by the standard search (parent chain, then opener).
   Every call's error code is checked (LMSGetLastError) and reported without stopping the learner.
   Values are written only when they change. Interactions are a journal, as SCORM 1.2 intends
   (its interaction elements are write-only): each check appends one record, whose id is the
   question id. Response formats are those of SCORM 1.2: options are single characters a-z, 0-9
   (option index), "t"/"f", "a.b" matching pairs, results "correct"/"wrong". */
LmsPlayer.adapters.scorm12 = function (kit) {
  "use strict";
  var api = kit.findApi("API"), live = false, review = false, wasDone = false;
  var written = {}, count = 0, started = Date.now();

  function call(name, element, value) {
    var result = value === undefined ? api[name](element || "") : api[name](element, value);
    var code = String(api.LMSGetLastError());
    if (code !== "0" && code !== "") {
      kit.error({call: name, element: element, value: value, code: code,
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
  function letter(item) { return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(item.i); }
  function response(type, items) {
    switch (type) {
      case "true-false": return items[0] ? "t" : "f";
      case "matching": return items.map(function (p) { return letter(p[0]) + "." + letter(p[1]); }).join(",");
      case "fill-in": return String(items[0]).slice(0, 255);
      default: return items.map(letter).join(",");  // choice, sequencing
    }
  }

  return {
    start: function () {
      if (!api) { kit.notice(kit.ui.lms_missing); return {}; }
      live = call("LMSInitialize", "") === "true";
      if (!live) return {};
      review = get("cmi.core.lesson_mode") === "review";
      var status = get("cmi.core.lesson_status");
      wasDone = status === "completed" || status === "passed";
      if (!review && (status === "not attempted" || status === "")) set("cmi.core.lesson_status", "incomplete");
      count = parseInt(get("cmi.interactions._count"), 10) || 0;
      return {data: get("cmi.suspend_data"), location: get("cmi.core.lesson_location")};
    },
    save: function (s) {
      if (!live || review) return;
      set("cmi.suspend_data", s.data);
      set("cmi.core.lesson_location", s.location);
      var lessonStatus = s.success === "failed" ? "failed"
        : !s.completed ? "incomplete" : s.success === "passed" ? "passed" : "completed";
      // Never turn a finished attempt back into "incomplete" (e.g. state from an older version).
      if (!(wasDone && lessonStatus === "incomplete")) set("cmi.core.lesson_status", lessonStatus);
      if (s.score !== null) {
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", s.score);
      }
      set("cmi.core.exit", s.finished ? "" : "suspend");
    },
    interaction: function (rec) {
      if (!live || review) return;
      var p = "cmi.interactions." + count++ + ".";
      set(p + "id", rec.id);
      if (rec.objective) set(p + "objectives.0.id", rec.objective);
      set(p + "time", clock(rec.time));
      set(p + "type", rec.type);
      rec.correct.forEach(function (c, k) { set(p + "correct_responses." + k + ".pattern", response(rec.type, c)); });
      set(p + "weighting", rec.weight);
      set(p + "student_response", response(rec.type, rec.response));
      set(p + "result", rec.result ? "correct" : "wrong");
      set(p + "latency", timespan(rec.latency));
    },
    commit: function () { if (live) call("LMSCommit", ""); },
    finish: function (s) {
      if (!live) return;
      this.save(s);
      if (!review) set("cmi.core.session_time", timespan(Date.now() - started));
      call("LMSCommit", "");
      call("LMSFinish", "");
      live = false;
    }
  };
};
