//! The page frame that commitment pages share: the main menu's entries
//! (`nav_items.html`) and the footer's content (`footer_items.html`),
//! rendered once for all the commitment pages of an area in a language
//! instead of once a page.
//!
//! The default `base.html` prints the menu's entries (twice: behind the
//! menu button and as the bar) from `nav_entries` and the footer from
//! `footer_content`, and includes the two templates to make them only
//! when the context has neither. What they show of a page is which entry
//! is the page or holds it: `nav`'s and `free_pages`' `current`, and the
//! page's address compared with the home, results, search, news,
//! document and accessibility pages'. Every commitment page of an area in
//! a language has the same marks: a build renders each part for the
//! first of them, keeps it by the language and the marks ([`FrameKey`]),
//! and gives the others the same text. On the shared benchmark's pages
//! the menu's include was 6 % of a build's instructions and the footer 2 %.
//!
//! The preview does not keep them (an edited area title changes the menu,
//! and it renders a page or a few at a time); its pages include the
//! templates as before. A theme's own `nav_items.html` or
//! `footer_items.html` is rendered the same way, so it must show of a
//! commitment page only its marks (docs/themes.md, "The main menu and the
//! footer").

use std::collections::HashMap;
use std::sync::Mutex;

use tera::Value;

use super::{Job, Renderer, templates};
use crate::diagnostics::Diagnostic;

/// What a commitment page's frame is made from: its language and, for
/// each of the language's service areas (`nav`) and undated pages
/// (`free_pages`) in order, whether it is marked current on the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct FrameKey {
    lang: String,
    nav: Box<[bool]>,
    free_pages: Box<[bool]>,
}

/// A part of the frame: the template that makes it and the variable
/// `base.html` prints it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Menu,
    Footer,
}

impl Part {
    const ALL: [Part; 2] = [Part::Menu, Part::Footer];

    fn template(self) -> &'static str {
        match self {
            Part::Menu => "nav_items.html",
            Part::Footer => "footer_items.html",
        }
    }

    fn variable(self) -> &'static str {
        match self {
            Part::Menu => "nav_entries",
            Part::Footer => "footer_content",
        }
    }
}

/// The parts rendered so far, by [`FrameKey`]: a few per area and
/// language.
#[derive(Default)]
pub struct Frames(Mutex<HashMap<(FrameKey, Part), Value>>);

impl Renderer<'_> {
    /// The key a commitment page at `url` in `lang` keeps its frame by;
    /// `None` in the preview, which renders each page's frame with it.
    pub(super) fn frame_key(&self, lang: &str, url: &str) -> Option<FrameKey> {
        if self.preview {
            return None;
        }
        let shared = self.shared(lang)?;
        Some(FrameKey {
            lang: lang.to_string(),
            // As `base_context` marks them.
            nav: shared.nav_marks(url).collect(),
            free_pages: shared.free_page_marks(url).collect(),
        })
    }

    /// Puts `nav_entries` and `footer_content` in `job`'s context when the
    /// job has a [`FrameKey`]: each kept from an earlier page with the
    /// same key, or rendered now from this job's context and kept.
    pub(super) fn add_frame(&self, job: &mut Job) -> Result<(), Diagnostic> {
        let Some(key) = job.frame.take() else {
            return Ok(());
        };
        for part in Part::ALL {
            let made = self.frame_part(job, &key, part)?;
            job.ctx.insert_value(part.variable(), made);
        }
        job.frame = Some(key);
        Ok(())
    }

    /// `part` for pages with `key`: kept, or rendered from `job`'s context.
    fn frame_part(&self, job: &Job, key: &FrameKey, part: Part) -> Result<Value, Diagnostic> {
        let frames = || self.frames.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = frames().get(&(key.clone(), part)) {
            return Ok(kept.clone());
        }
        let html = self
            .tera
            .render(part.template(), &job.ctx)
            .map_err(|e| templates::to_diagnostic(&e, self.theme, Some((&job.source, &job.url))))?;
        let made = Value::safe_string(&html);
        frames().insert((key.clone(), part), made.clone());
        Ok(made)
    }
}

impl Frames {
    /// How many parts are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use crate::content::Kind;

    /// Every commitment page of the example, rendered together (each
    /// area's menu and footer made once and given to its other pages), is
    /// the same bytes as rendered alone, which makes its own: a key that
    /// missed a mark would give a page another area's menu.
    #[test]
    fn a_kept_frame_is_the_one_each_page_would_make() {
        let opts = crate::build::build_options(crate::build::example_root(), false, true);
        let prepared = crate::build::render_prepared(&opts)
            .expect("the example builds")
            .1;
        let site = &prepared.site;
        let pages: Vec<_> = site
            .pages
            .iter()
            .filter(|p| matches!(p.kind, Kind::Commitment { .. }))
            .flat_map(|p| p.variants.iter().map(move |v| (p, v)))
            .collect();
        let areas = site
            .pages
            .iter()
            .filter(|p| matches!(p.kind, Kind::Area { .. }))
            .count();
        assert!(
            areas >= 2 && pages.len() > 2 * areas,
            "areas of several pages"
        );
        let render = |work: Vec<(&crate::site::Page, &crate::site::Variant)>| {
            let renderer = prepared.renderer();
            let mut out = crate::output::Output::new(true);
            let diags = crate::diagnostics::Diagnostics::new();
            let work = work
                .into_iter()
                .map(|(p, v)| crate::render::Work::Page(p, v))
                .collect();
            renderer.render_list(work, &|_| true, &mut out, &diags);
            assert!(!diags.has_errors());
            (out, renderer.frames.len())
        };
        let (together, parts) = render(pages.clone());
        // Two a language and area (the menu and the footer), not two a
        // page (nor none).
        let areas_in_languages: std::collections::BTreeSet<_> = pages
            .iter()
            .map(|(p, v)| match &p.kind {
                Kind::Commitment { area, .. } => (area.to_string(), v.lang.to_string()),
                _ => unreachable!("commitments only"),
            })
            .collect();
        assert!(
            pages.len() > areas_in_languages.len(),
            "areas of several pages"
        );
        assert_eq!(
            parts,
            2 * areas_in_languages.len(),
            "for {} pages",
            pages.len()
        );
        for (page, v) in pages {
            let (alone, _) = render(vec![(page, v)]);
            let path = crate::site::urls::url_to_file(&v.url, &site.options.prefix);
            assert_eq!(
                String::from_utf8_lossy(&together.read(&path).expect("rendered")),
                String::from_utf8_lossy(&alone.read(&path).expect("rendered")),
                "{path}"
            );
        }
    }
}
