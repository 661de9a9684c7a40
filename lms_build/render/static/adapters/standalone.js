/* Standalone adapter (no LMS): the learner's state stays in this browser's localStorage, under a
   key per course, language and SCO. Interactions are not recorded anywhere. Implements the
   adapter contract described at the top of player.js. */
(function () {
  "use strict";
  var A = window.LmsAdapters = window.LmsAdapters || {};
  A.standalone = function (kit) {
    var key = kit.data.key, store = null, listeners = [], last = null;
    try {
      store = window.localStorage;
      store.getItem(key);
    } catch (e) {
      store = null;  // blocked (privacy settings, sandboxed frame): the course still works
    }
    function status(kind, detail) { listeners.forEach(function (cb) { cb(kind, detail); }); }
    function write() {
      if (!store || !last) return;
      try {
        store.setItem(key, JSON.stringify({state: last.state, location: last.location,
          completion: last.completion, success: last.success, score: last.score}));
        status("saved");
      } catch (e) {
        status("offline", {reason: "storage-missing"});
      }
    }
    return {
      start: function () {
        var saved = null;
        if (!store) status("offline", {reason: "storage-missing"});
        try { saved = store && JSON.parse(store.getItem(key) || "null"); } catch (e) { /* unreadable: start afresh */ }
        return Promise.resolve({state: saved ? saved.state || saved.data || null : null,
          location: saved ? saved.location : null,
          settings: {masteryScore: null, launchMode: "Normal", returnURL: null, learnerName: null}});
      },
      save: function (progress) { last = progress; write(); },
      interaction: function () {},
      flush: function () { write(); return Promise.resolve(); },
      finish: function () { write(); return Promise.resolve(); },
      onStatus: function (callback) { listeners.push(callback); }
    };
  };
})();
