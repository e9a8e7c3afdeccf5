//! Listing entries kept between renders in the preview: a page's entry
//! in the listings of other pages (the front page, an area page, the
//! results overview), made once and handed to every listing that shows
//! it, with what making it read (see [`super::deps`]); the long listings'
//! entries hold their titles in title slots. Beside them, the kept long
//! listing pages and bodies (`super::splice`) and the open-data sizes the
//! results pages name.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use tera::Value;

use super::context::PageLink;
use super::splice::KeptPages;
use super::{Renderer, deps};
use crate::site::{Page, Site, Variant};

/// Listing entries as template values, by kind of entry, language and page
/// key: what `Renderer::entries` made, with what making it read (see
/// [`deps`]; a job that uses a kept entry records those reads again).
/// After an edit, the entries that read an edited part are forgotten.
/// Template values share their lists and maps, so handing a kept entry to
/// another page costs a reference count.
/// The long listing pages and the document pages' bodies are kept beside
/// them (`KeptPages`).
#[derive(Default)]
pub struct Listings {
    entries: Mutex<Store>,
    pub(super) pages: KeptPages,
    /// The open-data files' sizes as the results pages name them: those
    /// of the last full render or [`Listings::renew_data_sizes`], not
    /// worked out again at each edit (that writes `data/promise.json`,
    /// every page's text, in memory).
    data_sizes: Mutex<Option<Sizes>>,
    /// How many pages were spliced rather than rendered (see
    /// `super::splice`), for the tests.
    pub(super) spliced: std::sync::atomic::AtomicUsize,
}

/// The kept entries, by kind of entry and language, then page key.
#[derive(Default)]
struct Store {
    kept: HashMap<Slot, HashMap<String, Kept>>,
    /// The entries that read a part of another page than their own, or of
    /// no page: [`Listings::forget`] looks through these, and looks up
    /// the others by the edited pages' keys instead of reading every
    /// entry's reads (tens of thousands at 10,000 pages).
    foreign: HashSet<(Slot, String)>,
}

/// A kind of entry in a language.
type Slot = (Entry, String);

/// The open-data files' sizes ([`crate::data::sizes`]).
type Sizes = std::collections::BTreeMap<crate::site::Route<'static>, usize>;

/// A kept listing entry and what making it read.
type Kept = (Value, BTreeSet<deps::Read>);

/// The kinds of listing entry that [`Listings`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Entry {
    /// A [`PageLink`] with its follow-up status, on a page other than the
    /// one it links to.
    Link,
    /// A [`PageLink`] as [`Entry::Link`], with its title in a title slot:
    /// on the preview's long listings (`super::splice`).
    LinkInSlot,
    /// A commitment on the results overview: `link` (its title in a title
    /// slot) and `indicators`.
    Results,
}

impl Listings {
    /// The kept open-data sizes, worked out by `make` when none are kept.
    pub(super) fn data_sizes(&self, make: impl FnOnce() -> Sizes) -> Sizes {
        let mut kept = self.data_sizes.lock().unwrap_or_else(|e| e.into_inner());
        kept.get_or_insert_with(make).clone()
    }

    /// Keeps `sizes` as the open-data sizes; returns whether they differ
    /// from those kept (then the pages that read
    /// [`deps::Read::DataSizes`] must be rendered again).
    pub fn renew_data_sizes(&self, sizes: Sizes) -> bool {
        let mut kept = self.data_sizes.lock().unwrap_or_else(|e| e.into_inner());
        let changed = kept.as_ref() != Some(&sizes);
        *kept = Some(sizes);
        changed
    }

