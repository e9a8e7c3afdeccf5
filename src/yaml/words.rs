//! The YAML library's own error words, read as a catalog message: which
//! kind of problem it is (a value of the wrong type, a missing, unknown or
//! repeated field, a syntax the parser refused) and its values (the field,
//! the value found, the fields or values that may stand there), so that the
//! writer reads it in their own language. The kinds of value are said in
//! plain words ("a number", "text", "a list"), not as Rust types. A kind not
//! known here keeps the library's English words.

/// A catalog code and its values.
pub type Coded = (&'static str, Vec<(&'static str, String)>);

/// The catalog message for the library's `message` (its position already
/// cut off), or `None` for a kind not known here.
pub fn classify(message: &str) -> Option<Coded> {
    // serde_yaml names the field in front: `target: invalid type: ...`,
    // `areas[0].name: missing field ...`.
    if let Some((path, rest)) = message.split_once(": ")
        && !path.is_empty()
        && !path.contains([' ', '`', '"'])
        && let Some((code, mut args)) = serde_kind(rest)
    {
        args.insert(0, ("at", format!("`{path}`: ")));
        return Some((code, args));
    }
    if let Some((code, mut args)) = serde_kind(message) {
        args.insert(0, ("at", String::new()));
        return Some((code, args));
    }
    syntax_kind(message).map(|code| (code, Vec::new()))
}

/// The kinds serde (the library that fills lupaus's types) reports.
fn serde_kind(m: &str) -> Option<Coded> {
    if let Some(rest) = m
        .strip_prefix("invalid type: ")
        .or_else(|| m.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        // `decimals: -1`: a whole number, but not one a count can be.
        if expected.starts_with('u') && found.starts_with("integer `-") {
            return Some((
                "yaml.want_not_negative",
                vec![("found", found_words(found))],
            ));
        }
        // `draft: kyllä`, `draft: yes`: a yes or no in words, which YAML
        // reads as a text; told the value it stands for.
        if want_code(expected) == Some("yaml.want_bool")
            && let Some(meant) = found
                .strip_prefix("string ")
                .and_then(|v| yes_or_no(&debug_unquote(v)))
        {
            return Some((
                "yaml.want_bool_meant",
                vec![("found", found_words(found)), ("meant", meant.to_string())],
            ));
        }
        let found = ("found", found_words(found));
        return Some(match want_code(expected) {
            Some(code) => (code, vec![found]),
            None => (
                "yaml.want_other",
                vec![found, ("expected", expected.to_string())],
            ),
        });
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return Some(("yaml.missing_field", vec![("field", unquote(rest)?)]));
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return Some(("yaml.duplicate_key", vec![("key", unquote(rest)?)]));
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", ")?;
        let field = unquote(field)?;
        let names = backticked(expected);
        let suggestion = suggestion_arg(&field, &names);
        return Some(if names.is_empty() {
            ("yaml.no_fields", vec![("field", field)])
        } else {
            (
                "yaml.unknown_field",
                vec![("field", field), ("expected", list(&names)), suggestion],
            )
        });
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", ")?;
        let names = backticked(expected);
        if names.is_empty() {
            return None;
        }
        let value = unquote(value)?;
        let suggestion = suggestion_arg(&value, &names);
        return Some((
            "yaml.unknown_variant",
            vec![("value", value), ("expected", list(&names)), suggestion],
        ));
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let (n, expected) = rest.split_once(", expected ")?;
        let want = expected
            .strip_prefix("a tuple of size ")
            .or_else(|| expected.strip_suffix(" elements in sequence"))
            .filter(|w| w.parse::<usize>().is_ok())?;
        return Some((
            "yaml.length",
            vec![("n", n.to_string()), ("want", want.to_string())],
        ));
    }
    if let Some(name) = m.strip_prefix("data did not match any variant of untagged enum ") {
        // lupaus's translatable text, one for all languages or one each.
        let code = if name == "Text" {
            "yaml.text_forms"
        } else {
            "yaml.no_form"
        };
        return Some((code, Vec::new()));
    }
    if let Some(rest) = m.strip_prefix("duplicate entry with key ") {
        return Some(("yaml.duplicate_key", vec![("key", debug_unquote(rest))]));
    }
    None
}

