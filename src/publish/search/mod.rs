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
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;

mod words;

use words::raw_words;
pub use words::{excerpt, stemmer_for};

use super::SEARCH_SCRIPT;
use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostics;
use crate::i18n::I18n;
use crate::lock;
use crate::markdown::PlainText;
use crate::output::Output;
use crate::render::Renderer;
use crate::render::context::text_lang;
use crate::site::Route;
use crate::site::urls::{search_url, url_to_file};
use crate::site::{Page, Site, Variant};
use crate::stash::{Place, Stash};

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
/// The kinds of [`Doc`], each with the key of its label in the theme's
/// strings (the index's `kinds`).
const KINDS: [(&str, &str); 6] = [
    ("promise", "promise_label"),
    ("area", "area_label"),
    ("commitment", "commitment_label"),
    ("page", "search_kind_page"),
    ("news", "latest_news"),
    ("indicator", "indicator_label"),
];

/// A [`Doc`] as read back from the stash ([`kept_doc`]).
#[derive(serde::Deserialize)]
struct KeptDoc {
    url: String,
    title: String,
    excerpt: Option<String>,
    kind: String,
    lang: Option<String>,
}

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
    pub docs: Docs,
    /// Terms sorted by stem, each `[stem, forms, postings]`.
    pub terms: SortedTerms,
}

/// The documents of an [`Index`], in order: held in memory, or (a
/// build's) kept in the builder's stash and read back one at a time as the
/// index is written. At 50,000 pages a language's documents (address,
/// title, excerpt) were 8 MB at the build's last peak, when they were all
/// read back before the index was written.
pub struct Docs {
    /// By number: the documents held in memory.
    held: Vec<Option<Doc>>,
    /// By number: where the others are in `stash`.
    kept: Vec<Option<Place>>,
    stash: Option<Arc<Stash>>,
}

impl Docs {
    /// The documents in order: borrowed when held, read back from the
    /// stash when they are there; an error for one that cannot be read.
    pub fn iter(&self) -> impl Iterator<Item = std::io::Result<std::borrow::Cow<'_, Doc>>> + '_ {
        let count = self.held.len().max(self.kept.len());
        (0..count).filter_map(|n| {
            if let Some(Some(doc)) = self.held.get(n) {
                return Some(Ok(std::borrow::Cow::Borrowed(doc)));
            }
            let place = self.kept.get(n)?.as_ref()?;
            let stash = self.stash.as_ref()?;
            let doc = stash.read_kept(place).and_then(|record| kept_doc(&record));
            Some(doc.map(std::borrow::Cow::Owned))
        })
    }
}

impl std::fmt::Debug for Docs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Docs")
            .field("held", &self.held)
            .field("kept", &self.kept.iter().flatten().count())
            .finish()
    }
}

