//! Atlas error bodies: `{"detail", "error", "errorCode", "parameters",
//! "reason"}` served as `application/json` with an `X-Error-Code` header.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Value, json};

/// An Atlas API error, ready to become a response.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub detail: String,
    pub parameters: Vec<Value>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code: code.to_string(),
            detail: detail.into(),
            parameters: Vec::new(),
        }
    }

    pub fn with_params(mut self, params: &[&str]) -> ApiError {
        self.parameters = params.iter().map(|p| Value::from(*p)).collect();
        self
    }

    pub fn body(&self) -> Value {
        json!({
            "detail": self.detail,
            "error": self.status.as_u16(),
            "errorCode": self.code,
            "parameters": self.parameters,
            "reason": self.status.canonical_reason().unwrap_or("Unknown"),
        })
    }

    pub fn into_response(self) -> Response<Body> {
        let text = self.body().to_string();
        let mut resp = Response::new(Body::from(text));
        *resp.status_mut() = self.status;
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Ok(v) = HeaderValue::from_str(&self.code) {
            h.insert("x-error-code", v);
        }
        resp
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            401,
            "NOT_ORG_GROUP_CREATOR",
            "You are not authorized for this resource.",
        )
    }

    /// A dedicated-cluster endpoint asked about a Flex cluster.
    pub fn flex_in_cluster_api(cluster: &str) -> ApiError {
        ApiError::new(
            400,
            "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API",
            format!("Flex cluster {cluster} cannot be used in the Cluster API."),
        )
        .with_params(&[cluster])
    }

    /// A Flex endpoint asked about a dedicated cluster.
    pub fn non_flex_in_flex_api(cluster: &str) -> ApiError {
        ApiError::new(
            400,
            "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API",
            format!("Cluster {cluster} is not a Flex cluster and cannot be used in the Flex Cluster API."),
        )
        .with_params(&[cluster])
    }

    pub fn not_acceptable() -> ApiError {
        ApiError::new(
            406,
            "INVALID_VERSION_DATE",
            "Invalid accept header or version date.",
        )
    }

    pub fn resource_not_found(path: &str) -> ApiError {
        ApiError::new(
            404,
            "RESOURCE_NOT_FOUND",
            format!("Cannot find resource {path}."),
        )
        .with_params(&[path])
    }

    pub fn group_not_found(group: &str) -> ApiError {
        ApiError::new(
            404,
            "GROUP_NOT_FOUND",
            format!("No group with ID {group} exists."),
        )
        .with_params(&[group])
    }

    pub fn cluster_not_found(group: &str, cluster: &str) -> ApiError {
        let detail = format!("No cluster named {cluster} exists in group {group}.");
        ApiError::new(404, "CLUSTER_NOT_FOUND", detail).with_params(&[cluster, group])
    }

    pub fn job_not_found(job: &str) -> ApiError {
        let detail = format!("No restore job with ID {job} exists.");
        ApiError::new(404, "RESTORE_JOB_NOT_FOUND", detail).with_params(&[job])
    }

    pub fn snapshot_not_found(snapshot: &str) -> ApiError {
        let detail = format!("No snapshot with ID {snapshot} exists.");
        ApiError::new(404, "SNAPSHOT_NOT_FOUND", detail).with_params(&[snapshot])
    }

    pub fn invalid_query(name: &str, value: &str) -> ApiError {
        let detail = format!("Invalid query parameter {name} with value {value}.");
        ApiError::new(400, "INVALID_QUERY_PARAMETER", detail).with_params(&[name, value])
    }

    pub fn method_not_allowed(method: &str) -> ApiError {
        let detail = format!("Method {method} is not supported for this resource.");
        ApiError::new(405, "METHOD_NOT_ALLOWED", detail)
    }

    pub fn rate_limited() -> ApiError {
        ApiError::new(
            429,
            "RATE_LIMITED_TOKEN_BUCKET",
            "You have exceeded the rate limit. Please wait before retrying.",
        )
    }
}

/// The `errorCode` Atlas uses for a status when the scenario names none.
pub fn default_code(status: u16) -> &'static str {
    match status {
        400 => "INVALID_PARAMETER",
        401 => "NOT_ORG_GROUP_CREATOR",
        403 => "IP_ADDRESS_NOT_ON_ACCESS_LIST",
        404 => "RESOURCE_NOT_FOUND",
        409 => "CONFLICT",
        410 => "VERSION_GONE",
        429 => "RATE_LIMITED",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        _ => "UNEXPECTED_ERROR",
    }
}

/// A plausible `detail` for an error code.
pub fn default_detail(code: &str) -> String {
    match code {
        "TIMEOUT_WHILE_PAGING" => "Timed out while paging through results. Please retry the \
             request with includeCount=false."
            .into(),
        "RATE_LIMITED" | "RATE_LIMITED_TOKEN_BUCKET" => {
            "You have exceeded the rate limit. Please wait before retrying.".into()
        }
        "SERVICE_UNAVAILABLE" => "Service is temporarily unavailable.".into(),
        "IP_ADDRESS_NOT_ON_ACCESS_LIST" => {
            "IP address 127.0.0.1 is not allowed to access this resource.".into()
        }
        "UNEXPECTED_ERROR" => "Unexpected error.".into(),
        other => format!("Simulated error {other}."),
    }
}
