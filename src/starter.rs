//! Starter text left in place: what `lupaus init` and `lupaus new` wrote
//! (the list is [`crate::scaffold::template_texts`]) and nobody replaced.
//!
//! A build or `check` reports each such value as an error at its line,
//! saying what to write instead, so that no example text reaches residents;
//! the preview reports the same as warnings, so that a new site previews at
//! once. This module only recognises the texts; the scaffold owns them.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Severity};
use crate::scaffold;
use crate::site::{Page, Site};

/// Every starter value left in the site's published files and in
/// `site.yaml` and `indicators.yaml`, as problems of `severity`.
pub fn check(site: &Site, root: &Path, severity: Severity) -> Vec<Diagnostic> {
    let texts = starter_texts();
    let mut out = Vec::new();
    for rel in [crate::config::PATH, crate::indicators::PATH] {
        if let Ok(src) = std::fs::read_to_string(root.join(rel)) {
            scan(rel, 1, &src, texts, &mut out);
        }
    }
    let untouched = untouched_translations(site);
    for i in site.shown_files() {
        let f = &site.files[i];
        // One error for the whole file, with the way out: a new page's
        // translations wait for the translator.
        if untouched.contains(&i) {
            out.push(
                Diagnostic::err(
                    &*f.path,
                    "template.translation",
                    vec![
                        ("title", f.front.title.as_deref().unwrap_or("").to_string()),
                        ("lang", f.lang.to_string()),
                        ("default", site.default_lang().to_string()),
                    ],
                )
                .at_opt(f.locate(&["title"])),
            );
            continue;
        }
        match &f.released {
            // Looked at by `starters` before they were released.
            Some(r) => out.extend(r.notes().iter().cloned()),
            None => out.extend(starters(f)),
        }
    }
    for d in &mut out {
        d.severity = severity;
    }
    out
}

/// The translations (files other than a page's default-language one)
/// whose title is still `lupaus new`'s.
pub fn untouched_translations(site: &Site) -> BTreeSet<usize> {
    site.pages
        .iter()
        .flat_map(|p| untouched_of(site, p))
        .collect()
}

/// The translations of `page` whose title is still `lupaus new`'s.
pub fn untouched_of<'a>(site: &'a Site, page: &'a Page) -> impl Iterator<Item = usize> + 'a {
    page.files
        .iter()
        .copied()
        .filter(move |&i| i != page.default_file)
        .filter(|&i| is_untouched(site.files[i].front.title.as_deref()))
}

/// The starter values left in `file`'s front matter and body, as errors
/// ([`check`] sets their severity): what a build that releases them as it
/// reads them keeps for [`check`] (see `crate::content::Bodies`).
pub fn starters(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    scan(
        &file.path,
        file.front_line as usize,
        &file.front_src,
        starter_texts(),
        &mut out,
    );
    scan(
        &file.path,
        file.body_line as usize,
        &file.body,
        starter_texts(),
        &mut out,
    );
    out
}

/// The scaffold's starter texts, gathered once.
fn starter_texts() -> &'static BTreeSet<&'static str> {
    static TEXTS: std::sync::LazyLock<BTreeSet<&'static str>> =
        std::sync::LazyLock::new(|| scaffold::template_texts().into_iter().collect());
    &TEXTS
}

/// Whether a translation file is still what `lupaus new` (or `init`) wrote:
/// its title is a starter title. `check` counts it as a missing translation.
pub fn is_untouched(title: Option<&str>) -> bool {
    title.is_some_and(|t| scaffold::template_titles().contains(&t.trim()))
}

