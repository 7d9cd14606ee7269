//! Strict schema: known kinds and versions ([`kinds`]), and a walk of every
//! object alongside its official schema that tells a [`Visitor`] about each
//! unknown field, wrong type, missing required field and scalar value.
//!
//! Schemas come from k8s-openapi's `schemars` support: each kind's JSON
//! schema is compiled once, on first use, into a small arena; object nodes
//! keep their definition name (`io.k8s.api.core.v1.Container`) so that value
//! checks can be keyed by (definition, field). This module raises nothing
//! itself: the rules that implement [`Visitor`] word the findings.

pub mod kinds;

use crate::manifest::Object;
use crate::suggest::closest;
use crate::yaml::{Entry, Node, Span, Value, push_key};
use kinds::KindInfo;
use serde_json::Value as J;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A compiled schema node.
#[derive(Debug)]
enum Ty {
    Any,
    Object {
        /// Index in `KindSchema::defs` ("" for an anonymous object).
        def: u32,
        /// Sorted by name.
        props: Vec<(Box<str>, u32)>,
        required: Vec<Box<str>>,
        additional: Option<u32>,
    },
    Array(u32),
    String,
    Integer,
    Number,
    Boolean,
    IntOrString,
    Quantity,
}

/// What a schema node expects, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    IntOrString,
    Quantity,
}

/// The compiled schema of one kind.
pub struct KindSchema {
    nodes: Vec<Ty>,
    defs: Vec<Box<str>>,
    root: u32,
}

/// Fields the OpenAPI schema leaves optional (for controllers that default
/// them) but that the API server requires in what a user writes.
const REQUIRED_IN_PRACTICE: &[(&str, &str)] = &[
    ("io.k8s.api.core.v1.Container", "image"),
    ("io.k8s.api.core.v1.EphemeralContainer", "image"),
];

impl KindInfo {
    fn compiled(&self) -> &KindSchema {
        self.cell.get_or_init(|| compile((self.schema)()))
    }
}

