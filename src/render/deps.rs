//! Recorded dependencies: what each render job read while its context was
//! built, so that the preview can work out what an edit must render again.
//!
//! A job (a page in one language, a generated page, the feeds, the shared
//! navigation: a [`JobId`]) runs inside a recording ([`recording`]); the
//! context builders note each part of the site they show ([`read`]): a
//! page's front matter (title, summary, order, date, perspective, …) or
//! its body, in one language ([`Read`]). The preview's long listings show
//! titles in title slots (`super::splice`): they read a listed page's
//! front matter but its title, and its title in a slot, so that a title
//! edit is spliced into them. The reads are noted where the
//! site's pages are turned into template values (the listing entry
//! [`PageLink`](super::context::PageLink), a page's own context, a body
//! nested in the document, the feeds), so a context that starts showing
//! another page's fields records that page without anyone keeping a list.
//!
//! [`Deps`] keeps every job's reads and their inverse, the jobs that read
//! each part: after an edit, [`Deps::readers`] of the edited parts are the
//! jobs to render again (see [`Renderer::rerender`](super::Renderer)).
//!
//! What is not recorded, because an edit of it is never applied
//! incrementally (the preview renders in full): site settings, indicators,
//! results, which pages exist and where (slugs, languages, drafts, dates
//! present or not, heading anchors: see `site::update`). Templates are
//! followed by name (`templates::dependents`).
//!
//! Recording is per thread: a job runs on one thread, and a job that a
//! waiting thread steals runs to its end inside it, so a stack of frames
//! gives each job its own reads. Nothing is recorded outside a recording
//! (a build records nothing).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use crate::site::update::Edit;

/// A part of the site that a job read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Read {
    /// The front matter of a page (`key`) as read in `lang`: title,
    /// summary, order, date, perspective, resident view, validity …
    Front {
        /// The page's key.
        key: String,
        /// The variant's language.
        lang: String,
    },
    /// The front matter of a page but its title: what a listing reads
    /// of an entry whose title it shows in a title slot (the preview's
    /// long listings, see `super::splice`).
    FrontButTitle {
        /// The page's key.
        key: String,
        /// The variant's language.
        lang: String,
    },
    /// The title of a page in `lang`, shown in a title slot: an edit of
    /// the title alone is spliced into the kept page, not rendered.
    TitleSlot {
        /// The page's key.
        key: String,
        /// The variant's language.
        lang: String,
    },
    /// The body of a page as read in `lang`.
    Body {
        /// The page's key.
        key: String,
        /// The variant's language.
        lang: String,
    },
    /// The sizes of the open-data files (the results page names them):
    /// they change with every page's text, so the preview keeps them
    /// between edits and brings them up to date when the writer pauses,
    /// with `data/promise.json` (see `incremental`).
    DataSizes,
}

impl Read {
    /// The key of the page whose part this is (none for the data sizes).
    pub fn key(&self) -> Option<&str> {
        match self {
            Read::Front { key, .. }
            | Read::FrontButTitle { key, .. }
            | Read::TitleSlot { key, .. }
            | Read::Body { key, .. } => Some(key),
            Read::DataSizes => None,
        }
    }

    /// The parts an edit of page `key` changed in `langs`: its body
    /// (always: the edit may have changed it), and for an edit of its
    /// front matter the front matter as everyone reads it and the title
    /// in title slots, and for more than the title the rest of it too.
    pub fn edited<'a>(
        key: &'a str,
        edit: Edit,
        langs: impl IntoIterator<Item = &'a String> + 'a,
    ) -> impl Iterator<Item = Read> + 'a {
        langs.into_iter().flat_map(move |lang| {
            let (key, lang) = (key.to_string(), lang.clone());
            let mut parts = vec![Read::Body {
                key: key.clone(),
                lang: lang.clone(),
            }];
            if edit != Edit::Body {
                parts.push(Read::Front {
                    key: key.clone(),
                    lang: lang.clone(),
                });
                parts.push(Read::TitleSlot {
                    key: key.clone(),
                    lang: lang.clone(),
                });
            }
            if edit == Edit::Listed {
                parts.push(Read::FrontButTitle { key, lang });
            }
            parts
        })
    }
}

/// What reads: one render job.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobId {
    /// A content page (`key`) in a language.
    Page(String, String),
    /// The accessibility statement of a language.
    Accessibility(String),
    /// The list of dated pages of a language.
    News(String),
    /// The results overview of a language.
    Results(String),
    /// An indicator's page (`id`) in a language.
    Indicator(String, String),
    /// The changes page of a language.
    Changes(String),
    /// The whole promise on one page, in a language.
    Document(String),
    /// The document pages' print stylesheets.
    DocumentCss,
    /// The Atom feeds.
    Feeds,
    /// What every page shares (navigation, settings): kept between edits,
    /// so an edit that it read is rendered in full.
    Shared,
}

impl JobId {
    /// Whether the job is a generated page that lists the whole promise
    /// or every dated page (the results overview, an indicator's page, the
    /// document, the changes and news pages): long pages that the preview
    /// renders after an edit only when a browser asks for them or the
    /// writer pauses (see `incremental`), not before the reload.
    pub fn lists_the_promise(&self) -> bool {
        matches!(
            self,
            JobId::News(_)
                | JobId::Results(_)
                | JobId::Indicator(..)
                | JobId::Changes(_)
                | JobId::Document(_)
        )
    }
}

/// Every job's reads, and for each part the jobs that read it.
#[derive(Default)]
pub struct Deps(Mutex<Graph>);

#[derive(Default)]
struct Graph {
    reads: HashMap<JobId, BTreeSet<Read>>,
    readers: HashMap<Read, BTreeSet<JobId>>,
}

