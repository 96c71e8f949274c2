/* The editors' workspace (generator/pipeline/workspace.py): starts Decap CMS with the site's settings.

   Loaded before decap-cms.js (both deferred): it asks Decap to wait, then, once Decap is loaded, fills in the
   Vietnamese strings Decap's own "vi" lacks, gives the preview pane the site's style and templates, and starts
   it with the settings the build wrote (config.json). Locally (cchc serve), the repository is reached through the page's own address (api/v1), which
   cchc serve passes on to decap-server: the page talks to no other host. */
window.CMS_MANUAL_INIT = true;

/* The strings of Decap 3.16's English locale missing from its "vi", for the screens editors use. */
var VI_MISSING = {
  auth: { loginWithAzure: 'Đăng nhập bằng Azure', loginWithForgejo: 'Đăng nhập bằng Forgejo' },
  collection: {
    collectionTop: { viewAsList: 'Xem dạng danh sách', viewAsGrid: 'Xem dạng lưới', groupBy: 'Nhóm theo' },
    entries: { unpublishedHeader: 'Bài chưa đăng' },
    groups: { other: 'Khác', negateLabel: 'Không phải %{label}' }
  },
  editor: {
    editorControl: { field: { widgetLabel: 'Ô %{widgetLabel}' } },
    editorControlPane: { i18n: {
      writingInLocale: 'Đang viết bằng %{locale}',
      copyFromLocale: 'Điền từ ngôn ngữ khác',
      copyFromLocaleConfirm: 'Điền dữ liệu từ ngôn ngữ %{locale}?\nMọi nội dung đang có sẽ bị ghi đè.'
    } },
    editorInterface: {
      toggleI18n: 'Bật/tắt đa ngôn ngữ', togglePreview: 'Bật/tắt xem trước',
      toggleScrollSync: 'Cuộn đồng thời', toggleNotes: 'Bật/tắt ghi chú'
    },
    editorNotesPane: {
      title: 'Ghi chú', emptyState: 'Chưa có ghi chú. Thêm ghi chú đầu tiên ở dưới để trao đổi.',
      addNote: 'Thêm ghi chú', addPlaceholder: 'Thêm ghi chú...', editPlaceholder: 'Sửa ghi chú...',
      save: 'Lưu', cancel: 'Hủy', edit: 'Sửa', delete: 'Xóa', resolve: 'Đã xong', unresolve: 'Mở lại',
      confirmDelete: 'Bạn có chắc muốn xóa ghi chú này?', shortcut: 'Mẹo: nhấn Ctrl+Enter để thêm ghi chú nhanh'
    },
    editorToolbar: {
      statusInfoTooltipDraft: 'Bài đang ở trạng thái bản nháp. Để gửi duyệt, chuyển trạng thái sang «Đang duyệt»',
      statusInfoTooltipInReview: 'Bài đang được duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa tiếp trong lúc chờ duyệt.'
    },
    editorWidgets: {
      markdown: {
        bold: 'Đậm', italic: 'Nghiêng', strikethrough: 'Gạch ngang', code: 'Mã', link: 'Liên kết',
        linkPrompt: 'Nhập địa chỉ của liên kết', headings: 'Tiêu đề mục', quote: 'Trích dẫn',
        bulletedList: 'Danh sách gạch đầu dòng', numberedList: 'Danh sách đánh số', addComponent: 'Thêm thành phần',
        toggleMode: { rich: 'Chuyển sang soạn thảo trực quan', markdown: 'Chuyển sang soạn thảo Markdown' }
      },
      image: {
        chooseMultiple: 'Chọn ảnh', chooseUrl: 'Chèn từ địa chỉ web', replaceUrl: 'Thay bằng địa chỉ web',
        promptUrl: 'Nhập địa chỉ web của ảnh', addMore: 'Thêm ảnh', removeAll: 'Bỏ tất cả ảnh'
      },
      file: {
        chooseUrl: 'Chèn từ địa chỉ web', chooseMultiple: 'Chọn tệp', replaceUrl: 'Thay bằng địa chỉ web',
        promptUrl: 'Nhập địa chỉ web của tệp', addMore: 'Thêm tệp', removeAll: 'Bỏ tất cả tệp'
      },
      datetime: { setToNow: 'Đặt %{fieldLabel} là bây giờ' },
      list: { add: 'Thêm %{item}', addType: 'Thêm %{item}' },
      object: { expand: 'Mở rộng', collapse: 'Thu gọn' }
    }
  },
  mediaLibrary: {
    mediaLibraryCard: { copy: 'Sao chép', copyUrl: 'Sao chép địa chỉ', copyPath: 'Sao chép đường dẫn',
                        copyName: 'Sao chép tên', copied: 'Đã sao chép' },
    mediaLibraryModal: { close: 'Đóng' }
  },
  ui: {
    settingsDropdown: { account: 'Tùy chọn tài khoản' },
    toast: {
      noteAdded: 'Đã thêm ghi chú', onFailToAddNote: 'Không thêm được ghi chú: %{details}',
      noteUpdated: 'Đã sửa ghi chú', onFailToUpdateNote: 'Không sửa được ghi chú: %{details}',
      noteDeleted: 'Đã xóa ghi chú', onFailToDeleteNote: 'Không xóa được ghi chú: %{details}',
      noteResolved: 'Đã đánh dấu xong ghi chú', noteReopened: 'Đã mở lại ghi chú',
      onFailToToggleNote: 'Không đổi được trạng thái ghi chú: %{details}'
    }
  }
};

