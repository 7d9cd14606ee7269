//! The schema pass: for each object, the kind and version are looked up,
//! then the object is walked alongside its schema ([`crate::schema::walk`]);
//! each thing the walk meets is handed to the rule whose file words it
//! (`unknown-kind`, `api-version`, `custom-resource`, `unknown-field`,
//! `field-type`, `required-field`, and the value rules keyed by field).

use crate::diag::Finding;
use crate::manifest::Object;
use crate::rules::{
    ObjCx, api_version, custom_resource, field_type, invalid_enum, invalid_quantity, out_of_range,
    required_field, unknown_field, unknown_kind,
};
use crate::schema::{self, Expected, Fields, Lookup, Place, Visitor};
use crate::yaml::{Entry, Node, Span};

/// Every value check keyed by (definition, field), called on each scalar
/// whose type already matches its schema.
pub type ScalarCheck = fn(&ObjCx, &Object, &Place, &Node, Expected, &mut Vec<Finding>);

/// The value checks the walk calls (see each rule's file).
pub static SCALAR_CHECKS: &[ScalarCheck] = &[
    invalid_quantity::check_scalar,
    invalid_enum::check_scalar,
    out_of_range::check_scalar,
];

pub fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    match schema::lookup(&obj.api_version, &obj.kind) {
        Lookup::Served(_) => {
            let mut pass = Pass { cx, out };
            schema::walk(obj, &mut pass);
        }
        Lookup::Custom => custom_resource::report(cx, obj, out),
        Lookup::Unknown { suggestion } => unknown_kind::report(cx, obj, suggestion, out),
        Lookup::NotServed(info) => api_version::not_served(cx, obj, info, out),
        Lookup::Removed(r) => api_version::removed(cx, obj, r, out),
        Lookup::OtherVersion(right) => api_version::other_version(cx, obj, right, out),
    }
}

struct Pass<'a, 'b> {
    cx: &'a ObjCx<'b>,
    out: &'a mut Vec<Finding>,
}

impl Visitor for Pass<'_, '_> {
    fn unknown_field(&mut self, obj: &Object, place: &Place, entry: &Entry, fields: &Fields) {
        unknown_field::report(self.cx, obj, place, entry, fields, self.out);
    }

    fn wrong_type(&mut self, obj: &Object, place: &Place, node: &Node, expected: Expected) {
        field_type::report(self.cx, obj, place, node, expected, self.out);
    }

    fn missing(&mut self, obj: &Object, place: &Place, field: &str, owner: Span) {
        required_field::report(self.cx, obj, place, field, owner, self.out);
    }

    fn scalar(&mut self, obj: &Object, place: &Place, node: &Node, ty: Expected) {
        for check in SCALAR_CHECKS {
            check(self.cx, obj, place, node, ty, self.out);
        }
    }
}
