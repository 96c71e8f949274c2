/* The portal's search (portal.html.j2): every agency's Pagefind index, merged in the browser, searched the way
 * each agency's own search does (cchc.js, loaded before this script: the words folded, without diacritics and
 * đ as d, search.yml's everyday words, the ranking, the excerpt), so a citizen gets the same answers here.
 * The first agency's index is the primary one and the others are merged into it (Pagefind's mergeIndex);
 * each index carries its agency's name as the filter «co-quan», so that the search can be narrowed to one.
 * A result belongs to the agency under whose path its search record lies (its url starts with that
 * index's baseUrl); its link is that agency's path and the page's own address. */
(function () {
  "use strict";

  var SHOWN = 20;  /* results listed at once */
  var engine = window.cchcSearch;
  var agencies = JSON.parse(document.getElementById("portal-agencies").textContent);
  var root = new URL(".", location.href);
  var form = document.querySelector("[data-portal-search]");
  var status = document.getElementById("trang-thai");
  var list = document.getElementById("ket-qua");
  var merged = null;
  var only = "";

  function at(path) { return new URL(path.replace(/^\//, ""), root); }

  function load() {
    if (!merged) {
      var first = agencies[0];
      merged = import(at(first.path + "pagefind/pagefind.js").href).then(function (pf) {
        return pf.options({ baseUrl: at(first.path).pathname })
          .then(function () { return pf.options({ mergeFilter: { "co-quan": first.name } }); })
          .then(function () {
            return Promise.all(agencies.slice(1).map(function (a) {
              return pf.mergeIndex(at(a.path + "pagefind/").pathname,
                                   { baseUrl: at(a.path).pathname, mergeFilter: { "co-quan": a.name } });
            }));
          })
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return merged;
  }

  /* The search asks for Pagefind: it gets the merged one, narrowed to the agency chosen, if any. */
  engine.use(function () {
    return load().then(function (pf) {
      return {
        search: function (term) { return pf.search(term, only ? { filters: { "co-quan": only } } : {}); },
        preload: function (term) { return pf.preload(term); }
      };
    });
  });

  /* The agency whose path the search record lies under: the longest path that begins its url. */
  function owner(item) {
    return agencies.filter(function (a) { return item.url.indexOf(at(a.path).pathname) === 0; })
      .sort(function (a, b) { return b.path.length - a.path.length; })[0];
  }

  /* The first SHOWN results, in the order the agencies' search gives them (it hands them out ten at a time). */
  function first(found) {
    return engine.more(found).then(function (items) {
      return items.length && found.shown.length < SHOWN ? first(found) : found.shown;
    });
  }

  function show(items, said) {
    list.textContent = "";
    items.forEach(function (item) {
      var agency = owner(item);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = at(agency.path + item.meta.url).href;  /* the page's address; item.url is its search record's */
      a.textContent = item.meta.title || item.meta.url;
      var from = document.createElement("span");
      from.className = "from";
      from.textContent = agency.name;
      li.appendChild(a);
      li.appendChild(from);
      li.appendChild(engine.excerpt(item, said));
      list.appendChild(li);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = form.elements.q.value.trim();
    only = form.elements["co-quan"].value;
    if (!query || !agencies.length) return;
    status.textContent = "Đang tìm…";
    engine.search(query).then(function (found) {
      return first(found).then(function (items) {
        show(items, found.said);
        status.textContent = items.length ? "Có " + found.ranked.length + " kết quả" +
          (items.length < found.ranked.length ? ", đây là " + items.length + " kết quả đầu." : ".") :
          "Không tìm thấy trang nào; thử gõ ít chữ hơn hoặc chọn «Tất cả cơ quan».";
      });
    }).catch(function () {
      status.textContent = "Chưa tải được bộ tìm kiếm; hãy thử lại.";
    });
  });
  form.elements.q.addEventListener("focus", function () { if (agencies.length) load(); }, { once: true });
})();
