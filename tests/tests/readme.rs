//! The README's promises: its example is the `quickstart` example target, its set-up for several
//! instances is the one the store tests use, and its two commands are the ones this repository
//! runs.

const README: &str = include_str!("../../README.md");
const QUICKSTART: &str = include_str!("../../examples/examples/quickstart.rs");
const TESTING_EXAMPLE: &str = include_str!("testing_example.rs");
const SEVERAL_INSTANCES: &str = include_str!("../../examples/src/several_instances.rs");
const PERMISSIONS_EXAMPLE: &str = include_str!("permissions_example.rs");
const CI: &str = include_str!("../../.ci/run");
const TEST_SCRIPT: &str = include_str!("../../scripts/test");

/// The Rust code blocks of the README, in order.
fn rust_blocks() -> Vec<&'static str> {
    README
        .split("```rust\n")
        .skip(1)
        .map(|rest| rest.split("```\n").next().expect("closed code block"))
        .collect()
}

#[test]
fn the_readme_example_is_the_quickstart_example() {
    let code_start = QUICKSTART.find("use std::").expect("quickstart code");
    assert_eq!(rust_blocks()[0], &QUICKSTART[code_start..]);
}

#[test]
fn the_readme_test_example_is_a_real_test() {
    assert_eq!(rust_blocks()[1], TESTING_EXAMPLE);
}

#[test]
fn the_several_instances_set_up_is_the_tested_one() {
    assert!(rust_blocks().contains(&SEVERAL_INSTANCES));
}

#[test]
fn the_readme_permissions_example_is_a_real_test() {
    assert!(rust_blocks().contains(&PERMISSIONS_EXAMPLE));
}

#[test]
fn ci_runs_the_readme_test_command() {
    let test_command = README
        .lines()
        .find(|line| line.contains("# every test"))
        .and_then(|line| line.split('#').next())
        .map(str::trim)
        .expect("the README's test command");
    assert!(CI.lines().any(|line| line.trim() == test_command));
    assert!(
        TEST_SCRIPT
            .lines()
            .any(|line| line.trim() == r#"cargo test --workspace "$@""#)
    );
    assert!(README.contains("cargo run --release -p examples --example conformance"));
}
