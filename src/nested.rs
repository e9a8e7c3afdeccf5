//! A coded message (a catalog code and its values) written as a plain
//! string, so that it can be the value of another message's placeholder
//! (`{error}`) and be written in the reader's language with it: `@code`,
//! or `@` and the code and values as JSON; and a value said differently
//! per language (a number), as `@` and its texts per language as JSON.
//! Low in the module graph, so that the YAML boundary can say its errors
//! this way without knowing the catalogs; [`crate::messages`] reads them
//! back.

/// A message with its own values as the value of another message's
/// placeholder, written in the outer message's language: `@code` when it
/// has no values, else `@` and the code and values as JSON.
pub fn nested(code: &str, args: &[(&str, String)]) -> String {
    if args.is_empty() {
        return format!("@{code}");
    }
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    format!("@{}", serde_json::json!([code, args]))
}

/// The code and values of a [`nested`] message with values, if `value` is
/// one (the code is not checked here: [`crate::messages`] knows the codes).
pub fn unnest(value: &str) -> Option<(String, Vec<(String, String)>)> {
    let json = value.strip_prefix("@[")?;
    let (code, args): (String, Vec<(String, String)>) =
        serde_json::from_str(&format!("[{json}")).ok()?;
    Some((code, args))
}

/// A value said differently in each language (a number: `94,6` in fi and
/// sv, `94.6` in en) as the value of a message's placeholder: `@` and its
/// text per language code as a JSON object.
pub fn per_language(texts: &[(&str, String)]) -> String {
    let texts: serde_json::Map<String, serde_json::Value> = texts
        .iter()
        .map(|(lang, text)| (lang.to_string(), text.as_str().into()))
        .collect();
    format!("@{}", serde_json::Value::Object(texts))
}

/// The text in `lang` of a [`per_language`] value, if `value` is one and
/// has a text in `lang`.
pub fn in_language(value: &str, lang: &str) -> Option<String> {
    let json = value.strip_prefix("@{")?;
    let mut texts: std::collections::HashMap<String, String> =
        serde_json::from_str(&format!("{{{json}")).ok()?;
    texts.remove(lang)
}
