//! Days of a working life, shared by the persona and the heavy user: a [`Shape`] says how a
//! day tends to go (when it starts and ends, how often evenings, weekends, pages and 4 AM
//! mails happen, how dense the traces are), and [`Life`] plans each day as stretches of work
//! plus calendar, mail and on-call events, then turns the whole plan into events through the
//! [`Emitter`].
//!
//! All times handed to a [`Life`] method are local seconds after the day's midnight (see
//! [`hm`]); the plan itself is kept in UTC so that stretches from neighbouring days merge.

use super::clock::{DayClock, hm};
use super::sources::{COLLEAGUES, Emitter, INCIDENTS, MANAGER, Rates};
use crate::event::Urgency;

/// A stretch of ordinary desk work.
pub(crate) const WORK: Rates = Rates {
    bursts: 1.1,
    burst_len: (2, 10),
    commits: 0.45,
    mails: 1.0,
    chats: 0.8,
};

/// Evening and weekend work: more typing, fewer people around to chat with.
pub(crate) const EVENING: Rates = Rates {
    bursts: 2.0,
    burst_len: (2, 12),
    commits: 0.5,
    mails: 1.3,
    chats: 0.4,
};

/// Working an incident: the commands and chat are added per incident, so few extra traces.
const INCIDENT: Rates = Rates {
    bursts: 2.5,
    burst_len: (3, 12),
    commits: 0.0,
    mails: 0.2,
    chats: 0.0,
};

/// Awake at 4 AM with the laptop open.
const NIGHT: Rates = Rates {
    bursts: 1.0,
    burst_len: (1, 5),
    commits: 0.0,
    mails: 0.0,
    chats: 0.0,
};

/// A planned maintenance window: many commands, a commit or two, a running commentary.
pub(crate) const MAINTENANCE: Rates = Rates {
    bursts: 5.0,
    burst_len: (4, 20),
    commits: 0.6,
    mails: 0.2,
    chats: 1.0,
};

/// How a day tends to go. Clock fields are `(from, to)` local seconds; durations are seconds;
/// probabilities are per day (or per night) and rates per hour.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub start: (i64, i64),
    pub lunch: (i64, i64),
    pub lunch_len: (i64, i64),
    /// Chance of working through lunch.
    pub lunch_skip: f64,
    pub end: (i64, i64),
    pub evening: f64,
    pub evening_start: (i64, i64),
    pub evening_len: (i64, i64),
    /// Chance of checking in before 07:00.
    pub early: f64,
    /// Chance of work on each weekend day.
    pub weekend: f64,
    pub weekend_len: (i64, i64),
    /// Expected pages a day (07:30–20:30) and a night when on call.
    pub day_pages: f64,
    pub night_pages: f64,
    /// Chance of a mail sent between 03:35 and 04:25.
    pub four_am: f64,
    /// Ad-hoc meetings a workday, half-open range.
    pub meetings: (u32, u32),
    /// Mails received a workday, half-open range.
    pub received: (u32, u32),
    /// Chance of answering an off-hours mail within minutes rather than next session.
    pub quick_reply: f64,
    pub work: Rates,
    pub evening_rates: Rates,
}

const MIN: i64 = 60;

impl Shape {
    /// Office hours kept, a rare evening, pages by day only.
    pub(crate) fn sustainable() -> Shape {
        Shape {
            start: (hm(7, 45), hm(8, 20)),
            lunch: (hm(12, 0), hm(12, 30)),
            lunch_len: (35 * MIN, 55 * MIN),
            lunch_skip: 0.0,
            end: (hm(16, 40), hm(17, 30)),
            evening: 0.07,
            evening_start: (hm(20, 0), hm(21, 20)),
            evening_len: (20 * MIN, 40 * MIN),
            early: 0.0,
            weekend: 0.05,
            weekend_len: (20 * MIN, 45 * MIN),
            day_pages: 0.6,
            night_pages: 0.0,
            four_am: 0.0,
            meetings: (0, 2),
            received: (12, 20),
            quick_reply: 0.0,
            work: WORK,
            evening_rates: EVENING,
        }
    }

