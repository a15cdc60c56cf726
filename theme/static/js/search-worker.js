/* Search worker: finds which shards can match, loads those newest first, answers.
 *
 * All the work is here, off the page's thread, so typing never stutters.
 * The manifest (one per edition) lists the shards newest first and the
 * buckets of the term directory. A query first reads the bucket of each of
 * its words (one small file each) to learn which shards hold a matching
 * term, then loads only those, newest first. Each shard is a lunr index
 * (written compact; search-index.js expands it) with a row of facets per
 * alert (filters read them); result texts come in chunks fetched only when
 * a result from them is on screen: the original's texts, shared by every
 * edition, and this edition's translations where they exist.
 * Shards are loaded while the first screen is not full; past it, older ones
 * only when typing has paused and their alerts are few (BACKGROUND_ALERTS),
 * else when "Show more results" asks for them.
 *
 * Messages in:  {type: "init", manifest}
 *               {type: "search", id, q, filters, limit, now}
 *               {type: "more", id, limit}
 * Messages out: {type: "results", id, seq, total, complete, partial, items}
 *               {type: "error", message}
 */
'use strict';

importScripts('vendor/lunr-2.3.9/lunr.min.js', 'search-text.js', 'search-index.js');

var Text = self.AlertSearchText;
lunr.Pipeline.registerFunction(Text.lunrFold, 'alertFold');

// How much a match counts, by field: title and names first, then where and
// who (places, members, violations, case), then the summary. An exact (or
// same-stem) word counts double a word that only starts with what was typed.
var WEIGHTS = { t: 3, n: 3, p: 2, s: 1 };
// A word also matches the words it begins ("yilm" finds "Yılmaz") from this
// many letters on; shorter ones match whole words only ("ha" is not "has").
var PREFIX_MIN = 3;
// Longest key of the term directory's buckets (plugins/alert_search/directory.py).
var MAX_KEY = 4;
// Longest stretch of searching before answering, so the first results (and
// each newer query) never wait for every shard in memory.
var SLICE_MS = 25;
// While typing, a shard the first screen needs is fetched after this pause
// (Enter, a filter or an address: at once).
var TYPING_MS = 150;
// Once the first screen is full, older shards are searched (for the count)
// after this pause, and only if they hold at most BACKGROUND_ALERTS alerts.
var QUIET_MS = 300;
var BACKGROUND_ALERTS = 3000;

var manifest = null;
var manifestUrl = null;
var baseUrl = null;
var shards = []; // newest first: {meta, index, facets, texts: {chunk: rows}, pending: {chunk: promise}}
var keys = []; // the directory's bucket keys
var buckets = {}; // key -> promise of {term: shards}
var names = null; // country and violation names' terms in every language (a promise until loaded)
var ready = null; // promise of the manifest
var current = null; // the query being answered
var timer = 0;
var seq = 0;
var col = {}; // facet and display column numbers, by name

