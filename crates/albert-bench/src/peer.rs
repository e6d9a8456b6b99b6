//! The peers' side: the Python helper (`peers/albert_peers.py`, embedded in this crate)
//! run as one long-lived process per peer, speaking JSON lines on stdin/stdout.
//!
//! One process per peer (not one for all) so that each peer's peak RSS is its own,
//! its thread pool cannot be disturbed by another peer's, and a crash takes down one
//! peer only. The protocol is documented at the top of `albert_peers.py`.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{BenchError, BenchInput, Engine};

/// The helper's source, written to the cache dir at run time so an installed
/// `albert-jit` binary needs no repository checkout.
pub const HELPER_SOURCE: &str = include_str!("../peers/albert_peers.py");

/// The protocol version this crate speaks.
pub const PROTOCOL: u64 = 1;

/// The peers `--compare` knows, in report order.
pub const KNOWN_PEERS: [&str; 3] = ["onnxruntime", "openvino", "pytorch"];

/// Where the peers' venv is made by `setup.sh` (relative to the repository root).
pub const DEFAULT_VENV: &str = ".venv-peers";

/// The command that sets the peers up, for messages.
pub const SETUP_COMMAND: &str = "bash crates/albert-bench/peers/setup.sh";

/// Canonical peer name for what a user may type (`ort`, `ov`, `torch`, ...).
pub fn canonical_peer(name: &str) -> String {
    match name.trim().to_ascii_lowercase().as_str() {
        "ort" | "onnx" | "onnxruntime" => "onnxruntime".into(),
        "ov" | "openvino" => "openvino".into(),
        "torch" | "pytorch" | "pt" | "hf" | "transformers" => "pytorch".into(),
        other => other.into(),
    }
}

/// How to find and run the Python peers.
#[derive(Debug, Clone)]
pub struct PeerConfig {
    /// The Python interpreter; `None`: `$ALBERT_PEERS_PYTHON`, else `.venv-peers/bin/python`
    /// in the current directory or one of its ancestors, or above the executable, or
    /// at the repository this crate was built from.
    pub python: Option<PathBuf>,
    /// Cache for exported models, the helper script and peer logs; `None`:
    /// `$XDG_CACHE_HOME/albert-jit/peers` or `~/.cache/albert-jit/peers`.
    pub cache_dir: Option<PathBuf>,
    /// Extra environment for the helper processes.
    pub env: Vec<(String, String)>,
    /// Longest wait for a load (export + compile).
    pub load_timeout: Duration,
    /// Longest wait for any other request.
    pub run_timeout: Duration,
}

impl Default for PeerConfig {
    fn default() -> Self {
        PeerConfig {
            python: None,
            cache_dir: None,
            env: Vec::new(),
            load_timeout: Duration::from_secs(900),
            run_timeout: Duration::from_secs(300),
        }
    }
}