/// What the tables say of an (apiVersion, kind).
pub enum Lookup {
    /// Served: its fields can be checked.
    Served(&'static KindInfo),
    /// Exists in this version but is not served by default (alpha, new beta).
    NotServed(&'static KindInfo),
    /// This version was removed.
    Removed(&'static kinds::Removed),
    /// The kind exists, in another version.
    OtherVersion(&'static str),
    /// No such kind in a built-in group (with the closest known kind).
    Unknown { suggestion: Option<&'static str> },
    /// A kind of a group that is not Kubernetes's own: a custom resource.
    Custom,
}

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

/// Every kind the tables know, once (served versions first).
pub fn known_kinds() -> impl Iterator<Item = (&'static str, &'static str)> {
    kinds::table()
        .iter()
        .filter(|k| k.served)
        .map(|k| (k.api_version, k.kind))
}

/// The versions of a kind, in the table's order (an index built once: the
/// schema pass and several rules look up every object).
fn versions_of(kind: &str) -> impl Iterator<Item = &'static KindInfo> {
    static INDEX: std::sync::OnceLock<HashMap<&'static str, Vec<&'static KindInfo>>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<&'static KindInfo>> = HashMap::new();
        for k in kinds::table() {
            m.entry(k.kind).or_default().push(k);
        }
        m
    });
    index.get(kind).into_iter().flatten().copied()
}

pub fn lookup(api_version: &str, kind: &str) -> Lookup {
    if let Some(info) = versions_of(kind).find(|k| k.api_version == api_version) {
        return if info.served {
            Lookup::Served(info)
        } else {
            Lookup::NotServed(info)
        };
    }
    if let Some(r) = kinds::REMOVED
        .iter()
        .find(|r| r.api_version == api_version && r.kind == kind)
    {
        return Lookup::Removed(r);
    }
    if let Some(info) = versions_of(kind).find(|k| k.served) {
        return Lookup::OtherVersion(info.api_version);
    }
    let builtin = kinds::BUILTIN_GROUPS.contains(&group_of(api_version));
    let suggestion = closest(kind, known_kinds().map(|k| k.1));
    match suggestion {
        Some(s)
            if builtin
                || s.eq_ignore_ascii_case(kind)
                || strsim::damerau_levenshtein(s, kind) <= 2 =>
        {
            Lookup::Unknown {
                suggestion: Some(s),
            }
        }
        _ if builtin => Lookup::Unknown { suggestion: None },
        _ => Lookup::Custom,
    }
}

/// Does this kind live in a namespace? (Unknown kinds: yes, like custom resources mostly do.)
pub fn is_namespaced(api_version: &str, kind: &str) -> bool {
    match versions_of(kind)
        .find(|k| k.api_version == api_version)
        .or_else(|| versions_of(kind).next())
    {
        Some(k) => k.namespaced,
        None => !kinds::CLUSTER_SCOPED_EXTRA.contains(&kind),
    }
}

/// How findings name an object: kind, name and, for a namespaced kind, its
/// namespace (`default_ns` when the manifest does not write one).
pub fn reference(obj: &Object, default_ns: &str) -> crate::diag::ObjectRef {
    crate::diag::ObjectRef {
        kind: obj.kind.clone(),
        name: obj.name.clone(),
        namespace: if is_namespaced(&obj.api_version, &obj.kind) {
            Some(obj.namespace.clone().unwrap_or_else(|| default_ns.into()))
        } else {
            None
        },
    }
}

/// The served apiVersion of a kind.
pub fn api_version_of(kind: &str) -> Option<&'static str> {
    known_kinds().find(|k| k.1 == kind).map(|k| k.0)
}

fn compile(root: J) -> KindSchema {
    struct C<'a> {
        defs: &'a serde_json::Map<String, J>,
        nodes: Vec<Ty>,
        names: Vec<Box<str>>,
        by_ref: HashMap<String, u32>,
    }
    impl C<'_> {
        fn name_index(&mut self, name: &str) -> u32 {
            if let Some(i) = self.names.iter().position(|n| &**n == name) {
                return i as u32;
            }
            self.names.push(name.into());
            self.names.len() as u32 - 1
        }
        fn node(&mut self, s: &J, name: Option<&str>) -> u32 {
            if let Some(r) = s.get("$ref").and_then(J::as_str) {
                let name = r.rsplit('/').next().unwrap_or(r).to_string();
                if let Some(&i) = self.by_ref.get(&name) {
                    return i;
                }
                let i = self.nodes.len() as u32;
                self.nodes.push(Ty::Any);
                self.by_ref.insert(name.clone(), i);
                let ty = if name.ends_with("api.resource.Quantity") {
                    Ty::Quantity
                } else {
                    let mut ty = match self.defs.get(&name).cloned() {
                        Some(def) => self.ty(&def, Some(&name)),
                        None => Ty::Any,
                    };
                    if let Ty::Object { required, .. } = &mut ty {
                        for (def, field) in REQUIRED_IN_PRACTICE {
                            if name == *def && !required.iter().any(|r| &**r == *field) {
                                required.push((*field).into());
                            }
                        }
                    }
                    ty
                };
                self.nodes[i as usize] = ty;
                return i;
            }
            let ty = self.ty(s, name);
            self.nodes.push(ty);
            self.nodes.len() as u32 - 1
        }
        fn any(&mut self) -> u32 {
            self.nodes.push(Ty::Any);
            self.nodes.len() as u32 - 1
        }
        fn ty(&mut self, s: &J, name: Option<&str>) -> Ty {
            if s.get("x-kubernetes-int-or-string").is_some() {
                return Ty::IntOrString;
            }
            let ty = match s.get("type") {
                Some(J::String(t)) => t.as_str(),
                Some(J::Array(ts)) => ts
                    .iter()
                    .filter_map(J::as_str)
                    .find(|t| *t != "null")
                    .unwrap_or(""),
                _ => {
                    if s.get("properties").is_some() {
                        "object"
                    } else {
                        ""
                    }
                }
            };
            match ty {
                "object" => {
                    let def = self.name_index(name.unwrap_or(""));
                    let mut props: Vec<(Box<str>, u32)> = Vec::new();
                    if let Some(J::Object(p)) = s.get("properties") {
                        for (k, v) in p {
                            let i = self.node(v, None);
                            props.push((k.as_str().into(), i));
                        }
                    }
                    props.sort_by(|a, b| a.0.cmp(&b.0));
                    let additional = match s.get("additionalProperties") {
                        Some(v @ J::Object(_)) => Some(self.node(v, None)),
                        Some(J::Bool(false)) => None,
                        Some(J::Bool(true)) => Some(self.any()),
                        _ if props.is_empty() => Some(self.any()),
                        _ => None,
                    };
                    let required = s
                        .get("required")
                        .and_then(J::as_array)
                        .map(|r| r.iter().filter_map(J::as_str).map(Into::into).collect())
                        .unwrap_or_default();
                    Ty::Object {
                        def,
                        props,
                        required,
                        additional,
                    }
                }
                "array" => {
                    let item = match s.get("items") {
                        Some(i) => self.node(i, None),
                        None => self.any(),
                    };
                    Ty::Array(item)
                }
                "string" => Ty::String,
                "integer" => Ty::Integer,
                "number" => Ty::Number,
                "boolean" => Ty::Boolean,
                _ => Ty::Any,
            }
        }
    }
    let empty = serde_json::Map::new();
    let defs = root.get("$defs").and_then(J::as_object).unwrap_or(&empty);
    let title = root.get("title").and_then(J::as_str).map(str::to_string);
    let mut c = C {
        defs,
        nodes: Vec::new(),
        names: vec!["".into()],
        by_ref: HashMap::new(),
    };
    let root_idx = c.node(&root, title.as_deref());
    KindSchema {
        nodes: c.nodes,
        defs: c.names,
        root: root_idx,
    }
}

