//! The HTTP routes: one handler per route, each parsing its typed request,
//! tokenizing off the async threads, queueing one entry per sequence and
//! shaping TEI's answer. Auth, the concurrency semaphore, body limits and
//! the metrics are applied here, in one wrapper ([`respond`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tokio::sync::Semaphore;
use utoipa::OpenApi;
use utoipa_scalar::{Scalar, Servable};

use albert_runtime::{softmax_f32, Pooling, Session};
use albert_tokenizer::Encoding;

use crate::api::{
    self, DecodeRequest, DecodeResponse, EmbedAllResponse, EmbedRequest, EmbedResponse, FillMaskRequest,
    FillMaskResponse, FillMaskResult, Info, Limits, ModelType, PredictRequest, PredictResponse, Prediction,
    TokenizeRequest, TokenizeResponse,
};
use crate::error::{ErrorResponse, ServerError};
use crate::metrics::{Hist, Metrics};
use crate::queue::{Batcher, BucketGrid, Done, Output, Task};
use crate::tokens;
use crate::{ServeTask, ServerConfig};

/// The compiled shapes.
pub(crate) struct Grids {
    pub base: BucketGrid,
    pub fill_mask: BucketGrid,
    /// Estimated bytes of their activation arenas.
    pub memory: usize,
}

/// Everything a handler needs.
pub(crate) struct AppState {
    pub session: Arc<Session>,
    pub config: ServerConfig,
    pub batcher: Batcher,
    pub metrics: Arc<Metrics>,
    pub semaphore: Arc<Semaphore>,
    pub limits: Limits,
    pub labels: [String; 2],
    pub max_input_length: usize,
    pub info: Info,
}

impl AppState {
    pub(crate) fn new(
        session: Arc<Session>,
        config: ServerConfig,
        batcher: Batcher,
        metrics: Arc<Metrics>,
        grids: Grids,
        labels: [String; 2],
        max_input_length: usize,
    ) -> AppState {
        let model_type = match config.task {
            ServeTask::Embed => ModelType::Embedding {
                pooling: match config.pooling {
                    Pooling::Cls => "cls",
                    Pooling::Mean => "mean",
                    Pooling::Pooler => "pooler",
                }
                .into(),
            },
            ServeTask::Sop => ModelType::Classifier {
                id2label: [("0".to_string(), labels[0].clone()), ("1".to_string(), labels[1].clone())]
                    .into_iter()
                    .collect(),
            },
            ServeTask::FillMask => ModelType::FillMask { mask_token: "[MASK]".into() },
        };
        let info = Info {
            model_id: config.model_id.clone(),
            model_sha: None,
            model_dtype: "float32".into(),
            model_type,
            max_concurrent_requests: config.max_concurrent_requests,
            max_input_length,
            max_batch_tokens: grids.base.max_tokens,
            max_batch_requests: grids.base.batches.last().copied(),
            max_client_batch_size: config.max_client_batch_size,
            auto_truncate: config.auto_truncate,
            tokenization_workers: 1,
            version: env!("CARGO_PKG_VERSION").into(),
            buckets: grids.base.shapes(),
            fill_mask_max_batch_tokens: grids.fill_mask.max_tokens,
            fill_mask_buckets: grids.fill_mask.shapes(),
            bucket_memory_mib: grids.memory >> 20,
        };
        AppState {
            semaphore: Arc::new(Semaphore::new(config.max_concurrent_requests)),
            limits: Limits { max_client_batch_size: config.max_client_batch_size },
            session,
            batcher,
            metrics,
            labels,
            max_input_length,
            info,
            config,
        }
    }
}

type St = State<Arc<AppState>>;
type Body = Result<Bytes, BytesRejection>;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "albert-jit serve",
        description = "TEI-compatible inference for ALBERT: embeddings, fill-mask, sentence order"
    ),
    paths(embed, embed_all, predict, fill_mask, tokenize, decode, info, health, ping, metrics),
    components(schemas(ErrorResponse))
)]
struct ApiDoc;

/// The whole application: routes, auth, body limit, fallbacks, docs.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let task_route = match state.config.task {
        ServeTask::FillMask => post(fill_mask),
        ServeTask::Embed => post(embed),
        ServeTask::Sop => post(predict),
    };
    let protected = Router::new()
        .route("/embed", post(embed))
        .route("/embed_all", post(embed_all))
        .route("/predict", post(predict))
        .route("/fill-mask", post(fill_mask))
        .route("/tokenize", post(tokenize))
        .route("/decode", post(decode))
        .route("/info", get(info))
        .route("/", task_route.clone())
        .route("/invocations", task_route)
        .route("/openapi.json", get(openapi))
        .merge(Scalar::with_url("/docs", ApiDoc::openapi()))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth));
    let open =
        Router::new().route("/health", get(health)).route("/ping", get(ping)).route("/metrics", get(metrics));
    protected
        .merge(open)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.payload_limit))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            ServerError::Backend("the handler panicked".into()).into_response()
        }))
        .with_state(state)
}