impl PeerConfig {
    /// The cache directory in effect.
    pub fn cache_dir(&self) -> PathBuf {
        if let Some(dir) = &self.cache_dir {
            return dir.clone();
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("albert-jit").join("peers")
    }

    /// The Python interpreter to use, or why there is none (a message for the user).
    pub fn find_python(&self) -> Result<PathBuf, String> {
        if let Some(p) = &self.python {
            return if p.exists() {
                Ok(p.clone())
            } else {
                Err(format!("python {} does not exist", p.display()))
            };
        }
        if let Some(p) = std::env::var_os("ALBERT_PEERS_PYTHON") {
            let p = PathBuf::from(p);
            return if p.exists() {
                Ok(p)
            } else {
                Err(format!("ALBERT_PEERS_PYTHON={} does not exist", p.display()))
            };
        }
        let mut roots: Vec<PathBuf> = Vec::new();
        if let Ok(cwd) = std::env::current_dir() {
            roots.extend(cwd.ancestors().map(Path::to_path_buf));
        }
        if let Ok(exe) = std::env::current_exe() {
            roots.extend(exe.ancestors().skip(1).map(Path::to_path_buf));
        }
        roots.extend(Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(Path::to_path_buf));
        for root in &roots {
            for bin in ["bin/python", "Scripts/python.exe"] {
                let p = root.join(DEFAULT_VENV).join(bin);
                if p.exists() {
                    return Ok(p);
                }
            }
        }
        Err(format!(
            "the peers are not set up (no {DEFAULT_VENV}/ found here, above the executable or in the source tree): \
             run `{SETUP_COMMAND}` or set ALBERT_PEERS_PYTHON"
        ))
    }
}

/// What the helper says about one peer in `hello`.
#[derive(Debug, Clone, Deserialize)]
pub struct PeerStatus {
    /// Importable here.
    pub available: bool,
    /// Installed package version.
    pub version: Option<String>,
    /// Why not available.
    pub error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Hello {
    protocol: u64,
    python: String,
    peers: std::collections::BTreeMap<String, PeerStatus>,
}

/// The helper's answer to `load`.
#[derive(Debug, Clone, Deserialize)]
pub struct Loaded {
    /// Handle for `run`.
    pub handle: String,
    /// Runtime name.
    pub runtime: String,
    /// Runtime version.
    pub version: String,
    /// Precision it runs in.
    pub precision: String,
    /// Load + export/convert + compile time in the helper, ms.
    pub load_ms: f64,
    /// Whether the exported model came from the cache.
    #[serde(default)]
    pub cached: bool,
    /// Free text: fused operators, attention implementation, ...
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
struct RunReply {
    ms: f64,
    shape: Vec<usize>,
    #[serde(default)]
    output_b64: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StatsReply {
    max_rss_bytes: Option<u64>,
}

/// One run of a peer: its own timing, and the output when asked for.
#[derive(Debug, Clone)]
pub struct PeerRun {
    /// Inference time measured inside the peer process.
    pub ms: f64,
    /// `[batch, seq, hidden]`.
    pub shape: Vec<usize>,
    /// `last_hidden_state`, row-major f32, when requested.
    pub output: Option<Vec<f32>>,
}

/// One helper process hosting one peer.
pub struct PeerProcess {
    peer: String,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    log_path: PathBuf,
    config: PeerConfig,
    /// The Python version of the helper.
    pub python_version: String,
    /// What `hello` said about this peer.
    pub status: PeerStatus,
}

impl PeerProcess {
    /// Starts the helper for `peer` with `python` and checks it can run that peer.
    /// An `Err` with `unsupported: true` means "skip this peer" (not installed, unknown).
    pub fn spawn(peer: &str, python: &Path, config: &PeerConfig) -> Result<Self, BenchError> {
        let cache = config.cache_dir();
        let logs = cache.join("logs");
        std::fs::create_dir_all(&logs)
            .map_err(|e| BenchError::io(format!("creating {}", logs.display()), e))?;
        let helper = cache.join("albert_peers.py");
        if std::fs::read_to_string(&helper).ok().as_deref() != Some(HELPER_SOURCE) {
            std::fs::write(&helper, HELPER_SOURCE)
                .map_err(|e| BenchError::io(format!("writing {}", helper.display()), e))?;
        }
        let log_path = logs.join(format!("{peer}.log"));
        let log = File::create(&log_path)
            .map_err(|e| BenchError::io(format!("creating {}", log_path.display()), e))?;
        let mut cmd = Command::new(python);
        cmd.arg(&helper)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .env("PYTHONUNBUFFERED", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        for (k, v) in &config.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| BenchError::Peer {
            peer: peer.to_string(),
            message: format!("cannot start {}: {e}", python.display()),
            unsupported: true,
        })?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let (tx, rx) = mpsc::channel();
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    match line {
                        Ok(l) => {
                            if tx.send(l).is_err() {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
            });
        }
        let mut proc = PeerProcess {
            peer: peer.to_string(),
            child,
            stdin,
            lines: rx,
            log_path,
            config: config.clone(),
            python_version: String::new(),
            status: PeerStatus { available: false, version: None, error: None },
        };
        let hello: Hello = proc.request(&json!({"op": "hello"}), config.run_timeout)?;
        if hello.protocol != PROTOCOL {
            return Err(proc.fail(format!(
                "helper speaks protocol {}, this albert-jit speaks {PROTOCOL}",
                hello.protocol
            )));
        }
        proc.python_version = hello.python;
        let status = hello.peers.get(peer).cloned().ok_or_else(|| BenchError::Peer {
            peer: peer.to_string(),
            message: format!("unknown peer (known: {})", KNOWN_PEERS.join(", ")),
            unsupported: true,
        })?;
        if !status.available {
            return Err(BenchError::Peer {
                peer: peer.to_string(),
                message: format!(
                    "not installed in {} ({}): run `{SETUP_COMMAND}`",
                    python.display(),
                    status.error.as_deref().unwrap_or("not importable")
                ),
                unsupported: true,
            });
        }
        proc.status = status;
        Ok(proc)
    }

