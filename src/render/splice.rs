//! The preview's long listing pages kept between edits: the document page
//! (`/<lang>/document/`), the results overview and each indicator's page,
//! as the template rendered them, with markers where the bodies and the
//! listed pages' titles go; beside them, the HTML of every body the
//! document pages show (the texts of their slots, see
//! [`crate::output::Page`]).
//!
//! The document page shows every commitment's body, so rendering it again
//! after an edit meant rendering every body's Markdown again. Here each
//! body's HTML is kept until its page's body is edited ([`KeptPages::forget`]);
//! a page rendered again fills its slots from what is kept. The listed
//! pages' titles are put in as the page is put together: the preview's
//! contexts hold a title slot ([`title_slot`]) where a listing shows a
//! title, and record the title as read in a slot, not with the rest of the
//! front matter (see [`super::deps::Read::TitleSlot`]).
//!
//! An edit that changed only bodies in body slots (no front matter the
//! page reads, no body that turned empty or stopped being empty, which the
//! template sees) and titles in title slots (a title whose page keeps its
//! place in the reading order, see `crate::site::update::Edit::Title`) is
//! spliced into the kept page: the template is not rendered at all, the
//! edited slots are made again and the page is put together from the kept
//! rendering ([`Renderer::splice`]). The context is the same as the last
//! render's, since it read nothing else that changed (see [`super::deps`]),
//! so the bytes are those of a full render; `tests/incremental.rs` and
//! `tests/incremental_random.rs` compare them, and a unit test compares a
//! kept page with the page rendered without slots, as a build renders it.
//!
//! The preview never minifies HTML, so a kept page is put together here,
//! not piece by piece as a build writes it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::Renderer;
use super::deps::{JobId, Read};
use super::lifecycle::Slot;
use crate::lock;
use bytes::Bytes;
use rayon::prelude::*;

use crate::output::Page;

/// What is kept of the long listing pages (see the module's
/// documentation).
#[derive(Default)]
pub struct KeptPages {
    /// The HTML of each body slot made so far, by slot.
    fills: Mutex<HashMap<Slot, Arc<String>>>,
    /// Each page as the template rendered it, by job.
    pages: Mutex<HashMap<JobId, Kept>>,
}

/// One page as it is served, and where the texts of its slots are in it.
#[derive(Clone)]
struct Kept {
    /// Output path.
    path: String,
    /// What goes into each body slot.
    slots: Arc<Vec<Slot>>,
    /// The page put together, shared with the output.
    page: Bytes,
    /// Where each slot's text is in `page`, in order.
    spans: Arc<Vec<Span>>,
}

/// Where the text of one slot is in a kept page.
#[derive(Clone)]
struct Span {
    /// Its bytes in the page.
    range: Range<usize>,
    /// Whose text it is.
    of: Filled,
}

/// What fills a slot.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Filled {
    /// The body of the page's body slot with this number.
    Body(usize),
    /// The title of page number `.0` (in the site's pages) in language `.1`.
    Title(usize, Arc<str>),
}

/// Where the preview's long listings show the title of page number `page`
/// (in the site's pages) in `lang`: two characters of Unicode's private
/// use area around the page's number and language, which no template or
/// title writes and HTML escaping leaves as they are.
pub(super) fn title_slot(page: usize, lang: &str) -> String {
    format!("{TITLE_OPEN}{page}:{lang}{TITLE_CLOSE}")
}

const TITLE_OPEN: char = '\u{E002}';
const TITLE_CLOSE: char = '\u{E003}';

/// The jobs whose pages are kept and spliced (see the module's
/// documentation); their language.
pub(super) fn kept_job(job: &JobId) -> Option<&str> {
    match job {
        JobId::Document(l) | JobId::Results(l) | JobId::Indicator(_, l) => Some(l),
        _ => None,
    }
}

