//! Error cases: loading, `max_length` validation and over-long inputs.

mod common;

use albert_tokenizer::{EncodeOptions, Tokenizer, TokenizerError};

#[test]
fn missing_file_names_the_path() {
    let path = common::fixture("tokenizer/no-such-file.model");
    let err = Tokenizer::from_file(&path).expect_err("missing file");
    assert!(matches!(err, TokenizerError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-file.model"), "{err}");
}

#[test]
fn invalid_file_names_the_path() {
    // A file that exists but is not a model (the test cases).
    let path = common::fixture("tokenizer/cases.jsonl");
    let err = Tokenizer::from_file(&path).expect_err("not a model");
    assert!(matches!(err, TokenizerError::InvalidModel { .. }), "{err:?}");
    assert!(err.to_string().contains("cases.jsonl"), "{err}");
}

#[test]
fn garbage_bytes_are_an_error() {
    let model = std::fs::read(common::fixture("tokenizer/spiece.model")).expect("model");
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        vec![0],
        vec![0xff; 64],
        b"definitely not a sentencepiece model".to_vec(),
        model[..model.len() / 2].to_vec(),
        model[..17].to_vec(),
    ];
    // Deterministic pseudo-random garbage.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for len in [1usize, 2, 3, 10, 100, 1000, 10_000] {
        let bytes = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        inputs.push(bytes);
    }
    for bytes in inputs {
        let err = Tokenizer::from_bytes(&bytes).expect_err("garbage accepted");
        assert!(
            matches!(err, TokenizerError::InvalidModel { .. } | TokenizerError::MissingSpecialToken { .. }),
            "{err:?}"
        );
    }
}

#[test]
fn from_bytes_of_the_real_model_works() {
    let model = std::fs::read(common::fixture("tokenizer/spiece.model")).expect("model");
    let tok = Tokenizer::from_bytes(&model).expect("valid model");
    let file_tok = common::tokenizer();
    assert_eq!(tok.vocab_size(), file_tok.vocab_size());
    assert_eq!(tok.tokenize("Hello world"), file_tok.tokenize("Hello world"));
}

#[test]
fn max_length_too_small() {
    let tok = common::tokenizer();
    for (max_length, pair) in [(0, None), (2, None), (3, Some("b")), (1, Some("b"))] {
        for truncate in [false, true] {
            let opts = EncodeOptions { max_length: Some(max_length), truncate };
            let err = tok.encode("a", pair, &opts).expect_err("too small");
            assert!(matches!(err, TokenizerError::MaxLengthTooSmall { .. }), "{err:?}");
        }
    }
    // The smallest accepted values.
    let opts = EncodeOptions { max_length: Some(3), truncate: true };
    let enc = tok.encode("hello world", None, &opts).expect("3 is enough");
    assert_eq!(enc.input_ids, [2, 10653, 3]);
    let opts = EncodeOptions { max_length: Some(4), truncate: true };
    let enc = tok.encode("hello world", Some("hello"), &opts).expect("4 is enough for a pair");
    assert_eq!(enc.len(), 4);
}

#[test]
fn over_long_input_without_truncation_names_both_lengths() {
    let tok = common::tokenizer();
    let opts = EncodeOptions { max_length: Some(5), truncate: false };
    let err = tok.encode("one two three four five six", None, &opts).expect_err("too long");
    match &err {
        TokenizerError::TooLong { length, max_length } => {
            assert_eq!((*length, *max_length), (8, 5));
        }
        other => panic!("unexpected error {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains('8') && msg.contains('5'), "{msg}");
    // Fitting exactly is fine, and no max_length means no limit.
    let opts = EncodeOptions { max_length: Some(8), truncate: false };
    assert!(tok.encode("one two three four five six", None, &opts).is_ok());
    let long = "word ".repeat(5000);
    let enc = tok.encode(&long, None, &EncodeOptions::default()).expect("no limit");
    assert_eq!(enc.len(), 5002);
}

#[test]
fn pair_truncation_is_longest_first() {
    let tok = common::tokenizer();
    let a = "word ".repeat(20);
    let b = "word ".repeat(5);
    let opts = EncodeOptions { max_length: Some(16), truncate: true };
    let enc = tok.encode(&a, Some(&b), &opts).expect("encode");
    assert_eq!(enc.len(), 16);
    // 13 text tokens: the short second text keeps its 5, the first gets 8.
    assert_eq!(enc.token_type_ids.iter().filter(|&&t| t == 1).count(), 6);
    // Both long: split evenly, the second text gets the odd token.
    let enc = tok.encode(&a, Some(&a), &opts).expect("encode");
    assert_eq!(enc.token_type_ids.iter().filter(|&&t| t == 0).count(), 2 + 6);
    assert_eq!(enc.token_type_ids.iter().filter(|&&t| t == 1).count(), 7 + 1);
    assert_eq!(enc.input_ids.last(), Some(&tok.sep_id()));
    assert_eq!(enc.input_ids[7], tok.sep_id());
}

#[test]
fn tokenizer_is_shared_across_threads() {
    let tok = common::tokenizer();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                s.spawn(move || {
                    let text = format!("thread number {i} says hello world");
                    (0..50).map(|_| tok.encode(&text, None, &EncodeOptions::default())).all(|r| r.is_ok())
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().expect("thread"));
        }
    });
}

/// Serializes a minimal unigram `ModelProto` with the given pieces
/// (`(piece, type)`, type 1 normal, 2 unknown, 3 control).
fn tiny_model(pieces: &[(&str, u8)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &(piece, kind)) in pieces.iter().enumerate() {
        let mut msg = vec![0x0a, u8::try_from(piece.len()).expect("short")];
        msg.extend_from_slice(piece.as_bytes());
        msg.push(0x15); // score, fixed32
        let score = -(f32::from(u8::try_from(i).expect("few")));
        msg.extend_from_slice(&score.to_le_bytes());
        msg.extend_from_slice(&[0x18, kind]);
        out.push(0x0a);
        out.push(u8::try_from(msg.len()).expect("short"));
        out.extend_from_slice(&msg);
    }
    out
}

#[test]
fn missing_special_token_is_named() {
    let bytes =
        tiny_model(&[("<pad>", 3), ("<unk>", 2), ("[CLS]", 3), ("[SEP]", 3), ("\u{2581}a", 1), ("a", 1)]);
    let err = Tokenizer::from_bytes(&bytes).expect_err("no [MASK]");
    match &err {
        TokenizerError::MissingSpecialToken { token, .. } => assert_eq!(token, "[MASK]"),
        other => panic!("unexpected error {other:?}"),
    }
    assert!(err.to_string().contains("[MASK]"), "{err}");

    // With all five it loads, and ids come from the model, not constants.
    let bytes = tiny_model(&[
        ("<unk>", 2),
        ("[MASK]", 3),
        ("[SEP]", 3),
        ("[CLS]", 3),
        ("<pad>", 3),
        ("\u{2581}a", 1),
        ("a", 1),
    ]);
    let tok = Tokenizer::from_bytes(&bytes).expect("tiny model");
    assert_eq!((tok.unk_id(), tok.mask_id(), tok.sep_id(), tok.cls_id(), tok.pad_id()), (0, 1, 2, 3, 4));
    let enc = tok.encode("a A [MASK] b", None, &EncodeOptions::default()).expect("encode");
    assert_eq!(enc.input_ids, [3, 5, 5, 1, 0, 2]);
}
