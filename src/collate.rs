//! Alphabetical order per language.
//!
//! Titles sort the way a reader of that language expects, by the common
//! Unicode locale data (CLDR) through ICU4X's collator (`icu_collator`):
//! in Finnish and Swedish `å`, `ä`, `ö` come after `z` (and `ü` sorts as
//! `y`); in Northern Sámi `á` follows `a`, `č` `c`, `đ` `d`, `ŋ` `n`, `š`
//! `s`, `ŧ` `t` and `ž` `z`, and `ø æ å ä ö` end the alphabet; in German and English accented letters sort with their base
//! letter. Accents and case break ties in CLDR's way, and the raw text
//! breaks what is still tied, so the order is total and deterministic.
//!
//! ICU4X's compiled data holds the CLDR locales of modern coverage, and
//! Northern Sámi is not among them: for `se`, CLDR's tailoring of the root
//! order (`common/collation/se.xml`: `&[before 1]b<á`, `&[before 1]d<č`,
//! `&[before 1]e<đ`, `&[before 1]o<ŋ`, `&[before 1]t<š`, `&[before 1]u<ŧ`,
//! and after `z`: `ž<ø<æ<å<ä<ö`) is applied here on
//! top of ICU4X's root collation, by writing each tailored letter as its
//! base letter followed by U+FFFF, which CLDR's root order places after
//! every letter (see `SAMI`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

thread_local! {
    // One collator per language and thread: loading one reads the compiled
    // CLDR data.
    static COLLATORS: RefCell<HashMap<String, Option<Rc<CollatorBorrowed<'static>>>>> = RefCell::default();
}

fn collator(lang: &str) -> Option<Rc<CollatorBorrowed<'static>>> {
    COLLATORS.with(|cache| {
        if let Some(c) = cache.borrow().get(lang) {
            return c.clone();
        }
        let loc = crate::format::locale(lang);
        let c = Collator::try_new((&loc).into(), CollatorOptions::default())
            .ok()
            .map(Rc::new);
        cache.borrow_mut().insert(lang.to_string(), c.clone());
        c
    })
}

