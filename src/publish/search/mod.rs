//! Search: the index of one language, `/<lang>/search-index.json`, built at
//! build time, and the search page `/<lang>/search/` whose script reads it.
//!
//! Documents are every published page of the language (its title, summary,
//! the commitment's `resident_view`, and its body as text, without tags) and
//! the generated pages (results, indicator pages, accessibility statement,
//! news list). Words are lowercased runs of letters and digits and reduced
//! to stems with the Snowball stemmer of the text's language
//! (`rust-stemmers`); a page shown in the default language is stemmed as
//! that language. The browser has no stemmer, so the index also lists, for
//! each stem, the surface forms it was made from: the script looks a query
//! word up among the forms, and matches prefixes both ways (see
//! `static/js/search.js`).
//!
//! The index (version 1) is one JSON object:
//!
//! ```json
//! { "version": 1, "lang": "fi",
//!   "kinds": { "commitment": "Lupaus", ... },
//!   "docs": [ { "url": "/fi/health/dental/", "title": "...", "excerpt": "...",
//!               "kind": "commitment", "lang": "fi" } ],
//!   "terms": [ [ "hammashoi", ["hammashoitoa", "hammashoitolassa"], [3, 11, 7, 1] ] ] }
//! ```
//!
//! `lang` of a doc is there only when its text is in another language than
//! the index. Each term is `[stem, forms, postings]`: the forms other than
//! the stem itself, and postings as flat pairs of doc number and weight
//! (a word in the title weighs [`TITLE_WEIGHT`], in the summary,
//! `resident_view` or a heading [`LEAD_WEIGHT`], in the body
//! [`BODY_WEIGHT`], summed per occurrence up to [`MAX_WEIGHT`]). Every string
//! is written once; excerpts are cut at [`EXCERPT_CHARS`] characters; terms,
//! forms and postings are sorted, so two builds write the same bytes.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;

mod words;

use words::raw_words;
pub use words::{excerpt, stemmer_for, text_of, words};

use super::SEARCH_SCRIPT;
use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostics;
use crate::i18n::I18n;
use crate::lock;
use crate::markdown::Parsed;
use crate::output::Output;
use crate::render::Renderer;
use crate::render::context::text_lang;
use crate::site::Route;
use crate::site::urls::{search_url, url_to_file};
use crate::site::{Page, Site, Variant};

/// Weight of a word in a title.
pub const TITLE_WEIGHT: u32 = 10;
/// Weight of a word in a summary, `resident_view` or heading.
pub const LEAD_WEIGHT: u32 = 3;
/// Weight of a word in the body.
pub const BODY_WEIGHT: u32 = 1;
/// Largest weight of one stem in one document.
pub const MAX_WEIGHT: u32 = 999;
/// Longest excerpt, in characters.
pub const EXCERPT_CHARS: usize = 200;
/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doc {
    /// Its URL.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The summary, or the beginning of the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// `promise`, `area`, `commitment`, `page`, `news` or `indicator`.
    pub kind: &'static str,
    /// The language of title and excerpt, when not the index's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The search index of one language, written as it is serialised.
#[derive(Debug, Serialize)]
pub struct Index {
    /// Format version.
    pub version: u32,
    /// The language.
    pub lang: String,
    /// Labels of the kinds of page, in the language.
    pub kinds: BTreeMap<&'static str, String>,
    /// The documents; postings refer to them by position.
    pub docs: Vec<Doc>,
    /// Terms sorted by stem, each `[stem, forms, postings]`.
    pub terms: SortedTerms,
}

/// The terms of an [`Index`], kept as the builder made them and written in
/// order of stem (each `[stem, forms, postings]` with the postings as flat
/// pairs of document and weight), so that no second copy is made to
/// serialise them.
#[derive(Debug)]
pub struct SortedTerms {
    /// Stem numbers, sorted by stem.
    order: Vec<u32>,
    /// The stems, by number.
    stems: Vec<Box<str>>,
    /// By stem number: the forms, sorted.
    forms: Vec<Vec<Box<str>>>,
    /// By stem number: (doc, weight), sorted by doc, one per doc.
    postings: Vec<Vec<(u32, u32)>>,
}

/// One term of the index: its stem, its other surface forms, and its
/// postings as (doc, weight).
pub type Term<'a> = (&'a str, &'a [Box<str>], &'a [(u32, u32)]);