/// Where the walk is: the path of the node, the definition of the object
/// that holds the field, and the field's key.
#[derive(Clone, Copy, Debug)]
pub struct Place<'p> {
    /// `spec.template.spec.containers[0].imagePullPolicy` (with the object's list prefix).
    pub path: &'p str,
    /// `io.k8s.api.core.v1.Container` ("" when unknown).
    pub def: &'p str,
    /// `imagePullPolicy` (for a list item, the list's key).
    pub field: &'p str,
}

/// The fields allowed where an unknown field was found, for suggestions.
pub struct Fields<'s> {
    schema: &'s KindSchema,
    here: u32,
    parent: Option<u32>,
    /// The key that holds this object (`resources` for `resources.limits`).
    pub holder: Option<&'s str>,
}

impl Fields<'_> {
    fn props(&self, idx: u32) -> &[(Box<str>, u32)] {
        match &self.schema.nodes[idx as usize] {
            Ty::Object { props, .. } => props,
            _ => &[],
        }
    }

    /// The allowed field names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.props(self.here).iter().map(|p| &*p.0)
    }

    /// The closest allowed name ("did you mean").
    pub fn closest(&self, key: &str) -> Option<&str> {
        closest(key, self.names())
    }

    /// The object one level up has this field.
    pub fn parent_has(&self, key: &str) -> bool {
        self.parent
            .is_some_and(|p| self.props(p).iter().any(|(n, _)| &**n == key))
    }

    /// A field of this object (or of its list items) that has `key`.
    pub fn child_having(&self, key: &str) -> Option<&str> {
        for (name, idx) in self.props(self.here) {
            let mut i = *idx;
            if let Ty::Array(item) = &self.schema.nodes[i as usize] {
                i = *item;
            }
            if self.props(i).iter().any(|(n, _)| &**n == key) {
                return Some(name);
            }
        }
        None
    }
}

/// What the walk reports.
pub trait Visitor {
    fn unknown_field(&mut self, obj: &Object, place: &Place, entry: &Entry, fields: &Fields);
    fn wrong_type(&mut self, obj: &Object, place: &Place, node: &Node, expected: Expected);
    /// `place` is the object missing the field; `owner` the span to point at.
    fn missing(&mut self, obj: &Object, place: &Place, field: &str, owner: Span);
    /// Every scalar whose type matches its schema (value checks).
    fn scalar(&mut self, _obj: &Object, _place: &Place, _node: &Node, _ty: Expected) {}
}

/// Walks a served object's fields; returns false when the kind is not served.
pub fn walk(obj: &Object, visitor: &mut dyn Visitor) -> bool {
    let Lookup::Served(info) = lookup(&obj.api_version, &obj.kind) else {
        return false;
    };
    let schema = info.compiled();
    let mut w = Walker {
        obj,
        schema,
        visitor,
        path: obj.prefix.trim_end_matches('.').to_string(),
    };
    w.walk(schema.root, &obj.root, None, obj.root.span, None, 0);
    true
}

struct Walker<'a> {
    obj: &'a Object,
    schema: &'a KindSchema,
    visitor: &'a mut dyn Visitor,
    path: String,
}

fn expected(ty: &Ty) -> Option<Expected> {
    Some(match ty {
        Ty::Any => return None,
        Ty::Object { .. } => Expected::Object,
        Ty::Array(_) => Expected::Array,
        Ty::String => Expected::String,
        Ty::Integer => Expected::Integer,
        Ty::Number => Expected::Number,
        Ty::Boolean => Expected::Boolean,
        Ty::IntOrString => Expected::IntOrString,
        Ty::Quantity => Expected::Quantity,
    })
}

