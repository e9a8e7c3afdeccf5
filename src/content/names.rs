//! File and folder names under `content/` that must mean the same on every
//! system the site is written on: Windows, macOS and Linux.
//!
//! Owns the rules on names as names: how a name is normalised (Unicode NFC,
//! so a name typed on macOS, which stores `ä` as `a` + a combining mark,
//! is the same page as one typed on Windows), which names Windows cannot
//! hold (a trailing space or dot), and which names are one file on a
//! case-insensitive disk; and the names that make a poor address: a name
//! with a space, and the names an operating system gives a copy (`… -
//! kopio`, `… - Copy`, `… (2)`, `… copy`), each an error that suggests a
//! name of lowercase letters, digits and `-` (letters such as `ä` and `å`
//! stay allowed; `lupaus new` suggests plain a–z). Which files are side files of editors is
//! [`super::is_side_file`]; what a file is from its place is `classify`.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use unicode_normalization::UnicodeNormalization;

/// `name` in Unicode NFC: the form pages, keys and addresses are made from.
pub fn nfc(name: &str) -> String {
    name.nfc().collect()
}

/// What is wrong with one file or folder name on some system, with the name
/// to use instead; `None` when the name works everywhere.
pub fn name_problem(path: &str, name: &str, is_dir: bool) -> Option<Diagnostic> {
    let what = if is_dir { "@noun.folder" } else { "@noun.file" };
    let trimmed = name.trim_end_matches([' ', '.']);
    if trimmed.len() != name.len() {
        let end = if name.ends_with(' ') {
            "@noun.end_space"
        } else {
            "@noun.end_dot"
        };
        let mut args = vec![
            ("what", what.to_string()),
            ("name", name.to_string()),
            ("end", end.to_string()),
        ];
        let code = if trimmed.trim().is_empty() {
            "names.trailing_letters"
        } else {
            args.push(("suggested", trimmed.to_string()));
            "names.trailing"
        };
        return Some(Diagnostic::err(path, code, args));
    }
    None
}

/// Pairs of names in one folder that Windows and macOS take for the same
/// name: they differ only in upper and lower case, or in how an accented
/// letter is stored. Each pair is (the name kept, the name that clashes
/// with it), in the order given.
pub fn same_on_windows<'a>(names: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut seen: BTreeMap<String, &'a str> = BTreeMap::new();
    let mut clashes = Vec::new();
    for &name in names {
        let folded = nfc(name).to_lowercase();
        match seen.get(&folded) {
            Some(&first) => clashes.push((first, name)),
            None => {
                seen.insert(folded, name);
            }
        }
    }
    clashes
}

/// The message for two names in one folder that [`same_on_windows`] pairs,
/// given at the second; `None` for two Markdown names that are equal in
/// NFC: they are the same page, which the check for a page written twice
/// in one language reports.
pub fn clash(path: &str, first: &str, second: &str) -> Option<Diagnostic> {
    let mut args = vec![("first", first.to_string()), ("second", second.to_string())];
    if nfc(first) == nfc(second) {
        if first.ends_with(".md") {
            return None;
        }
        return Some(Diagnostic::err(path, "names.clash_accent", args));
    }
    args.push(("lower", nfc(second).to_lowercase()));
    Some(Diagnostic::err(path, "names.clash_case", args))
}

/// Endings that file managers add to a copy (Windows in Finnish, Swedish and
/// English, macOS, GNOME), compared in lowercase.
const COPY_ENDINGS: [&str; 11] = [
    " - kopio",
    " - copy",
    " - kopia",
    " kopio",
    " copy",
    " kopia",
    "-kopio",
    "(kopio)",
    "(copy)",
    "(kopia)",
    "(another copy)",
];

/// Strips copy endings (also repeated ones, `x - kopio (2)`); returns the
/// name without them and whether there was one.
fn strip_copy(name: &str) -> (&str, bool) {
    let mut rest = name.trim_end();
    let mut copy = false;
    loop {
        let lower = rest.to_lowercase();
        // ` (2)`: a number in brackets after a space.
        if let Some(open) = rest.rfind(" (")
            && rest.ends_with(')')
            && rest[open + 2..rest.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit())
            && rest.len() > open + 3
        {
            rest = rest[..open].trim_end();
            copy = true;
            continue;
        }
        match COPY_ENDINGS.iter().find(|e| lower.ends_with(*e)) {
            // Only ASCII endings, so the byte length is the same in lowercase.
            Some(e) if rest.len() > e.len() => {
                rest = rest[..rest.len() - e.len()].trim_end();
                copy = true;
            }
            _ => return (rest, copy),
        }
    }
}

