/* CCHC site scripts: Pagefind search with Vietnamese đ/d folding, and the
 * procedure finder. Everything here is progressive enhancement: without
 * JavaScript every page still lists its content. */
(function () {
  "use strict";

  var settings = document.getElementById("__config");  /* MkDocs'; a portal's home page has none (see cchcSearch) */
  var config = settings ? JSON.parse(settings.textContent) : { base: "." };
  var base = new URL(config.base + "/", location.href);
  var pagefind = null;

  /* Lower-case without accents; đ is a letter of its own and maps to d by hand. */
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* ------------------------------------------------------------ search */

  /* Pagefind, its WebAssembly and its page list start loading when a box gets focus, while the
   * citizen is still typing: on a slow line these round trips are most of the wait. */
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname }).then(function () { return module.init(); })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }

  var PAGE = 10;  /* results shown at once; "Xem thêm" shows the next ones */

  /* A text's words, each as written (lower case) and folded: "Đường," is {raw: "đường", folded: "duong"}.
   * A letter belongs to a word when it folds to a-z or a digit (or a dot, for codes: "1.001193"). */
  function tokens(text) {
    var out = [];
    var raw = "";
    var folded = "";
    var end = function () {
      var dots = /^(\.*)(.*?)(\.*)$/.exec(folded);  /* a dot that ends a sentence is not part of the word */
      if (dots[2]) out.push({ raw: raw.slice(dots[1].length, raw.length - dots[3].length), folded: dots[2] });
      raw = folded = "";
    };
    Array.from(text.normalize("NFC").toLowerCase()).forEach(function (ch) {
      var f = fold(ch);
      if (/^[a-z0-9.]?$/.test(f)) { raw += ch; folded += f; } else end();  /* "" is a stray combining mark */
    });
    end();
    return out;
  }

  /* A text's words folded, for comparing as a citizen types: "Đường," is "duong". */
  function words(text) {
    return tokens(text).map(function (t) { return t.folded; });
  }

  /* Whether a word of the text is a word of the query, as search folds them. A query word typed
   * without any diacritic (a-z only) matches whatever marks the text has: "so" marks so, sổ, sở, sơ
   * and số, "duong" marks đường. A word typed with any mark (a tone, a vowel's shape as in ơ, ô, ư,
   * ă, â, or đ) is that word: «sổ» marks sổ, not sở or sơ; «sơ» marks sơ, not sổ (no tone mark is
   * the level tone, itself a tone). A code also by its digits ("1001193" is 1.001193). */
  function same(word, asked) {
    if (asked.raw !== asked.folded) return word.raw === asked.raw;
    if (word.folded === asked.folded) return true;
    return /^\d{4,}$/.test(asked.folded) && word.folded.replace(/\./g, "").indexOf(asked.folded) !== -1;
  }

  /* Two to six neighbouring words joined: search.yml's phrases are indexed so ("sodo"), and a phrase is
   * looked up whole (see search), so the longest of them ("kết hôn với người nước ngoài", six syllables)
   * sets how many words are joined. */
  var LONGEST_PHRASE = 6;
  function joined(asked) {
    var out = [];
    for (var n = 2; n <= LONGEST_PHRASE; n++) {
      for (var i = 0; i + n <= asked.length; i++) out.push({ term: asked.slice(i, i + n).join(""), size: n });
    }
    return out;
  }

  /* Pagefind returns only pages holding every word of a query, so "khai sinh cho con" would find
   * nothing. Each word is searched on its own (the chunks load once, in parallel) and a page ranks
   * by the Pagefind scores of the words it holds, times the share of the query's words it holds;
   * a page holding neighbouring words as one of search.yml's phrases comes first. */
  function search(query) {
    var said = tokens(query).filter(function (t, i, all) {
      return all.findIndex(function (u) { return u.raw === t.raw; }) === i;
    });
    var asked = said.map(function (t) { return t.folded; }).filter(function (w, i, all) { return all.indexOf(w) === i; });
    var typed = query.toLowerCase().split(/[\s,;]+/).filter(Boolean);
    var phrases = joined(asked);
    return loadPagefind().then(function (pf) {
      /* as typed, so that Pagefind's own diacritic ranking still applies; folded words reach the đ-words.
       * A phrase must be one of search.yml's joined words exactly (Pagefind's quotes): "giaychung" is
       * not "giaychungtu" (giấy chứng tử), and Pagefind would answer "chungsinh" with "chung" (see holds). */
      var terms = asked.map(function (w, i) { return typed.length === asked.length ? typed[i] : w; });
      return Promise.all(terms.concat(phrases.map(function (p) { return '"' + p.term + '"'; }))
        .map(function (t) { return pf.search(t); }));
    }).then(function (founds) {
      /* each word's best page tells whether Pagefind matched it or fell back (see holds); the first
       * page of results loads meanwhile, so a query whose words are all real waits for nothing more */
      var first = rank(founds, asked, phrases).slice(0, PAGE).map(function (p) { return p.result.data(); });
      var best = asked.map(function (w, i) { return founds[i].results.length ? founds[i].results[0].data() : null; });
      return Promise.all(best.concat(first)).then(function (data) {
        var real = founds.map(function (found, i) {
          return i >= asked.length || (data[i] && holds(data[i], asked[i])) ? found : { results: [] };
        });
        return { asked: asked, said: said, ranked: rank(real, asked, phrases), shown: [] };
      });
    });
  }

  /* Pagefind answers a word it does not hold with the pages of the longest word it holds that
   * begins it ("oxyzzyqe" finds «ở», "thuxyz" finds "thu"), which made a nonsense query find 15 pages.
   * All the pages of one word come from the same match, so its best page tells: the word is real
   * if that page holds a word that begins with it (a word half typed still finds the words it begins). */
  function holds(item, term) {
    var meta = item.meta || {};
    return words([item.content, meta.title, meta.hidden, meta.everyday].join(" ")).some(function (w) {
      return w.indexOf(term) === 0;
    });
  }

  /* Pages by the Pagefind scores of the query's words they hold, times the share of those words
   * they hold; a page holding neighbouring words as one of search.yml's phrases comes first. */
  function rank(founds, asked, phrases) {
    var pages = {};
    var page = function (r) { return pages[r.id] || (pages[r.id] = { result: r, score: 0, held: 0, phrase: 0 }); };
    var known = founds.slice(0, asked.length).filter(function (f) { return f.results.length; }).length || 1;
    founds.forEach(function (found, i) {
      found.results.forEach(function (r) {
        var p = page(r);
        if (i < asked.length) { p.score += r.score; p.held += 1; }
        else p.phrase = Math.max(p.phrase, phrases[i - asked.length].size);
      });
    });
    var ranked = Object.keys(pages).map(function (id) { return pages[id]; }).filter(function (p) { return p.held; });
    ranked.forEach(function (p) { p.rank = p.score * p.held / known; });
    return ranked.sort(function (a, b) { return b.phrase - a.phrase || b.rank - a.rank; });
  }

  /* The next PAGE results' data, ordered: a page whose title holds the query as typed, then one
   * whose title holds all its words, then by rank. Only the first results can be tiered (their
   * titles must be loaded), which is what a citizen reads. */
  function more(found) {
    var next = found.ranked.slice(found.shown.length, found.shown.length + PAGE);
    return Promise.all(next.map(function (p) { return p.result.data(); })).then(function (data) {
      /* among titles holding the whole query, the shortest says least else: "Thủ tục đăng ký kết hôn"
       * before "… kết hôn có yếu tố nước ngoài" */
      var tiered = data.map(function (item, i) { return { item: item, tier: tier(found.asked, item), i: i }; })
        .sort(function (a, b) {
          return a.tier - b.tier || (a.tier === 0 ? a.item.meta.title.length - b.item.meta.title.length : 0) || a.i - b.i;
        })
        .map(function (entry) { return entry.item; });
      found.shown = found.shown.concat(tiered);
      return tiered;
    });
  }

  function tier(asked, item) {
    var title = " " + words(item.meta.title || "").join(" ") + " ";
    if (title.indexOf(" " + asked.join(" ") + " ") !== -1) return 0;
    return asked.every(function (w) { return title.indexOf(" " + w + " ") !== -1; }) ? 1 : 2;
  }

  /* A plain excerpt: the page's text without its title, from a little before the first word that
   * matches, with exactly the matching syllables marked. Built as DOM nodes, never as HTML. */
  function excerpt(item, said) {
    var text = item.content || "";
    var title = item.meta.title || "";
    if (title && text.indexOf(title) === 0) text = text.slice(title.length).replace(/^[\s.]+/, "");
    var parts = text.split(/(\s+)/);
    var hit = function (part) { return tokens(part).some(function (w) { return said.some(function (q) { return same(w, q); }); }); };
    var first = parts.findIndex(hit);
    var start = Math.max(0, (first === -1 ? 0 : first) - 12);
    start -= start % 2;  /* parts alternate word, space */
    var shown = parts.slice(start, start + 60);
    var p = document.createElement("p");
    p.className = "cchc-result__excerpt";
    if (start > 0) p.appendChild(document.createTextNode("… "));
    shown.forEach(function (part) {
      if (!hit(part)) { p.appendChild(document.createTextNode(part)); return; }
      /* mark the syllable, not the punctuation around it */
      var m = /^([^\w\u00c0-\u1ef9]*)(.*?)([^\w\u00c0-\u1ef9]*)$/.exec(part);
      var mark = document.createElement("mark");
      mark.textContent = m[2];
      p.appendChild(document.createTextNode(m[1]));
      p.appendChild(mark);
      p.appendChild(document.createTextNode(m[3]));
    });
    if (start + 60 < parts.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /* A province's portal searches its agencies with this same search (its folding, everyday words and ranking):
   * its home page (portal_search.js) gives it Pagefind with every agency's index merged in. */
  window.cchcSearch = {
    search: search, more: more, excerpt: excerpt,
    use: function (loader) { loadPagefind = loader; }
  };

  function resultItem(item, said) {
    var li = document.createElement("li");
    li.className = "md-search-result__item cchc-result";
    var h = document.createElement("h3");
    h.className = "cchc-result__title";
    var a = document.createElement("a");
    a.href = new URL(item.meta.url, base).href; /* the page's address; item.url is its search record's */
    a.textContent = item.meta.title || item.meta.url;
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(excerpt(item, said));
    return li;
  }

  /* One search box and what belongs to it: its list, status line, "Xem thêm" button and the
   * block of suggestions shown when nothing is found (both are in the page's HTML, hidden). */
  function Box(input, list, status, root) {
    this.input = input;
    this.list = list;
    this.status = status;
    this.more = root.querySelector("[data-cchc-more]");
    this.none = root.querySelector("[data-cchc-none]");
    this.found = null;
  }

  Box.prototype.show = function (found, query) {
    var box = this;
    box.found = found;
    return more(found).then(function (items) {
      if (box.found !== found) return;
      box.list.innerHTML = "";
      items.forEach(function (item) { box.list.appendChild(resultItem(item, found.said)); });
      box.status.textContent = found.ranked.length === 0 ? "Không tìm thấy kết quả cho «" + query + "»"
        : found.ranked.length + " kết quả";
      box.none.hidden = found.ranked.length !== 0;
      if (found.ranked.length === 0) {
        var hint = box.none.querySelector("[data-cchc-folded]");
        hint.textContent = fold(query);
        hint.href = new URL("tim-kiem/?q=" + encodeURIComponent(fold(query)), base).href;
      }
      box.more.hidden = found.shown.length >= found.ranked.length;
      box.list.setAttribute("data-query", query);
    });
  };

  Box.prototype.next = function () {
    var box = this;
    var found = box.found;
    var before = found.shown.length;
    return more(found).then(function (items) {
      if (box.found !== found) return;
      items.forEach(function (item) { box.list.appendChild(resultItem(item, found.said)); });
      box.more.hidden = found.shown.length >= found.ranked.length;
      box.status.textContent = found.ranked.length + " kết quả, đang hiện " + found.shown.length;
      var link = box.list.children[before] && box.list.children[before].querySelector("a");
      if (link) link.focus();  /* keyboard and screen-reader users land on the first new result */
    });
  };

  Box.prototype.clear = function (message) {
    this.found = null;
    this.list.innerHTML = "";
    this.list.removeAttribute("data-query");
    this.more.hidden = true;
    this.none.hidden = true;
    this.status.textContent = message;
  };

  function bindSearch(input, list, status, root) {
    var box = new Box(input, list, status, root);
    var timer = null;
    var latest = 0;
    box.more.addEventListener("click", function () { box.next(); });
    box.run = function (query) {
      var ticket = ++latest;
      if (query.trim().length < 2) { box.clear("Gõ từ khóa, có dấu hoặc không dấu"); return; }
      status.textContent = "Đang tìm…";
      search(query).then(function (found) { if (ticket === latest) box.show(found, query); });
    };
    input.addEventListener("focus", loadPagefind);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value;
      /* each word's index chunk is fetched as soon as it is typed, before the pause that starts the search */
      var done = /\s$/.test(query) ? words(query) : words(query).slice(0, -1);  /* not a word half typed */
      loadPagefind().then(function (pf) { done.forEach(function (w) { pf.preload(w); }); });
      timer = setTimeout(function () { box.run(query); }, 150);
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
    return box;
  }

  var headerInput = document.querySelector("[data-cchc-search]");
  if (headerInput) {
    var toggle = document.getElementById("__search");
    headerInput.addEventListener("focus", function () { if (toggle) toggle.checked = true; });
    /* on a phone the magnifier opens the box: the cursor goes into it, as Material's own search does */
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) headerInput.focus(); });
    bindSearch(headerInput, document.querySelector("[data-cchc-results]"), document.querySelector("[data-cchc-status]"),
               headerInput.closest(".md-search"));
  }

  var pageInput = document.querySelector("[data-cchc-search-page]");
  if (pageInput) {
    var pageBox = bindSearch(pageInput, document.querySelector("[data-cchc-page-results]"),
                             document.querySelector("[data-cchc-page-status]"), document.querySelector("[data-cchc-search-area]"));
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      pageInput.value = initial;
      pageBox.run(initial);
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

/* Văn bản: document library filter */
/* The form and every row are in the library page's HTML, which lists every document and links the static
 * lists by type, issuer, year and status; where JavaScript runs, the form filters the table in place:
 * by type, year and status, and by number or abstract typed with or without diacritics (folded like
 * core/vietnamese.fold: NFD, marks dropped, đ → d). */
(function () {
  var form = document.querySelector("[data-cchc-doc-filters]");
  if (!form) return;
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.cchc-doc"));
  var texts = rows.map(function (row) { return fold(row.textContent.replace(/\s+/g, " ")); });
  var status = form.querySelector("[data-cchc-doc-status]");
  var apply = function () {
    var q = fold(form.elements.q.value.trim().replace(/\s+/g, " "));
    var type = form.elements.type.value;
    var year = form.elements.year.value;
    var state = form.elements.status.value;
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = (!q || texts[i].indexOf(q) !== -1) && (!type || row.dataset.type === type) &&
        (!year || row.dataset.year === year) && (!state || row.dataset.status === state);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    status.textContent = shown === 0 ? "Không có văn bản nào khớp; thử gõ ít chữ hơn hoặc bỏ bớt bộ lọc."
      : "Hiển thị " + shown + "/" + rows.length + " văn bản";
  };
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
