//! The Markdown bodies of the model's files, the largest part of the model
//! (about 40 MB on a site of 10,000 pages).
//!
//! The preview holds them for good: it edits them. A build lets each go as
//! soon as its file is read (`crate::content::Bodies::Release`, keeping its
//! hash, outline and starter-text findings in the file's
//! [`ReleasedBody`](crate::content::ReleasedBody)), so the memory a build
//! holds does not grow with the text of the site. Parsed once as it is
//! read, the body is kept on disk with its HTML open and its plain text
//! ([`KeptBody`]), and its page is filled from there
//! ([`Site::body_to_render`]): the Markdown is not read or parsed again.
//! Where a body was not kept (one with problems, a stash that could not be
//! written), and where the whole text is needed (the open data; a
//! [`BodyRef`] reads it where the site is not at hand, as
//! `data/promise.json` is written), it is read again from its file and
//! compared with the hash taken when it was released: a file saved again
//! during the build is named ([`Site::changed_during_build`]), and the
//! build fails rather than publish pages that disagree.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Site;
use crate::content::{SourceFile, front_matter, read_text};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Body, KeptBody, NoteWords, Parsed, PlainText, Resolved};
use crate::stash::Stash;

/// A released body: reads it from its file, as [`Site::body_text`] does.
#[derive(Debug, Clone)]
pub struct BodyRef {
    released: Arc<Released>,
    file: usize,
    /// The file's path, relative to the site root.
    path: String,
    /// The body's hash when it was released.
    hash: crate::digest::Digest,
}

