//! The long listings of a build rendered in parts.
//!
//! The document page, the results pages and each indicator's page list
//! every commitment. Given to their templates whole, those lists were the
//! largest thing a build held: at 50,000 pages each such context was about
//! 40 MB, on top of the site (docs/PERFORMANCE.md, 2026-12-06, fourth
//! sitting). In a build, when the page's template is the built-in theme's,
//! each entry of the list is a marker instead (`{slot: "…"}`): the page is
//! rendered around the markers, then each marker is replaced by its entry
//! rendered alone with the entry's template (`document_commitment.html`,
//! `results_commitment.html`, `indicator_commitment.html`), the page's
//! context plus the entry as `c` and its area as `a`, made for that entry
//! and let go after it. The built-in page templates include the same entry
//! templates when an entry is whole (the preview, a site's own page
//! template), so the HTML is the same either way
//! (`a_build_with_the_stash_has_the_bytes_of_one_without` in `lifecycle`).
//! When the build minifies, the page is minified around the markers and
//! each entry alone (see [`Listing::wrapper`]); a piece the one-pass
//! minifier refuses (a writer's raw HTML that is not well formed) is then
//! minified by the full minifier on its own, where before the whole page
//! was (`output/minify.rs`).
//!
//! The front page lists every commitment too, and the built-in
//! `promise.html` only counts them: in a build it gets an empty marker for
//! each ([`Renderer::promise_commitments`]).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use tera::Value;

use super::lifecycle::Slot;
use super::{Job, Renderer, templates};
use crate::diagnostics::Diagnostic;
use crate::site::{Page, Site, Variant};

/// A long listing that can be rendered in parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    /// `document.html`: every commitment with its body, by area.
    Document,
    /// `results.html`: every commitment with its indicators, by area.
    Results,
    /// `indicator.html`: the commitments that follow the indicator.
    Indicator,
}

impl Listing {
    /// The page's template.
    fn page_template(self) -> &'static str {
        match self {
            Listing::Document => "document.html",
            Listing::Results => "results.html",
            Listing::Indicator => "indicator.html",
        }
    }

    /// What a marker is wrapped in, in the page's HTML: an empty element of
    /// the kind its entry is (the document's entries are `<section>`s, the
    /// others `<li>`s). When the build minifies, the page is minified
    /// around the markers and each entry on its own as it is written:
    /// what comes before a marker is then minified as before its entry (a
    /// `<p>`'s end tag is left out before a section, an `<li>`'s before
    /// the next), and an entry minified alone ends as it does in the whole
    /// (a section with its end tag, an item without it, as the minifier
    /// leaves it out before the next item or the list's end). The end tag
    /// of the wrapper may be left out by the minifier.
    fn wrapper(self) -> (&'static str, &'static str) {
        match self {
            Listing::Document => ("<section>", "</section>"),
            Listing::Results | Listing::Indicator => ("<li>", "</li>"),
        }
    }

    /// The template one entry is rendered with.
    fn entry_template(self) -> &'static str {
        match self {
            Listing::Document => "document_commitment.html",
            Listing::Results => "results_commitment.html",
            Listing::Indicator => "indicator_commitment.html",
        }
    }
}

/// One entry: its page and variant (positions in the site) and its group
/// (its area, a position in [`Parts::groups`]).
struct Entry {
    page: u32,
    variant: u16,
    group: u32,
}

/// What a page rendered in parts needs to make its entries one at a time.
pub(super) struct Parts {
    listing: Listing,
    /// The page's language, one string for every body slot it makes.
    lang: Arc<str>,
    entries: Vec<Entry>,
    /// The areas as the page's context has them (`a` of an entry's
    /// template), each with its entries' markers; none on an indicator's
    /// page.
    groups: Vec<Value>,
    /// Each indicator's view, made once for the page.
    pub(super) views: HashMap<Box<str>, Value>,
    /// How many body slots the page had before its entries made theirs
    /// (the document's promise makes one first).
    slots_before: usize,
    /// Whether the page was rendered minified, in parts (see
    /// [`Listing::wrapper`]): the whole page minified was held twice, the
    /// document's 14 MB without its bodies at 50,000 pages.
    minified: bool,
}

impl Parts {
    /// The parts of a page of `listing` in `lang` that has `slots_before`
    /// body slots of its own before its entries'.
    pub(super) fn new(listing: Listing, lang: Arc<str>, slots_before: usize) -> Parts {
        Parts {
            listing,
            lang,
            entries: Vec::new(),
            groups: Vec::new(),
            views: HashMap::new(),
            slots_before,
            minified: false,
        }
    }