/* Strings of Decap's "vi" that are wrong: replaced. */
var VI_FIXES = {
  /* «Đang viết trong bộ sưu tập Tin tức» beside the back arrow wrapped into four lines on a phone: the arrow and
     the collection's name say it */
  editor: { editorToolbar: { status: 'Trạng thái: %{status}', backCollection: '%{collectionLabel}' } },
  /* Decap's "＋" (U+FF0B) has no glyph in the fonts of many phones: the button showed an empty box; its
     accessible name holds its visible text (axe: label-content-name-mismatch). */
  collection: { collectionTop: { newButton: 'Thêm %{collectionLabel}', newButtonAriaLabel: 'Thêm %{collectionLabel}' } }
};

/* ``extra`` added into ``phrases`` where ``phrases`` has nothing (Decap's own translations are kept), or
   everywhere with ``replace``. */
function fillMissing(phrases, extra, replace) {
  Object.keys(extra).forEach(function (key) {
    if (typeof extra[key] === 'object') {
      phrases[key] = fillMissing(phrases[key] || {}, extra[key], replace);
    } else if (replace || !(key in phrases)) {
      phrases[key] = extra[key];
    }
  });
  return phrases;
}

/* A date as the site writes it: dd/mm/yyyy. */
function shownDate(value) {
  var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || '');
  return match ? match[3] + '/' + match[2] + '/' + match[1] : '';
}

/* The preview of a news item, in the shape of its page (generator/templates/news_item.html.j2). */
var NewsPreview = function (props) {
  var data = props.entry.get('data');
  var image = data.getIn(['image', 'src']);
  return h('article', { className: 'md-typeset cchc-preview' },
    h('h1', {}, data.get('title')),
    h('p', { className: 'cchc-meta' }, [shownDate(data.get('date')), data.get('unit'), data.get('category')]
      .filter(Boolean).join(' · ')),
    data.get('illustrative') ? h('p', { className: 'cchc-note' }, 'Đây là tin minh họa, không phải thông tin chính thức.') : null,
    image ? h('p', {}, h('img', { src: props.getAsset(image).toString(), alt: data.getIn(['image', 'alt']) || '' })) : null,
    props.widgetFor('body'));
};

/* The preview of a free page (generator/templates/page.html.j2). */
var PagePreview = function (props) {
  return h('article', { className: 'md-typeset cchc-preview' },
    h('h1', {}, props.entry.getIn(['data', 'title'])),
    props.widgetFor('body'));
};

