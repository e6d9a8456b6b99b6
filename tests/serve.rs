//! `albert-jit serve` as a process: it listens, answers, and exits 0 on
//! SIGTERM after finishing; huggingface_hub's `InferenceClient` works against
//! it (when Python has huggingface_hub; `.ci/deps` installs it in `.venv`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::fixture;

/// A running `albert-jit serve` on an ephemeral loopback port.
struct Serve {
    child: Child,
    addr: String,
}

impl Serve {
    fn start(extra: &[&str]) -> Serve {
        let model = fixture("albert-tiny");
        let mut child = Command::new(env!("CARGO_BIN_EXE_albert-jit"))
            .args(["serve", "--model"])
            .arg(&model)
            .args(["--hostname", "127.0.0.1", "--port", "0", "--max-batch-tokens", "512"])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn albert-jit serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines.next().expect("serve exited before listening").expect("read stderr");
            if let Some(a) = line.strip_prefix("listening on http://") {
                break a.trim().to_string();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serve { child, addr }
    }

    fn request(&self, raw: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        s.write_all(raw.as_bytes()).expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    }

    fn post(&self, path: &str, body: &str) -> String {
        self.request(&format!(
            "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        ))
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success();
        assert!(ok, "kill -TERM failed");
        self.child.wait().expect("wait")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn serve_answers_and_exits_0_on_sigterm() {
    let srv = Serve::start(&["--task", "embed"]);
    let r = srv.post("/", r#"{"inputs": "hello world"}"#);
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("[["), "{r}");
    let r = srv.post("/fill-mask", r#"{"inputs": "no mask"}"#);
    assert!(r.starts_with("HTTP/1.1 422") && r.contains("\"error_type\""), "{r}");
    let status = srv.terminate();
    assert!(status.success(), "serve exited with {status}");
}

#[test]
fn flags_are_also_environment_variables() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_albert-jit"));
    let out = cmd.args(["serve", "--help"]).output().expect("help");
    let help = String::from_utf8_lossy(&out.stdout);
    for env in [
        "PORT",
        "HOSTNAME",
        "MAX_CONCURRENT_REQUESTS",
        "MAX_BATCH_TOKENS",
        "MAX_BATCH_REQUESTS",
        "MAX_CLIENT_BATCH_SIZE",
        "PAYLOAD_LIMIT",
        "API_KEY",
        "AUTO_TRUNCATE",
    ] {
        assert!(help.contains(&format!("[env: {env}")), "--help does not name ${env}:\n{help}");
    }
    // API_KEY from the environment guards the routes.
    let model = fixture("albert-tiny");
    let mut child = Command::new(env!("CARGO_BIN_EXE_albert-jit"))
        .args(["serve", "--model"])
        .arg(&model)
        .args(["--port", "0", "--max-batch-tokens", "512"])
        .env("HOSTNAME", "127.0.0.1")
        .env("API_KEY", "from-env")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("exited early").expect("read");
        if let Some(a) = line.strip_prefix("listening on http://") {
            break a.trim().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    assert!(addr.starts_with("127.0.0.1:"), "HOSTNAME from the environment: {addr}");
    let srv = Serve { child, addr };
    let r = srv.post("/embed", r#"{"inputs": "x"}"#);
    assert!(r.starts_with("HTTP/1.1 401"), "{r}");
    assert!(srv.terminate().success());
}

fn python_with_hub() -> Option<String> {
    let repo = env!("CARGO_MANIFEST_DIR");
    let candidates = [
        std::env::var("ALBERT_PYTHON").ok(),
        Some(format!("{repo}/.venv/bin/python")),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|py| {
        Command::new(py)
            .args(["-c", "import huggingface_hub, numpy"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[test]
fn huggingface_inference_client_works() {
    let Some(py) = python_with_hub() else {
        assert!(
            std::env::var_os("ALBERT_REQUIRE_HF_CLIENT").is_none(),
            "ALBERT_REQUIRE_HF_CLIENT is set but no Python has huggingface_hub and numpy"
        );
        eprintln!("skipped: no Python with huggingface_hub + numpy (bash .ci/deps installs them in .venv)");
        return;
    };
    let fill = Serve::start(&["--task", "fill-mask"]);
    let embed = Serve::start(&["--task", "embed"]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/albert-server/tests/inference_client.py");
    let out = Command::new(&py)
        .arg(script)
        .arg(format!("http://{}", fill.addr))
        .arg(format!("http://{}", embed.addr))
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "InferenceClient failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(fill.terminate().success() && embed.terminate().success());
}