impl SortedTerms {
    /// The terms in order.
    pub fn iter(&self) -> impl Iterator<Item = Term<'_>> {
        self.order.iter().map(|&i| {
            let i = i as usize;
            (&*self.stems[i], &self.forms[i][..], &self.postings[i][..])
        })
    }
}

impl Serialize for SortedTerms {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// Postings as one flat list: doc, weight, doc, weight...
        struct Flat<'a>(&'a [(u32, u32)]);
        impl Serialize for Flat<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().flat_map(|&(d, w)| [d, w]))
            }
        }
        s.collect_seq(
            self.iter()
                .map(|(stem, forms, postings)| (stem, forms, Flat(postings))),
        )
    }
}

/// Collects documents and their words. Documents have numbers fixed in
/// advance (the pages' order, then the generated pages), so their words
/// can be added in any order, by any thread; [`Builder::finish`] sorts.
#[derive(Default)]
struct Builder {
    /// The documents by number; a page's is `None` until its words are in.
    docs: Vec<Option<Doc>>,
    /// Stem → its number in `stems`.
    ids: FxHashMap<Box<str>, u32>,
    /// The stems, by number.
    stems: Vec<Box<str>>,
    /// By stem number: (doc, weight), in the order they came.
    postings: Vec<Vec<(u32, u32)>>,
    /// By stem number: the surface forms other than the stem.
    forms: Vec<Vec<Box<str>>>,
}

/// The words of one document, stemmed: made for each page on its own (in
/// parallel), then added to the [`Builder`].
#[derive(Default)]
struct Terms {
    /// stem → (summed weight, surface forms other than the stem).
    stems: FxHashMap<Box<str>, (u32, Vec<Box<str>>)>,
}

/// One language's stemmer (none for a language Snowball lacks) and what it
/// gave: a site's pages share most of their words, and stemming is most of
/// the work of an index. Kept per thread for the whole run.
struct LangStems {
    stemmer: Option<Stemmer>,
    /// word as written → (lowercased, stem).
    known: FxHashMap<Box<str>, (Box<str>, Box<str>)>,
}

thread_local! {
    /// This thread's stems, by language.
    static STEMS: RefCell<FxHashMap<String, LangStems>> = RefCell::new(FxHashMap::default());
}

impl Terms {
    /// Adds `text` (in language `lang`), each word weighing `weight`.
    fn text(&mut self, lang: &str, text: &str, weight: u32) {
        STEMS.with_borrow_mut(|all| {
            if !all.contains_key(lang) {
                let stems = LangStems {
                    stemmer: stemmer_for(lang),
                    known: FxHashMap::default(),
                };
                all.insert(lang.to_string(), stems);
            }
            let Some(LangStems { stemmer, known }) = all.get_mut(lang) else {
                return;
            };
            for word in raw_words(text) {
                // One look-up for a word seen before (most of them).
                let (lower, stem) = match known.get(word) {
                    Some(seen) => seen,
                    None => {
                        let lower = word.to_lowercase();
                        let stem = match stemmer {
                            Some(s) => s.stem(&lower).into_owned(),
                            None => lower.clone(),
                        };
                        known
                            .entry(word.into())
                            .or_insert((lower.into(), stem.into()))
                    }
                };
                let entry = match self.stems.get_mut(stem) {
                    Some(e) => e,
                    None => self.stems.entry(stem.clone()).or_default(),
                };
                entry.0 = entry.0.saturating_add(weight);
                if lower != stem && !entry.1.contains(lower) {
                    entry.1.push(lower.clone());
                }
            }
        });
    }
}

impl Builder {
    /// A builder for `count` documents whose words come later.
    fn for_docs(count: usize) -> Self {
        Builder {
            docs: vec![None; count],
            ..Builder::default()
        }
    }

    /// Adds a document after those counted in advance; returns its number.
    fn doc(&mut self, doc: Doc) -> u32 {
        self.docs.push(Some(doc));
        u32::try_from(self.docs.len() - 1).unwrap_or(u32::MAX)
    }