self.onmessage = function (event) {
  var msg = event.data;
  if (msg.type === 'init') init(msg.manifest);
  else if (msg.type === 'search') ready.then(function () { search(msg); }).catch(fail);
  else if (msg.type === 'more' && current && current.id === msg.id) {
    current.limit = msg.limit;
    current.now = true;
    if (current.started && !current.stepping && !current.loading) step(current);
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

function shared(name) {
  return new URL(name, baseUrl);
}

function init(url) {
  manifestUrl = url;
  ready = getJSON(url).then(function (data) {
    manifest = data;
    baseUrl = new URL(data.base, manifestUrl);
    data.facets.forEach(function (name, i) { col[name] = i; });
    data.display.forEach(function (name, i) { col['d_' + name] = i; });
    data.translated.forEach(function (name, i) { col['t_' + name] = i; });
    keys = Object.keys(data.terms);
    shards = data.shards.map(function (meta) { return { meta: meta, index: null, texts: {}, pending: {} }; });
  });
  ready.catch(fail);
}

function loadShard(i) {
  var shard = shards[i];
  if (!shard.loaded) {
    shard.loaded = getJSON(shared(shard.meta.index)).then(function (data) {
      shard.index = lunr.Index.load(self.AlertSearchIndex.expand(data.index));
      shard.facets = data.facets;
    });
  }
  return shard.loaded;
}

/** A chunk's result texts: the originals' (shared) and this edition's translations, if any. */
function loadTexts(shard, chunk) {
  if (!shard.pending[chunk]) {
    var translated = shard.meta.tr && shard.meta.tr[chunk];
    shard.pending[chunk] = Promise.all([
      getJSON(shared(shard.meta.texts[chunk])),
      translated ? getJSON(shared(translated)) : {}
    ]).then(function (files) {
      shard.texts[chunk] = { rows: files[0], translations: files[1] };
    });
  }
  return shard.pending[chunk];
}

/* -- the term directory -------------------------------------------------- */

function loadBucket(key) {
  if (!buckets[key]) buckets[key] = getJSON(shared(manifest.terms[key]));
  return buckets[key];
}

/** The bucket a term would be in: the longest key that begins it. */
function bucketOf(term) {
  for (var n = Math.min(term.length, MAX_KEY); n > 0; n--) {
    if (Object.prototype.hasOwnProperty.call(manifest.terms, term.slice(0, n))) return term.slice(0, n);
  }
  return null;
}

/** Every bucket that can hold a term matching this word (itself, its stem, or a term it begins). */
function bucketsFor(token, stem) {
  var wanted = [bucketOf(token), bucketOf(stem)];
  if (token.length >= PREFIX_MIN) {
    keys.forEach(function (key) { if (key.length > token.length && key.lastIndexOf(token, 0) === 0) wanted.push(key); });
  }
  return wanted.filter(function (key, i) { return key && wanted.indexOf(key) === i; });
}

/** Shard numbers (oldest 0) holding a term this word matches, from its loaded buckets. */
function shardsFor(token, stem, found) {
  var ids = {};
  found.forEach(function (bucket) {
    for (var term in bucket) {
      if (!matchStrength(term, token, stem)) continue;
      bucket[term].forEach(function (run) {
        if (typeof run === 'number') ids[run] = true;
        else for (var id = run[0]; id <= run[1]; id++) ids[id] = true;
      });
    }
  });
  return ids;
}

/* -- queries ------------------------------------------------------------ */

function search(msg) {
  var tokens = Text.fold(msg.q || '');
  var pipeline = lunr.Pipeline.load(manifest.stem ? ['alertFold', 'stemmer'] : ['alertFold']);
  clearTimeout(timer);
  var query = current = {
    id: msg.id,
    tokens: tokens,
    stems: tokens.map(function (t) { return pipeline.runString(t)[0] || t; }),
    filters: msg.filters || {},
    today: localDay(),
    limit: msg.limit,
    now: !!msg.now,
    hits: [],
    labels: [],
    order: [], // positions of the shards that can match, newest first
    next: 0 // how many of them are searched
  };
  if (!tokens.length && !hasFilters(query.filters)) {
    self.postMessage({ type: 'results', id: msg.id, seq: ++seq, total: 0, complete: true, idle: true, items: [] });
    return;
  }
  var lists = tokens.map(function (token, i) {
    return Promise.all(bucketsFor(token, query.stems[i]).map(loadBucket));
  });
  if (tokens.length && !names) {
    names = getJSON(shared(manifest.names)).then(function (data) { names = data; });
  }
  Promise.all([names].concat(lists)).then(function (found) {
    if (current !== query) return;
    found.shift();
    query.labels = tokens.map(function (token, i) { return labelsFor(token, query.stems[i]); });
    query.labelled = query.labels.some(Boolean);
    // A word that names a country or violation can match in any shard.
    var sets = found.map(function (bucketList, i) {
      return query.labels[i] ? null : shardsFor(tokens[i], query.stems[i], bucketList);
    });
    var year = query.filters.year;
    for (var position = 0; position < shards.length; position++) {
      var meta = shards[position].meta;
      if (!sets.every(function (ids) { return !ids || ids[meta.id]; })) continue;
      if (year && (meta.from.slice(0, 4) > year || meta.to.slice(0, 4) < year)) continue;
      query.order.push(position);
    }
    query.started = true;
    step(query);
  }).catch(fail);
}

/** Search the loaded shards for a time slice, answer, and go on (or load the next shard). */
function step(query) {
  query.stepping = false;
  var started = performance.now();
  while (query.next < query.order.length && shards[query.order[query.next]].index) {
    searchShard(query, query.order[query.next]);
    query.next += 1;
    if (performance.now() - started >= SLICE_MS) break;
  }
  if (query.next >= query.order.length) return respond(query, true, false);
  if (shards[query.order[query.next]].index) {
    respond(query, false, false);
    query.stepping = true;
    setTimeout(function () { if (current === query) step(query); }, 0);
    return;
  }
  // The next shard is not loaded: fetch it if the first screen needs it, or
  // (once typing has paused) if the rest is small; else stop until asked.
  var needed = query.hits.length < query.limit;
  if (!needed && remaining(query) > BACKGROUND_ALERTS) return respond(query, true, true);
  var answered = respond(query, false, false);
  var delay = needed ? (query.now ? 0 : TYPING_MS) : QUIET_MS;
  answered.then(function () {
    if (current !== query) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (current !== query) return;
      query.loading = true;
      loadShard(query.order[query.next]).then(function () {
        query.loading = false;
        if (current === query) step(query);
      }).catch(fail);
    }, delay);
  });
}

