/* A minimal LMS for end-to-end tests: scorm-again plays the LMS side of the SCORM API and the SCO
   under test runs in an iframe below it, as in Moodle.

   URL: /lms/lms.html?api=scorm12|scorm2004&launch=<URL of the SCO's launch page>
        [&reject=<element>]  make every SetValue of that element fail (error 405 / 406)
        [&window=popup]      no frame: harness.openPopup() opens the SCO in a new window, where
                             it must find the API through window.opener
        [&store=<name>]      the learner's record is kept under this name (default: the launch URL)

   Like an LMS it keeps the learner's data between visits: the data model is stored (in
   sessionStorage) at every commit and at LMSFinish/Terminate, and a new page load or relaunch()
   starts the next session from it (entry "resume" after exit "suspend", else ""), so reloading
   the page is "closing the window and coming back".

   window.harness:
     calls       every API call of the SCO: {fn, args, result, error} (error: code right after it)
     errors()    the calls that left an error code other than "0"
     record()    the data model now (write-only elements included)
     stored      the data model as stored at the last commit or finish (null before)
     finished    true once the SCO called LMSFinish / Terminate in this session
     sessions    launches so far (this page load included)
     relaunch()  unload the SCO (pagehide, as closing its window) and launch it again; resolves
                 when the new session has initialised
     losing      set it to true to lose every later commit and finish on the way to the LMS (as a
                 close-time beacon refused above 64 KB or a request the closing page cancels):
                 the calls still answer "true", but nothing more is stored */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var version = params.get("api"), launchUrl = params.get("launch"), reject = params.get("reject");
  var is12 = version === "scorm12", popup = params.get("window") === "popup";
  // [&store=<name>] keeps the record under a name instead of the launch URL, so a new version of
  // a package (at another URL) starts from what the old one stored, as after an LMS update.
  var storeKey = "harness:" + version + ":" + (params.get("store") || launchUrl);
  var names = is12
    ? {init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit"}
    : {init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit"};
  var H = window.harness = {calls: [], stored: null, finished: false, sessions: 0, api: null, losing: false};

  function snapshot(api) { return JSON.parse(JSON.stringify(api.cmi)); }
  function store(api) {
    if (H.losing) return;
    H.stored = snapshot(api);
    sessionStorage.setItem(storeKey, JSON.stringify({record: H.stored, sessions: H.sessions}));
  }
  H.record = function () { return snapshot(H.api); };
  H.errors = function () { return H.calls.filter(function (c) { return c.error !== "0"; }); };

  /* The next session's starting data, as an LMS derives it from what it stored. */
  function preload(record) {
    var data = JSON.parse(JSON.stringify(record));
    var core = is12 ? data.core : data;
    var resume = core.exit === "suspend";
    delete core.session_time;
    delete core.exit;
    core.entry = resume ? "resume" : "";
    return data;
  }

  function createApi() {
    var settings = {logLevel: 4, autocommit: false};
    var api = is12 ? new Scorm12API(settings) : new Scorm2004API(settings);
    var saved = JSON.parse(sessionStorage.getItem(storeKey) || "null");
    if (saved) {
      H.stored = saved.record;
      H.sessions = saved.sessions;
      api.loadFromJSON(preload(saved.record));
    } else if (is12) {
      api.cmi.core.entry = "ab-initio";
    } else {
      api.cmi.entry = "ab-initio";
    }
    Object.keys(names).forEach(function (key) {
      var fn = names[key], original = api[fn].bind(api);
      api[fn] = function () {
        var args = Array.prototype.slice.call(arguments), result;
        if (key === "set" && args[0] === reject) {
          api.lastErrorCode = is12 ? "405" : "406";
          result = "false";
        } else {
          if (key === "finish" && !H.finished) store(api);  // the data as it is at LMSFinish
          result = original.apply(null, args);
          if (key === "commit" && String(result) === "true" && !H.finished) store(api);
          if (key === "finish" && String(result) === "true") H.finished = true;
        }
        H.calls.push({fn: fn, args: args, result: String(result), error: String(api.lastErrorCode)});
        return result;
      };
    });
    H.api = api;
    H.finished = false;
    H.sessions += 1;
    window[is12 ? "API" : "API_1484_11"] = api;
    return api;
  }

  function frame() { return document.getElementById("sco"); }
  function launch() {
    createApi();
    if (!popup) frame().src = launchUrl;
  }
  H.openPopup = function () { H.popup = window.open(launchUrl, "sco"); };
  H.relaunch = function () {
    return new Promise(function (resolve) {
      frame().addEventListener("load", function blank() {
        frame().removeEventListener("load", blank);
        var before = H.calls.length;
        launch();
        (function wait() {
          var started = H.calls.slice(before).some(function (c) { return c.fn === names.init; });
          if (started) resolve(true); else setTimeout(wait, 20);
        })();
      });
      frame().src = "about:blank";
    });
  };
  document.addEventListener("DOMContentLoaded", launch);
})();