    /// Adds the words of document `doc`.
    fn add(&mut self, doc: u32, terms: Terms) {
        for (stem, (weight, forms)) in terms.stems {
            let id = match self.ids.get(&stem) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
                    self.ids.insert(stem.clone(), id);
                    self.stems.push(stem);
                    self.postings.push(Vec::new());
                    self.forms.push(Vec::new());
                    id
                }
            };
            let i = id as usize;
            self.postings[i].push((doc, weight));
            for form in forms {
                if !self.forms[i].contains(&form) {
                    self.forms[i].push(form);
                }
            }
        }
    }

    /// Indexes `text` (in language `lang`) for document `doc`.
    fn text(&mut self, doc: u32, lang: &str, text: &str, weight: u32) {
        let mut terms = Terms::default();
        terms.text(lang, text, weight);
        self.add(doc, terms);
    }

    /// The index: terms sorted by stem, each one's forms sorted and its
    /// postings in document order (a document's weights summed, up to
    /// [`MAX_WEIGHT`]). A document whose words never came is left out
    /// (not expected: see [`index`]).
    fn finish(self, lang: &str, kinds: BTreeMap<&'static str, String>) -> Index {
        let Builder {
            docs,
            stems,
            mut postings,
            mut forms,
            ..
        } = self;
        let mut order: Vec<u32> = (0..stems.len()).map(|i| i as u32).collect();
        order.sort_unstable_by(|&a, &b| stems[a as usize].cmp(&stems[b as usize]));
        for f in &mut forms {
            f.sort_unstable();
        }
        for p in &mut postings {
            p.sort_by_key(|&(d, _)| d);
            // A generated page's title and text came separately.
            p.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = kept.1.saturating_add(later.1);
                }
                same
            });
            for (_, w) in p.iter_mut() {
                *w = (*w).min(MAX_WEIGHT);
            }
            p.shrink_to_fit();
        }
        Index {
            version: 1,
            lang: lang.to_string(),
            kinds,
            docs: docs.into_iter().flatten().collect(),
            terms: SortedTerms {
                order,
                stems,
                forms,
                postings,
            },
        }
    }
}

/// The search indexes of a build in the making, one per language with a
/// search page. The render adds each page's words as it renders the page
/// ([`Collector::add_page`], from the Markdown it parsed for the page
/// anyway), so that the bodies are neither read nor parsed again for the
/// index; [`index`] adds the pages that did not come this way (all of them
/// in a preview, which has no collector) and the generated pages.
pub struct Collector {
    langs: Vec<LangIndex>,
}

/// One language's index in the making.
struct LangIndex {
    lang: String,
    /// Document number by page (the page's position in the site), for the
    /// pages published in the language.
    numbers: Vec<Option<u32>>,
    builder: Mutex<Builder>,
}

impl LangIndex {
    fn new(site: &Site, lang: &str) -> Self {
        let mut count = 0u32;
        let numbers = site
            .pages
            .iter()
            .map(|p| {
                p.variant(lang).map(|_| {
                    count += 1;
                    count - 1
                })
            })
            .collect();
        LangIndex {
            lang: lang.to_string(),
            numbers,
            builder: Mutex::new(Builder::for_docs(count as usize)),
        }
    }

    /// Adds the words of the page at `at` in `site.pages` (its body as
    /// parsed) unless they are in already.
    fn add(&self, site: &Site, at: usize, body: &Parsed) {
        let Some(Some(n)) = self.numbers.get(at) else {
            return;
        };
        let Some((doc, terms)) = page_terms(site, &self.lang, &site.pages[at], body) else {
            return;
        };
        let mut b = lock(&self.builder);
        if let Some(slot @ None) = b.docs.get_mut(*n as usize) {
            *slot = Some(doc);
            b.add(*n, terms);
        }
    }

