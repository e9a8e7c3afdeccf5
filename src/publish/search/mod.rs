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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use rust_stemmers::Stemmer;
use serde::Serialize;
use serde_json::json;

mod words;

pub use words::{body_text, excerpt, stemmer_for, words};

use super::SEARCH_SCRIPT;
use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostics;
use crate::i18n::I18n;
use crate::output::Output;
use crate::render::Renderer;
use crate::render::context::text_lang;
use crate::site::Route;
use crate::site::urls::url_to_file;
use crate::site::{Page, Site};

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

/// A stem, its other surface forms, and its postings (doc, weight, ...).
pub type Term = (String, Vec<String>, Vec<u32>);

/// The search index of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    /// Format version.
    pub version: u32,
    /// The language.
    pub lang: String,
    /// Labels of the kinds of page, in the language.
    pub kinds: BTreeMap<&'static str, String>,
    /// The documents; postings refer to them by position.
    pub docs: Vec<Doc>,
    /// Terms sorted by stem.
    pub terms: Vec<Term>,
}

/// Collects documents and their words.
struct Builder {
    docs: Vec<Doc>,
    /// stem → doc → weight.
    postings: BTreeMap<String, BTreeMap<u32, u32>>,
    /// stem → surface forms.
    forms: BTreeMap<String, BTreeSet<String>>,
}

/// The words of one document, stemmed: made for each page on its own (in
/// parallel), then added to the [`Builder`] in page order.
#[derive(Default)]
struct Terms {
    /// stem → summed weight.
    weights: HashMap<String, u32>,
    /// (stem, surface form) where they differ.
    forms: Vec<(String, String)>,
}

/// Stemmers by language, and the stems they gave: a site's pages share
/// most of their words, and stemming is most of the work of an index.
#[derive(Default)]
struct Stems(HashMap<String, LangStems>);

/// One language's stemmer (none for a language Snowball lacks) and stems.
struct LangStems {
    stemmer: Option<Stemmer>,
    /// word → stem.
    known: HashMap<String, String>,
}

impl Stems {
    /// The stem of `word` in `lang`.
    fn stem(&mut self, lang: &str, word: &str) -> &str {
        if !self.0.contains_key(lang) {
            let stems = LangStems {
                stemmer: stemmer_for(lang),
                known: HashMap::new(),
            };
            self.0.insert(lang.to_string(), stems);
        }
        let Some(LangStems { stemmer, known }) = self.0.get_mut(lang) else {
            return "";
        };
        if !known.contains_key(word) {
            let stem = match stemmer {
                Some(s) => s.stem(word).into_owned(),
                None => word.to_string(),
            };
            known.insert(word.to_string(), stem);
        }
        known.get(word).map_or("", String::as_str)
    }
}

impl Terms {
    /// Adds `text` (in language `lang`), each word weighing `weight`.
    fn text(&mut self, stems: &mut Stems, lang: &str, text: &str, weight: u32) {
        for word in words(text) {
            let stem = stems.stem(lang, &word);
            match self.weights.get_mut(stem) {
                Some(w) => *w = w.saturating_add(weight),
                None => {
                    self.weights.insert(stem.to_string(), weight);
                }
            }
            if word != stem {
                self.forms.push((stem.to_string(), word));
            }
        }
    }
}

impl Builder {
    fn new() -> Self {
        Builder {
            docs: Vec::new(),
            postings: BTreeMap::new(),
            forms: BTreeMap::new(),
        }
    }

    /// Adds a document; returns its number.
    fn doc(&mut self, doc: Doc) -> u32 {
        self.docs.push(doc);
        u32::try_from(self.docs.len() - 1).unwrap_or(u32::MAX)
    }

    /// Adds the words of document `doc`.
    fn add(&mut self, doc: u32, terms: Terms) {
        for (stem, weight) in terms.weights {
            let w = self
                .postings
                .entry(stem)
                .or_default()
                .entry(doc)
                .or_insert(0);
            *w = w.saturating_add(weight).min(MAX_WEIGHT);
        }
        for (stem, word) in terms.forms {
            self.forms.entry(stem).or_default().insert(word);
        }
    }