/// A line split into its YAML key (if any) and value, quotes removed, with
/// the byte offset of the value in `line` (the caller counts characters
/// up to it for the column it reports).
fn value_of(line: &str) -> (Option<&str>, &str, usize) {
    let indent = line.len() - line.trim_start().len();
    let mut rest = line.trim();
    let mut col = indent;
    if let Some(r) = rest.strip_prefix("- ") {
        col += rest.len() - r.trim_start().len();
        rest = r.trim_start();
    }
    let mut key = None;
    // A key is the line's first word of letters, digits, `_` and `-`,
    // right before its first `:` (read up to there only: a body's lines
    // are long).
    let key_len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum();
    if let Some(v) = rest[key_len..].strip_prefix(':')
        && key_len > 0
        && (v.is_empty() || v.starts_with(' '))
    {
        let k = &rest[..key_len];
        key = Some(k);
        let v2 = v.trim_start();
        col += rest.len() - v2.len();
        rest = v2;
    }
    let rest = rest.trim_end();
    for q in ['"', '\''] {
        if rest.len() >= 2 && rest.starts_with(q) && rest.ends_with(q) {
            return (key, &rest[1..rest.len() - 1], col);
        }
    }
    (key, rest, col)
}

/// Reports every line of `text` (whose first line is file line `first`)
/// that is a starter text, and `init`'s example decision.
fn scan(path: &str, first: usize, text: &str, texts: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    // Looked for only when the example's reference is there.
    let example_date = || {
        text.lines().any(|l| {
            let (k, v, _) = value_of(l);
            k == Some("date") && v == scaffold::TEMPLATE_DECISION.1
        })
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("# ") && path.ends_with(".yaml") {
            continue;
        }
        let (key, value, col) = value_of(line);
        let at = |d: Diagnostic| d.at(first + i, Some(line[..col].chars().count() + 1));
        if key == Some("reference") && value == scaffold::TEMPLATE_DECISION.0 && example_date() {
            out.push(at(Diagnostic::coded(
                Severity::Error,
                path,
                "template.decision",
                vec![
                    ("reference", scaffold::TEMPLATE_DECISION.0.to_string()),
                    ("date", scaffold::TEMPLATE_DECISION.1.to_string()),
                ],
            )));
        } else if !value.is_empty() && texts.contains(value) {
            let value = ("value", value.to_string());
            let (code, args) = match key {
                // `fi:` in a map of translations.
                Some(k) if k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()) => {
                    ("template.lang", vec![value, ("lang", k.to_string())])
                }
                Some(k) => ("template.key", vec![value, ("key", k.to_string())]),
                None => ("template.line", vec![value]),
            };
            out.push(at(Diagnostic::coded(Severity::Error, path, code, args)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, text: &str) -> Vec<Diagnostic> {
        let texts = scaffold::template_texts().into_iter().collect();
        let mut out = Vec::new();
        scan(path, 1, text, &texts, &mut out);
        out
    }

    #[test]
    fn finds_values_at_their_line_and_column() {
        let d = found("a.md", "x: 1\ntitle: \"Uusi lupaus\"\nsummary: Oma\n");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(8)));
        assert!(d[0].message.contains("`title`"), "{}", d[0].message);
        let d = found("s.yaml", "feedback:\n  url: https://example.fi/palaute\n");
        assert_eq!(d[0].line, Some(2));
        let d = found(
            "s.yaml",
            "organisation:\n  sv: \"Exempels välfärdsområde\"\n",
        );
        assert!(d[0].message.contains("text in \"sv\""), "{}", d[0].message);
    }

    #[test]
    fn leaves_own_and_generic_text_alone() {
        assert!(found("a.md", "title: Uusi lupausmalli\nunit: vrk\n").is_empty());
        assert!(found("a.md", "## Näin toimit\n\nSoita meille.\n").is_empty());
    }

    #[test]
    fn example_decision_only_with_its_date() {
        assert_eq!(
            found(
                "a.md",
                "decision:\n  date: 2025-12-15\n  reference: \"§ 1\"\n"
            )
            .len(),
            1
        );
        assert!(
            found(
                "a.md",
                "decision:\n  date: 2026-02-01\n  reference: \"§ 1\"\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn untouched_translation_by_title() {
        assert!(is_untouched(Some("Nytt åtagande")));
        assert!(!is_untouched(Some("Vi svarar samma dag")));
        assert!(!is_untouched(None));
    }
}
