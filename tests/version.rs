//! `lupaus --version`: the version and the commit the binary was built from.

use std::path::Path;
use std::process::Command;

#[test]
fn version_names_the_version_and_the_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_lupaus"))
        .env("LANG", "C.UTF-8")
        .arg("--version")
        .output()
        .expect("run lupaus");
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    // In a git checkout, the commit of HEAD; elsewhere (a source tarball)
    // the build says it does not know.
    let commit = Path::new(root)
        .join(".git")
        .exists()
        .then(|| {
            Command::new("git")
                .args(["rev-parse", "--short=9", "HEAD"])
                .current_dir(root)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        })
        .flatten()
        .unwrap_or_else(|| "unknown".to_string());
    assert_eq!(
        said.trim_end(),
        format!("lupaus {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}
