/* Search worker: loads index shards newest first and answers queries.
 *
 * All the work is here, off the page's thread, so typing never stutters.
 * The manifest lists shards newest first; each shard is a lunr index with a
 * row of facets per alert (filters read them) and result texts in chunks
 * fetched only when a result from them is on screen. Shards load one after
 * another while a query needs them; results from each are merged as they
 * arrive, best matches first, newest first among equally good ones.
 *
 * Messages in:  {type: "init", manifest}
 *               {type: "search", id, q, filters, limit}
 *               {type: "more", id, limit}
 * Messages out: {type: "results", id, seq, total, complete, items}
 *               {type: "error", message}
 */
'use strict';

importScripts('vendor/lunr-2.3.9/lunr.min.js', 'search-text.js');

var Text = self.AlertSearchText;
lunr.Pipeline.registerFunction(Text.lunrFold, 'alertFold');

// How much a match counts, by field: title and names first, then where and
// who (places, members, violations, case), then the summary. An exact (or
// same-stem) word counts double a word that only starts with what was typed.
var WEIGHTS = { t: 3, n: 3, p: 2, s: 1 };
// A word also matches the words it begins ("yilm" finds "Yılmaz") from this
// many letters on; shorter ones match whole words only ("ha" is not "has").
var PREFIX_MIN = 3;
// Results on the first screen (search.js asks for this many).
var FIRST_SCREEN = 20;
// Longest stretch of searching before answering, so the first results (and
// each newer query) never wait for every shard in memory.
var SLICE_MS = 25;
// Pause in the queries after which older shards start loading.
var QUIET_MS = 300;

var manifest = null;
var manifestUrl = null;
var shards = []; // {meta, index, facets, texts: {chunk: rows}, pending: {chunk: promise}}
var ready = null; // promise of the manifest
var current = null; // the query being answered
var loading = false;
var quietTimer = 0;
var seq = 0;
var col = {}; // facet and display column numbers, by name

self.onmessage = function (event) {
  var msg = event.data;
  if (msg.type === 'init') init(msg.manifest);
  else if (msg.type === 'search') ready.then(function () { search(msg); }).catch(fail);
  else if (msg.type === 'more' && current && current.id === msg.id) {
    current.limit = msg.limit;
    respond(current);
  }
};

function fail(error) {
  self.postMessage({ type: 'error', message: String(error && error.message || error) });
}

function getJSON(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(response.status + ' ' + url);
    return response.json();
  });
}

function init(url) {
  manifestUrl = url;
  ready = getJSON(url).then(function (data) {
    manifest = data;
    data.facets.forEach(function (name, i) { col[name] = i; });
    data.display.forEach(function (name, i) { col['d_' + name] = i; });
    shards = data.shards.map(function (meta) { return { meta: meta, index: null, texts: {}, pending: {} }; });
    // Warm up before anyone types: the newest shard and the texts of its
    // newest alerts, enough for a first screen of results.
    if (shards.length) {
      var newest = shards[0];
      var last = newest.meta.texts.length - 1;
      var wanted = [last];
      if (last > 0 && newest.meta.count - last * data.chunk < FIRST_SCREEN) wanted.push(last - 1);
      return Promise.all([loadShard(0)].concat(wanted.map(function (c) { return loadTexts(newest, c); })));
    }
  });
  ready.catch(fail);
}

function loadShard(i) {
  var shard = shards[i];
  if (!shard.loaded) {
    shard.loaded = getJSON(new URL(shard.meta.index, manifestUrl)).then(function (data) {
      shard.index = lunr.Index.load(data.index);
      shard.facets = data.facets;
    });
  }
  return shard.loaded;
}

function loadTexts(shard, chunk) {
  if (!shard.pending[chunk]) {
    shard.pending[chunk] = getJSON(new URL(shard.meta.texts[chunk], manifestUrl)).then(function (rows) {
      shard.texts[chunk] = rows;
    });
  }
  return shard.pending[chunk];
}

/* -- queries ------------------------------------------------------------ */

function search(msg) {
  var tokens = Text.fold(msg.q || '');
  var pipeline = lunr.Pipeline.load(manifest.stem ? ['alertFold', 'stemmer'] : ['alertFold']);
  current = {
    id: msg.id,
    tokens: tokens,
    stems: tokens.map(function (t) { return pipeline.runString(t)[0] || t; }),
    filters: msg.filters || {},
    today: localDay(),
    limit: msg.limit,
    hits: [],
    searched: 0
  };
  if (!tokens.length && !hasFilters(current.filters)) {
    self.postMessage({ type: 'results', id: msg.id, seq: ++seq, total: 0, complete: true, idle: true, items: [] });
    return;
  }
  step(current);
}

/** Search the loaded shards for a time slice, answer, and go on (or load the next shard). */
function step(query) {
  query.stepping = false;
  var started = performance.now();
  do {
    if (query.searched >= shards.length || !shards[query.searched].index) break;
    searchShard(query, query.searched);
  } while (performance.now() - started < SLICE_MS);
  var answered = respond(query);
  if (query.searched >= shards.length) return;
  if (shards[query.searched].index) {
    query.stepping = true;
    setTimeout(function () { if (current === query) step(query); }, 0);
  } else {
    // Older shards are fetched once the first results are out and typing has
    // paused: parsing a shard holds this thread, and a keystroke must not wait.
    answered.then(function () {
      if (query.waited) return loadMore();
      clearTimeout(quietTimer);
      quietTimer = setTimeout(function () {
        query.waited = true;
        loadMore();
      }, QUIET_MS);
    });
  }
}