impl Serialize for Docs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        for doc in self.iter() {
            seq.serialize_element(&doc.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// A document's record as [`Builder::put`] kept it: the document as JSON,
/// and its words as (stem number, weight) pairs of little-endian `u32`s.
fn split_record(record: &[u8]) -> std::io::Result<(&[u8], &[u8])> {
    let bad = || std::io::Error::from(std::io::ErrorKind::InvalidData);
    let (head, rest) = record.split_first_chunk::<4>().ok_or_else(bad)?;
    let len = u32::from_le_bytes(*head) as usize;
    Ok((rest.get(..len).ok_or_else(bad)?, &rest[len..]))
}

/// The words of a record that [`Builder::put`] kept: (stem number,
/// weight) each.
fn record_words(words: &[u8]) -> impl Iterator<Item = std::io::Result<(usize, u32)>> + '_ {
    words.chunks_exact(8).map(|word| {
        let bad = || std::io::Error::from(std::io::ErrorKind::InvalidData);
        let (id, weight) = word.split_at(4);
        let id = u32::from_le_bytes(id.try_into().map_err(|_| bad())?) as usize;
        let weight = u32::from_le_bytes(weight.try_into().map_err(|_| bad())?);
        Ok((id, weight))
    })
}

/// The document of a record that [`Builder::put`] kept.
fn kept_doc(record: &[u8]) -> std::io::Result<Doc> {
    let (json, _) = split_record(record)?;
    let doc: KeptDoc = serde_json::from_slice(json)?;
    let bad = || std::io::Error::from(std::io::ErrorKind::InvalidData);
    let (kind, _) = KINDS.iter().find(|(k, _)| *k == doc.kind).ok_or_else(bad)?;
    Ok(Doc {
        url: doc.url,
        title: doc.title,
        excerpt: doc.excerpt,
        kind,
        lang: doc.lang,
    })
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
    /// Where a build keeps each page's document and words until the index
    /// is written ([`Builder::put`]): a site's index in the making is its
    /// largest part in memory after the model (50 MB at 50,000 pages).
    /// `None` keeps them here.
    stash: Option<Arc<Stash>>,
    /// By document number: where its document and words are in `stash`.
    kept: Vec<Option<Place>>,
    /// By stem number: how many of its postings are in `stash`, so that
    /// [`Builder::take_words`] makes each stem's postings at their size.
    kept_postings: Vec<u32>,
}

/// The words of one document, stemmed: made for each page on its own (in
/// parallel), then added to the [`Builder`] by the thread that made them.
/// Stems and forms are numbers in that thread's [`Stems`], which keeps
/// them while a `Terms` lives on the thread (so a `Terms` stays there:
/// it is not `Send`). A word then costs one look-up: the number of its
/// stem is hashed, not the stem's text, and forms are compared as numbers.
struct Terms {
    /// stem number → (summed weight, numbers of the surface forms other
    /// than the stem).
    stems: FxHashMap<u32, (u32, Vec<u32>)>,
    /// Not `Send`: the numbers are this thread's.
    _here: std::marker::PhantomData<*const ()>,
}

/// One language's stemmer (none for a language Snowball lacks) and the
/// words it stemmed: a site's pages share most of their words, and
/// stemming is most of the work of an index.
struct LangStems {
    stemmer: Option<Stemmer>,
    /// word as written → the numbers of its lowercased form and its stem.
    known: FxHashMap<Box<str>, (u32, u32)>,
}

/// A thread's stemmers and what they gave, kept for the whole run and let
/// go when a language has [`KNOWN_WORDS`] words and no [`Terms`] of the
/// thread is alive (when the next page's begins).
#[derive(Default)]
struct Stems {
    langs: FxHashMap<String, LangStems>,
    /// The lowercased forms and stems, numbered.
    names: Numbers,
    /// How many [`Terms`] of the thread are alive, holding numbers.
    open: usize,
}

/// Texts numbered as they come: the same text, the same number.
#[derive(Default)]
struct Numbers {
    /// The texts, by number; `numbers` the other way.
    texts: Vec<Box<str>>,
    numbers: FxHashMap<Box<str>, u32>,
}

impl Numbers {
    /// The number of `text`, given it when new.
    fn number(&mut self, text: String) -> u32 {
        if let Some(&n) = self.numbers.get(text.as_str()) {
            return n;
        }
        let n = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let text: Box<str> = text.into();
        self.texts.push(text.clone());
        self.numbers.insert(text, n);
        n
    }

