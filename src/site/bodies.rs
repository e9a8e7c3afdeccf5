//! The Markdown bodies of the model's files, the largest part of the model
//! (about 40 MB on a site of 10,000 pages).
//!
//! The preview holds them for good: it edits them. A build lets each go as
//! soon as its file is read (`crate::content::Bodies::Release`, keeping its
//! hash, outline and starter-text findings); [`Site::release_bodies`] then
//! sets up reading them again (it also releases bodies a loading kept), and
//! each body is read from its file where it is needed (a page, the
//! whole-promise document, the search index, the open data; a [`BodyRef`]
//! reads it where the site is not at hand, as `data/promise.json` is
//! written), so the memory a build holds does not grow with the text of the
//! site. A body read again is compared with the hash taken when it was
//! released: a file saved again during the build is named
//! ([`Site::changed_during_build`]), and the build fails rather than
//! publish pages that disagree. `crate::build::load_site` calls
//! `release_bodies` as soon as the site is assembled; before that
//! [`Site::body_text`] would give an empty text for a body released at
//! loading.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Site;
use crate::content::{front_matter, read_text};
use crate::diagnostics::Diagnostic;

/// A released body: reads it from its file, as [`Site::body_text`] does.
#[derive(Debug, Clone)]
pub struct BodyRef {
    released: Arc<Released>,
    file: usize,
}

impl BodyRef {
    /// The body, read again from its file; noted as changed (see
    /// [`Site::changed_during_build`]) when it is not the one released.
    pub fn text(&self) -> String {
        let r = &*self.released;
        let path = &r.paths[self.file];
        let body = read_text(&r.root.join(path), path).ok().and_then(|text| {
            front_matter::split(&text)
                .ok()
                .map(|split| split.body.to_string())
        });
        match body {
            Some(body) if blake3::hash(body.as_bytes()) == r.hashes[self.file] => body,
            other => {
                r.changed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(self.file);
                other.unwrap_or_default()
            }
        }
    }
}

/// What is kept of released bodies.
#[derive(Debug)]
pub struct Released {
    /// The site root, which the files' paths are relative to.
    root: PathBuf,
    /// Per file (same index as [`Site::files`]): its path under the root.
    paths: Vec<String>,
    /// Per file (same index as [`Site::files`]): its body's hash.
    hashes: Vec<blake3::Hash>,
    /// Whether each file's body is empty but for white space.
    empty: Vec<bool>,
    /// Files whose body read again was not the one released.
    changed: Mutex<BTreeSet<usize>>,
}

impl Site {
    /// Releases the files' bodies (a build's; the preview keeps them, see
    /// [`super::Options::keep_parsed`]): from now on [`Site::body_text`]
    /// reads them from their files under `root`.
    pub fn release_bodies(&mut self, root: &Path) {
        if self.options.keep_parsed || self.released.is_some() {
            return;
        }
        let mut hashes = Vec::with_capacity(self.files.len());
        let mut empty = Vec::with_capacity(self.files.len());
        let mut paths = Vec::with_capacity(self.files.len());
        for f in &mut self.files {
            match &f.released {
                // Released as it was read (see `crate::content::Bodies`).
                Some(r) => {
                    empty.push(r.empty);
                    hashes.push(r.hash);
                }
                None => {
                    empty.push(f.body.trim().is_empty());
                    hashes.push(blake3::hash(f.body.as_bytes()));
                    f.body = String::new();
                }
            }
            paths.push(f.path.clone());
        }
        self.released = Some(Arc::new(Released {
            root: root.to_path_buf(),
            paths,
            hashes,
            empty,
            changed: Mutex::new(BTreeSet::new()),
        }));
    }

    /// Where file `file`'s body can be read later without the site: `None`
    /// while the site holds the bodies.
    pub fn body_ref(&self, file: usize) -> Option<BodyRef> {
        let released = self.released.as_ref()?;
        (file < released.hashes.len()).then(|| BodyRef {
            released: released.clone(),
            file,
        })
    }

