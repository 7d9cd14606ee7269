//! `cronjob-schedule`: a CronJob `schedule` or `timeZone` the API server
//! rejects. The schedule is parsed with exactly the rules of
//! `cron.ParseStandard` (robfig/cron v3.0.1, which the API server uses):
//! five fields or a descriptor (`@hourly`, `@every 1h30m`), day of week 0-6.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "cronjob-schedule",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "job-cronjob.md",
        summary: Text {
            fr: "Un planning (`schedule`) ou un fuseau horaire (`timeZone`) de CronJob que l'API refuse (`0 2 * * 7`, `daily`, `Europe/Pariss`)",
            en: "A CronJob `schedule` or `timeZone` the API rejects (`0 2 * * 7`, `daily`, `Europe/Pariss`)",
        },
        what: Text {
            fr: "Le `schedule` d'un CronJob est lu comme le fait le serveur d'API (bibliothèque robfig/cron) : exactement cinq champs séparés par des espaces, minute (0-59), heure (0-23), jour du mois (1-31), mois (1-12 ou `jan`-`dec`), jour de la semaine (0-6 ou `sun`-`sat`, dimanche valant 0 : `7` est refusé) ; chaque champ est `*`, un nombre, une liste `1,15`, un intervalle `1-5` ou un pas `*/10` ; ou bien un raccourci : `@yearly`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every 1h30m`. `TZ=` et `CRON_TZ=` sont refusés dans le planning : le fuseau va dans `timeZone`, qui doit être un nom de la base IANA (`Europe/Paris`, `UTC`), ni vide ni `Local`.",
            en: "A CronJob's `schedule` is read as the API server reads it (the robfig/cron library): exactly five space-separated fields, minute (0-59), hour (0-23), day of month (1-31), month (1-12 or `jan`-`dec`), day of week (0-6 or `sun`-`sat`, Sunday being 0: `7` is rejected); each field is `*`, a number, a list `1,15`, a range `1-5` or a step `*/10`; or else a shortcut: `@yearly`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every 1h30m`. `TZ=` and `CRON_TZ=` are rejected in the schedule: the time zone goes in `timeZone`, which must be a name of the IANA database (`Europe/Paris`, `UTC`), neither empty nor `Local`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le CronJob entier : aucune tâche ne sera jamais lancée. Les plannings recopiés d'un autre outil sont le piège habituel : `7` pour dimanche (accepté par certains crons), un sixième champ pour les secondes, ou un mot comme `daily` sans `@`.",
            en: "The API server rejects the whole CronJob: no task will ever run. Schedules copied from another tool are the usual trap: `7` for Sunday (accepted by some crons), a sixth field for seconds, or a word like `daily` without `@`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/cronjob-schedule/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/cronjob-schedule/good.yaml"),
    },
    check: Check::Object(check),
};

/// The names Go's `time.LoadLocation` knows (Go 1.26's embedded tzdata).
const TIME_ZONES: &str = include_str!("time_zones.txt");