    /// The text of number `n`.
    fn text(&self, n: u32) -> &str {
        self.texts.get(n as usize).map_or("", |s| s)
    }
}

/// How many words a thread keeps stemmed per language before it starts
/// anew: the common words are found again at once, and the memory does not
/// grow with the words of a few pages each (names, numbers, link texts:
/// the shared benchmark's 50,000 pages have 17,000 words per language,
/// all but 30 of them such, and the two threads kept about 6 MB of
/// them). 7,168 is the most a hash table of 8,192 places holds before it
/// doubles (7/8 of them).
const KNOWN_WORDS: usize = 7168;

thread_local! {
    /// This thread's stems.
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

impl Default for Terms {
    /// A document's words, none yet. When no other `Terms` of the thread
    /// is alive and a language has [`KNOWN_WORDS`] words, the thread's
    /// stems are let go first.
    fn default() -> Self {
        STEMS.with_borrow_mut(|all| {
            if all.open == 0 && all.langs.values().any(|l| l.known.len() >= KNOWN_WORDS) {
                *all = Stems::default();
            }
            all.open += 1;
        });
        Terms {
            stems: FxHashMap::default(),
            _here: std::marker::PhantomData,
        }
    }
}

impl Drop for Terms {
    fn drop(&mut self) {
        // At the thread's end its stems may be gone already.
        let _ = STEMS.try_with(|all| {
            if let Ok(mut all) = all.try_borrow_mut() {
                all.open = all.open.saturating_sub(1);
            }
        });
    }
}

impl Terms {
    /// Adds `text` (in language `lang`), each word weighing `weight`.
    fn text(&mut self, lang: &str, text: &str, weight: u32) {
        STEMS.with_borrow_mut(|all| {
            if !all.langs.contains_key(lang) {
                let stems = LangStems {
                    stemmer: stemmer_for(lang),
                    known: FxHashMap::default(),
                };
                all.langs.insert(lang.to_string(), stems);
            }
            let Stems { langs, names, .. } = all;
            let Some(LangStems { stemmer, known }) = langs.get_mut(lang) else {
                return;
            };
            for word in raw_words(text) {
                // One look-up for a word seen before (most of them).
                let (lower, stem) = match known.get(word) {
                    Some(&numbers) => numbers,
                    None => {
                        let lower = word.to_lowercase();
                        let stem = match stemmer {
                            Some(s) => s.stem(&lower).into_owned(),
                            None => lower.clone(),
                        };
                        let numbers = (names.number(lower), names.number(stem));
                        known.insert(word.into(), numbers);
                        numbers
                    }
                };
                let entry = self.stems.entry(stem).or_default();
                entry.0 = entry.0.saturating_add(weight);
                if lower != stem && !entry.1.contains(&lower) {
                    entry.1.push(lower);
                }
            }
        });
    }

    /// Hands `add` each stem, its summed weight and its forms.
    fn each(&self, mut add: impl FnMut(&str, u32, &mut dyn Iterator<Item = &str>)) {
        STEMS.with_borrow(|all| {
            for (&stem, (weight, forms)) in &self.stems {
                let name = |n: u32| all.names.text(n);
                add(name(stem), *weight, &mut forms.iter().map(|&f| name(f)));
            }
        });
    }
}

impl Builder {
    /// A builder for `count` documents whose words come later, kept in
    /// `stash` until [`Builder::finish`] when there is one.
    fn for_docs(count: usize, stash: Option<Arc<Stash>>) -> Self {
        // With a stash, the documents are made only when read back.
        let (docs, kept) = match stash {
            Some(_) => (Vec::new(), vec![None; count]),
            None => (vec![None; count], Vec::new()),
        };
        Builder {
            docs,
            kept,
            stash,
            ..Builder::default()
        }
    }

    /// The documents by number, every page's counted in.
    fn docs(&mut self) -> &mut Vec<Option<Doc>> {
        if self.docs.len() < self.kept.len() {
            self.docs.resize(self.kept.len(), None);
        }
        &mut self.docs
    }

    /// Adds a document after those counted in advance; returns its number.
    fn doc(&mut self, doc: Doc) -> u32 {
        let docs = self.docs();
        docs.push(Some(doc));
        u32::try_from(docs.len() - 1).unwrap_or(u32::MAX)
    }

    /// Whether document `doc` is in, here or in the stash.
    fn has(&self, doc: u32) -> bool {
        let i = doc as usize;
        self.docs.get(i).is_some_and(Option::is_some)
            || self.kept.get(i).is_some_and(Option::is_some)
    }

    /// The number of `stem`, made when new, with `forms` added to its forms.
    fn stem_id(&mut self, stem: &str, forms: &mut dyn Iterator<Item = &str>) -> usize {
        let id = match self.ids.get(stem) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
                let stem: Box<str> = stem.into();
                self.ids.insert(stem.clone(), id);
                self.stems.push(stem);
                self.postings.push(Vec::new());
                self.forms.push(Vec::new());
                id
            }
        };
        let i = id as usize;
        for form in forms {
            if !self.forms[i].iter().any(|f| **f == *form) {
                self.forms[i].push(form.into());
            }
        }
        i
    }

