//! MongoDB's OpenAPI extract as JSON Schema: the `components.schemas` of
//! `tests/data/restore-job-schema.yaml` (a verbatim copy of
//! `shared/reference/restore-job-schema.yaml`) become `$defs`, their
//! `#/components/schemas/X` references `#/$defs/X`; and a walk that names
//! the fields a reply carries but the spec does not declare.

use jsonschema::Validator;
use serde_json::{Map, Value, json};

const SPEC: &str = include_str!("../data/restore-job-schema.yaml");

/// The spec's component schemas, references rewritten to `#/$defs/…`.
pub fn definitions() -> Map<String, Value> {
    let spec: Value = serde_yaml_ng::from_str(SPEC).expect("the extract is YAML");
    let mut schemas = spec["components"]["schemas"].clone();
    rewrite_refs(&mut schemas);
    let Value::Object(mut defs) = schemas else {
        panic!("components.schemas is a map");
    };
    // MongoDB's spec copies `oplogTs`'s minimum (1199145600, 2008-01-01 in
    // Unix seconds) onto `desiredTimestamp.increment`, which is the ordinal
    // of an operation within its second: real increments are small (1, 2,
    // …) and the simulator keeps them so. That one rule is dropped here;
    // the rest of the object (date-time `date`, integer `increment`) is
    // still checked. If MongoDB fixes the spec, this expectation fails and
    // the workaround can go.
    let increment = defs
        .get_mut("ApiBSONTimestampView")
        .and_then(|s| s.pointer_mut("/properties/increment"))
        .and_then(Value::as_object_mut)
        .expect("ApiBSONTimestampView.increment");
    let dropped = increment.remove("minimum").and_then(|m| m.as_f64());
    assert_eq!(dropped, Some(1_199_145_600.0), "the spec's known bug");
    // The spec types `ApiError.parameters` items as objects, but Atlas
    // sends the values named in `detail` as strings (the Go SDK prints a
    // real 404 as `Params: [cluster0 60951ef28b393…]`), and so does the
    // simulator. Only that item type is dropped: `parameters` must still be
    // an array.
    let items = defs
        .get_mut("ApiError")
        .and_then(|s| s.pointer_mut("/properties/parameters/items"))
        .and_then(Value::as_object_mut)
        .expect("ApiError.parameters.items");
    let dropped = items.remove("type");
    assert_eq!(dropped, Some(Value::from("object")), "the spec's item type");
    defs
}

fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "$ref" => {
                        *s = s.replace("#/components/schemas/", "#/$defs/");
                    }
                    _ => rewrite_refs(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// A validator for the component `name`, with `date-time` and the other
/// known formats checked.
pub fn validator(defs: &Map<String, Value>, name: &str) -> Validator {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
        "$ref": format!("#/$defs/{name}"),
    });
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the component schemas compile")
}

/// Every violation of `validator` by `instance`, one line each, prefixed
/// with `what`.
pub fn violations(validator: &Validator, instance: &Value, what: &str) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{what}: {} at {}", e, e.instance_path()))
        .collect()
}

/// The JSON pointers of fields in `instance` that the component `name`
/// (followed through `$ref`, `properties` and `items`) does not declare.
pub fn undeclared(defs: &Map<String, Value>, name: &str, instance: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(
        defs,
        &json!({"$ref": format!("#/$defs/{name}")}),
        instance,
        "",
        &mut found,
    );
    found
}

fn walk(
    defs: &Map<String, Value>,
    schema: &Value,
    instance: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix("#/$defs/").and_then(|n| defs.get(n)) {
            Some(target) => target,
            None => return,
        },
        None => schema,
    };
    match instance {
        Value::Object(fields) => {
            let Some(declared) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (key, value) in fields {
                let path = format!("{at}/{key}");
                match declared.get(key) {
                    Some(sub) => walk(defs, sub, value, &path, out),
                    None => out.push(path),
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    walk(defs, item_schema, item, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}
