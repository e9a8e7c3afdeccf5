//! The preview's whole-promise document page (`/<lang>/document/`) kept
//! between edits: the HTML of every body it shows (the texts of the page's
//! slots, see [`crate::output::Page`]) and each language's page as the
//! template rendered it, with its slot markers.
//!
//! The page shows every commitment's body, so rendering it again after an
//! edit meant rendering every body's Markdown again. Here each body's HTML
//! is kept until its page's body is edited ([`Documents::forget`]); a page
//! rendered again fills its slots from what is kept. An edit that changed
//! only bodies the page shows in slots (no front matter it reads, no body
//! that turned empty or stopped being empty, which the template sees) is
//! spliced into the kept page: the template is not rendered at all, the
//! edited slots are made again and the page is put together from the kept
//! rendering ([`Renderer::splice_document`]). The context is the same as
//! the last render's, since it read nothing else that changed (see
//! [`super::deps`]), so the bytes are those of a full render;
//! `tests/incremental.rs` and `tests/incremental_random.rs` compare them.
//!
//! The preview never minifies HTML, so a kept page is put together here,
//! not piece by piece as a build writes it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::Renderer;
use super::deps::{JobId, Read};
use super::lifecycle::Slot;
use crate::lock;
use crate::output::{Output, Page};

/// What is kept of the document pages (see the module's documentation).
#[derive(Default)]
pub struct Documents {
    /// The HTML of each slot made so far, by slot.
    fills: Mutex<HashMap<Slot, Arc<String>>>,
    /// Each language's page as the template rendered it, by language.
    pages: Mutex<HashMap<String, Kept>>,
}

/// One language's document page as the template rendered it.
struct Kept {
    /// Output path.
    path: String,
    /// The HTML with slot markers.
    html: Arc<String>,
    /// What goes into each slot.
    slots: Arc<Vec<Slot>>,
}

impl Documents {
    /// Forgets the bodies whose page's body (in the slot's language) is
    /// in `edited`; `key` names the page of a slot's file.
    pub fn forget<'k>(&self, edited: &BTreeSet<Read>, key: impl Fn(&Slot) -> Option<&'k str>) {
        let bodies: HashSet<(&str, &str)> = edited
            .iter()
            .filter_map(|r| match r {
                Read::Body { key, lang } => Some((key.as_str(), lang.as_str())),
                _ => None,
            })
            .collect();
        if bodies.is_empty() {
            return;
        }
        lock(&self.fills)
            .retain(|slot, _| key(slot).is_none_or(|k| !bodies.contains(&(k, slot.lang.as_str()))));
    }

    /// The number of bodies kept (for tests).
    #[cfg(test)]
    fn kept(&self) -> usize {
        lock(&self.fills).len()
    }
}

