/* Search on demand: Material's search box, answered by Pagefind, fetched only when the reader searches.
 *
 * Nothing is downloaded for search while the page loads. The first letter typed into the search box
 * (in the header, or on a phone behind its magnifier) imports Pagefind's script from the site's
 * pagefind/ folder, which then fetches its WebAssembly and only the chunks of the index that the
 * query needs. Results are drawn with Material's own classes, so they look as Material's did in both
 * schemes; every text of a result (title, excerpt) is put in as text, only Pagefind's <mark> kept.
 * Keys: "/", "s" or "f" open the search; arrows move through the results; Enter opens the first;
 * Escape closes it.
 */
(function () {
  "use strict";
  if (window.atlasSearch) return;
  var RESULTS = 10;
  var SECTIONS = 3;
  var WAIT_MS = 120;
  var pagefind = null;
  var latest = 0;
  var timer = null;

  var form = document.querySelector("[data-atlas-search-form]");
  var toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  var input = form.querySelector("[data-atlas-search-query]");
  var meta = document.querySelector("[data-atlas-search-meta]");
  var list = document.querySelector("[data-atlas-search-list]");
  var placeholder = meta.textContent.trim();

  /* The site's root, from Material's configuration (relative to this page). */
  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function load() {
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return Promise.resolve(module.options({ baseUrl: root.pathname })).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  /* Pagefind's excerpt as nodes: its text as text, its <mark> elements as marks, nothing else. */
  function excerptNodes(excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html").body;
    var nodes = [];
    parsed.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function item(url, title, excerpt, section) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (section ? "" : " md-search-result__article--document");
    var heading = document.createElement(section ? "h2" : "h1");
    heading.textContent = title;
    var text = document.createElement("p");
    excerptNodes(excerpt).forEach(function (node) { text.appendChild(node); });
    article.appendChild(heading);
    article.appendChild(text);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function show(total, pages) {
    list.textContent = "";
    meta.textContent = total === 0 ? "No matching pages" : total === 1 ? "1 matching page" : total + " matching pages";
    pages.forEach(function (page) {
      list.appendChild(item(page.url, page.meta.title || page.url, page.excerpt, false));
      (page.sub_results || [])
        .filter(function (part) { return part.url !== page.url && part.title !== page.meta.title; })
        .slice(0, SECTIONS)
        .forEach(function (part) { list.appendChild(item(part.url, part.title, part.excerpt, true)); });
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
      .then(function (found) { return found.search(query); })
      .then(function (search) {
        if (ticket !== latest) return null;
        var first = search.results.slice(0, RESULTS).map(function (result) { return result.data(); });
        return Promise.all(first).then(function (pages) {
          if (ticket === latest) show(search.results.length, pages);
        });
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

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked) {
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