/// A name of lowercase letters, digits and `-`: spaces and other marks
/// become `-`, runs of `-` one. With `ascii`, `ä` becomes `a` and so on.
pub fn suggest(name: &str, ascii: bool) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let c = if ascii {
            match c {
                'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
                'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ü' | 'ú' => 'u',
                'í' | 'ï' => 'i',
                'š' => 's',
                'ž' => 'z',
                c => c,
            }
        } else {
            c
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() || (!ascii && c.is_alphabetic()) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// What is wrong with a content file's or folder's `name` (a file's full
/// name, `yksi - kopio.fi.md`), with a suggested name, as an error about
/// `path`; `None` when it is fine.
pub fn problem_at(path: &str, name: &str, is_file: bool) -> Option<crate::diagnostics::Diagnostic> {
    let (code, suggested) = judge(name, is_file)?;
    Some(crate::diagnostics::Diagnostic::coded(
        crate::diagnostics::Severity::Error,
        path,
        code,
        vec![("name", name.to_string()), ("suggested", suggested)],
    ))
}

/// The English text of [`problem_at`]'s message.
pub fn problem(name: &str, is_file: bool) -> Option<String> {
    problem_at("", name, is_file).map(|d| d.message)
}

/// The message code and the suggested name.
fn judge(name: &str, is_file: bool) -> Option<(&'static str, String)> {
    let (stem, ext) = match name.strip_suffix(".md") {
        Some(stem) if is_file => (stem, ".md"),
        _ => (name, ""),
    };
    let (base, copy) = strip_copy(stem);
    // The language part (`.fi`) stays as it is, wherever the copy ending was.
    let (base, lang) = match base.rsplit_once('.') {
        Some((b, l)) if is_file && crate::config::valid_lang_code(l) => (b, format!(".{l}")),
        _ => (base, String::new()),
    };
    let (base2, copy2) = strip_copy(base);
    let copy = copy || copy2;
    let slug = suggest(base2, false);
    if copy {
        return Some(("names.copy", format!("{slug}-2{lang}{ext}")));
    }
    if name.contains(' ') {
        return Some(("names.space", format!("{slug}{lang}{ext}")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_names_normalise_to_the_same_string() {
        let nfd = "ha\u{0308}to\u{0308}.fi.md";
        let nfc_name = "h\u{e4}t\u{f6}.fi.md";
        assert_ne!(nfd, nfc_name);
        assert_eq!(nfc(nfd), nfc_name);
        assert_eq!(nfc(nfc_name), nfc_name);
    }

    #[test]
    fn trailing_space_or_dot_is_a_problem_with_the_trimmed_name_suggested() {
        let p = name_problem("x", "palaute.fi.md ", false).unwrap().message;
        assert!(p.contains("ends with a space"), "{p}");
        assert!(p.contains("rename it to \"palaute.fi.md\""), "{p}");
        let p = name_problem("x", "perhe.", true).unwrap().message;
        assert!(p.contains("folder name \"perhe.\" ends with a dot"), "{p}");
        assert!(p.contains("rename it to \"perhe\""), "{p}");
        assert!(name_problem("x", "palaute.fi.md", false).is_none());
        assert!(name_problem("x", "lapsi perhe", true).is_none());
    }

    #[test]
    fn names_that_differ_only_in_case_or_normalisation_clash() {
        assert_eq!(
            same_on_windows(&["Neuvola.fi.md", "muu.fi.md", "neuvola.fi.md"]),
            vec![("Neuvola.fi.md", "neuvola.fi.md")]
        );
        assert_eq!(
            same_on_windows(&["\u{c4}iti.fi.md", "a\u{0308}iti.fi.md"]),
            vec![("\u{c4}iti.fi.md", "a\u{0308}iti.fi.md")]
        );
        assert!(same_on_windows(&["a.fi.md", "a.sv.md"]).is_empty());
    }
}

#[cfg(test)]
mod copy_name_tests {
    use super::*;

    #[test]
    fn copies_are_recognised_with_a_suggestion() {
        for (name, suggested) in [
            ("yksi-suunnitelma - kopio.fi.md", "yksi-suunnitelma-2.fi.md"),
            ("yksi-suunnitelma.fi - Kopio.md", "yksi-suunnitelma-2.fi.md"),
            ("clinic.sv - Copy.md", "clinic-2.sv.md"),
            ("clinic (2).fi.md", "clinic-2.fi.md"),
            ("clinic copy.md", "clinic-2.md"),
            ("perhe - kopio (3)", "perhe-2"),
            // GNOME Files: "(copy)" after the whole name, language and all.
            ("help-at-home.fi (copy).md", "help-at-home-2.fi.md"),
            ("help-at-home.sv (kopia).md", "help-at-home-2.sv.md"),
            ("help-at-home (another copy).md", "help-at-home-2.md"),
        ] {
            let m = problem(name, name.ends_with(".md")).expect(name);
            assert!(m.contains("copy") && m.contains(suggested), "{name}: {m}");
        }
    }

    #[test]
    fn spaces_suggest_a_name_and_letters_stay() {
        let m = problem("Ikääntyneiden palvelut", false).unwrap();
        assert!(m.contains("\"ikääntyneiden-palvelut\""), "{m}");
        assert!(problem("ikääntyneet.fi.md", true).is_none());
        assert!(problem("neuvola.fi.md", true).is_none());
        assert!(problem("copyright.md", true).is_none());
        assert_eq!(
            suggest("Ikääntyneiden palvelut", true),
            "ikaantyneiden-palvelut"
        );
    }
}
