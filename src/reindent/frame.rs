//! The stack frames of the re-indentation: an open object or list, what its
//! schema lets it hold, and what it already holds.

use crate::schema::{Shape, ShapeKind};

/// Fields of the root of an object of unknown kind.
pub(super) const ROOT_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

/// Fields that the nearest object has in its schema but that almost always
/// belong further out: a Container's `restartPolicy` exists for sidecar
/// init containers only, the Pod's is the one written after `containers`.
pub(super) const WEAK: &[(&str, &str)] = &[("io.k8s.api.core.v1.Container", "restartPolicy")];

/// How a frame was opened, for the path shown in messages.
#[derive(Clone, Copy, Debug)]
pub(super) enum Label<'a> {
    Root,
    Key(&'a str),
    Item(usize),
}

#[derive(Clone, Debug)]
pub(super) struct Frame<'a> {
    pub(super) seq: bool,
    /// A map: its schema; a list: the schema of its items. None: unknown.
    pub(super) shape: Option<Shape>,
    /// The root of an object whose kind has no schema.
    pub(super) unknown_root: bool,
    /// A list whose items are whole objects (`items` of a `List`).
    pub(super) objects: bool,
    /// Map: column of its keys; list: column of its dashes.
    pub(super) indent: usize,
    /// Map: keys already present.
    pub(super) keys: Vec<&'a str>,
    /// List: first key of its first item, and how many items.
    pub(super) first_key: Option<&'a str>,
    pub(super) items: usize,
    pub(super) label: Label<'a>,
}

impl<'a> Frame<'a> {
    pub(super) fn map(shape: Option<Shape>, indent: usize, label: Label<'a>) -> Frame<'a> {
        Frame {
            seq: false,
            shape,
            unknown_root: false,
            objects: false,
            indent,
            keys: Vec::new(),
            first_key: None,
            items: 0,
            label,
        }
    }

    pub(super) fn list(item: Option<Shape>, indent: usize, label: Label<'a>) -> Frame<'a> {
        Frame {
            seq: true,
            ..Frame::map(item, indent, label)
        }
    }

    /// Takes any key (a free-form map, or a map with no schema).
    pub(super) fn free(&self) -> bool {
        !self.unknown_root
            && match self.shape {
                None => true,
                Some(s) => matches!(s.kind(), ShapeKind::FreeMap | ShapeKind::Any),
            }
    }

    /// Has this field by name (not as a free key).
    pub(super) fn named(&self, key: &str) -> bool {
        if self.unknown_root {
            return ROOT_FIELDS.contains(&key) || key == "items";
        }
        self.shape.is_some_and(|s| s.field(key).is_some())
    }

    pub(super) fn weak(&self, key: &str) -> bool {
        self.shape
            .is_some_and(|s| WEAK.contains(&(s.definition(), key)))
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }

    /// The schema of the value of `key` in this map.
    pub(super) fn child(&self, key: &str) -> Option<Shape> {
        if self.unknown_root {
            return (key == "metadata").then(object_meta).flatten();
        }
        let s = self.shape?;
        if s.kind() == ShapeKind::Any {
            return None;
        }
        s.child(key)
    }

    /// A list item of this list may start with `first` (a key), or be a scalar.
    pub(super) fn item_takes(&self, first: Option<&str>) -> bool {
        if self.objects {
            return first.is_some();
        }
        match (self.shape.map(|s| s.kind()), first) {
            (None | Some(ShapeKind::Any), _) => true,
            (Some(ShapeKind::Object), Some(k)) => self.shape.is_some_and(|s| s.child(k).is_some()),
            (Some(ShapeKind::FreeMap), Some(_)) => true,
            (Some(ShapeKind::Scalar), None) => true,
            (Some(ShapeKind::Array), None) => true,
            _ => false,
        }
    }
}

/// `ObjectMeta`, for objects whose kind has no schema.
fn object_meta() -> Option<Shape> {
    Shape::of("v1", "ConfigMap")?.field("metadata")
}

/// Required fields an object was closed without.
pub(super) fn missing_required(f: &Frame) -> usize {
    if f.seq {
        return 0;
    }
    match f.shape {
        Some(s) if s.kind() == ShapeKind::Object => s
            .required()
            .filter(|r| !f.has(r) && !matches!(*r, "apiVersion" | "kind" | "metadata"))
            .count(),
        _ => 0,
    }
}
