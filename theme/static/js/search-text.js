/* The folding pipeline, in the browser: what a searchable word is.
 *
 * The index was made at build time by plugins/alert_search/text.py; a word
 * typed here must fold exactly as the same word folded there, or it could
 * never be found. Same steps, same table (a test runs both on the same texts):
 *   1. lowercase, NFKD, lowercase again;
 *   2. drop nonspacing marks (\p{Mn}): "Ñúñez" -> "nunez";
 *   3. fold the letters NFKD leaves whole (FOLD_TABLE): "Yılmaz" -> "yilmaz";
 *   4. words are runs of BMP letters and digits; anything else separates
 *      them, every astral character (emoji) included (lunr.py #144).
 * Loaded by the search worker (importScripts) and usable in a page.
 */
(function (root) {
  'use strict';

  var FOLD_TABLE = {
    '\u0131': 'i', '\u0142': 'l', '\u00f8': 'o', '\u0111': 'd', '\u00f0': 'd', '\u0127': 'h',
    '\u0167': 't', '\u00df': 'ss', '\u00e6': 'ae', '\u0153': 'oe', '\u00fe': 'th', '\u0138': 'k',
    '\u03c2': '\u03c3', '\u0640': '', '\u02bb': '', '\u02bc': '', '\u02bd': '', '\u00b7': ''
  };
  var TABLE_KEYS = new RegExp('[' + Object.keys(FOLD_TABLE).join('') + ']', 'g');
  var MARKS = /\p{Mn}+/gu;
  var ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;
  var WORD = /[\p{L}\p{N}]+/gu;
  var DISPLAY_WORD = /[\p{L}\p{N}\p{M}]+/gu;

  /** The folded words of a text, in order (the index terms before stemming). */
  function fold(text) {
    var s = String(text).toLowerCase().normalize('NFKD').toLowerCase();
    s = s.replace(MARKS, '').replace(TABLE_KEYS, function (c) { return FOLD_TABLE[c]; });
    return s.replace(ASTRAL, ' ').match(WORD) || [];
  }

  /** The lunr pipeline function the index names "alertFold": one token in, its words out. */
  function lunrFold(token) {
    return fold(token.toString()).map(function (word) {
      return token.clone(function () { return word; });
    });
  }

  /**
   * A text cut into [piece, marked] pairs: a word is marked when one of its
   * folded parts is matched by `matches(part)`. Marks and punctuation stay as
   * written, so the text shown is exactly the text stored.
   */
  function highlight(text, matches) {
    var pieces = [];
    var last = 0;
    String(text).replace(DISPLAY_WORD, function (word, offset) {
      if (fold(word).some(matches)) {
        if (offset > last) pieces.push([text.slice(last, offset), false]);
        pieces.push([word, true]);
        last = offset + word.length;
      }
      return word;
    });
    if (last < text.length) pieces.push([text.slice(last), false]);
    return pieces;
  }

  root.AlertSearchText = { FOLD_TABLE: FOLD_TABLE, fold: fold, lunrFold: lunrFold, highlight: highlight };
})(self);
