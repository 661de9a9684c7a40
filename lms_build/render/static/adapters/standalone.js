/* Standalone adapter (no LMS): the learner's state stays in this browser's localStorage, under a
   key per course, language and SCO. Interactions are not recorded anywhere. */
LmsPlayer.adapters.standalone = function (kit) {
  "use strict";
  var key = kit.data.key, store = null;
  try {
    store = window.localStorage;
    store.getItem(key);
  } catch (e) {
    store = null;  // blocked (privacy settings, sandboxed frame): the course still works
  }
  function write(status) {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify({data: status.data, location: status.location,
        completed: status.completed, success: status.success, score: status.score}));
    } catch (e) {
      kit.notice(kit.ui.storage_missing);
    }
  }
  return {
    start: function () {
      if (!store) kit.notice(kit.ui.storage_missing);
      try {
        var saved = store && JSON.parse(store.getItem(key) || "null");
        if (saved) return {data: saved.data, location: saved.location};
      } catch (e) { /* unreadable: start afresh */ }
      return {data: null, location: null};
    },
    save: write,
    interaction: function () {},
    commit: function () {},
    finish: write
  };
};
