//! Which known name a misspelt one was probably meant to be, for the "did
//! you mean" of a message. Knows nothing of messages or files, so that any
//! module may ask (the YAML boundary included).

/// "did you mean" for a misspelt name: the closest candidate, if close enough
/// (at most about two edits in ten characters, so that long paths with a
/// common prefix are not suggested for unrelated names).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
