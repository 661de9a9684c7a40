/* lms-build learner player: worksheets the learner fills in (blocks.html, macro `worksheet`).
 *
 * Every cell is a <textarea data-cell="row-column">. What the learner writes is kept in the
 * browser's localStorage under the worksheet's data-store key, not in the LMS: free text does not
 * fit the SCORM 1.2 suspend_data budget (4,096 characters for the whole course), so the page says
 * that it stays on this device. The learner can download the table as CSV (a Blob link: nothing
 * leaves the browser) or print the worksheet alone (print CSS in player.css prints only the
 * element marked .is-printing while <body> has .print-worksheet).
 *
 * Independent of player.js: it works the same in every runtime and needs no learner state.
 */
(function () {
  "use strict";

  function $$(sel, root) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* localStorage if it can be written to (it throws when storage is blocked, e.g. some private
     modes or an iframe with third-party storage disabled), else null. */
  function storage() {
    try {
      var store = window.localStorage, probe = "lms-build/worksheet-probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (e) {
      return null;
    }
  }

  function fields(sheet) { return $$("textarea[data-cell]", sheet); }

  function load(sheet, store) {
    var saved = {};
    try { saved = JSON.parse(store.getItem(sheet.getAttribute("data-store")) || "{}") || {}; } catch (e) { /* damaged: start empty */ }
    fields(sheet).forEach(function (field) {
      var text = saved[field.getAttribute("data-cell")];
      if (typeof text === "string") field.value = text;
    });
  }

  /* Writes every non-empty cell; false if the browser refused (storage full or blocked). */
  function save(sheet, store) {
    var values = {}, any = false, key = sheet.getAttribute("data-store");
    fields(sheet).forEach(function (field) {
      if (field.value) { values[field.getAttribute("data-cell")] = field.value; any = true; }
    });
    try {
      if (any) store.setItem(key, JSON.stringify(values));
      else store.removeItem(key);
      return true;
    } catch (e) {
      return false;
    }
  }

  /* The table as shown: header texts, row labels and what is written in the cells. */
  function rows(sheet) {
    return $$("table tr", sheet).map(function (tr) {
      return $$("th, td", tr).map(function (cell) {
        var field = cell.querySelector("textarea");
        return field ? field.value : cell.textContent.replace(/\s+/g, " ").trim();
      });
    });
  }

  /* One CSV field, always quoted. A field that starts like a spreadsheet formula ("=SUM(",
     "+358401234567", "@cmd") gets a leading apostrophe so a spreadsheet shows it as text instead
     of evaluating it: the file may be passed on to colleagues. */
  function csvField(text) {
    text = String(text).replace(/\r\n?/g, "\n");
    if (/^[=+\-@]\S/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  /* Semicolons, CRLF and a byte order mark: what spreadsheets in Finnish and Swedish locales
     (comma is the decimal separator there) open into columns without an import dialog. */
  function toCsv(table) {
    return "\ufeff" + table.map(function (row) { return row.map(csvField).join(";"); }).join("\r\n") + "\r\n";
  }

  function download(sheet) {
    var blob = new Blob([toCsv(rows(sheet))], {type: "text/csv;charset=utf-8"});
    var url = URL.createObjectURL(blob), link = document.createElement("a");
    link.href = url;
    link.download = sheet.getAttribute("data-file");
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.parentNode.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  /* Print one worksheet: the classes stay until the print dialog is closed (afterprint). A print
     started any other way (Ctrl+P) prints the page as it is. */
  var printRequested = false;
  function clearPrint() {
    document.body.classList.remove("print-worksheet");
    $$(".worksheet.is-printing", document).forEach(function (s) { s.classList.remove("is-printing"); });
  }
  function printSheet(sheet) {
    clearPrint();
    document.body.classList.add("print-worksheet");
    sheet.classList.add("is-printing");
    printRequested = true;
    window.print();
  }
  window.addEventListener("beforeprint", function () {
    if (!printRequested) clearPrint();
    printRequested = false;
  });
  window.addEventListener("afterprint", clearPrint);

  function setUp(sheet, store) {
    var kept = sheet.querySelector(".worksheet-kept"), notKept = sheet.querySelector(".worksheet-not-kept");
    function showKept(ok) { kept.hidden = !ok; notKept.hidden = ok; }
    if (store) load(sheet, store);
    showKept(!!store);
    sheet.addEventListener("input", function (e) {
      if (store && e.target.matches("textarea[data-cell]")) showKept(save(sheet, store));
    });
    sheet.querySelector(".worksheet-download").addEventListener("click", function () { download(sheet); });
    sheet.querySelector(".worksheet-print").addEventListener("click", function () { printSheet(sheet); });
    var clear = sheet.querySelector(".worksheet-clear");
    clear.addEventListener("click", function () {
      if (!window.confirm(clear.getAttribute("data-confirm"))) return;
      fields(sheet).forEach(function (field) { field.value = ""; });
      if (store) showKept(save(sheet, store));
      if (fields(sheet).length) fields(sheet)[0].focus();
    });
    sheet.querySelector(".worksheet-tools").hidden = false;
  }

  /* Every worksheet in `root` not set up yet: the player calls it for each page it loads. */
  function attach(root) {
    var store = storage();
    $$(".worksheet[data-store]:not([data-ready])", root).forEach(function (sheet) {
      sheet.setAttribute("data-ready", "");
      setUp(sheet, store);
    });
  }
  function start() { attach(document); }

  window.LmsWorksheets = {toCsv: toCsv, rows: rows, attach: attach};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
