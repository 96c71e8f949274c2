/* CCHC site scripts: Pagefind search with Vietnamese đ/d folding, and the
 * procedure finder. Everything here is progressive enhancement: without
 * JavaScript every page still lists its content. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", location.href);
  var pagefind = null;

  /* Lower-case without accents; đ is a letter of its own and maps to d by hand. */
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* ------------------------------------------------------------ search */

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* One query as typed. Pagefind folds tone marks; the đ/d folding it lacks is in
   * the index itself (each page's đ-words are indexed once more without đ). */
  function search(query) {
    return loadPagefind().then(function (pf) {
      return pf.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); })).then(function (data) {
        return { total: found.results.length, items: byTitle(query, data).slice(0, 10) };
      });
    });
  }

  /* Tone folding makes short queries ambiguous ("duong" is đường and dưỡng),
   * so a page whose title holds the query outranks one that merely repeats
   * its words. The sort is stable: Pagefind's order holds within each tier. */
  function byTitle(query, items) {
    var q = fold(query).trim().replace(/\s+/g, " ");
    var words = q.split(" ");
    var tier = function (item) {
      var title = fold(item.meta.title || "");
      if (title.indexOf(q) !== -1) return 0;
      return words.every(function (w) { return title.indexOf(w) !== -1; }) ? 1 : 2;
    };
    return items.map(function (item, i) { return { item: item, tier: tier(item), i: i }; })
      .sort(function (a, b) { return a.tier - b.tier || a.i - b.i; })
      .map(function (entry) { return entry.item; });
  }

  function renderResults(list, status, found, query) {
    list.innerHTML = "";
    list.setAttribute("data-query", query);
    status.textContent = found.total === 0 ? "Không tìm thấy kết quả" : found.total + " kết quả";
    found.items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = new URL(item.meta.url, base).href; /* the page's address; item.url is its search record's */
      var article = document.createElement("article");
      article.className = "md-search-result__article";
      var h = document.createElement("h3");
      h.textContent = item.meta.title || item.meta.url;
      var p = document.createElement("p");
      p.innerHTML = item.excerpt; /* Pagefind escapes the text and adds only <mark> */
      article.appendChild(h);
      article.appendChild(p);
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function bindSearch(input, list, status) {
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value;
      timer = setTimeout(function () {
        var ticket = ++latest;
        if (query.trim().length < 2) { list.innerHTML = ""; status.textContent = "Gõ từ khóa, có dấu hoặc không dấu"; return; }
        status.textContent = "Đang tìm…";
        search(query).then(function (found) { if (ticket === latest) renderResults(list, status, found, query); });
      }, 150);
    });
    /* Arrow keys move through the results; Escape closes the box. */
    input.closest("form").parentNode.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var index = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(index + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && links.length) {
        event.preventDefault();
        if (index <= 0) input.focus(); else links[index - 1].focus();
      } else if (event.key === "Escape") {
        var toggle = document.getElementById("__search");
        if (toggle) toggle.checked = false;
        input.blur();
      }
    });
  }

  var headerInput = document.querySelector("[data-cchc-search]");
  if (headerInput) {
    var toggle = document.getElementById("__search");
    headerInput.addEventListener("focus", function () { if (toggle) toggle.checked = true; });
    bindSearch(headerInput, document.querySelector("[data-cchc-results]"), document.querySelector("[data-cchc-status]"));
  }

  var pageInput = document.querySelector("[data-cchc-search-page]");
  if (pageInput) {
    var pageList = document.querySelector("[data-cchc-page-results]");
    var pageStatus = document.querySelector("[data-cchc-page-status]");
    bindSearch(pageInput, pageList, pageStatus);
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      pageInput.value = initial;
      pageStatus.textContent = "Đang tìm…";
      search(initial).then(function (found) { renderResults(pageList, pageStatus, found, initial); });
    }
  }

  /* ------------------------------------------------- procedure finder */

  /* The form is in the page's HTML (nothing moves when this runs); here it filters in place
   * instead of sending the query to the search page. */
  var filters = document.querySelector("[data-cchc-filters]");
  if (filters) {
    var items = Array.prototype.slice.call(document.querySelectorAll("li.cchc-proc"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.cchc-field"));
    var filterStatus = filters.querySelector("[data-cchc-filter-status]");
    var apply = function () {
      var q = fold(filters.elements.q.value.trim());
      var field = filters.elements.field ? filters.elements.field.value : "";  /* absent on a field's own page */
      var level = filters.elements.level.value;
      var online = filters.elements.online.value;
      var shown = 0;
      items.forEach(function (li) {
        var text = fold(li.dataset.code + " " + li.textContent);
        var ok = (!q || text.indexOf(q) !== -1) &&
          (!field || li.dataset.field === field) &&
          (!level || li.dataset.levels.split(" ").indexOf(level) !== -1) &&
          (!online || li.dataset.online === online);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("li.cchc-proc:not([hidden])");
      });
      filterStatus.textContent = shown === 0 ? "Không có thủ tục nào khớp; thử gõ ít chữ hơn hoặc bỏ bớt bộ lọc."
        : "Hiển thị " + shown + "/" + items.length + " thủ tục";
    };
    filters.addEventListener("input", apply);
    filters.addEventListener("change", apply);
    filters.addEventListener("submit", function (event) { event.preventDefault(); });
  }
})();
