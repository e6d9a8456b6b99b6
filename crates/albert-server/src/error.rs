//! The server's one error type, mapped to a status code and TEI's error body
//! (`{"error": "...", "error_type": "..."}`) in one place, like TEI's
//! `router/src/http/server.rs` (`ErrorType` → `StatusCode`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use albert_runtime::RuntimeError;

/// TEI's error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorResponse {
    /// What went wrong, for a human.
    pub error: String,
    /// The class of error, for a program (`validation`, `overloaded`, …).
    pub error_type: String,
}

/// Why a request was refused or failed.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ServerError {
    /// The body is not the route's JSON (syntax, types, missing fields).
    #[error("invalid JSON body: {0}")]
    Json(String),
    /// The request is well-formed JSON but asks for something invalid.
    #[error("{0}")]
    Validation(String),
    /// An input is empty.
    #[error("{0}")]
    Empty(String),
    /// A text is longer than the model takes and truncation is off.
    #[error("input has {len} tokens but the model takes at most {max}; pass \"truncate\": true or start the server with --auto-truncate")]
    TooLong {
        /// Tokens after tokenization.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The body is larger than `--payload-limit` bytes.
    #[error("the request body is larger than the payload limit ({limit} bytes)")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// More inputs than `--max-client-batch-size`.
    #[error("batch of {size} inputs is larger than the maximum client batch size {max}")]
    BatchTooLarge {
        /// Inputs in the request.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// `--max-concurrent-requests` requests are already in flight.
    #[error("model is overloaded: {0} requests already in flight")]
    Overloaded(usize),
    /// Missing or wrong `Authorization: Bearer` key.
    #[error("unauthorized: a valid `Authorization: Bearer <key>` header is required")]
    Unauthorized,
    /// No such route.
    #[error("no route for {0}")]
    NotFound(String),
    /// The route exists but not for this method.
    #[error("method {method} is not allowed for {path}")]
    MethodNotAllowed {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// The server is shutting down or its inference thread has stopped.
    #[error("{0}")]
    Unhealthy(String),
    /// The engine failed on a valid request (a bug, never a client mistake).
    #[error("inference failed: {0}")]
    Backend(String),
}

impl ServerError {
    /// The HTTP status of this error: the one place where errors meet codes.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Json(_)
            | ServerError::Validation(_)
            | ServerError::Empty(_)
            | ServerError::TooLong { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServerError::PayloadTooLarge { .. } | ServerError::BatchTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ServerError::Overloaded(_) => StatusCode::TOO_MANY_REQUESTS,
            ServerError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ServerError::Unhealthy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Backend(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// TEI's `error_type` (also the `err` label of `te_request_failure`).
    pub fn error_type(&self) -> &'static str {
        match self {
            ServerError::Json(_) | ServerError::Validation(_) | ServerError::TooLong { .. } => "validation",
            ServerError::Empty(_) => "empty",
            ServerError::PayloadTooLarge { .. } => "payload_limit",
            ServerError::BatchTooLarge { .. } => "validation",
            ServerError::Overloaded(_) => "overloaded",
            ServerError::Unauthorized => "unauthorized",
            ServerError::NotFound(_) => "not_found",
            ServerError::MethodNotAllowed { .. } => "method_not_allowed",
            ServerError::Unhealthy(_) => "unhealthy",
            ServerError::Backend(_) => "backend",
        }
    }

    /// The error body.
    pub fn body(&self) -> ErrorResponse {
        ErrorResponse { error: self.to_string(), error_type: self.error_type().to_string() }
    }
}

impl From<RuntimeError> for ServerError {
    /// Runtime errors that a request can cause are the client's (422); the
    /// rest are the engine's (500).
    fn from(e: RuntimeError) -> Self {
        match e {
            RuntimeError::TooLong { len, max } => ServerError::TooLong { len, max },
            RuntimeError::NoMask { .. } | RuntimeError::MissingHead { .. } | RuntimeError::Tokenizer(_) => {
                ServerError::Validation(e.to_string())
            }
            e => ServerError::Backend(e.to_string()),
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}