impl Walker<'_> {
    /// `idx`: schema of `node`; `parent`: schema of the mapping holding it;
    /// `owner`: span to point at for missing fields; `key`: the key that
    /// holds this node; `holder_def`: the definition of the object holding it.
    fn walk(
        &mut self,
        idx: u32,
        node: &Node,
        parent: Option<u32>,
        owner: Span,
        key: Option<&str>,
        holder_def: u32,
    ) {
        let ty = &self.schema.nodes[idx as usize];
        if node.is_null() {
            return;
        }
        let place_def = &*self.schema.defs[holder_def as usize];
        match (ty, &node.value) {
            (Ty::Any, _) => {}
            (
                Ty::Object {
                    def,
                    props,
                    required,
                    additional,
                },
                Value::Map(entries),
            ) => {
                for e in entries {
                    let child = props
                        .binary_search_by(|p| (*p.0).cmp(&e.key))
                        .ok()
                        .map(|i| props[i].1)
                        .or(*additional);
                    let len = self.path.len();
                    push_key(&mut self.path, &e.key);
                    match child {
                        Some(c) => {
                            self.walk(c, &e.value, Some(idx), e.key_span, Some(&e.key), *def)
                        }
                        None => {
                            let fields = Fields {
                                schema: self.schema,
                                here: idx,
                                parent,
                                holder: key,
                            };
                            let place = Place {
                                path: &self.path,
                                def: &self.schema.defs[*def as usize],
                                field: &e.key,
                            };
                            self.visitor.unknown_field(self.obj, &place, e, &fields);
                        }
                    }
                    self.path.truncate(len);
                }
                for r in required {
                    let present = entries.iter().any(|e| e.key == *r && !e.value.is_null());
                    // A misspelt `contanierPort` already says what is missing.
                    let misspelt = entries.iter().any(|e| {
                        props.binary_search_by(|p| (*p.0).cmp(&e.key)).is_err()
                            && closest(&e.key, [&**r]).is_some()
                    });
                    let root_identity = self.path == self.obj.prefix.trim_end_matches('.')
                        && matches!(&**r, "metadata" | "apiVersion" | "kind");
                    if !present && !root_identity && !misspelt {
                        let place = Place {
                            path: &self.path,
                            def: &self.schema.defs[*def as usize],
                            field: key.unwrap_or(""),
                        };
                        self.visitor.missing(self.obj, &place, r, owner);
                    }
                }
            }
            (Ty::Array(item), Value::Seq(items)) => {
                for (i, it) in items.iter().enumerate() {
                    let len = self.path.len();
                    let _ = write!(self.path, "[{i}]");
                    let owner = if it.span.start.is_known() {
                        it.span
                    } else {
                        owner
                    };
                    self.walk(*item, it, parent, owner, key, holder_def);
                    self.path.truncate(len);
                }
            }
            (Ty::String, Value::Str(_))
            | (Ty::Integer, Value::Int(_))
            | (Ty::Number, Value::Int(_) | Value::Float(_))
            | (Ty::Boolean, Value::Bool(_))
            | (Ty::IntOrString, Value::Int(_) | Value::Str(_))
            | (Ty::Quantity, Value::Str(_) | Value::Int(_) | Value::Float(_)) => {
                let place = Place {
                    path: &self.path,
                    def: place_def,
                    field: key.unwrap_or(""),
                };
                if let Some(exp) = expected(ty) {
                    self.visitor.scalar(self.obj, &place, node, exp);
                }
            }
            _ => {
                let place = Place {
                    path: &self.path,
                    def: place_def,
                    field: key.unwrap_or(""),
                };
                if let Some(exp) = expected(ty) {
                    self.visitor.wrong_type(self.obj, &place, node, exp);
                }
            }
        }
    }
}