    /// Takes the index in the making out, with every page's words in
    /// (those that had not come are added here, in parallel).
    fn take(&self, site: &Site) -> Builder {
        let missing: Vec<usize> = {
            let b = lock(&self.builder);
            self.numbers
                .iter()
                .enumerate()
                .filter(|(_, n)| n.is_some_and(|n| b.docs[n as usize].is_none()))
                .map(|(at, _)| at)
                .collect()
        };
        missing.par_iter().for_each(|&at| {
            if let Some(v) = site.pages[at].variant(&self.lang) {
                self.add(site, at, &site.body(v.file));
            }
        });
        std::mem::take(&mut *lock(&self.builder))
    }
}

impl Collector {
    /// Empty indexes for the languages of `site` that have a search page.
    pub fn new(site: &Site) -> Self {
        let langs = site
            .config
            .languages
            .iter()
            .filter(|lang| search_url(site, lang).is_some())
            .map(|lang| LangIndex::new(site, lang))
            .collect();
        Collector { langs }
    }

    /// Adds the words of `page` in the language of `v`, whose body is
    /// `body`, to that language's index.
    pub fn add_page(&self, site: &Site, page: &Page, v: &Variant, body: &Parsed) {
        let Some(at) = site.page_position(&page.key) else {
            return;
        };
        if let Some(index) = self.lang(&v.lang) {
            index.add(site, at, body);
        }
    }

    /// `lang`'s index in the making.
    fn lang(&self, lang: &str) -> Option<&LangIndex> {
        self.langs.iter().find(|l| l.lang == lang)
    }
}

/// The document and words of `page` in the index of `lang`, if it is
/// published in `lang`; `body` is its body, parsed.
fn page_terms(site: &Site, lang: &str, page: &Page, body: &Parsed) -> Option<(Doc, Terms)> {
    let default = site.default_lang();
    let other = |l: &str| (l != lang).then(|| l.to_string());
    let v = page.variant(lang)?;
    let tl = text_lang(site, v);
    let kind = match &page.kind {
        Kind::Promise => "promise",
        Kind::Area { .. } => "area",
        Kind::Commitment { .. } => "commitment",
        Kind::Free { .. } if v.front.date.is_some() => "news",
        Kind::Free { .. } => "page",
    };
    let summary_lang = if v.inherited.contains("summary") {
        default
    } else {
        tl
    };
    let rv_lang = if v.inherited.contains("resident_view") {
        default
    } else {
        tl
    };
    let (headings, text) = text_of(body.events());
    let excerpt_text = v.front.summary.as_deref().unwrap_or(&text);
    let excerpt = Some(excerpt(excerpt_text, EXCERPT_CHARS)).filter(|e| !e.is_empty());
    let doc = Doc {
        url: v.url.clone(),
        title: v.title().to_string(),
        excerpt,
        kind,
        lang: other(tl),
    };
    let mut terms = Terms::default();
    terms.text(tl, v.title(), TITLE_WEIGHT);
    if let Some(s) = &v.front.summary {
        terms.text(summary_lang, s, LEAD_WEIGHT);
    }
    if let Some(r) = &v.front.resident_view {
        terms.text(rv_lang, r, LEAD_WEIGHT);
    }
    terms.text(tl, &headings, LEAD_WEIGHT);
    terms.text(tl, &text, BODY_WEIGHT);
    Some((doc, terms))
}

