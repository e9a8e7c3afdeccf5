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

/// The top-level modules as `docs/ARCHITECTURE.md` lists them, in order:
/// the first column of each line indented by exactly two spaces in the
/// code block after "## Modules" (`serve/` and `check.rs` → `serve`,
/// `check`; lines indented further are files inside a module).
fn documented_order(doc: &str) -> Vec<String> {
    let after = doc.split("\n## Modules").nth(1).unwrap_or("");
    let block = after.split("```").nth(1).unwrap_or("");
    let mut names = Vec::new();
    for line in block.lines() {
        let Some(rest) = line.strip_prefix("  ") else {
            continue;
        };
        if rest.starts_with(' ') || rest.is_empty() {
            continue;
        }
        let first = rest.split("  ").next().unwrap_or("");
        for name in first.split(',') {
            let name = name.trim().trim_end_matches('/').trim_end_matches(".rs");
            if !name.is_empty() {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// What is wrong with `order` as a list where each module imports only
/// those below it: modules missing or listed twice, and imports upwards.
fn misplaced(g: &BTreeMap<String, BTreeSet<String>>, order: &[String]) -> Vec<String> {
    let mut wrong = Vec::new();
    let place = |m: &str| order.iter().position(|o| o == m);
    for m in g.keys() {
        match order.iter().filter(|o| *o == m).count() {
            0 => wrong.push(format!("`{m}` is not listed")),
            1 => {}
            _ => wrong.push(format!("`{m}` is listed twice")),
        }
    }
    for o in order {
        if !g.contains_key(o) {
            wrong.push(format!("`{o}` is listed but is no module"));
        }
    }
    for (m, deps) in g {
        for d in deps.iter().filter(|d| g.contains_key(*d)) {
            if let (Some(pm), Some(pd)) = (place(m), place(d))
                && pd < pm
            {
                wrong.push(format!("`{m}` imports `{d}`, listed above it"));
            }
        }
    }
    wrong
}

#[test]
fn the_documented_module_order_is_the_imports_order() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).expect("read docs/ARCHITECTURE.md");
    let order = documented_order(&doc);
    assert!(order.len() > 20, "{order:?}");
    let wrong = misplaced(&graph(), &order);
    assert!(
        wrong.is_empty(),
        "docs/ARCHITECTURE.md's module list, fix it:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_order_check_finds_what_is_out_of_place() {
    let doc = "x\n## Modules\n\n```\n  render/    pages\n    pages.rs, x.rs   in render\n  site/, build.rs   model\n  ghost.rs    none\n```\n";
    let order = documented_order(doc);
    assert_eq!(order, ["render", "site", "build", "ghost"]);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("render".into()).or_default().insert("site".into());
    g.entry("build".into()).or_default().insert("render".into());
    g.entry("site".into()).or_default();
    g.entry("yaml".into()).or_default().insert("lock".into());
    assert_eq!(
        misplaced(&g, &order),
        [
            "`yaml` is not listed",
            "`ghost` is listed but is no module",
            "`build` imports `render`, listed above it"
        ]
    );
}