/// Bearer-key check (health, ping and metrics are routed outside it).
async fn auth(State(st): St, headers: HeaderMap, req: Request, next: Next) -> Response {
    if let Some(key) = &st.config.api_key {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !constant_time_eq(given.as_bytes(), key.as_bytes()) {
            st.metrics.failure("unauthorized");
            return ServerError::Unauthorized.into_response();
        }
    }
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn not_found(uri: Uri) -> Response {
    ServerError::NotFound(uri.path().to_string()).into_response()
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ServerError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_string() }.into_response()
}

/// Runs an inference handler under the concurrency semaphore, and records
/// the request's outcome and duration. The body is parsed inside, so body
/// errors are counted too.
async fn respond<T, F, Fut>(st: &AppState, body: Body, f: F) -> Response
where
    T: Serialize,
    F: FnOnce(Bytes) -> Fut,
    Fut: Future<Output = Result<T, ServerError>>,
{
    let start = Instant::now();
    let result = match st.semaphore.clone().try_acquire_owned() {
        Err(_) => Err(ServerError::Overloaded(st.config.max_concurrent_requests)),
        Ok(permit) => {
            let r = match body {
                Err(rejection) => Err(body_error(&rejection, st.config.payload_limit)),
                Ok(bytes) => f(bytes).await,
            };
            drop(permit);
            r
        }
    };
    match result {
        Ok(v) => {
            st.metrics.time(Hist::RequestDuration, start.elapsed());
            Json(v).into_response()
        }
        Err(e) => {
            st.metrics.failure(e.error_type());
            e.into_response()
        }
    }
}

fn body_error(rejection: &BytesRejection, limit: usize) -> ServerError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ServerError::PayloadTooLarge { limit }
    } else {
        ServerError::Json(rejection.body_text())
    }
}

/// Runs CPU work (tokenization, post-processing) on tokio's blocking pool.
async fn blocking<R: Send + 'static>(
    f: impl FnOnce() -> Result<R, ServerError> + Send + 'static,
) -> Result<R, ServerError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ServerError::Backend(format!("worker failed: {e}")))?
}

/// Tokenizes on the blocking pool, timing it and recording input lengths.
async fn tokenize_timed(
    st: &Arc<AppState>,
    f: impl FnOnce(&Session, usize) -> Result<Vec<Encoding>, ServerError> + Send + 'static,
) -> Result<Vec<Encoding>, ServerError> {
    let t0 = Instant::now();
    let (session, max) = (st.session.clone(), st.max_input_length);
    let encs = blocking(move || f(&session, max)).await?;
    st.metrics.time(Hist::TokenizationDuration, t0.elapsed());
    for e in &encs {
        st.metrics.observe(Hist::InputLength, e.len() as f64);
    }
    Ok(encs)
}

/// Queues every sequence, then waits for all answers (in order). If this
/// future is dropped (the client left), the receivers go with it and the
/// queue discards the entries that have not run.
async fn infer(st: &AppState, encs: Vec<Encoding>, task: Task) -> Result<Vec<Done>, ServerError> {
    let mut rxs = Vec::with_capacity(encs.len());
    for e in encs {
        rxs.push(st.batcher.submit(e, task)?);
    }
    let mut out = Vec::with_capacity(rxs.len());
    for rx in rxs {
        let done = rx.await.map_err(|_| ServerError::Unhealthy("the inference thread stopped".into()))??;
        st.metrics.time(Hist::QueueDuration, done.queue);
        st.metrics.time(Hist::InferenceDuration, done.inference);
        out.push(done);
    }
    Ok(out)
}

fn method(batch: bool) -> &'static str {
    if batch {
        "batch"
    } else {
        "single"
    }
}

fn wrong_output() -> ServerError {
    ServerError::Backend("the inference thread returned another task's output".into())
}

/// `/embed` and `/embed_all`: parse and validate the body, count the request, tokenize and
/// run `task`. Returns the request, whether it was a batch, and the answers in order.
async fn embed_inputs(
    st: &Arc<AppState>,
    bytes: &[u8],
    task: Task,
) -> Result<(EmbedRequest, bool, Vec<Done>), ServerError> {
    let req: EmbedRequest = api::parse(bytes)?;
    req.validate(&st.limits)?;
    let batch = matches!(req.inputs, api::Input::Batch(_));
    st.metrics.request(method(batch));
    let truncate = req.truncate.unwrap_or(st.config.auto_truncate);
    let (inputs, dir) = (req.inputs.clone(), req.truncation_direction);
    let encs = tokenize_timed(st, move |s, max| {
        inputs.texts().0.iter().map(|t| tokens::encode_single(s, t, max, truncate, dir)).collect()
    })
    .await?;
    let done = infer(st, encs, task).await?;
    Ok((req, batch, done))
}

