//! The server end to end over real HTTP on an ephemeral loopback port, with
//! the small fixture model: every route (answers compared with direct
//! `Session` calls), every error code with TEI's body, the auth rule, 429
//! under load, concurrency without lost answers, disconnects, shutdown.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use albert_runtime::{Pooling, Session, SessionOptions};
use albert_server::{ServeTask, Server, ServerConfig};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

/// Embeddings and scores from the server and from the session run in
/// different batch shapes (other rows, other padding); they agree to float
/// rounding.
const TOL: f32 = 1e-5;

fn model_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/albert-tiny"))
}

fn session() -> Arc<Session> {
    static S: OnceLock<Arc<Session>> = OnceLock::new();
    S.get_or_init(|| {
        Arc::new(
            Session::open(&model_dir(), SessionOptions { threads: 2, ..Default::default() }).expect("open"),
        )
    })
    .clone()
}

fn config() -> ServerConfig {
    ServerConfig {
        model_id: "albert-tiny".into(),
        max_batch_tokens: 512,
        max_batch_requests: Some(16),
        ..ServerConfig::default()
    }
}

struct Running {
    url: String,
    server: Server,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    client: reqwest::Client,
}

async fn start(config: ServerConfig) -> Running {
    let server = Server::new(session(), config).expect("server");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.clone().serve(listener, async {
        let _ = rx.await;
    }));
    Running { url, server, stop: Some(tx), task, client: reqwest::Client::new() }
}

impl Running {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.post_raw(path, body.to_string().into_bytes(), None).await
    }

    async fn post_raw(&self, path: &str, body: Vec<u8>, key: Option<&str>) -> (u16, Value) {
        let mut req = self
            .client
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .body(body);
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let resp = self.client.get(format!("{}{path}", self.url)).send().await.expect("send");
        (resp.status().as_u16(), resp.text().await.expect("body"))
    }

    async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.task.await.expect("join").expect("serve");
    }

    async fn wait_queue(&self, n: usize) {
        let t0 = Instant::now();
        while self.server.batcher().len() != n {
            assert!(t0.elapsed() < Duration::from_secs(10), "queue never reached {n}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number") as f32).collect()
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TOL)
}

fn normalized(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|&x| (x as f64).powi(2)).sum::<f64>().sqrt().max(1e-12);
    v.iter().map(|&x| (x as f64 / n) as f32).collect()
}