    /// The peer's name.
    pub fn peer(&self) -> &str {
        &self.peer
    }

    /// The helper's stderr log.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Loads the model for `threads` threads at `precision`.
    pub fn load(&mut self, model_dir: &Path, threads: usize, precision: &str) -> Result<Loaded, BenchError> {
        let model_dir = std::fs::canonicalize(model_dir).unwrap_or_else(|_| model_dir.to_path_buf());
        let req = json!({
            "op": "load",
            "peer": self.peer,
            "model_dir": model_dir,
            "threads": threads,
            "precision": precision,
            "cache_dir": self.config.cache_dir(),
        });
        let timeout = self.config.load_timeout;
        self.request(&req, timeout)
    }

    /// Sends the input every following `run` uses.
    pub fn set_input(&mut self, input: &BenchInput) -> Result<(), BenchError> {
        let req = json!({
            "op": "input",
            "batch": input.batch,
            "seq": input.seq,
            "input_ids": input.input_ids,
            "token_type_ids": input.token_type_ids,
            "attention_mask": input.attention_mask,
        });
        let timeout = self.config.run_timeout;
        let _: Value = self.request(&req, timeout)?;
        Ok(())
    }

    /// One inference on the current input.
    pub fn run(&mut self, handle: &str, want_output: bool) -> Result<PeerRun, BenchError> {
        let req = json!({"op": "run", "handle": handle, "output": want_output});
        let timeout = self.config.run_timeout;
        let reply: RunReply = self.request(&req, timeout)?;
        let output = match reply.output_b64 {
            Some(b64) => Some(decode_f32(&b64).map_err(|m| self.fail(m))?),
            None => None,
        };
        Ok(PeerRun { ms: reply.ms, shape: reply.shape, output })
    }

    /// Frees a loaded model.
    pub fn unload(&mut self, handle: &str) -> Result<(), BenchError> {
        let timeout = self.config.run_timeout;
        let _: Value = self.request(&json!({"op": "unload", "handle": handle}), timeout)?;
        Ok(())
    }

    /// Peak RSS of the helper process (bytes), since start or the last reset.
    pub fn peak_rss_bytes(&mut self) -> Result<Option<u64>, BenchError> {
        let timeout = self.config.run_timeout;
        let s: StatsReply = self.request(&json!({"op": "stats"}), timeout)?;
        Ok(s.max_rss_bytes)
    }

    /// Resets the helper's peak RSS to its current RSS.
    pub fn reset_peak_rss(&mut self) -> Result<(), BenchError> {
        let timeout = self.config.run_timeout;
        let _: Value = self.request(&json!({"op": "reset_peak_rss"}), timeout)?;
        Ok(())
    }

    fn fail(&self, message: impl std::fmt::Display) -> BenchError {
        BenchError::peer(&self.peer, format!("{message} (log: {})", self.log_path.display()))
    }

