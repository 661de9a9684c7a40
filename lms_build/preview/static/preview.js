/* The preview shell: a simulated LMS (scorm-again, as in the tests) with the course in an iframe,
   an inspector showing what the LMS received, and live updates from the preview server.

   The LMS keeps the learner's data between launches, like a real one: when the course changes,
   the course frame is unloaded (the player finishes with exit "suspend", the data is stored) and
   launched again with that data (entry "resume"), so the learner stays on the same page with the
   same answers. The web kind keeps progress in the browser's storage instead.

   cmi5: the preview server is the LMS (the project's cmi5 launcher, with an LRS in memory, under
   /lms/). The shell asks it for a launch URL of the chosen AU (POST /lms/launch) and polls
   /lms/inspector for what it received; a change relaunches the AU in the same registration (a new
   session: the learner's place comes back from the state document), "reset attempt" starts a new
   registration. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("preview-config").textContent);
  var S = cfg.strings;
  var is12 = cfg.runtime === "scorm12", isScorm = is12 || cfg.runtime === "scorm2004";
  var isCmi5 = cfg.runtime === "cmi5";
  var names = is12 ? {finish: "LMSFinish", commit: "LMSCommit"} : {finish: "Terminate", commit: "Commit"};
  var P = window.preview = {api: null, stored: null, version: cfg.version, launches: 0, errors: [],
                            au: null, newAttempt: false, lms: null};
  var frame, resetting = false;

  function copy(value) { return JSON.parse(JSON.stringify(value)); }
  function store() { if (P.api && !resetting) P.stored = copy(P.api.cmi); }

  /* The next session's starting data, as an LMS derives it from what it stored. */
  function preload(record) {
    var data = copy(record), core = is12 ? data.core : data;
    var resume = core.exit === "suspend";
    delete core.session_time;
    delete core.exit;
    core.entry = resume ? "resume" : "";
    return data;
  }

  function createApi() {
    var api = is12 ? new window.Scorm12API({logLevel: 5, autocommit: false})
                   : new window.Scorm2004API({logLevel: 5, autocommit: false});
    if (P.stored) api.loadFromJSON(preload(P.stored));
    else if (is12) api.cmi.core.entry = "ab-initio";
    else api.cmi.entry = "ab-initio";
    var finish = api[names.finish].bind(api), commit = api[names.commit].bind(api);
    api[names.finish] = function (arg) { store(); return finish(arg); };
    api[names.commit] = function (arg) { var result = commit(arg); store(); return result; };
    P.api = api;
    window[is12 ? "API" : "API_1484_11"] = api;
  }

  function launch() {
    if (isCmi5) return launchCmi5();
    if (isScorm) createApi();
    P.launches += 1;
    frame.src = cfg.launch + "?v=" + P.version;
  }

  /* The LMS makes the launch URL (a new session; a new registration when asked). */
  function launchCmi5() {
    var asked = {au: P.au, newAttempt: P.newAttempt};
    P.newAttempt = false;
    return fetch(cfg.lms + "/launch", {method: "POST", cache: "no-store", body: JSON.stringify(asked),
                                       headers: {"Content-Type": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (launched) {
        if (!launched) return;  /* no good build yet: the overlay says why; the next one launches */
        P.launches += 1;
        P.au = launched.au;
        frame.src = launched.url;
      }, function () { /* the server is gone or restarting: the next update launches again */ });
  }

  /* Unload the course (so it saves), then launch it again. */
  function relaunch(clear) {
    frame.addEventListener("load", function blank() {
      frame.removeEventListener("load", blank);
      if (clear) {
        P.stored = null;
        P.newAttempt = isCmi5;
        clearBrowserProgress();
        resetting = false;
      }
      launch();
    });
    if (clear) resetting = isScorm;
    frame.src = "about:blank";
  }

  function clearBrowserProgress() {
    try {
      Object.keys(localStorage).filter(function (k) { return k.indexOf("lms-build/") === 0; })
        .forEach(function (k) { localStorage.removeItem(k); });
    } catch (e) { /* storage disabled: nothing kept, nothing to clear */ }
  }

  function showErrors(errors) {
    P.errors = errors;
    var overlay = document.getElementById("overlay"), list = document.getElementById("overlay-errors");
    list.textContent = "";
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    overlay.hidden = errors.length === 0;
  }

  function onUpdate(state) {
    showErrors(state.errors);
    if (state.errors.length === 0 && state.version !== P.version) {
      P.version = state.version;
      relaunch(false);
    } else if (state.errors.length) {
      P.version = state.version;
    }
  }

  function connect() {
    var source = new EventSource("/events");
    source.addEventListener("update", function (event) { onUpdate(JSON.parse(event.data)); });
    /* EventSource reconnects by itself after the server restarts. */
  }

  /* ---- the inspector ---- */
  function cmiNow() {
    if (!P.api) return null;
    return copy(P.api.cmi);
  }

  function field(list, label, value, cls) {
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = label;
    dd.textContent = value;
    if (cls) dd.className = cls;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function interactionRows(cmi) {
    var rows = [], all = cmi.interactions || {};
    Object.keys(all).filter(function (k) { return /^\d+$/.test(k); })
      .sort(function (a, b) { return a - b; })
      .forEach(function (k) {
        var i = all[k];
        rows.push([i.id, i.type, is12 ? i.student_response : i.learner_response, i.result]);
      });
    return rows;
  }

  /* ---- the cmi5 inspector: what the launcher and its LRS received ---- */
  var polling = false, lastLms = "";
  function pollLms() {
    if (polling) return;
    polling = true;
    fetch(cfg.lms + "/inspector", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (text) {
        polling = false;
        if (text === lastLms) return;
        lastLms = text;
        P.lms = JSON.parse(text);
        renderCmi5(P.lms);
      }, function () { polling = false; /* the server restarts or stops: the next poll tells */ });
  }

  function describeResult(result) {
    var parts = [];
    if (result.score) {
      var sc = result.score;
      parts.push("score " + (sc.raw !== undefined ? sc.raw + (sc.max !== undefined ? "/" + sc.max : "") : "") +
                 (sc.scaled !== undefined ? " (" + sc.scaled + ")" : ""));
    }
    ["success", "completion", "response", "duration"].forEach(function (k) {
      if (result[k] !== undefined) parts.push(k + " " + result[k]);
    });
    return parts.join(" · ");
  }

  function renderCmi5(lms) {
    var fields = document.getElementById("fields");
    fields.textContent = "";
    field(fields, S.attempt, String(lms.attempt));
    if (lms.registration) field(fields, S.registration, lms.registration);
    field(fields, S.status, lms.status.completion + " / " + lms.status.success);
    var sc = lms.score;
    field(fields, S.score, !sc ? S.none : (sc.raw !== undefined ? sc.raw + (sc.max !== undefined ? " / " + sc.max : "") : "") +
          (sc.scaled !== undefined ? " (" + sc.scaled + ")" : ""));
    field(fields, S.location, lms.location || S.none);
    field(fields, S.state, lms.stateSize + " " + S.bytes);
    if (lms.problem) field(fields, S.problem, lms.problem, "over-limit");
    renderAus(lms);
    var list = document.getElementById("statements");
    list.textContent = "";
    lms.statements.forEach(function (st) {
      var li = document.createElement("li"), verb = document.createElement("span");
      verb.className = "verb";
      verb.textContent = st.verb;
      li.appendChild(verb);
      li.appendChild(document.createTextNode(" " + st.object));
      var result = describeResult(st.result);
      if (result) {
        var res = document.createElement("span");
        res.className = "result";
        res.textContent = result;
        li.appendChild(res);
      }
      if (st.violation) {
        li.className = "refused";
        var v = document.createElement("strong");
        v.className = "violation";
        v.textContent = S.refused + " (cmi5 " + st.violation.requirement + "): " + st.violation.message;
        li.appendChild(v);
      }
      li.setAttribute("data-verb", st.verb);
      list.appendChild(li);
    });
  }

  function renderAus(lms) {
    var select = document.getElementById("au");
    var wanted = lms.aus.map(function (a) { return a.id + "\n" + a.title; }).join("\n");
    if (select.getAttribute("data-aus") !== wanted) {
      select.textContent = "";
      lms.aus.forEach(function (a) {
        var option = document.createElement("option");
        option.value = a.id;
        option.textContent = a.title;
        select.appendChild(option);
      });
      select.setAttribute("data-aus", wanted);
    }
    if (lms.au && document.activeElement !== select) select.value = lms.au.id;
    document.getElementById("au-choice").hidden = lms.aus.length < 2;
  }

  var lastRender = "";
  function render() {
    if (isCmi5) return pollLms();
    var cmi = cmiNow(), fields = document.getElementById("fields");
    var key = JSON.stringify(cmi) + P.launches;
    if (key === lastRender) return;
    lastRender = key;
    fields.textContent = "";
    field(fields, S.attempt, String(P.launches));
    var body = document.querySelector("#interactions tbody");
    body.textContent = "";
    if (!cmi) return;
    var core = is12 ? cmi.core : cmi;
    var status = is12 ? core.lesson_status : core.completion_status + " / " + core.success_status;
    var score = core.score || {};
    var suspend = cmi.suspend_data || "";
    field(fields, S.status, status);
    field(fields, S.score, score.raw === "" || score.raw === undefined ? S.none
      : score.raw + (score.max ? " / " + score.max : "") + (score.scaled ? " (" + score.scaled + ")" : ""));
    field(fields, S.location, (is12 ? core.lesson_location : core.location) || S.none);
    field(fields, S.suspendData, suspend.length + " / " + cfg.suspendLimit + " " + S.characters,
          suspend.length > cfg.suspendLimit ? "over-limit" : "");
    interactionRows(cmi).forEach(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (cell) {
        var td = document.createElement("td");
        td.textContent = cell || "";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function setUpText() {
    document.getElementById("inspector-title").textContent = S.inspector;
    frame.title = S.course;
    document.getElementById("runtime").textContent = isScorm ? cfg.runtime.toUpperCase().replace("SCORM", "SCORM ")
      : isCmi5 ? S.cmi5 : S.noLms;
    document.getElementById("interactions-title").textContent = S.interactions;
    if (isCmi5) {  /* answers are statements here: the list shows them with their results */
      document.getElementById("interactions-title").hidden = true;
      document.getElementById("interactions").hidden = true;
      document.getElementById("statements-title").hidden = false;
      document.getElementById("statements").hidden = false;
      document.getElementById("statements-title").textContent = S.statements;
      document.getElementById("au-label").textContent = S.au;
      document.getElementById("au").addEventListener("change", function (event) {
        P.au = event.target.value;
        relaunch(false);
      });
    }
    document.getElementById("overlay-title").textContent = S.errorsTitle;
    document.getElementById("overlay-help").textContent = S.errorsHelp;
    document.getElementById("handouts-title").textContent = S.handouts;
    var head = document.querySelector("#interactions thead"), tr = document.createElement("tr");
    [S.question, S.type, S.response, S.result].forEach(function (label) {
      var th = document.createElement("th");
      th.textContent = label;
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var reset = document.getElementById("reset");
    reset.textContent = S.reset;
    reset.addEventListener("click", function () { relaunch(true); });
    var list = document.getElementById("handouts");
    cfg.pdfs.forEach(function (name) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "/pdf/" + encodeURIComponent(name);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = name;
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    frame = document.getElementById("course");
    setUpText();
    launch();
    connect();
    setInterval(render, isCmi5 ? 400 : 250);
    render();
  });
})();
