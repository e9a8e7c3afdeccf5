//! Compiling a theme's Tera templates, and turning Tera's errors into
//! diagnostics that name the template file, its line and column, and the
//! content file being rendered.

use std::collections::{BTreeMap, BTreeSet};

use tera::{ErrorKind, Kwargs, State, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;

/// Compiles every template of the theme, with `lupaus`'s filters.
pub fn compile(theme: &Theme, diags: &Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.register_filter("plural", plural);
    tera.register_filter("units", units);
    tera.register_filter("repeated", super::fragments::repeated);
    tera.register_filter("lang_attr", lang_attr);
    let mut sources = Vec::new();
    for (name, file) in theme.under("templates/") {
        match crate::content::text_from_bytes(file.bytes.clone(), &file.origin) {
            Ok(text) => sources.push((name.to_string(), text)),
            Err(d) => diags.push(d),
        }
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(to_diagnostic(&e, theme, None));
        return None;
    }
    Some(tera)
}

/// `{{ t.key | plural(n=3) }}`: picks the form of a plural entry that the
/// page language's CLDR plural rules give for `n` (`one`, `two`, `few`,
/// `many`, `other`; `other` when the entry lacks it) and puts the number in
/// place of `{n}`. A plain string is used as it is.
fn plural(value: &Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let n: i64 = kwargs.must_get("n")?;
    let lang = page_lang(state)?;
    let shown: String = match kwargs.get::<String>("shown")? {
        Some(s) => s,
        None => crate::format::format_number(n as f64, 0, &lang),
    };
    let text = form_of(value, crate::i18n::plural_category(&lang, n)).unwrap_or_default();
    Ok(text.replace("{n}", &shown))
}

/// The page's language (`lang`), read as a value: `State::get` of a
/// `String` formats the value, which the filters did on every call.
fn page_lang(state: &State) -> tera::TeraResult<String> {
    let lang: Option<Value> = state.get("lang")?;
    Ok(lang
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string())
}

/// `{{ code | lang_attr }}`: ` lang="code"` when `code` is a language
/// other than the page's (`lang`), else nothing: what marks a text in
/// another language for screen readers and hyphenation. It gives what the
/// `lang_attr` component of `components.html` gives, which themes written
/// before may still call, without a component's call: the default theme
/// marks a dozen texts on every page, and its 68 calls of the component
/// were 3.5 % of a build's instructions.
fn lang_attr(value: &Value, _: Kwargs, state: &State) -> tera::TeraResult<Value> {
    // Most texts are in the page's language and have no code: nothing is
    // looked up for them.
    let code = value.as_str().unwrap_or_default();
    if code.is_empty() {
        return Ok(Value::safe_string(""));
    }
    if page_lang(state)? == code {
        return Ok(Value::safe_string(""));
    }
    let code = if code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        std::borrow::Cow::Borrowed(code)
    } else {
        std::borrow::Cow::Owned(state.escape(code)?)
    };
    let mut attr = String::with_capacity(code.len() + 8);
    attr.push_str(" lang=\"");
    attr.push_str(&code);
    attr.push('"');
    Ok(Value::safe_string(&attr))
}

