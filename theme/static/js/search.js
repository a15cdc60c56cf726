/* Search page: the address holds the search, a worker does it, this shows it.
 *
 * Without JavaScript the page offers the browse links (the form stays
 * hidden). With it, the form appears; what is typed and chosen is written to
 * the address (?q=…&country=gh) so a search can be bookmarked, shared and
 * gone back to; the worker (search-worker.js) answers; results are drawn
 * here with the matched words in <mark>.
 */
(function () {
  'use strict';

  var root = document.getElementById('search');
  // Browsers without these keep the browse links (the form stays hidden).
  if (!root || !window.Worker || !window.fetch || !window.URLSearchParams || !root.replaceChildren) return;

  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var filterBox = document.getElementById('search-filters');
  var browse = document.getElementById('search-browse');
  var messages = JSON.parse(document.getElementById('search-messages').textContent);
  var pageLang = document.documentElement.lang;
  var FILTERS = ['region', 'country', 'type', 'violation', 'member', 'year', 'appeal'];
  var PAGE = 20;
  var ANNOUNCE_EVERY = 1000; // ms between "found so far" announcements
  var SETTLE = 1000; // ms without typing after which the next keystroke starts a new search

  var siteRoot = new URL(root.getAttribute('data-site-root'), location.href);
  var worker;
  try {
    worker = new Worker(new URL(root.getAttribute('data-worker'), location.href));
  } catch (error) {
    unavailable();
    return;
  }

  var queryId = 0;
  var lastSeq = 0;
  var limit = PAGE;
  var shown = 0;
  var focusFrom = -1;
  var announced = { id: -1, complete: false, at: 0 };
  var settled = true;
  var settleTimer = 0;

  worker.onmessage = function (event) {
    var msg = event.data;
    if (msg.type === 'error') return unavailable();
    if (msg.id !== queryId || msg.seq < lastSeq) return;
    lastSeq = msg.seq;
    render(msg);
  };
  worker.onerror = unavailable;
  worker.postMessage({ type: 'init', manifest: new URL(root.getAttribute('data-manifest'), location.href).href });

  sortOptions();
  readAddress();
  // Filters start open on a wide screen, or when the address sets one; on a
  // phone they fold away so the results are not pushed off the screen.
  filterBox.open = filterBox.open || window.matchMedia('(min-width: 40rem)').matches;
  form.hidden = false;
  run();

  input.addEventListener('input', function () {
    // Typing after a pause starts a new search: it gets its own history
    // entry, which the keystrokes that follow refine in place.
    update(settled ? 'push' : 'replace', true);
    settled = false;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () { settled = true; }, SETTLE);
  });
  form.addEventListener('change', function (event) {
    if (event.target !== input) update('push');
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    update('push');
  });
  more.addEventListener('click', function () {
    focusFrom = shown;
    limit += PAGE;
    worker.postMessage({ type: 'more', id: queryId, limit: limit });
  });
  window.addEventListener('popstate', function () {
    settled = true;
    readAddress();
    run();
  });

  /* -- the address ------------------------------------------------------ */

  function state() {
    var filters = {};
    FILTERS.forEach(function (name) {
      var control = form.elements[name];
      if (!control) return;
      var value = control.type === 'checkbox' ? (control.checked ? control.value : '') : control.value;
      if (value) filters[name] = value;
    });
    return { q: input.value, filters: filters };
  }

  function address(s) {
    var params = new URLSearchParams();
    if (s.q.trim()) params.set('q', s.q.trim());
    FILTERS.forEach(function (name) { if (s.filters[name]) params.set(name, s.filters[name]); });
    var query = params.toString();
    return location.pathname + (query ? '?' + query : '');
  }

  function readAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    FILTERS.forEach(function (name) {
      var control = form.elements[name];
      if (!control) return;
      var value = params.get(name) || '';
      if (control.type === 'checkbox') {
        control.checked = value === control.value;
      } else {
        var known = Array.prototype.some.call(control.options, function (o) { return o.value === value; });
        control.value = known ? value : '';
      }
    });
    if (Object.keys(state().filters).length) filterBox.open = true;
  }

  function update(mode, typing) {
    var target = address(state());
    if (target !== location.pathname + location.search) {
      history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', target);
    }
    run(typing);
  }

  /** Search what the form says; while typing, the worker waits a moment before fetching a shard. */
  function run(typing) {
    var s = state();
    queryId += 1;
    limit = PAGE;
    focusFrom = -1;
    list.setAttribute('aria-busy', 'true');
    worker.postMessage({ type: 'search', id: queryId, q: s.q, filters: s.filters, limit: limit, now: !typing });
  }

  /* -- results ---------------------------------------------------------- */

  function render(msg) {
    list.setAttribute('aria-busy', msg.complete ? 'false' : 'true');
    if (msg.idle) {
      list.replaceChildren();
      say('', msg);
      more.hidden = true;
      browse.hidden = false;
      shown = 0;
      return;
    }
    list.replaceChildren.apply(list, msg.items.map(result));
    shown = msg.items.length;
    more.hidden = msg.total <= shown && !msg.partial;
    browse.hidden = !(msg.complete && msg.total === 0);
    say(summaryText(msg), msg);
    if (focusFrom >= 0 && focusFrom < shown) {
      list.children[focusFrom].querySelector('a').focus();
      focusFrom = -1;
    }
  }

  /** "Alerts found: 12"; "20+" when older shards are left until "Show more results" asks for them. */
  function summaryText(msg) {
    var found = messages.found.replace('{count}', msg.total + (msg.partial ? '+' : ''));
    if (msg.complete) return msg.total ? found : messages.none;
    return msg.total ? found + ' ' + messages.searching : messages.searching;
  }

  /** The polite status: said when a search starts answering and when it ends, not at every shard. */
  function say(text, msg) {
    var now = Date.now();
    var fresh = announced.id !== msg.id;
    var finished = msg.complete && !announced.complete;
    if (!fresh && !finished && now - announced.at < ANNOUNCE_EVERY) return;
    announced = { id: msg.id, complete: !!msg.complete, at: now };
    if (status.textContent !== text) status.textContent = text;
  }

  function result(data) {
    var li = document.createElement('li');
    var card = element('article', 'alert-card search-result');
    var meta = element('p', 'alert-card__meta');
    meta.append(element('span', 'type type--' + data.type, data.typeLabel));
    var time = element('time', '', data.date);
    time.dateTime = data.day;
    meta.append(time);
    data.places.forEach(function (place) { meta.append(element('span', 'alert-card__place', place)); });
    var heading = element('h2', 'alert-card__title');
    var link = document.createElement('a');
    link.href = new URL(data.url, siteRoot).href;
    marked(link, data.title);
    heading.append(link);
    var summary = marked(element('p', 'alert-card__summary'), data.summary);
    // A result in another language: its own texts say so (as the cards of
    // the browse pages do); its type, date, places and note stay in the page's.
    if (data.lang) inLanguage([heading, summary], data.lang);
    card.append(meta, heading);
    if (data.lang && messages.languages[data.lang]) {
      card.append(element('p', 'alert-card__language', messages.languages[data.lang].note));
    }
    card.append(summary);
    li.append(card);
    return li;
  }

  function inLanguage(nodes, lang) {
    var dir = (messages.languages[lang] || {}).dir || 'ltr';
    nodes.forEach(function (node) {
      node.lang = lang;
      if (dir !== (document.documentElement.dir || 'ltr')) node.dir = dir;
    });
  }

  function marked(parent, pieces) {
    pieces.forEach(function (piece) {
      parent.append(piece[1] ? element('mark', '', piece[0]) : document.createTextNode(piece[0]));
    });
    return parent;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Option lists in the reader's alphabetical order ("Égypte" among the E's). */
  function sortOptions() {
    var collator = new Intl.Collator(pageLang);
    form.querySelectorAll('select[data-sort]').forEach(function (select) {
      var options = Array.prototype.slice.call(select.options, 1);
      options.sort(function (a, b) { return collator.compare(a.text, b.text); });
      options.forEach(function (option) { select.append(option); });
    });
  }

  function unavailable() {
    list.setAttribute('aria-busy', 'false');
    form.hidden = true;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = messages.unavailable;
    browse.hidden = false;
  }
})();