/// The descriptions of the fields at a path of a kind (for the editor's
/// completion): (name, expected type).
pub fn fields_at(api_version: &str, kind: &str, path: &[&str]) -> Vec<(String, Option<Expected>)> {
    let Lookup::Served(info) = lookup(api_version, kind) else {
        return Vec::new();
    };
    let s = info.compiled();
    let mut idx = s.root;
    for seg in path {
        while let Ty::Array(i) = &s.nodes[idx as usize] {
            idx = *i;
        }
        let Ty::Object {
            props, additional, ..
        } = &s.nodes[idx as usize]
        else {
            return Vec::new();
        };
        match props.binary_search_by(|p| (*p.0).cmp(seg)) {
            Ok(i) => idx = props[i].1,
            Err(_) => match additional {
                Some(a) => idx = *a,
                None => return Vec::new(),
            },
        }
    }
    while let Ty::Array(i) = &s.nodes[idx as usize] {
        idx = *i;
    }
    match &s.nodes[idx as usize] {
        Ty::Object { props, .. } => props
            .iter()
            .map(|(n, i)| (n.to_string(), expected(&s.nodes[*i as usize])))
            .collect(),
        _ => Vec::new(),
    }
}

/// A place in a kind's compiled schema, to walk it key by key (the
/// re-indentation of a flattened manifest asks, line after line, which open
/// object has a field).
#[derive(Clone, Copy)]
pub struct Shape {
    schema: &'static KindSchema,
    idx: u32,
}

/// What kind of node a [`Shape`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    /// An object with named fields (it may also accept other keys).
    Object,
    /// A map with free keys only (`labels`, `data`, `selector` of a Service).
    FreeMap,
    Array,
    Scalar,
    /// Anything (no schema).
    Any,
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shape({}, {:?})", self.idx, self.kind())
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.schema, other.schema) && self.idx == other.idx
    }
}

impl Shape {
    /// The root of a served kind's schema.
    pub fn of(api_version: &str, kind: &str) -> Option<Shape> {
        let Lookup::Served(info) = lookup(api_version, kind) else {
            return None;
        };
        let schema: &'static KindSchema = info.compiled();
        Some(Shape {
            schema,
            idx: schema.root,
        })
    }

    /// The schemas a document of this apiVersion and kind may follow: its
    /// own (served or not), else every version of the same kind (a removed
    /// `apps/v1beta1` StatefulSet is best rebuilt from `apps/v1`'s).
    pub fn candidates(api_version: &str, kind: &str) -> Vec<Shape> {
        let table = kinds::table();
        let of = |info: &'static KindInfo| {
            let schema: &'static KindSchema = info.compiled();
            Shape {
                schema,
                idx: schema.root,
            }
        };
        if let Some(info) = table
            .iter()
            .find(|k| k.kind == kind && k.api_version == api_version)
        {
            return vec![of(info)];
        }
        let mut same: Vec<&'static KindInfo> = table.iter().filter(|k| k.kind == kind).collect();
        same.sort_by_key(|k| !k.served);
        same.into_iter().map(of).collect()
    }

    fn ty(&self) -> &'static Ty {
        &self.schema.nodes[self.idx as usize]
    }

    fn at(&self, idx: u32) -> Shape {
        Shape {
            schema: self.schema,
            idx,
        }
    }

    pub fn kind(&self) -> ShapeKind {
        match self.ty() {
            Ty::Any => ShapeKind::Any,
            Ty::Object { props, .. } if props.is_empty() => ShapeKind::FreeMap,
            Ty::Object { .. } => ShapeKind::Object,
            Ty::Array(_) => ShapeKind::Array,
            _ => ShapeKind::Scalar,
        }
    }

    /// The schema of a named field (not of a free key).
    pub fn field(&self, key: &str) -> Option<Shape> {
        match self.ty() {
            Ty::Object { props, .. } => props
                .binary_search_by(|p| (*p.0).cmp(key))
                .ok()
                .map(|i| self.at(props[i].1)),
            _ => None,
        }
    }

    /// The schema of any key this object accepts: a field, else its free keys.
    pub fn child(&self, key: &str) -> Option<Shape> {
        match self.ty() {
            Ty::Object { additional, .. } => self.field(key).or(additional.map(|a| self.at(a))),
            Ty::Any => Some(*self),
            _ => None,
        }
    }

    /// The schema of an array's items.
    pub fn item(&self) -> Option<Shape> {
        match self.ty() {
            Ty::Array(i) => Some(self.at(*i)),
            Ty::Any => Some(*self),
            _ => None,
        }
    }

    /// The named fields of an object.
    pub fn field_names(&self) -> impl Iterator<Item = &'static str> {
        let props: &'static [(Box<str>, u32)] = match self.ty() {
            Ty::Object { props, .. } => props,
            _ => &[],
        };
        props.iter().map(|p| &*p.0)
    }

    /// The required fields of an object.
    pub fn required(&self) -> impl Iterator<Item = &'static str> {
        let req: &'static [Box<str>] = match self.ty() {
            Ty::Object { required, .. } => required,
            _ => &[],
        };
        req.iter().map(|r| &**r)
    }

    /// What a scalar or container expects.
    pub fn expected(&self) -> Option<Expected> {
        expected(self.ty())
    }

    /// The definition name of an object (`io.k8s.api.core.v1.Container`), "" when anonymous.
    pub fn definition(&self) -> &'static str {
        match self.ty() {
            Ty::Object { def, .. } => &self.schema.defs[*def as usize],
            _ => "",
        }
    }
}