/// An interface string's form for a plural `category` (`other` when the
/// entry lacks it); a plain string as it is; `None` for anything else.
fn form_of(entry: &Value, category: &str) -> Option<String> {
    let Some(map) = entry.as_map() else {
        return entry.as_str().map(str::to_owned);
    };
    let form = |key: &str| {
        map.get(&tera::value::Key::from(key.to_string()))
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    form(category).or_else(|| form("other"))
}

/// `{{ i.target_text | units }}`: a text with quantities as `format`
/// writes them ("enintään 14 vrk": the number, a no-break space, the unit)
/// as HTML in which each unit that the page language's strings word
/// (`unit_vrk: { one: vuorokausi, other: vuorokautta }`) looks as written
/// and is read as words, in the form its number takes: the words are there
/// for screen readers only, and the abbreviation is hidden from them
/// ("14 vuorokautta", not "14 vee är koo"; most screen readers do not read
/// an `<abbr>`'s title). Everything else is escaped as usual.
fn units(value: &str, _: Kwargs, state: &State) -> tera::TeraResult<Value> {
    if !state.autoescaping_enabled() {
        return Ok(Value::from(value));
    }
    let lang = page_lang(state)?;
    let strings: Option<Value> = state.get("t")?;
    let words = |unit: &str, category: &str| {
        let key = tera::value::Key::from(format!("{}{unit}", crate::i18n::UNIT_PREFIX));
        form_of(strings.as_ref()?.as_map()?.get(&key)?, category)
    };
    // Escaping fails only on bytes that are not UTF-8, which a `&str` has
    // none of; were it to fail, nothing is written rather than raw text.
    let html = spell_units(value, &lang, words, |s| state.escape(s).unwrap_or_default());
    Ok(Value::safe_string(&html))
}

/// `text` escaped, with each `number NBSP unit` whose unit `words(unit,
/// plural category of the number)` has words marked up as `units` says,
/// all in one `span` when there is one.
fn spell_units(
    text: &str,
    lang: &str,
    words: impl Fn(&str, &str) -> Option<String>,
    escape: impl Fn(&str) -> String,
) -> String {
    use crate::format::{MINUS, NBSP};
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (at, _) in text.match_indices(NBSP) {
        // The unit runs to the next space (a no-break one too) or to the
        // punctuation after it.
        let start = at + NBSP.len_utf8();
        let after = &text[start..];
        let unit_len = after
            .find(|c: char| c.is_whitespace() || ".,;:!?)]\"”'".contains(c))
            .unwrap_or(after.len());
        let unit = &after[..unit_len];
        // Its number: the digits, group separators and sign right before.
        let before = &text[done..at];
        let number_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| {
                c.is_ascii_digit() || c == NBSP || ".,'\u{202f}-".contains(c) || c == MINUS
            })
            .last()
            .map_or(before.len(), |(i, _)| i);
        let number = before[number_start..]
            .trim_start_matches(|c: char| !(c.is_ascii_digit() || c == MINUS || c == '-'));
        if unit.is_empty() || !number.ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let category = crate::i18n::plural_category_written(lang, number);
        // A word (`days`) is read as it is written: no words of its own.
        let Some(spoken) = words(unit, category).filter(|w| w != unit) else {
            continue;
        };
        // The words first: hidden text placed after the unit, where a
        // line may end, made Chromium end the line before it, so that
        // "16 vrk (elokuu 2026)" broke after "vrk" where it had not.
        out.push_str(&escape(&text[done..start]));
        out.push_str("<span class=\"visually-hidden spoken\">");
        out.push_str(&escape(&spoken));
        out.push_str("</span><span aria-hidden=\"true\">");
        out.push_str(&escape(unit));
        out.push_str("</span>");
        done = start + unit_len;
    }
    if done == 0 {
        return escape(text);
    }
    out.push_str(&escape(&text[done..]));
    // One element, as the text was one run: a grid or flex container (a
    // stacked table's cell) lays it out as one item, not one per part.
    format!("<span>{out}</span>")
}

/// A Tera error as a diagnostic at the template's file, line and column;
/// `rendering` names the content file and URL being rendered, if any.
pub fn to_diagnostic(
    e: &tera::Error,
    theme: &Theme,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    let origin = |name: &str| {
        theme
            .get(&format!("templates/{name}"))
            .map(|f| f.origin.clone())
            .unwrap_or_else(|| format!("templates/{name}"))
    };
    let (path, line, col, msg) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            origin(r.filename()),
            Some(r.span().start_line),
            Some(r.span().start_col + 1),
            r.message().to_string(),
        ),
        ErrorKind::TemplateNotFound(name) => (
            origin(name),
            None,
            None,
            format!("template \"{name}\" not found; the theme must have templates/{name}"),
        ),
        ErrorKind::MissingParent { current, parent } => (
            origin(current),
            None,
            None,
            format!("extends \"{parent}\", which the theme does not have"),
        ),
        _ => ("themes".to_string(), None, None, e.to_string()),
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail.push_str(&format!(": {s}"));
        source = s.source();
    }
    let mut d = match rendering {
        Some((file, url)) => Diagnostic::err(
            path,
            "render.template_in",
            vec![
                ("error", format!("{msg}{detail}")),
                ("file", file.to_string()),
                ("url", url.to_string()),
            ],
        ),
        None => Diagnostic::err(
            path,
            "render.template",
            vec![("error", format!("{msg}{detail}"))],
        ),
    };
    if let Some(l) = line {
        d = d.at(l, col);
    }
    d
}

