//! What changed between the previous version of the promise (`previous` in
//! `site.yaml`, a published `data/promise.json`) and this one: commitments
//! added, removed and changed (wording, perspective, indicators' targets),
//! and the word-level differences of their texts as HTML.
//!
//! [`load`] reads and recognises the previous file (an error at the
//! `previous` line otherwise); [`compare`] compares two [`Snapshot`]s. The
//! pages that show the result are rendered by `render`; `check` turns
//! [`Change::reworded_only`] into a hint.

use std::collections::BTreeMap;

use similar::{Algorithm, ChangeTag};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, escape_attr};
use crate::snapshot::{AreaSnap, CommitmentSnap, Snapshot, TargetSnap};

/// Reads the `previous` file of `site.yaml`, if there is one; a problem
/// is an error at the `previous` line.
pub fn load(
    root: &std::path::Path,
    config: &crate::config::SiteConfig,
    diags: &Diagnostics,
) -> Option<Snapshot> {
    let rel = config.previous.as_deref()?;
    let error = |code: &'static str, mut args: Vec<(&'static str, String)>| {
        args.push(("rel", rel.to_string()));
        diags.push(Diagnostic::err(crate::config::PATH, code, args).at_opt(config.previous_at));
    };
    let path = root.join("content").join(rel);
    // A missing file is reported where `site.yaml` is checked.
    if !path.is_file() {
        return None;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            error(
                "previous.unreadable",
                vec![("error", crate::diagnostics::os_error(&e))],
            );
            return None;
        }
    };
    match crate::snapshot::read(&bytes) {
        Ok(s) => Some(s),
        Err(why) => {
            error(why.code, why.args);
            None
        }
    }
}

/// How a commitment differs between the two versions.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Only in this version.
    Added,
    /// Only in the previous version.
    Removed,
    /// In both, different.
    Changed,
}

/// A text field of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The title.
    Title,
    /// The resident's view.
    ResidentView,
    /// The body text.
    Text,
}

impl Field {
    /// Its name in interface-string keys.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::ResidentView => "resident_view",
            Field::Text => "text",
        }
    }
}

/// A change of an indicator that a commitment follows.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    /// As it was (`None`: the commitment did not follow it).
    pub old: Option<TargetSnap>,
    /// As it is (`None`: the commitment no longer follows it).
    pub new: Option<TargetSnap>,
}

/// One commitment that was added, removed or changed.
#[derive(Debug, Clone)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: Kind,
    /// `AREA/NAME`: the commitment in both versions.
    pub id: String,
    /// The area as it was and as it is (the one that exists).
    pub area: AreaSnap,
    /// The commitment as it was.
    pub old: Option<CommitmentSnap>,
    /// The commitment as it is.
    pub new: Option<CommitmentSnap>,
    /// The wording that changed, per language: `(field, old, new)`.
    pub wording: BTreeMap<String, Vec<(Field, String, String)>>,
    /// The perspective as it was and as it is, when it changed.
    pub perspective: Option<(Option<String>, Option<String>)>,
    /// Indicators followed or targets changed.
    pub targets: Vec<TargetChange>,
}

impl Change {
    /// Whether the wording changed while the indicators and their targets
    /// did not (`lupaus check` hints at it).
    pub fn reworded_only(&self) -> bool {
        self.kind == Kind::Changed && !self.wording.is_empty() && self.targets.is_empty()
    }
}

/// The changes between `old` and `new`, in this version's reading order;
/// removed commitments follow, in the previous version's order.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let id = |a: &AreaSnap, c: &CommitmentSnap| format!("{}/{}", a.id, c.id);
    let before: BTreeMap<String, (&AreaSnap, &CommitmentSnap)> =
        old.commitments().map(|(a, c)| (id(a, c), (a, c))).collect();
    let after: BTreeMap<String, &CommitmentSnap> =
        new.commitments().map(|(a, c)| (id(a, c), c)).collect();
    let mut out = Vec::new();
    for (area, c) in new.commitments() {
        let key = id(area, c);
        let entry = |kind, old: Option<&CommitmentSnap>| Change {
            kind,
            id: key.clone(),
            area: AreaSnap {
                commitments: Vec::new(),
                ..area.clone()
            },
            old: old.cloned(),
            new: Some(c.clone()),
            wording: BTreeMap::new(),
            perspective: None,
            targets: Vec::new(),
        };
        match before.get(&key) {
            None => out.push(entry(Kind::Added, None)),
            Some((_, was)) => {
                let mut change = entry(Kind::Changed, Some(was));
                change.wording = wording(old.default_lang(), was, c);
                if was.perspective != c.perspective {
                    change.perspective = Some((was.perspective.clone(), c.perspective.clone()));
                }
                change.targets = targets(&was.targets, &c.targets);
                if !change.wording.is_empty()
                    || change.perspective.is_some()
                    || !change.targets.is_empty()
                {
                    out.push(change);
                }
            }
        }
    }
    for (area, c) in old.commitments() {
        let key = id(area, c);
        if !after.contains_key(&key) {
            out.push(Change {
                kind: Kind::Removed,
                id: key,
                area: AreaSnap {
                    commitments: Vec::new(),
                    ..area.clone()
                },
                old: Some(c.clone()),
                new: None,
                wording: BTreeMap::new(),
                perspective: None,
                targets: Vec::new(),
            });
        }
    }
    out
}