    /// Longer days, frequent evenings, weekend fixes; `load` in 0..1 sets how far along.
    pub(crate) fn creeping(load: f64) -> Shape {
        Shape {
            start: (hm(7, 45), hm(8, 15)),
            lunch_skip: 0.15,
            lunch_len: (30 * MIN, 45 * MIN),
            end: (
                hm(17, 0) + (load * 30.0) as i64 * MIN,
                hm(17, 30) + (load * 30.0) as i64 * MIN,
            ),
            evening: 0.2 + 0.35 * load,
            evening_start: (hm(20, 0), hm(21, 40)),
            evening_len: (30 * MIN, 75 * MIN),
            early: 0.03,
            weekend: 0.3,
            weekend_len: (30 * MIN, 120 * MIN),
            day_pages: 0.7,
            night_pages: 0.12,
            four_am: 0.02,
            meetings: (0, 3),
            received: (14, 26),
            quick_reply: 0.1,
            ..Shape::sustainable()
        }
    }

    /// Nights and weekends are working time now.
    pub(crate) fn heavy(load: f64) -> Shape {
        Shape {
            start: (hm(7, 40), hm(8, 10)),
            lunch_skip: 0.35,
            lunch_len: (20 * MIN, 35 * MIN),
            end: (hm(17, 0), hm(17, 40)),
            evening: 0.5 + 0.2 * load,
            evening_start: (hm(20, 30), hm(21, 45)),
            evening_len: (30 * MIN, 75 * MIN),
            early: 0.25,
            weekend: 0.45,
            weekend_len: (45 * MIN, 120 * MIN),
            day_pages: 0.8,
            night_pages: 0.42,
            four_am: 0.2,
            meetings: (1, 4),
            received: (18, 32),
            quick_reply: 0.3,
            ..Shape::sustainable()
        }
    }
}

