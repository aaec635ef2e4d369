package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrOutOfRange is wrapped by the errors of instants, or results, outside the
// years MinYear..MaxYear.
var ErrOutOfRange = errors.New("outside the supported range")

// Due returns the appointment for a dossier received at start with limit l.
//
// The start counts from the next working moment: a receipt outside working
// hours starts at the next opening (during the lunch break, at 13:30 with
// the default hours). Then:
//
//   - WorkingDays: the same clock time N working days later: received Fri
//     2025-01-24 10:00 with 3 days is due Wed 2025-02-05 10:00 (Tết 2025 off).
//     A start at the morning opening (received at 07:00, or before opening,
//     or after the previous close) counts that whole day as the first one, so
//     it is due at the close of the N-th working day, counting the start day:
//     received Mon 07:00 with 1 day is due Mon 17:00, not Tue 07:00 (the same
//     working-time position, the earlier instant).
//   - WorkingHours: N working hours later, across breaks and days off; a
//     result exactly at a boundary is the earlier instant (received 07:00
//     with 8 hours is due 17:00 the same day).
//   - SameDay: the close of the working day of the start; when the receipt is
//     on a working day at or after l.Cutoff, the close of the next working
//     day.
//
// It returns an error when l is invalid (non-positive count, unknown kind)
// or when start or the result is outside MinYear..MaxYear (ErrOutOfRange).
// The result is in Vietnam's zone.
func (c *Calendar) Due(start time.Time, l Limit) (time.Time, error) {
	if err := l.Validate(); err != nil {
		return time.Time{}, err
	}
	idx, tod, err := c.split(start)
	if err != nil {
		return time.Time{}, err
	}
	switch l.Kind {
	case WorkingDays:
		return c.addDays(idx, tod, l.N)
	case WorkingHours:
		if l.N > 24*len(c.work) {
			return time.Time{}, c.errAfterRange()
		}
		return c.earliest(c.position(idx, tod) + int64(l.N)*int64(time.Hour))
	default: // SameDay, as Validate allows no other kind
		sidx, _, err := c.normalize(idx, tod)
		if err != nil {
			return time.Time{}, err
		}
		k := int(c.ord[sidx])
		if sidx == idx && tod >= int64(l.Cutoff)*int64(time.Minute) {
			k++
		}
		return c.closeOf(k)
	}
}

// addDays is the WorkingDays rule of Due.
func (c *Calendar) addDays(idx int, tod int64, n int) (time.Time, error) {
	idx, tod, err := c.normalize(idx, tod)
	if err != nil {
		return time.Time{}, err
	}
	k := int(c.ord[idx]) // c.work[k] is the start day
	if n > len(c.work) {
		return time.Time{}, c.errAfterRange()
	}
	if tod == c.open {
		return c.closeOf(k + n - 1)
	}
	if k+n >= len(c.work) {
		return time.Time{}, c.errAfterRange()
	}
	return c.join(int(c.work[k+n])-c.first, tod), nil
}

// AddWorkingTime returns the earliest instant at which d of working time has
// elapsed after t. It returns an error when d is not positive or when t or
// the result is outside the supported range.
func (c *Calendar) AddWorkingTime(t time.Time, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return time.Time{}, fmt.Errorf("working time %s: must be positive", d)
	}
	idx, tod, err := c.split(t)
	if err != nil {
		return time.Time{}, err
	}
	if int64(d)/int64(time.Hour) > int64(24*len(c.work)) {
		return time.Time{}, c.errAfterRange()
	}
	return c.earliest(c.position(idx, tod) + int64(d))
}

// WorkingTime returns the working time between from and to: positive when
// to is after from, negative when before. Time outside working hours and on
// days off does not count.
func (c *Calendar) WorkingTime(from, to time.Time) (time.Duration, error) {
	fi, ft, err := c.split(from)
	if err != nil {
		return 0, err
	}
	ti, tt, err := c.split(to)
	if err != nil {
		return 0, err
	}
	return time.Duration(c.position(ti, tt) - c.position(fi, ft)), nil
}