    /// Adds the words of document `doc`.
    fn add(&mut self, doc: u32, terms: Terms) {
        terms.each(|stem, weight, forms| {
            let i = self.stem_id(stem, forms);
            self.postings[i].push((doc, weight));
        });
    }

    /// Puts in page document `n` (counted in advance) and its words: into
    /// the stash, as one record (the document as JSON, its length first,
    /// then each stem's number and weight), when there is one and it takes
    /// them; else here.
    fn put(&mut self, n: u32, doc: Doc, terms: Terms) {
        let i = n as usize;
        let json = serde_json::to_vec(&doc).ok();
        let head = json.as_ref().and_then(|j| u32::try_from(j.len()).ok());
        let free = self.kept.get(i).is_some_and(Option::is_none);
        let (Some(stash), Some(json), Some(head), true) = (self.stash.clone(), json, head, free)
        else {
            if let Some(slot) = self.docs().get_mut(i) {
                *slot = Some(doc);
                self.add(n, terms);
            }
            return;
        };
        let mut record = Vec::with_capacity(4 + json.len() + 8 * terms.stems.len());
        record.extend_from_slice(&head.to_le_bytes());
        record.extend_from_slice(&json);
        let mut words = Vec::with_capacity(terms.stems.len());
        terms.each(|stem, weight, forms| {
            let id = self.stem_id(stem, forms);
            words.push((id, weight));
            record.extend_from_slice(&u32::try_from(id).unwrap_or(u32::MAX).to_le_bytes());
            record.extend_from_slice(&weight.to_le_bytes());
        });
        match stash.keep(&record) {
            Some(place) => {
                self.kept[i] = Some(place);
                if self.kept_postings.len() < self.postings.len() {
                    self.kept_postings.resize(self.postings.len(), 0);
                }
                for (id, _) in words {
                    self.kept_postings[id] += 1;
                }
            }
            None => {
                self.docs()[i] = Some(doc);
                for (id, weight) in words {
                    self.postings[id].push((n, weight));
                }
            }
        }
    }

