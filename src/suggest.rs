//! Which known name a misspelt one was probably meant to be, for the "did
//! you mean" of a message. Knows nothing of messages or files, so that any
//! module may ask (the YAML boundary included).

/// "did you mean" for a misspelt name: the closest candidate, if close enough
/// (at most about two edits in ten characters, so that long paths with a
/// common prefix are not suggested for unrelated names). A candidate that
/// is the name with one run of letters added or left out (`disability` for
/// `disability-services`) counts as closer than its edits alone say.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (score(word, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// How alike `word` and `candidate` are, 0 to 1.
fn score(word: &str, candidate: &str) -> f64 {
    let edits = strsim::normalized_damerau_levenshtein(word, candidate);
    let (short, long) = if word.len() <= candidate.len() {
        (word, candidate)
    } else {
        (candidate, word)
    };
    // One run added: the shorter is the longer's start and end.
    let prefix = short
        .chars()
        .zip(long.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let one_run = long.len() > short.len()
        && 2 * short.len() >= long.len()
        && long.ends_with(&short[prefix..]);
    if one_run {
        edits.max(0.6 + 0.4 * short.len() as f64 / long.len() as f64)
    } else {
        edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_part_left_out_finds_the_whole() {
        let keys = [
            "areas/family/_index.md",
            "areas/disability-services/_index.md",
        ];
        assert_eq!(
            did_you_mean("areas/disability/_index.md", keys),
            Some("areas/disability-services/_index.md")
        );
        assert_eq!(did_you_mean("drafts", ["draft", "date"]), Some("draft"));
        assert_eq!(did_you_mean("titel", ["title", "slug"]), Some("title"));
        // Too little in common: nothing.
        assert_eq!(did_you_mean("x", ["xylophone"]), None);
        assert_eq!(did_you_mean("perhe", ["family", "health"]), None);
    }
}