function remaining(query) {
  var alerts = 0;
  for (var i = query.next; i < query.order.length; i++) alerts += shards[query.order[i]].meta.count;
  return alerts;
}

function hasFilters(filters) {
  return Object.keys(filters).some(function (k) { return filters[k]; });
}

function localDay() {
  var now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** Add shard i's matches to the query's hits (shards are searched newest first). */
function searchShard(query, i) {
  var shard = shards[i];
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
  var consider = function (ref, metadata) {
    var row = shard.facets[ref];
    var quality = score(metadata, query, row);
    if (quality > 0 && passes(row, query)) query.hits.push({ s: i, r: ref, q: quality });
  };
  if (!query.labelled) {
    found.forEach(function (match) { consider(+match.ref, match.matchData.metadata); });
    return;
  }
  // A word names a country or violation: any alert of the shard may match through its facets.
  var byRef = {};
  found.forEach(function (match) { byRef[match.ref] = match.matchData.metadata; });
  for (var ref = 0; ref < shard.facets.length; ref++) consider(ref, byRef[ref] || {});
}

/** Every typed word must match; each adds its best field's weight (x2 when whole). */
function score(metadata, query, row) {
  var total = 0;
  var terms = Object.keys(metadata);
  for (var i = 0; i < query.tokens.length; i++) {
    var best = 0;
    for (var j = 0; j < terms.length; j++) {
      var strength = matchStrength(terms[j], query.tokens[i], query.stems[i]);
      if (!strength) continue;
      for (var field in metadata[terms[j]]) best = Math.max(best, WEIGHTS[field] * strength);
    }
    var named = query.labels[i];
    if (named) {
      // Country names and violation labels (not in the index): weighed as the particulars field.
      row[col.countries].forEach(function (c) { if (named.country[c]) best = Math.max(best, WEIGHTS.p * named.country[c]); });
      row[col.violations].forEach(function (v) { if (named.violation[v]) best = Math.max(best, WEIGHTS.p * named.violation[v]); });
    }
    if (!best) return 0;
    total += best;
  }
  return total;
}

/** The countries and violations whose names (in any language) a word matches, and how well; or null. */
function labelsFor(token, stem) {
  var found = null;
  ['country', 'violation'].forEach(function (kind) {
    var entries = names[kind];
    for (var slug in entries) {
      var best = 0;
      for (var k = 0; k < entries[slug].length; k++) best = Math.max(best, matchStrength(entries[slug][k], token, stem));
      if (!best) continue;
      found = found || { country: {}, violation: {} };
      found[kind][slug] = best;
    }
  });
  return found;
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

function respond(query, complete, partial) {
  var top = ranked(query).slice(0, query.limit);
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
      partial: partial,
      searched: query.next,
      shards: query.order.length,
      items: top.map(function (hit) { return item(hit, query); })
    });
  }).catch(fail);
}

function item(hit, query) {
  var shard = shards[hit.s];
  var row = shard.facets[hit.r];
  var chunk = shard.texts[Math.floor(hit.r / manifest.chunk)];
  var text = chunk.rows[hit.r % manifest.chunk];
  var translation = chunk.translations[hit.r % manifest.chunk];
  var day = text[col.d_day];
  var lang = translation || text[col.d_lang] === manifest.lang ? '' : text[col.d_lang];
  var labels = manifest.labels;
  var places = row[col.countries].map(function (c) { return labels.country[c] || c.toUpperCase(); });
  if (!places.length) places = row[col.regions].map(function (r) { return labels.region[r] || r; });
  var marks = marker(query);
  return {
    url: translation ? translation[col.t_url] : text[col.d_url],
    title: Text.highlight(translation ? translation[col.t_title] : text[col.d_title], marks),
    summary: Text.highlight(translation ? translation[col.t_summary] : text[col.d_summary], marks),
    date: written(day),
    day: day,
    lang: lang,
    type: row[col.type],
    typeLabel: labels.type[row[col.type]] || row[col.type],
    places: places
  };
}

/** A day as the page writes it (as clearinghouse.i18n.long_date does): "1 mars 2009". */
function written(day) {
  var dates = manifest.dates;
  if (dates.days && dates.days[day]) return dates.days[day];
  return dates.months[+day.slice(5, 7) - 1].replace('{y}', String(+day.slice(0, 4))).replace('{d}', String(+day.slice(8)));
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
