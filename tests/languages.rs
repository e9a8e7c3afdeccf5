//! Languages by the book: a Northern Sámi site (numbers, dates, months,
//! alphabetical order, no "uses English" warning), and every interface
//! sentence of the example site coming from the theme's `i18n/LANG.yaml`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Datelike;
use scraper::{ElementRef, Html, Node};

fn init(dir: &Path, languages: &str) -> std::path::PathBuf {
    let root = dir.join("site");
    // Starter text stops a build: replaced as a writer would.
    common::init_site(&root, &["--languages", languages]);
    root
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The Sámi titles, in CLDR's `se` order: each of č đ ŋ š ŧ ž after its
/// base letter, å after ž.
const SAMI_TITLES: [&str; 13] = [
    "Cihca", "Čuođi", "Dálvi", "Đuolla", "Nieida", "Ŋoarri", "Sadji", "Šaddu", "Tuolla", "Ŧuolla",
    "Zoavdda", "Ževlla", "Åbo",
];

#[test]
fn a_sami_site_speaks_sami() {
    let dir = tempfile::tempdir().unwrap();
    let root = init(dir.path(), "se,fi");
    assert!(
        root.join("content/_index.se.md").is_file(),
        "init scaffolds Sámi"
    );
    // Commitments written in reverse order, so only sorting puts them right.
    for (i, title) in SAMI_TITLES.iter().enumerate().rev() {
        write(
            &root,
            &format!("content/areas/health/c{i:02}.se.md"),
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"{title}.\"\nperspective: quality\nindicators: []\nresident_view: \"{title}.\"\n---\n\nTeaksta.\n"
            ),
        );
    }
    let indicators = std::fs::read_to_string(root.join("content/indicators.yaml")).unwrap();
    write(
        &root,
        "content/indicators.yaml",
        &indicators.replace("decimals: 0", "decimals: 1"),
    );
    std::fs::remove_file(root.join("content/results/2025.csv")).unwrap();
    write(
        &root,
        "content/results/2025.csv",
        "indicator,period,value\nappointment-wait,2025-01,1234.5\nappointment-wait,2025-02,2\n",
    );
    let built = common::build(&root, &[]);
    assert_eq!(built.run.code, 0, "{}", built.run.stderr);
    assert!(
        !built.run.stderr.contains("theme has no interface texts"),
        "no English stand-in for se: {}",
        built.run.stderr
    );

    let area = built.read("se/health/index.html");
    let positions: Vec<usize> = SAMI_TITLES
        .iter()
        .map(|t| {
            area.find(&format!(">{t}<"))
                .unwrap_or_else(|| panic!("{t} listed on the area page"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "titles in CLDR's se order: {positions:?}"
    );
    // The Finnish page of the same area keeps Finnish order for its own titles.
    let fi_area = built.read("fi/health/index.html");
    assert!(
        fi_area.contains("lang=se") || fi_area.contains("lang=\"se\""),
        "fallbacks marked"
    );

    let results = built.read("se/results/appointment-wait/index.html");
    // Numbers: CLDR's Sámi symbols, a no-break space between groups.
    assert!(results.contains("1\u{a0}234,5"), "{results}");
    // Months: the theme's Sámi month names (not in ICU4X's CLDR data).
    assert!(results.contains("ođđajagemánnu 2025"), "{results}");
    assert!(results.contains("guovvamánnu 2025"), "{results}");
    // Interface strings: Sámi, with the dual where CLDR's rules pick it.
    assert!(results.contains("Čuovvun ja bohtosat"));
    let front = built.read("se/index.html");
    assert!(front.contains("14 lohpádusa"), "{front}");
}

#[test]
fn a_missing_plural_form_is_named_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = init(dir.path(), "se,fi");
    // A county's own Sámi file, overriding two keys; the rest still come
    // from the built-in se.yaml (key by key).
    write(
        &root,
        "themes/default/i18n/se.yaml",
        "nav_home: Álgosiidu\ncommitments_count: { one: \"{n} lohpádus\", other: \"{n} lohpádusa\" }\n",
    );
    let r = common::run_build(&root, &dir.path().join("out"), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = r.error_starting("themes/default/i18n/se.yaml:2:");
    assert!(
        line.contains("`commitments_count` has no `two` form"),
        "{line}"
    );
    assert!(line.contains("two: ..."), "says what to write: {line}");

    write(
        &root,
        "themes/default/i18n/se.yaml",
        "nav_home: Álgosiidu\n",
    );
    let built = common::build(&root, &[]);
    assert_eq!(built.run.code, 0, "{}", built.run.stderr);
    let front = built.read("se/index.html");
    assert!(front.contains("Álgosiidu"), "the override");
    assert!(
        front.contains("Váldofállu"),
        "the built-in se.yaml's other keys"
    );
}

/// A language the theme has no texts for: the warning names the file to
/// create, in the site (the theme is built into the program, there is no
/// `en.yaml` to copy), and doing what it says works: the texts written
/// there are shown, the others stay in English, and the warning is gone.
#[test]
fn a_language_without_texts_is_told_which_file_to_create() {
    let dir = tempfile::tempdir().unwrap();
    let root = init(dir.path(), "fi,sv");
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    let with_uk = site.replace("languages: [fi, sv]", "languages: [fi, sv, uk]");
    assert_ne!(site, with_uk, "{site}");
    write(&root, "content/site.yaml", &with_uk);
    let built = common::build(&root, &[]);
    assert_eq!(built.run.code, 0, "{}", built.run.stderr);
    let warning = built
        .run
        .stderr
        .lines()
        .find(|l| l.contains("theme has no interface texts"))
        .unwrap_or_else(|| panic!("no warning: {}", built.run.stderr));
    assert!(
        warning.starts_with("themes/default/i18n/uk.yaml: warning: ")
            && warning.contains("create the file themes/default/i18n/uk.yaml in the site folder")
            && warning.contains("`nav_home: …`")
            && !warning.contains("en.yaml"),
        "{warning}"
    );
    write(&root, "themes/default/i18n/uk.yaml", "nav_home: Головна\n");
    let built = common::build(&root, &[]);
    assert_eq!(built.run.code, 0, "{}", built.run.stderr);
    assert!(
        !built.run.stderr.contains("theme has no interface texts"),
        "{}",
        built.run.stderr
    );
    let front = built.read("uk/index.html");
    assert!(front.contains("Головна"), "the writer's text");
    assert!(front.contains("Skip to content"), "the others in English");
}

/// Every value of an i18n file replaced by a marker `«key»` (each plural
/// form and list item too), so whatever the theme says is recognisable.
fn markers(yaml_text: &str) -> String {
    let map: serde_yaml::Mapping = serde_yaml::from_str(yaml_text).unwrap();
    let mut out = String::new();
    for (k, v) in &map {
        let k = k.as_str().unwrap();
        let m = format!("\"«{k}»\"");
        let value = match v {
            serde_yaml::Value::Mapping(forms) => {
                let forms: Vec<String> = forms
                    .keys()
                    .map(|f| format!("{}: {m}", f.as_str().unwrap()))
                    .collect();
                format!("{{ {} }}", forms.join(", "))
            }
            serde_yaml::Value::Sequence(_) => format!("[{m}]"),
            _ => m,
        };
        out.push_str(&format!("{k}: {value}\n"));
    }
    out
}

fn copy_example(to: &Path) {
    for entry in walkdir::WalkDir::new(common::example_root().join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(common::example_root()).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), to.join(rel)).unwrap();
        }
    }
}