const DESCRIPTORS: &[&str] = &[
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

/// One field of a schedule: its bounds and names.
#[derive(Clone, Copy)]
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [&'static str],
    name: Text,
}

const MONTHS: &[&str] = &[
    "", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: [Bounds; 5] = [
    Bounds {
        min: 0,
        max: 59,
        names: &[],
        name: Text {
            fr: "la minute",
            en: "the minute",
        },
    },
    Bounds {
        min: 0,
        max: 23,
        names: &[],
        name: Text {
            fr: "l'heure",
            en: "the hour",
        },
    },
    Bounds {
        min: 1,
        max: 31,
        names: &[],
        name: Text {
            fr: "le jour du mois",
            en: "the day of month",
        },
    },
    Bounds {
        min: 1,
        max: 12,
        names: MONTHS,
        name: Text {
            fr: "le mois",
            en: "the month",
        },
    },
    Bounds {
        min: 0,
        max: 6,
        names: DAYS,
        name: Text {
            fr: "le jour de la semaine",
            en: "the day of week",
        },
    },
];

/// Why `cron.ParseStandard` refuses a schedule.
#[derive(Debug, Clone, PartialEq)]
pub enum CronError {
    Empty,
    Descriptor(String),
    Duration(String, DurationError),
    FieldCount(usize),
    /// In field `field`: a part that is not a number (or a name).
    NotANumber {
        field: usize,
        part: String,
    },
    Negative {
        field: usize,
        part: String,
    },
    AboveMax {
        field: usize,
        value: u64,
        expr: String,
    },
    BelowMin {
        field: usize,
        value: u64,
        expr: String,
    },
    Reversed {
        field: usize,
        expr: String,
    },
    ZeroStep {
        field: usize,
        expr: String,
    },
    TooManyHyphens {
        field: usize,
        expr: String,
    },
    TooManySlashes {
        field: usize,
        expr: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum DurationError {
    Invalid,
    MissingUnit,
    UnknownUnit(String),
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, units ns, us, µs, μs, ms, s, m, h.
pub fn parse_duration(s: &str) -> Result<(), DurationError> {
    let mut s = s;
    if let Some(rest) = s.strip_prefix(['-', '+']) {
        s = rest;
    }
    if s == "0" {
        return Ok(());
    }
    if s.is_empty() {
        return Err(DurationError::Invalid);
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(DurationError::Invalid);
        }
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let v: u128 = if int_len == 0 {
            0
        } else {
            let v: u128 = s[..int_len].parse().map_err(|_| DurationError::Invalid)?;
            if v > 1 << 63 {
                return Err(DurationError::Invalid);
            }
            v
        };
        s = &s[int_len..];
        let mut frac_len = 0;
        if let Some(rest) = s.strip_prefix('.') {
            frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            s = &rest[frac_len..];
        }
        if int_len == 0 && frac_len == 0 {
            return Err(DurationError::Invalid);
        }
        let unit_len = s
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(s.len(), |(i, _)| i);
        if unit_len == 0 {
            return Err(DurationError::MissingUnit);
        }
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let ns: u128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(DurationError::UnknownUnit(unit.to_string())),
        };
        if v > (1 << 63) / ns {
            return Err(DurationError::Invalid);
        }
        total += v * ns;
        if total > 1 << 63 {
            return Err(DurationError::Invalid);
        }
    }
    Ok(())
}

/// Go's `strconv.Atoi`, then robfig's "negative number not allowed".
fn must_parse_int(field: usize, s: &str) -> Result<u64, CronError> {
    match s.parse::<i64>() {
        Ok(n) if n < 0 => Err(CronError::Negative {
            field,
            part: s.to_string(),
        }),
        Ok(n) => Ok(n as u64),
        Err(_) => Err(CronError::NotANumber {
            field,
            part: s.to_string(),
        }),
    }
}

fn parse_int_or_name(field: usize, s: &str) -> Result<u64, CronError> {
    let lower = s.to_lowercase();
    if let Some(i) = FIELDS[field]
        .names
        .iter()
        .position(|n| !n.is_empty() && *n == lower)
    {
        return Ok(i as u64);
    }
    must_parse_int(field, s)
}

fn get_range(field: usize, expr: &str) -> Result<(), CronError> {
    let b = FIELDS[field];
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_high.len() == 1;
    let (start, mut end);
    if low_high[0] == "*" || low_high[0] == "?" {
        start = b.min;
        end = b.max;
    } else {
        start = parse_int_or_name(field, low_high[0])?;
        end = match low_high.len() {
            1 => start,
            2 => parse_int_or_name(field, low_high[1])?,
            _ => {
                return Err(CronError::TooManyHyphens {
                    field,
                    expr: expr.to_string(),
                });
            }
        };
    }
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(field, range_and_step[1])?;
            if single {
                end = b.max;
            }
            step
        }
        _ => {
            return Err(CronError::TooManySlashes {
                field,
                expr: expr.to_string(),
            });
        }
    };
    let expr = expr.to_string();
    if start < b.min {
        return Err(CronError::BelowMin {
            field,
            value: start,
            expr,
        });
    }
    if end > b.max {
        return Err(CronError::AboveMax {
            field,
            value: end,
            expr,
        });
    }
    if start > end {
        return Err(CronError::Reversed { field, expr });
    }
    if step == 0 {
        return Err(CronError::ZeroStep { field, expr });
    }
    Ok(())
}

/// `cron.ParseStandard`, without the `TZ=` prefix (the API server refuses any `TZ` anyway).
pub fn parse_schedule(spec: &str) -> Result<(), CronError> {
    if spec.is_empty() {
        return Err(CronError::Empty);
    }
    if spec.starts_with('@') {
        if DESCRIPTORS.contains(&spec) {
            return Ok(());
        }
        if let Some(d) = spec.strip_prefix("@every ") {
            return parse_duration(d).map_err(|e| CronError::Duration(d.to_string(), e));
        }
        return Err(CronError::Descriptor(spec.to_string()));
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(CronError::FieldCount(fields.len()));
    }
    for (i, f) in fields.iter().enumerate() {
        for expr in f.split(',').filter(|e| !e.is_empty()) {
            get_range(i, expr)?;
        }
    }
    Ok(())
}

/// A valid schedule close to a rejected one, when the mistake is mechanical.
fn suggestion(spec: &str, err: &CronError) -> Option<String> {
    let fields: Vec<&str> = spec.split_whitespace().collect();
    let candidate = match err {
        // `7` for Sunday.
        CronError::AboveMax {
            field: 4, value: 7, ..
        } => {
            let dow = fields.get(4)?;
            let fixed: Vec<String> = dow
                .split(',')
                .map(|e| {
                    if e == "7" {
                        "0".to_string()
                    } else if let Some(lo) = e.strip_suffix("-7") {
                        format!("{lo}-6,0")
                    } else {
                        e.to_string()
                    }
                })
                .collect();
            let mut f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
            f[4] = fixed.join(",");
            f.join(" ")
        }
        // A sixth field of seconds in front: drop it.
        CronError::FieldCount(6) => fields[1..].join(" "),
        // `daily`, `hourly`… without `@`.
        CronError::FieldCount(1) => {
            let word = format!("@{}", spec.trim().trim_start_matches('@').to_lowercase());
            if DESCRIPTORS.contains(&word.as_str()) {
                word
            } else {
                return None;
            }
        }
        CronError::Descriptor(d) => {
            let lower = d.trim().to_lowercase();
            if DESCRIPTORS.contains(&lower.as_str()) {
                lower
            } else {
                return None;
            }
        }
        _ => return None,
    };
    (parse_schedule(&candidate).is_ok() && candidate != spec).then_some(candidate)
}

fn explain(err: &CronError) -> Msg {
    let fname = |f: &usize| Arg::Text(FIELDS[*f].name);
    match err {
        CronError::Empty => msg!("le planning est vide", "the schedule is empty"),
        CronError::Descriptor(d) => msg!(
            "`{d}` n'est pas un raccourci connu : seuls `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` et `@every <durée>` existent",
            "`{d}` is not a known shortcut: only `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>` exist",
            d
        ),
        CronError::Duration(d, e) => match e {
            DurationError::UnknownUnit(u) => msg!(
                "la durée `{d}` a une unité inconnue `{u}` : les unités sont `h`, `m`, `s`, `ms` (par exemple `1h30m`)",
                "duration `{d}` has an unknown unit `{u}`: the units are `h`, `m`, `s`, `ms` (for instance `1h30m`)",
                d,
                u
            ),
            DurationError::MissingUnit => msg!(
                "la durée `{d}` n'a pas d'unité : écrivez par exemple `5m` ou `1h30m`",
                "duration `{d}` has no unit: write for instance `5m` or `1h30m`",
                d
            ),
            DurationError::Invalid => msg!(
                "`{d}` n'est pas une durée : un nombre suivi d'une unité, comme `90s` ou `1h30m`",
                "`{d}` is not a duration: a number followed by a unit, like `90s` or `1h30m`",
                d
            ),
        },
        CronError::FieldCount(n) => msg!(
            "il faut exactement 5 champs (minute, heure, jour du mois, mois, jour de la semaine), il y en a {n}",
            "exactly 5 fields are needed (minute, hour, day of month, month, day of week), there are {n}",
            n
        ),
        CronError::NotANumber { field, part } => msg!(
            "`{part}` n'est ni un nombre ni un nom pour {f}",
            "`{part}` is neither a number nor a name for {f}",
            part,
            f = fname(field)
        ),
        CronError::Negative { field, part } => msg!(
            "`{part}` est négatif, pour {f}",
            "`{part}` is negative, for {f}",
            part,
            f = fname(field)
        ),
        CronError::AboveMax {
            field: 4, value: 7, ..
        } => msg!(
            "le jour de la semaine va de 0 (dimanche) à 6 (samedi) : `7` n'existe pas ici",
            "the day of week goes from 0 (Sunday) to 6 (Saturday): `7` does not exist here"
        ),
        CronError::AboveMax { field, value, expr } => msg!(
            "dans `{expr}`, {value} dépasse le maximum de {f}, {max}",
            "in `{expr}`, {value} is above the maximum of {f}, {max}",
            expr,
            value = *value,
            f = fname(field),
            max = FIELDS[*field].max
        ),
        CronError::BelowMin { field, value, expr } => msg!(
            "dans `{expr}`, {value} est sous le minimum de {f}, {min}",
            "in `{expr}`, {value} is below the minimum of {f}, {min}",
            expr,
            value = *value,
            f = fname(field),
            min = FIELDS[*field].min
        ),
        CronError::Reversed { field, expr } => msg!(
            "l'intervalle `{expr}` de {f} commence après sa fin",
            "range `{expr}` of {f} starts after its end",
            expr,
            f = fname(field)
        ),
        CronError::ZeroStep { field, expr } => msg!(
            "le pas de `{expr}` ({f}) vaut 0 : il doit être positif",
            "the step of `{expr}` ({f}) is 0: it must be positive",
            expr,
            f = fname(field)
        ),
        CronError::TooManyHyphens { field, expr } => msg!(
            "`{expr}` ({f}) a trop de `-` : un intervalle s'écrit `début-fin`",
            "`{expr}` ({f}) has too many `-`: a range is written `start-end`",
            expr,
            f = fname(field)
        ),
        CronError::TooManySlashes { field, expr } => msg!(
            "`{expr}` ({f}) a trop de `/` : un pas s'écrit `*/10` ou `0-30/5`",
            "`{expr}` ({f}) has too many `/`: a step is written `*/10` or `0-30/5`",
            expr,
            f = fname(field)
        ),
    }
}

/// Why `validateTimeZone` refuses a time zone.
pub fn time_zone_problem(tz: &str) -> Option<Msg> {
    if tz.is_empty() {
        return Some(msg!(
            "`timeZone` est vide : donnez un nom de fuseau ou supprimez la ligne (le fuseau du contrôleur, en général UTC, s'applique alors)",
            "`timeZone` is empty: give a zone name or remove the line (the controller's zone, usually UTC, then applies)"
        ));
    }
    let part_ok = |p: &str| {
        p != "."
            && p != ".."
            && !p.starts_with('-')
            && (1..=14).contains(&p.len())
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".-_+".contains(&c))
    };
    let unknown = msg!(
        "`{tz}` n'est pas un fuseau horaire connu de la base IANA (la casse compte : `Europe/Paris`, `America/New_York`, `UTC`)",
        "`{tz}` is not a time zone of the IANA database (case matters: `Europe/Paris`, `America/New_York`, `UTC`)",
        tz
    );
    if !tz.split('/').all(part_ok) {
        return Some(unknown);
    }
    if tz.eq_ignore_ascii_case("Local") {
        return Some(msg!(
            "`Local` n'est pas permis : le fuseau doit être explicite, par exemple `Europe/Paris`",
            "`Local` is not allowed: the zone must be explicit, for instance `Europe/Paris`"
        ));
    }
    // Also found in the API server host's /usr/share/zoneinfo on Debian.
    let bare = tz
        .strip_prefix("posix/")
        .or_else(|| tz.strip_prefix("right/"))
        .unwrap_or(tz);
    if TIME_ZONES.lines().any(|z| z == bare) {
        return None;
    }
    Some(unknown)
}

