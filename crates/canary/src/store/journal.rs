//! Persisting the journal's questionnaire answers and check-ins (the types are
//! [`crate::journal`]'s).
//!
//! Tables from migration 3 (`answers`, `checkins`); instants are stored as Unix seconds.
//! Answers and scores are JSON: the answers as item id → kept value, the scores as the
//! instrument scored them when taken (the report scores the answers again, so a later rule
//! applies to old answers too).

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::params;

use super::{Store, StoreError};
use crate::journal::{AnswerSet, Checkin, Instrument, StoredAnswers};

fn ts(secs: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(secs).map_err(|e| StoreError::Corrupt(format!("instant {secs}: {e}")))
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("journal JSON: {e}"))
}

impl Store {
    /// Keep an answer set and its scores; returns its id.
    pub fn save_answers(
        &self,
        set: &AnswerSet,
        scores: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let answers = serde_json::to_string(&set.answers).map_err(json_err)?;
        let scores = serde_json::to_string(scores).map_err(json_err)?;
        self.conn().execute(
            "INSERT INTO answers (instrument, taken_at, answers, scores) VALUES (?1, ?2, ?3, ?4)",
            params![
                set.instrument.id(),
                set.taken_at.as_second(),
                answers,
                scores
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Every answer set, oldest first; only one instrument's when given. Rows of an
    /// instrument this build does not know are left out.
    pub fn answers(
        &self,
        instrument: Option<Instrument>,
    ) -> Result<Vec<StoredAnswers>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, instrument, taken_at, answers, scores FROM answers
             WHERE ?1 IS NULL OR instrument = ?1 ORDER BY taken_at, id",
        )?;
        let rows = stmt.query_map(params![instrument.map(Instrument::id)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, inst, taken, answers, scores) = row?;
            let Some(instrument) = Instrument::parse(&inst) else {
                continue;
            };
            // A row that does not read (edited by hand) is skipped and counted.
            let read = || -> Result<StoredAnswers, StoreError> {
                let answers: BTreeMap<String, u8> =
                    serde_json::from_str(&answers).map_err(json_err)?;
                Ok(StoredAnswers {
                    id,
                    set: AnswerSet {
                        instrument,
                        taken_at: ts(taken)?,
                        answers,
                    },
                    scores: serde_json::from_str(&scores).map_err(json_err)?,
                })
            };
            match read() {
                Ok(a) => out.push(a),
                Err(e) => self.note_unreadable("answers", id, e.to_string()),
            }
        }
        Ok(out)
    }

    /// The most recent answer set of an instrument.
    pub fn latest_answers(
        &self,
        instrument: Instrument,
    ) -> Result<Option<StoredAnswers>, StoreError> {
        Ok(self.answers(Some(instrument))?.pop())
    }

    /// Every answer set, oldest first, without the stored scores: what a report needs.
    pub fn answer_sets(&self) -> Result<Vec<AnswerSet>, StoreError> {
        Ok(self.answers(None)?.into_iter().map(|s| s.set).collect())
    }

    /// Keep a check-in (its `taken_at` must be set); returns its id.
    pub fn save_checkin(&self, c: &Checkin) -> Result<i64, StoreError> {
        let taken = c
            .taken_at
            .ok_or_else(|| StoreError::Corrupt("a check-in needs its time".into()))?;
        self.conn().execute(
            "INSERT INTO checkins (taken_at, stress, sleep, exercise, social, hobby, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                taken.as_second(),
                c.stress,
                c.sleep,
                c.exercise,
                c.social,
                c.hobby,
                c.note
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Every check-in, oldest first.
    pub fn checkins(&self) -> Result<Vec<Checkin>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT taken_at, stress, sleep, exercise, social, hobby, note, id FROM checkins
             ORDER BY taken_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get::<_, i64>(0)?, r.get::<_, i64>(7)?),
                Checkin {
                    taken_at: None,
                    stress: r.get(1)?,
                    sleep: r.get(2)?,
                    exercise: r.get(3)?,
                    social: r.get(4)?,
                    hobby: r.get(5)?,
                    note: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let ((taken, id), mut c) = row?;
            match ts(taken) {
                Ok(t) => {
                    c.taken_at = Some(t);
                    out.push(c);
                }
                Err(e) => self.note_unreadable("checkins", id, e.to_string()),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(instrument: Instrument, secs: i64, pairs: &[(&str, u8)]) -> AnswerSet {
        AnswerSet {
            instrument,
            taken_at: Timestamp::from_second(secs).unwrap(),
            answers: pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect(),
        }
    }

    #[test]
    fn answers_round_trip_with_latest_and_history() {
        let store = Store::open_in_memory().unwrap();
        let a = set(Instrument::Who5, 2_000_000_000, &[("1", 3)]);
        let b = set(Instrument::Who5, 2_000_100_000, &[("1", 1)]);
        let c = set(Instrument::Cbi, 2_000_050_000, &[("13", 100)]);
        for s in [&b, &a, &c] {
            let scores = serde_json::json!({ "answered": s.answers.len() });
            store.save_answers(s, &scores).unwrap();
        }
        let all = store.answers(None).unwrap();
        let order: Vec<_> = all.iter().map(|s| s.set.clone()).collect();
        assert_eq!(order, vec![a.clone(), c.clone(), b.clone()]);
        assert_eq!(
            store.latest_answers(Instrument::Who5).unwrap().unwrap().set,
            b
        );
        assert!(store.latest_answers(Instrument::Signs).unwrap().is_none());
        assert_eq!(store.answers(Some(Instrument::Cbi)).unwrap().len(), 1);
        assert_eq!(store.answer_sets().unwrap().len(), 3);
    }

    #[test]
    fn checkins_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let c = Checkin {
            taken_at: Some(Timestamp::from_second(2_000_000_000).unwrap()),
            stress: Some(4),
            sleep: Some(2),
            exercise: Some(false),
            social: None,
            hobby: Some(true),
            note: Some("release week".into()),
        };
        store.save_checkin(&c).unwrap();
        assert_eq!(store.checkins().unwrap(), vec![c]);
        assert!(store.save_checkin(&Checkin::default()).is_err());
    }
}