/// Text a reader sees in one element tree: text nodes and the `alt`,
/// `aria-label` and `placeholder` attributes, skipping scripts, styles and
/// the charts (see below).
fn visible_texts(el: ElementRef, out: &mut Vec<String>) {
    let name = el.value().name();
    if matches!(name, "script" | "style" | "head") {
        return;
    }
    // EXCLUDED until issue 13 lands: the chart's descriptions and trend
    // sentences (src/results/chart.rs) are still written in Rust; issue 13
    // moves them to i18n. Remove this exclusion after that merge.
    if name == "figure" && el.value().classes().any(|c| c == "chart-figure") {
        return;
    }
    for attr in ["alt", "aria-label", "placeholder"] {
        if let Some(v) = el.value().attr(attr) {
            out.push(v.to_string());
        }
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push(t.to_string()),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    visible_texts(e, out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_interface_sentence_comes_from_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_example(&root);
    let builtin = common::example_root().join("themes/default/i18n");
    let mut langs = Vec::new();
    for lang in ["fi", "sv", "en"] {
        let text = std::fs::read_to_string(builtin.join(format!("{lang}.yaml"))).unwrap();
        write(
            &root,
            &format!("themes/default/i18n/{lang}.yaml"),
            &markers(&text),
        );
        langs.push(lang);
    }
    let built = common::build(&root, &[]);
    assert_eq!(built.run.code, 0, "{}", built.run.stderr);

    // What the writers wrote: every content file, whitespace collapsed.
    let mut corpus = String::new();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file()
            && let Ok(t) = std::fs::read_to_string(entry.path())
        {
            corpus.push_str(&t.split_whitespace().collect::<Vec<_>>().join(" "));
            corpus.push('\n');
            // The previous version's promise.json (`previous`): its texts
            // as they read, unescaped, for the changes page.
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&t) {
                let mut strings = vec![&v];
                while let Some(v) = strings.pop() {
                    match v {
                        serde_json::Value::String(s) => {
                            // Markdown's emphasis marks are not read.
                            let s = s.replace('*', "");
                            corpus.push_str(&s.split_whitespace().collect::<Vec<_>>().join(" "));
                            corpus.push('\n');
                        }
                        serde_json::Value::Array(a) => strings.extend(a),
                        serde_json::Value::Object(o) => strings.extend(o.values()),
                        _ => {}
                    }
                }
            }
        }
    }
    // What CLDR formats (ICU4X's data, not the theme's): months of a year
    // and dates, longest first so that a date is removed before its month.
    let mut cldr: BTreeSet<String> = BTreeSet::new();
    for lang in &langs {
        for year in 2023..2029 {
            for m in 1..=12 {
                let p = lupaus::period::Period::parse(&format!("{year}-{m:02}")).unwrap();
                cldr.insert(lupaus::format::format_period(&p, lang));
            }
            let mut d = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            while d.year() == year {
                cldr.insert(lupaus::format::format_date(d, lang));
                d = d.succ_opt().unwrap();
            }
        }
    }
    let mut cldr: Vec<String> = cldr.into_iter().collect();
    cldr.sort_by_key(|s| std::cmp::Reverse(s.len()));

    let mut unmarked = BTreeSet::new();
    let mut pages = 0;
    for (rel, bytes) in common::read_tree(&built.out) {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        let mut texts = Vec::new();
        visible_texts(html.root_element(), &mut texts);
        for t in texts {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            // Strip the markers; what is left must be the writers' or CLDR's.
            let mut rest = String::new();
            let mut inside = false;
            for c in t.chars() {
                match c {
                    '«' => inside = true,
                    '»' => inside = false,
                    c if !inside => rest.push(c),
                    _ => {}
                }
            }
            // The elision and arrow of the changes page and a label's colon
            // are the template's punctuation between texts of their own.
            for piece in rest.split(['…', '→']).flat_map(|p| p.split(": ")) {
                // Quotes, brackets and punctuation around a text are the
                // template's; what CLDR formats (dates, months) is not the theme's.
                let whole = piece.trim_matches(|c: char| !c.is_alphanumeric());
                // A file name (`results.csv`) or a format's abbreviation (`CSV`,
                // `JSON`) is not a sentence.
                let file_name = !whole.contains(' ')
                    && (whole.contains('.') || whole.chars().all(|c| c.is_ascii_uppercase()));
                if whole.is_empty() || file_name || corpus.contains(whole) {
                    continue;
                }
                let mut rest = whole.to_string();
                for c in &cldr {
                    if rest.contains(c.as_str()) {
                        rest = rest.replace(c.as_str(), " ");
                    }
                }
                let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
                // Addresses are not sentences (the default supervisor's web
                // address is a fact of the statement, not an interface text).
                let address = rest.starts_with("https://") || rest.contains('@');
                // A number with a unit (`6.0 days`): the unit is the writers'
                // (indicators.yaml) and the number CLDR's. Anything of three
                // words or more must be found whole in the content.
                let words: Vec<&str> = rest
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.chars().count() > 1)
                    .collect();
                let unit = words.len() <= 2 && words.iter().all(|w| corpus.contains(w));
                if words.is_empty() || address || unit || corpus.contains(rest) {
                    continue;
                }
                unmarked.insert(format!("{rel}: {rest:?}"));
            }
        }
    }
    assert!(pages > 100, "the example site's pages were read ({pages})");
    assert!(
        unmarked.is_empty(),
        "reader-visible text that is neither the theme's (marked) nor content nor CLDR:\n{}",
        unmarked.into_iter().take(60).collect::<Vec<_>>().join("\n")
    );
}
