//! The pipeline flows one way: no top-level module of `src/` imports one
//! that (directly or through others) imports it back. A circle would mean
//! a step reaching up into a later one (rendering into publishing, say),
//! which is how the structure used to decay; this test names the circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module a source file belongs to (`src/render/mod.rs` →
/// `render`, `src/format.rs` → `format`).
fn module_of(rel: &Path) -> String {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next().unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// `crate::x` imports of a file's non-test code, comments left out.
fn imports(src: &str) -> BTreeSet<String> {
    let code = src.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = BTreeSet::new();
    for line in code.lines() {
        // What follows `//` is a comment (or an address in a string).
        let mut rest = line.split("//").next().unwrap_or("");
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).expect("under src");
        let module = module_of(rel);
        // The command line and the crate root sit above everything.
        if ["main", "lib", "cmd"].contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read source");
        let deps = g.entry(module.clone()).or_default();
        deps.extend(imports(&text).into_iter().filter(|d| *d != module));
    }
    g
}

/// A circle through `start`, if any, as the path of modules.
fn circle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        m: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut c = path[i..].to_vec();
            c.push(m.to_string());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, d, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(g, m, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let g = graph();
    assert!(
        g.contains_key("render") && g.contains_key("publish"),
        "{g:?}"
    );
    if let Some(c) = circle(&g) {
        panic!("import circle: {}", c.join(" → "));
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("build".into()).or_default().insert("render".into());
    g.entry("render".into())
        .or_default()
        .insert("publish".into());
    g.entry("publish".into())
        .or_default()
        .insert("build".into());
    g.entry("site".into()).or_default();
    assert_eq!(
        circle(&g),
        Some(vec![
            "build".to_string(),
            "render".into(),
            "publish".into(),
            "build".into()
        ])
    );
    assert_eq!(
        imports("use crate::a::b; // crate::z\n// crate::y\nx(crate::c::d)"),
        ["a", "c"].map(String::from).into()
    );
}
