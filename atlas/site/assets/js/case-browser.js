/* Case browser: filters and sortable columns for the plain HTML table of cases.
 *
 * The table works without this script. The script reads every row once (values, sort keys,
 * search text) and keeps the row elements; filtering and sorting are array operations, and
 * only the first `data-page-size` matching rows are put back into the table ("Show more"
 * adds the next ones). Re-laying out thousands of rows takes Chromium far longer than the
 * filtering itself, so the table the browser lays out stays small however many cases exist.
 * It writes text only (textContent), never HTML, so contributor text cannot become markup.
 * With Material's instant navigation the page is initialised again through `document$`.
 *
 * The address is the one record of what is filtered and how the list is sorted: every control
 * has a `name`, and each change rewrites the query (`?sex=female&age-from=48&sort=-age`) with
 * history.replaceState, so Back, Forward, a bookmark or a shared link show the same list. On load,
 * and on `pageshow` when the browser brings the page back from its cache, the controls are set from
 * the address and the table follows them (the form has autocomplete="off": the browser does not
 * restore values of its own that the table would not show). "Clear filters" clears the address too.
 * Opening a case from the list leaves its address in sessionStorage, so that the case page can
 * link back to this list (case-page.js). While the filters are on screen, Material's "Back to
 * top" button is hidden: on a phone it floated over them.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  var NOT_REPORTED = "not-reported"; /* a "not reported" choice, in the address */
  var EXCLUDE = "exclude"; /* a range's "include the cases without a value", unticked */
  var RETURN_KEY = "atlas-case-browser-return"; /* read by case-page.js */
  /* Shared by every run of this script (instant navigation runs it on each arrival): the browser on
   * the page now, which `pageshow` sets from the address again, and the filters' observer. */
  var shared = window.atlasCaseBrowser || (window.atlasCaseBrowser = { current: null, observer: null });

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

  /* Range filters: any numeric column whose controls carry data-bound (min, max, and "missing",
   * a checkbox: whether cases without the value stay listed while a bound is set). */
  function readRange(ranges, model, control, key) {
    if (!ranges[key]) ranges[key] = { key: key, index: columnIndex(model, key), min: null, max: null, missing: true };
    var range = ranges[key];
    var bound = control.getAttribute("data-bound");
    if (bound === "missing") {
      range.missing = control.checked;
      return;
    }
    var number = parseFloat(control.value);
    if (control.value.trim() === "" || isNaN(number)) return;
    range[bound] = number;
  }

  function readFilters(form, model) {
    var choices = [];
    var ranges = {};
    var text = "";
    form.querySelectorAll("[data-filter]").forEach(function (control) {
      var key = control.getAttribute("data-filter");
      if (control.hasAttribute("data-bound")) {
        readRange(ranges, model, control, key);
        return;
      }
      var value = control.value.trim();
      if (value === "") return;
      if (key === "text") {
        text = fold(value);
      } else {
        choices.push({ index: columnIndex(model, key), value: value === model.missing ? null : value });
      }
    });
    var active = Object.keys(ranges)
      .sort()
      .map(function (key) {
        return ranges[key];
      })
      .filter(function (range) {
        return range.min !== null || range.max !== null;
      });
    return { choices: choices, ranges: active, text: text };
  }

  function inRange(row, range) {
    var value = row.keys[range.index];
    if (value === null) return range.missing;
    if (range.min !== null && value < range.min) return false;
    return range.max === null || value <= range.max;
  }

  function matches(row, filters) {
    for (var i = 0; i < filters.choices.length; i++) {
      var choice = filters.choices[i];
      if (row.values[choice.index] !== choice.value) return false;
    }
    for (var j = 0; j < filters.ranges.length; j++) {
      if (!inRange(row, filters.ranges[j])) return false;
    }
    return filters.text === "" || row.text.indexOf(filters.text) !== -1;
  }

  /* Says how many listed cases lack a value that a range filter is set on: never a silent choice. */
  function rangeNote(state, filters) {
    var notes = [];
    filters.ranges.forEach(function (range) {
      var label = state.model.columns[range.index].label.replace(/ \(.*\)$/, "").toLowerCase();
      if (range.missing) {
        var without = state.matching.filter(function (row) {
          return row.keys[range.index] === null;
        }).length;
        if (without > 0) notes.push(without + " listed with no " + label + " reported");
      } else {
        notes.push("cases with no " + label + " reported are left out");
      }
    });
    return notes.length ? "Of these: " + notes.join("; ") + "." : "";
  }

  function applyFilters(state) {
    writeAddress(state);
    var filters = readFilters(state.form, state.model);
    var signature = JSON.stringify(filters);
    if (signature === state.applied) return; /* "input" and "change" both fire for a select */
    state.applied = signature;
    state.matching = state.order.filter(function (row) {
      return matches(row, filters);
    });
    state.limit = state.pageSize;
    state.note.textContent = rangeNote(state, filters);
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
    state.empty.hidden = state.matching.length > 0;
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

  function toggleSort(state, column) {
    var direction = column.th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    sortBy(state, column, direction);
    writeAddress(state);
  }

  function sortBy(state, column, direction) {
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
        toggleSort(state, column);
      });
    });
    state.model.columns[0].th.setAttribute("aria-sort", "ascending");
  }


  /* ---- The address: the controls' names and values, and the sort ---- */

  function controlsOf(form) {
    return Array.prototype.slice.call(form.querySelectorAll("[data-filter][name]"));
  }

  function addressValue(state, control) {
    if (control.type === "checkbox") return control.checked ? "" : EXCLUDE;
    var value = control.value.trim();
    return value === state.model.missing ? NOT_REPORTED : value;
  }

  function sortParameter(state) {
    for (var i = 0; i < state.model.columns.length; i++) {
      var column = state.model.columns[i];
      var order = column.th.getAttribute("aria-sort");
      if (!order) continue;
      if (i === 0 && order === "ascending") return ""; /* the table's own order */
      return (order === "descending" ? "-" : "") + column.key;
    }
    return "";
  }

  function writeAddress(state) {
    var parameters = new URLSearchParams();
    controlsOf(state.form).forEach(function (control) {
      var value = addressValue(state, control);
      if (value !== "") parameters.append(control.name, value);
    });
    var sort = sortParameter(state);
    if (sort) parameters.append("sort", sort);
    var query = parameters.toString();
    var address = location.pathname + (query ? "?" + query : "") + location.hash;
    if (address !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", address); /* Material keeps its own state there */
    }
  }

  function setControl(state, control, value) {
    if (control.type === "checkbox") {
      control.checked = value !== EXCLUDE;
    } else if (control.tagName === "SELECT") {
      var wanted = value === NOT_REPORTED ? state.model.missing : value;
      var offered = Array.prototype.some.call(control.options, function (option) {
        return option.value === wanted;
      });
      control.value = offered ? wanted : ""; /* a value the data cannot have is not applied */
    } else if (control.type === "number") {
      control.value = isNaN(parseFloat(value)) ? "" : String(parseFloat(value));
    } else {
      control.value = value;
    }
  }

  /* The controls and the sort as the address says; what it does not name is left at its default. */
  function readAddress(state) {
    var parameters = new URLSearchParams(location.search);
    state.form.reset();
    controlsOf(state.form).forEach(function (control) {
      var value = parameters.get(control.name);
      if (value !== null && value.trim() !== "") setControl(state, control, value.trim());
    });
    var sort = parameters.get("sort") || "";
    var descending = sort.charAt(0) === "-";
    var index = columnIndex(state.model, descending ? sort.slice(1) : sort);
    state.order = state.model.rows.slice();
    state.matching = state.model.rows.slice();
    sortBy(state, state.model.columns[index < 0 ? 0 : index], index >= 0 && descending ? -1 : 1);
    state.applied = null;
    applyFilters(state);
  }

  /* Opening a case: its page can then link back to this list, as filtered now. */
  function rememberList(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !location.search) {
      if (link) sessionStorage.removeItem(RETURN_KEY);
      return;
    }
    var count = document.querySelector("[data-atlas-count]");
    try {
      sessionStorage.setItem(
        RETURN_KEY,
        JSON.stringify({ page: link.pathname, list: location.pathname + location.search, shown: count ? count.textContent : "" })
      );
    } catch (error) {
      /* storage refused (private mode, quota): the case page links to the whole list */
    }
  }

  /* Material's "Back to top" button stays hidden while the filters are on screen. */
  function watchFilters(form) {
    if (shared.observer) shared.observer.disconnect();
    shared.observer = null;
    document.documentElement.removeAttribute("data-atlas-filters-in-view");
    if (!form || typeof IntersectionObserver === "undefined") return;
    shared.observer = new IntersectionObserver(function (entries) {
      var visible = entries[entries.length - 1].isIntersecting;
      document.documentElement.toggleAttribute("data-atlas-filters-in-view", visible);
    });
    shared.observer.observe(form);
  }

  function init() {
    var table = document.querySelector("table[data-atlas-cases]");
    var form = document.querySelector("form[data-atlas-filters]");
    if (!table || !form || !document.querySelector("[data-atlas-more]") || !document.querySelector("[data-atlas-empty]")) {
      if (!table) {
        shared.current = null;
        watchFilters(null);
      }
      return;
    }
    if (table.hasAttribute("data-atlas-ready")) return;
    table.setAttribute("data-atlas-ready", "");
    var more = document.querySelector("[data-atlas-more]");
    var model = readTable(table);
    var state = {
      body: table.tBodies[0],
      form: form,
      count: form.querySelector("[data-atlas-count]"),
      note: form.querySelector("[data-atlas-note]"),
      empty: document.querySelector("[data-atlas-empty]"),
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
    var clear = function () {
      form.reset();
      update();
    };
    table.tBodies[0].addEventListener("click", rememberList);
    form.querySelector("[data-atlas-clear]").addEventListener("click", clear);
    state.empty.querySelector("[data-atlas-clear-empty]").addEventListener("click", function () {
      clear();
      form.querySelector("[data-filter]").focus();
    });
    form.hidden = false;
    shared.current = state;
    readAddress(state);
    watchFilters(form);
  }

  /* A page brought back from the browser's cache keeps its table; the address still decides. */
  function onPageShow(event) {
    var state = shared.current;
    if (event.persisted && state && document.contains(state.form)) readAddress(state);
  }

  if (!shared.pageshow) {
    shared.pageshow = true;
    window.addEventListener("pageshow", onPageShow);
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