/// The parser's own kinds (libyaml and serde_yaml), without values.
fn syntax_kind(m: &str) -> Option<&'static str> {
    let has = |s: &str| m.contains(s);
    Some(if has("mapping values are not allowed") {
        "yaml.mapping_values"
    } else if has("block sequence entries are not allowed") {
        "yaml.dash_here"
    } else if has("did not find expected ',' or ']'") {
        "yaml.unclosed_list"
    } else if has("did not find expected ',' or '}'") {
        "yaml.unclosed_map"
    } else if has("did not find expected '-' indicator") {
        "yaml.no_dash"
    } else if has("did not find expected key") {
        "yaml.no_key"
    } else if has("could not find expected ':'") {
        "yaml.no_colon"
    } else if has("found character that cannot start any token") {
        "yaml.reserved_char"
    } else if has("found unknown escape character") {
        "yaml.unknown_escape"
    } else if has("control characters are not allowed") {
        "yaml.control_char"
    } else if m == "unknown anchor" {
        "yaml.unknown_anchor"
    } else if has("more than one document") {
        "yaml.two_documents"
    } else if m == "recursion limit exceeded" {
        "yaml.too_deep"
    } else if m == "repetition limit exceeded" {
        "yaml.alias_bomb"
    } else if m == "EOF while parsing a value" || has("found unexpected end of stream") {
        "yaml.unexpected_end"
    } else if has("found duplicate anchor") {
        "yaml.duplicate_anchor"
    } else {
        return None;
    })
}

/// `true` or `false` for a yes or a no written in words, in Finnish,
/// Swedish or English (`kyllä`, `ei`, `ja`, `nej`, `yes`, `no`).
fn yes_or_no(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "kyllä" | "kylla" | "joo" | "juu" | "tosi" | "ja" | "sant" | "yes" | "y" | "on" => {
            Some("true")
        }
        "ei" | "epätosi" | "nej" | "falskt" | "no" | "n" | "off" => Some("false"),
        _ => None,
    }
}

/// The kind of value serde expected, as the code that says it in words.
fn want_code(expected: &str) -> Option<&'static str> {
    let whole = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    Some(if whole.contains(&expected) || expected == "an integer" {
        // `order: 1.5`: "not a number" would contradict the value.
        "yaml.want_whole"
    } else if ["f32", "f64", "a float", "a number"].contains(&expected) {
        "yaml.want_number"
    } else if expected == "a boolean" {
        "yaml.want_bool"
    } else if ["a string", "a borrowed string", "a character", "a char"].contains(&expected) {
        "yaml.want_text"
    } else if expected.starts_with("a sequence") || expected.starts_with("a list") {
        "yaml.want_list"
    } else if expected.starts_with("a map")
        || expected == "a YAML mapping"
        || expected.starts_with("struct ")
    {
        "yaml.want_map"
    } else {
        return None;
    })
}

/// serde's words for the value found (`string "7 vrk"`, `integer `3``,
/// `sequence`) as a nested catalog message.
fn found_words(found: &str) -> String {
    let nested = crate::nested::nested;
    let inner = |s: &str| s.trim_matches('`').to_string();
    if let Some(v) = found.strip_prefix("string ") {
        nested("yaml.found_text", &[("value", debug_unquote(v))])
    } else if let Some(v) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        nested("yaml.found_number", &[("value", inner(v))])
    } else if let Some(v) = found.strip_prefix("boolean ") {
        nested("yaml.found_bool", &[("value", inner(v))])
    } else {
        match found {
            "sequence" => nested("yaml.found_list", &[]),
            "map" => nested("yaml.found_map", &[]),
            "unit value" | "null" => nested("yaml.found_empty", &[]),
            other => other.to_string(),
        }
    }
}

/// A text as Rust's `{:?}` writes it, which is how serde quotes the value
/// found (`"title:\u{a0}Apu"`), read back for a writer: the characters
/// themselves, not a program's escapes, without its quote marks (the
/// message has its own); a line break or tab as a space, so that the
/// message stays one line.
fn debug_unquote(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').unwrap_or(quoted);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        let c = if c == '\\' {
            match chars.next() {
                Some('u') => {
                    let hex: String = chars
                        .by_ref()
                        .skip_while(|c| *c == '{')
                        .take_while(|c| *c != '}')
                        .collect();
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}')
                }
                Some('0' | 'n' | 'r' | 't') => ' ',
                Some(other) => other,
                None => '\\',
            }
        } else {
            c
        };
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// The `did_you_mean` value: the closest of `names` to `word`, or nothing.
fn suggestion_arg(word: &str, names: &[String]) -> (&'static str, String) {
    let close = crate::suggest::did_you_mean(word, names.iter().map(String::as_str));
    ("did_you_mean", close.unwrap_or("").to_string())
}

