/* Wide tables on narrow screens: a table wider than its box scrolls sideways, and says so.
 *
 * On a phone a table that scrolls inside its box looks complete: the columns past the right edge
 * are simply not there. For every scroll box (ours, .atlas-table-scroll and .atlas-chart-scroll,
 * and Material's .md-typeset__scrollwrap) this marks the sides that hide content (data-atlas-more="right",
 * "left" or "both"; CSS shades those edges) and shows a line before the table saying that it
 * scrolls. Only text and attributes are written. With Material's instant navigation the page is
 * set up again through `document$`; resizing and scrolling update the marks.
 */
(function () {
  "use strict";
  if (window.atlasTables) return;
  var SELECTOR = ".atlas-table-scroll, .md-typeset__scrollwrap, .atlas-chart-scroll";
  var boxes = [];

  function hidden(box) {
    var left = box.scrollLeft > 1;
    var right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    return left && right ? "both" : left ? "left" : right ? "right" : "";
  }

  function cueFor(box) {
    var cue = box.previousElementSibling;
    if (cue && cue.hasAttribute("data-atlas-scroll-cue")) return cue;
    cue = document.createElement("p");
    cue.className = "atlas-scroll-cue";
    cue.setAttribute("data-atlas-scroll-cue", "");
    cue.setAttribute("data-search-exclude", "controls");
    cue.textContent = box.classList.contains("atlas-chart-scroll")
      ? "This chart is wider than the screen: scroll it sideways to see all of it ⇆"
      : "This table is wider than the screen: scroll it sideways for more columns ⇆";
    box.parentNode.insertBefore(cue, box);
    return cue;
  }

  function mark(box) {
    var side = hidden(box);
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    if (side) box.setAttribute("data-atlas-more", side);
    else box.removeAttribute("data-atlas-more");
    if (overflowing) {
      box.setAttribute("tabindex", "0"); /* a keyboard can scroll it too */
      cueFor(box).hidden = false;
    } else if (box.previousElementSibling && box.previousElementSibling.hasAttribute("data-atlas-scroll-cue")) {
      box.previousElementSibling.hidden = true;
    }
  }

  function markAll() {
    boxes = boxes.filter(function (box) {
      return box.isConnected;
    });
    boxes.forEach(mark);
  }

  function setUp() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      if (boxes.indexOf(box) !== -1) return;
      boxes.push(box);
      box.addEventListener("scroll", function () {
        mark(box);
      }, { passive: true });
      if (window.ResizeObserver) new ResizeObserver(function () { mark(box); }).observe(box);
      var table = box.querySelector("table");
      if (table && window.ResizeObserver) new ResizeObserver(function () { mark(box); }).observe(table);
      mark(box);
    });
  }

  window.addEventListener("resize", markAll);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  window.atlasTables = { update: markAll, watch: setUp };
})();
