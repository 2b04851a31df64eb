//! The README's promises: its example is the `quickstart` example target, and its two commands
//! are the ones this repository runs.

const README: &str = include_str!("../../README.md");
const QUICKSTART: &str = include_str!("../../examples/examples/quickstart.rs");
const CI: &str = include_str!("../../.ci/run");

#[test]
fn the_readme_example_is_the_quickstart_example() {
    let start = README
        .find("```rust\n")
        .expect("the README has a Rust example")
        + "```rust\n".len();
    let end = start + README[start..].find("```\n").expect("closed code block");
    let code_start = QUICKSTART.find("use std::").expect("quickstart code");
    assert_eq!(&README[start..end], &QUICKSTART[code_start..]);
}

#[test]
fn ci_runs_the_readme_test_command() {
    assert!(README.contains("cargo test --workspace"));
    assert!(CI.lines().any(|line| line.trim() == "cargo test --workspace"));
    assert!(README.contains("cargo run --release -p examples --example conformance"));
}
