//! Alphabetical order per language.
//!
//! Titles sort the way a reader of that language expects: in Finnish and
//! Swedish `å`, `ä`, `ö` come after `z` (and `ü` sorts as `y`); elsewhere
//! accented letters sort with their base letter. Case is ignored first and
//! breaks ties last, so the order is total and deterministic.

use std::cmp::Ordering;

/// Compares two texts in `lang`'s alphabetical order.
pub fn compare(a: &str, b: &str, lang: &str) -> Ordering {
    key(a, lang).cmp(&key(b, lang)).then_with(|| a.cmp(b))
}

/// A sort key: one number per character.
pub fn key(s: &str, lang: &str) -> Vec<u32> {
    let nordic = matches!(lang, "fi" | "sv" | "se" | "smn" | "sms");
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| weight(c, nordic))
        .collect()
}

fn weight(c: char, nordic: bool) -> u32 {
    let base = |b: char| (b as u32) * 4;
    let after_z = |n: u32| ('z' as u32) * 4 + n;
    match c {
        'å' if nordic => after_z(1),
        'ä' | 'æ' if nordic => after_z(2),
        'ö' | 'ø' if nordic => after_z(3),
        'ü' if nordic => base('y') + 1,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => base('a') + 1,
        'æ' => base('a') + 2,
        'ç' => base('c') + 1,
        'è' | 'é' | 'ê' | 'ë' => base('e') + 1,
        'ì' | 'í' | 'î' | 'ï' => base('i') + 1,
        'ñ' => base('n') + 1,
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => base('o') + 1,
        'ù' | 'ú' | 'û' | 'ü' => base('u') + 1,
        'ý' | 'ÿ' => base('y') + 1,
        'š' => base('s') + 1,
        'ž' => base('z') + 1,
        c => base(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_letters_after_z() {
        let mut v = vec!["Öljy", "Zeta", "Åbo", "Äiti", "Auto"];
        v.sort_by(|a, b| compare(a, b, "fi"));
        assert_eq!(v, ["Auto", "Zeta", "Åbo", "Äiti", "Öljy"]);
        v.sort_by(|a, b| compare(a, b, "en"));
        assert_eq!(v, ["Åbo", "Äiti", "Auto", "Öljy", "Zeta"]);
    }

    #[test]
    fn case_insensitive_but_total() {
        assert_eq!(compare("abc", "ABD", "sv"), Ordering::Less);
        assert_ne!(compare("a", "A", "sv"), Ordering::Equal);
    }
}