/// Northern Sámi's letters of their own, each as the text that sorts
/// where CLDR's `se` collation (`common/collation/se.xml`, type
/// `standard`) puts it in ICU4X's root order: right after its base letter
/// (U+FFFF has the highest primary weight; two or three of them for the
/// second and third letter after the same base), and `ž ø æ å ä ö` in
/// that order after `z`. `ð` is a variant of `đ` (a combining mark makes
/// the difference secondary, as CLDR's `<<`). The Skolt Sámi letters the
/// same tailoring orders (`ʒ ǯ ǧ ǥ ǩ`) are here too.
const SAMI: [(char, &str); 36] = [
    ('á', "a\u{ffff}"),
    ('Á', "A\u{ffff}"),
    ('č', "c\u{ffff}"),
    ('Č', "C\u{ffff}"),
    ('ʒ', "c\u{ffff}\u{ffff}"),
    ('Ʒ', "C\u{ffff}\u{ffff}"),
    ('ǯ', "c\u{ffff}\u{ffff}\u{ffff}"),
    ('Ǯ', "C\u{ffff}\u{ffff}\u{ffff}"),
    ('đ', "d\u{ffff}"),
    ('Đ', "D\u{ffff}"),
    ('ǧ', "g\u{ffff}"),
    ('Ǧ', "G\u{ffff}"),
    ('ǥ', "g\u{ffff}\u{ffff}"),
    ('Ǥ', "G\u{ffff}\u{ffff}"),
    ('ǩ', "k\u{ffff}"),
    ('Ǩ', "K\u{ffff}"),
    ('ŋ', "n\u{ffff}"),
    ('Ŋ', "N\u{ffff}"),
    ('š', "s\u{ffff}"),
    ('Š', "S\u{ffff}"),
    ('ŧ', "t\u{ffff}"),
    ('Ŧ', "T\u{ffff}"),
    ('ž', "z\u{ffff}"),
    ('Ž', "Z\u{ffff}"),
    ('ø', "z\u{ffff}\u{ffff}"),
    ('Ø', "Z\u{ffff}\u{ffff}"),
    ('æ', "z\u{ffff}\u{ffff}\u{ffff}"),
    ('Æ', "Z\u{ffff}\u{ffff}\u{ffff}"),
    ('å', "z\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('Å', "Z\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('ä', "z\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('Ä', "Z\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('ö', "z\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('Ö', "Z\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}\u{ffff}"),
    ('ð', "d\u{ffff}\u{335}"),
    ('Ð', "D\u{ffff}\u{335}"),
];

fn is_sami(lang: &str) -> bool {
    lang.split(['-', '_'])
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("se"))
}

/// `s` with `lang`'s letters that ICU4X's compiled data does not tailor
/// written as [`SAMI`] says (composed first, so `c` + U+030C is `č`).
fn tailored(s: &str, lang: &str) -> String {
    if !is_sami(lang) {
        return s.to_string();
    }
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in nfc.chars() {
        match SAMI.iter().find(|(l, _)| *l == c) {
            Some((_, w)) => out.push_str(w),
            None => out.push(c),
        }
    }
    out
}

/// A sort key: comparing two keys byte by byte compares the texts in
/// `lang`'s alphabetical order (CLDR's, to the tertiary level: letters,
/// then accents, then case).
pub fn key(s: &str, lang: &str) -> Vec<u8> {
    let mut out = Vec::new();
    match collator(lang) {
        Some(c) => {
            // Writing into a Vec cannot fail.
            let Ok(()) = c.write_sort_key_to(&tailored(s, lang), &mut out);
        }
        // ICU4X's compiled data has a root collation for every locale, so
        // this is not reached; code point order keeps the order total.
        None => out.extend_from_slice(s.as_bytes()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    /// Two texts in `lang`'s alphabetical order, as the pages' titles are
    /// sorted by their [`key`].
    fn compare(a: &str, b: &str, lang: &str) -> Ordering {
        key(a, lang).cmp(&key(b, lang)).then_with(|| a.cmp(b))
    }

    fn sorted(v: &[&str], lang: &str) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b, lang));
        v
    }

    #[test]
    fn nordic_letters_after_z() {
        let v = [
            "Öljy", "Zeta", "Åbo", "Äiti", "Auto", "Über", "Yö", "Xylitol",
        ];
        assert_eq!(
            sorted(&v, "fi"),
            [
                "Auto", "Xylitol", "Über", "Yö", "Zeta", "Åbo", "Äiti", "Öljy"
            ]
        );
        assert_eq!(
            sorted(&v, "sv"),
            [
                "Auto", "Xylitol", "Über", "Yö", "Zeta", "Åbo", "Äiti", "Öljy"
            ]
        );
        assert_eq!(
            sorted(&v, "en"),
            [
                "Åbo", "Äiti", "Auto", "Öljy", "Über", "Xylitol", "Yö", "Zeta"
            ]
        );
    }

    #[test]
    fn sami_letters_after_their_base_letters() {
        // CLDR's `se` collation: á, č, đ, ŋ, š, ŧ, ž are letters of their
        // own after their base letters, and ø æ å ä ö follow ž at the end.
        let v = [
            "Ževlla", "Zoavdda", "Ŧuolla", "Tuolla", "Šaddu", "Sadji", "Ŋoarri", "Nieida",
            "Đuolla", "Dálvi", "Čuođi", "Cihca", "Ávvu", "Áhkku", "Aŋkke", "Åbo", "Öl", "Äpli",
            "Æra", "Øy", "Bárdni",
        ];
        assert_eq!(
            sorted(&v, "se"),
            [
                "Aŋkke", "Áhkku", "Ávvu", "Bárdni", "Cihca", "Čuođi", "Dálvi", "Đuolla", "Nieida",
                "Ŋoarri", "Sadji", "Šaddu", "Tuolla", "Ŧuolla", "Zoavdda", "Ževlla", "Øy", "Æra",
                "Åbo", "Äpli", "Öl",
            ]
        );
        // ð is đ with a secondary difference: the next letter decides first.
        assert_eq!(sorted(&["ðb", "đa", "ða"], "se"), ["đa", "ða", "ðb"]);
        // In Finnish š is an accented s (CLDR's `fi`), in Sámi a letter
        // of its own after s.
        assert_eq!(sorted(&["Sc", "Šb"], "fi"), ["Šb", "Sc"]);
        assert_eq!(sorted(&["Sc", "Šb"], "se"), ["Sc", "Šb"]);
        // A decomposed č (c + U+030C) sorts as the composed one.
        assert_eq!(sorted(&["Cz", "C\u{30c}a"], "se"), ["Cz", "C\u{30c}a"]);
    }

    #[test]
    fn german_umlauts_with_their_base_letters() {
        assert_eq!(
            sorted(&["Zucker", "Öl", "Ofen", "Äpfel", "Apfel"], "de"),
            ["Apfel", "Äpfel", "Ofen", "Öl", "Zucker"]
        );
    }

    #[test]
    fn case_insensitive_but_total() {
        assert_eq!(compare("abc", "ABD", "sv"), Ordering::Less);
        assert_ne!(compare("a", "A", "sv"), Ordering::Equal);
        assert_eq!(compare("a", "a", "sv"), Ordering::Equal);
    }
}
