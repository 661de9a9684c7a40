/* Short text (fill-in): compared with the accepted answers ignoring case and extra spaces. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.types = C.types || {}; C.types.text = factory(); }
})(function () {
  "use strict";
  function normal(text, lang) { return String(text).trim().replace(/\s+/g, " ").toLocaleLowerCase(lang); }
  return {
    correct: function (q, r, lang) {
      return q.accept.some(function (a) { return normal(a, lang) === normal(r, lang); });
    },
    /* SCORM 2004 characterstring: no "[,]"/"[.]" delimiters, no leading "{", 250 at most. */
    pattern: function (q, r) { return String(r).replace(/\[[,.]\]/g, " ").replace(/^\{+/, "").slice(0, 250); },
    wrong: function () { return []; },
    normal: normal
  };
});