function hasFilters(filters) {
  return Object.keys(filters).some(function (k) { return filters[k]; });
}

function localDay() {
  var now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** Load the next shard, newest first, while the current query still needs it. */
function loadMore() {
  if (loading || !current || current.searched >= shards.length) return;
  loading = true;
  var next = current.searched;
  loadShard(next).then(function () {
    loading = false;
    if (!current || current.stepping) return; // its steps reach this shard, then ask for more
    if (current.searched === next) step(current);
    else loadMore();
  }).catch(function (error) { loading = false; fail(error); });
}

/** Add shard i's matches to the query's hits (shards are searched in order). */
function searchShard(query, i) {
  if (i !== query.searched) return;
  var shard = shards[i];
  query.searched = i + 1;
  if (!query.tokens.length) {
    for (var r = 0; r < shard.facets.length; r++) {
      if (passes(shard.facets[r], query)) query.hits.push({ s: i, r: r, q: 0 });
    }
    return;
  }
  var found = shard.index.query(function (q) {
    query.tokens.forEach(function (token) {
      q.term(token, { usePipeline: true });
      if (token.length >= PREFIX_MIN) q.term(token, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
    });
  });
  found.forEach(function (match) {
    var ref = +match.ref;
    var quality = score(match.matchData.metadata, query);
    if (quality > 0 && passes(shard.facets[ref], query)) query.hits.push({ s: i, r: ref, q: quality });
  });
}

/** Every typed word must match; each adds its best field's weight (x2 when whole). */
function score(metadata, query) {
  var total = 0;
  var terms = Object.keys(metadata);
  for (var i = 0; i < query.tokens.length; i++) {
    var best = 0;
    for (var j = 0; j < terms.length; j++) {
      var strength = matchStrength(terms[j], query.tokens[i], query.stems[i]);
      if (!strength) continue;
      for (var field in metadata[terms[j]]) best = Math.max(best, WEIGHTS[field] * strength);
    }
    if (!best) return 0;
    total += best;
  }
  return total;
}

function matchStrength(term, token, stem) {
  if (term === stem || term === token) return 2;
  if (token.length >= PREFIX_MIN && term.lastIndexOf(token, 0) === 0) return 1;
  return 0;
}

function passes(row, query) {
  var f = query.filters;
  if (f.type && row[col.type] !== f.type) return false;
  if (f.year && row[col.year] !== +f.year) return false;
  if (f.region && row[col.regions].indexOf(f.region) < 0) return false;
  if (f.country && row[col.countries].indexOf(f.country) < 0) return false;
  if (f.violation && row[col.violations].indexOf(f.violation) < 0) return false;
  if (f.member && row[col.members].indexOf(f.member) < 0) return false;
  // Open: listed as open by the build (as /act/ is) and its deadline not yet passed here.
  if (f.appeal === 'open' && !(row[col.open] && row[col.deadline] >= query.today)) return false;
  return true;
}

/* -- answers ------------------------------------------------------------ */

function ranked(query) {
  // Best first; then the site's order, newest first: earlier shard, later number.
  return query.hits.sort(function (a, b) { return b.q - a.q || a.s - b.s || b.r - a.r; });
}

function respond(query) {
  var top = ranked(query).slice(0, query.limit);
  var complete = query.searched >= shards.length;
  var chunks = top.map(function (hit) {
    var shard = shards[hit.s];
    return loadTexts(shard, Math.floor(hit.r / manifest.chunk));
  });
  var mySeq = ++seq;
  return Promise.all(chunks).then(function () {
    if (current !== query) return;
    self.postMessage({
      type: 'results',
      id: query.id,
      seq: mySeq,
      total: query.hits.length,
      complete: complete,
      searched: query.searched,
      shards: shards.length,
      items: top.map(function (hit) { return item(hit, query); })
    });
  }).catch(fail);
}

function item(hit, query) {
  var shard = shards[hit.s];
  var row = shard.facets[hit.r];
  var text = shard.texts[Math.floor(hit.r / manifest.chunk)][hit.r % manifest.chunk];
  var labels = manifest.labels;
  var places = row[col.countries].map(function (c) { return labels.country[c] || c.toUpperCase(); });
  if (!places.length) places = row[col.regions].map(function (r) { return labels.region[r] || r; });
  var marks = marker(query);
  return {
    url: text[col.d_url],
    title: Text.highlight(text[col.d_title], marks),
    summary: Text.highlight(text[col.d_summary], marks),
    date: text[col.d_date],
    day: text[col.d_day],
    lang: text[col.d_lang],
    type: row[col.type],
    typeLabel: labels.type[row[col.type]] || row[col.type],
    places: places
  };
}

/** Which folded words of a shown text to mark: those the query's words matched. */
function marker(query) {
  var stemmer = manifest.stem ? function (w) { return lunr.stemmer(new lunr.Token(w)).toString(); } : null;
  return function (word) {
    var stem = stemmer ? stemmer(word) : word;
    for (var i = 0; i < query.tokens.length; i++) {
      if (matchStrength(word, query.tokens[i], query.stems[i]) || stem === query.stems[i]) return true;
    }
    return false;
  };
}
