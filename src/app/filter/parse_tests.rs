//! The parser: every form of term, and every kind of bad input.

use super::*;

fn terms(text: &str) -> Vec<(bool, Option<&'static str>, String)> {
    let query = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    query
        .terms
        .into_iter()
        .map(|t| (t.negated, t.field.map(Field::name), t.value))
        .collect()
}

fn plain(value: &str) -> (bool, Option<&'static str>, String) {
    (false, None, value.to_string())
}

#[test]
fn words_separated_by_any_spaces_are_terms() {
    assert_eq!(
        terms("  prod   download\t"),
        vec![plain("prod"), plain("download")]
    );
    assert!(parse("").is_ok_and(|q| q.is_empty()));
    assert!(parse("   ").is_ok_and(|q| q.is_empty()));
}

#[test]
fn every_field_is_known_in_any_case_and_keeps_its_value() {
    for name in [
        "cluster", "project", "type", "status", "target", "id", "kind",
    ] {
        let text = format!("{}:Prod-1", name.to_uppercase());
        assert_eq!(
            terms(&text),
            vec![(false, Some(name), "Prod-1".to_string())],
            "{text}"
        );
    }
    let query = parse("cluster:Prod").unwrap_or_default();
    assert_eq!(query.terms.first().map(|t| t.needle.as_str()), Some("prod"));
}

#[test]
fn a_bang_negates_a_word_or_a_field_term() {
    assert_eq!(
        terms("!prod !type:download"),
        vec![
            (true, None, "prod".to_string()),
            (true, Some("type"), "download".to_string())
        ]
    );
    // Only the first `!` negates.
    assert_eq!(terms("!!x"), vec![(true, None, "!x".to_string())]);
}

#[test]
fn quotes_keep_spaces_and_make_a_colon_plain() {
    assert_eq!(
        terms("target:\"new copy\" \"in progress\""),
        vec![
            (false, Some("target"), "new copy".to_string()),
            plain("in progress")
        ]
    );
    assert_eq!(terms("\"https://x\""), vec![plain("https://x")]);
    // Still typing the quote: it runs to the end.
    assert_eq!(
        terms("status:\"in pro"),
        vec![(false, Some("status"), "in pro".to_string())]
    );
    // An empty quoted word holds everywhere: no term.
    assert_eq!(terms("\"\" prod"), vec![plain("prod")]);
    // A colon after the value's start stays in the value.
    assert_eq!(
        terms("id:a:b"),
        vec![(false, Some("id"), "a:b".to_string())]
    );
    // A word starting with a colon names no field.
    assert_eq!(terms(":x"), vec![plain(":x")]);
}

#[test]
fn bad_input_says_what_is_wrong() {
    assert_eq!(parse("cluster:"), Err(ParseError::EmptyValue("cluster")));
    assert_eq!(
        parse("prod !status:"),
        Err(ParseError::EmptyValue("status"))
    );
    assert_eq!(parse("id:\"\""), Err(ParseError::EmptyValue("id")));
    assert_eq!(parse("!"), Err(ParseError::LoneBang));
    assert_eq!(parse("prod ! x"), Err(ParseError::LoneBang));
    assert_eq!(parse("!\"\""), Err(ParseError::LoneBang));
    assert_eq!(
        parse("kluster:prod"),
        Err(ParseError::UnknownField("kluster".to_string()))
    );
    assert_eq!(
        parse("https://example.com"),
        Err(ParseError::UnknownField("https".to_string()))
    );
    let many = vec!["x"; MAX_TERMS + 1].join(" ");
    assert_eq!(parse(&many), Err(ParseError::TooManyTerms));
    assert!(parse(&vec!["x"; MAX_TERMS].join(" ")).is_ok());
}

#[test]
fn errors_read_as_sentences_naming_the_fields() {
    let unknown = ParseError::UnknownField("kluster".to_string()).to_string();
    assert_eq!(
        unknown,
        "no field \"kluster:\" (fields: cluster project type status target id kind; quote a word with \":\" to find it)"
    );
    assert_eq!(
        ParseError::EmptyValue("type").to_string(),
        "\"type:\" needs a value"
    );
}

#[test]
fn a_query_prints_back_as_it_parses() {
    for text in [
        "cluster:prod !type:download",
        "\"in progress\" !!x",
        "target:\"new copy\" \"a:b\"",
    ] {
        let query = parse(text).unwrap_or_default();
        assert_eq!(query.to_string(), text);
        assert_eq!(parse(&query.to_string()), Ok(query));
    }
    assert_eq!(
        parse("  CLUSTER:Prod   x ").map(|q| q.to_string()),
        Ok("cluster:Prod x".to_string())
    );
}

#[test]
fn a_stricter_query_narrows_a_looser_one() {
    let q = |text: &str| parse(text).unwrap_or_default();
    assert!(q("prod").narrows(&q("pro")));
    assert!(q("pro x").narrows(&q("pro")));
    assert!(q("cluster:prod").narrows(&q("cluster:pro")));
    assert!(q("!pro").narrows(&q("!prod")));
    assert!(q("anything").narrows(&q("")));
    assert!(!q("pro").narrows(&q("prod")));
    assert!(!q("!prod").narrows(&q("!pro")));
    assert!(!q("cluster:prod").narrows(&q("prod")));
    assert!(!q("!prod").narrows(&q("prod")));
    assert!(!q("").narrows(&q("x")));
}

#[test]
fn leniently_the_terms_that_parse_still_filter() {
    let (query, error) = parse_lenient("prod kluster:x !type:download cluster: !");
    assert_eq!(query.to_string(), "prod !type:download");
    assert_eq!(error, Some(ParseError::UnknownField("kluster".to_string())));
    let (query, error) = parse_lenient("prod");
    assert_eq!((query.to_string(), error), ("prod".to_string(), None));
    let (query, error) = parse_lenient(&vec!["x"; MAX_TERMS + 3].join(" "));
    assert_eq!(
        (query.terms.len(), error),
        (MAX_TERMS, Some(ParseError::TooManyTerms))
    );
}
