/* cmi5 AU adapter (cmi5 specification, sections 7-11). The launch sequence:
   1. read endpoint, fetch, actor, registration, activityId from the query string, in any order
      (8.1.0.0-7), and allow connections to the endpoint and fetch origins only;
   2. POST to the fetch URL exactly once for the auth token (8.2.1.0-2, 8.2.3.0-1), used as the
      Authorization header of every xAPI request (8.2.1.0-5);
   3. GET the LMS.LaunchData state (10.2.1.0-4), never PUT or DELETE it (10.2.1.0-5): its
      contextTemplate is the base of every statement's context (10.2.1.0-6), launchMode,
      masteryScore, returnURL and moveOn steer the AU;
   4. GET the cmi5LearnerPreferences agent profile before the first statement (11.0.0.0-3);
   5. send initialized first (9.3.2.0-2), terminated last (9.3.8.0-2), nothing after.
   cmi5-defined statements (initialized, completed, passed, failed, terminated) use the
   activityId as object (8.1.5.0-6) and carry the cmi5 category, the session id extension
   (9.6.3.1-4) and, with result.success/completion, the moveOn category (9.6.2.2-1). In Browse and
   Review only initialized and terminated are sent (10.2.2.0-9, -11). */
(function () {
  "use strict";
  var X = window.LmsXapi, A = window.LmsAdapters = window.LmsAdapters || {};
  var fetched = {};  // fetch URL -> promise of the token: never POSTed twice in this page

  function fetchToken(url) {
    if (!fetched[url]) {
      fetched[url] = window.fetch(url, {method: "POST", cache: "no-store"}).then(function (r) { return r.json(); })
        .then(function (body) {
          if (!body || !body["auth-token"]) {
            throw new Error("the fetch URL gave no auth-token (error-code " + (body && body["error-code"]) +
              ": " + (body && body["error-text"]) + ")");
          }
          return "Basic " + body["auth-token"];
        });
    }
    return fetched[url];
  }

  A.cmi5 = function (kit) {
    return X.adapter(kit, function () {
      var q = X.parseQuery(window.location.search), data = kit.data;
      var missing = ["endpoint", "fetch", "actor", "registration", "activityId"].filter(function (k) { return !q[k]; });
      if (missing.length) throw new Error("cmi5 launch parameters missing: " + missing.join(", "));
      X.restrictConnections(document, [q.endpoint, q.fetch]);
      var actor = JSON.parse(q.actor), registration = q.registration, activityId = q.activityId;
      var agent = JSON.stringify(actor), lrs;
      return fetchToken(q.fetch).then(function (auth) {
        lrs = new X.Lrs({endpoint: q.endpoint, auth: auth, fetch: window.fetch.bind(window)});
        return lrs.getDocument("activities/state", {stateId: "LMS.LaunchData", activityId: activityId,
          agent: agent, registration: registration});
      }).then(function (launchData) {
        if (!launchData || !launchData.contextTemplate) throw new Error("no LMS.LaunchData with a contextTemplate");
        return lrs.getDocument("agents/profile", {profileId: "cmi5LearnerPreferences", agent: agent})
          .then(null, function () { return null; })  // absent or refused preferences are not an error (11.0.0.0-2)
          .then(function (preferences) { return [launchData, preferences]; });
      }).then(function (both) {
        var launchData = both[0];  // both[1]: the preferences, read as cmi5 requires (11.0.0.0-3)
        var template = launchData.contextTemplate;
        var sessionId = template.extensions && template.extensions[X.SESSION_EXTENSION];
        // context.language is the language of this package's content (one package, one language)
        return {
          lrs: lrs,
          factory: new X.StatementFactory({actor: actor, registration: registration, sessionId: sessionId,
            contextTemplate: template, language: X.languageTag(data.lang),
            masteryScore: typeof launchData.masteryScore === "number" ? launchData.masteryScore : undefined}),
          object: X.activity(activityId),
          cmi5: true,
          grouping: [],
          launchMode: launchData.launchMode || "Normal",
          masteryScore: typeof launchData.masteryScore === "number" ? launchData.masteryScore : null,
          returnURL: launchData.returnURL || null,
          learnerName: actor.name || null,
          stateParams: {stateId: "https://w3id.org/xapi/lms-build/state", activityId: activityId, agent: agent,
            registration: registration},
          // one queue per session: a new session's token cannot send an old session's statements
          queueKey: "lms-build/cmi5-queue/" + registration + "/" + sessionId,
          localKey: null,
          onTerminated: function () {
            if (launchData.returnURL) window.location.assign(launchData.returnURL);  // 10.2.6.0-1
          }
        };
      });
    });
  };
})();
