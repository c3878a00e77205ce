/* Interactive charts on demand: plotly.js is fetched only when the reader explores a chart.
 *
 * Every chart is in the page as an SVG drawing made when the site was built, which needs no script.
 * Moving the mouse over a chart, tapping it, or pressing its "Explore the chart" button fetches
 * plotly.js (once, from beside this script) and the chart's figure (`data-figure`: JSON beside the
 * chart's CSV file, whose download link follows the chart), and
 * Plotly draws the chart in the SVG's place at the SVG's height, so nothing below it moves. The
 * SVG stays in the page for paper (atlas.css prints it instead). Explored charts follow Material's
 * palette toggle (colours from the theme's CSS variables; the figure's layout.meta.darkColors lists
 * the swaps for the dark scheme) and its instant navigation (Material's document$).
 */
(function () {
  "use strict";
  if (window.atlasCharts) {
    return;
  }
  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };
  var ownSource = document.currentScript ? document.currentScript.src : "";
  var drawn = [];
  var plotly = null;  /* window.Plotly, once loaded */
  var plotlyReady = null;

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

  /* Pushes the plot (and the legend anchored to it) down until the subtitle is clear of the legend,
   * within the same height. */
  function makeRoom(element, layout) {
    var overlap = legendOverlap(element);
    if (!overlap) return null;
    var margin = Object.assign({}, layout.margin);
    margin.t = (margin.t || 0) + overlap;
    return plotly.relayout(element, { margin: margin });
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
    var width = Math.ceil(element.getBoundingClientRect().width + cut + 16);
    element.style.minWidth = width + "px";
    element.parentElement.classList.add("atlas-chart-scroll");
    return plotly.relayout(element, { width: width }).then(function () {
      if (window.atlasTables) window.atlasTables.watch();
      return widenIfCut(element, tries - 1);
    });
  }

  /* Once drawn, widened and clear of its legend, the plot carries data-atlas-drawn: its layout no
   * longer moves (what waits for a chart, such as a test pointing at it, waits for that). */
  function render(plot) {
    var figure = themed(plot.atlasFigure);
    figure.layout.height = plot.atlasHeight;
    plot.removeAttribute("data-atlas-drawn");
    return plotly.react(plot, figure.data, figure.layout, CONFIG)
      .then(function () { return widenIfCut(plot, 3); })
      .then(function () { return makeRoom(plot, figure.layout); })
      .then(function () { plot.setAttribute("data-atlas-drawn", ""); });
  }

  /* plotly.js, fetched from beside this script the first time a chart is explored. */
  function loadPlotly() {
    if (!plotlyReady) {
      plotlyReady = new Promise(function (resolve, reject) {
        if (window.Plotly) {
          plotly = window.Plotly;
          resolve();
          return;
        }
        var loader = document.createElement("script");
        loader.src = ownSource.replace(/atlas-charts\.js([?#].*)?$/, "plotly-basic.min.js");
        loader.setAttribute("data-atlas-plotly", "");
        loader.addEventListener("load", function () { plotly = window.Plotly; resolve(); }, { once: true });
        loader.addEventListener("error", reject, { once: true });
        document.head.appendChild(loader);
      });
    }
    return plotlyReady;
  }

  /* The figure's JSON lies beside the chart's CSV file, whose link the page already resolves. */
  function loadFigure(chart) {
    var name = chart.getAttribute("data-figure");
    var csv = document.querySelector('a.atlas-csv[download="' + name.replace(/\.figure\.json$/, ".csv") + '"]');
    var source = new URL(name, csv ? csv.href : document.baseURI);
    return fetch(source).then(function (response) {
      if (!response.ok) throw new Error("figure " + source + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* The chart drawn by Plotly in its SVG's place (once; later calls return the same promise). */
  function explore(chart) {
    if (chart.atlasExplored) return chart.atlasExplored;
    var drawing = chart.querySelector(".atlas-svg-box");
    var height = Math.round(drawing.getBoundingClientRect().height);
    chart.atlasExplored = Promise.all([loadPlotly(), loadFigure(chart)]).then(function (loaded) {
      var plot = document.createElement("div");
      plot.className = "atlas-plot";
      plot.setAttribute("role", "img");
      plot.setAttribute("aria-label", chart.getAttribute("data-label") || "");
      plot.style.height = height + "px";
      plot.atlasFigure = loaded[1];
      plot.atlasHeight = height;
      var box = document.createElement("div");
      box.appendChild(plot);
      chart.appendChild(box);
      chart.classList.add("atlas-chart--live");
      var button = chart.parentElement.querySelector(".atlas-explore");
      if (button) button.hidden = true;
      drawn.push(plot);
      return render(plot);
    });
    return chart.atlasExplored;
  }

  function watch(chart) {
    if (chart.atlasWatched) return;
    chart.atlasWatched = true;
    var go = function () { explore(chart); };
    chart.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") go();
    });
    chart.addEventListener("click", go);
    var button = chart.parentElement.querySelector(".atlas-explore");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", go);
    }
  }

  function onPage() {
    drawn = drawn.filter(function (plot) {
      if (!plot.isConnected) {
        if (plotly) plotly.purge(plot);
        return false;
      }
      return true;
    });
    document.querySelectorAll(".atlas-chart[data-figure]").forEach(watch);
  }

  new MutationObserver(function () {
    if (plotly) drawn.forEach(render);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  window.atlasCharts = {
    explore: function (selector) { return explore(document.querySelector(selector)); },
  };
})();