    /// Whether the page's HTML was rendered minified: it is not minified
    /// again.
    pub(super) fn minified(&self) -> bool {
        self.minified
    }

    /// Adds the entry of `page` read in `v`, in the group that
    /// [`Parts::end_group`] ends next; returns what the page's context
    /// lists in its place.
    pub(super) fn add(&mut self, site: &Site, page: &Page, v: &Variant) -> Value {
        let position = site.page_position(&page.key).unwrap_or(usize::MAX);
        let variant = page
            .variants
            .iter()
            .position(|x| std::ptr::eq(x, v))
            .unwrap_or(usize::MAX);
        let n = self.entries.len();
        self.entries.push(Entry {
            page: u32::try_from(position).unwrap_or(u32::MAX),
            variant: u16::try_from(variant).unwrap_or(u16::MAX),
            group: u32::try_from(self.groups.len()).unwrap_or(u32::MAX),
        });
        let (before, after) = self.listing.wrapper();
        let marker = format!("{before}{PART_OPEN}{n}{PART_CLOSE}{after}");
        Value::from(std::collections::BTreeMap::from([("slot", marker)]))
    }

    /// Ends a group: `group` is what its entries' template gets as `a`.
    pub(super) fn end_group(&mut self, group: Value) {
        self.groups.push(group);
    }
}

const PART_OPEN: char = '\u{E002}';
const PART_CLOSE: char = '\u{E003}';

/// Hands the HTML in `page` and its entry markers to `piece` in order:
/// `Err(text)` for HTML, `Ok(n)` for the marker of entry `n`, wrapped in
/// `wrapper` (see [`Listing::wrapper`]; its end tag may be missing). A
/// marker's character without a number and the wrapper's start tag before
/// it is HTML.
fn pieces<E>(
    page: &str,
    (before, after): (&str, &str),
    mut piece: impl FnMut(Result<usize, &str>) -> Result<(), E>,
) -> Result<(), E> {
    let mut rest = page;
    let mut from = 0;
    while let Some(open) = rest[from..].find(PART_OPEN).map(|i| i + from) {
        let inside = &rest[open + PART_OPEN.len_utf8()..];
        let entry = inside.find(PART_CLOSE).and_then(|close| {
            let n = inside[..close].parse::<usize>().ok()?;
            let tail = &inside[close + PART_CLOSE.len_utf8()..];
            let tail = tail.strip_prefix(after).unwrap_or(tail);
            let head = rest[..open].strip_suffix(before)?;
            Some((n, head, tail))
        });
        match entry {
            Some((n, head, tail)) => {
                piece(Err(head))?;
                piece(Ok(n))?;
                rest = tail;
                from = 0;
            }
            None => from = open + PART_OPEN.len_utf8(),
        }
    }
    piece(Err(rest))
}