/// A meeting fixed by the story (a recurring series): local start, minutes, series uid.
pub(crate) type Fixed = (i64, i64, &'static str);

/// A whole working life being planned: the emitter, the stretches of work still to be turned
/// into traces, and the off-hours mails waiting for a reply.
pub(crate) struct Life {
    pub em: Emitter,
    /// Stretches of work in UTC seconds, with how densely they leave traces.
    plan: Vec<(i64, i64, Rates)>,
    /// Off-hours mails (received at, from, Message-ID) answered at the next stretch of work.
    pending: Vec<(i64, usize, String)>,
}

impl Life {
    pub(crate) fn new(em: Emitter) -> Life {
        Life {
            em,
            plan: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// A stretch of work from `start` to `end` (local seconds of `clock`'s day).
    pub(crate) fn work(&mut self, clock: &DayClock, start: i64, end: i64, rates: Rates) {
        if end > start {
            self.plan.push((clock.at(start), clock.at(end), rates));
        }
    }

    fn between(&mut self, range: (i64, i64)) -> i64 {
        self.em.secs(range.0, range.1)
    }

    /// The day's incoming mail: mostly in office hours, some in the evening and at night. A
    /// share of what arrives off hours is answered, within minutes or at the next session.
    pub(crate) fn received(&mut self, clock: &DayClock, workday: bool, shape: &Shape) {
        let n = if workday {
            self.em.rng.u32(shape.received.0..shape.received.1)
        } else {
            self.em.rng.u32(2..7)
        };
        for _ in 0..n {
            let r = self.em.rng.f64();
            let local = match (workday, r) {
                (true, r) if r < 0.82 => self.between((hm(7, 30), hm(17, 30))),
                (true, r) if r < 0.94 => self.between((hm(17, 30), hm(22, 30))),
                (false, r) if r < 0.95 => self.between((hm(8, 0), hm(23, 0))),
                _ => self.between((hm(23, 0), hm(31, 0))),
            };
            let from = self.em.pick_sender();
            let urgency = match self.em.rng.u32(0..100) {
                0..3 => Some(Urgency::High),
                3 => Some(Urgency::Low),
                _ => None,
            };
            let t = clock.at(local);
            let key = self.em.mail_received(t, from, urgency);
            let off_hours = !workday || !(hm(8, 0)..hm(17, 0)).contains(&local);
            if off_hours && self.em.cast.answerable(from) && self.em.chance(0.5) {
                let urgent = if urgency == Some(Urgency::High) {
                    2.0
                } else {
                    1.0
                };
                if self.em.chance(shape.quick_reply * urgent) {
                    let reply = t + self.em.secs(3 * MIN, 25 * MIN);
                    self.em.mail_sent(reply, from, None, Some(key));
                } else {
                    self.pending.push((t, from, key));
                }
            }
        }
        // Monitoring notifications and list mail arrive around the clock.
        for _ in 0..self.em.rng.u32(2..6) {
            let local = self.between((hm(0, 0), hm(24, 0)));
            self.em.mail_automated(clock.at(local));
        }
    }

    /// A working weekday: the story's fixed meetings (the day stretches to cover them), some
    /// ad-hoc ones, morning and afternoon around lunch, maybe an early check and an evening.
    pub(crate) fn workday(&mut self, clock: &DayClock, shape: &Shape, fixed: &[Fixed]) {
        let mut start = self.between(shape.start);
        let mut end = self.between(shape.end);
        let mut taken: Vec<(i64, i64)> = Vec::with_capacity(8);
        for &(at, minutes, uid) in fixed {
            start = start.min(at - 5 * MIN);
            end = end.max(at + (minutes + 5) * MIN);
            taken.push((at, at + minutes * MIN));
            self.em.meeting(clock.at(at), minutes, Some(uid));
        }
        let wanted = self.em.rng.u32(shape.meetings.0..shape.meetings.1);
        for _ in 0..wanted {
            for _attempt in 0..4 {
                // 09:00 … 16:00 on the half hour, not over lunch.
                let slot = hm(9, 0) + 30 * MIN * self.em.rng.i64(0..15);
                let minutes = [30, 45, 60][self.em.rng.usize(0..3)];
                let stop = slot + minutes * MIN;
                let lunch = slot < hm(13, 30) && stop > hm(12, 0);
                if lunch || taken.iter().any(|&(a, b)| slot < b && a < stop) {
                    continue;
                }
                taken.push((slot, stop));
                self.em.meeting(clock.at(slot), minutes, None);
                break;
            }
        }
        if self.em.chance(shape.lunch_skip) {
            self.work(clock, start, end, shape.work);
        } else {
            let lunch = self.between(shape.lunch);
            let back = lunch + self.between(shape.lunch_len);
            self.work(clock, start, lunch, shape.work);
            self.work(clock, back, end, shape.work);
        }
        if self.em.chance(shape.early) {
            let at = self.between((hm(6, 10), hm(6, 45)));
            let len = self.between((10 * MIN, 25 * MIN));
            self.work(clock, at, (at + len).min(start - 10 * MIN), shape.work);
        }
        if self.em.chance(shape.evening) {
            let at = self.between(shape.evening_start).max(end + 60 * MIN);
            let len = self.between(shape.evening_len);
            self.work(clock, at, at + len, shape.evening_rates);
        }
    }

    /// A weekend day: perhaps a stretch of fixing things.
    pub(crate) fn weekend(&mut self, clock: &DayClock, shape: &Shape) {
        if self.em.chance(shape.weekend) {
            let at = self.between((hm(10, 0), hm(19, 0)));
            let len = self.between(shape.weekend_len);
            self.work(clock, at, at + len, shape.evening_rates);
        }
    }

    /// A day and night on call for `responder` (`None`: the person): pages by day and night
    /// at the shape's rates.
    pub(crate) fn on_call(&mut self, clock: &DayClock, shape: &Shape, responder: Option<usize>) {
        for _ in 0..3 {
            if self.em.chance(shape.day_pages / 3.0) {
                let at = self.between((hm(7, 30), hm(20, 30)));
                let urgency = if self.em.chance(0.35) {
                    Urgency::High
                } else {
                    Urgency::Low
                };
                self.page(clock, at, urgency, responder);
            }
        }
        for _ in 0..3 {
            if self.em.chance(shape.night_pages / 3.0) {
                let at = self.between((hm(23, 0), hm(29, 30)));
                let urgency = if self.em.chance(0.85) {
                    Urgency::High
                } else {
                    Urgency::Low
                };
                self.page(clock, at, urgency, responder);
            }
        }
    }

    /// One page at local `at`: acknowledged within minutes and worked for a while. When the
    /// person responds, the work leaves commands, chat in #incidents and sometimes a hotfix.
    pub(crate) fn page(
        &mut self,
        clock: &DayClock,
        at: i64,
        urgency: Urgency,
        responder: Option<usize>,
    ) {
        let ack_after = match urgency {
            Urgency::High => self.em.secs(MIN, 8 * MIN),
            _ => self.em.secs(3 * MIN, 20 * MIN),
        };
        let work = self.em.secs(10 * MIN, 60 * MIN);
        let (ack, end) = self
            .em
            .incident(clock.at(at), urgency, responder, ack_after, work);
        if responder.is_none() {
            self.plan.push((ack, end, INCIDENT));
            let n = self.em.rng.u32(4..16);
            let first = ack + self.em.secs(30, 120);
            self.em.commands(first, n, end);
            let n = self.em.rng.u32(1..5);
            let first = ack + self.em.secs(MIN, 5 * MIN);
            self.em.chat(first, INCIDENTS, n, end);
            if self.em.chance(0.15) {
                let fix = end - self.em.secs(MIN, 5 * MIN);
                self.em.commit(fix.max(ack), None);
            }
        }
    }

    /// Perhaps the "4 AM email": awake in the small hours after `clock`'s day, laptop open,
    /// one mail sent between 03:35 and 04:25.
    pub(crate) fn four_am(&mut self, clock: &DayClock, shape: &Shape) {
        if self.em.chance(shape.four_am) {
            let at = clock.at(self.between((hm(27, 35), hm(28, 25))));
            let to = if self.em.chance(0.5) {
                MANAGER
            } else {
                self.em.pick_recipient()
            };
            self.em.mail_sent(at, to, None, None);
            let (before, after) = (
                self.em.secs(5 * MIN, 15 * MIN),
                self.em.secs(2 * MIN, 10 * MIN),
            );
            self.plan.push((at - before, at + after, NIGHT));
        }
    }

    /// The colleagues' own commits to the shared repositories during their working day.
    pub(crate) fn colleague_commits(&mut self, clock: &DayClock) {
        for c in COLLEAGUES {
            for _ in 0..2 {
                if self.em.chance(0.4) {
                    let at = self.between((hm(9, 0), hm(18, 0)));
                    self.em.commit(clock.at(at), Some(c));
                }
            }
        }
    }

    /// Turn the plan into traces: stretches merged where they overlap, waiting replies sent
    /// early in the first desk stretch after they arrived, then the events from `lo` to `hi`.
    pub(crate) fn finish(mut self, lo: i64, hi: i64) -> Vec<crate::event::Event> {
        self.plan.sort_by_key(|p| p.0);
        self.pending.sort_unstable();
        let mut merged: Vec<(i64, i64, Rates)> = Vec::with_capacity(self.plan.len());
        for (s, e, r) in self.plan {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e, r)),
            }
        }
        let mut waiting = self.pending.into_iter().peekable();
        for (s, e, rates) in merged {
            // Replies are written at the desk, not in the middle of a night incident.
            let at_desk = rates.mails >= WORK.mails;
            while let Some((_, from, key)) = waiting.next_if(|(t, _, _)| at_desk && *t < s) {
                let at = s + self.em.secs(MIN, (e - s).min(25 * MIN));
                self.em.mail_sent(at, from, None, Some(key));
            }
            self.em.session(s, e, &rates);
        }
        self.em.finish(lo, hi)
    }
}