    /// How many pages were spliced into kept pages rather than rendered
    /// again since the preview started.
    pub fn spliced(&self) -> usize {
        self.spliced.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets the entries that read any of `edited`, and the document
    /// page's bodies of the pages whose body is in `edited` (`site` is the
    /// site after the edit).
    pub fn forget(&self, edited: &BTreeSet<deps::Read>, site: &Site) {
        // The files of the edited pages: a slot of another file is kept
        // without looking at its key (the page holds thousands).
        let files: HashSet<usize> = edited
            .iter()
            .filter_map(deps::Read::key)
            .filter_map(|key| site.page(key))
            .flat_map(|page| page.files.iter().copied())
            .collect();
        self.pages.forget(edited, |slot| {
            files
                .contains(&slot.file)
                .then(|| site.files.get(slot.file).map(|f| f.key.as_ref()))
                .flatten()
        });
        let mut store = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let Store { kept, foreign } = &mut *store;
        // An entry that reads only its own page's parts read an edited
        // part only if its page was edited. A title in a title slot is
        // put in as the page is put together: the entry holds the slot.
        let edited: BTreeSet<&deps::Read> = edited
            .iter()
            .filter(|r| !matches!(r, deps::Read::TitleSlot { .. }))
            .collect();
        let stale = |reads: &BTreeSet<deps::Read>| reads.iter().any(|r| edited.contains(r));
        let keys: BTreeSet<&str> = edited.iter().filter_map(|r| r.key()).collect();
        for entries in kept.values_mut() {
            for key in &keys {
                if entries.get(*key).is_some_and(|(_, reads)| stale(reads)) {
                    entries.remove(*key);
                }
            }
        }
        foreign.retain(|(slot, key)| {
            let Some(entries) = kept.get_mut(slot) else {
                return false;
            };
            match entries.get(key) {
                Some((_, reads)) if !stale(reads) => true,
                Some(_) => {
                    entries.remove(key);
                    false
                }
                None => false,
            }
        });
    }
}

impl Renderer<'_> {
    /// A listing entry on another page than `page` itself (the front page,
    /// an area page, the results overview), as a template value.
    pub(super) fn listed(&self, page: &Page, v: &Variant, lang: &str) -> Value {
        Value::from_serializable(&self.link(page, v, lang, ""))
    }

    /// A listing entry on one of the preview's long listings (see
    /// `super::splice`): as [`Renderer::listed`], with the title in a
    /// title slot and read as such; in a build, the entry as it is.
    pub(super) fn listed_in_slot(&self, page: &Page, v: &Variant, lang: &str) -> Value {
        Value::from_serializable(&self.link_in_slot(page, v, lang))
    }

    /// The [`PageLink`] of [`Renderer::listed_in_slot`].
    pub(super) fn link_in_slot(&self, page: &Page, v: &Variant, lang: &str) -> PageLink {
        let index = self.site.page_position(&page.key);
        let (Some(_), Some(index)) = (self.listings, index) else {
            return self.link(page, v, lang, "");
        };
        let (mut link, reads) = deps::recording(|| self.link(page, v, lang, ""));
        deps::replay(&deps::title_in_slot(reads, &page.key, &v.lang));
        link.title = super::splice::title_slot(index, &v.lang);
        link
    }

    /// The entries of `pages` on a long listing, as
    /// [`Renderer::listed_in_slot`] makes them, kept between renders in the
    /// preview.
    pub(super) fn links_in_slots(&self, pages: &[(&Page, &Variant)], lang: &str) -> Vec<Value> {
        self.entries(Entry::LinkInSlot, pages, lang, |p, v| {
            self.listed_in_slot(p, v, lang)
        })
    }

    /// The link entries of `pages` on a page that is none of them, kept
    /// between renders in the preview (see [`Renderer::entries`]).
    pub(super) fn links(&self, pages: &[(&Page, &Variant)], lang: &str) -> Vec<Value> {
        self.entries(Entry::Link, pages, lang, |p, v| self.listed(p, v, lang))
    }

    /// The entries of kind `entry` for `pages` in `lang`, made by `make`, or
    /// kept from an earlier render when [`Renderer::listings`] keeps them.
    pub(super) fn entries(
        &self,
        entry: Entry,
        pages: &[(&Page, &Variant)],
        lang: &str,
        make: impl Fn(&Page, &Variant) -> Value,
    ) -> Vec<Value> {
        let Some(cache) = self.listings else {
            return pages.iter().map(|(p, v)| make(p, v)).collect();
        };
        let lock = || cache.entries.lock().unwrap_or_else(|e| e.into_inner());
        let slot = (entry, lang.to_string());
        let mut values: Vec<Option<Value>> = {
            let store = lock();
            let kept = store.kept.get(&slot);
            pages
                .iter()
                .map(|(p, _)| {
                    kept.and_then(|k| k.get(&p.key)).map(|(value, reads)| {
                        deps::replay(reads);
                        value.clone()
                    })
                })
                .collect()
        };
        let mut made = Vec::new();
        for (value, (p, v)) in values.iter_mut().zip(pages) {
            if value.is_none() {
                let (new, reads) = deps::recording(|| make(p, v));
                deps::replay(&reads);
                made.push((p.key.clone(), (new.clone(), reads)));
                *value = Some(new);
            }
        }
        if !made.is_empty() {
            let mut store = lock();
            let Store { kept, foreign } = &mut *store;
            let entries = kept.entry(slot.clone()).or_default();
            for (key, entry) in made {
                if entry.1.iter().any(|r| r.key() != Some(key.as_str())) {
                    foreign.insert((slot.clone(), key.clone()));
                }
                entries.insert(key, entry);
            }
        }
        values.into_iter().flatten().collect()
    }
}
