//! Content file and folder names that would make a poor address: names with
//! a space, and the names an operating system gives a copy (`… - kopio`,
//! `… - Copy`, `… (2)`, `… copy`). Each is an error that suggests a name of
//! lowercase letters, digits and `-` (letters such as `ä` and `å` stay
//! allowed in content names; `lupaus new` suggests plain a–z). This module
//! only judges names; `content` decides where they come from.

/// Endings that file managers add to a copy (Windows in Finnish, Swedish and
/// English, macOS, GNOME), compared in lowercase.
const COPY_ENDINGS: [&str; 8] = [
    " - kopio", " - copy", " - kopia", " kopio", " copy", " kopia", "-kopio", "(kopio)",
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
    fn copies_are_recognised_with_a_suggestion() {
        for (name, suggested) in [
            ("yksi-suunnitelma - kopio.fi.md", "yksi-suunnitelma-2.fi.md"),
            ("yksi-suunnitelma.fi - Kopio.md", "yksi-suunnitelma-2.fi.md"),
            ("clinic.sv - Copy.md", "clinic-2.sv.md"),
            ("clinic (2).fi.md", "clinic-2.fi.md"),
            ("clinic copy.md", "clinic-2.md"),
            ("perhe - kopio (3)", "perhe-2"),
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