    /// The Markdown body of file `file`: held, or read again from the
    /// file. When it cannot be read as it was, the file is noted as changed
    /// and the body read now (or nothing) is given.
    pub fn body_text(&self, file: usize) -> Cow<'_, str> {
        match self.body_ref(file) {
            Some(r) => Cow::Owned(r.text()),
            None => Cow::Borrowed(&self.files[file].body),
        }
    }

    /// Whether file `file`'s body is empty but for white space.
    pub fn body_is_empty(&self, file: usize) -> bool {
        match &self.released {
            Some(r) => r.empty.get(file).copied().unwrap_or(true),
            None => self.files[file].body.trim().is_empty(),
        }
    }

    /// An error for each file that was saved again while the build read it
    /// (see the module's notes): the build must not publish.
    pub fn changed_during_build(&self) -> Vec<Diagnostic> {
        let Some(r) = &self.released else {
            return Vec::new();
        };
        let changed = r.changed.lock().unwrap_or_else(|e| e.into_inner());
        changed
            .iter()
            .map(|&i| Diagnostic::err(&self.files[i].path, "file.changed_during_build", vec![]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    /// A site of one page, `pages/a.fi.md`, with `body`, in `dir`.
    fn site(dir: &std::path::Path, keep_parsed: bool, body: &str) -> super::Site {
        let write = |rel: &str, text: &str| {
            let path = dir.join("content").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "site.yaml",
            "title: T\norganisation: O\nbase_url: https://x.example\nlanguages: [fi]\n",
        );
        write("_index.fi.md", "---\ntitle: Lupaus\n---\n");
        write("pages/a.fi.md", &format!("---\ntitle: A\n---\r\n{body}"));
        let diags = Diagnostics::new();
        let content = crate::content::load(dir, &diags).expect("content loads");
        let options = crate::site::Options {
            drafts: false,
            prefix: String::new(),
            keep_parsed,
        };
        crate::site::assemble(content, options, &diags)
    }

    #[test]
    fn a_body_released_as_it_is_read_keeps_its_outline_and_notes() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Written and loaded once with the bodies kept, for comparison.
        let kept = site(dir.path(), false, "Teksti\n\n## Otsikko\n");
        let i = file(&kept);
        let diags = Diagnostics::new();
        let look = |f: &crate::content::SourceFile| {
            vec![crate::diagnostics::Diagnostic::err(
                &f.path,
                "x.seen",
                vec![],
            )]
        };
        let content =
            crate::content::load_with(dir.path(), crate::content::Bodies::Release(&look), &diags)
                .expect("content loads");
        let options = crate::site::Options {
            drafts: false,
            prefix: String::new(),
            keep_parsed: false,
        };
        let mut site = crate::site::assemble(content, options, &diags);
        assert!(site.files[i].body.is_empty(), "released as it was read");
        let released = site.files[i].released.as_ref().expect("released");
        assert_eq!(released.notes.len(), 1);
        assert!(site.parsed[i].has_anchor("otsikko"), "the outline is kept");
        site.release_bodies(dir.path());
        assert_eq!(site.body_text(i), kept.body_text(i));
        assert!(site.body(i).has_anchor("otsikko"));
        assert!(site.changed_during_build().is_empty());
    }

    fn file(site: &super::Site) -> usize {
        site.files
            .iter()
            .position(|f| f.path.ends_with("a.fi.md"))
            .expect("the page's file")
    }

    #[test]
    fn a_released_body_is_read_again_as_it_was_loaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = site(dir.path(), false, "Teksti\r\n\r\n## Otsikko\r\n");
        let i = file(&site);
        let held = site.body_text(i).into_owned();
        site.release_bodies(dir.path());
        assert!(
            site.files[i].body.is_empty(),
            "the model no longer holds it"
        );
        assert_eq!(site.body_text(i), held);
        assert!(!site.body_is_empty(i));
        assert!(site.body(i).has_anchor("otsikko"));
        assert!(site.changed_during_build().is_empty());
    }

    #[test]
    fn a_file_saved_again_during_the_build_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = site(dir.path(), false, "Vanha\n");
        let i = file(&site);
        site.release_bodies(dir.path());
        std::fs::write(
            dir.path().join("content/pages/a.fi.md"),
            "---\ntitle: A\n---\nUusi\n",
        )
        .expect("write");
        assert_eq!(site.body_text(i), "Uusi\n");
        let errors = site.changed_during_build();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "file.changed_during_build");
        assert!(errors[0].path.ends_with("a.fi.md"), "{:?}", errors[0].path);
        assert!(errors[0].is_error());
    }

    #[test]
    fn the_preview_keeps_its_bodies() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = site(dir.path(), true, "Teksti\n");
        let i = file(&site);
        site.release_bodies(dir.path());
        assert_eq!(site.files[i].body, "Teksti\n");
        std::fs::remove_file(dir.path().join("content/pages/a.fi.md")).expect("remove");
        assert_eq!(site.body_text(i), "Teksti\n");
        assert!(site.changed_during_build().is_empty());
    }
}
