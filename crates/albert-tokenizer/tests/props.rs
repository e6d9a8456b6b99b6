//! Property tests: encoding never panics and truncation respects max_length.

mod common;

use albert_tokenizer::EncodeOptions;
use proptest::prelude::*;

/// Mixes arbitrary unicode with special-token spellings and whitespace.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => any::<char>().prop_map(String::from),
            2 => "[a-zA-Z0-9 ,.'`]{1,8}",
            1 => prop::sample::select(vec![
                "[MASK]", "[CLS]", "[SEP]", "<pad>", "<unk>", "[MASK", "``", "''", " ", "\t",
                "\n", "\u{2581}", "é", "\u{301}", "\0",
            ])
            .prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encode_never_panics(a in text(), b in text(), max_length in 0usize..40, truncate: bool) {
        let tok = common::tokenizer();
        let _ = tok.tokenize(&a);
        let enc = tok.encode(&a, None, &EncodeOptions::default()).expect("unlimited encode");
        prop_assert!(enc.len() >= 2);
        let _ = tok.decode(&enc.input_ids, true);
        let _ = tok.decode(&enc.input_ids, false);
        let opts = EncodeOptions { max_length: Some(max_length), truncate };
        let _ = tok.encode(&a, None, &opts);
        let _ = tok.encode(&a, Some(&b), &opts);
    }

    #[test]
    fn truncation_respects_max_length(a in text(), b in text(), max_length in 4usize..24) {
        let tok = common::tokenizer();
        let opts = EncodeOptions { max_length: Some(max_length), truncate: true };
        for pair in [None, Some(b.as_str())] {
            let full = tok.encode(&a, pair, &EncodeOptions::default()).expect("full");
            let enc = tok.encode(&a, pair, &opts).expect("truncated");
            prop_assert!(enc.len() <= max_length);
            prop_assert_eq!(enc.len(), full.len().min(max_length));
            prop_assert_eq!(enc.input_ids[0], tok.cls_id());
            prop_assert_eq!(enc.input_ids.last().copied(), Some(tok.sep_id()));
            prop_assert_eq!(enc.input_ids.len(), enc.token_type_ids.len());
            prop_assert_eq!(enc.input_ids.len(), enc.pieces.len());
            prop_assert_eq!(enc.input_ids.len(), enc.special_tokens_mask.len());
            if pair.is_none() {
                // A single text keeps its first tokens.
                let kept = enc.len() - 2;
                prop_assert_eq!(&enc.input_ids[..kept + 1], &full.input_ids[..kept + 1]);
            }
        }
    }

    #[test]
    fn unicode_strings_never_panic(s in "\\PC*") {
        let tok = common::tokenizer();
        let enc = tok.encode(&s, Some(&s), &EncodeOptions { max_length: Some(64), truncate: true })
            .expect("encode");
        prop_assert!(enc.len() <= 64);
        let _ = tok.decode(&enc.input_ids, true);
    }
}
