//! The text side of search: a page's words, their Snowball stemmer per
//! language, and excerpts. `static/js/search.js` splits a query into words
//! the same way. A body's plain text is [`crate::markdown::plain_text`].

use rust_stemmers::{Algorithm, Stemmer};

/// Shortest word indexed, in characters.
const MIN_WORD: usize = 2;
/// Longest word indexed, in characters (longer runs are codes or addresses).
const MAX_WORD: usize = 40;

/// The Snowball stemmer of a language code (`fi`, `sv-FI`), if there is one.
pub fn stemmer_for(lang: &str) -> Option<Stemmer> {
    let primary = lang.split('-').next().unwrap_or(lang);
    let algorithm = match primary {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The words of a text as written: runs of letters and digits, two to
/// forty characters long (the index lowercases them). `search.js` splits
/// a query the same way.
pub(super) fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= MIN_WORD && (MIN_WORD..=MAX_WORD).contains(&w.chars().count()))
}

/// `text` with runs of whitespace made one space, cut at a word boundary to
/// at most `max` characters (with `…` when cut).
/// Only the words up to the cut are looked at: a body is a few thousand
/// characters, an excerpt a couple of hundred.
pub fn excerpt(text: &str, max: usize) -> String {
    // The text's words joined by one space, until it is longer than `max`.
    let mut clean = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !clean.is_empty() {
            clean.push(' ');
            chars += 1;
        }
        clean.push_str(word);
        chars += word.chars().count();
        if chars > max {
            break;
        }
    }
    if chars <= max {
        return clean;
    }
    cut_at_word(&clean, max)
}

/// `clean` (words joined by one space, longer than `max` characters) cut at
/// a word boundary to at most `max` characters, ending with `…`.
fn cut_at_word(clean: &str, max: usize) -> String {
    let cut: String = clean.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// [`super::excerpt`] as it was first written: the whole text's words
    /// joined, then cut.
    fn whole_then_cut(text: &str, max: usize) -> String {
        let clean = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if clean.chars().count() <= max {
            return clean;
        }
        super::cut_at_word(&clean, max)
    }

    proptest! {
        #[test]
        fn an_excerpt_is_the_whole_text_joined_and_cut(
            text in "[a-zäö., \t\n]{0,80}( [A-ZÅ]{1,12}[\n ]{0,3}){0,30}",
            max in 0usize..120,
        ) {
            prop_assert_eq!(super::excerpt(&text, max), whole_then_cut(&text, max));
        }
    }
}
