/* Navigation rules: where a learner resumes, and where previous/next lead. Pure functions. */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.navigation = factory(); }
})(function () {
  "use strict";
  /* The page to open: the LMS's stored location if the page still exists, else the position the
     saved state carried over (the nearest page that still exists), else the page in the URL's
     #fragment, else the first page. */
  function resumeIndex(pages, location, restoredPosition, hash) {
    var i = pages.indexOf(location || "");
    if (i < 0 && typeof restoredPosition === "number" && restoredPosition >= 0 && restoredPosition < pages.length) {
      i = restoredPosition;
    }
    if (i < 0) i = pages.indexOf(String(hash || "").replace(/^#/, ""));
    return i < 0 ? 0 : i;
  }
  /* The page a pager button leads to ("next", "prev" or anything else: stay), within bounds. */
  function step(current, to, total) {
    var i = current + (to === "next" ? 1 : to === "prev" ? -1 : 0);
    return i < 0 || i >= total ? current : i;
  }
  return {resumeIndex: resumeIndex, step: step};
});