/// The search index of `lang`: the pages' words that `collected` has (or
/// all of them read here, without one), then the generated pages, when the
/// route table puts them in the index ([`Route::in_search`]) and `out`
/// holds them.
pub fn index(
    site: &Site,
    i18n: &I18n,
    lang: &str,
    out: &Output,
    collected: Option<&Collector>,
) -> Index {
    let default = site.default_lang();
    let fresh;
    let index = match collected.and_then(|c| c.lang(lang)) {
        Some(index) => index,
        None => {
            fresh = LangIndex::new(site, lang);
            &fresh
        }
    };
    let mut b = index.take(site);
    let other = |l: &str| (l != lang).then(|| l.to_string());
    let prefix = site.options.prefix.as_str();
    for route in Route::language_pages(site) {
        if !route.in_search() {
            continue;
        }
        let url = route.url(site, lang);
        if !out.contains(&url_to_file(&url, prefix)) {
            continue;
        }
        let page = |b: &mut Builder, title_key: &str, text_key: Option<&str>| {
            let title = i18n.get(lang, title_key);
            let text = text_key.map(|k| i18n.get(lang, k));
            let doc = b.doc(Doc {
                url: url.clone(),
                title: title.clone(),
                excerpt: text.as_deref().map(|t| excerpt(t, EXCERPT_CHARS)),
                kind: "page",
                lang: None,
            });
            b.text(doc, lang, &title, TITLE_WEIGHT);
            if let Some(t) = &text {
                b.text(doc, lang, t, LEAD_WEIGHT);
            }
        };
        match route {
            Route::Accessibility => page(&mut b, "accessibility_title", None),
            Route::News => page(&mut b, "news_title", None),
            // The document repeats every commitment: only its title and
            // what it is, so that a search does not list each text twice.
            Route::Document => page(&mut b, "document_title", Some("document_intro")),
            Route::Changes => page(&mut b, "changes_title", Some("changes_intro")),
            Route::Results => page(&mut b, "results_title", Some("results_intro")),
            Route::Indicator(id) => {
                let Some(ind) = site.indicators.get(id) else {
                    continue;
                };
                let name = ind.name.get(lang, default);
                let name_lang = name.fallback_lang.as_deref().unwrap_or(lang);
                let description = ind.description.as_ref().map(|d| d.get(lang, default));
                let doc = b.doc(Doc {
                    url: url.clone(),
                    title: name.text.clone(),
                    excerpt: description
                        .as_ref()
                        .map(|d| excerpt(&d.text, EXCERPT_CHARS))
                        .filter(|e| !e.is_empty()),
                    kind: "indicator",
                    lang: other(name_lang),
                });
                b.text(doc, name_lang, &name.text, TITLE_WEIGHT);
                if let Some(d) = &description {
                    let dl = d.fallback_lang.as_deref().unwrap_or(lang);
                    b.text(doc, dl, &d.text, LEAD_WEIGHT);
                }
            }
            _ => {}
        }
    }
    let kinds = [
        ("promise", "promise_label"),
        ("area", "area_label"),
        ("commitment", "commitment_label"),
        ("page", "search_kind_page"),
        ("news", "latest_news"),
        ("indicator", "indicator_label"),
    ]
    .into_iter()
    .map(|(kind, key)| (kind, i18n.get(lang, key)))
    .collect();
    b.finish(lang, kinds)
}