/// The known zone closest to `tz` (same case-insensitive name, or by edit distance).
fn closest_zone(tz: &str) -> Option<&'static str> {
    TIME_ZONES
        .lines()
        .find(|z| z.eq_ignore_ascii_case(tz))
        .or_else(|| crate::suggest::closest(tz, TIME_ZONES.lines()))
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "CronJob" {
        return;
    }
    let Some(spec) = obj.spec() else { return };
    let p = &obj.prefix;
    if let Some(node) = spec.get("schedule")
        && let Some(schedule) = node.as_str()
    {
        let path = format!("{p}spec.schedule");
        if schedule.contains("TZ") {
            let rest = schedule
                .split_once(' ')
                .filter(|(head, _)| head.starts_with("TZ=") || head.starts_with("CRON_TZ="));
            let help = match rest {
                Some((head, rest)) => {
                    let zone = head.split_once('=').map_or("", |(_, z)| z);
                    let rest = rest.trim();
                    msg!(
                        "écrivez `schedule: \"{rest}\"` et `timeZone: {zone}` sous `spec:`",
                        "write `schedule: \"{rest}\"` and `timeZone: {zone}` under `spec:`",
                        rest,
                        zone
                    )
                }
                None => msg!(
                    "retirez le fuseau du planning et mettez-le dans `spec.timeZone` (par exemple `timeZone: Europe/Paris`)",
                    "remove the zone from the schedule and put it in `spec.timeZone` (for instance `timeZone: Europe/Paris`)"
                ),
            };
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    node.span,
                    msg!(
                        "le planning `{schedule}` contient `TZ` : le fuseau horaire ne s'écrit pas dans `schedule` (`TZ=` ou `CRON_TZ=`) mais dans le champ `timeZone`",
                        "schedule `{schedule}` contains `TZ`: the time zone is not written in `schedule` (`TZ=` or `CRON_TZ=`) but in the `timeZone` field",
                        schedule
                    ),
                    help,
                )
                .with_path(path),
            );
        } else if let Err(err) = parse_schedule(schedule) {
            let problem = explain(&err);
            let good = suggestion(schedule, &err);
            let help = match &good {
                Some(g) => msg!(
                    "écrivez `schedule: \"{g}\"`",
                    "write `schedule: \"{g}\"`",
                    g
                ),
                None => msg!(
                    "un planning a 5 champs : minute (0-59), heure (0-23), jour du mois (1-31), mois (1-12), jour de la semaine (0-6, dimanche = 0), par exemple `\"30 2 * * 1-5\"` ; ou un raccourci : `@hourly`, `@daily`, `@every 1h30m`",
                    "a schedule has 5 fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12), day of week (0-6, Sunday = 0), for instance `\"30 2 * * 1-5\"`; or a shortcut: `@hourly`, `@daily`, `@every 1h30m`"
                ),
            };
            let mut f = cx
                .finding(
                    &RULE,
                    obj,
                    node.span,
                    msg!(
                        "le planning `{schedule}` n'est pas valide : {problem}",
                        "schedule `{schedule}` is not valid: {problem}",
                        schedule,
                        problem
                    ),
                    help,
                )
                .with_path(path);
            if let Some(g) = good
                && node.span.start.is_known()
                && node.span.end.line == node.span.start.line
            {
                let text = format!("\"{g}\"");
                f = f.with_fix(
                    node.span.start,
                    node.span.caret_len(),
                    crate::diag::Edit::Replace(text),
                    msg!("Remplacer par `{g}`", "Replace with `{g}`", g),
                );
            }
            out.push(f);
        }
    }
    if let Some(node) = spec.get("timeZone")
        && let Some(tz) = node.as_str()
        && let Some(problem) = time_zone_problem(tz)
    {
        let good = (!tz.is_empty())
            .then(|| closest_zone(tz))
            .flatten()
            .filter(|z| *z != tz);
        let help = match good {
            Some(z) => msg!(
                "vouliez-vous dire `timeZone: {z}` ?",
                "did you mean `timeZone: {z}`?",
                z
            ),
            None => msg!(
                "écrivez un nom de la base IANA, par exemple `timeZone: Europe/Paris`, ou supprimez la ligne",
                "write a name of the IANA database, for instance `timeZone: Europe/Paris`, or remove the line"
            ),
        };
        let mut f = cx
            .finding(&RULE, obj, node.span, problem, help)
            .with_path(format!("{p}spec.timeZone"));
        if let Some(z) = good
            && node.span.start.is_known()
            && node.span.end.line == node.span.start.line
        {
            let z = z.to_string();
            f = f.with_fix(
                node.span.start,
                node.span.caret_len(),
                crate::diag::Edit::Replace(z.clone()),
                msg!("Remplacer par `{z}`", "Replace with `{z}`", z),
            );
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_robfig_cron() {
        for ok in [
            "0 2 * * *",
            "*/5 * * * *",
            "@hourly",
            "@every 1h30m",
            "@every 90s",
            "@every 0",
            "@every -5m",
            "@every .5h",
            "30 6 * JAN-MAR mon-fri",
            "0 0 1,15 * ?",
            "5/15 * * * *",
            "0-30/10 * * * *",
            "*-5 * * * *",
            "0 0 31 2 *",
            ", * * * *",
            "+5 * * * *",
            "0 2 * * 0",
            "0 2 * * SUN",
        ] {
            assert_eq!(parse_schedule(ok), Ok(()), "{ok}");
        }
        let err = |s: &str| parse_schedule(s).unwrap_err();
        assert_eq!(err("0 2 * *"), CronError::FieldCount(4));
        assert_eq!(err("0 0 2 * * *"), CronError::FieldCount(6));
        assert_eq!(err("daily"), CronError::FieldCount(1));
        assert!(matches!(
            err("60 * * * *"),
            CronError::AboveMax {
                field: 0,
                value: 60,
                ..
            }
        ));
        assert!(matches!(
            err("0 2 * * 7"),
            CronError::AboveMax {
                field: 4,
                value: 7,
                ..
            }
        ));
        assert!(matches!(
            err("0 0 0 * *"),
            CronError::BelowMin { field: 2, .. }
        ));
        assert!(matches!(err("5-2 * * * *"), CronError::Reversed { .. }));
        assert!(matches!(err("*/0 * * * *"), CronError::ZeroStep { .. }));
        assert!(matches!(
            err("1-2-3 * * * *"),
            CronError::TooManyHyphens { .. }
        ));
        assert!(matches!(
            err("*/2/3 * * * *"),
            CronError::TooManySlashes { .. }
        ));
        assert!(matches!(err("a * * * *"), CronError::NotANumber { .. }));
        assert!(matches!(err("-5 * * * *"), CronError::NotANumber { .. }));
        assert!(matches!(err("*/-1 * * * *"), CronError::Negative { .. }));
        assert_eq!(err("@reboot"), CronError::Descriptor("@reboot".into()));
        assert_eq!(err("@every"), CronError::Descriptor("@every".into()));
        assert_eq!(err("@Hourly"), CronError::Descriptor("@Hourly".into()));
        assert_eq!(
            err("@every 5x"),
            CronError::Duration("5x".into(), DurationError::UnknownUnit("x".into()))
        );
        assert_eq!(
            err("@every 5"),
            CronError::Duration("5".into(), DurationError::MissingUnit)
        );
        assert_eq!(err(""), CronError::Empty);
    }

    #[test]
    fn time_zones() {
        for ok in [
            "Europe/Paris",
            "UTC",
            "America/New_York",
            "Etc/GMT+5",
            "EST",
        ] {
            assert!(time_zone_problem(ok).is_none(), "{ok}");
        }
        for bad in [
            "",
            "Europe/Pariss",
            "europe/paris",
            "Local",
            "local",
            "Europe/../Paris",
            "-x",
        ] {
            assert!(time_zone_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(closest_zone("europe/paris"), Some("Europe/Paris"));
        assert_eq!(closest_zone("Europe/Pariss"), Some("Europe/Paris"));
    }

    fn cronjob(schedule: &str, tz: &str) -> String {
        format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: {schedule}\n{tz}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: c\n              image: busybox:1.36\n"
        )
    }

    #[test]
    fn findings_and_valid_suggestions() {
        assert!(
            crate::rules::findings_of("cronjob-schedule", &cronjob("\"@hourly\"", "")).is_empty()
        );
        let tz = "  timeZone: Europe/Paris\n";
        assert!(
            crate::rules::findings_of("cronjob-schedule", &cronjob("\"*/5 * * * *\"", tz))
                .is_empty()
        );
        assert_eq!(
            crate::rules::findings_of("cronjob-schedule", &cronjob("\"TZ=UTC 0 2 * * *\"", ""))
                .len(),
            1
        );
        for (bad, good) in [
            ("\"0 2 * * 7\"", "0 2 * * 0"),
            ("\"0 0 2 * * *\"", "0 2 * * *"),
            ("daily", "@daily"),
            ("\"@Hourly\"", "@hourly"),
            ("\"0 2 * * 1-7\"", "0 2 * * 1-6,0"),
        ] {
            let yaml = cronjob(bad, "");
            let f = crate::rules::findings_of("cronjob-schedule", &yaml);
            assert_eq!(f.len(), 1, "{bad}");
            let Some(crate::diag::Edit::Replace(text)) = f[0].fix.as_ref().map(|x| x.edit.clone())
            else {
                panic!("{bad}: no fix")
            };
            assert_eq!(text, format!("\"{good}\""));
            let fixed = yaml.replace(&format!("schedule: {bad}"), &format!("schedule: {text}"));
            assert!(
                crate::rules::findings_of("cronjob-schedule", &fixed).is_empty(),
                "{bad}"
            );
        }
        let yaml = cronjob("\"@daily\"", "  timeZone: Europe/Pariss\n");
        let f = crate::rules::findings_of("cronjob-schedule", &yaml);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "spec.timeZone");
        assert!(f[0].help(crate::i18n::Lang::En).contains("Europe/Paris"));
    }
}