/// A text of the previous version in `lang`, or in its default language
/// when it had none in `lang`.
fn in_lang<'a>(map: &'a BTreeMap<String, String>, lang: &str, default: &str) -> Option<&'a str> {
    map.get(lang)
        .or_else(|| map.get(default))
        .map(String::as_str)
}

/// The wording that changed, per language of this version.
fn wording(
    old_default: &str,
    was: &CommitmentSnap,
    is: &CommitmentSnap,
) -> BTreeMap<String, Vec<(Field, String, String)>> {
    let mut out = BTreeMap::new();
    let (was_text, is_text) = (was.texts(), is.texts());
    for lang in is.title.keys() {
        let mut fields = Vec::new();
        for (field, a, b) in [
            (Field::Title, &was.title, &is.title),
            (Field::ResidentView, &was.resident_view, &is.resident_view),
            (Field::Text, &was_text, &is_text),
        ] {
            let old = in_lang(a, lang, old_default).unwrap_or("").trim();
            let new = b.get(lang).map(String::as_str).unwrap_or("").trim();
            if old != new {
                fields.push((field, old.to_string(), new.to_string()));
            }
        }
        if !fields.is_empty() {
            out.insert(lang.clone(), fields);
        }
    }
    out
}

/// Indicators added or removed, and targets that changed.
fn targets(was: &[TargetSnap], is: &[TargetSnap]) -> Vec<TargetChange> {
    let mut out = Vec::new();
    for t in is {
        match was.iter().find(|o| o.id == t.id) {
            None => out.push(TargetChange {
                old: None,
                new: Some(t.clone()),
            }),
            Some(o) if o.target != t.target => out.push(TargetChange {
                old: Some(o.clone()),
                new: Some(t.clone()),
            }),
            Some(_) => {}
        }
    }
    for o in was {
        if !is.iter().any(|t| t.id == o.id) {
            out.push(TargetChange {
                old: Some(o.clone()),
                new: None,
            });
        }
    }
    out
}

/// A Markdown text as plain text: paragraphs, headings and list items on
/// lines of their own, so that a difference reads as the text does.
pub fn plain_text(md: &str) -> String {
    let out = markdown::plain_text(markdown::parse(md).events(), None);
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// A word-level difference as HTML: deletions in `<del>`, insertions in
/// `<ins>`, each starting with visually hidden words (`deleted`,
/// `inserted`) that a screen reader reads, since most do not announce the
/// elements themselves; the marks are not colour alone (the theme strikes
/// deletions through and underlines insertions).
pub fn word_diff(old: &str, new: &str, deleted: &str, inserted: &str) -> String {
    let mut html = String::new();
    for (tag, part) in similar::utils::diff_unicode_words(Algorithm::Patience, old, new) {
        let text = escape_attr(part);
        match tag {
            ChangeTag::Equal => html.push_str(&text),
            ChangeTag::Delete => html.push_str(&format!(
                "<del><span class=\"visually-hidden\">[{deleted}: </span>{text}<span class=\"visually-hidden\">]</span></del>"
            )),
            ChangeTag::Insert => html.push_str(&format!(
                "<ins><span class=\"visually-hidden\">[{inserted}: </span>{text}<span class=\"visually-hidden\">]</span></ins>"
            )),
        }
    }
    html
}

/// The difference of two texts of several paragraphs (lines, as
/// [`plain_text`] gives them): only the paragraphs that changed, each as a
/// [`word_diff`], with `…` on a line of its own where unchanged paragraphs
/// are left out.
pub fn text_diff(old: &str, new: &str, deleted: &str, inserted: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let diff = similar::TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old_lines, &new_lines);
    let mut parts = Vec::new();
    for op in diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            if parts.last().is_none_or(|p: &String| p != "…") {
                parts.push("…".to_string());
            }
            continue;
        }
        parts.push(word_diff(
            &old_lines[o].join("\n"),
            &new_lines[n].join("\n"),
            deleted,
            inserted,
        ));
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_words_for_the_eye_and_the_ear() {
        let html = word_diff("tavoite 21 vrk", "tavoite 14 vrk", "poistettu", "lisätty");
        assert!(html.starts_with("tavoite "), "{html}");
        assert!(html.contains("<del><span class=\"visually-hidden\">[poistettu: </span>21"));
        assert!(html.contains("<ins><span class=\"visually-hidden\">[lisätty: </span>14"));
        assert!(html.ends_with(" vrk"), "{html}");
        assert_eq!(word_diff("a <b>", "a <b>", "d", "i"), "a &lt;b&gt;");
    }

    #[test]
    fn text_diff_shows_the_changed_paragraphs_only() {
        let old = "Otsikko\nEnsimmäinen kappale.\nToinen kappale on tässä.\nKolmas.";
        let new = "Otsikko\nEnsimmäinen kappale.\nToinen kappale oli tässä.\nKolmas.";
        let html = text_diff(old, new, "p", "l");
        assert!(html.starts_with("…\nToinen kappale "), "{html}");
        assert!(html.ends_with("tässä.\n…"), "{html}");
        assert!(html.contains("<del><span class=\"visually-hidden\">[p: </span>on"));
    }

    #[test]
    fn plain_text_keeps_paragraphs_apart() {
        let text = plain_text("## Mitä lupaamme\n\nLupaamme **nopean** avun.\n\n- yksi\n- kaksi\n");
        assert_eq!(text, "Mitä lupaamme\nLupaamme nopean avun.\nyksi\nkaksi");
    }
}
