//! kubecours: a French Kubernetes course and the checker that goes with it.
//!
//! The engine: [`source`] reads files, [`yaml`] parses them with positions,
//! [`manifest`] turns documents into objects, [`schema`] walks them alongside
//! the official schema, [`rules`] check them (one file per rule), and
//! [`engine`] runs it all; findings are [`diag`] data that a [`report`]
//! writer words in the reader's language. [`cli`] is the command line.

pub mod book;
pub mod catalogue;
pub mod cli;
pub mod cli_text;
pub mod cluster;
pub mod color;
pub mod corpus;
pub mod course;
pub mod diag;
pub mod engine;
pub mod error;
pub mod exercise;
pub mod extract;
pub mod flat_corpus;
pub mod grade;
pub mod i18n;
pub mod lsp;
pub mod manifest;
pub mod reindent;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod student;
pub mod suggest;
pub mod yaml;
