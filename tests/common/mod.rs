//! Helpers shared by the integration tests: run the real `lupaus` binary on a
//! site root, copy fixtures so a test can change them, and read what a build
//! wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The site root of a fixture under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(
        p.join("content").is_dir() || p.is_dir(),
        "no fixture {name}"
    );
    p
}

/// The example site's root (the repository itself).
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of `lupaus build` said.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`-1` when killed by a signal).
    pub code: i32,
    /// Everything on standard error.
    pub stderr: String,
}

impl Run {
    /// The diagnostics that are errors, one per line, in the order printed.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.contains(": warning: "))
            .filter(|l| !is_summary(l))
            .filter(|l| !l.trim().is_empty())
            .collect()
    }

    /// The one error line that starts with `prefix`; fails the test, showing
    /// all of standard error, when there is none.
    pub fn error_starting(&self, prefix: &str) -> &str {
        self.errors()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no error starting with {prefix:?}; stderr was:\n{}",
                    self.stderr
                )
            })
    }
}

/// `3 errors: nothing was published…` or `Built 12 pages…`.
fn is_summary(line: &str) -> bool {
    line.starts_with("Built ")
        || line.ends_with("; see lupaus check")
        || line.split_once(' ').is_some_and(|(n, rest)| {
            n.parse::<usize>().is_ok()
                && (rest.starts_with("error: ") || rest.starts_with("errors: "))
        })
}

/// The `lupaus` binary, speaking English whatever the developer's `LANG`
/// (messages follow `LANG`; tests that mean another language set it).
pub fn lupaus_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lupaus"));
    c.env("LANG", "C.UTF-8");
    c
}

/// Runs `lupaus build --root ROOT --output OUT EXTRA...`.
pub fn run_build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let output = lupaus_command()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("run lupaus");
    Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A build into a fresh temporary folder: the output is `dir/public`, which
/// does not exist before the build.
#[derive(Debug)]
pub struct Built {
    /// What the run said.
    pub run: Run,
    /// The output folder (`dir/public`).
    pub out: PathBuf,
    /// The temporary folder that holds `out`, removed on drop.
    pub dir: TempDir,
}

impl Built {
    /// The text of an output file, or a failure naming what exists.
    pub fn read(&self, rel: &str) -> String {
        read_output(&self.out, rel)
    }

    /// Asserts a successful build.
    pub fn assert_ok(&self) {
        assert_eq!(
            self.run.code, 0,
            "build failed; stderr was:\n{}",
            self.run.stderr
        );
        assert!(
            self.out.is_dir(),
            "no output folder after a successful build"
        );
    }

    /// Asserts a failed build that reported exactly `errors` errors and wrote
    /// nothing: no output folder and no temporary folder beside it.
    pub fn assert_failed(&self, errors: usize) {
        assert_eq!(
            self.run.code, 1,
            "expected exit code 1; stderr was:\n{}",
            self.run.stderr
        );
        let summary = format!(
            "{errors} {}: nothing was published",
            if errors == 1 { "error" } else { "errors" }
        );
        assert!(
            self.run.stderr.lines().any(|l| l.starts_with(&summary)),
            "expected the summary {summary:?}; stderr was:\n{}",
            self.run.stderr
        );
        assert_eq!(
            self.run.errors().len(),
            errors,
            "expected {errors} error lines; stderr was:\n{}",
            self.run.stderr
        );
        assert!(
            !self.out.exists(),
            "a failed build created the output folder"
        );
        let left: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            left.is_empty(),
            "a failed build left files beside the output: {left:?}"
        );
    }
}

/// Builds `root` into a fresh temporary output folder.
pub fn build(root: &Path, extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let run = run_build(root, &out, extra);
    Built { run, out, dir }
}

/// Builds a fixture into a fresh temporary output folder.
pub fn build_fixture(name: &str, extra: &[&str]) -> Built {
    build(&fixture(name), extra)
}

