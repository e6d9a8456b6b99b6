//! Hugging Face `AlbertTokenizer` text preprocessing (applied before
//! SentencePiece, which then applies the model's own `nmt_nfkc` rules).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Preprocesses one chunk of user text (a piece between special tokens):
///
/// 1. strip and collapse whitespace runs (spaces, tabs, newlines, …) to a
///    single space (`remove_space=True`);
/// 2. replace the LaTeX-style quotes ``` `` ``` and `''` with `"`;
/// 3. NFKD, then drop combining marks (`keep_accents=False`);
/// 4. lower-case (`do_lower_case=True`), character by character.
pub(crate) fn preprocess(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = collapsed.replace("``", "\"").replace("''", "\"");
    let mut out = String::with_capacity(quoted.len());
    for c in quoted.nfkd().filter(|&c| !is_combining_mark(c)) {
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::preprocess;

    #[test]
    fn preprocessing_rules() {
        assert_eq!(preprocess("  a \t b\n\nc  "), "a b c");
        assert_eq!(preprocess("``x''"), "\"x\"");
        assert_eq!(preprocess("Naïve CAFÉ Ångström"), "naive cafe angstrom");
        assert_eq!(preprocess(""), "");
    }
}