// Remaining returns the working time left at instant at before appointment:
// what a dossier paused at that instant still has. It is negative when the
// appointment has already passed, by the working time overdue.
func (c *Calendar) Remaining(appointment, at time.Time) (time.Duration, error) {
	return c.WorkingTime(at, appointment)
}

// Resume returns the new appointment of a dossier paused at pausedAt and
// resumed at resumedAt: the old appointment moved later by the working time
// of the pause. When the dossier still had time left this is resumedAt plus
// the remaining working time. It is never earlier than appointment; a pause
// that covers no working time leaves it unchanged. An appointment at an
// opening (e.g. 13:30) stays at an opening rather than at the close before
// it. It returns an error when resumedAt is before pausedAt or an instant is
// out of range.
func (c *Calendar) Resume(appointment, pausedAt, resumedAt time.Time) (time.Time, error) {
	if resumedAt.Before(pausedAt) {
		return time.Time{}, fmt.Errorf("resumed at %s, before the pause at %s", resumedAt.In(ict).Format(time.RFC3339), pausedAt.In(ict).Format(time.RFC3339))
	}
	paused, err := c.WorkingTime(pausedAt, resumedAt)
	if err != nil {
		return time.Time{}, err
	}
	if paused == 0 {
		return appointment, nil
	}
	ai, at, err := c.split(appointment)
	if err != nil {
		return time.Time{}, err
	}
	p := c.position(ai, at) + int64(paused)
	if c.atOpening(ai, at) {
		return c.latest(p)
	}
	return c.earliest(p)
}

// Extend returns the appointment extended by l, which must be WorkingDays or
// WorkingHours, with the rules of Due applied from the old appointment.
func (c *Calendar) Extend(appointment time.Time, l Limit) (time.Time, error) {
	if l.Kind == SameDay {
		return time.Time{}, fmt.Errorf("an extension is counted in working days or hours, not %q", l.Kind)
	}
	return c.Due(appointment, l)
}

// split returns the index of t's local day in c.ord and its time of day in
// nanoseconds.
func (c *Calendar) split(t time.Time) (int, int64, error) {
	sec := t.Unix() + 7*3600
	day := sec / 86400
	if sec < 0 && sec%86400 != 0 {
		day--
	}
	idx := day - int64(c.first)
	if idx < 0 || idx >= int64(len(c.ord)-1) {
		return 0, 0, fmt.Errorf("instant %s is %w %d to %d", t.In(ict).Format(time.RFC3339), ErrOutOfRange, MinYear, MaxYear)
	}
	return int(idx), (sec-day*86400)*int64(time.Second) + int64(t.Nanosecond()), nil
}

// join is the inverse of split.
func (c *Calendar) join(idx int, tod int64) time.Time {
	sec := int64(c.first+idx)*86400 - 7*3600 + tod/int64(time.Second)
	return time.Unix(sec, tod%int64(time.Second)).In(ict)
}

func (c *Calendar) isWork(idx int) bool { return c.ord[idx+1] > c.ord[idx] }

// position returns the working time from the start of the calendar to the
// instant (idx, tod); it stands still outside working time.
func (c *Calendar) position(idx int, tod int64) int64 {
	p := int64(c.ord[idx]) * c.dayWork
	if !c.isWork(idx) {
		return p
	}
	for _, s := range c.spans {
		if tod <= s.from {
			break
		}
		p += min(tod, s.to) - s.from
	}
	return p
}

// normalize returns the first working moment at or after (idx, tod).
func (c *Calendar) normalize(idx int, tod int64) (int, int64, error) {
	if c.isWork(idx) {
		for _, s := range c.spans {
			if tod < s.to {
				return idx, max(tod, s.from), nil
			}
		}
	}
	k := int(c.ord[idx+1])
	if k >= len(c.work) {
		return 0, 0, c.errAfterRange()
	}
	return int(c.work[k]) - c.first, c.open, nil
}