/// Adds the index and the search page of `lang` to `out`.
pub fn add(
    renderer: &Renderer<'_>,
    lang: &str,
    collected: Option<&Collector>,
    out: &mut Output,
    diags: &Diagnostics,
) {
    let site = renderer.site;
    let prefix = site.options.prefix.as_str();
    let index_url = Route::SearchIndex.url(site, lang);
    let index = index(site, renderer.i18n, lang, out, collected);
    let written = out.add_written(url_to_file(&index_url, prefix), |w| {
        serde_json::to_writer(w, &index).map_err(std::io::Error::from)
    });
    drop(index);
    if let Err(d) = written {
        diags.push(d);
        return;
    }
    let url = Route::Search.url(site, lang);
    let title = renderer.i18n.get(lang, "search_title");
    let rendered = renderer.render_extra(lang, &url, Some(Route::Search), "search.html", |ctx| {
        ctx.insert("page", &json!({"kind": "search", "title": title}));
        ctx.insert(
            "search",
            &json!({
                "index_url": index_url,
                "script_url": format!("{prefix}/{SEARCH_SCRIPT}"),
            }),
        );
        // Result lists are not pages to index.
        ctx.insert("noindex", &true);
    });
    match rendered {
        Ok((path, html)) => out.add(path, html),
        Err(d) => diags.push(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        let w: Vec<String> = words("Hammassärky? Soita 116117 – sote-integraatio, a").collect();
        assert_eq!(w, ["hammassärky", "soita", "116117", "sote", "integraatio"]);
    }

    #[test]
    fn excerpts_are_cut_at_a_word() {
        assert_eq!(excerpt("  lyhyt\n teksti ", 200), "lyhyt teksti");
        let long = "sana ".repeat(100);
        let e = excerpt(&long, 30);
        assert!(e.chars().count() <= 30, "{e}");
        assert!(e.ends_with("sana…"), "{e}");
    }

    #[test]
    fn body_text_leaves_out_markup() {
        let (h, t) = text_of(
            crate::markdown::parse(
                "## Mitä lupaamme\n\nSoita <b>heti</b> [palveluun](@/x.md).\n\n| a | b |\n|---|---|\n| c | d |\n",
            )
            .events(),
        );
        assert_eq!(h.trim(), "Mitä lupaamme");
        assert!(t.contains("Soita heti palveluun."), "{t}");
        assert!(!t.contains('<') && !t.contains("@/"), "{t}");
        assert!(t.contains('c') && t.contains('d'));
    }

    #[test]
    fn stems_group_forms_and_title_weighs_more() {
        let mut b = Builder::default();
        let d0 = b.doc(Doc {
            url: "/fi/a/".into(),
            title: "Hammashoito".into(),
            excerpt: None,
            kind: "page",
            lang: None,
        });
        let d1 = b.doc(Doc {
            url: "/fi/b/".into(),
            title: "Muu".into(),
            excerpt: None,
            kind: "page",
            lang: None,
        });
        b.text(d0, "fi", "Hammashoito", TITLE_WEIGHT);
        b.text(d1, "fi", "kiireellistä hammashoitoa", BODY_WEIGHT);
        let index = b.finish("fi", BTreeMap::new());
        let stem = stemmer_for("fi").unwrap().stem("hammashoitoa").into_owned();
        let term = index.terms.iter().find(|t| t.0 == stem).expect("stem");
        assert_eq!(term.2, [(0, TITLE_WEIGHT), (1, BODY_WEIGHT)]);
        assert!(
            term.1.contains(&"hammashoitoa".into()) || stem == "hammashoitoa",
            "{term:?}"
        );
    }

    /// A site of the promise and one page, `pages/a.fi.md` (body "Kirahvi
    /// juoksee"), in `dir`, with the built-in theme's strings.
    fn one_page_site(dir: &std::path::Path) -> (Site, I18n) {
        let bodies = crate::content::Bodies::Keep;
        let site = crate::site::one_page_site(dir, bodies, "Kirahvi juoksee.\n");
        let diags = Diagnostics::new();
        let theme = crate::theme::load(dir, &site.config.theme, &diags).expect("theme");
        let i18n = crate::i18n::load(&theme, &site.config.languages, &diags);
        (site, i18n)
    }

    /// The docs of `index` whose words include the stem of `word`.
    fn found(index: &Index, word: &str) -> Vec<String> {
        let stem = stemmer_for("fi").expect("fi").stem(word).into_owned();
        index
            .terms
            .iter()
            .filter(|t| t.0 == stem)
            .flat_map(|t| t.2.iter().map(|&(d, _)| index.docs[d as usize].url.clone()))
            .collect()
    }

    #[test]
    fn a_page_collected_while_rendered_is_not_read_again() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (site, i18n) = one_page_site(dir.path());
        let out = Output::new(false);
        // Read when the index is made: the file's words.
        let read = index(&site, &i18n, "fi", &out, None);
        assert_eq!(found(&read, "kirahvi"), ["/fi/a/"]);
        // Collected as the render parsed it: those words, not the file's
        // again (a render that parsed another text would show).
        let collected = Collector::new(&site);
        let page = site.page("pages/a.md").expect("the page");
        let v = page.variant("fi").expect("in Finnish");
        collected.add_page(&site, page, v, &crate::markdown::parse("Norsu kävelee.\n"));
        let built = index(&site, &i18n, "fi", &out, Some(&collected));
        assert_eq!(found(&built, "norsu"), ["/fi/a/"]);
        assert!(found(&built, "kirahvi").is_empty());
        // The page that did not come (the promise) was read, and the
        // documents keep their order.
        let urls = |i: &Index| i.docs.iter().map(|d| d.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(&built), urls(&read));
        assert!(!found(&built, "lupaus").is_empty());
    }

    #[test]
    fn languages_without_a_stemmer_keep_words() {
        assert!(stemmer_for("smn").is_none());
        assert!(stemmer_for("sv-FI").is_some());
    }
}