impl Deps {
    /// Records that `job` read `reads` (and nothing else: its earlier
    /// reads are forgotten). [`JobId::Shared`] adds to what it read.
    pub fn set(&self, job: JobId, reads: BTreeSet<Read>) {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let g = &mut *g;
        let old = if job == JobId::Shared {
            BTreeSet::new()
        } else {
            g.reads.remove(&job).unwrap_or_default()
        };
        // A page rendered again after an edit mostly read what it read
        // before (the document page reads every commitment).
        if job != JobId::Shared && old == reads {
            g.reads.insert(job, old);
            return;
        }
        for r in old.difference(&reads) {
            if let Some(jobs) = g.readers.get_mut(r) {
                jobs.remove(&job);
            }
        }
        for r in &reads {
            g.readers.entry(r.clone()).or_default().insert(job.clone());
        }
        g.reads.entry(job).or_default().extend(reads);
    }

    /// The jobs that read any of `parts`.
    pub fn readers<'r>(&self, parts: impl IntoIterator<Item = &'r Read>) -> BTreeSet<JobId> {
        let g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        parts
            .into_iter()
            .filter_map(|r| g.readers.get(r))
            .flatten()
            .cloned()
            .collect()
    }

    /// The parts of `parts` that `job` read (without copying all that it
    /// read: the document page reads every page).
    pub fn read_of(&self, job: &JobId, parts: &BTreeSet<Read>) -> Vec<Read> {
        let g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let Some(reads) = g.reads.get(job) else {
            return Vec::new();
        };
        parts
            .iter()
            .filter(|r| reads.contains(r))
            .cloned()
            .collect()
    }

    /// What `job` read.
    pub fn reads(&self, job: &JobId) -> BTreeSet<Read> {
        let g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        g.reads.get(job).cloned().unwrap_or_default()
    }
}

thread_local! {
    /// The reads of the recordings running on this thread, innermost last.
    static FRAMES: RefCell<Vec<BTreeSet<Read>>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the running job read `part` (made only when one is being
/// recorded).
pub fn read(part: impl FnOnce() -> Read) {
    FRAMES.with(|f| {
        if let Some(top) = f.borrow_mut().last_mut() {
            top.insert(part());
        }
    });
}

/// Notes the page `key`'s front matter in `lang` as read.
pub fn front(key: &str, lang: &str) {
    read(|| Read::Front {
        key: key.to_string(),
        lang: lang.to_string(),
    });
}

/// Turns the reads of a listing entry whose title is shown in a title
/// slot: page `key`'s front matter in `lang` is read but its title, which
/// is read in a slot instead.
pub fn title_in_slot(reads: BTreeSet<Read>, key: &str, lang: &str) -> BTreeSet<Read> {
    reads
        .into_iter()
        .flat_map(|r| match r {
            Read::Front { key: k, lang: l } if k == key && l == lang => vec![
                Read::FrontButTitle {
                    key: k.clone(),
                    lang: l.clone(),
                },
                Read::TitleSlot { key: k, lang: l },
            ],
            other => vec![other],
        })
        .collect()
}

/// Notes the page `key`'s body in `lang` as read.
pub fn body(key: &str, lang: &str) {
    read(|| Read::Body {
        key: key.to_string(),
        lang: lang.to_string(),
    });
}

/// Notes all of `reads` as read (a kept value's reads, when it is used
/// again).
pub fn replay(reads: &BTreeSet<Read>) {
    FRAMES.with(|f| {
        if let Some(top) = f.borrow_mut().last_mut() {
            top.extend(reads.iter().cloned());
        }
    });
}

/// Runs `f` and returns what it read, apart from any recording around it.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, BTreeSet<Read>) {
    FRAMES.with(|fr| fr.borrow_mut().push(BTreeSet::new()));
    // Popped even if `f` panics, so that the thread's stack stays right.
    struct Pop(Option<BTreeSet<Read>>);
    impl Drop for Pop {
        fn drop(&mut self) {
            if self.0.is_none() {
                FRAMES.with(|fr| fr.borrow_mut().pop());
            }
        }
    }
    let mut guard = Pop(None);
    let value = f();
    let reads = FRAMES.with(|fr| fr.borrow_mut().pop()).unwrap_or_default();
    guard.0 = Some(BTreeSet::new());
    (value, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_sees_its_own_reads_only() {
        read(|| unreachable!("nothing is recorded outside a recording"));
        let ((), outer) = recording(|| {
            front("a", "fi");
            let ((), inner) = recording(|| body("b", "fi"));
            assert_eq!(inner.len(), 1);
            replay(&inner);
        });
        let keys: Vec<Read> = outer.into_iter().collect();
        assert_eq!(
            keys,
            vec![
                Read::Front {
                    key: "a".into(),
                    lang: "fi".into()
                },
                Read::Body {
                    key: "b".into(),
                    lang: "fi".into()
                },
            ]
        );
    }

    #[test]
    fn readers_follow_the_latest_reads() {
        let deps = Deps::default();
        let a = Read::Front {
            key: "a".into(),
            lang: "fi".into(),
        };
        let b = Read::Body {
            key: "b".into(),
            lang: "fi".into(),
        };
        let job = JobId::News("fi".into());
        deps.set(job.clone(), BTreeSet::from([a.clone()]));
        assert!(deps.readers([&a]).contains(&job));
        deps.set(job.clone(), BTreeSet::from([b.clone()]));
        assert!(deps.readers([&a]).is_empty(), "a is no longer read");
        assert!(deps.readers([&b]).contains(&job));
    }
}
