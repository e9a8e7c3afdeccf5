//! Build script: embeds the git commit the binary is built from, for
//! `lupaus --version` (`lupaus 0.1.0 (commit 1a2b3c4)`).
//!
//! Outside a git checkout (a source tarball, a vendored copy) or without
//! git installed, the commit is `unknown`: the build never fails for it and
//! gives the same binary every time. `LUPAUS_COMMIT` in the environment
//! wins, for packagers who know the commit but have no `.git`.
//!
//! On Linux with glibc the binary is linked as a fixed-address executable
//! (`-no-pie`), see [`link_fixed_address`].

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=LUPAUS_COMMIT");
    let git_dir = git_dir();
    if let Some(dir) = &git_dir {
        // Rebuild when HEAD moves: HEAD itself, and the branch it names.
        for file in ["HEAD", "packed-refs"] {
            let p = Path::new(dir).join(file);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        if let Ok(head) = std::fs::read_to_string(Path::new(dir).join("HEAD"))
            && let Some(r) = head.trim().strip_prefix("ref: ")
        {
            let p = Path::new(&common_dir().unwrap_or_else(|| dir.clone())).join(r);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    let commit = std::env::var("LUPAUS_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git_dir.and_then(|_| git(&["rev-parse", "--short=9", "HEAD"])))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=LUPAUS_COMMIT={commit}");
    link_fixed_address();
}

/// Links the `lupaus` binary as a fixed-address executable on Linux with
/// glibc (the default `cargo build` there). As a position-independent
/// executable (PIE) the dynamic loader writes about 42,000 addresses into
/// the binary's 9.6 MB of constant tables that hold addresses
/// (`.data.rel.ro`) when it starts, and every page it writes becomes the
/// process's own memory: 10–11 MB of resident memory on every run, a
/// third of a small site's build. Linked at a fixed address the tables
/// stay pages of the file, read only where used (docs/PERFORMANCE.md,
/// 2026-12-06). What is given up is the binary's own address
/// randomisation (its libraries and heap are still placed at random), for
/// a tool that reads the user's own files. The static musl and Windows
/// release builds (`scripts/release`) are linked as before.
fn link_fixed_address() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// The crate folder, as cargo says when it runs this script (not where the
/// script was compiled: a build folder copied from another checkout keeps
/// its compiled script, which must still read this checkout's commit).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default()
}

/// Output of a git command run in the crate folder, when it succeeds.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(manifest_dir())
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// The git directory of this checkout (a worktree's own), if the crate
/// folder is one: a copy unpacked inside some other repository has no
/// `.git` of its own and must not take that repository's commit.
fn git_dir() -> Option<String> {
    if !manifest_dir().join(".git").exists() {
        return None;
    }
    git(&["rev-parse", "--absolute-git-dir"])
}

/// The shared git directory, where branch refs live in a worktree.
fn common_dir() -> Option<String> {
    let d = git(&["rev-parse", "--git-common-dir"])?;
    let p = Path::new(&d);
    Some(if p.is_absolute() {
        d
    } else {
        manifest_dir().join(p).display().to_string()
    })
}