/// Embeddings, one per input.
#[utoipa::path(post, path = "/embed", request_body = EmbedRequest,
    responses((status = 200, body = EmbedResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse), (status = 429, body = ErrorResponse)))]
async fn embed(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let (req, batch, done) = embed_inputs(&st, &bytes, Task::Embed).await?;
        let mut out = Vec::with_capacity(done.len());
        for d in done {
            let Output::Pooled(mut v) = d.output else { return Err(wrong_output()) };
            if let Some(k) = req.dimensions {
                v.truncate(k);
            }
            if req.normalize {
                let norm = v.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>().sqrt().max(1e-12);
                v.iter_mut().for_each(|x| *x = (*x as f64 / norm) as f32);
            }
            out.push(v);
        }
        st.metrics.success(method(batch));
        Ok(EmbedResponse(out))
    })
    .await
}

/// Every token's last hidden state, per input.
#[utoipa::path(post, path = "/embed_all", request_body = EmbedRequest,
    responses((status = 200, body = EmbedAllResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse), (status = 429, body = ErrorResponse)))]
async fn embed_all(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let h = st.session.config().hidden_size;
        let (_, batch, done) = embed_inputs(&st, &bytes, Task::EmbedAll).await?;
        let mut out = Vec::with_capacity(done.len());
        for d in done {
            let Output::Tokens(v) = d.output else { return Err(wrong_output()) };
            out.push(v.chunks_exact(h).map(<[f32]>::to_vec).collect());
        }
        st.metrics.success(method(batch));
        Ok(EmbedAllResponse(out))
    })
    .await
}

/// Sentence-order prediction on `[text_a, text_b]` pairs.
#[utoipa::path(post, path = "/predict", request_body = PredictRequest,
    responses((status = 200, body = PredictResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse), (status = 429, body = ErrorResponse)))]
async fn predict(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let req: PredictRequest = api::parse(&bytes)?;
        req.validate(&st.limits)?;
        let (pairs, batch) = req.pairs()?;
        st.metrics.request(method(batch));
        st.session
            .check_heads(albert_runtime::Wanted { sop: true, ..Default::default() })
            .map_err(|e| ServerError::Validation(e.to_string()))?;
        let truncate = req.truncate.unwrap_or(st.config.auto_truncate);
        let owned: Vec<(String, String)> =
            pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let encs = tokenize_timed(&st, move |s, max| {
            owned.iter().map(|(a, b)| tokens::encode_pair(s, a, b, max, truncate)).collect()
        })
        .await?;
        let done = infer(&st, encs, Task::Sop).await?;
        let mut out = Vec::with_capacity(done.len());
        for d in done {
            let Output::Sop(logits) = d.output else { return Err(wrong_output()) };
            let scores = if req.raw_scores { logits.to_vec() } else { softmax_f32(&logits) };
            let mut preds: Vec<Prediction> = scores
                .iter()
                .zip(&st.labels)
                .map(|(&score, label)| Prediction { score, label: label.clone() })
                .collect();
            preds.sort_by(|a, b| b.score.total_cmp(&a.score));
            out.push(preds);
        }
        st.metrics.success(method(batch));
        Ok(if batch { PredictResponse::Batch(out) } else { PredictResponse::Single(out.remove(0)) })
    })
    .await
}

/// Hugging Face's fill-mask pipeline: the `top_k` tokens at each `[MASK]`.
#[utoipa::path(post, path = "/fill-mask", request_body = FillMaskRequest,
    responses((status = 200, body = FillMaskResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse), (status = 429, body = ErrorResponse)))]