// atOpening reports whether (idx, tod) is a working day at the start of one
// of its working intervals.
func (c *Calendar) atOpening(idx int, tod int64) bool {
	if !c.isWork(idx) {
		return false
	}
	for _, s := range c.spans {
		if tod == s.from {
			return true
		}
	}
	return false
}

// earliest returns the earliest instant whose position is p: at a boundary,
// the close before a break rather than the opening after it.
func (c *Calendar) earliest(p int64) (time.Time, error) {
	k, r := int(p/c.dayWork), p%c.dayWork
	if r == 0 && k > 0 {
		return c.closeOf(k - 1)
	}
	if k >= len(c.work) {
		return time.Time{}, c.errAfterRange()
	}
	idx := int(c.work[k]) - c.first
	for _, s := range c.spans {
		if r <= s.to-s.from {
			return c.join(idx, s.from+r), nil
		}
		r -= s.to - s.from
	}
	return c.join(idx, c.close), nil // not reached: r < dayWork
}

// latest returns the latest working moment whose position is p: at a
// boundary, the opening after a break rather than the close before it.
func (c *Calendar) latest(p int64) (time.Time, error) {
	k, r := int(p/c.dayWork), p%c.dayWork
	if k >= len(c.work) {
		return time.Time{}, c.errAfterRange()
	}
	idx := int(c.work[k]) - c.first
	for _, s := range c.spans {
		if r < s.to-s.from {
			return c.join(idx, s.from+r), nil
		}
		r -= s.to - s.from
	}
	return c.join(idx, c.close), nil // not reached: r < dayWork
}

// closeOf returns the close of the k-th working day.
func (c *Calendar) closeOf(k int) (time.Time, error) {
	if k < 0 || k >= len(c.work) {
		return time.Time{}, c.errAfterRange()
	}
	return c.join(int(c.work[k])-c.first, c.close), nil
}

func (c *Calendar) errAfterRange() error {
	return fmt.Errorf("deadline after the last working day of %d: %w %d to %d", MaxYear, ErrOutOfRange, MinYear, MaxYear)
}

// Outcome classifies a finished dossier against its appointment.
type Outcome string

const (
	// FinishedBefore: finished on a calendar date before the appointment's.
	FinishedBefore Outcome = "before"
	// FinishedOnTime: finished on the appointment's calendar date.
	FinishedOnTime Outcome = "on_time"
	// FinishedOverdue: finished on a calendar date after the appointment's.
	FinishedOverdue Outcome = "overdue"
)

// ClassifyFinished compares the local (UTC+7) calendar date on which a
// dossier finished with the date of its appointment; the clock time does not
// matter. Withdrawn dossiers count as on time: the caller decides that.
func ClassifyFinished(appointment, finished time.Time) Outcome {
	switch DateOf(finished).Compare(DateOf(appointment)) {
	case -1:
		return FinishedBefore
	case 0:
		return FinishedOnTime
	}
	return FinishedOverdue
}

// Standing classifies a pending dossier at an instant.
type Standing string

const (
	// PendingInTime: the appointment is more than DueSoonWindow away.
	PendingInTime Standing = "in_time"
	// PendingDueSoon: the appointment is within DueSoonWindow, not passed.
	PendingDueSoon Standing = "due_soon"
	// PendingOverdue: the appointment has passed.
	PendingOverdue Standing = "overdue"
)

// DueSoonWindow is how close an appointment makes a pending dossier due soon.
const DueSoonWindow = 24 * time.Hour

// ClassifyPending returns the standing at instant at of a dossier not yet
// finished: Overdue once at is after the appointment, DueSoon when the
// appointment is at most 24 hours (of clock time) away, InTime otherwise.
func ClassifyPending(appointment, at time.Time) Standing {
	switch left := appointment.Sub(at); {
	case left < 0:
		return PendingOverdue
	case left <= DueSoonWindow:
		return PendingDueSoon
	}
	return PendingInTime
}
