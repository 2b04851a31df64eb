//! The README's promises: its example is the `quickstart` example target, its examples build on
//! their own, its set-up for several instances is the one the store tests use, and its two
//! commands are the ones this repository runs.

use std::{path::Path, process::Command};

const README: &str = include_str!("../../README.md");
const QUICKSTART: &str = include_str!("../../examples/examples/quickstart.rs");
const TESTING_EXAMPLE: &str = include_str!("testing_example.rs");
const SEVERAL_INSTANCES: &str = include_str!("../../examples/src/several_instances.rs");
const PERMISSIONS_EXAMPLE: &str = include_str!("permissions_example.rs");
const CI: &str = include_str!("../../.ci/run");
const TEST_SCRIPT: &str = include_str!("../../scripts/with-test-servers");

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
    assert_eq!(
        test_command,
        "scripts/with-test-servers cargo test --workspace"
    );
    assert!(CI.lines().any(|line| line.trim() == test_command));
    assert!(TEST_SCRIPT.lines().any(|line| line.trim() == r#""$@""#));
    assert!(README.contains("\ncargo run -p examples --example demo "));
}

/// The README's `[dependencies]` block, the `[dev-dependencies]` block of "Testing your app", and
/// its two Rust blocks, as a crate of their own outside the workspace: they compile with nothing
/// else. Offline, against the registry the workspace already downloaded, with a target directory
/// kept between runs.
#[test]
fn the_readme_examples_build_in_a_crate_of_their_own() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let toml_blocks: Vec<&str> = README
        .split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("```\n").next().expect("closed code block"))
        .collect();
    let [dependencies, dev_dependencies] = toml_blocks[..] else {
        panic!("expected the [dependencies] and [dev-dependencies] blocks, got {toml_blocks:?}");
    };
    assert!(
        dependencies.starts_with("[dependencies]\n"),
        "{dependencies}"
    );
    assert!(
        dev_dependencies.starts_with("[dev-dependencies]\n"),
        "{dev_dependencies}"
    );
    let runtime = workspace.join("login-runtime");
    let by_path = |block: &str| {
        let published = r#"login-runtime = { version = "0.1","#;
        assert!(block.contains(published), "{block}");
        block.replace(
            published,
            &format!(
                "login-runtime = {{ path = {:?},",
                runtime.display().to_string()
            ),
        )
    };

    let dir = std::env::temp_dir().join(format!("login-readme-example-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("crate directory");
    std::fs::create_dir_all(dir.join("tests")).expect("tests directory");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-example\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n{}\n{}",
            by_path(dependencies),
            by_path(dev_dependencies),
        ),
    )
    .expect("Cargo.toml");
    // The workspace's versions, which the registry holds.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    std::fs::write(dir.join("src/main.rs"), rust_blocks()[0]).expect("main.rs");
    std::fs::write(dir.join("tests/settings.rs"), rust_blocks()[1]).expect("test");

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), std::path::PathBuf::from)
        .join("readme-example");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "test",
            "--offline",
            "--no-run",
            "--quiet",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "the README's examples do not build on their own:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