    fn request<T: for<'de> Deserialize<'de>>(
        &mut self,
        req: &Value,
        timeout: Duration,
    ) -> Result<T, BenchError> {
        let line = serde_json::to_string(req)?;
        let write = match self.stdin.as_mut() {
            Some(stdin) => writeln!(stdin, "{line}").and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other("stdin closed")),
        };
        if let Err(e) = write {
            // A closed pipe means the helper is exiting: report it as an exit
            // (with its status when it comes within a second), whichever of the
            // write or the read noticed first.
            let mut status = None;
            for _ in 0..100 {
                if let Ok(Some(s)) = self.child.try_wait() {
                    status = Some(s.to_string());
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let status = status.unwrap_or_else(|| format!("writing to it failed: {e}"));
            return Err(self.fail(format!("helper exited ({status}){}", self.log_tail())));
        }
        let reply = match self.lines.recv_timeout(timeout) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                return Err(self.fail(format!(
                    "no answer to {} within {} s; helper killed",
                    req.get("op").and_then(Value::as_str).unwrap_or("?"),
                    timeout.as_secs()
                )));
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                return Err(self.fail(format!("helper exited ({status}){}", self.log_tail())));
            }
        };
        parse_reply(&self.peer, &reply).map_err(|e| match e {
            BenchError::Peer { peer, message, unsupported } => BenchError::Peer {
                peer,
                message: if unsupported {
                    message
                } else {
                    format!("{message} (log: {})", self.log_path.display())
                },
                unsupported,
            },
            other => other,
        })
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(8)..].join("\n    ");
        if tail.is_empty() {
            String::new()
        } else {
            format!(":\n    {tail}")
        }
    }
}

impl Drop for PeerProcess {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = writeln!(stdin, "{{\"op\":\"quit\"}}");
            let _ = stdin.flush();
        }
        // Give it a moment to exit cleanly, then make sure.
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses one reply line: `{"ok": true, ...}` into `T`, `{"ok": false, "error": ...}`
/// into [`BenchError::Peer`].
pub fn parse_reply<T: for<'de> Deserialize<'de>>(peer: &str, line: &str) -> Result<T, BenchError> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        BenchError::peer(
            peer,
            format!("unreadable reply ({e}): {}", line.chars().take(200).collect::<String>()),
        )
    })?;
    match value.get("ok").and_then(Value::as_bool) {
        Some(true) => serde_json::from_value(value).map_err(|e| {
            BenchError::peer(
                peer,
                format!("unexpected reply ({e}): {}", line.chars().take(200).collect::<String>()),
            )
        }),
        Some(false) => Err(BenchError::Peer {
            peer: peer.to_string(),
            message: value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("failed without a message")
                .to_string(),
            unsupported: value.get("unsupported").and_then(Value::as_bool).unwrap_or(false),
        }),
        None => Err(BenchError::peer(peer, format!("reply without \"ok\": {line}"))),
    }
}

/// Decodes base64 little-endian f32s.
pub fn decode_f32(b64: &str) -> Result<Vec<f32>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| format!("bad base64 output: {e}"))?;
    if bytes.len() % 4 != 0 {
        return Err(format!("output of {} bytes is not f32s", bytes.len()));
    }
    Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// A peer used as an [`Engine`] (timed from Rust, IPC included): a stand-in for
/// albert-jit while it is not wired, and a way to bench one peer alone.
pub struct PeerEngine {
    process: PeerProcess,
    loaded: Loaded,
    input: Option<BenchInput>,
}

impl PeerEngine {
    /// Starts `peer` and loads `model_dir` for `threads` threads. Returns the engine and
    /// its load time (as measured by the peer).
    pub fn start(
        peer: &str,
        model_dir: &Path,
        threads: usize,
        precision: &str,
        config: &PeerConfig,
    ) -> Result<(Self, Duration), BenchError> {
        let python = config.find_python().map_err(|m| BenchError::Peer {
            peer: peer.to_string(),
            message: m,
            unsupported: true,
        })?;
        let mut process = PeerProcess::spawn(&canonical_peer(peer), &python, config)?;
        let loaded = process.load(model_dir, threads, precision)?;
        let load = Duration::from_secs_f64(loaded.load_ms.max(0.0) / 1e3);
        Ok((PeerEngine { process, loaded, input: None }, load))
    }
}

impl Engine for PeerEngine {
    fn name(&self) -> String {
        self.loaded.runtime.clone()
    }
    fn version(&self) -> String {
        self.loaded.version.clone()
    }
    fn precision(&self) -> String {
        self.loaded.precision.clone()
    }
    fn prepare(&mut self, input: &BenchInput) -> Result<(), BenchError> {
        self.process.set_input(input)?;
        self.input = Some(input.clone());
        Ok(())
    }
    fn run(&mut self, input: &BenchInput) -> Result<Vec<f32>, BenchError> {
        if self.input.as_ref() != Some(input) {
            self.prepare(input)?;
        }
        let handle = self.loaded.handle.clone();
        let run = self.process.run(&handle, true)?;
        run.output.ok_or_else(|| BenchError::peer(&self.loaded.runtime, "no output in the reply"))
    }
}
