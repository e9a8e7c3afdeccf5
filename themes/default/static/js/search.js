/* Search for a lupaus site, on /<lang>/search/.
 *
 * Reads the language's index (/<lang>/search-index.json, written by
 * `lupaus build`; its format is documented in src/publish/search.rs), finds
 * the pages that contain every word of `q` (or, when none does, some of
 * them), and lists them best first. The
 * count is announced in the page's aria-live region; every string comes from
 * the data- attributes of [data-search], in the page's language.
 *
 * Plain ES2017 with no dependencies and no inline code, so it runs under
 * `script-src 'self'`. There is no stemmer here: the index lists, for each
 * stem, the word forms it was made from. A query word matches a form
 * exactly, and, when it has at least MIN_PREFIX characters, by prefix both
 * ways: a form that begins with the word ("hammashoito" finds
 * "hammashoitoa"), or a form or stem the word begins with. Prefix matches
 * weigh less than exact ones.
 *
 * Without JavaScript the page shows a notice with links instead of the form.
 */
(function () {
  'use strict';

  var MIN_WORD = 2;
  var MAX_WORD = 40;
  var MIN_PREFIX = 4;

  var root = document.querySelector('[data-search]');
  if (!root) return;
  var form = root.querySelector('[data-search-form]');
  var input = form && form.querySelector('input[name="q"]');
  var status = root.querySelector('[data-search-status]');
  var list = root.querySelector('[data-search-results]');
  var notice = root.querySelector('[data-search-nojs]');
  if (!form || !input || !status || !list) return;

  var lang = document.documentElement.lang || 'en';
  var baseTitle = document.title;
  var strings = root.dataset;

  if (notice) notice.hidden = true;
  form.hidden = false;

  // The same words as the index: lowercased runs of letters and digits.
  function isWordChar(ch) {
    return (ch >= '0' && ch <= '9') || ch.toLowerCase() !== ch.toUpperCase();
  }

  function words(text) {
    var out = [];
    var cur = '';
    var flush = function () {
      var n = Array.from(cur).length;
      if (n >= MIN_WORD && n <= MAX_WORD && out.indexOf(cur) < 0) out.push(cur);
      cur = '';
    };
    for (const ch of text.normalize('NFC').toLowerCase()) {
      if (isWordChar(ch)) cur += ch;
      else flush();
    }
    flush();
    return out;
  }

  var loading = null;

  function loadIndex() {
    if (!loading) {
      loading = fetch(strings.index, { credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        })
        .then(prepare);
      loading.catch(function () {
        loading = null; // try again on the next search
      });
    }
    return loading;
  }

  // form -> [term numbers]; the stem counts as one of its forms.
  function prepare(index) {
    var forms = new Map();
    var add = function (form, i) {
      var list = forms.get(form);
      if (list) {
        if (list.indexOf(i) < 0) list.push(i);
      } else {
        forms.set(form, [i]);
      }
    };
    index.terms.forEach(function (term, i) {
      add(term[0], i);
      term[1].forEach(function (form) {
        add(form, i);
      });
    });
    return { index: index, forms: forms };
  }

  // Terms that a query word matches: term number -> factor (0..1].
  function expand(word, prepared) {
    var found = new Map();
    var put = function (terms, factor) {
      terms.forEach(function (i) {
        if (!(found.get(i) >= factor)) found.set(i, factor);
      });
    };
    var exact = prepared.forms.get(word);
    if (exact) put(exact, 1);
    var n = word.length;
    if (n >= MIN_PREFIX) {
      prepared.forms.forEach(function (terms, form) {
        if (form.length > n && form.startsWith(word)) {
          put(terms, 0.5 + (0.5 * n) / form.length);
        } else if (form.length >= MIN_PREFIX && form.length < n && word.startsWith(form)) {
          put(terms, (0.5 * form.length) / n);
        }
      });
    }
    return found;
  }

  // Docs that match every word, best first; when no doc has them all,
  // those that have some of them, the most words first.
  function search(query, prepared) {
    var docs = prepared.index.docs;
    var terms = prepared.index.terms;
    var qs = words(query);
    var found = new Map(); // doc -> { score, words }
    qs.forEach(function (word) {
      var scores = new Map();
      expand(word, prepared).forEach(function (factor, t) {
        var postings = terms[t][2];
        for (var k = 0; k + 1 < postings.length; k += 2) {
          var d = postings[k];
          scores.set(d, (scores.get(d) || 0) + postings[k + 1] * factor);
        }
      });
      scores.forEach(function (score, d) {
        var f = found.get(d) || { score: 0, words: 0 };
        f.score += score;
        f.words += 1;
        found.set(d, f);
      });
    });
    var hits = Array.from(found.entries());
    var all = hits.filter(function (e) {
      return e[1].words === qs.length;
    });
    if (all.length) hits = all;
    return hits
      .sort(function (a, b) {
        var da = docs[a[0]];
        var db = docs[b[0]];
        return (
          b[1].words - a[1].words ||
          b[1].score - a[1].score ||
          da.title.localeCompare(db.title, lang) ||
          (da.url < db.url ? -1 : da.url > db.url ? 1 : 0)
        );
      })
      .map(function (e) {
        return docs[e[0]];
      });
  }

  function element(tag, className, text, textLang) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    if (textLang) el.lang = textLang;
    return el;
  }

  function show(results, query, kinds) {
    list.textContent = '';
    results.forEach(function (doc) {
      var li = element('li', 'search-result');
      var heading = element('h2', 'search-result-title');
      var a = element('a', '', doc.title, doc.lang);
      a.href = doc.url;
      if (doc.lang) a.hreflang = doc.lang;
      heading.appendChild(a);
      li.appendChild(heading);
      if (kinds[doc.kind]) li.appendChild(element('p', 'search-result-kind', kinds[doc.kind]));
      if (doc.excerpt) li.appendChild(element('p', 'search-result-excerpt', doc.excerpt, doc.lang));
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    var n = results.length;
    var message =
      n === 0
        ? strings.none.split('{q}').join(query)
        : countText(n).split('{n}').join(n.toLocaleString(lang));
    status.textContent = message;
    document.title = query + ' – ' + baseTitle;
  }

  // The count's form by the language's CLDR plural rules (Northern Sámi
  // has a dual: `two`); the page carries the forms its language has.
  function countText(n) {
    var form = n === 1 ? 'one' : 'other';
    if (window.Intl && Intl.PluralRules) {
      try {
        form = new Intl.PluralRules(lang).select(n);
      } catch (e) {
        // An unknown language tag: one/other as above.
      }
    }
    var key = 'count' + form.charAt(0).toUpperCase() + form.slice(1);
    return strings[key] || strings.countOther;
  }

  function clear() {
    list.textContent = '';
    list.hidden = true;
    status.textContent = '';
    document.title = baseTitle;
  }

  var latest = 0;

  function run(query) {
    var q = query.trim();
    var ticket = ++latest;
    if (!q) {
      clear();
      return Promise.resolve();
    }
    return loadIndex().then(
      function (prepared) {
        if (ticket !== latest) return;
        show(search(q, prepared), q, prepared.index.kinds || {});
      },
      function () {
        if (ticket !== latest) return;
        list.textContent = '';
        list.hidden = true;
        status.textContent = strings.error;
      }
    );
  }

  function queryFromAddress() {
    return new URL(window.location.href).searchParams.get('q') || '';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var q = input.value.trim();
    var url = new URL(window.location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    window.history.pushState(null, '', url.toString());
    run(q);
  });

  window.addEventListener('popstate', function () {
    var q = queryFromAddress();
    input.value = q;
    run(q);
  });

  var initial = queryFromAddress();
  input.value = initial;
  if (initial) run(initial);
})();