impl KeptPages {
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
            .retain(|slot, _| key(slot).is_none_or(|k| !bodies.contains(&(k, &*slot.lang))));
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
            return Arc::new(self.slot_html(slot).html);
        };
        if let Some(html) = lock(&cache.pages.fills).get(slot) {
            return html.clone();
        }
        let html = Arc::new(self.slot_html(slot).html);
        lock(&cache.pages.fills).insert(slot.clone(), html.clone());
        html
    }

    /// The preview's page of `job` (one of [`kept_job`]'s), rendered with
    /// the slot markers in `html`: put together from the kept bodies and
    /// the titles, and kept for [`Renderer::splice`] (a build has no title
    /// slots, and makes the bodies as it writes the page instead).
    /// Without a cache (a build), the page as it is.
    pub(super) fn kept_page(
        &self,
        job: JobId,
        path: String,
        html: String,
        slots: Vec<Slot>,
    ) -> Page<'_> {
        let Some(cache) = self.listings else {
            return Page {
                path,
                html,
                slots: None,
                deferred: false,
                minified: false,
            };
        };
        let (page, spans) = self.assemble(&html, &slots);
        let kept = Kept {
            path: path.clone(),
            slots: Arc::new(slots),
            page: Bytes::from(page.clone().into_bytes()),
            spans: Arc::new(spans),
        };
        lock(&cache.pages.pages).insert(job, kept);
        Page {
            path,
            html: page,
            slots: None,
            deferred: false,
            minified: false,
        }
    }

    /// The page that `html` (a template's rendering with slot markers)
    /// makes with every slot filled, and where each slot's text is in it.
    fn assemble(&self, html: &str, slots: &[Slot]) -> (String, Vec<Span>) {
        let parts = crate::output::split_at_slots(html);
        let fills: Vec<Option<(usize, Arc<String>)>> = parts
            .iter()
            .map(|(_, n)| n.and_then(|n| Some((n, self.fill(slots.get(n)?)))))
            .collect();
        let size = parts.iter().map(|(r, _)| r.len()).sum::<usize>()
            + fills.iter().flatten().map(|(_, f)| f.len()).sum::<usize>();
        let mut out = String::with_capacity(size);
        let mut spans = Vec::new();
        for ((stretch, _), fill) in parts.into_iter().zip(&fills) {
            self.put_titles(&html[stretch], &mut out, &mut spans);
            if let Some((n, fill)) = fill {
                let start = out.len();
                out.push_str(fill);
                spans.push(Span {
                    range: start..out.len(),
                    of: Filled::Body(*n),
                });
            }
        }
        (out, spans)
    }

    /// `html` with each title slot replaced by the title, escaped as the
    /// templates escape text, and the titles' places noted in `spans`. A
    /// slot whose page is gone (not expected: a page removed renders every
    /// page again) is left as it is.
    fn put_titles(&self, html: &str, out: &mut String, spans: &mut Vec<Span>) {
        let mut rest = html;
        while let Some(open) = rest.find(TITLE_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + TITLE_OPEN.len_utf8()..];
            let title = after.find(TITLE_CLOSE).and_then(|close| {
                let (page, lang) = after[..close].split_once(':')?;
                let page = page.parse::<usize>().ok()?;
                self.site.pages.get(page)?.variant(lang)?;
                Some((close, Filled::Title(page, lang.into())))
            });
            match title {
                Some((close, of)) => {
                    let start = out.len();
                    out.push_str(&self.filled_title(&of));
                    spans.push(Span {
                        range: start..out.len(),
                        of,
                    });
                    rest = &after[close + TITLE_CLOSE.len_utf8()..];
                }
                None => {
                    out.push(TITLE_OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }

    /// The text of a title slot: the title, escaped as the templates
    /// escape text (empty for a page that is gone).
    fn filled_title(&self, of: &Filled) -> String {
        let Filled::Title(page, lang) = of else {
            return String::new();
        };
        let title = self
            .site
            .pages
            .get(*page)
            .and_then(|p| p.variant(lang))
            .map_or("", |v| v.title());
        let mut escaped = Vec::with_capacity(title.len());
        // Writing to a vector cannot fail; escaping text gives text.
        let _ = tera::escape_html(title, &mut escaped);
        String::from_utf8_lossy(&escaped).into_owned()
    }

    /// The jobs among `jobs` whose kept pages a splice brings up to date
    /// after an edit of `edited` ([`Renderer::splice`]), spliced side by
    /// side, each with its page's output path and bytes.
    pub(super) fn splice_all<'j>(
        &self,
        jobs: impl ParallelIterator<Item = &'j JobId>,
        edited: &BTreeSet<Read>,
    ) -> Vec<(&'j JobId, (String, Bytes))> {
        jobs.filter_map(|j| Some((j, self.splice(j, edited)?)))
            .collect()
    }

    /// Brings the kept page of `job` (one of [`kept_job`]'s) up to date
    /// after an edit of `edited` without rendering its template, when all
    /// that changed on it is the HTML of bodies in its body slots and
    /// titles in its title slots; `None` when the page must be rendered
    /// again (it read other edited parts of a page, a body has no slot
    /// since it was empty, a body became empty, nothing is kept). The
    /// page's reads stay as recorded: it read nothing new. Only the
    /// edited slots are made again; the rest of the page is copied from
    /// the kept one. Returns the page's output path and bytes.
    pub(super) fn splice(&self, job: &JobId, edited: &BTreeSet<Read>) -> Option<(String, Bytes)> {
        let start = std::time::Instant::now();
        let (Some(store), Some(cache), Some(lang)) = (self.deps, self.listings, kept_job(job))
        else {
            return None;
        };
        let site = self.site;
        let mut bodies = Vec::new();
        let mut titles = HashSet::new();
        for read in store.read_of(job, edited) {
            match read {
                Read::Body { key, lang: l } if l == lang => bodies.push(key),
                Read::TitleSlot { key, lang: l } => {
                    titles.insert(Filled::Title(site.page_position(&key)?, l.into()));
                }
                _ => return None,
            }
        }
        let kept = lock(&cache.pages.pages).get(job)?.clone();
        let mut refill = HashSet::new();
        for key in &bodies {
            let mut found = false;
            for (n, slot) in kept.slots.iter().enumerate() {
                let file = site.files.get(slot.file)?;
                if *slot.lang != *lang || *file.key != **key {
                    continue;
                }
                // An empty body has no slot, and a template may show its
                // element only when there is a body.
                if file.body.trim().is_empty() {
                    return None;
                }
                refill.insert(Filled::Body(n));
                found = true;
            }
            if !found {
                return None;
            }
        }
        // The kept page with the edited slots' texts made again.
        let old = &kept.page[..];
        let mut page = Vec::with_capacity(old.len() + 1024);
        let mut spans = Vec::with_capacity(kept.spans.len());
        let mut at = 0;
        for span in kept.spans.iter() {
            let text = match &span.of {
                Filled::Body(n) if refill.contains(&span.of) => {
                    Some(self.fill(kept.slots.get(*n)?).as_bytes().to_vec())
                }
                Filled::Title(..) if titles.contains(&span.of) => {
                    Some(self.filled_title(&span.of).into_bytes())
                }
                _ => None,
            };
            let range = match text {
                Some(text) => {
                    page.extend_from_slice(old.get(at..span.range.start)?);
                    let begin = page.len();
                    page.extend_from_slice(&text);
                    at = span.range.end;
                    begin..page.len()
                }
                // Copied later, as part of the stretch up to the next
                // edited slot: shifted as much as the page so far.
                None => {
                    let shift = |i: usize| i + page.len() - at;
                    shift(span.range.start)..shift(span.range.end)
                }
            };
            spans.push(Span {
                range,
                of: span.of.clone(),
            });
        }
        page.extend_from_slice(old.get(at..)?);
        let page = Bytes::from(page);
        let path = kept.path.clone();
        lock(&cache.pages.pages).insert(
            job.clone(),
            Kept {
                page: page.clone(),
                spans: Arc::new(spans),
                ..kept
            },
        );
        cache
            .spliced
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if crate::timings::on() {
            eprintln!(
                "  listing {job:?}: spliced in {:.1} ms",
                start.elapsed().as_secs_f64() * 1e3
            );
        }
        Some((path, page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example site copied, with a commitment title that HTML escapes.
    fn example_with_a_title_to_escape() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(&src).expect("inside");
            let dest = dir.path().join("content").join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &dest).expect("copy");
            }
        }
        let path = dir.path().join("content/areas/health/ambulance.fi.md");
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replacen(
            "title: Apu tulee nopeasti hätätilanteessa",
            r#"title: "Apu & <tuki> tulee 'heti' \"nopeasti\"""#,
            1,
        );
        std::fs::write(&path, text).expect("write");
        dir
    }

    #[test]
    fn a_kept_page_is_the_page_rendered_without_slots() {
        // The preview's long listings are put together from title and body
        // slots; rendered without them (as a build renders, unminified),
        // every page must have the same bytes.
        let site = example_with_a_title_to_escape();
        let opts = crate::serve::preview_options(site.path().to_path_buf());
        let (rendered, prepared) =
            crate::build::render_prepared(&opts).expect("the example builds");
        let kept = lock(&prepared.listings.pages.pages).len();
        // The document and results pages in three languages, an
        // indicator's page per indicator and language.
        assert!(kept > 6, "the long listings are kept: {kept}");
        let mut plain = prepared.renderer();
        plain.listings = None;
        plain.deps = None;
        let mut out = crate::output::Output::new(false);
        let diags = crate::diagnostics::Diagnostics::new();
        plain.render_all(&mut out, &diags);
        let mut compared = 0;
        for path in out.paths().filter(|p| p.ends_with(".html")) {
            let a = rendered.output.read(path).unwrap_or_default();
            let b = out.read(path).unwrap_or_default();
            assert!(
                a == b,
                "{path} differs from a render without slots:\n{}",
                first_difference(&a, &b)
            );
            compared += 1;
        }
        assert!(compared > 20, "{compared} pages compared");
        let results = rendered
            .output
            .read("fi/results/index.html")
            .unwrap_or_default();
        let results = String::from_utf8_lossy(&results);
        assert!(
            results.contains("Apu &amp; &lt;tuki&gt; tulee &#39;heti&#39; &quot;nopeasti&quot;"),
            "the title is escaped on the results overview"
        );
        assert!(!results.contains(TITLE_OPEN), "no title slot is left");
    }

    /// The first line where two pages differ, for the failure message.
    fn first_difference(a: &[u8], b: &[u8]) -> String {
        let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
        a.lines()
            .zip(b.lines())
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("kept:  {x}\nplain: {y}"))
            .unwrap_or_else(|| "(one is longer)".into())
    }

    #[test]
    fn forgetting_follows_the_edited_bodies() {
        let docs = KeptPages::default();
        let slot = |file: usize, lang: &str| Slot {
            file,
            lang: lang.into(),
            fallback: false,
            prefix: format!("c-{file}").into(),
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
