//! A minimal, bounds-checked reader for the parts of SentencePiece's
//! `ModelProto` that the tokenizer needs (the piece table).
//!
//! The `sentencepiece` crate does not expose `id_to_piece` or piece types, so
//! the vocabulary is read here directly from the serialized protobuf. The
//! reader never panics: any malformed input yields an `Err(String)`.

/// One vocabulary entry.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Surface form of the piece (with `▁` for spaces).
    pub piece: String,
    /// Log-probability score of the piece (unigram models).
    pub score: f32,
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte =
                *self.buf.get(self.pos).ok_or_else(|| format!("truncated varint at byte {}", self.pos))?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("varint too long at byte {}", self.pos))
    }

    fn bytes(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(len).filter(|&end| end <= self.buf.len()).ok_or_else(|| {
            format!("field of {len} bytes at byte {} runs past the end ({} bytes)", self.pos, self.buf.len())
        })?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn length_delimited(&mut self) -> Result<&'a [u8], String> {
        let len = self.varint()?;
        let len = usize::try_from(len).map_err(|_| format!("field length {len} too large"))?;
        self.bytes(len)
    }

    /// Reads a field key, returning `(field_number, wire_type)`.
    fn key(&mut self) -> Result<(u64, u8), String> {
        let key = self.varint()?;
        let field = key >> 3;
        // The low three bits are the wire type; the cast cannot truncate.
        let wire = (key & 0x7) as u8;
        if field == 0 {
            return Err(format!("invalid field number 0 at byte {}", self.pos));
        }
        Ok((field, wire))
    }

    fn skip(&mut self, wire: u8) -> Result<(), String> {
        match wire {
            0 => self.varint().map(|_| ()),
            1 => self.bytes(8).map(|_| ()),
            2 => self.length_delimited().map(|_| ()),
            5 => self.bytes(4).map(|_| ()),
            other => Err(format!("unsupported protobuf wire type {other} at byte {}", self.pos)),
        }
    }
}

fn parse_piece(buf: &[u8]) -> Result<Piece, String> {
    let mut r = Reader::new(buf);
    let mut piece: Option<String> = None;
    let mut score = 0.0f32;
    while !r.at_end() {
        let (field, wire) = r.key()?;
        match (field, wire) {
            (1, 2) => {
                let raw = r.length_delimited()?;
                let s = std::str::from_utf8(raw).map_err(|e| format!("piece is not valid UTF-8: {e}"))?;
                piece = Some(s.to_owned());
            }
            (2, 5) => {
                let raw = r.bytes(4)?;
                let mut le = [0u8; 4];
                le.copy_from_slice(raw);
                score = f32::from_le_bytes(le);
            }
            (_, w) => r.skip(w)?,
        }
    }
    let piece = piece.ok_or_else(|| "vocabulary entry without a piece string".to_owned())?;
    // SentencePiece indexes pieces in a darts-clone trie of NUL-terminated
    // keys: an empty piece, or one with a NUL byte, makes the C++ library
    // throw an exception that aborts the process (found by the
    // `spiece_model` fuzz target). No trained model has such a piece.
    if piece.is_empty() {
        return Err("vocabulary entry with an empty piece".to_owned());
    }
    if piece.contains('\0') {
        return Err(format!("piece {piece:?} contains a NUL byte"));
    }
    Ok(Piece { piece, score })
}

/// Reads `TrainerSpec.model_type` (field 3; 1 = unigram, the default).
fn parse_model_type(buf: &[u8]) -> Result<u64, String> {
    let mut r = Reader::new(buf);
    let mut model_type = 1;
    while !r.at_end() {
        let (field, wire) = r.key()?;
        match (field, wire) {
            (3, 0) => model_type = r.varint()?,
            (_, w) => r.skip(w)?,
        }
    }
    Ok(model_type)
}

/// Parses the vocabulary (field 1, `repeated SentencePiece pieces`) of a
/// serialized `ModelProto`, checking that it is a unigram model (field 2,
/// `TrainerSpec.model_type`). Other fields are skipped but must be
/// well-formed.
pub(crate) fn parse_model_pieces(buf: &[u8]) -> Result<Vec<Piece>, String> {
    if buf.is_empty() {
        return Err("empty model".to_owned());
    }
    let mut r = Reader::new(buf);
    let mut pieces = Vec::new();
    while !r.at_end() {
        let (field, wire) = r.key()?;
        match (field, wire) {
            (1, 2) => {
                let raw = r.length_delimited()?;
                pieces.push(parse_piece(raw)?);
            }
            (2, 2) => {
                let raw = r.length_delimited()?;
                let model_type = parse_model_type(raw)?;
                if model_type != 1 {
                    return Err(format!("model type {model_type} is not supported, only unigram (1)"));
                }
            }
            (_, w) => r.skip(w)?,
        }
    }
    if pieces.is_empty() {
        return Err("model has no vocabulary pieces".to_owned());
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage() {
        assert!(parse_model_pieces(b"").is_err());
        assert!(parse_model_pieces(b"\xff\xff\xff").is_err());
        assert!(parse_model_pieces(b"\x0a\x10abc").is_err());
        assert!(parse_model_pieces(b"hello world, not a model").is_err());
        // pieces { piece: "\0" } and pieces { piece: "" }: SentencePiece would abort on them.
        assert!(parse_model_pieces(&[0x0a, 0x03, 0x0a, 0x01, 0x00]).is_err());
        assert!(parse_model_pieces(&[0x0a, 0x02, 0x0a, 0x00]).is_err());
    }

    #[test]
    fn parses_minimal_model() {
        // pieces { piece: "a" score: -1.5 type: CONTROL }
        let buf = [0x0a, 0x0a, 0x0a, 0x01, b'a', 0x15, 0x00, 0x00, 0xc0, 0xbf, 0x18, 0x03];
        let pieces = parse_model_pieces(&buf).expect("valid");
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].piece, "a");
        assert_eq!(pieces[0].score, -1.5);
    }
}
