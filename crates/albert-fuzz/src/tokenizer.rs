//! The tokenizer: `spiece.model` bytes through the loader, and arbitrary
//! text through the fixture tokenizer.
//!
//! Besides "no panic", every encoding is checked for the invariants the
//! rest of the engine relies on: the vectors have one length, ids are inside
//! the vocabulary (the model's embedding gather trusts them after
//! validation), the text is framed as `[CLS] a [SEP] (b [SEP])`, segment ids
//! never go from 1 back to 0, and truncation honours `max_length`.

use std::sync::OnceLock;

use albert_tokenizer::{EncodeOptions, Encoding, Tokenizer};

use crate::bytes::Bytes;

/// Checks one encoding of `tok` against its options.
fn check_encoding(tok: &Tokenizer, e: &Encoding, pair: bool, opts: &EncodeOptions) {
    let n = e.input_ids.len();
    assert!(
        e.token_type_ids.len() == n && e.pieces.len() == n && e.special_tokens_mask.len() == n,
        "encoding vectors differ in length: {e:?}"
    );
    let added = if pair { 3 } else { 2 };
    assert!(n >= added, "fewer tokens than the special tokens: {e:?}");
    if let (Some(max), true) = (opts.max_length, opts.truncate) {
        assert!(n <= max, "truncated to {n} tokens, more than max_length {max}");
    }
    assert!(
        e.input_ids.iter().all(|&id| (id as usize) < tok.vocab_size()),
        "id outside the vocabulary: {e:?}"
    );
    assert_eq!(e.input_ids[0], tok.cls_id(), "first token is not [CLS]");
    assert_eq!(e.input_ids[n - 1], tok.sep_id(), "last token is not [SEP]");
    assert_eq!(e.special_tokens_mask.iter().map(|&m| usize::from(m)).sum::<usize>(), added);
    assert!(e.token_type_ids.windows(2).all(|w| w[0] <= w[1]), "segment ids go back: {e:?}");
    assert!(e.token_type_ids.iter().all(|&t| t <= u32::from(pair)), "segment id > 1: {e:?}");
    for (id, piece) in e.input_ids.iter().zip(&e.pieces) {
        assert_eq!(tok.id_to_piece(*id), Some(piece.as_str()), "piece of id {id}");
    }
    let _ = tok.decode(&e.input_ids, false);
    let _ = tok.decode(&e.input_ids, true);
}

/// Encodes `text` (and `pair`) with `opts`; an error is fine, a broken
/// encoding is not.
fn encode_checked(tok: &Tokenizer, text: &str, pair: Option<&str>, opts: &EncodeOptions) {
    if let Ok(e) = tok.encode(text, pair, opts) {
        check_encoding(tok, &e, pair.is_some(), opts);
    }
}

/// The `spiece_model` check: arbitrary bytes as a SentencePiece model. A
/// model that loads must then encode and decode without breaking the
/// encoding invariants.
pub fn spiece_model(data: &[u8]) {
    let Ok(tok) = Tokenizer::from_bytes(data) else { return };
    assert!(tok.vocab_size() > 0);
    for id in [tok.cls_id(), tok.sep_id(), tok.mask_id(), tok.pad_id(), tok.unk_id()] {
        assert!((id as usize) < tok.vocab_size(), "special id {id} outside the vocabulary");
    }
    let texts = ["Hello, world! [MASK] ünïcödé", "", "\u{0}\u{301}\u{2581}  a  "];
    for opts in [
        EncodeOptions::default(),
        EncodeOptions { max_length: Some(5), truncate: true },
        EncodeOptions { max_length: Some(4), truncate: false },
    ] {
        for t in texts {
            encode_checked(&tok, t, None, &opts);
            encode_checked(&tok, t, Some("the pair"), &opts);
        }
    }
    let _ = tok.tokenize(texts[0]);
    let ids: Vec<u32> = (0..u32::try_from(tok.vocab_size()).unwrap_or(u32::MAX).min(64)).collect();
    let _ = tok.decode(&ids, false);
    let _ = tok.decode(&[u32::MAX, 0], true);
}

/// The fixture tokenizer (30,000 pieces), loaded once per process.
fn fixture_tokenizer() -> &'static Tokenizer {
    static TOK: OnceLock<Tokenizer> = OnceLock::new();
    TOK.get_or_init(|| {
        Tokenizer::from_file(&crate::fixtures().join("tokenizer/spiece.model"))
            .expect("the fixture tokenizer loads")
    })
}

/// The `tokenize` check. Layout: one flags byte (pair, truncation,
/// `max_length`, repetition), then the text, with the pair after the first
/// `0xFF` byte (which never occurs in UTF-8). Invalid UTF-8 is replaced, so
/// NULs, combining marks, replacement characters and `[MASK]` soup all
/// reach the tokenizer; the repetition flag (0x08, its size in the top two
/// bits) turns a short input into a long run of 512 B to 16 KiB, beyond
/// libFuzzer's usual input length.
pub fn tokenize(data: &[u8]) {
    let tok = fixture_tokenizer();
    let mut b = Bytes::new(data);
    let flags = b.u8();
    let max_sel = b.u8();
    let rest = data.get(2..).unwrap_or(&[]);
    let (a, p) = match rest.iter().position(|&x| x == 0xFF) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let repeat = |s: &[u8]| -> String {
        let text = String::from_utf8_lossy(s);
        if flags & 0x08 != 0 && !text.is_empty() {
            // Encoding is linear, but a run that splits into many tokens
            // costs ~2 µs per byte natively and ten times that with the
            // fuzzer's coverage instrumentation: a 64 KiB run of "[Md" took
            // over a second there (a libFuzzer timeout, not a library bug;
            // kept as a regression test). 16 KiB is well past any model's
            // 512 tokens and stays inside the 1 s budget.
            let bytes = [512, 2048, 8192, 16_384][usize::from(flags >> 6)];
            text.repeat((bytes / text.len()).max(1))
        } else {
            text.into_owned()
        }
    };
    let text = repeat(a);
    let pair = if flags & 0x01 != 0 { p.map(repeat) } else { None };
    let max_length = match flags & 0x06 {
        0 => None,
        2 => Some(usize::from(max_sel)),
        4 => Some(512),
        _ => Some(usize::from(max_sel) * 64),
    };
    let opts = EncodeOptions { max_length, truncate: flags & 0x10 != 0 };
    encode_checked(tok, &text, pair.as_deref(), &opts);
    if flags & 0x20 != 0 {
        let pieces = tok.tokenize(&text);
        assert!(pieces.iter().all(|p| tok.piece_to_id(p).is_some()), "tokenize gave an unknown piece");
    }
}