/// `` `name` `` → `name`.
fn unquote(s: &str) -> Option<String> {
    let s = s.strip_prefix('`')?.strip_suffix('`')?;
    Some(s.to_string())
}

/// The names in backticks in serde's "expected one of `a`, `b`".
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `` `a`, `b`, `c` ``: a list that needs no word for "or".
fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{Lang, text};

    /// The message a reader of `lang` gets for the library's `message`.
    fn read(lang: Lang, message: &str) -> String {
        let (code, args) = classify(message).unwrap_or_else(|| panic!("{message}: not known"));
        text(lang, code, &args).unwrap_or_else(|| panic!("{code} is not in the catalog"))
    }

    #[test]
    fn a_type_error_says_the_field_the_value_and_what_to_write() {
        let m = r#"target: invalid type: string "7 vrk", expected f64"#;
        assert_eq!(
            read(Lang::En, m),
            "`target`: the text \"7 vrk\" is not a number; write a plain number such as 7 or 6.5, without a unit"
        );
        assert_eq!(
            read(Lang::Fi, m),
            "`target`: teksti \"7 vrk\" ei ole luku; kirjoita pelkkä luku ilman yksikköä, esimerkiksi 7 tai 6.5 (desimaalit pisteellä)"
        );
        assert_eq!(
            read(Lang::Sv, m),
            "`target`: texten \"7 vrk\" är inte ett tal; skriv bara ett tal utan enhet, till exempel 7 eller 6.5 (decimaler med punkt)"
        );
        let m = "order: invalid type: floating point `1.5`, expected i64";
        assert_eq!(
            read(Lang::En, m),
            "`order`: the number 1.5 is not a whole number; write a whole number such as 2 or 10, without decimals or a unit"
        );
        assert!(read(Lang::Fi, m).starts_with("`order`: luku 1.5 ei ole kokonaisluku"));
        assert!(read(Lang::Sv, m).starts_with("`order`: talet 1.5 är inte ett heltal"));
        let m = "draft: invalid type: integer `3`, expected a boolean";
        assert!(read(Lang::Fi, m).starts_with("`draft`: luku 3 ei ole"));
        let m = "tags: invalid type: map, expected a sequence";
        assert!(read(Lang::Sv, m).starts_with("`tags`: en grupp av fält är inte en lista"));
        let m = "invalid type: sequence, expected struct RawConfig";
        assert!(read(Lang::En, m).starts_with("a list is not a group of fields"));
        let m = "name: invalid type: unit value, expected a string";
        assert!(read(Lang::Fi, m).starts_with("`name`: tyhjä arvo ei ole tekstiä"));
        let m = "key2: invalid value: string \"x\", expected an integer";
        assert!(read(Lang::En, m).contains("the text \"x\" is not a whole number"));
    }

    /// `decimals: -1` is a whole number: what is wrong is that it is below
    /// zero (it said "is not a whole number").
    #[test]
    fn a_negative_count_is_told_it_is_below_zero() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Raw {
            decimals: u32,
        }
        let e = serde_yaml::from_str::<Raw>("decimals: -1\n").expect_err("below zero");
        let m = e.to_string();
        let m = m.split(" at line").next().unwrap_or(&m);
        assert_eq!(
            read(Lang::En, m),
            "`decimals`: the number -1 is below zero; write 0 or a whole number above it, such as 1 or 2"
        );
        assert!(read(Lang::Fi, m).starts_with("`decimals`: luku -1 on pienempi kuin nolla"));
        assert!(read(Lang::Sv, m).starts_with("`decimals`: talet -1 är mindre än noll"));
        // A negative number where a negative one may stand is not this.
        let m = "order: invalid type: floating point `-1.5`, expected i64";
        assert!(read(Lang::En, m).contains("is not a whole number"));
    }

    #[test]
    fn a_yes_or_no_in_words_is_told_the_value_it_stands_for() {
        for (written, meant) in [
            ("kyllä", "true"),
            ("Kyllä", "true"),
            ("ja", "true"),
            ("yes", "true"),
            ("ei", "false"),
            ("Nej", "false"),
            ("no", "false"),
        ] {
            let m = format!("draft: invalid type: string \"{written}\", expected a boolean");
            let en = read(Lang::En, &m);
            assert!(
                en.ends_with(&format!(
                    "is neither true nor false; write {meant} (lupaus reads only true and false)"
                )),
                "{written}: {en}"
            );
        }
        let en = read(
            Lang::En,
            "draft: invalid type: string \"ehkä\", expected a boolean",
        );
        assert!(en.ends_with("write true or false"), "{en}");
        // A yes where a text is wanted is a text, not a mistake told so.
        let en = read(Lang::En, "title: invalid type: sequence, expected a string");
        assert!(!en.contains("lupaus reads only"), "{en}");
    }

    #[test]
    fn the_value_found_is_written_as_the_writer_wrote_it() {
        // serde writes the text as Rust does: `\u{a0}` for a non-breaking
        // space, `\"` for a quote mark, `\n` for a line break.
        let m =
            r#"invalid type: string "title:\u{a0}Apu \"oma\"\nsummary", expected a YAML mapping"#;
        assert_eq!(
            read(Lang::En, m),
            "the text \"title:\u{a0}Apu \"oma\" summary\" is not a group of fields; write the fields as `key: value` lines indented under it"
        );
        assert_eq!(
            read(Lang::En, r#"duplicate entry with key "a\u{202f}b""#),
            "the key `a\u{202f}b` is written twice at the same level; keep one of them"
        );
    }

    #[test]
    fn field_names_and_choices_are_kept_and_translated_around() {
        let m = "unknown field `colur`, expected one of `title`, `colour`, `logo`";
        assert_eq!(
            read(Lang::Fi, m),
            "tuntematon kenttä `colur`; tässä voivat olla kentät `title`, `colour`, `logo` (tarkoititko \"colour\"?)"
        );
        let m = "dir: unknown variant `sideways`, expected `up` or `down`";
        assert_eq!(
            read(Lang::Sv, m),
            "`dir`: \"sideways\" är inte ett av de värden som kan stå här: `up`, `down`"
        );
        let m = "missing field `title`";
        assert_eq!(
            read(Lang::Fi, m),
            "kenttä `title` puuttuu; lisää rivi `title: ...`"
        );
        assert_eq!(
            read(Lang::En, "duplicate entry with key \"a\""),
            "the key `a` is written twice at the same level; keep one of them"
        );
        assert!(read(Lang::Sv, "sub: duplicate field `a`").starts_with("`sub`: nyckeln `a`"));
        let m = "pair: invalid length 1, expected a tuple of size 2";
        assert!(
            read(Lang::Fi, m).contains("määrä on 1,"),
            "{}",
            read(Lang::Fi, m)
        );
    }

    #[test]
    fn a_text_that_is_neither_one_text_nor_one_per_language_says_so() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            title: crate::text::Text,
        }
        let e = crate::yaml::from_str::<T>("title: [a, b]\n").unwrap_err();
        let fi = text(Lang::Fi, e.code, &e.args).unwrap_or_default();
        // serde names no field for this kind; the place says which.
        assert!(fi.starts_with("kirjoita joko"), "{fi} ({})", e.message);
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn the_parsers_syntax_errors_are_named() {
        for (m, fi) in [
            (
                "mapping values are not allowed in this context",
                "kaksoispiste",
            ),
            ("did not find expected key", "sisennys"),
            ("did not find expected ',' or ']'", "]"),
            ("did not find expected ',' or '}'", "}"),
            ("did not find expected '-' indicator", "- "),
            ("could not find expected ':'", "kaksoispiste"),
            ("found character that cannot start any token", "lainausmerk"),
            ("found unknown escape character", "kenoviiva"),
            ("control characters are not allowed", "ohjausmerk"),
            ("unknown anchor", "&"),
            ("recursion limit exceeded", "sisäkkäin"),
            ("EOF while parsing a value", "päättyy"),
        ] {
            let t = read(Lang::Fi, m);
            assert!(t.contains(fi), "{m} → {t}");
            assert!(!t.contains(m), "{t}");
        }
    }

    #[test]
    fn a_kind_not_known_here_keeps_the_librarys_words() {
        assert_eq!(classify("something new happened"), None);
        // A type named by the library, not known here, is quoted as it is.
        let m = "invalid type: string \"x\", expected a date";
        assert!(
            read(Lang::Fi, m).contains("a date"),
            "{}",
            read(Lang::Fi, m)
        );
        // A colon in text is not taken for a field's path.
        assert_eq!(classify("while parsing a flow node: oops"), None);
    }
}
