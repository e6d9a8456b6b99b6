//! `cargo +nightly fuzz run http_bodies`: any request body, for every route
//! with a body, goes through the server's own parsing and validation
//! (`albert_server::api::check_body`, which the handlers call before they
//! touch the model). It must never panic, and every refusal must be a client
//! error (4xx) with TEI's non-empty error body — never a 500.
#![no_main]

use albert_server::api::{check_body, BodyRoute, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_client_batch_size: 4 };
    for route in BodyRoute::ALL {
        if let Err(e) = check_body(route, data, &limits) {
            assert!(e.status().is_client_error(), "{route:?}: {e} is a {}", e.status());
            let body = e.body();
            assert!(!body.error.is_empty() && !body.error_type.is_empty(), "{route:?}: empty error body");
        }
    }
});
