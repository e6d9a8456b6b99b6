//! `albert-jit serve`: a Hugging Face text-embeddings-inference (TEI)
//! compatible HTTP server over an [`albert_runtime::Session`], that also
//! serves ALBERT's own heads (fill-mask, sentence order).
//!
//! The layout follows TEI's router (`router/src/http/server.rs`): one typed
//! request/response per route ([`api`]), one error type mapped to status
//! codes in one place ([`error`]), and a batching queue with a token budget
//! whose forward passes run on their own thread ([`queue`]), never on the
//! async runtime's threads. Metrics use TEI's names ([`metrics`]).
//!
//! ```no_run
//! # async fn demo(session: std::sync::Arc<albert_runtime::Session>) -> Result<(), Box<dyn std::error::Error>> {
//! let server = albert_server::Server::new(session, albert_server::ServerConfig::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! server.serve(listener, albert_server::shutdown_signal()).await?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod metrics;
pub mod queue;
mod routes;
mod tokens;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use albert_runtime::{Pooling, Session, Wanted};

pub use api::Limits;
pub use error::{ErrorResponse, ServerError};
pub use queue::{BucketGrid, Hold};

/// What `POST /` and `POST /invocations` serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ServeTask {
    /// `/fill-mask`.
    #[default]
    FillMask,
    /// `/embed`.
    Embed,
    /// `/predict` (sentence order).
    Sop,
}

/// The server's settings (TEI's flags, plus the task and the pooling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// The model's name in `/info`.
    pub model_id: String,
    /// What `POST /` serves.
    pub task: ServeTask,
    /// How `/embed` pools token vectors.
    pub pooling: Pooling,
    /// Requests in flight before 429 (`--max-concurrent-requests`).
    pub max_concurrent_requests: usize,
    /// Padded tokens per batch (`--max-batch-tokens`).
    pub max_batch_tokens: usize,
    /// Sequences per batch (`--max-batch-requests`; default: the largest batch bucket).
    pub max_batch_requests: Option<usize>,
    /// Inputs per request (`--max-client-batch-size`).
    pub max_client_batch_size: usize,
    /// Body bytes (`--payload-limit`).
    pub payload_limit: usize,
    /// Required `Authorization: Bearer` key (`--api-key`).
    pub api_key: Option<String>,
    /// Truncate over-long inputs unless a request says otherwise (`--auto-truncate`).
    pub auto_truncate: bool,
    /// Bytes the compiled buckets' activation arenas may take
    /// (`--max-bucket-memory-mb`): each (batch, seq) shape owns an arena, so
    /// the token budget of a batch is halved until the grid fits.
    pub max_bucket_memory: usize,
    /// Show bucket compilation progress on stderr.
    pub progress: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            model_id: "albert".into(),
            task: ServeTask::FillMask,
            pooling: Pooling::Mean,
            max_concurrent_requests: 512,
            max_batch_tokens: 16384,
            max_batch_requests: None,
            max_client_batch_size: 32,
            payload_limit: 2_000_000,
            api_key: None,
            auto_truncate: false,
            max_bucket_memory: 2 << 30,
            progress: false,
        }
    }
}

/// A started server: buckets compiled, inference thread running.
#[derive(Clone)]
pub struct Server {
    state: Arc<routes::AppState>,
}

