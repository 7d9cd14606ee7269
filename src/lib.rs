//! kubecours: a French Kubernetes course and the checker that goes with it.
//!
//! The engine: [`source`] reads files, [`yaml`] parses them with positions,
//! [`manifest`] turns documents into objects, [`schema`] validates them
//! strictly, [`rules`] checks them (one file per rule), [`report`] writes the
//! findings. [`cli`] is the command line.

pub mod book;
pub mod catalogue;
pub mod cli;
pub mod cluster;
pub mod color;
pub mod corpus;
pub mod error;
pub mod exercise;
pub mod finding;
pub mod grade;
pub mod i18n;
pub mod lint;
pub mod manifest;
pub mod par;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod student;
pub mod suggest;
pub mod yaml;
