/* Case pages: the link back to the list the reader came from, and the record saved as a file.
 *
 * The link back. When a case is opened from a filtered list, case-browser.js leaves in sessionStorage the list's
 * address and the case page's path. If this page is that case page, its links marked
 * data-atlas-return lead back to that address ("3 of 14 cases shown"); otherwise they lead to the
 * whole list, as they do without JavaScript. Only an address of this site's case browser is used,
 * and only text is written.
 *
 * The record's BibTeX and RIS are on the page, to copy (atlas/pages/record_citation.py); here each
 * gets a button that saves it as a file, named by its `data-atlas-download` (rvlms-atlas-<case id>.bib),
 * made in the browser from the text shown. Without JavaScript the text is still there to copy.
 *
 * With Material's instant navigation both run again through `document$`.
 */
(function () {
  "use strict";
  var RETURN_KEY = "atlas-case-browser-return"; /* written by case-browser.js */

  function remembered() {
    try {
      var value = JSON.parse(sessionStorage.getItem(RETURN_KEY) || "null");
      return value && typeof value.list === "string" && typeof value.page === "string" ? value : null;
    } catch (error) {
      return null;
    }
  }

  function linkBack() {
    var links = document.querySelectorAll("a[data-atlas-return]");
    var from = remembered();
    if (!links.length || !from || from.page !== location.pathname) return;
    links.forEach(function (link) {
      var whole = new URL(link.href, location.href);
      var list = new URL(from.list, location.href);
      /* Only the case browser this link already points to, with a query: never another address. */
      if (list.origin !== whole.origin || list.pathname !== whole.pathname || !list.search) return;
      link.href = list.pathname + list.search;
      link.textContent = "Back to the filtered list" + (from.shown ? " (" + from.shown + ")" : "");
    });
  }

  function save(code) {
    var file = new Blob([code.textContent], { type: code.getAttribute("data-atlas-type") + ";charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = code.getAttribute("data-atlas-download");
    document.body.appendChild(link);
    link.click();
    link.remove();
    /* Not at once: the download may not have read the file yet (FileSaver.js waits 40 s too). */
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 40000);
  }

  function offerDownloads() {
    document.querySelectorAll("code[data-atlas-download]").forEach(function (code) {
      var block = code.parentElement;
      if (block.previousElementSibling && block.previousElementSibling.hasAttribute("data-atlas-save")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button atlas-record-save";
      button.setAttribute("data-atlas-save", "");
      button.textContent = "Save " + code.getAttribute("data-atlas-download");
      button.addEventListener("click", function () {
        save(code);
      });
      block.parentNode.insertBefore(button, block);
    });
  }

  function run() {
    linkBack();
    offerDownloads();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    if (!window.atlasCasePageHooked) {
      window.atlasCasePageHooked = true;
      window.document$.subscribe(run);
    }
    run();
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
