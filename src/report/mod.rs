//! Writing findings: human (rustc-style, with source snippets) and JSON.

pub mod human;
pub mod json;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}
pub mod exercise;
pub mod gradebook;
