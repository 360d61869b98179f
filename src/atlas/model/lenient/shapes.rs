//! Objects and arrays read leniently: an object of the wrong shape is
//! absent, and an array keeps only the elements that fit.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::scalar::Scalar;
use crate::atlas::model::Text;

/// The `visit_*` methods of a shape's visitor for booleans, numbers and
/// null, which the shape does not want: each gives `$empty`. What an
/// `Option` holds is read as itself.
macro_rules! other_scalars_give {
    ($de:lifetime, $empty:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_some<D: Deserializer<$de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

/// A value that is kept only when it is an object of the right shape.
pub(super) trait FromObject<'de>: Sized {
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error>;
}

/// `Some` for an object that fits, `None` for anything else.
pub(super) struct Object<T>(pub(super) Option<T>);

impl<'de, T: FromObject<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: FromObject<'de>> Visitor<'de> for V<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::from_object(map).map(Object)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Object(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Object(None))
            }
            other_scalars_give!('de, Object(None));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// An array's elements that fit (`T` yields `None` for the rest); any
/// other JSON is an empty list, but for what [`Element::lone_string`]
/// keeps of a lone string (the old single-string `deliveryUrl`).
pub(super) struct List<T>(pub(super) Vec<T>);

impl<T> List<T> {
    /// The elements, without spare capacity.
    pub(super) fn boxed(self) -> Box<[T]> {
        self.0.into_boxed_slice()
    }
}

pub(super) trait Element<'de>: Sized {
    fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error>;
    /// What a lone string (not in an array) gives.
    fn lone_string(_: &str) -> Option<Self> {
        None
    }
}

impl<'de, T: FromObject<'de>> Element<'de> for T {
    fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error> {
        Ok(seq.next_element::<Object<T>>()?.map(|object| object.0))
    }
}

/// A string element of `deliveryUrl`.
pub(super) struct Url(pub(super) Text);

impl<'de> Element<'de> for Url {
    fn element<A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Option<Self>>, A::Error> {
        Ok(seq
            .next_element::<Scalar<'de>>()?
            .map(|scalar| scalar.text().map(Url)))
    }

    fn lone_string(text: &str) -> Option<Self> {
        (!text.is_empty()).then(|| Url(Text::from(text)))
    }
}

impl<'de, T: Element<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Element<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = T::element(&mut seq)? {
                    items.extend(item);
                }
                Ok(List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(List(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(List(T::lone_string(v).into_iter().collect()))
            }
            other_scalars_give!('de, List(Vec::new()));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