async fn fill_mask(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let req: FillMaskRequest = api::parse(&bytes)?;
        req.validate(&st.limits)?;
        let batch = matches!(req.inputs, api::Input::Batch(_));
        st.metrics.request(method(batch));
        st.session
            .check_heads(albert_runtime::Wanted { mlm: true, ..Default::default() })
            .map_err(|e| ServerError::Validation(e.to_string()))?;
        let targets = req.targets();
        let inputs = req.inputs.clone();
        let (session, top_k) = (st.session.clone(), req.parameters.top_k);
        // Targets must each be one token (Hugging Face would silently use the first piece).
        let target_ids = match targets {
            None => None,
            Some(t) => Some(
                blocking(move || {
                    let tok = session.tokenizer()?;
                    for w in &t {
                        if tok.piece_to_id(w).is_none() && tok.tokenize(w).len() != 1 {
                            return Err(ServerError::Validation(format!(
                                "target {w:?} is not a single token (it tokenizes to {:?})",
                                tok.tokenize(w)
                            )));
                        }
                    }
                    Ok(session.fill_mask_targets(&t)?)
                })
                .await?,
            ),
        };
        let texts = inputs.clone();
        let encs = tokenize_timed(&st, move |s, max| {
            texts
                .texts()
                .0
                .iter()
                .map(|t| {
                    let e = tokens::encode_single(s, t, max, false, api::TruncationDirection::Right)?;
                    s.mask_positions(&e, t)?;
                    Ok(e)
                })
                .collect()
        })
        .await?;
        let done = infer(&st, encs.clone(), Task::FillMask).await?;
        let session = st.session.clone();
        let value = blocking(move || {
            let mut results = Vec::with_capacity(done.len());
            for (d, e) in done.into_iter().zip(&encs) {
                let Output::MaskLogits(l) = d.output else { return Err(wrong_output()) };
                let v = session.fill_mask_result(e, &l, top_k, target_ids.as_deref())?;
                results.push(
                    serde_json::from_value::<FillMaskResult>(v)
                        .map_err(|e| ServerError::Backend(e.to_string()))?,
                );
            }
            Ok(if batch {
                FillMaskResponse::Batch(results)
            } else {
                FillMaskResponse::Single(results.remove(0))
            })
        })
        .await?;
        st.metrics.success(method(batch));
        Ok(value)
    })
    .await
}

/// The tokens of each input, with byte offsets.
#[utoipa::path(post, path = "/tokenize", request_body = TokenizeRequest,
    responses((status = 200, body = TokenizeResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse)))]
async fn tokenize(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let req: TokenizeRequest = api::parse(&bytes)?;
        req.validate(&st.limits)?;
        let session = st.session.clone();
        blocking(move || {
            let tok = session.tokenizer()?;
            let out = req
                .inputs
                .texts()
                .0
                .iter()
                .map(|t| {
                    let e = tok
                        .encode(t, None, &Default::default())
                        .map_err(|e| ServerError::Validation(e.to_string()))?;
                    Ok(tokens::simple_tokens(t, &e, req.add_special_tokens))
                })
                .collect::<Result<Vec<_>, ServerError>>()?;
            Ok(TokenizeResponse(out))
        })
        .await
    })
    .await
}

/// Text of each id sequence.
#[utoipa::path(post, path = "/decode", request_body = DecodeRequest,
    responses((status = 200, body = DecodeResponse), (status = 413, body = ErrorResponse),
              (status = 422, body = ErrorResponse)))]
async fn decode(State(st): St, body: Body) -> Response {
    let st2 = st.clone();
    respond(&st, body, |bytes| async move {
        let st = st2;
        let req: DecodeRequest = api::parse(&bytes)?;
        req.validate(&st.limits)?;
        let tok = st.session.tokenizer()?;
        let (seqs, _) = req.sequences();
        Ok(DecodeResponse(seqs.iter().map(|ids| tok.decode(ids, req.skip_special_tokens)).collect()))
    })
    .await
}

/// The model and the server's limits.
#[utoipa::path(get, path = "/info", responses((status = 200, body = Info)))]
async fn info(State(st): St) -> Json<Info> {
    Json(st.info.clone())
}

fn health_response(st: &AppState) -> Response {
    if st.batcher.is_alive() {
        StatusCode::OK.into_response()
    } else {
        ServerError::Unhealthy("the inference thread has stopped".into()).into_response()
    }
}

/// 200 while the inference thread runs, else 503.
#[utoipa::path(get, path = "/health", responses((status = 200), (status = 503, body = ErrorResponse)))]
async fn health(State(st): St) -> Response {
    health_response(&st)
}

/// Same as `/health` (SageMaker's probe).
#[utoipa::path(get, path = "/ping", responses((status = 200), (status = 503, body = ErrorResponse)))]
async fn ping(State(st): St) -> Response {
    health_response(&st)
}

/// Prometheus metrics (TEI's names).
#[utoipa::path(get, path = "/metrics", responses((status = 200, body = String, content_type = "text/plain")))]
async fn metrics(State(st): St) -> Response {
    let mut text = st.metrics.render();
    text.push_str(&format!(
        "# HELP albert_queue_dropped Queued sequences discarded because their client went away\n\
         # TYPE albert_queue_dropped counter\nalbert_queue_dropped {}\n",
        st.batcher.dropped()
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
