//! The lenient one-pass reader of a job's typed fields: every known field
//! accepts any JSON and keeps only what fits; unknown fields are skipped.
//! A repeated key counts once, the last one winning (as in a JSON object).
//!
//! [`scalar`] reads one value as a scalar field sees it, [`shapes`] reads
//! objects and arrays that keep only what fits, [`parts`] the objects inside
//! a job, and [`job`] the job itself.

/// The names of the known keys; every other key is `Other`.
macro_rules! keys {
    ($vis:vis $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $vis enum $name { $($variant,)* Other }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a key")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok(match v {
                            $($text => $name::$variant,)*
                            _ => $name::Other,
                        })
                    }
                }
                d.deserialize_identifier(V)
            }
        }
    };
}

mod flex;
mod job;
mod parts;
mod scalar;
mod shapes;

pub(super) use job::{JobFields, JobVisitor};
