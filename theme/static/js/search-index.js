/* A shard's index, from the compact form the build writes to what lunr.Index.load reads.
 *
 * plugins/alert_search/compact.py writes it and says why (the same index in
 * about a third of the bytes); `expand` here gives back exactly lunr.py's
 * serialisation, which a test checks against lunr.py in a browser:
 *   - fieldVectors: "<field>/<n>": [] for every document n and field;
 *   - invertedIndex: a row per term, in term-number order (its `_index` is
 *     its position), then one list per field of the documents holding it,
 *     the first as its number and each next as the gap from the one before;
 *     lists missing at the end of a row are empty. Sorted by term for lunr
 *     (the terms hold no astral character, so UTF-16 order is code-point
 *     order, as lunr.py sorts).
 * Loaded by the search worker (importScripts) and usable in a page.
 */
(function (root) {
  'use strict';

  function expand(compact) {
    var fields = compact.fields;
    var vectors = [];
    for (var doc = 0; doc < compact.documents; doc++) {
      for (var f = 0; f < fields.length; f++) vectors.push([fields[f] + '/' + doc, []]);
    }
    var terms = compact.terms.map(function (row, number) {
      var posting = {};
      for (var f = 0; f < fields.length; f++) {
        var gaps = row[f + 1] || [];
        var docs = {};
        for (var i = 0, n = 0; i < gaps.length; i++) {
          n += gaps[i];
          docs[n] = {};
        }
        posting[fields[f]] = docs;
      }
      posting._index = number;
      return [row[0], posting];
    });
    terms.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    return {
      version: compact.version,
      fields: fields,
      fieldVectors: vectors,
      invertedIndex: terms,
      pipeline: compact.pipeline
    };
  }

  root.AlertSearchIndex = { expand: expand };
})(self);
