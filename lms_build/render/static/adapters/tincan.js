/* Tin Can adapter: the Rustici launch convention, as Moodle's mod_tincanlaunch sends it. The
   launch URL carries endpoint, auth (an Authorization header value), actor (JSON), registration
   and activity_id; nothing is ever stored in the package. Resume data goes to the State API;
   an LRS without one (Ralph) answers 404 and the browser's localStorage keeps it instead.
   Statements go through the shared xAPI core (xapi-core.js): initialized, experienced (page),
   answered, completed, passed/failed, terminated, with registration, parent and language. */
(function () {
  "use strict";
  var X = window.LmsXapi, A = window.LmsAdapters = window.LmsAdapters || {};

  /* mod_tincanlaunch and older LMSs send TinCan 0.9 actors ({"name": ["x"], "mbox": ["mailto:.."],
     "account": [{accountServiceHomePage, accountName}]}): make them xAPI 1.0 Agents. */
  function agent(raw) {
    var a = typeof raw === "string" ? JSON.parse(raw) : raw, first = function (v) { return Array.isArray(v) ? v[0] : v; };
    var out = {objectType: "Agent"}, name = first(a.name), account = first(a.account);
    if (name) out.name = String(name);
    if (account) {
      out.account = {homePage: account.homePage || account.accountServiceHomePage,
        name: account.name || account.accountName};
    } else if (a.mbox) {
      var mbox = String(first(a.mbox));
      out.mbox = mbox.indexOf("mailto:") === 0 ? mbox : "mailto:" + mbox;
    } else if (a.mbox_sha1sum) out.mbox_sha1sum = first(a.mbox_sha1sum);
    else if (a.openid) out.openid = first(a.openid);
    return out;
  }

  A.tincan = function (kit) {
    return X.adapter(kit, function () {
      var q = X.parseQuery(window.location.search), data = kit.data;
      if (!q.endpoint || !q.actor) throw new Error("no Tin Can launch parameters (endpoint, actor) in the URL");
      X.restrictConnections(document, [q.endpoint]);
      var actor = agent(q.actor), registration = q.registration || null;
      var objectId = q.activity_id ? Promise.resolve(q.activity_id)  // else the course IRI of the catalogue
        : window.fetch("xapi/activities.json").then(function (r) { return r.json(); }).then(function (d) { return d.iriBase; });
      return objectId.then(function (id) {
        var stateParams = {activityId: id, agent: JSON.stringify(actor), stateId: "https://w3id.org/xapi/lms-build/state"};
        if (registration) stateParams.registration = registration;
        var who = actor.account ? actor.account.homePage + "|" + actor.account.name : actor.mbox || actor.openid || "";
        var place = id + "/" + (registration || "-") + "/" + who;
        return {
          lrs: new X.Lrs({endpoint: q.endpoint, auth: q.auth, fetch: window.fetch.bind(window)}),
          factory: new X.StatementFactory({actor: actor, registration: registration || undefined,
            language: X.languageTag(data.lang)}),
          object: X.activity(id),
          cmi5: false,
          grouping: [],
          launchMode: "Normal",
          masteryScore: typeof data.mastery === "number" ? data.mastery / 100 : null,
          returnURL: null,
          learnerName: actor.name || null,
          stateParams: stateParams,
          queueKey: "lms-build/xapi-queue/" + place,
          localKey: "lms-build/xapi-state/" + place
        };
      });
    });
  };
})();
