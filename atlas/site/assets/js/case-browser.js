/* Case browser: filters and sortable columns for the plain HTML table of cases.
 *
 * The table works without this script. The script reads every row once (values, sort keys,
 * search text) and keeps the row elements; filtering and sorting are array operations, and
 * only the first `data-page-size` matching rows are put back into the table ("Show more"
 * adds the next ones). Re-laying out thousands of rows takes Chromium far longer than the
 * filtering itself, so the table the browser lays out stays small however many cases exist.
 * It writes text only (textContent), never HTML, so contributor text cannot become markup.
 * With Material's instant navigation the page is initialised again through `document$`.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function readTable(table) {
    var missing = table.getAttribute("data-missing");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var columns = headers.map(function (th, index) {
      return {
        th: th,
        index: index,
        key: th.getAttribute("data-key"),
        numeric: th.hasAttribute("data-numeric"),
        label: th.textContent,
      };
    });
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr, position) {
      var values = [];
      var keys = [];
      var cells = tr.cells;
      for (var i = 0; i < columns.length; i++) {
        var text = cells[i] ? cells[i].textContent.trim() : missing;
        var absent = text === missing;
        values.push(absent ? null : text);
        keys.push(absent ? null : columns[i].numeric ? parseFloat(text) : text);
      }
      return { tr: tr, values: values, keys: keys, position: position, text: fold(tr.textContent) };
    });
    return { missing: missing, columns: columns, rows: rows };
  }

  function columnIndex(model, key) {
    for (var i = 0; i < model.columns.length; i++) {
      if (model.columns[i].key === key) return i;
    }
    return -1;
  }

  function readFilters(form, model) {
    var choices = [];
    var yearMin = null;
    var yearMax = null;
    var text = "";
    form.querySelectorAll("[data-filter]").forEach(function (control) {
      var key = control.getAttribute("data-filter");
      var value = control.value.trim();
      if (value === "") return;
      if (key === "text") {
        text = fold(value);
      } else if (key === "year") {
        var year = parseFloat(value);
        if (isNaN(year)) return;
        if (control.getAttribute("data-bound") === "min") yearMin = year;
        else yearMax = year;
      } else {
        choices.push({ index: columnIndex(model, key), value: value === model.missing ? null : value });
      }
    });
    return { choices: choices, yearMin: yearMin, yearMax: yearMax, yearIndex: columnIndex(model, "year"), text: text };
  }

  function matches(row, filters) {
    for (var i = 0; i < filters.choices.length; i++) {
      var choice = filters.choices[i];
      if (row.values[choice.index] !== choice.value) return false;
    }
    if (filters.yearMin !== null || filters.yearMax !== null) {
      var year = row.keys[filters.yearIndex];
      if (year === null) return false;
      if (filters.yearMin !== null && year < filters.yearMin) return false;
      if (filters.yearMax !== null && year > filters.yearMax) return false;
    }
    return filters.text === "" || row.text.indexOf(filters.text) !== -1;
  }

  function applyFilters(state) {
    var filters = readFilters(state.form, state.model);
    var signature = JSON.stringify(filters);
    if (signature === state.applied) return; /* "input" and "change" both fire for a select */
    state.applied = signature;
    state.matching = state.order.filter(function (row) {
      return matches(row, filters);
    });
    state.limit = state.pageSize;
    render(state);
  }

  function render(state) {
    var listed = state.matching.slice(0, state.limit);
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < listed.length; i++) fragment.appendChild(listed[i].tr);
    state.body.replaceChildren(fragment);
    var total = state.model.rows.length;
    state.count.textContent =
      state.matching.length + " of " + total + " case" + (total === 1 ? "" : "s") + " shown";
    var rest = state.matching.length - listed.length;
    state.more.hidden = rest <= 0;
    if (rest > 0) {
      state.moreText.textContent = "Listing " + listed.length + " of " + state.matching.length + ".";
      state.moreButton.textContent = "Show " + Math.min(rest, state.pageSize) + " more";
    }
  }

  function compareRows(index, direction) {
    return function (a, b) {
      var x = a.keys[index];
      var y = b.keys[index];
      if (x === null || y === null) {
        if (x === y) return a.position - b.position;
        return x === null ? 1 : -1; /* not reported stays last in both directions */
      }
      var order = typeof x === "number" ? x - y : collator.compare(x, y);
      return order !== 0 ? direction * order : a.position - b.position;
    };
  }

  function sortBy(state, column) {
    var current = column.th.getAttribute("aria-sort");
    var direction = current === "ascending" ? -1 : 1;
    var compare = compareRows(column.index, direction);
    state.order = state.model.rows.slice().sort(compare);
    state.matching = state.matching.slice().sort(compare);
    render(state);
    state.model.columns.forEach(function (other) {
      if (other === column) other.th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      else other.th.removeAttribute("aria-sort");
    });
  }

  function addSortButtons(state) {
    state.model.columns.forEach(function (column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-sort";
      button.textContent = column.label;
      var arrow = document.createElement("span");
      arrow.className = "atlas-sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      column.th.textContent = "";
      column.th.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(state, column);
      });
    });
    state.model.columns[0].th.setAttribute("aria-sort", "ascending");
  }

  function init() {
    var table = document.querySelector("table[data-atlas-cases]");
    var form = document.querySelector("form[data-atlas-filters]");
    if (!table || !form || !document.querySelector("[data-atlas-more]")) return;
    if (table.hasAttribute("data-atlas-ready")) return;
    table.setAttribute("data-atlas-ready", "");
    var more = document.querySelector("[data-atlas-more]");
    var model = readTable(table);
    var state = {
      body: table.tBodies[0],
      form: form,
      count: form.querySelector("[data-atlas-count]"),
      more: more,
      moreText: more.querySelector("[data-atlas-more-text]"),
      moreButton: more.querySelector("[data-atlas-more-button]"),
      model: model,
      order: model.rows.slice(),
      matching: model.rows.slice(),
      pageSize: parseInt(table.getAttribute("data-page-size"), 10) || 100,
      limit: 0,
      applied: null,
    };
    addSortButtons(state);
    state.moreButton.addEventListener("click", function () {
      state.limit += state.pageSize;
      render(state);
    });
    more.querySelector("[data-atlas-all-button]").addEventListener("click", function () {
      state.limit = state.matching.length;
      render(state);
    });
    var update = function () {
      applyFilters(state);
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.querySelector("[data-atlas-clear]").addEventListener("click", function () {
      form.reset();
      update();
    });
    form.hidden = false;
    update();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    if (!window.atlasCaseBrowserHooked) {
      window.atlasCaseBrowserHooked = true;
      window.document$.subscribe(init);
    }
    init();
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
