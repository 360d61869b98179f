//! The filter language, parsed once per change of the `/` text: terms
//! separated by spaces, all of which must hold. A term is a plain word
//! (found in anything the row shows, or its project), or `field:value`
//! (found in that field, see [`super::fields::FIELDS`]); `!` before a term
//! negates it; double quotes keep spaces in a value (`target:"new copy"`)
//! and make a word with `:` plain (`"https://x"`).

use std::fmt;

use super::fields::{self, Field};

/// At most this many terms (the matcher keeps one bit per term a target
/// decides).
pub const MAX_TERMS: usize = 64;

/// One term of the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    /// `None` for a plain word, found anywhere in the row.
    pub field: Option<Field>,
    /// The value as typed, quotes taken off.
    pub value: String,
    /// The value lowercased, for matching.
    pub needle: String,
}

/// The parsed filter: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// Why a filter text is not a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `name:` where no field is called `name`.
    UnknownField(String),
    /// `field:` with nothing after the colon.
    EmptyValue(&'static str),
    /// `!` with nothing after it.
    LoneBang,
    TooManyTerms,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnknownField(name) => write!(
                f,
                "no field \"{name}:\" (fields: {}; quote a word with \":\" to find it)",
                fields::names()
            ),
            ParseError::EmptyValue(name) => write!(f, "\"{name}:\" needs a value"),
            ParseError::LoneBang => f.write_str("\"!\" needs a term after it"),
            ParseError::TooManyTerms => write!(f, "at most {MAX_TERMS} terms"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses the `/` text, or says what is wrong first (the tests' strict
/// form of [`parse_lenient`]).
#[cfg(test)]
pub fn parse(text: &str) -> Result<Query, ParseError> {
    match parse_lenient(text) {
        (query, None) => Ok(query),
        (_, Some(error)) => Err(error),
    }
}

/// Parses the `/` text into the terms that parse (the first
/// [`MAX_TERMS`]), and the first error: while a term is being typed
/// (`cluster:`) or is wrong (`kluster:x`), the others still filter.
pub fn parse_lenient(text: &str) -> (Query, Option<ParseError>) {
    let mut terms = Vec::new();
    let mut first_error = None;
    for token in tokens(text) {
        match term(&token) {
            Ok(Some(term)) if terms.len() < MAX_TERMS => terms.push(term),
            Ok(Some(_)) => {
                first_error.get_or_insert(ParseError::TooManyTerms);
            }
            Ok(None) => {}
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    (Query { terms }, first_error)
}

/// A character of a token, and whether it was inside double quotes.
type Quoted = (char, bool);

/// The text split at spaces outside double quotes; an unclosed quote runs
/// to the end (the user is still typing it).
fn tokens(text: &str) -> Vec<Vec<Quoted>> {
    let mut tokens = Vec::new();
    let mut token: Vec<Quoted> = Vec::new();
    let mut in_quotes = false;
    // A token made only of quotes (`""`) is still a token.
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                started = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if started {
                    tokens.push(std::mem::take(&mut token));
                }
                started = false;
            }
            c => {
                token.push((c, in_quotes));
                started = true;
            }
        }
    }
    if started {
        tokens.push(token);
    }
    tokens
}

/// One token as a term; `None` for an empty quoted word (`""`), which
/// every row holds.
fn term(token: &[Quoted]) -> Result<Option<Term>, ParseError> {
    let (negated, rest) = match token.split_first() {
        Some((('!', false), rest)) => (true, rest),
        _ => (false, token),
    };
    let colon = rest.iter().position(|&(c, quoted)| c == ':' && !quoted);
    let (field, value) = match colon {
        Some(at) if at > 0 && rest.iter().take(at).all(|(_, quoted)| !quoted) => {
            let name: String = rest.iter().take(at).map(|(c, _)| c).collect();
            let field = Field::named(&name).ok_or(ParseError::UnknownField(name))?;
            (Some(field), rest.get(at + 1..).unwrap_or_default())
        }
        _ => (None, rest),
    };
    let value: String = value.iter().map(|(c, _)| c).collect();
    if value.is_empty() {
        return match (field, negated) {
            (Some(field), _) => Err(ParseError::EmptyValue(field.name())),
            (None, true) => Err(ParseError::LoneBang),
            (None, false) => Ok(None),
        };
    }
    Ok(Some(Term {
        negated,
        field,
        needle: value.to_lowercase(),
        value,
    }))
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every row this query passes also passes `wider`: each of
    /// `wider`'s terms has a term here on the same field, negated alike,
    /// that is at least as strict (a longer value holding its value, or
    /// for a negation a shorter one held by it). Then the rows of `wider`
    /// can be narrowed instead of the whole index filtered.
    pub fn narrows(&self, wider: &Query) -> bool {
        wider.terms.iter().all(|loose| {
            self.terms.iter().any(|strict| {
                strict.field == loose.field
                    && strict.negated == loose.negated
                    && if strict.negated {
                        loose.needle.contains(&strict.needle)
                    } else {
                        strict.needle.contains(&loose.needle)
                    }
            })
        })
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("!")?;
        }
        if let Some(field) = self.field {
            write!(f, "{}:", field.name())?;
        }
        let plain_colon = self.field.is_none() && self.value.contains(':');
        let needs_quotes = plain_colon
            || (self.value.starts_with('!') && !self.negated && self.field.is_none())
            || self.value.chars().any(char::is_whitespace);
        if needs_quotes {
            write!(f, "\"{}\"", self.value)
        } else {
            f.write_str(&self.value)
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (at, term) in self.terms.iter().enumerate() {
            if at > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
