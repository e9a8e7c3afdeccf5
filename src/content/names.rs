//! File and folder names under `content/` that must mean the same on every
//! system the site is written on: Windows, macOS and Linux.
//!
//! Owns the rules on names as names: how a name is normalised (Unicode NFC,
//! so a name typed on macOS, which stores `ä` as `a` + a combining mark,
//! is the same page as one typed on Windows), which names Windows cannot
//! hold (a trailing space or dot), and which names are one file on a
//! case-insensitive disk. Which files are side files of editors is
//! [`super::is_side_file`]; what a file is from its place is `classify`.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

/// `name` in Unicode NFC: the form pages, keys and addresses are made from.
pub fn nfc(name: &str) -> String {
    name.nfc().collect()
}

/// What is wrong with one file or folder name on some system, with the name
/// to use instead; `None` when the name works everywhere.
pub fn name_problem(name: &str, is_dir: bool) -> Option<String> {
    let what = if is_dir { "folder" } else { "file" };
    let trimmed = name.trim_end_matches([' ', '.']);
    if trimmed.len() != name.len() {
        let end = if name.ends_with(' ') {
            "a space"
        } else {
            "a dot"
        };
        let suggested = if trimmed.trim().is_empty() {
            "a name of letters and digits".to_string()
        } else {
            format!("\"{trimmed}\"")
        };
        return Some(format!(
            "the {what} name \"{name}\" ends with {end}, which Windows does not allow (the {what} cannot be opened or copied there); rename it to {suggested}"
        ));
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
pub fn clash(first: &str, second: &str) -> Option<String> {
    if nfc(first) == nfc(second) {
        if first.ends_with(".md") {
            return None;
        }
        return Some(format!(
            "\"{second}\" and \"{first}\" in this folder are the same name, with an accented letter stored in two ways (as macOS and Windows store it); they are one file there, so remove one"
        ));
    }
    Some(format!(
        "\"{second}\" and \"{first}\" in this folder differ only in upper and lower case; on Windows and macOS they are one file, so one would replace the other. Rename or remove one (lower case is usual: \"{}\")",
        nfc(second).to_lowercase()
    ))
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
        let p = name_problem("palaute.fi.md ", false).unwrap();
        assert!(p.contains("ends with a space"), "{p}");
        assert!(p.contains("rename it to \"palaute.fi.md\""), "{p}");
        let p = name_problem("perhe.", true).unwrap();
        assert!(p.contains("folder name \"perhe.\" ends with a dot"), "{p}");
        assert!(p.contains("rename it to \"perhe\""), "{p}");
        assert!(name_problem("palaute.fi.md", false).is_none());
        assert!(name_problem("lapsi perhe", true).is_none());
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
