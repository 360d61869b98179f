//! The objects inside a job: shard components, private download URLs, the
//! desired timestamp and links, each read from its own keys.

use serde::de::MapAccess;

use super::scalar::{scalar, skip};
use super::shapes::{FromObject, List};
use crate::atlas::model::shared::{rel, shared};
use crate::atlas::model::{Component, DesiredTimestamp, Link, PrivateDownloadUrl};

keys!(ComponentKey {
    ReplicaSetName = "replicaSetName",
    DownloadUrl = "downloadUrl",
    PrivateDownloadDeliveryUrls = "privateDownloadDeliveryUrls",
});

keys!(PrivateUrlKey {
    DeliveryUrl = "deliveryUrl",
    EndpointId = "endpointId",
});

keys!(DesiredKey {
    Date = "date",
    Increment = "increment",
    Time = "time",
});

keys!(LinkKey {
    Href = "href",
    Rel = "rel",
});

impl<'de> FromObject<'de> for Component {
    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut component = Component {
            replica_set_name: None,
            download_url: None,
            private_download_urls: Box::default(),
        };
        while let Some(key) = map.next_key::<ComponentKey>()? {
            match key {
                ComponentKey::ReplicaSetName => {
                    component.replica_set_name = scalar(&mut map)?.text();
                }
                ComponentKey::DownloadUrl => component.download_url = scalar(&mut map)?.text(),
                ComponentKey::PrivateDownloadDeliveryUrls => {
                    component.private_download_urls = map.next_value::<List<_>>()?.boxed();
                }
                ComponentKey::Other => skip(&mut map)?,
            }
        }
        Ok(Some(component))
    }
}

impl<'de> FromObject<'de> for PrivateDownloadUrl {
    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let (mut delivery_url, mut endpoint_id) = (None, None);
        while let Some(key) = map.next_key::<PrivateUrlKey>()? {
            match key {
                PrivateUrlKey::DeliveryUrl => delivery_url = scalar(&mut map)?.text(),
                PrivateUrlKey::EndpointId => endpoint_id = scalar(&mut map)?.text(),
                PrivateUrlKey::Other => skip(&mut map)?,
            }
        }
        Ok(delivery_url.map(|delivery_url| PrivateDownloadUrl {
            delivery_url,
            endpoint_id,
        }))
    }
}

impl<'de> FromObject<'de> for DesiredTimestamp {
    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut desired = DesiredTimestamp {
            date: None,
            increment: None,
            time: None,
        };
        while let Some(key) = map.next_key::<DesiredKey>()? {
            match key {
                DesiredKey::Date => desired.date = scalar(&mut map)?.date(),
                DesiredKey::Increment => desired.increment = scalar(&mut map)?.integer(),
                DesiredKey::Time => desired.time = scalar(&mut map)?.integer(),
                DesiredKey::Other => skip(&mut map)?,
            }
        }
        Ok(Some(desired))
    }
}

impl<'de> FromObject<'de> for Link {
    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let (mut href, mut link_rel) = (None, None);
        while let Some(key) = map.next_key::<LinkKey>()? {
            match key {
                LinkKey::Href => href = scalar(&mut map)?.as_str().map(shared),
                LinkKey::Rel => link_rel = scalar(&mut map)?.as_str().map(rel),
                LinkKey::Other => skip(&mut map)?,
            }
        }
        Ok(href.map(|href| Link {
            href,
            rel: link_rel.unwrap_or_default(),
        }))
    }
}