impl Renderer<'_> {
    /// The HTML of `slot`, kept from an earlier render in the preview.
    fn fill(&self, slot: &Slot) -> Arc<String> {
        let Some(cache) = self.listings else {
            return Arc::new(self.slot_html(slot));
        };
        if let Some(html) = lock(&cache.documents.fills).get(slot) {
            return html.clone();
        }
        let html = Arc::new(self.slot_html(slot));
        lock(&cache.documents.fills).insert(slot.clone(), html.clone());
        html
    }

    /// The preview's document page of a language, rendered with the slot
    /// markers in `html`: kept for [`Renderer::splice_document`], and put
    /// together from the kept bodies (a build makes them as it writes
    /// the page instead). Without a cache (a build), the page as it is.
    pub(super) fn kept_document(&self, path: String, html: String, slots: Vec<Slot>) -> Page<'_> {
        // Every slot of a page is in the page's language.
        let lang = slots.first().map(|s| s.lang.clone());
        let (Some(cache), Some(lang)) = (self.listings, lang) else {
            return Page {
                path,
                html,
                slots: None,
            };
        };
        let kept = Kept {
            path: path.clone(),
            html: Arc::new(html),
            slots: Arc::new(slots),
        };
        let html = self.assemble(&kept);
        lock(&cache.documents.pages).insert(lang, kept);
        Page {
            path,
            html,
            slots: None,
        }
    }

    /// A kept page with every slot filled.
    fn assemble(&self, kept: &Kept) -> String {
        let html = kept.html.as_str();
        let parts = crate::output::split_at_slots(html);
        let fills: Vec<Option<Arc<String>>> = parts
            .iter()
            .map(|(_, n)| n.and_then(|n| kept.slots.get(n)).map(|s| self.fill(s)))
            .collect();
        let size = parts.iter().map(|(r, _)| r.len()).sum::<usize>()
            + fills.iter().flatten().map(|f| f.len()).sum::<usize>();
        let mut out = String::with_capacity(size);
        for ((stretch, _), fill) in parts.into_iter().zip(&fills) {
            out.push_str(&html[stretch]);
            if let Some(fill) = fill {
                out.push_str(fill);
            }
        }
        out
    }

    /// Brings the document page of `lang` up to date after an edit of
    /// `edited` without rendering its template, when all that changed on
    /// it is the HTML of bodies in its slots; `false` when the page must
    /// be rendered again (it read an edited page's front matter, a body
    /// has no slot since it was empty, a body became empty, nothing is
    /// kept). The bodies' reads stay as recorded: the page read nothing
    /// new.
    pub(super) fn splice_document(
        &self,
        lang: &str,
        edited: &BTreeSet<Read>,
        out: &mut Output,
    ) -> bool {
        let (Some(store), Some(cache)) = (self.deps, self.listings) else {
            return false;
        };
        let reads = store.reads(&JobId::Document(lang.to_string()));
        let mut bodies = Vec::new();
        for read in reads.intersection(edited) {
            match read {
                Read::Body { key, lang: l } if l == lang => bodies.push(key.as_str()),
                _ => return false,
            }
        }
        let kept = {
            let pages = lock(&cache.documents.pages);
            let Some(k) = pages.get(lang) else {
                return false;
            };
            Kept {
                path: k.path.clone(),
                html: k.html.clone(),
                slots: k.slots.clone(),
            }
        };
        let site = self.site;
        for key in bodies {
            let mut found = false;
            for slot in kept.slots.iter().filter(|s| s.lang == lang) {
                let Some(file) = site.files.get(slot.file) else {
                    return false;
                };
                if file.key != key {
                    continue;
                }
                // An empty body has no slot, and a template may show its
                // element only when there is a body.
                if file.body.trim().is_empty() {
                    return false;
                }
                found = true;
            }
            if !found {
                return false;
            }
        }
        // The page's reads stay as they were recorded: it read nothing new.
        let html = self.assemble(&kept);
        out.add(kept.path, html);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_follows_the_edited_bodies() {
        let docs = Documents::default();
        let slot = |file: usize, lang: &str| Slot {
            file,
            lang: lang.into(),
            fallback: false,
            prefix: format!("c-{file}"),
            deeper: 2,
        };
        for (f, l) in [(0, "fi"), (0, "sv"), (1, "fi")] {
            lock(&docs.fills).insert(slot(f, l), Arc::new(format!("{f}{l}")));
        }
        let names = ["p0.md", "p1.md"];
        let keys = |s: &Slot| names.get(s.file).copied();
        docs.forget(
            &BTreeSet::from([Read::Front {
                key: "p0.md".into(),
                lang: "fi".into(),
            }]),
            keys,
        );
        assert_eq!(docs.kept(), 3, "front matter is not a body");
        docs.forget(
            &BTreeSet::from([Read::Body {
                key: "p0.md".into(),
                lang: "fi".into(),
            }]),
            keys,
        );
        assert_eq!(docs.kept(), 2);
        assert!(!lock(&docs.fills).contains_key(&slot(0, "fi")));
        assert!(lock(&docs.fills).contains_key(&slot(0, "sv")));
    }
}
