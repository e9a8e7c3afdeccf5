//! Characters a writer cannot tell from others by looking: typographic
//! quote marks and spaces that a word processor types or a paste brings,
//! and how a message names such a character (`U+00A0`). YAML, Markdown and
//! file names are checked for them; this module only recognises them.

/// Whether `c` is a typographic quote mark as Finnish, Swedish or English
/// text has them (“ ” „ ‘ ’ ‚ « » ‹ ›): text to YAML, not a quote.
pub fn is_curly(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '„' | '‟' | '‘' | '’' | '‚' | '‛' | '«' | '»' | '‹' | '›'
    )
}

/// Whether `c` is a space that looks like an ordinary one but is not one
/// to YAML or to Markdown's `#` headings: a non-breaking, narrow, figure,
/// thin or other typographic space (Unicode's space separators other than
/// the space itself).
pub fn is_special_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// How a message names a character the writer cannot see: `U+00A0`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_spaces_are_the_space_separators_but_the_space() {
        let separators: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| {
                c.is_whitespace() && !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}')
            })
            .collect();
        for c in separators {
            assert_eq!(is_special_space(c), c != ' ', "{}", code_point(c));
        }
        assert_eq!(code_point('\u{a0}'), "U+00A0");
        assert_eq!(code_point('\u{1F600}'), "U+1F600");
        assert!(is_curly('”') && !is_curly('"'));
    }
}