/// The templates that show what the templates `changed` show: those and,
/// over and over, every template that `extends`, `include`s or `import`s
/// one of them. `None` when a change reaches every page whatever
/// references say: a changed template defines components or macros (any
/// template may call those), or one that is not in the theme (new, or
/// deleted).
pub fn dependents(theme: &Theme, changed: &BTreeSet<String>) -> Option<BTreeSet<String>> {
    let texts: BTreeMap<&str, String> = theme
        .under("templates/")
        .map(|(name, file)| (name, String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect();
    if changed
        .iter()
        .any(|name| !texts.contains_key(name.as_str()))
    {
        return None;
    }
    let mut shown: BTreeSet<String> = changed.clone();
    loop {
        let before = shown.len();
        for (name, text) in &texts {
            if referenced(text).iter().any(|r| shown.contains(*r)) {
                shown.insert(name.to_string());
            }
        }
        if shown.len() == before {
            break;
        }
    }
    // A template that defines components or macros, changed or reached
    // through an include (`components.html` including `status.html`):
    // pages call those without naming the template, so every page may
    // show the change.
    let reaches_components = shown.iter().any(|name| {
        texts
            .get(name.as_str())
            .is_some_and(|t| t.contains("{% component") || t.contains("{% macro"))
    });
    (!reaches_components).then_some(shown)
}

/// The templates a template's text names in `{% extends %}`,
/// `{% include %}` and `{% import %}` tags.
fn referenced(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches(['-', ' ', '\n', '\t']);
        let named = ["extends", "include", "import"]
            .iter()
            .any(|kw| tag.starts_with(kw));
        if named {
            let end = tag.find("%}").unwrap_or(tag.len());
            let quoted = &tag[..end];
            if let Some(open) = quoted.find(['"', '\'']) {
                let q = &quoted[open + 1..];
                if let Some(close) = q.find(['"', '\'']) {
                    names.push(&q[..close]);
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod units_tests {
    use super::*;

    fn spelled(text: &str, lang: &str) -> String {
        let words = |unit: &str, category: &str| match (unit, category) {
            ("vrk", "one") => Some("vuorokausi".to_string()),
            ("vrk", _) => Some("vuorokautta".to_string()),
            ("h", _) => Some("tuntia & <b>".to_string()),
            ("days", _) => Some("days".to_string()),
            _ => None,
        };
        spell_units(text, lang, words, |s| {
            s.replace('&', "&amp;").replace('<', "&lt;")
        })
    }

    fn vrk(words: &str) -> String {
        format!(
            "<span class=\"visually-hidden spoken\">{words}</span><span aria-hidden=\"true\">vrk</span>"
        )
    }

    #[test]
    fn a_worded_unit_is_shown_as_written_and_read_in_the_form_of_its_number() {
        assert_eq!(
            spelled("enintään 14\u{a0}vrk", "fi"),
            format!("<span>enintään 14\u{a0}{}</span>", vrk("vuorokautta"))
        );
        assert_eq!(
            spelled("1\u{a0}vrk", "fi"),
            format!("<span>1\u{a0}{}</span>", vrk("vuorokausi"))
        );
        assert_eq!(
            spelled("1,0\u{a0}vrk", "fi"),
            format!("<span>1,0\u{a0}{}</span>", vrk("vuorokautta"))
        );
        assert_eq!(
            spelled(
                "Elokuu 2026: 1\u{a0}001\u{a0}vrk. Tavoite 1\u{a0}vrk: ei saavutettu.",
                "fi"
            ),
            format!(
                "<span>Elokuu 2026: 1\u{a0}001\u{a0}{}. Tavoite 1\u{a0}{}: ei saavutettu.</span>",
                vrk("vuorokautta"),
                vrk("vuorokausi")
            )
        );
        // Escaped, the unit's words too.
        assert_eq!(
            spelled("<3\u{a0}h", "fi"),
            "<span>&lt;3\u{a0}<span class=\"visually-hidden spoken\">tuntia &amp; &lt;b></span><span aria-hidden=\"true\">h</span></span>"
        );
    }

    #[test]
    fn other_text_is_only_escaped() {
        for text in [
            "95\u{a0}%",
            "6,5\u{a0}dygn",
            "16\u{a0}vrkx",
            "vrk",
            "a\u{a0}vrk",
            "1\u{a0}234",
            "",
            "<b>\u{a0}",
            // A word is read as written (`unit_days` gives its forms).
            "14\u{a0}days",
        ] {
            assert_eq!(
                spelled(text, "fi"),
                text.replace('&', "&amp;").replace('<', "&lt;"),
                "{text:?}"
            );
        }
    }
}

#[cfg(test)]
mod dependents_tests {
    use super::*;

    /// A theme of these templates (names under `templates/`).
    fn theme(files: &[(&str, &str)]) -> Theme {
        let files: Vec<(String, &str)> = files
            .iter()
            .map(|(name, text)| (format!("templates/{name}"), *text))
            .collect();
        Theme::of_own_files(&files)
    }

    #[test]
    fn a_template_reaches_those_that_extend_or_include_it() {
        let t = theme(&[
            ("base.html", "<html>{% block c %}{% endblock c %}</html>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block c %}p{% endblock c %}",
            ),
            ("status.html", "<span>{{ i.status }}</span>"),
            (
                "results.html",
                "{% extends \"base.html\" %}{%- include 'status.html' %}",
            ),
            ("indicator.html", "{% extends \"base.html\" %}"),
            (
                "components.html",
                "{% component x() %}{% include \"tag.html\" %}{% endcomponent x %}",
            ),
            ("tag.html", "<b>tag</b>"),
        ]);
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            dependents(&t, &set(&["status.html"])),
            Some(set(&["results.html", "status.html"]))
        );
        assert_eq!(
            dependents(&t, &set(&["base.html"])),
            Some(set(&[
                "base.html",
                "indicator.html",
                "page.html",
                "results.html"
            ]))
        );
        assert_eq!(dependents(&t, &set(&["components.html"])), None);
        // Included by a component: any page may call it.
        assert_eq!(dependents(&t, &set(&["tag.html"])), None);
        assert_eq!(dependents(&t, &set(&["gone.html"])), None);
    }
}

#[cfg(test)]
mod tests {
    use tera::{Context, Tera};

    /// The filter writes what the default theme's `lang_attr` component
    /// writes, for a code like the page's, another, none and an empty one,
    /// in a page and inside a component that takes the page's language.
    #[test]
    fn the_lang_attr_filter_writes_what_the_component_writes() {
        let component = r#"{% component lang_attr(lang_code, @lang) -%}
{% if lang_code and lang_code != lang %} lang="{{ lang_code }}"{% endif %}
{%- endcomponent lang_attr %}
{% component item(code, @lang) %}<i{{ code | lang_attr }}></i><i{{ <lang_attr lang_code={code} /> }}></i>{% endcomponent item %}
"#;
        let page = r#"<p{{ code | lang_attr }}></p><p{{ <lang_attr lang_code={code} /> }}></p>{{ <item code={code} /> }}"#;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("lang_attr", super::lang_attr);
        tera.add_raw_templates([("c.html", component), ("p.html", page)])
            .expect("compiles");
        for (code, attr) in [
            (Some("sv"), r#" lang="sv""#),
            (Some("x\"y"), r#" lang="x&quot;y""#),
            (Some("fi"), ""),
            (Some(""), ""),
            (None, ""),
        ] {
            let mut ctx = Context::new();
            ctx.insert("lang", "fi");
            ctx.insert("code", &code);
            let html = tera.render("p.html", &ctx).expect("renders");
            assert_eq!(
                html,
                format!("<p{attr}></p><p{attr}></p><i{attr}></i><i{attr}></i>"),
                "{code:?}"
            );
        }
    }
}
