/* Case pages: the link back to the case browser returns to the list the reader opened this case from.
 *
 * When a case is opened from a filtered list, case-browser.js leaves in sessionStorage the list's
 * address and the case page's path. If this page is that case page, its links marked
 * data-atlas-return lead back to that address ("3 of 14 cases shown"); otherwise they lead to the
 * whole list, as they do without JavaScript. Only an address of this site's case browser is used,
 * and only text is written. With Material's instant navigation it runs again through `document$`.
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

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    if (!window.atlasCaseReturnHooked) {
      window.atlasCaseReturnHooked = true;
      window.document$.subscribe(linkBack);
    }
    linkBack();
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", linkBack);
  } else {
    linkBack();
  }
})();