/// One field of a kind, for the editor's hover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// The definition of the object that holds the field
    /// (`io.k8s.api.core.v1.ServicePort`; "" for an anonymous object).
    pub holder: &'static str,
    /// What the field's value is (None: anything).
    pub expected: Option<Expected>,
}

/// The field at a path of a kind (list indices left out:
/// `["spec", "ports", "targetPort"]`), when the schema has it.
pub fn field_at(api_version: &str, kind: &str, path: &[&str]) -> Option<FieldInfo> {
    let Lookup::Served(info) = lookup(api_version, kind) else {
        return None;
    };
    let s: &'static KindSchema = info.compiled();
    if path.is_empty() {
        return None;
    }
    let mut idx = s.root;
    let mut holder = 0;
    for seg in path {
        while let Ty::Array(i) = &s.nodes[idx as usize] {
            idx = *i;
        }
        let Ty::Object {
            def,
            props,
            additional,
            ..
        } = &s.nodes[idx as usize]
        else {
            return None;
        };
        holder = *def;
        idx = match props.binary_search_by(|p| (*p.0).cmp(seg)) {
            Ok(i) => props[i].1,
            Err(_) => (*additional)?,
        };
    }
    Some(FieldInfo {
        holder: &s.defs[holder as usize],
        expected: expected(&s.nodes[idx as usize]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_at_names_the_holder() {
        let f = field_at("v1", "Service", &["spec", "ports", "targetPort"]).unwrap();
        assert_eq!(f.holder, "io.k8s.api.core.v1.ServicePort");
        assert_eq!(f.expected, Some(Expected::IntOrString));
        let f = field_at(
            "apps/v1",
            "Deployment",
            &["spec", "template", "spec", "containers", "image"],
        )
        .unwrap();
        assert_eq!(f.holder, "io.k8s.api.core.v1.Container");
        assert!(field_at("v1", "Service", &["spec", "nope"]).is_none());
        assert!(field_at("v1", "Service", &[]).is_none());
    }

    #[test]
    fn every_served_kind_compiles() {
        for k in kinds::table().iter().filter(|k| k.served) {
            let s = k.compiled();
            assert!(
                matches!(s.nodes[s.root as usize], Ty::Object { .. }),
                "{} {}",
                k.api_version,
                k.kind
            );
        }
    }

    #[test]
    fn lookups() {
        assert!(matches!(
            lookup("autoscaling/v1", "HorizontalPodAutoscaler"),
            Lookup::Served(_)
        ));
        assert!(matches!(
            lookup("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
            Lookup::Served(_)
        ));
        assert!(
            matches!(lookup("policy/v1beta1", "PodSecurityPolicy"), Lookup::Removed(r) if r.release == "1.25")
        );
        assert!(matches!(
            lookup("v1", "Deployment"),
            Lookup::OtherVersion("apps/v1")
        ));
        assert!(matches!(
            lookup("apps/v1", "Deployement"),
            Lookup::Unknown {
                suggestion: Some("Deployment")
            }
        ));
        assert!(matches!(
            lookup("monitoring.coreos.com/v1", "ServiceMonitor"),
            Lookup::Custom
        ));
        assert!(!is_namespaced(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole"
        ));
        assert!(is_namespaced("v1", "Pod"));
    }

    #[test]
    fn definitions_are_kept() {
        let Lookup::Served(info) = lookup("v1", "Pod") else {
            panic!()
        };
        let s = info.compiled();
        assert!(
            s.defs
                .iter()
                .any(|d| &**d == "io.k8s.api.core.v1.Container"),
            "{:?}",
            &s.defs[..5]
        );
        let names: Vec<String> = fields_at(
            "apps/v1",
            "Deployment",
            &["spec", "template", "spec", "containers"],
        )
        .into_iter()
        .map(|f| f.0)
        .collect();
        assert!(names.contains(&"imagePullPolicy".to_string()));
    }
}
