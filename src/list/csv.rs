//! CSV as RFC 4180 writes it: fields quoted only when they must be, quotes
//! doubled, CRLF line ends.

/// One field: quoted when it holds a comma, a quote, CR or LF.
pub fn field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

/// One record: the fields joined by commas, ended by CRLF.
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_stay_bare() {
        assert_eq!(field("orders-prod"), "orders-prod");
        assert_eq!(field(""), "");
        assert_eq!(field("https://a.example/x y"), "https://a.example/x y");
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn a_record_joins_fields_and_ends_in_crlf() {
        assert_eq!(record(&["id", "a,b", "\""]), "id,\"a,b\",\"\"\"\"\r\n");
    }
}