impl BodyRef {
    /// The body, read again from its file; noted as changed (see
    /// [`Site::changed_during_build`]) when it is not the one released.
    pub fn text(&self) -> String {
        let r = &*self.released;
        let (path, hash) = (&self.path, &self.hash);
        let body = read_text(&r.root.join(path), path).ok().and_then(|text| {
            front_matter::split(&text)
                .ok()
                .map(|split| split.body.to_string())
        });
        match body {
            Some(body) if crate::digest::Digest::of(body.as_bytes()) == *hash => body,
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

/// Where the released bodies are read again. Each file's path and hash
/// stay in its record ([`SourceFile::released`]), not copied here: a
/// [`BodyRef`] copies them for the one body it reads.
#[derive(Debug)]
pub struct Released {
    /// The site root, which the files' paths are relative to.
    root: PathBuf,
    /// Files whose body read again was not the one released.
    changed: Mutex<BTreeSet<usize>>,
    /// The headings' anchors of the released bodies, each an
    /// [`anchor_key`] of its file and its anchor's hash, sorted: one
    /// 8-byte number each instead of an outline of anchors per file (a
    /// 50,000-page build held 6.7 MB of those, 1.6 MB of these).
    anchors: Box<[u64]>,
    /// Where the bodies were kept open as they were read
    /// ([`ReleasedBody::kept`](crate::content::ReleasedBody::kept)).
    kept: Option<Arc<Stash>>,
}

/// The number [`Released::anchors`] keeps for anchor hash `hash` of file
/// `file`.
fn anchor_key(file: usize, hash: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (file, hash).hash(&mut h);
    h.finish()
}

impl Released {
    /// Where the bodies of `files` that were released are read again, from
    /// under `root`, their anchors taken from their records; `None` when
    /// every body is held.
    pub(super) fn of(
        root: &Path,
        files: &mut [SourceFile],
        kept: Option<Arc<Stash>>,
    ) -> Option<Arc<Released>> {
        // Made at its size: one of the largest lists the model keeps.
        let count = files
            .iter()
            .filter_map(|f| f.released.as_ref())
            .map(|r| r.anchors.len())
            .sum();
        let mut anchors = Vec::with_capacity(count);
        let mut any = false;
        for (i, f) in files.iter_mut().enumerate() {
            if let Some(r) = &mut f.released {
                any = true;
                let hashes = std::mem::take(&mut r.anchors);
                anchors.extend(hashes.iter().map(|&h| anchor_key(i, h)));
            }
        }
        anchors.sort_unstable();
        anchors.dedup();
        any.then(|| {
            Arc::new(Released {
                root: root.to_path_buf(),
                changed: Mutex::new(BTreeSet::new()),
                anchors: anchors.into_boxed_slice(),
                kept,
            })
        })
    }
}

impl Site {
    /// Where file `file`'s body can be read later without the site: `None`
    /// when the site holds it.
    pub fn body_ref(&self, file: usize) -> Option<BodyRef> {
        let released = self.released.as_ref()?;
        let f = self.files.get(file)?;
        let hash = f.released.as_ref()?.hash;
        Some(BodyRef {
            released: released.clone(),
            file,
            path: f.path.to_string(),
            hash,
        })
    }

    /// File `file`'s body as its page renders it: kept open as the build
    /// read it (not read or parsed again), else parsed
    /// ([`Site::body`]).
    pub fn body_to_render(&self, file: usize) -> ToRender<'_> {
        let kept = self.released.as_ref().and_then(|r| {
            let place = self.files.get(file)?.released.as_ref()?.kept?;
            let bytes = r.kept.as_ref()?.read_kept(&place).ok()?;
            KeptBody::from_bytes(&bytes)
        });
        match kept {
            Some(kept) => ToRender::Kept(kept),
            None => ToRender::Parsed(self.body(file)),
        }
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

    /// Whether file `file`'s body has a heading with anchor `anchor`.
    pub fn has_anchor(&self, file: usize, anchor: &str) -> bool {
        let held = self
            .outlines
            .get(file)
            .is_some_and(|o| o.has_anchor(anchor));
        let released = || {
            self.released.as_ref().is_some_and(|r| {
                let key = anchor_key(file, crate::markdown::anchor_hash(anchor));
                r.anchors.binary_search(&key).is_ok()
            })
        };
        held || released()
    }

    /// The anchors of file `file`'s headings, in order: a released body's
    /// read again from its file (only a message lists them).
    pub fn anchors_of(&self, file: usize) -> Vec<String> {
        let is_released = self.files.get(file).is_some_and(|f| f.released.is_some());
        if is_released {
            let outline = crate::markdown::outline(&self.body_text(file));
            return outline.anchors().map(str::to_string).collect();
        }
        self.outlines
            .get(file)
            .map(|o| o.anchors().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Whether file `file`'s body is empty but for white space.
    pub fn body_is_empty(&self, file: usize) -> bool {
        let f = &self.files[file];
        match &f.released {
            Some(r) => r.empty,
            None => f.body.trim().is_empty(),
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
            .map(|&i| Diagnostic::err(&*self.files[i].path, "file.changed_during_build", vec![]))
            .collect()
    }
}

/// A body as a page renders it ([`Site::body_to_render`]).
pub enum ToRender<'a> {
    /// Kept open as the build read it.
    Kept(KeptBody),
    /// Parsed (held in a preview, else read and parsed again).
    Parsed(Cow<'a, Parsed>),
}

impl ToRender<'_> {
    /// Its HTML with its links resolved by `resolve` and its footnotes'
    /// `words` (see [`crate::markdown::render_body`]).
    pub fn fill(
        &self,
        words: NoteWords,
        resolve: impl FnMut(&str) -> Result<Option<Resolved>, crate::diagnostics::Message>,
    ) -> Body {
        match self {
            ToRender::Kept(kept) => kept.open.fill(words, resolve),
            ToRender::Parsed(parsed) => crate::markdown::render_body(parsed, words, resolve),
        }
    }

    /// Its text, for the search index.
    pub fn text(&self) -> Cow<'_, PlainText> {
        match self {
            ToRender::Kept(kept) => Cow::Borrowed(&kept.text),
            ToRender::Parsed(parsed) => Cow::Owned(PlainText::of(parsed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::{Bodies, Looked, SourceFile};
    use crate::diagnostics::{Diagnostic, Diagnostics};
    use crate::markdown::{NoteWords, Outline, Resolved};
    use crate::stash::Stash;

    use super::ToRender;
    use crate::site::one_page_site as site;

    /// Looks at nothing.
    fn nothing(_: &SourceFile, _: &Outline) -> Looked {
        Looked::default()
    }

    /// A build's way with the bodies: each let go after `look`, kept open
    /// in `keep` when it is given.
    fn released<'a>(
        look: &'a crate::content::Look<'a>,
        keep: Option<&'a std::sync::Arc<Stash>>,
    ) -> Bodies<'a> {
        Bodies::Release { look, keep }
    }

    fn file(site: &super::Site) -> usize {
        site.files
            .iter()
            .position(|f| f.path.ends_with("a.fi.md"))
            .expect("the page's file")
    }

    #[test]
    fn a_body_released_as_it_is_read_keeps_its_outline_and_notes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let body = "Teksti\r\n\r\n## Otsikko\r\n";
        // Written and loaded once with the bodies kept, for comparison.
        let kept = site(dir.path(), Bodies::Keep, body);
        let i = file(&kept);
        let look = |f: &SourceFile, _: &Outline| Looked {
            notes: vec![Diagnostic::err(&*f.path, "x.seen", vec![])],
            checks: Vec::new(),
        };
        let site = site(dir.path(), released(&look, None), body);
        assert!(site.files[i].body.is_empty(), "released as it was read");
        let released = site.files[i].released.as_ref().expect("released");
        assert_eq!(released.notes().len(), 1);
        assert!(site.has_anchor(i, "otsikko"), "the anchors are kept");
        assert!(!site.has_anchor(i, "otsikk"));
        assert!(site.outlines[i].anchors().next().is_none());
        assert_eq!(site.anchors_of(i), ["otsikko"], "read again");
        assert_eq!(site.body_text(i), kept.body_text(i));
        assert!(!site.body_is_empty(i));
        assert!(site.body(i).outline().has_anchor("otsikko"));
        assert!(site.changed_during_build().is_empty());
    }

    #[test]
    fn a_released_front_matter_places_messages_from_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = site(dir.path(), released(&nothing, None), "Teksti\n");
        let i = file(&site);
        let f = &site.files[i];
        assert!(f.front_src.is_empty(), "released with the body");
        // The value of `title: A`, on the file's second line.
        assert_eq!(f.locate(&["title"]), Some((2, 8)));
        assert_eq!(f.locate(&["slug"]), None);
        // Saved again with other front matter: it places nothing.
        let path = dir.path().join("content/pages/a.fi.md");
        std::fs::write(&path, "---\nslug: b\ntitle: A\n---\nTeksti\n").expect("write");
        assert_eq!(f.locate(&["title"]), None);
        // Gone: neither.
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(f.locate(&["title"]), None);
    }

    #[test]
    fn a_released_body_is_checked_as_a_kept_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let body = "# Iso\n\n#### Syvä\n\n![](kuva.png) [Lue lisää](https://e.example) \
                    [](https://f.example) [palvelusta](https://g.example)\n";
        let vague = ["lue lisää".to_string()].into_iter().collect();
        let checks = |site: &super::Site| {
            let diags = Diagnostics::new();
            let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).expect("a date");
            crate::review::site_checks(site, &vague, None, today, &diags);
            diags.into_sorted()
        };
        let kept = checks(&site(dir.path(), Bodies::Keep, body));
        let look = |f: &SourceFile, o: &Outline| Looked {
            notes: Vec::new(),
            checks: crate::review::body_checks(f, o, &vague),
        };
        let released = site(dir.path(), released(&look, None), body);
        let i = file(&released);
        let outline = &released.outlines[i];
        assert!(
            outline.links().next().is_none() && outline.headings().next().is_none(),
            "only the anchors are kept"
        );
        assert!(released.has_anchor(i, "syvä") && !released.has_anchor(i, "iso-2"));
        let codes: Vec<&str> = kept.iter().map(|d| d.code).collect();
        for code in [
            "check.heading1",
            "check.heading_jump",
            "check.alt",
            "check.link_empty",
            "check.link_vague",
        ] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        assert_eq!(format!("{:?}", checks(&released)), format!("{kept:?}"));
    }

    #[test]
    fn a_file_saved_again_during_the_build_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = site(dir.path(), released(&nothing, None), "Vanha\n");
        let i = file(&site);
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

    /// A build keeps each body open as it reads it: its page is filled
    /// from what was kept (the same HTML and text as a body read and
    /// parsed again, even when the file is saved again meanwhile); a body
    /// with problems is parsed again, its problems told from there.
    #[test]
    fn a_body_kept_open_renders_as_one_parsed_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let body =
            "Teksti [linkki](@/b.md#ei)[^1] ja ![kuva](kuva.png).\n\n## Otsikko\n\n[^1]: Huom.\n";
        let stash = std::sync::Arc::new(Stash::new(Some(dir.path())).expect("a stash"));
        let keep = Some(&stash);
        let kept = site(dir.path(), released(&nothing, keep), body);
        let i = file(&kept);
        let again = site(dir.path(), released(&nothing, None), body);
        let words = NoteWords {
            reference: "Alaviite",
            back: "Takaisin",
        };
        let resolve = |d: &str| {
            Ok(Some(Resolved::as_written(
                d,
                crate::diagnostics::Message::new("x", vec![]),
            )))
        };
        let render = |site: &super::Site| {
            let body = site.body_to_render(i);
            let filled = body.fill(words, resolve);
            (filled.html, filled.warnings, body.text().into_owned())
        };
        assert!(matches!(kept.body_to_render(i), ToRender::Kept(_)));
        assert!(matches!(again.body_to_render(i), ToRender::Parsed(_)));
        let first = render(&kept);
        assert_eq!(first, render(&again));
        assert_eq!(first.1.len(), 2, "a warning for each link and image");
        assert!(first.2.headings.contains("Otsikko"));
        // Saved again: the kept body is what was read, and nothing was
        // read again.
        std::fs::write(
            dir.path().join("content/pages/a.fi.md"),
            "---\ntitle: A\n---\nUusi\n",
        )
        .expect("write");
        assert_eq!(render(&kept), first);
        assert!(kept.changed_during_build().is_empty());
        // A body with a problem (a heading without its space) is not kept.
        let near = site(dir.path(), released(&nothing, keep), "##Otsikko\n");
        assert!(matches!(
            near.body_to_render(file(&near)),
            ToRender::Parsed(_)
        ));
    }

    #[test]
    fn the_preview_keeps_its_bodies() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = site(dir.path(), Bodies::Keep, "Teksti\n");
        let i = file(&site);
        assert_eq!(&*site.files[i].body, "Teksti\n");
        assert!(site.body_ref(i).is_none());
        std::fs::remove_file(dir.path().join("content/pages/a.fi.md")).expect("remove");
        assert_eq!(site.body_text(i), "Teksti\n");
        assert!(site.changed_during_build().is_empty());
    }
}
