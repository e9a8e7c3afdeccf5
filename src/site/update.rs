//! Applying one edited Markdown file to an assembled [`Site`], for the
//! preview's incremental rebuild (`crate::incremental`).
//!
//! Only an edit that leaves the site's structure as it was is applied here:
//! the same page in the same language, the same address, the same
//! languages and draft state, the same indicators, the same heading anchors
//! (other pages' `@/page.md#anchor` links are checked against them). Any
//! other edit is refused with the reason, and the caller assembles the site
//! again from scratch. "When in doubt, rebuild more."

use std::collections::BTreeSet;

use super::{Page, Site, merged};
use crate::content::SourceFile;
use crate::content::front_matter::FrontMatter;
use crate::markdown::Parsed;

/// Which part of a page an edit of its file changed. Which other pages
/// show that part is not decided here: render jobs record what they read
/// (`render::deps`), and the preview looks the edited part up there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Only its body.
    Body,
    /// Its title and nothing else of its front matter, its place in the
    /// reading order unchanged; perhaps its body too.
    Title,
    /// Its front matter (titles, summaries, order, dates …), perhaps its
    /// body too.
    Listed,
}

impl Site {
    /// The index of the Markdown file at `path` (relative to the site root,
    /// `content/areas/family/clinic.md`).
    pub fn file_index(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|f| *f.path == *path)
    }

    /// Replaces file `index` with its new text, already read and parsed,
    /// and updates the page it belongs to. Returns the page's key, what the
    /// edit changed for other pages, and the languages whose variant of the
    /// page changed (shows this file, or merged other fields from it): only
    /// their pages can show the edit. `Err` says why the edit needs the
    /// whole site assembled again (the site is then unchanged).
    pub fn replace_file(
        &mut self,
        index: usize,
        file: SourceFile,
        parsed: Parsed,
    ) -> Result<(String, Edit, BTreeSet<String>), &'static str> {
        let old = self.files.get(index).ok_or("the file is new")?;
        if old.key != file.key || old.lang != file.lang || old.kind != file.kind {
            return Err("the file is another page now");
        }
        let page_index = self
            .page_position(&file.key)
            .ok_or("the page is not published")?;
        let page = &self.pages[page_index];
        if !page.files.contains(&index) {
            return Err("the file is not published");
        }
        let (a, b) = (&old.front, &file.front);
        if a.slug() != b.slug()
            || a.draft != b.draft
            || a.languages() != b.languages()
            || a.indicators != b.indicators
            || a.perspective.is_some() != b.perspective.is_some()
            || a.date().is_some() != b.date().is_some()
        {
            return Err(
                "its address, languages, draft state, indicators or kind of listing changed",
            );
        }
        let outline = parsed.outline();
        if !self.outlines[index].anchors().eq(outline.anchors()) {
            return Err("its headings changed, and other pages may link to them");
        }
        let title_only = a.title != b.title
            && FrontMatter {
                title: b.title.clone(),
                ..(**a).clone()
            } == **b;
        let mut edit = if a == b {
            Edit::Body
        } else if title_only {
            Edit::Title
        } else {
            Edit::Listed
        };
        let reorder = a.title != b.title || a.order != b.order;
        let key = file.key.clone();
        self.files[index] = file;
        self.outlines[index] = outline;
        if let Some(kept) = self.parsed.get_mut(index) {
            *kept = parsed;
        }

        // The page's variants, merged again as `assemble` merges them.
        let files = &self.files;
        let Page {
            default_file: d,
            files: in_use,
            variants,
            ..
        } = &mut self.pages[page_index];
        let mut langs = BTreeSet::new();
        for v in variants {
            let before = (v.front.clone(), v.inherited.clone(), v.draft);
            let own = in_use.iter().copied().find(|&i| *files[i].lang == *v.lang);
            let (front, inherited, draft) = merged(files, own, *d);
            v.front = front;
            v.inherited = inherited;
            v.draft = draft;
            if v.file == index || before != (v.front.clone(), v.inherited.clone(), v.draft) {
                langs.insert(v.lang.to_string());
            }
        }
        if reorder {
            for (lang, reading) in &mut self.reading {
                // A title that moves its page is read as the order is.
                if reading.reposition(&self.pages, lang, page_index) {
                    edit = Edit::Listed;
                }
            }
        }
        Ok((key.to_string(), edit, langs))
    }
}
