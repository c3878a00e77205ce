/* Search on demand: Material's search box and search worker, started only when the reader searches.
 *
 * Material's own script fetches its search index and starts its search worker on every page load,
 * before anyone searches; the atlas's search box (partials/search.html) is therefore not Material's
 * component, and this script runs it. Nothing is downloaded for search while the page loads. The
 * first letter typed into the search box (in the header, or on a phone behind its magnifier) starts
 * Material's worker (lunr, its URL from Material's configuration) and hands it the index
 * (search/search_index.json), with the messages Material itself sends it (re-check them when
 * Material is upgraded; tests/browser/test_search.py runs a search). Results are drawn with
 * Material's classes, so they look as Material's did in both schemes; every text of a result is put
 * in as text, only the worker's <mark> highlights kept.
 * Keys: "/", "s" or "f" open the search; arrows move through the results; Enter opens the first;
 * Escape closes it.
 */
(function () {
  "use strict";
  if (window.atlasSearch) return;
  var RESULTS = 10;
  var SECTIONS = 3;
  var WAIT_MS = 120;
  var EXCERPT = 320;  /* characters of a result's text */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  /* Material's worker messages (SearchMessageType) */
  var search = null;
  var latest = 0;
  var timer = null;

  var form = document.querySelector("[data-atlas-search-form]");
  var toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  var input = form.querySelector("[data-atlas-search-query]");
  var meta = document.querySelector("[data-atlas-search-meta]");
  var list = document.querySelector("[data-atlas-search-list]");
  var placeholder = meta.textContent.trim();

  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);  /* the site's root */

  /* Material's worker, given the index: a promise of a function from a query to its result. */
  function load() {
    if (!search) {
      search = fetch(new URL("search/search_index.json", root))
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(function (index) {
          return new Promise(function (resolve, reject) {
            var worker = new Worker(new URL(config.search, location.href));
            var waiting = [];
            worker.addEventListener("error", reject);
            worker.addEventListener("message", function (event) {
              if (event.data.type === READY) {
                resolve(function (query) {
                  return new Promise(function (answer) {
                    waiting.push(answer);
                    worker.postMessage({ type: QUERY, data: query });
                  });
                });
              } else if (event.data.type === RESULT && waiting.length) {
                waiting.shift()(event.data.data);
              }
            });
            var options = { suggest: false };
            worker.postMessage({ type: SETUP, data: { config: index.config, docs: index.docs, options: options } });
          });
        });
    }
    return search;
  }

  /* The worker's HTML (escaped text and <mark> highlights) as nodes: text as text, marks as marks. */
  function textNodes(html, limit) {
    var parsed = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html").body.firstChild;
    var nodes = [];
    var left = limit;
    parsed.childNodes.forEach(function (node) {
      if (left <= 0) return;
      var text = node.textContent.slice(0, left);
      left -= text.length;
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = text;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(text));
      }
    });
    if (left <= 0) nodes.push(document.createTextNode("…"));
    return nodes;
  }

  function item(location, title, text, section) {
    var url = new URL(location, root).href;
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (section ? "" : " md-search-result__article--document");
    var heading = document.createElement(section ? "h2" : "h1");
    textNodes(title, EXCERPT).forEach(function (node) { heading.appendChild(node); });
    var excerpt = document.createElement("p");
    textNodes(text, EXCERPT).forEach(function (node) { excerpt.appendChild(node); });
    article.appendChild(heading);
    article.appendChild(excerpt);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  /* The worker's result: a group of items per page, the page (or its best section) first. */
  function show(result) {
    var groups = result.items || [];
    list.textContent = "";
    var total = groups.length;
    meta.textContent = total === 0 ? "No matching pages" : total === 1 ? "1 matching page" : total + " matching pages";
    groups.slice(0, RESULTS).forEach(function (group) {
      var page = group[0];
      list.appendChild(item(page.location, page.title, page.text, false));
      group.slice(1, 1 + SECTIONS).forEach(function (part) {
        list.appendChild(item(part.location, part.title, part.text, true));
      });
    });
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.textContent = "";
      meta.textContent = placeholder;
      return;
    }
    meta.textContent = "Searching…";
    load()
      .then(function (ask) { return ask(query); })
      .then(function (result) {
        if (ticket === latest) show(result);
      })
      .catch(function () {
        if (ticket === latest) meta.textContent = "Search needs the site to be served over HTTP(S).";
      });
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() {
    return [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, WAIT_MS);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) toggle.checked = false;
  });

  /* Focus that leaves the search box and its results (Tab onwards, a click elsewhere) closes the
   * search, so that its keys (arrows, Enter) go back to the page: a filter's select, for one. */
  function inSearch(element) {
    return !!element && (form.contains(element) || list.contains(element));
  }
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && !inSearch(event.target)) toggle.checked = false;
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked || !inSearch(active)) {
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && active === input) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var all = links();
      var at = Math.max(0, all.indexOf(active));
      var next = (at + (event.key === "ArrowDown" ? 1 : -1) + all.length) % all.length;
      all[next].focus();
      event.preventDefault();
    }
  });

  window.atlasSearch = { load: load };
})();
