//! Finding the cluster a route names, as Atlas answers when it is not
//! there (404 for the project or the cluster) or is of the other kind: the
//! dedicated-cluster endpoints answer a Flex cluster with 400
//! `CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API`, the Flex endpoints a dedicated
//! one with 400 `CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API`.

use super::errors::ApiError;
use super::world::{Cluster, World};

/// The dedicated cluster `c` of project `g`, or Atlas's 404 for whichever
/// is missing; a Flex cluster is Atlas's 400
/// `CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API`.
pub fn cluster_of<'w>(world: &'w World, g: &str, c: &str) -> Result<&'w Cluster, ApiError> {
    let cluster = world
        .project(g)
        .ok_or_else(|| ApiError::group_not_found(g))?
        .cluster(c)
        .ok_or_else(|| ApiError::cluster_not_found(g, c))?;
    if cluster.spec.flex {
        return Err(ApiError::flex_in_cluster_api(c));
    }
    Ok(cluster)
}

/// [`cluster_of`], mutable.
pub fn cluster_or_404<'w>(
    world: &'w mut World,
    g: &str,
    c: &str,
) -> Result<&'w mut Cluster, ApiError> {
    let cluster = world
        .project_mut(g)
        .ok_or_else(|| ApiError::group_not_found(g))?
        .cluster_mut(c)
        .ok_or_else(|| ApiError::cluster_not_found(g, c))?;
    if cluster.spec.flex {
        return Err(ApiError::flex_in_cluster_api(c));
    }
    Ok(cluster)
}

/// The Flex cluster `name` of project `group`: 404 when there is none, and
/// Atlas's 400 `CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API` for a dedicated one.
pub fn flex_cluster<'w>(
    world: &'w World,
    group: &str,
    name: &str,
) -> Result<&'w Cluster, ApiError> {
    let cluster = world
        .project(group)
        .ok_or_else(|| ApiError::group_not_found(group))?
        .cluster(name)
        .ok_or_else(|| ApiError::cluster_not_found(group, name))?;
    if cluster.spec.flex {
        Ok(cluster)
    } else {
        Err(ApiError::non_flex_in_flex_api(name))
    }
}

/// [`flex_cluster`], mutable (the listing's faults count down).
pub fn flex_cluster_mut<'w>(
    world: &'w mut World,
    group: &str,
    name: &str,
) -> Result<&'w mut Cluster, ApiError> {
    let cluster = world
        .project_mut(group)
        .ok_or_else(|| ApiError::group_not_found(group))?
        .cluster_mut(name)
        .ok_or_else(|| ApiError::cluster_not_found(group, name))?;
    if cluster.spec.flex {
        Ok(cluster)
    } else {
        Err(ApiError::non_flex_in_flex_api(name))
    }
}