    /// Takes the words kept in the stash back in, in the order of the
    /// documents; the documents stay there until the index is written
    /// ([`Docs`]).
    fn take_words(&mut self) -> std::io::Result<()> {
        self.docs();
        let (Some(stash), kept) = (&self.stash, &self.kept) else {
            return Ok(());
        };
        let bad = || std::io::Error::from(std::io::ErrorKind::InvalidData);
        // Made at their size: grown by doubling, each stem's postings took
        // up to twice their 7 MB at 50,000 pages, at the build's last peak.
        for (postings, &count) in self.postings.iter_mut().zip(&self.kept_postings) {
            postings.reserve_exact(count as usize);
        }
        for (n, place) in kept.iter().enumerate() {
            let Some(place) = place else { continue };
            let record = stash.read_kept(place)?;
            let doc = u32::try_from(n).map_err(|_| bad())?;
            for word in record_words(split_record(&record)?.1) {
                let (id, weight) = word?;
                self.postings
                    .get_mut(id)
                    .ok_or_else(bad)?
                    .push((doc, weight));
            }
        }
        Ok(())
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
    /// (not expected: see [`index`]). Fails when what the stash kept
    /// cannot be read back.
    fn finish(
        mut self,
        lang: &str,
        kinds: BTreeMap<&'static str, String>,
    ) -> std::io::Result<Index> {
        self.take_words()?;
        let Builder {
            docs,
            kept,
            stash,
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
        Ok(Index {
            version: 1,
            lang: lang.to_string(),
            kinds,
            docs: Docs {
                held: docs,
                kept,
                stash,
            },
            terms: SortedTerms {
                order,
                stems,
                forms,
                postings,
            },
        })
    }
}

/// The search indexes of a build in the making, one per language with a
/// search page. The render adds each page's words as it renders the page
/// ([`Collector::add_page`], from the body's text as the page job has it:
/// kept with the body as the load parsed it, `crate::markdown::KeptBody`),
/// so that the bodies are neither read nor parsed again for the index;
/// [`index`] adds the pages that did not come this way (all of them in a
/// preview, which has no collector) and the generated pages.
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
    /// `lang`'s index in the making, its pages' words kept in `stash` when
    /// there is one.
    fn new(site: &Site, lang: &str, stash: Option<Arc<Stash>>) -> Self {
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
            builder: Mutex::new(Builder::for_docs(count as usize, stash)),
        }
    }

    /// Adds the words of the page at `at` in `site.pages` (its body's text
    /// `body`) unless they are in already.
    fn add(&self, site: &Site, at: usize, body: &PlainText) {
        let Some(Some(n)) = self.numbers.get(at) else {
            return;
        };
        let Some((doc, terms)) = page_terms(site, &self.lang, &site.pages[at], body) else {
            return;
        };
        let mut b = lock(&self.builder);
        if !b.has(*n) {
            b.put(*n, doc, terms);
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
                .filter(|(_, n)| n.is_some_and(|n| !b.has(n)))
                .map(|(at, _)| at)
                .collect()
        };
        missing.par_iter().for_each(|&at| {
            if let Some(v) = site.pages[at].variant(&self.lang) {
                self.add(site, at, &site.body_to_render(v.file).text());
            }
        });
        std::mem::take(&mut *lock(&self.builder))
    }
}

impl Collector {
    /// Empty indexes for the languages of `site` that have a search page.
    /// The pages' documents and words are kept in a temporary file until
    /// the indexes are written (see [`Stash`]): in `dir` (in a build, the
    /// folder beside the output), else in the system's temporary folder
    /// (`check`); in memory only when no such file can be made.
    pub fn new(site: &Site, dir: Option<&std::path::Path>) -> Self {
        let stash = Stash::new(dir).map(Arc::new);
        let langs = site
            .config
            .languages
            .iter()
            .filter(|lang| search_url(site, lang).is_some())
            .map(|lang| LangIndex::new(site, lang, stash.clone()))
            .collect();
        Collector { langs }
    }

