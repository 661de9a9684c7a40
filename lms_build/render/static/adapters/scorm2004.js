/* SCORM 2004 (4th edition) adapter: window.API_1484_11 found by the standard search. Every
   call's error code is checked (GetLastError) and reported without stopping the learner; reading
   a value that was never set (403) is expected on a first launch and not an error. Values are
   written only when they change. One interaction per question: a new check of the same
   question updates its record (found by id on resume). Response formats are those of 2004:
   option ids (hyphens become "_", which Moodle's short identifiers require), "[,]" and "[.]"
   delimiters, "true"/"false", results "correct"/"incorrect". */
LmsPlayer.adapters.scorm2004 = function (kit) {
  "use strict";
  var api = kit.findApi("API_1484_11"), live = false, review = false, wasCompleted = false;
  var written = {}, ids = {}, count = 0, started = Date.now(), lang = kit.data.lang;

  function call(name, element, value) {
    var result = value === undefined ? api[name](element || "") : api[name](element, value);
    var code = String(api.GetLastError());
    if (code !== "0" && code !== "" && !(name === "GetValue" && code === "403")) {
      kit.error({call: name, element: element, value: value, code: code,
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
  function sid(item) { return item.id.replace(/-/g, "_"); }
  function text(value) { return String(value).replace(/\[[,.]\]/g, " ").replace(/^\{+/, "").slice(0, 250); }
  function response(type, items) {
    switch (type) {
      case "true-false": return items[0] ? "true" : "false";
      case "matching": return items.map(function (p) { return sid(p[0]) + "[.]" + sid(p[1]); }).join("[,]");
      case "fill-in": return text(items[0]);
      default: return items.map(sid).join("[,]");  // choice, sequencing
    }
  }

  return {
    start: function () {
      if (!api) { kit.notice(kit.ui.lms_missing); return {}; }
      live = call("Initialize", "") === "true";
      if (!live) return {};
      review = get("cmi.mode") === "review";
      var completion = get("cmi.completion_status");
      wasCompleted = completion === "completed";
      if (!review && (completion === "not attempted" || completion === "unknown")) set("cmi.completion_status", "incomplete");
      count = parseInt(get("cmi.interactions._count"), 10) || 0;
      for (var n = 0; n < count; n++) ids[get("cmi.interactions." + n + ".id")] = n;
      if (get("cmi.entry") === "ab-initio") return {};
      return {data: get("cmi.suspend_data"), location: get("cmi.location")};
    },
    save: function (s) {
      if (!live || review) return;
      set("cmi.suspend_data", s.data);
      set("cmi.location", s.location);
      if (s.completed || !wasCompleted) set("cmi.completion_status", s.completed ? "completed" : "incomplete");
      if (s.success) set("cmi.success_status", s.success);
      set("cmi.progress_measure", s.progress);
      if (s.score !== null) {
        set("cmi.score.min", "0");
        set("cmi.score.max", "100");
        set("cmi.score.raw", s.score);
        set("cmi.score.scaled", Math.round(s.score * 100) / 10000);
      }
      set("cmi.exit", s.finished ? "normal" : "suspend");
    },
    interaction: function (rec) {
      if (!live || review) return;
      var n = ids[rec.id], fresh = n === undefined;
      if (fresh) n = ids[rec.id] = count++;
      var p = "cmi.interactions." + n + ".";
      if (fresh) {
        set(p + "id", rec.id);
        set(p + "type", rec.type);
        if (rec.objective) set(p + "objectives.0.id", rec.objective);
        rec.correct.forEach(function (c, k) { set(p + "correct_responses." + k + ".pattern", response(rec.type, c)); });
        set(p + "weighting", rec.weight);
        set(p + "description", "{lang=" + lang + "}" + rec.description);
      }
      set(p + "timestamp", timestamp(rec.time));
      set(p + "learner_response", response(rec.type, rec.response));
      set(p + "result", rec.result ? "correct" : "incorrect");
      set(p + "latency", duration(rec.latency));
    },
    commit: function () { if (live) call("Commit", ""); },
    finish: function (s) {
      if (!live) return;
      this.save(s);
      if (!review) set("cmi.session_time", duration(Date.now() - started));
      call("Commit", "");
      call("Terminate", "");
      live = false;
    }
  };
};