/// Fill-mask answers agree: same tokens and texts, scores within TOL.
fn same_fill_mask(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_fill_mask(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x["token"] == y["token"]
                && x["token_str"] == y["token_str"]
                && x["sequence"] == y["sequence"]
                && (x["score"].as_f64().unwrap_or(-1.0) - y["score"].as_f64().unwrap_or(1.0)).abs()
                    <= TOL as f64
        }
        _ => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_like_the_session() {
    let s = session();
    let srv = start(config()).await;
    let texts =
        ["the quick brown fox", "hello world", "a much longer sentence with quite a few more words in it"];

    let (st, v) = srv.post("/embed", json!({"inputs": texts})).await;
    assert_eq!(st, 200, "{v}");
    let direct = s.embed(&texts, Pooling::Mean, false).expect("embed");
    for (got, want) in v.as_array().expect("list").iter().zip(&direct) {
        assert!(close(&floats(got), &normalized(want)));
    }
    let (st, v) = srv.post("/embed", json!({"inputs": "hello world", "normalize": false})).await;
    assert_eq!(st, 200);
    assert!(close(&floats(&v[0]), &direct[1]), "single input, raw embedding");
    let (_, v) = srv.post("/embed", json!({"inputs": "hello world", "dimensions": 4})).await;
    assert_eq!(v[0].as_array().map(Vec::len), Some(4));

    let (st, v) = srv.post("/embed_all", json!({"inputs": "hello world"})).await;
    assert_eq!(st, 200);
    let (batch, _) = s.encode(&[("hello world", None)], None, false).expect("encode");
    let out = s.forward(&batch, Default::default()).expect("forward");
    let h = s.config().hidden_size;
    let rows = v[0].as_array().expect("tokens");
    assert_eq!(rows.len(), batch.seq);
    for (t, row) in rows.iter().enumerate() {
        assert!(close(&floats(row), &out.last_hidden_state[t * h..(t + 1) * h]));
    }

    let pair = ("He went to the store.", "He bought a gallon of milk.");
    let (st, v) = srv.post("/predict", json!({"inputs": [pair.0, pair.1]})).await;
    assert_eq!(st, 200, "{v}");
    let sop = s.sop(pair.0, pair.1, false).expect("sop");
    let score = |label: &str| {
        v.as_array().expect("list").iter().find(|p| p["label"] == label).expect("label")["score"]
            .as_f64()
            .expect("score")
    };
    assert!((score("in_order") - sop["in_order"].as_f64().expect("p")).abs() < 1e-5);
    assert!((score("swapped") - sop["swapped"].as_f64().expect("p")).abs() < 1e-5);
    assert!(v[0]["score"].as_f64() >= v[1]["score"].as_f64(), "best label first");
    let (st, v) = srv
        .post("/predict", json!({"inputs": [[pair.0, pair.1], [pair.1, pair.0]], "raw_scores": true}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    let logits = sop["logits"].as_array().expect("logits");
    let raw = |label: &str| {
        v[0].as_array().expect("list").iter().find(|p| p["label"] == label).expect("l")["score"].as_f64()
    };
    assert!((raw("in_order").expect("x") - logits[0].as_f64().expect("x")).abs() < 1e-5);

    let masked = ["the capital of france is [MASK].", "[MASK] went to the [MASK]."];
    for (inputs, params, direct) in [
        (json!(masked[0]), json!({"top_k": 3}), s.fill_mask(&masked[..1], 3, None)),
        (json!(masked), json!({}), s.fill_mask(&masked, 5, None)),
        (
            json!(masked[0]),
            json!({"targets": ["paris", "london"]}),
            s.fill_mask(&masked[..1], 5, Some(&["paris".into(), "london".into()])),
        ),
    ] {
        let (st, v) = srv.post("/fill-mask", json!({"inputs": inputs, "parameters": params})).await;
        assert_eq!(st, 200, "{v}");
        assert!(same_fill_mask(&v, &direct.expect("fill_mask")), "{v}");
    }
    // POST / and /invocations go to the --task route (fill-mask by default).
    for path in ["/", "/invocations"] {
        let (st, v) = srv.post(path, json!({"inputs": masked[0], "parameters": {"top_k": 2}})).await;
        assert_eq!(st, 200);
        assert!(same_fill_mask(&v, &s.fill_mask(&masked[..1], 2, None).expect("fill")));
    }

    let (st, v) = srv.post("/tokenize", json!({"inputs": "Hello, Wörld!"})).await;
    assert_eq!(st, 200);
    let toks = v[0].as_array().expect("tokens");
    let enc =
        s.tokenizer().expect("tokenizer").encode("Hello, Wörld!", None, &Default::default()).expect("enc");
    let ids: Vec<u64> = toks.iter().map(|t| t["id"].as_u64().expect("id")).collect();
    assert_eq!(ids, enc.input_ids.iter().map(|&i| i as u64).collect::<Vec<_>>());
    assert_eq!(toks[0]["special"], true);
    assert_eq!(toks[0]["start"], Value::Null);
    let text_of: Vec<&str> = toks.iter().map(|t| t["text"].as_str().expect("text")).collect();
    assert!(text_of.contains(&"Hello") && text_of.contains(&"Wörld"), "{text_of:?}");
    let world = toks.iter().find(|t| t["text"] == "Wörld").expect("Wörld");
    assert_eq!((world["start"].as_u64(), world["stop"].as_u64()), (Some(7), Some(13)));
    let (_, v) = srv.post("/tokenize", json!({"inputs": ["a b"], "add_special_tokens": false})).await;
    assert!(v[0].as_array().expect("tokens").iter().all(|t| t["special"] == false));

    let (st, v) = srv.post("/decode", json!({"ids": enc.input_ids})).await;
    assert_eq!(st, 200);
    assert_eq!(v, json!([s.tokenizer().expect("tokenizer").decode(&enc.input_ids, true)]));
    let (_, v) = srv
        .post(
            "/decode",
            json!({"ids": [enc.input_ids.clone(), enc.input_ids.clone()], "skip_special_tokens": false}),
        )
        .await;
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert!(v[0].as_str().expect("text").contains("[CLS]"));

    let (st, info) = srv.get("/info").await;
    assert_eq!(st, 200);
    let info: Value = serde_json::from_str(&info).expect("json");
    for key in [
        "model_id",
        "model_dtype",
        "model_type",
        "max_concurrent_requests",
        "max_input_length",
        "max_batch_tokens",
        "max_client_batch_size",
        "auto_truncate",
        "version",
    ] {
        assert!(info.get(key).is_some(), "/info lacks {key}");
    }
    assert_eq!(info["model_id"], "albert-tiny");
    assert_eq!(info["max_input_length"], 512);
    assert_eq!(srv.get("/health").await.0, 200);
    assert_eq!(srv.get("/ping").await.0, 200);
    let (st, doc) = srv.get("/openapi.json").await;
    assert_eq!(st, 200);
    let doc: Value = serde_json::from_str(&doc).expect("openapi json");
    for p in ["/embed", "/embed_all", "/predict", "/fill-mask", "/tokenize", "/decode", "/info", "/metrics"] {
        assert!(doc["paths"].get(p).is_some(), "openapi lacks {p}");
    }
    let (st, html) = srv.get("/docs").await;
    assert_eq!(st, 200);
    assert!(html.contains("<html"), "docs page");

    let (st, m) = srv.get("/metrics").await;
    assert_eq!(st, 200);
    for name in [
        "te_request_count",
        "te_request_success",
        "te_request_failure",
        "te_request_duration_bucket",
        "te_request_tokenization_duration_count",
        "te_request_queue_duration_count",
        "te_request_inference_duration_count",
        "te_request_input_length_count",
        "te_queue_size",
        "te_batch_next_size_count",
        "te_batch_next_tokens_count",
    ] {
        assert!(m.contains(name), "/metrics lacks {name}");
    }
    assert!(m.contains("te_request_success{method=\"batch\"}"));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_mistakes_get_tei_errors_never_500() {
    let srv = start(ServerConfig { payload_limit: 4000, max_client_batch_size: 4, ..config() }).await;
    let long = "word ".repeat(600);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("/embed", b"{".to_vec(), 422, "validation"),
        ("/embed", b"not json at all".to_vec(), 422, "validation"),
        ("/embed", br#"{"input": "x"}"#.to_vec(), 422, "validation"),
        ("/embed", br#"{"inputs": []}"#.to_vec(), 422, "empty"),
        ("/embed", br#"{"inputs": ""}"#.to_vec(), 422, "empty"),
        ("/embed", br#"{"inputs": [1, 2]}"#.to_vec(), 422, "validation"),
        ("/embed", br#"{"inputs": null}"#.to_vec(), 422, "validation"),
        ("/embed", br#"{"inputs": "x", "dimensions": 0}"#.to_vec(), 422, "validation"),
        ("/embed", json!({"inputs": long.trim()}).to_string().into_bytes(), 422, "validation"),
        ("/embed", br#"{"inputs": ["a","b","c","d","e"]}"#.to_vec(), 413, "validation"),
        ("/embed", json!({"inputs": "x".repeat(5000)}).to_string().into_bytes(), 413, "payload_limit"),
        ("/fill-mask", br#"{"inputs": "no mask here"}"#.to_vec(), 422, "validation"),
        ("/fill-mask", br#"{"inputs": "a [MASK]", "parameters": {"top_k": 0}}"#.to_vec(), 422, "validation"),
        ("/fill-mask", br#"{"inputs": "a [MASK]", "parameters": {"top_k": -1}}"#.to_vec(), 422, "validation"),
        (
            "/fill-mask",
            br#"{"inputs": "a [MASK]", "parameters": {"targets": ["new york"]}}"#.to_vec(),
            422,
            "validation",
        ),
        (
            "/fill-mask",
            br#"{"inputs": "a [MASK]", "parameters": {"targets": []}}"#.to_vec(),
            422,
            "validation",
        ),
        ("/predict", br#"{"inputs": "one text"}"#.to_vec(), 422, "validation"),
        ("/predict", br#"{"inputs": ["a", "b", "c"]}"#.to_vec(), 422, "validation"),
        ("/predict", br#"{"inputs": [["a", ""]]}"#.to_vec(), 422, "empty"),
        ("/tokenize", br#"{"inputs": {"a": 1}}"#.to_vec(), 422, "validation"),
        ("/decode", br#"{"ids": []}"#.to_vec(), 422, "empty"),
        ("/decode", br#"{"ids": ["a"]}"#.to_vec(), 422, "validation"),
        ("/decode", br#"{"ids": [-1]}"#.to_vec(), 422, "validation"),
    ];
    for (path, body, status, kind) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(60)]).to_string();
        let (st, v) = srv.post_raw(path, body, None).await;
        assert_eq!(st, status, "{path} {shown}: {v}");
        assert_eq!(v["error_type"], kind, "{path} {shown}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    }
    // Truncation makes the long text acceptable, from either end.
    for dir in ["Right", "Left"] {
        let (st, v) = srv
            .post("/embed", json!({"inputs": long.trim(), "truncate": true, "truncation_direction": dir}))
            .await;
        assert_eq!(st, 200, "{v}");
    }
    let (st, v) = srv.post("/embed_all", json!({"inputs": long.trim(), "truncate": true})).await;
    assert_eq!(st, 200);
    assert_eq!(v[0].as_array().map(Vec::len), Some(512));
    // Unknown routes and methods.
    let (st, v) = srv.post("/nope", json!({})).await;
    assert_eq!((st, v["error_type"].as_str()), (404, Some("not_found")));
    let (st, body) = srv.get("/embed").await;
    assert_eq!(st, 405);
    assert!(body.contains("method_not_allowed"));
    let resp = srv.client.delete(format!("{}/health", srv.url)).send().await.expect("send");
    assert_eq!(resp.status().as_u16(), 405);
    let (_, m) = srv.get("/metrics").await;
    assert!(m.contains("te_request_failure{err=\"payload_limit\"} 1"), "{m}");
    srv.stop().await;

    // --auto-truncate: over-long inputs are cut unless the request says otherwise.
    let srv = start(ServerConfig { auto_truncate: true, ..config() }).await;
    assert_eq!(srv.post("/embed", json!({"inputs": long.trim()})).await.0, 200);
    assert_eq!(srv.post("/embed", json!({"inputs": long.trim(), "truncate": false})).await.0, 422);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_key_guards_all_but_health_ping_metrics() {
    let srv = start(ServerConfig { api_key: Some("s3cret".into()), ..config() }).await;
    let body = br#"{"inputs": "hello"}"#.to_vec();
    let (st, v) = srv.post_raw("/embed", body.clone(), None).await;
    assert_eq!((st, v["error_type"].as_str()), (401, Some("unauthorized")));
    assert_eq!(srv.post_raw("/embed", body.clone(), Some("wrong")).await.0, 401);
    assert_eq!(srv.post_raw("/embed", body.clone(), Some("s3cret")).await.0, 200);
    assert_eq!(srv.get("/info").await.0, 401);
    for open in ["/health", "/ping", "/metrics"] {
        assert_eq!(srv.get(open).await.0, 200, "{open} must not need the key");
    }
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_server_answers_429_and_recovers() {
    let srv = Arc::new(start(ServerConfig { max_concurrent_requests: 2, ..config() }).await);
    let hold = srv.server.batcher().hold();
    let mut waiting = Vec::new();
    for _ in 0..2 {
        let s = srv.clone();
        waiting.push(tokio::spawn(async move { s.post("/embed", json!({"inputs": "queued"})).await }));
    }
    srv.wait_queue(2).await;
    let (st, v) = srv.post("/embed", json!({"inputs": "one too many"})).await;
    assert_eq!((st, v["error_type"].as_str()), (429, Some("overloaded")));
    drop(hold);
    for w in waiting {
        assert_eq!(w.await.expect("join").0, 200);
    }
    assert_eq!(srv.post("/embed", json!({"inputs": "again"})).await.0, 200);
    let (_, m) = srv.get("/metrics").await;
    assert!(m.contains("te_request_failure{err=\"overloaded\"} 1"), "{m}");
    let srv = Arc::into_inner(srv).expect("last reference");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_are_batched_and_none_is_lost() {
    let s = session();
    let srv = Arc::new(start(config()).await);
    let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
    let hold = srv.server.batcher().hold();
    let mut tasks = Vec::new();
    for i in 0..48usize {
        let srv = srv.clone();
        let text = format!("{} {} [MASK] {}", words[i % 8], words[(i / 8) % 8], "x ".repeat(i % 5));
        tasks.push(tokio::spawn(async move {
            let (path, body) = match i % 3 {
                0 => ("/embed", json!({"inputs": text.replace("[MASK]", "y"), "normalize": false})),
                1 => ("/fill-mask", json!({"inputs": text, "parameters": {"top_k": 2}})),
                _ => ("/predict", json!({"inputs": [text.replace("[MASK]", "a"), "second sentence"]})),
            };
            (i, text, srv.post(path, body).await)
        }));
    }
    srv.wait_queue(48).await;
    drop(hold);
    for t in tasks {
        let (i, text, (st, v)) = t.await.expect("join");
        assert_eq!(st, 200, "request {i}: {v}");
        match i % 3 {
            0 => {
                let t = text.replace("[MASK]", "y");
                let want = s.embed(&[t.as_str()], Pooling::Mean, false).expect("embed");
                assert!(close(&floats(&v[0]), &want[0]), "embedding {i}");
            }
            1 => assert!(
                same_fill_mask(&v, &s.fill_mask(&[text.as_str()], 2, None).expect("fill")),
                "fill-mask {i}"
            ),
            _ => {
                let sop = s.sop(&text.replace("[MASK]", "a"), "second sentence", false).expect("sop");
                let got =
                    v.as_array().expect("list").iter().find(|p| p["label"] == "in_order").expect("label");
                assert!(
                    (got["score"].as_f64().expect("s") - sop["in_order"].as_f64().expect("p")).abs() < 1e-5
                );
            }
        }
    }
    // 48 sequences in a held queue make few batches, not 48.
    let (_, m) = srv.get("/metrics").await;
    let value = |name: &str| -> f64 {
        m.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name}: {m}"))
    };
    assert_eq!(value("te_batch_next_size_sum "), 48.0);
    assert!(value("te_batch_next_size_count ") <= 8.0, "{m}");
    let srv = Arc::into_inner(srv).expect("last reference");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_of_disconnected_clients_are_dropped() {
    let srv = start(config()).await;
    let hold = srv.server.batcher().hold();
    let addr = srv.url.trim_start_matches("http://").to_string();
    let body = json!({"inputs": ["gone client one", "gone client two"]}).to_string();
    let mut conn = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    let req = format!(
        "POST /embed HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(req.as_bytes()).await.expect("write");
    srv.wait_queue(2).await;
    drop(conn);
    let t0 = Instant::now();
    while srv.server.batcher().dropped() < 2 {
        assert!(t0.elapsed() < Duration::from_secs(10), "entries of a gone client were not dropped");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(srv.server.batcher().len(), 0);
    drop(hold);
    // Nothing ran for it, and the server still serves.
    let (_, m) = srv.get("/metrics").await;
    assert!(m.contains("te_batch_next_size_count 0"), "{m}");
    assert!(m.contains("albert_queue_dropped 2"));
    assert_eq!(srv.post("/embed", json!({"inputs": "still here"})).await.0, 200);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_requests_in_flight() {
    let srv = start(ServerConfig { task: ServeTask::Embed, ..config() }).await;
    let hold = srv.server.batcher().hold();
    let (client, url) = (srv.client.clone(), srv.url.clone());
    let in_flight = tokio::spawn(async move {
        let r =
            client.post(format!("{url}/")).json(&json!({"inputs": "in flight"})).send().await.expect("send");
        (r.status().as_u16(), r.text().await.expect("body"))
    });
    srv.wait_queue(1).await;
    let Running { url, server, mut stop, task, client } = srv;
    if let Some(tx) = stop.take() {
        let _ = tx.send(());
    }
    // Stopped accepting: a new connection is refused (or closed) while the
    // old request is still queued.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(client.get(format!("{url}/health")).send().await.is_err(), "still accepting after shutdown");
    assert!(!task.is_finished(), "returned before the request in flight finished");
    drop(hold);
    let (st, body) = in_flight.await.expect("join");
    assert_eq!(st, 200, "{body}");
    task.await.expect("join").expect("serve");
    assert!(!server.batcher().is_alive(), "inference thread stopped");
}