    /// Indexes `text` (in language `lang`) for document `doc`.
    fn text(&mut self, doc: u32, lang: &str, text: &str, weight: u32) {
        let mut terms = Terms::default();
        terms.text(&mut Stems::default(), lang, text, weight);
        self.add(doc, terms);
    }

    fn finish(self, lang: &str, kinds: BTreeMap<&'static str, String>) -> Index {
        let mut forms = self.forms;
        let terms = self
            .postings
            .into_iter()
            .map(|(stem, docs)| {
                let f = forms.remove(&stem).unwrap_or_default();
                let flat = docs.into_iter().flat_map(|(d, w)| [d, w]).collect();
                (stem, f.into_iter().collect(), flat)
            })
            .collect();
        Index {
            version: 1,
            lang: lang.to_string(),
            kinds,
            docs: self.docs,
            terms,
        }
    }
}

/// Pages whose words [`index`] stems at a time.
const PAGES_AT_A_TIME: usize = 512;

/// The document and words of `page` in the index of `lang`, if it is
/// published in `lang`.
fn page_terms(site: &Site, lang: &str, stems: &mut Stems, page: &Page) -> Option<(Doc, Terms)> {
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
    let (headings, text) = body_text(&site.body_text(v.file));
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
    terms.text(stems, tl, v.title(), TITLE_WEIGHT);
    if let Some(s) = &v.front.summary {
        terms.text(stems, summary_lang, s, LEAD_WEIGHT);
    }
    if let Some(r) = &v.front.resident_view {
        terms.text(stems, rv_lang, r, LEAD_WEIGHT);
    }
    terms.text(stems, tl, &headings, LEAD_WEIGHT);
    terms.text(stems, tl, &text, BODY_WEIGHT);
    Some((doc, terms))
}

/// The search index of `lang`. Generated pages are included when the route
/// table puts them in the index ([`Route::in_search`]) and `out` holds them.
pub fn index(site: &Site, i18n: &I18n, lang: &str, out: &Output) -> Index {
    let default = site.default_lang();
    let mut b = Builder::new();
    let other = |l: &str| (l != lang).then(|| l.to_string());
    // Each page's words are stemmed on their own, in parallel, a few
    // hundred pages at a time (so that only their words wait in memory);
    // the index takes them in page order, so document numbers stay the same.
    for chunk in site.pages.chunks(PAGES_AT_A_TIME) {
        let pages: Vec<(Doc, Terms)> = chunk
            .par_iter()
            .map_init(Stems::default, |stems, page| {
                page_terms(site, lang, stems, page)
            })
            .flatten()
            .collect();
        for (doc, terms) in pages {
            let n = b.doc(doc);
            b.add(n, terms);
        }
    }
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
pub fn add(renderer: &Renderer<'_>, lang: &str, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    let prefix = site.options.prefix.as_str();
    let index_url = Route::SearchIndex.url(site, lang);
    match serde_json::to_vec(&index(site, renderer.i18n, lang, out)) {
        Ok(bytes) => out.add(url_to_file(&index_url, prefix), bytes),
        Err(e) => {
            diags.push(super::write_error(&index_url, &e));
            return;
        }
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
        let (h, t) = body_text(
            "## Mitä lupaamme\n\nSoita <b>heti</b> [palveluun](@/x.md).\n\n| a | b |\n|---|---|\n| c | d |\n",
        );
        assert_eq!(h.trim(), "Mitä lupaamme");
        assert!(t.contains("Soita heti palveluun."), "{t}");
        assert!(!t.contains('<') && !t.contains("@/"), "{t}");
        assert!(t.contains('c') && t.contains('d'));
    }

    #[test]
    fn stems_group_forms_and_title_weighs_more() {
        let mut b = Builder::new();
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
        assert_eq!(term.2, [0, TITLE_WEIGHT, 1, BODY_WEIGHT]);
        assert!(
            term.1.contains(&"hammashoitoa".to_string()) || stem == "hammashoitoa",
            "{term:?}"
        );
    }

    #[test]
    fn languages_without_a_stemmer_keep_words() {
        assert!(stemmer_for("smn").is_none());
        assert!(stemmer_for("sv-FI").is_some());
    }
}
