//! Tokenization for the routes: truncation in either direction, and the
//! byte offsets `/tokenize` reports.
//!
//! The tokenizer does not track offsets through ALBERT's preprocessing, so
//! they are recovered by alignment: every input character is normalised the
//! same way (NFKD without combining marks, lower case) and each piece is
//! looked up in that normalised text after the previous one. A piece that
//! cannot be found (`<unk>`) gets no offsets; the pieces after it still do.

use albert_runtime::Session;
use albert_tokenizer::{EncodeOptions, Encoding, TokenizerError};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::api::{SimpleToken, TruncationDirection};
use crate::error::ServerError;

/// Encodes one text with `[CLS]`/`[SEP]`; over `max` tokens it is cut from
/// `direction` if `truncate`, else refused.
pub(crate) fn encode_single(
    session: &Session,
    text: &str,
    max: usize,
    truncate: bool,
    direction: TruncationDirection,
) -> Result<Encoding, ServerError> {
    let tok = session.tokenizer()?;
    let e = tok.encode(text, None, &EncodeOptions::default()).map_err(tokenizer_error)?;
    let n = e.len();
    if n <= max {
        return Ok(e);
    }
    if !truncate {
        return Err(ServerError::TooLong { len: n, max });
    }
    // Keep [CLS] and [SEP], and max - 2 pieces from the kept end; right
    // truncation equals the tokenizer's own (`first.truncate(max - 2)`).
    let body = max.saturating_sub(2);
    let range = match direction {
        TruncationDirection::Right => 1..1 + body,
        TruncationDirection::Left => n - 1 - body..n - 1,
    };
    let pick = |v: &[u32]| -> Vec<u32> {
        let mut out = Vec::with_capacity(max);
        out.push(v[0]);
        out.extend_from_slice(&v[range.clone()]);
        out.push(v[n - 1]);
        out
    };
    let mut pieces = vec![e.pieces[0].clone()];
    pieces.extend_from_slice(&e.pieces[range.clone()]);
    pieces.push(e.pieces[n - 1].clone());
    let mut special = vec![e.special_tokens_mask[0]];
    special.extend_from_slice(&e.special_tokens_mask[range.clone()]);
    special.push(e.special_tokens_mask[n - 1]);
    Ok(Encoding {
        input_ids: pick(&e.input_ids),
        token_type_ids: pick(&e.token_type_ids),
        pieces,
        special_tokens_mask: special,
    })
}

/// Encodes a pair, truncated longest-first from the right if `truncate`.
pub(crate) fn encode_pair(
    session: &Session,
    a: &str,
    b: &str,
    max: usize,
    truncate: bool,
) -> Result<Encoding, ServerError> {
    session
        .tokenizer()?
        .encode(a, Some(b), &EncodeOptions { max_length: Some(max), truncate })
        .map_err(tokenizer_error)
}

fn tokenizer_error(e: TokenizerError) -> ServerError {
    match e {
        TokenizerError::TooLong { length, max_length } => {
            ServerError::TooLong { len: length, max: max_length }
        }
        e => ServerError::Validation(e.to_string()),
    }
}

/// The text normalised character by character, with the input byte range
/// each normalised byte came from.
fn normalized_with_origins(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let span = (i, i + c.len_utf8());
        let mut buf = [0u8; 4];
        for n in c.encode_utf8(&mut buf).nfkd().filter(|&c| !is_combining_mark(c)) {
            for l in n.to_lowercase() {
                out.push(l);
                origin.extend(std::iter::repeat_n(span, l.len_utf8()));
            }
        }
    }
    (out, origin)
}

fn normalize_piece(piece: &str) -> String {
    let mut out = String::new();
    for c in piece.trim_start_matches('\u{2581}').nfkd().filter(|&c| !is_combining_mark(c)) {
        out.extend(c.to_lowercase());
    }
    out
}

/// The `/tokenize` tokens of `text`'s encoding, with offsets into `text`.
pub(crate) fn simple_tokens(text: &str, enc: &Encoding, add_special_tokens: bool) -> Vec<SimpleToken> {
    let (norm, origin) = normalized_with_origins(text);
    let mut cursor = 0usize;
    let mut out = Vec::with_capacity(enc.len());
    for ((&id, piece), &special) in enc.input_ids.iter().zip(&enc.pieces).zip(&enc.special_tokens_mask) {
        if special == 1 {
            if add_special_tokens {
                out.push(SimpleToken { id, text: piece.clone(), special: true, start: None, stop: None });
            }
            continue;
        }
        let want = normalize_piece(piece);
        let found = if want.is_empty() { None } else { norm[cursor..].find(&want).map(|i| cursor + i) };
        match found {
            Some(at) => {
                let end = at + want.len();
                let (start, stop) = (origin[at].0, origin[end - 1].1);
                cursor = end;
                out.push(SimpleToken {
                    id,
                    text: text[start..stop].to_string(),
                    special: false,
                    start: Some(start),
                    stop: Some(stop),
                });
            }
            None => {
                out.push(SimpleToken { id, text: piece.clone(), special: false, start: None, stop: None })
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_follow_normalisation() {
        let (n, o) = normalized_with_origins("Café X");
        assert_eq!(n, "cafe x");
        assert_eq!(o[3], (3, 5)); // "é" (2 bytes) became "e"
        assert_eq!(o[5], (6, 7));
    }
}