/* Text as the quick finder compares it: lower case, without diacritics («ly lich» finds «lý lịch»). */
function folded(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/* The quick finder (the page's «Tìm nhanh»): a record by code or by words of its name, from the index the build
   writes (tim-nhanh.json), shown at once; a result opens the record's form by its address, which reads that one
   file. Decap's own search reads every file of a collection first: seconds on a large site. */
function startFinder() {
  var open = document.getElementById('mo-tim-nhanh');
  var dialog = document.getElementById('tim-nhanh');
  var box = document.getElementById('tim-nhanh-o');
  var count = document.getElementById('tim-nhanh-dem');
  var list = document.getElementById('tim-nhanh-ket-qua');
  var index = null;
  var LIMIT = 30;

  function show() {
    var words = folded(box.value).split(/\s+/).filter(Boolean);
    list.textContent = '';
    if (!index || !words.length) { count.textContent = ''; return; }
    var phrase = words.join(' ');
    var found = index.entries.filter(function (entry) {
      return words.every(function (word) { return entry[3].indexOf(word) >= 0; });
    });
    /* the words as typed, together, first (a name copied whole); then the rest, in the index's order */
    var together = found.filter(function (entry) { return entry[3].indexOf(phrase) >= 0; });
    found = together.concat(found.filter(function (entry) { return entry[3].indexOf(phrase) < 0; }));
    count.textContent = found.length ? 'Tìm thấy ' + found.length + (found.length > LIMIT ? ', hiện ' + LIMIT + ' đầu tiên' : '')
      : 'Không thấy bài nào. Thử ít chữ hơn, hoặc tìm trong danh sách.';
    found.slice(0, LIMIT).forEach(function (entry) {
      var link = document.createElement('a');
      link.href = '#/collections/' + entry[0] + '/entries/' + encodeURIComponent(entry[1]);
      link.textContent = entry[2];
      var where = document.createElement('span');
      where.textContent = index.collections[entry[0]];
      var item = document.createElement('li');
      item.append(link, where);
      list.append(item);
    });
  }

  open.addEventListener('click', function () {
    dialog.showModal();
    if (!index) {
      count.textContent = 'Đang tải…';
      fetch('tim-nhanh.json', { credentials: 'same-origin' }).then(function (answer) { return answer.json(); })
        .then(function (loaded) {
          loaded.entries.forEach(function (entry) { entry.push(folded(entry[1] + ' ' + entry[2])); });
          index = loaded;
          show();
        });
    }
  });
  box.addEventListener('input', show);
  list.addEventListener('click', function (event) { if (event.target.closest('a')) dialog.close(); });
  /* shown on the screens with Decap's header (the lists, the workflow): not before signing in, nor over a form */
  new MutationObserver(function () {
    open.hidden = !document.querySelector('[class*="AppHeaderNavLink"]');
  }).observe(document.body, { childList: true, subtree: true });
}

document.addEventListener('DOMContentLoaded', function () {
  var root = document.documentElement;
  var local = ['localhost', '127.0.0.1'].indexOf(location.hostname) >= 0;
  if (!window.CMS) return;
  if (!root.dataset.repo && !local) {
    document.getElementById('chua-cau-hinh').hidden = false;
    return;
  }
  CMS.registerLocale('vi', fillMissing(fillMissing(CMS.getLocale('vi'), VI_MISSING), VI_FIXES, true));
  root.dataset.previewStyles.split(' ').forEach(function (style) { CMS.registerPreviewStyle(style); });
  CMS.registerPreviewTemplate('news', NewsPreview);
  CMS.registerPreviewTemplate('pages', PagePreview);
  fetch('config.json', { credentials: 'same-origin' }).then(function (answer) { return answer.json(); })
    .then(function (config) {
      config.load_config_file = false;
      config.local_backend = { url: new URL('api/v1', location.href).href };
      CMS.init({ config: config });
      startFinder();
    });
});
