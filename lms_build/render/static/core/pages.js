/* The page loader: every page but the first, and the course data, are classic scripts in the
   package (pages/<launch>/<name>.js) that call `LmsPages.add(name, value)`. Scripts, not fetch:
   fetch and XHR of file:// fail in Chromium, and the player's CSP allows scripts from 'self'.
   Pure apart from `inject`, the one function that touches the DOM (given by the caller). */
(function (factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) module.exports = factory();
  else { var C = window.LmsCore = window.LmsCore || {}; C.pages = factory(); }
})(function () {
  "use strict";
  /* options: base (folder URL ending in "/"), inject(url, done) loads a script and calls
     done(null) once it has run or done(error) when it could not be loaded. */
  function createLoader(options) {
    var entries = {}, waiting = {};
    function fileOf(name) { return options.base + name + ".js"; }
    function failure(name, reason) {
      var error = new Error(reason === "missing" ? "the file " + fileOf(name) + " could not be loaded"
        : "the file " + fileOf(name) + " did not register " + JSON.stringify(name));
      error.file = fileOf(name);
      error.reason = reason;
      return error;
    }
    /* Called by the page scripts. */
    function add(name, value) { entries[name] = value; }
    /* A promise of `name`'s value: loaded once, shared by every caller while it loads; a failed
       load is forgotten, so asking again tries the file again. */
    function load(name) {
      if (Object.prototype.hasOwnProperty.call(entries, name)) return Promise.resolve(entries[name]);
      if (waiting[name]) return waiting[name];
      waiting[name] = new Promise(function (resolve, reject) {
        options.inject(fileOf(name), function (error) {
          delete waiting[name];
          if (Object.prototype.hasOwnProperty.call(entries, name)) resolve(entries[name]);
          else reject(failure(name, error ? "missing" : "unregistered"));
        });
      });
      return waiting[name];
    }
    function has(name) { return Object.prototype.hasOwnProperty.call(entries, name); }
    return {add: add, load: load, has: has, fileOf: fileOf};
  }
  return {createLoader: createLoader};
});
