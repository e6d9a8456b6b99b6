//! The `input_ids`/`token_type_ids` stored in every model fixture's
//! `reference.safetensors` (produced by Hugging Face for the texts in its
//! `cases.json`) must equal our encoding, padded with `<pad>` for batches.

mod common;

use std::collections::HashMap;

use albert_tokenizer::EncodeOptions;
use serde_json::Value;

/// Reads the int64 tensors of a safetensors file whose names end in `suffix`.
fn int64_tensors(bytes: &[u8], suffix: &str) -> HashMap<String, (Vec<usize>, Vec<i64>)> {
    let (len, rest) = bytes.split_at(8);
    let header_len =
        usize::try_from(u64::from_le_bytes(len.try_into().expect("8 bytes"))).expect("header length");
    let (header, data) = rest.split_at(header_len);
    let header: Value = serde_json::from_slice(header).expect("header json");
    let mut out = HashMap::new();
    for (name, info) in header.as_object().expect("header object") {
        if !name.ends_with(suffix) || info["dtype"] != "I64" {
            continue;
        }
        let shape: Vec<usize> = info["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| usize::try_from(d.as_u64().expect("dim")).expect("usize"))
            .collect();
        let offsets = info["data_offsets"].as_array().expect("offsets");
        let start = usize::try_from(offsets[0].as_u64().expect("start")).expect("usize");
        let end = usize::try_from(offsets[1].as_u64().expect("end")).expect("usize");
        let values = data[start..end]
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect();
        out.insert(name.clone(), (shape, values));
    }
    out
}

fn to_i64(v: &[u32]) -> Vec<i64> {
    v.iter().map(|&x| i64::from(x)).collect()
}

#[test]
fn reference_input_ids_match() {
    let tok = common::tokenizer();
    let mut checked = 0;
    for model in ["albert-tiny", "albert-tiny-grouped", "albert-large-v2-synthetic"] {
        let cases: Value = serde_json::from_str(
            &std::fs::read_to_string(common::fixture(&format!("{model}/cases.json"))).expect("cases.json"),
        )
        .expect("json");
        let bytes = std::fs::read(common::fixture(&format!("{model}/reference.safetensors")))
            .expect("reference.safetensors");
        let ids = int64_tensors(&bytes, ".input_ids");
        let types = int64_tensors(&bytes, ".token_type_ids");
        for case in cases["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            let texts: Vec<(&str, Option<&str>)> = if let Some(text) = case["text"].as_str() {
                vec![(text, case["text_pair"].as_str())]
            } else if let Some(list) = case["texts"].as_array() {
                list.iter().map(|t| (t.as_str().expect("text"), None)).collect()
            } else {
                continue; // random ids, no text
            };
            let (shape, want_ids) = &ids[&format!("{name}.input_ids")];
            let (_, want_types) = &types[&format!("{name}.token_type_ids")];
            let width = shape[1];
            for (row, (text, pair)) in texts.into_iter().enumerate() {
                let enc = tok.encode(text, pair, &EncodeOptions::default()).expect("encode");
                let mut got = to_i64(&enc.input_ids);
                let mut got_types = to_i64(&enc.token_type_ids);
                assert!(got.len() <= width, "{model}/{name}: too long");
                got.resize(width, i64::from(tok.pad_id()));
                got_types.resize(width, 0);
                let span = row * width..(row + 1) * width;
                assert_eq!(got, want_ids[span.clone()], "{model}/{name} row {row}: ids");
                assert_eq!(got_types, want_types[span], "{model}/{name} row {row}: types");
                checked += 1;
            }
        }
    }
    assert!(checked >= 27, "only {checked} rows checked");
}