impl Server {
    /// Checks the configuration against the model, compiles every bucket
    /// (with progress if `config.progress`) and starts the inference thread.
    pub fn new(session: Arc<Session>, config: ServerConfig) -> Result<Server, ServerError> {
        let bad = |m: String| Err(ServerError::Validation(m));
        if config.max_concurrent_requests == 0 || config.max_client_batch_size == 0 {
            return bad("--max-concurrent-requests and --max-client-batch-size must be at least 1".into());
        }
        if config.max_batch_requests == Some(0) {
            return bad("--max-batch-requests must be at least 1".into());
        }
        // Every route tokenizes: load it now, so a broken tokenizer fails the start.
        session.tokenizer().map_err(|e| ServerError::Validation(e.to_string()))?;
        let heads = session.heads();
        let needed = match config.task {
            ServeTask::FillMask => Wanted { mlm: true, ..Wanted::default() },
            ServeTask::Embed => Wanted { pooler: config.pooling == Pooling::Pooler, ..Wanted::default() },
            ServeTask::Sop => Wanted { sop: true, ..Wanted::default() },
        };
        session.check_heads(needed).map_err(|e| ServerError::Validation(e.to_string()))?;
        if config.pooling == Pooling::Pooler {
            session
                .check_heads(Wanted { pooler: true, ..Wanted::default() })
                .map_err(|e| ServerError::Validation(e.to_string()))?;
        }
        // Two graphs: the base one (hidden states, pooler, SOP logits: the
        // heads cost ~1 % of the forward pass) serves /embed, /embed_all and
        // /predict in shared batches; the masked-LM one serves /fill-mask.
        let base = Wanted { pooler: config.pooling == Pooling::Pooler, mlm: false, sop: heads.sop };
        let mlm = Wanted { mlm: true, ..Wanted::default() };
        let (grid, mlm_grid, max_input_length, memory) = match session.artifact() {
            // An artifact: its compiled buckets are the grid (their arenas are allocated when
            // first used); longer inputs than its longest bucket are refused or truncated.
            Some(art) => {
                let g = BucketGrid::compiled(&art.buckets(), config.max_batch_requests);
                let max = g.max_positions.min(session.config().max_position_embeddings);
                if config.progress {
                    eprintln!(
                        "buckets: the artifact's {} compiled shapes (batch × seq), inputs up to {max} tokens",
                        g.shapes().len()
                    );
                }
                let memory = art.header().buckets.iter().map(|b| b.arena_bytes).sum::<usize>();
                (g.clone(), g, max, memory)
            }
            None => {
                let max_input_length = session.config().max_position_embeddings;
                let s_max = albert_runtime::seq_bucket(max_input_length, max_input_length);
                if s_max > config.max_batch_tokens {
                    return bad(format!(
                    "--max-batch-tokens {} must be at least the model's max input length {max_input_length}",
                    config.max_batch_tokens
                ));
                }
                let grid_for = |t: usize| BucketGrid::new(t, config.max_batch_requests, max_input_length);
                let per_token = [
                    queue::arena_bytes_per_token(&session, base, max_input_length)?,
                    if heads.mlm {
                        queue::arena_bytes_per_token(&session, mlm, max_input_length)?
                    } else {
                        0
                    },
                ];
                let tokens =
                    fit_memory(config.max_batch_tokens, s_max, per_token, config.max_bucket_memory, grid_for);
                let (grid, mlm_grid) = (grid_for(tokens[0]), grid_for(tokens[1]));
                let memory = per_token[0] * grid.total_tokens() + per_token[1] * mlm_grid.total_tokens();
                if config.progress {
                    eprintln!(
                    "buckets: {} shapes up to {} tokens (fill-mask: {} up to {}); activation arenas ≈ {} MiB \
                     ({} KiB a token, {} KiB with the masked-LM head)",
                    grid.shapes().len(),
                    tokens[0],
                    if heads.mlm { mlm_grid.shapes().len() } else { 0 },
                    tokens[1],
                    memory >> 20,
                    per_token[0] >> 10,
                    per_token[1] >> 10
                );
                    if tokens[0] < config.max_batch_tokens
                        || (heads.mlm && tokens[1] < config.max_batch_tokens)
                    {
                        eprintln!(
                        "note: --max-batch-tokens {} would need more than --max-bucket-memory-mb {} for the \
                         compiled buckets; batches hold at most {} tokens ({} for fill-mask)",
                        config.max_batch_tokens,
                        config.max_bucket_memory >> 20,
                        tokens[0],
                        tokens[1]
                    );
                    }
                    if memory > config.max_bucket_memory {
                        eprintln!(
                        "note: even the smallest grid (batches of one {s_max}-token sequence) takes ≈ {} MiB, \
                         above --max-bucket-memory-mb {}",
                        memory >> 20,
                        config.max_bucket_memory >> 20
                    );
                    }
                }
                (grid, mlm_grid, max_input_length, memory)
            }
        };
        let mut plans = vec![(base, &grid)];
        if heads.mlm {
            plans.push((mlm, &mlm_grid));
        }
        queue::compile_buckets(&session, &plans, config.progress)?;
        let metrics = Arc::new(metrics::Metrics::default());
        let engine = queue::Engine {
            session: session.clone(),
            grid: grid.clone(),
            mlm_grid: mlm_grid.clone(),
            base,
            mlm,
            pooling: config.pooling,
        };
        let batcher = queue::Batcher::start(engine, metrics.clone())?;
        let labels = sop_labels(&session);
        let grids = routes::Grids { base: grid, fill_mask: mlm_grid, memory };
        let state = routes::AppState::new(session, config, batcher, metrics, grids, labels, max_input_length);
        Ok(Server { state: Arc::new(state) })
    }