/// Copies a fixture into a temporary folder, which is then the site root.
pub fn copy_fixture(name: &str) -> TempDir {
    let src = fixture(name);
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(src: &Path, dest: &Path) {
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(src).unwrap();
        let to = dest.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
}

/// Every file under `dir` by its `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk output");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("read output file"));
        }
    }
    files
}

/// The text of `rel` under `out`; the failure lists what the build wrote.
pub fn read_output(out: &Path, rel: &str) -> String {
    match std::fs::read_to_string(out.join(rel)) {
        Ok(s) => s,
        Err(e) => {
            let have: Vec<String> = read_tree(out).into_keys().collect();
            panic!(
                "cannot read {rel} ({e}); the build wrote:\n{}",
                have.join("\n")
            )
        }
    }
}

/// What a screen reader reads of an element: its text without what is
/// hidden from it (`aria-hidden="true"`) or drawn (an `svg`, read by its
/// name), runs of white space as one space (a no-break space stays).
pub fn spoken(e: scraper::ElementRef<'_>) -> String {
    text_where(e, &|el| {
        el.value().attr("aria-hidden") != Some("true") && el.value().name() != "svg"
    })
}

/// What the eye reads of an element: its text without what is there for
/// screen readers only (`.visually-hidden`) or drawn (an `svg`), runs of
/// white space as one space (a no-break space stays).
pub fn visible(e: scraper::ElementRef<'_>) -> String {
    text_where(e, &|el| {
        !el.value().classes().any(|c| c == "visually-hidden") && el.value().name() != "svg"
    })
}

fn text_where(
    e: scraper::ElementRef<'_>,
    keep: &dyn Fn(&scraper::ElementRef<'_>) -> bool,
) -> String {
    fn walk(
        e: scraper::ElementRef<'_>,
        keep: &dyn Fn(&scraper::ElementRef<'_>) -> bool,
        out: &mut String,
    ) {
        for child in e.children() {
            if let Some(t) = child.value().as_text() {
                out.push_str(t);
            } else if let Some(el) = scraper::ElementRef::wrap(child)
                && keep(&el)
            {
                walk(el, keep, out);
            }
        }
    }
    let mut text = String::new();
    walk(e, keep, &mut text);
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// A build shared by several tests of one test binary, in a fixed folder
/// under Cargo's temporary target folder (rebuilt once per test run).
pub fn shared_build(root: &Path, name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let run = run_build(root, &out, &[]);
    assert_eq!(
        run.code,
        0,
        "build of {} failed; stderr was:\n{}",
        root.display(),
        run.stderr
    );
    out
}

/// A site made by `lupaus init ROOT EXTRA...` with its starter text
/// replaced ([`own_texts`]), as a writer would before building.
pub fn init_site(root: &Path, extra: &[&str]) {
    let out = lupaus_command()
        .arg("init")
        .arg(root)
        .args(extra)
        .output()
        .expect("run lupaus init");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    own_texts(root);
}

/// Replaces every starter text in the site with a text of its own, so that
/// it builds.
pub fn own_texts(root: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    let texts = lupaus::scaffold::template_texts();
    for f in files {
        let Ok(mut text) = std::fs::read_to_string(&f) else {
            continue;
        };
        // The example indicator keeps a readable name of its own.
        text = text.replace(
            "Waiting time for a health centre doctor",
            "Waiting time at the health centre",
        );
        for (i, t) in texts.iter().enumerate() {
            text = text.replace(t, &format!("Oma teksti {i}"));
        }
        text = text.replace("date: 2025-12-15", "date: 2025-12-16");
        let text = text
            .lines()
            .map(|l| {
                if l.contains("Oma teksti") && (l.contains("url:") || l.contains("base_url:")) {
                    l.split(':').next().unwrap().to_string() + ": https://omasivu.fi"
                } else if l.contains("Oma teksti") && l.contains("email:") {
                    l.split(':').next().unwrap().to_string() + ": oma@omasivu.fi"
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        std::fs::write(&f, text).unwrap();
    }
}
