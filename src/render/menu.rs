//! The main menu's entries (`nav_items.html`), rendered once for all the
//! commitment pages of an area in a language instead of once a page.
//!
//! The default `base.html` prints the menu's entries twice (behind the
//! menu button and as the bar) from `nav_entries`, and includes
//! `nav_items.html` to make them only when the context has no
//! `nav_entries`. What the entries show of a page is which entry is the
//! page or holds it (`nav`'s `current`, the page's address compared with
//! the home, results and search pages'). Every commitment page of an area
//! in a language has the same marks: a build renders `nav_items.html` for
//! the first of them, keeps it by the language and the marks
//! ([`MenuKey`]), and gives the others the same text. On the shared
//! benchmark's pages that include was 6 % of a build's instructions.
//!
//! The preview does not keep the menu (an edited area title changes it,
//! and it renders a page or a few at a time); its pages include
//! `nav_items.html` as before. A theme's own `nav_items.html` is rendered
//! the same way, so it must show of a commitment page only its marks
//! (docs/themes.md, "The main menu").

use std::collections::HashMap;
use std::sync::Mutex;

use tera::Value;

use super::{Job, Renderer, templates};
use crate::diagnostics::Diagnostic;

/// What a commitment page's menu is made from: its language and, for each
/// of the language's service areas in `nav` order, whether the page is at
/// or under it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct MenuKey {
    lang: String,
    current: Box<[bool]>,
}

/// The menus rendered so far, by [`MenuKey`]: a few per area and language.
#[derive(Default)]
pub struct Menus(Mutex<HashMap<MenuKey, Value>>);

/// The template that makes the menu's entries.
const TEMPLATE: &str = "nav_items.html";

impl Renderer<'_> {
    /// The key a commitment page at `url` in `lang` keeps its menu by;
    /// `None` in the preview, which renders each page's menu with it.
    pub(super) fn menu_key(&self, lang: &str, url: &str) -> Option<MenuKey> {
        if self.preview {
            return None;
        }
        let shared = self.shared(lang)?;
        Some(MenuKey {
            lang: lang.to_string(),
            current: shared.nav.iter().map(|l| url.starts_with(&l.url)).collect(),
        })
    }

    /// Puts `nav_entries` in `job`'s context when the job has a
    /// [`MenuKey`]: kept from an earlier page with the same key, or
    /// rendered now from this job's context and kept.
    pub(super) fn add_menu(&self, job: &mut Job) -> Result<(), Diagnostic> {
        let Some(key) = &job.menu else {
            return Ok(());
        };
        let kept = self
            .menus
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned();
        let entries = match kept {
            Some(entries) => entries,
            None => {
                let html = self.tera.render(TEMPLATE, &job.ctx).map_err(|e| {
                    templates::to_diagnostic(&e, self.theme, Some((&job.source, &job.url)))
                })?;
                let entries = Value::safe_string(&html);
                self.menus
                    .0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key.clone(), entries.clone());
                entries
            }
        };
        job.ctx.insert_value("nav_entries", entries);
        Ok(())
    }
}

impl Menus {
    /// How many menus are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use crate::content::Kind;

    /// Every commitment page of the example, rendered together (each
    /// area's menu made once and given to its other pages), is the same
    /// bytes as rendered alone, which makes its own menu: a key that
    /// missed a mark would give a page another area's menu.
    #[test]
    fn a_kept_menu_is_the_one_each_page_would_make() {
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
            (out, renderer.menus.len())
        };
        let (together, menus) = render(pages.clone());
        // One a language and area, not one a page (nor none).
        assert!(
            (1..pages.len() / 2).contains(&menus),
            "{menus} menus for {} pages",
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