    /// The HTTP routes (with auth, limits and fallbacks), to serve or test.
    pub fn router(&self) -> axum::Router {
        routes::router(self.state.clone())
    }

    /// The `/info` document.
    pub fn info(&self) -> api::Info {
        self.state.info.clone()
    }

    /// The batching queue (to pause it, or read its counters).
    pub fn batcher(&self) -> &queue::Batcher {
        &self.state.batcher
    }

    /// Serves on `listener` until `shutdown` resolves, then stops accepting,
    /// finishes the requests in flight and stops the inference thread.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = self.router();
        axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
        let state = self.state.clone();
        tokio::task::spawn_blocking(move || state.batcher.close())
            .await
            .map_err(|e| std::io::Error::other(format!("inference thread: {e}")))?;
        Ok(())
    }
}

/// The token budgets of the two grids (base, masked LM): `max_tokens`, halved
/// for the grid that costs the most until the arenas fit `memory` bytes, but
/// never below `floor` (the longest input must fit a batch of one).
fn fit_memory(
    max_tokens: usize,
    floor: usize,
    per_token: [usize; 2],
    memory: usize,
    grid_for: impl Fn(usize) -> BucketGrid,
) -> [usize; 2] {
    let mut t = [max_tokens; 2];
    let cost = |k: usize, t: usize| per_token[k] * grid_for(t).total_tokens();
    while cost(0, t[0]) + cost(1, t[1]) > memory {
        let shrinkable = (0..2).filter(|&k| t[k] / 2 >= floor && per_token[k] > 0);
        match shrinkable.max_by_key(|&k| cost(k, t[k])) {
            Some(k) => t[k] /= 2,
            None => break,
        }
    }
    t
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The SOP labels: the config's `id2label` when it names them, else
/// `in_order` / `swapped` (Hugging Face's default `LABEL_0`/`LABEL_1` say nothing).
fn sop_labels(session: &Session) -> [String; 2] {
    let default = ["in_order".to_string(), "swapped".to_string()];
    let Ok(text) = session.config_json() else {
        return default;
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return default;
    };
    let Some(map) = v.get("id2label").and_then(|m| m.as_object()) else {
        return default;
    };
    let labels: BTreeMap<&str, &str> =
        map.iter().filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))).collect();
    match (labels.get("0"), labels.get("1")) {
        (Some(a), Some(b)) if !(a.starts_with("LABEL_") && b.starts_with("LABEL_")) => {
            [a.to_string(), b.to_string()]
        }
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_budget_halves_the_costliest_grid_first() {
        let grid_for = |t: usize| BucketGrid::new(t, None, 512);
        let cost = |t: usize, per: usize| grid_for(t).total_tokens() * per;
        // Plenty of memory: the flag's budget as is.
        assert_eq!(fit_memory(2048, 512, [100, 400], usize::MAX, grid_for), [2048, 2048]);
        // The masked-LM grid costs 4× a token: it shrinks first.
        let budget = cost(2048, 100) + cost(1024, 400);
        assert_eq!(fit_memory(2048, 512, [100, 400], budget, grid_for), [2048, 1024]);
        // Never below the floor, even if the budget cannot be met.
        assert_eq!(fit_memory(2048, 512, [100, 400], 1, grid_for), [512, 512]);
        // A model without the head: its grid costs nothing and stays.
        assert_eq!(fit_memory(1024, 512, [100, 0], 1, grid_for), [512, 1024]);
    }
}
