/* Unit tests of the page loader (node --test tests/js/): pages and course data arrive as classic
   scripts that register themselves; here a fake `inject` plays the browser's script element. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const pages = require(path.join(__dirname, "..", "..", "lms_build", "render", "static", "core", "pages.js"));

/* A loader over a fake package: `files` maps a URL to the value its script registers (or to
   "unregistered" for a script that runs but registers nothing); other URLs are missing. */
function fakePackage(files) {
  const injected = [];
  const loader = pages.createLoader({
    base: "pages/index/",
    inject(url, done) {
      injected.push(url);
      setImmediate(() => {
        if (!(url in files)) return done(new Error("404"));
        if (files[url] !== "unregistered") loader.add(url.replace(/^pages\/index\/|\.js$/g, ""), files[url]);
        done(null);
      });
    }
  });
  return {loader, injected};
}

test("pages: a page loads from its own file under the SCO's folder", async () => {
  const {loader, injected} = fakePackage({"pages/index/intro.js": {html: "<section></section>"}});
  assert.deepEqual(await loader.load("intro"), {html: "<section></section>"});
  assert.deepEqual(injected, ["pages/index/intro.js"]);
  assert.equal(loader.has("intro"), true);
});

test("pages: a loaded page is cached, and callers during a load share one request", async () => {
  const {loader, injected} = fakePackage({"pages/index/a.js": {html: "A"}});
  const [first, second] = await Promise.all([loader.load("a"), loader.load("a")]);
  assert.equal(first, second);
  await loader.load("a");
  assert.equal(injected.length, 1);
});

test("pages: a missing file rejects with the file named, and a later load tries again", async () => {
  const files = {};
  const {loader, injected} = fakePackage(files);
  await assert.rejects(loader.load("gone"), (error) => {
    assert.equal(error.reason, "missing");
    assert.equal(error.file, "pages/index/gone.js");
    assert.match(error.message, /pages\/index\/gone\.js/);
    return true;
  });
  files["pages/index/gone.js"] = {html: "back"};
  assert.deepEqual(await loader.load("gone"), {html: "back"});
  assert.equal(injected.length, 2);
});

test("pages: a script that runs but registers nothing is an error, not a silent blank", async () => {
  const {loader} = fakePackage({"pages/index/odd.js": "unregistered"});
  await assert.rejects(loader.load("odd"), (error) => error.reason === "unregistered" && /odd/.test(error.message));
});

test("pages: values registered before anyone asks (e.g. by the launch page) need no file", async () => {
  const {loader, injected} = fakePackage({});
  loader.add("course.data", {pages: ["a"]});
  assert.deepEqual(await loader.load("course.data"), {pages: ["a"]});
  assert.deepEqual(injected, []);
});
