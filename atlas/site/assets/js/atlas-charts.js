/* Draws the atlas's charts from the figure JSON embedded in each page.
 *
 * Each chart is a <div class="atlas-chart" data-figure="ID"> with its figure as JSON text in
 * <template id="ID"> (not in a <script> element: Material's instant navigation re-creates every
 * script of the new page without its type, which would run the JSON as code). The charts follow Material's palette toggle
 * (colours taken from the theme's CSS variables; the figure's layout.meta.darkColors lists the
 * palette swaps for the dark scheme) and its instant navigation (Material's document$), in which
 * case plotly.js is fetched from beside this script the first time a page with charts appears.
 */
(function () {
  "use strict";
  if (window.atlasCharts) {
    return;
  }
  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };
  /* Width of a chart on paper: fits A4 and US Letter portrait inside the browser's default margins. */
  var PRINT_WIDTH_PX = 640;
  var ownSource = document.currentScript ? document.currentScript.src : "";
  var drawn = [];

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  /* A deep copy in which every string found in `swaps` is replaced (colours for the dark scheme). */
  function swapped(value, swaps) {
    if (typeof value === "string") {
      return Object.prototype.hasOwnProperty.call(swaps, value) ? swaps[value] : value;
    }
    if (Array.isArray(value)) {
      return value.map(function (item) { return swapped(item, swaps); });
    }
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = swapped(value[key], swaps); });
      return copy;
    }
    return value;
  }

  function themed(figure) {
    var meta = figure.layout.meta || {};
    var swaps = isDark() && meta.darkColors ? meta.darkColors : {};
    var data = swapped(figure.data, swaps);
    var layout = swapped(figure.layout, swaps);
    var style = getComputedStyle(document.body);
    var text = style.getPropertyValue("--md-default-fg-color").trim() || style.color;
    var lines = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "rgba(128,128,128,0.3)";
    layout.paper_bgcolor = "rgba(0,0,0,0)";
    layout.plot_bgcolor = "rgba(0,0,0,0)";
    layout.font = Object.assign({}, layout.font, { color: text, family: style.fontFamily });
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        Object.assign(layout[key], { gridcolor: lines, linecolor: lines, zerolinecolor: lines });
      }
    });
    return { data: data, layout: layout };
  }

  /* How far the subtitle runs into the legend. On a phone a horizontal legend wraps onto more lines,
   * and as it is anchored to the top of the plot it grows upwards, over the subtitle. */
  function legendOverlap(element) {
    var subtitle = element.querySelector(".gtitle-subtitle");
    var legend = element.querySelector(".legend");
    if (!subtitle || !legend) return 0;
    var bottom = subtitle.getBoundingClientRect().bottom;
    var top = legend.getBoundingClientRect().top;
    return bottom > top ? Math.ceil(bottom - top) + 6 : 0;
  }

  /* Pushes the plot (and the legend anchored to it) down until the subtitle is clear of the legend. */
  function makeRoom(element, layout) {
    var overlap = legendOverlap(element);
    if (!overlap) return null;
    var margin = Object.assign({}, layout.margin);
    margin.t = (margin.t || 0) + overlap;
    var update = { margin: margin };
    if (layout.height) update.height = layout.height + overlap;
    return window.Plotly.relayout(element, update);
  }

  /* How many pixels of the longest y-axis label fall off the chart's left edge (long field names on a phone). */
  function labelsCut(element) {
    var left = element.getBoundingClientRect().left;
    var leftmost = left;
    element.querySelectorAll(".ytick text").forEach(function (label) {
      leftmost = Math.min(leftmost, label.getBoundingClientRect().left);
    });
    return Math.ceil(left - leftmost);
  }

  /* A chart whose labels do not fit the screen is drawn wider, in a box that scrolls sideways (which
   * atlas-tables.js marks with a scroll cue), rather than with its labels cut off. */
  function widenIfCut(element, tries) {
    var cut = labelsCut(element);
    if (cut <= 1 || tries <= 0) return null;
    var box = element.parentElement;
    if (!box.classList.contains("atlas-chart-scroll")) {
      box = document.createElement("div");
      box.className = "atlas-chart-scroll";
      element.parentElement.insertBefore(box, element);
      box.appendChild(element);
    }
    var width = Math.ceil(element.getBoundingClientRect().width + cut + 16);
    element.style.minWidth = width + "px";
    return window.Plotly.relayout(element, { width: width }).then(function () {
      if (window.atlasTables) window.atlasTables.watch();
      return widenIfCut(element, tries - 1);
    });
  }

  /* `width`: a fixed width (paper), else the column's; a chart drawn for paper is not widened.
   * Once drawn, widened and clear of its legend, the chart carries data-atlas-drawn: its layout
   * no longer moves (what waits for a chart, such as a test pointing at it, waits for that). */
  function render(element, width) {
    var figure = themed(element.atlasFigure);
    if (width) {
      figure.layout.width = width;
    }
    element.removeAttribute("data-atlas-drawn");
    return window.Plotly.react(element, figure.data, figure.layout, CONFIG)
      .then(function () {
        return width ? null : widenIfCut(element, 3);
      })
      .then(function () {
        return makeRoom(element, figure.layout);
      })
      .then(function () {
        element.setAttribute("data-atlas-drawn", "");
      });
  }

  /* Plotly sizes a chart to the screen; the printed page is narrower, so charts are redrawn to fit
     it before printing and redrawn to the screen afterwards. */
  function drawAll(width) {
    if (window.Plotly) {
      drawn.forEach(function (element) { render(element, width); });
    }
  }
  window.addEventListener("beforeprint", function () { drawAll(PRINT_WIDTH_PX); });
  window.addEventListener("afterprint", function () {
    if (window.Plotly) {  /* back to the width of the screen's column */
      drawn.forEach(function (element) {
        window.Plotly.relayout(element, { width: null, autosize: true }).then(function () {
          return widenIfCut(element, 3);
        });
      });
    }
  });

  function drawPage() {
    drawn = drawn.filter(function (element) {
      if (!element.isConnected) {
        window.Plotly.purge(element);
        return false;
      }
      return true;
    });
    document.querySelectorAll(".atlas-chart[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-figure"));
      if (!source || drawn.indexOf(element) !== -1) {
        return;
      }
      element.atlasFigure = JSON.parse(source.content ? source.content.textContent : source.textContent);
      drawn.push(element);
      render(element);
    });
  }

  /* Runs `then` once plotly.js is there, loading it from beside this script if no page loaded it. */
  function withPlotly(then) {
    if (window.Plotly) {
      then();
      return;
    }
    var loader = document.querySelector("script[data-atlas-plotly]");
    if (!loader) {
      loader = document.createElement("script");
      loader.src = ownSource.replace(/atlas-charts\.js([?#].*)?$/, "plotly-basic.min.js");
      loader.setAttribute("data-atlas-plotly", "");
      document.head.appendChild(loader);
    }
    loader.addEventListener("load", then, { once: true });
  }

  function onPage() {
    if (document.querySelector(".atlas-chart[data-figure]")) {
      withPlotly(drawPage);
    }
  }

  new MutationObserver(function () {
    drawAll(null);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  window.atlasCharts = { redraw: function () { drawAll(null); } };
})();