    /// Adds the words of `page` in the language of `v`, whose body's text
    /// is `body`, to that language's index.
    pub fn add_page(&self, site: &Site, page: &Page, v: &Variant, body: &PlainText) {
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
/// published in `lang`; `body` is its body's text.
fn page_terms(site: &Site, lang: &str, page: &Page, body: &PlainText) -> Option<(Doc, Terms)> {
    let default = site.default_lang();
    let other = |l: &str| (l != lang).then(|| l.to_string());
    let v = page.variant(lang)?;
    let tl = text_lang(site, v);
    let kind = match &page.kind {
        Kind::Promise => "promise",
        Kind::Area { .. } => "area",
        Kind::Commitment { .. } => "commitment",
        Kind::Free { .. } if v.front.date().is_some() => "news",
        Kind::Free { .. } => "page",
    };
    let summary_lang = if v.inherited.contains(&"summary") {
        default
    } else {
        tl
    };
    let rv_lang = if v.inherited.contains(&"resident_view") {
        default
    } else {
        tl
    };
    let PlainText { text, headings } = body;
    let excerpt_text = v.front.summary.as_deref().unwrap_or(text);
    let excerpt = Some(excerpt(excerpt_text, EXCERPT_CHARS)).filter(|e| !e.is_empty());
    let doc = Doc {
        url: v.url.to_string(),
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
    terms.text(tl, headings, LEAD_WEIGHT);
    terms.text(tl, text, BODY_WEIGHT);
    Some((doc, terms))
}

/// The search index of `lang`: the pages' words that `collected` has (or
/// all of them read here, without one), then the generated pages, when the
/// route table puts them in the index ([`Route::in_search`]) and `out`
/// holds them. Fails when the words kept on disk cannot be read back.
pub fn index(
    site: &Site,
    i18n: &I18n,
    lang: &str,
    out: &Output,
    collected: Option<&Collector>,
) -> std::io::Result<Index> {
    let default = site.default_lang();
    let fresh;
    let index = match collected.and_then(|c| c.lang(lang)) {
        Some(index) => index,
        None => {
            fresh = LangIndex::new(site, lang, None);
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
    let kinds = KINDS
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
    let index_file = url_to_file(&index_url, prefix);
    let index = match index(site, renderer.i18n, lang, out, collected) {
        Ok(index) => index,
        Err(e) => {
            let path = std::path::Path::new(&index_file);
            diags.push(crate::output::io_error(path, "@io.read_temp", e));
            return;
        }
    };
    let written = out.add_written(index_file, |w| {
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
    fn words_are_runs_of_letters_and_digits() {
        let w: Vec<&str> = raw_words("Hammassärky? Soita 116117 – sote-integraatio, a").collect();
        assert_eq!(w, ["Hammassärky", "Soita", "116117", "sote", "integraatio"]);
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
        let mut h = String::new();
        let t = crate::markdown::plain_text(
            crate::markdown::parse(
                "## Mitä lupaamme\n\nSoita <b>heti</b> [palveluun](@/x.md).\n\n| a | b |\n|---|---|\n| c | d |\n",
            )
            .events(),
            Some(&mut h),
        );
        assert_eq!(h.trim(), "Mitä lupaamme");
        assert!(t.contains("Soita heti palveluun."), "{t}");
        assert!(!t.contains('<') && !t.contains("@/"), "{t}");
        assert!(t.contains('c') && t.contains('d'));
    }

    #[test]
    fn a_thread_keeps_a_bounded_number_of_words_stemmed() {
        // Run on a thread of its own: the test threads' stems are not
        // shared, but a thread may run other tests before this one.
        std::thread::spawn(|| {
            let stemmer = stemmer_for("fi").expect("Finnish has a stemmer");
            let stems_of = |terms: &Terms| {
                let mut stems = std::collections::BTreeSet::new();
                terms.each(|stem, _, _| {
                    stems.insert(stem.to_string());
                });
                stems
            };
            let known = || STEMS.with_borrow(|all| all.langs.get("fi").map(|l| l.known.len()));
            // A page of more words than a thread keeps.
            let text: String = (0..KNOWN_WORDS + 100)
                .map(|i| format!("sivu{i} "))
                .collect();
            let mut terms = Terms::default();
            terms.text("fi", &text, 1);
            // Another page begins while the first is alive: nothing is
            // let go, the first's numbers stay its words.
            let mut other = Terms::default();
            other.text("fi", "palvelut palvelu", 1);
            terms.text("fi", "palvelut palvelu", 1);
            let expected: std::collections::BTreeSet<String> = text
                .split_whitespace()
                .chain(["palvelut", "palvelu"])
                .map(|w| stemmer.stem(w).into_owned())
                .collect();
            assert_eq!(stems_of(&terms), expected, "every word indexed");
            let palvelu: std::collections::BTreeSet<String> =
                [stemmer.stem("palvelu").into_owned()].into();
            assert_eq!(stems_of(&other), palvelu);
            assert!(known().is_some_and(|n| n > KNOWN_WORDS));
            drop((terms, other));
            // The next page begins with the stems let go.
            let mut next = Terms::default();
            assert_eq!(known(), None);
            next.text("fi", "palvelut", 1);
            assert_eq!(stems_of(&next), palvelu);
            assert!(known().is_some_and(|n| n <= KNOWN_WORDS));
        })
        .join()
        .expect("the stems stay bounded");
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
        let index = b
            .finish("fi", BTreeMap::new())
            .expect("nothing kept on disk");
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
            .flat_map(|t| t.2.iter().map(|&(d, _)| urls(index)[d as usize].clone()))
            .collect()
    }

    /// The addresses of `index`'s documents, in order.
    fn urls(index: &Index) -> Vec<String> {
        index
            .docs
            .iter()
            .map(|d| d.expect("readable").url.clone())
            .collect()
    }

    #[test]
    fn a_page_collected_while_rendered_is_not_read_again() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (site, i18n) = one_page_site(dir.path());
        let out = Output::new(false);
        // Read when the index is made: the file's words.
        let read = index(&site, &i18n, "fi", &out, None).expect("in memory");
        assert_eq!(found(&read, "kirahvi"), ["/fi/a/"]);
        // Collected as the render parsed it: those words, not the file's
        // again (a render that parsed another text would show).
        let collected = Collector::new(&site, None);
        let page = site.page("pages/a.md").expect("the page");
        let v = page.variant("fi").expect("in Finnish");
        let text = PlainText::of(&crate::markdown::parse("Norsu kävelee.\n"));
        collected.add_page(&site, page, v, &text);
        let built = index(&site, &i18n, "fi", &out, Some(&collected)).expect("in memory");
        assert_eq!(found(&built, "norsu"), ["/fi/a/"]);
        assert!(found(&built, "kirahvi").is_empty());
        // The page that did not come (the promise) was read, and the
        // documents keep their order.
        assert_eq!(urls(&built), urls(&read));
        assert!(!found(&built, "lupaus").is_empty());
    }

    #[test]
    fn words_kept_on_disk_make_the_index_they_make_in_memory() {
        let opts = crate::build::build_options(crate::build::example_root(), true, false);
        let diags = Diagnostics::new();
        let site = crate::build::load_site(&opts, &diags).expect("the example loads");
        let theme = crate::theme::load(&opts.root, &site.config.theme, &diags).expect("theme");
        let i18n = crate::i18n::load(&theme, &site.config.languages, &diags);
        let dir = tempfile::tempdir().expect("temporary folder");
        let (on_disk, in_memory) = (
            Collector::new(&site, Some(dir.path())),
            Collector::new(&site, None),
        );
        assert!(
            on_disk
                .langs
                .iter()
                .all(|l| lock(&l.builder).stash.is_some())
        );
        // Every page but one, in reverse order: the document numbers, not
        // the order the pages came in, decide.
        for (at, page) in site.pages.iter().enumerate().rev().skip(1) {
            for v in &page.variants {
                let body = PlainText::of(&site.body(v.file));
                on_disk.add_page(&site, page, v, &body);
                in_memory.add_page(&site, page, v, &body);
                assert_eq!(site.page_position(&page.key), Some(at));
            }
        }
        let out = Output::new(false);
        for lang in &site.config.languages {
            let json = |c: &Collector| {
                let index = index(&site, &i18n, lang, &out, Some(c)).expect("read back");
                serde_json::to_string(&index).expect("JSON")
            };
            let (a, b) = (json(&on_disk), json(&in_memory));
            assert!(a.len() > 1000, "{a}");
            assert_eq!(a, b);
        }
    }

    #[test]
    fn languages_without_a_stemmer_keep_words() {
        assert!(stemmer_for("smn").is_none());
        assert!(stemmer_for("sv-FI").is_some());
    }
}