impl Renderer<'_> {
    /// Whether `listing` is rendered in parts: in a build that writes the
    /// document's bodies last (it has a stash; not the preview, which
    /// keeps its long listings whole to splice them), when the page's
    /// template is the built-in theme's (a site's own page template gets
    /// the whole list, as it always has, unless it is a copy of the
    /// built-in one).
    pub(super) fn in_parts(&self, listing: Listing) -> bool {
        self.gives_markers(listing.page_template())
    }

    /// Whether the page template `template` is given markers in place of
    /// the commitments it lists: in a build, when it is the built-in one
    /// (see [`Renderer::in_parts`]).
    fn gives_markers(&self, template: &str) -> bool {
        self.stash.is_some()
            && !self.preview
            && self.listings.is_none()
            && self.theme.is_built_in(&format!("templates/{template}"))
    }

    /// The commitments `pages` as the front page's `areas` list them: every
    /// commitment's entry, or in a build with the built-in `promise.html`,
    /// which only counts them, one empty marker (`{slot: ""}`, one value
    /// shared by all) for each. At 50,000 pages the front page's lists of
    /// every commitment were 35 MB, the build's peak once the long
    /// listings were rendered in parts.
    pub(super) fn promise_commitments(
        &self,
        pages: &[(&Page, &Variant)],
        lang: &str,
    ) -> Vec<Value> {
        if !self.gives_markers("promise.html") {
            return self.links(pages, lang);
        }
        let empty = Value::from(std::collections::BTreeMap::from([("slot", "")]));
        vec![empty; pages.len()]
    }

    /// Renders `job` into `w`: its template with its context and, when it
    /// is rendered in parts, each entry's template in place of its marker
    /// (the entry's body slots added to the job's, in page order).
    pub(super) fn render_into(&self, job: &mut Job, w: &mut impl Write) -> Result<(), Diagnostic> {
        self.add_frame(job)?;
        let template_error = |e: &tera::Error| {
            templates::to_diagnostic(e, self.theme, Some((&job.source, &job.url)))
        };
        let Some(mut parts) = job.parts.take() else {
            return self
                .tera
                .render_to(job.template, &job.ctx, w)
                .map_err(|e| template_error(&e));
        };
        let mut page = Vec::new();
        let rendered = self.tera.render_to(job.template, &job.ctx, &mut page);
        if let Err(e) = rendered {
            let d = template_error(&e);
            job.parts = Some(parts);
            return Err(d);
        }
        // Minified around the markers, each entry on its own below.
        parts.minified = self.minify_bodies;
        let page = crate::output::finish(parts.minified, &job.out, page);
        let page = crate::text_lossy(page);
        job.slots.truncate(parts.slots_before);
        // Kept until the page is written, after every other page: made at
        // its size (each entry adds at most one slot; grown by doubling,
        // the document's slots took up to twice their 1.6 MB at 50,000
        // pages for the whole of the build's pages).
        if parts.listing == Listing::Document {
            job.slots.reserve_exact(parts.entries.len());
        }
        let write_error = |e: std::io::Error| {
            crate::output::io_error(std::path::Path::new(&job.out), "@io.write_temp", e)
        };
        let mut entry_html = Vec::new();
        let done = pieces(&page, parts.listing.wrapper(), |piece| match piece {
            Err(html) => w.write_all(html.as_bytes()).map_err(write_error),
            Ok(n) => {
                let Some((c, a)) = self.entry(&mut parts, n, &mut job.slots) else {
                    return Ok(());
                };
                job.ctx.insert_value("c", c);
                if let Some(a) = a {
                    job.ctx.insert_value("a", a);
                }
                let template = parts.listing.entry_template();
                if !parts.minified {
                    return self
                        .tera
                        .render_to(template, &job.ctx, &mut *w)
                        .map_err(|e| template_error(&e));
                }
                entry_html.clear();
                self.tera
                    .render_to(template, &job.ctx, &mut entry_html)
                    .map_err(|e| template_error(&e))?;
                // Between two entries in the page the minifier leaves no
                // space, nor before the first one.
                let start = entry_html
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .unwrap_or(entry_html.len());
                let entry = crate::output::finish(true, &job.out, entry_html.split_off(start));
                w.write_all(&entry).map_err(write_error)
            }
        });
        job.ctx.remove("c");
        job.ctx.remove("a");
        job.parts = Some(parts);
        done
    }

    /// Entry `n` of `parts` as its template gets it: `c`, and `a` its area
    /// when it has one.
    fn entry(
        &self,
        parts: &mut Parts,
        n: usize,
        slots: &mut Vec<Slot>,
    ) -> Option<(Value, Option<Value>)> {
        let e = parts.entries.get(n)?;
        let page = self.site.pages.get(e.page as usize)?;
        let v = page.variants.get(usize::from(e.variant))?;
        let group = parts.groups.get(e.group as usize).cloned();
        let lang = parts.lang.clone();
        let c = match parts.listing {
            Listing::Document => self.document_commitment(page, v, &lang, slots, &mut parts.views),
            Listing::Results => self.results_entry(page, v, &lang, &parts.views),
            Listing::Indicator => self.listed_in_slot(page, v, &lang),
        };
        Some((c, group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(page: &str, wrapper: (&str, &str)) -> Vec<Result<usize, String>> {
        let mut out = Vec::new();
        let _ = pieces::<()>(page, wrapper, |p| {
            out.push(p.map_err(str::to_string));
            Ok(())
        });
        out
    }

    /// The build's renderer of the example site renders its long listings
    /// in parts (`a_build_with_the_stash_has_the_bytes_of_one_without`
    /// in `lifecycle` compares its pages with whole lists'), and a site's
    /// own page template gets the whole list.
    #[test]
    fn a_build_renders_the_long_listings_in_parts_with_the_default_templates() {
        let opts = crate::build::build_options(crate::build::example_root(), false, true);
        let (_, prepared) = crate::build::render_prepared(&opts).expect("the example builds");
        let stash = crate::stash::Stash::new(None).expect("a temporary file");
        let mut renderer = prepared.renderer();
        assert!(!renderer.in_parts(Listing::Document), "not without a stash");
        let whole = renderer.promise_commitments(
            &prepared
                .site
                .pages
                .iter()
                .filter_map(|p| p.variant("fi").map(|v| (p, v)))
                .collect::<Vec<_>>(),
            "fi",
        );
        let has_title = |c: &Value| {
            c.as_map()
                .is_some_and(|m| m.keys().any(|k| k.as_str() == Some("title")))
        };
        assert!(whole.iter().all(has_title), "links");
        renderer.stash = Some(&stash);
        for listing in [Listing::Document, Listing::Results, Listing::Indicator] {
            assert!(renderer.in_parts(listing), "{listing:?}");
        }
        let site = &prepared.site;
        let commitments: Vec<(&Page, &Variant)> = site
            .pages
            .iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    crate::content::front_matter::Kind::Commitment { .. }
                )
            })
            .filter_map(|p| p.variant("fi").map(|v| (p, v)))
            .collect();
        let empty = Value::from(std::collections::BTreeMap::from([("slot", "")]));
        let counted = renderer.promise_commitments(&commitments, "fi");
        assert_eq!(counted.len(), commitments.len());
        assert!(
            counted.iter().all(|c| *c == empty),
            "the front page only counts them"
        );

        let job = renderer.document_job("fi").expect("a document in Finnish");
        let parts = job.parts.expect("the document in parts");
        assert!(parts.entries.len() > 3, "every commitment is an entry");
        assert_eq!(
            job.slots.len(),
            parts.slots_before,
            "the entries' bodies come later"
        );

        let mut theme = renderer.theme.clone();
        let built_in = theme.files.get("templates/results.html").cloned();
        let built_in = built_in.expect("the built-in results.html");
        let own = crate::theme::ThemeFile {
            bytes: b"{% extends \"base.html\" %}".to_vec(),
            origin: "themes/default/templates/results.html".into(),
            own: true,
        };
        theme.files.insert("templates/results.html".into(), own);
        theme
            .replaced
            .insert("templates/results.html".into(), built_in);
        renderer.theme = &theme;
        assert!(
            !renderer.in_parts(Listing::Results),
            "a site's own results.html"
        );
        assert!(renderer.in_parts(Listing::Document));
    }

    fn marker(n: usize) -> String {
        format!("{PART_OPEN}{n}{PART_CLOSE}")
    }

    /// A page cut around two entries: `head`, entry 0, entry 1, `tail`.
    fn two_entries(head: &str, tail: &str) -> Vec<Result<usize, String>> {
        vec![
            Err(head.into()),
            Ok(0),
            Err(String::new()),
            Ok(1),
            Err(tail.into()),
        ]
    }

    #[test]
    fn a_page_is_cut_at_its_entries_markers_with_their_wrappers() {
        let (m0, m1) = (marker(0), marker(1));
        let cases = [
            // Bare markers.
            (
                ("", ""),
                format!("<ul>{m0}{m1}</ul>"),
                two_entries("<ul>", "</ul>"),
            ),
            // The document's: each in an empty section.
            (
                Listing::Document.wrapper(),
                format!("<p>a<section>{m0}</section><section>{m1}</section>"),
                two_entries("<p>a", ""),
            ),
            // A list's items, their end tags left out by the minifier.
            (
                Listing::Results.wrapper(),
                format!("<ul><li>{m0}<li>{m1}</ul>"),
                two_entries("<ul>", "</ul>"),
            ),
        ];
        for (wrapper, page, expected) in cases {
            assert_eq!(split(&page, wrapper), expected, "{page}");
        }
    }

    #[test]
    fn a_marker_character_without_a_number_or_its_wrapper_is_text() {
        let wrapper = Listing::Document.wrapper();
        for page in [
            format!("a{PART_OPEN}b{PART_CLOSE}c"),
            format!("a{}", marker(2)),
            format!("{}</section>", marker(3)),
        ] {
            let joined: String = split(&page, wrapper)
                .into_iter()
                .map(|p| p.expect_err("no entry"))
                .collect();
            assert_eq!(joined, page);
        }
    }
}
