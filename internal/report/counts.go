package report

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Counts are the additive facts of a period and a scope. Every field is a
// number of dossiers (or letters) attributed to exactly one day, the day of
// the event named in its comment, so the counts of days, units, fields,
// procedures and officers add up with [Counts.Add]. The store maintains one
// row of Counts per day and scope in the same transaction as the dossier
// change that moves it.
//
// "Received" is the set of dossiers received in the period: status 2
// (received) or any later status, except those refused before reception
// (status 3), which count in Refused instead.
type Counts struct {
	// Received counts dossiers received in the period, dated by reception.
	Received int64 `json:"received"`
	// ReceivedCounter, ReceivedOnline and ReceivedPost split Received by
	// channel (1 counter, 2 online, 3 public postal service); they add up to
	// Received.
	ReceivedCounter int64 `json:"received_counter"`
	ReceivedOnline  int64 `json:"received_online"`
	ReceivedPost    int64 `json:"received_post"`

	// Refused counts dossiers refused before reception (status 3), dated by
	// the refusal.
	Refused int64 `json:"refused"`
	// Withdrawn counts dossiers withdrawn at the applicant's request
	// (status 7), dated by the withdrawal. They count as on time (see
	// [OnTimePct]).
	Withdrawn int64 `json:"withdrawn"`
	// Stopped counts dossiers whose processing was stopped (status 8), dated
	// by the stop. They enter no before/on-time/overdue share.
	Stopped int64 `json:"stopped"`

	// Resolved counts dossiers whose processing ended with a result
	// (status 9) in the period, dated by the end of processing.
	Resolved int64 `json:"resolved"`
	// ResolvedBefore, ResolvedOnTime and ResolvedOverdue split Resolved by
	// comparing the calendar date processing ended with the appointment date
	// (the original one: a new appointment after an apology letter does not
	// change the statistics): earlier, the same date, later. They add up to
	// Resolved.
	ResolvedBefore  int64 `json:"resolved_before"`
	ResolvedOnTime  int64 `json:"resolved_on_time"`
	ResolvedOverdue int64 `json:"resolved_overdue"`

	// Returned counts results handed to the applicant (status 10), dated by
	// the hand-over.
	Returned int64 `json:"returned"`

	// ReceivedWithDigitised counts received dossiers with at least one
	// component digitised (or reused), dated by reception; a subset of
	// Received.
	ReceivedWithDigitised int64 `json:"received_with_digitised"`
	// ReceivedReusingData counts received dossiers with at least one
	// component reused from the citizen's data store or from another
	// dossier's result, dated by reception; a subset of Received.
	ReceivedReusingData int64 `json:"received_reusing_data"`
	// ResolvedWithElectronicResult counts resolved dossiers whose result was
	// issued electronically, dated by the end of processing; a subset of
	// Resolved.
	ResolvedWithElectronicResult int64 `json:"resolved_with_electronic_result"`
	// ReceivedSynced counts received dossiers whose record reached the
	// national portal, dated by reception (the store increments the
	// reception day's row on the first successful sync); a subset of
	// Received.
	ReceivedSynced int64 `json:"received_synced"`

	// FeeBearing counts dossiers with a fee or charge due (not exempt, not
	// free), dated by reception.
	FeeBearing int64 `json:"fee_bearing"`
	// PaidOnline counts the FeeBearing dossiers paid online, dated by
	// reception; a subset of FeeBearing.
	PaidOnline int64 `json:"paid_online"`

	// Rated counts dossiers the applicant rated, and RatedVerySatisfied,
	// RatedSatisfied, RatedNotSatisfied split it by the rating; they add up
	// to Rated. Complaints counts dossiers complained about. All are dated
	// by the dossier's end of processing, like UnderCompetence, so a rating
	// given later increments that day's row.
	Rated              int64 `json:"rated"`
	RatedVerySatisfied int64 `json:"rated_very_satisfied"`
	RatedSatisfied     int64 `json:"rated_satisfied"`
	RatedNotSatisfied  int64 `json:"rated_not_satisfied"`
	Complaints         int64 `json:"complaints"`
	// NotSatisfiedOrComplained counts the UnderCompetence dossiers rated
	// "not satisfied" or complained about, each dossier once (a dossier both
	// rated "not satisfied" and complained about counts once, so this is
	// not RatedNotSatisfied + Complaints). It is the numerator subtracted in
	// [SatisfactionPct].
	NotSatisfiedOrComplained int64 `json:"not_satisfied_or_complained"`

	// Letters counts congratulatory and condolence letters produced, dated
	// by production.
	Letters int64 `json:"letters"`

	// UnderCompetence counts the dossiers under the scope's competence:
	// resolved (status 9) by a resolving unit in the scope, dated by the end
	// of processing. The receiving unit may be another one.
	UnderCompetence int64 `json:"under_competence"`
	// ResolvedPerRules counts the UnderCompetence dossiers resolved and
	// returned per the rules, that is not overdue; a subset of
	// UnderCompetence.
	ResolvedPerRules int64 `json:"resolved_per_rules"`

	// ReceivedAssisted counts the ReceivedOnline dossiers an officer helped
	// the applicant submit online at the counter (assisted online), dated by
	// reception; a subset of ReceivedOnline.
	ReceivedAssisted int64 `json:"received_assisted"`
}

// Add returns the field-by-field sum of c and o: the counts of two disjoint
// periods or scopes taken together. Add is associative and commutative, and
// the zero Counts is its identity.
func (c Counts) Add(o Counts) Counts {
	return Counts{
		Received:                     c.Received + o.Received,
		ReceivedCounter:              c.ReceivedCounter + o.ReceivedCounter,
		ReceivedOnline:               c.ReceivedOnline + o.ReceivedOnline,
		ReceivedPost:                 c.ReceivedPost + o.ReceivedPost,
		Refused:                      c.Refused + o.Refused,
		Withdrawn:                    c.Withdrawn + o.Withdrawn,
		Stopped:                      c.Stopped + o.Stopped,
		Resolved:                     c.Resolved + o.Resolved,
		ResolvedBefore:               c.ResolvedBefore + o.ResolvedBefore,
		ResolvedOnTime:               c.ResolvedOnTime + o.ResolvedOnTime,
		ResolvedOverdue:              c.ResolvedOverdue + o.ResolvedOverdue,
		Returned:                     c.Returned + o.Returned,
		ReceivedWithDigitised:        c.ReceivedWithDigitised + o.ReceivedWithDigitised,
		ReceivedReusingData:          c.ReceivedReusingData + o.ReceivedReusingData,
		ResolvedWithElectronicResult: c.ResolvedWithElectronicResult + o.ResolvedWithElectronicResult,
		ReceivedSynced:               c.ReceivedSynced + o.ReceivedSynced,
		FeeBearing:                   c.FeeBearing + o.FeeBearing,
		PaidOnline:                   c.PaidOnline + o.PaidOnline,
		Rated:                        c.Rated + o.Rated,
		RatedVerySatisfied:           c.RatedVerySatisfied + o.RatedVerySatisfied,
		RatedSatisfied:               c.RatedSatisfied + o.RatedSatisfied,
		RatedNotSatisfied:            c.RatedNotSatisfied + o.RatedNotSatisfied,
		Complaints:                   c.Complaints + o.Complaints,
		NotSatisfiedOrComplained:     c.NotSatisfiedOrComplained + o.NotSatisfiedOrComplained,
		Letters:                      c.Letters + o.Letters,
		UnderCompetence:              c.UnderCompetence + o.UnderCompetence,
		ResolvedPerRules:             c.ResolvedPerRules + o.ResolvedPerRules,
		ReceivedAssisted:             c.ReceivedAssisted + o.ReceivedAssisted,
	}
}

// Neg returns −c, field by field, so that a roll-up can subtract a
// dossier's former contribution.
func (c Counts) Neg() Counts {
	var z Counts
	return z.sub(c)
}

func (c Counts) sub(o Counts) Counts {
	n := o
	for _, p := range n.fields() {
		*p = -*p
	}
	return c.Add(n)
}

// fields lists pointers to every counter of c, in declaration order.
func (c *Counts) fields() []*int64 {
	return []*int64{&c.Received, &c.ReceivedCounter, &c.ReceivedOnline, &c.ReceivedPost, &c.Refused, &c.Withdrawn,
		&c.Stopped, &c.Resolved, &c.ResolvedBefore, &c.ResolvedOnTime, &c.ResolvedOverdue, &c.Returned,
		&c.ReceivedWithDigitised, &c.ReceivedReusingData, &c.ResolvedWithElectronicResult, &c.ReceivedSynced,
		&c.FeeBearing, &c.PaidOnline, &c.Rated, &c.RatedVerySatisfied, &c.RatedSatisfied, &c.RatedNotSatisfied,
		&c.Complaints, &c.NotSatisfiedOrComplained, &c.Letters, &c.UnderCompetence, &c.ResolvedPerRules,
		&c.ReceivedAssisted}
}

// Columns returns the counters as (JSON name, pointer) pairs, in declaration
// order: the store maps them to its roll-up columns of the same names.
func (c *Counts) Columns() ([]string, []*int64) {
	ptrs := c.fields()
	names := make([]string, len(ptrs))
	t := reflect.TypeOf(*c)
	for i := range names {
		names[i] = strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
	}
	return names, ptrs
}

// Check reports the invariants c breaks, joined in one error, or nil. It is
// meant for the store's tests and for a consistency check of the roll-up
// tables against the dossiers; the formulas do not need it (they cap every
// share at 100 %). The invariants: no count is negative; the channels add up
// to Received and the outcomes to Resolved; the ratings add up to Rated;
// each subset is at most its set.
func (c Counts) Check() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int64
	}{
		{"received", c.Received}, {"received_counter", c.ReceivedCounter},
		{"received_online", c.ReceivedOnline}, {"received_post", c.ReceivedPost},
		{"refused", c.Refused}, {"withdrawn", c.Withdrawn}, {"stopped", c.Stopped},
		{"resolved", c.Resolved}, {"resolved_before", c.ResolvedBefore},
		{"resolved_on_time", c.ResolvedOnTime}, {"resolved_overdue", c.ResolvedOverdue},
		{"returned", c.Returned}, {"received_with_digitised", c.ReceivedWithDigitised},
		{"received_reusing_data", c.ReceivedReusingData},
		{"resolved_with_electronic_result", c.ResolvedWithElectronicResult},
		{"received_synced", c.ReceivedSynced}, {"fee_bearing", c.FeeBearing},
		{"paid_online", c.PaidOnline}, {"rated", c.Rated},
		{"rated_very_satisfied", c.RatedVerySatisfied}, {"rated_satisfied", c.RatedSatisfied},
		{"rated_not_satisfied", c.RatedNotSatisfied}, {"complaints", c.Complaints},
		{"not_satisfied_or_complained", c.NotSatisfiedOrComplained},
		{"letters", c.Letters}, {"under_competence", c.UnderCompetence},
		{"resolved_per_rules", c.ResolvedPerRules}, {"received_assisted", c.ReceivedAssisted},
	} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("%s is negative (%d)", f.name, f.v))
		}
	}
	sum := func(name string, total int64, parts ...int64) {
		var s int64
		for _, p := range parts {
			s += p
		}
		if s != total {
			errs = append(errs, fmt.Errorf("%s: parts add up to %d, not %d", name, s, total))
		}
	}
	sum("received", c.Received, c.ReceivedCounter, c.ReceivedOnline, c.ReceivedPost)
	sum("resolved", c.Resolved, c.ResolvedBefore, c.ResolvedOnTime, c.ResolvedOverdue)
	sum("rated", c.Rated, c.RatedVerySatisfied, c.RatedSatisfied, c.RatedNotSatisfied)
	subset := func(name string, part, whole int64, wholeName string) {
		if part > whole {
			errs = append(errs, fmt.Errorf("%s (%d) exceeds %s (%d)", name, part, wholeName, whole))
		}
	}
	subset("received_with_digitised", c.ReceivedWithDigitised, c.Received, "received")
	subset("received_reusing_data", c.ReceivedReusingData, c.Received, "received")
	subset("received_synced", c.ReceivedSynced, c.Received, "received")
	subset("resolved_with_electronic_result", c.ResolvedWithElectronicResult, c.Resolved, "resolved")
	subset("paid_online", c.PaidOnline, c.FeeBearing, "fee_bearing")
	subset("not_satisfied_or_complained", c.NotSatisfiedOrComplained, c.UnderCompetence, "under_competence")
	subset("resolved_per_rules", c.ResolvedPerRules, c.UnderCompetence, "under_competence")
	subset("received_assisted", c.ReceivedAssisted, c.ReceivedOnline, "received_online")
	return errors.Join(errs...)
}

// Pending counts the dossiers still in processing at one instant. It is not
// additive over time (the dossiers pending on two days are mostly the same),
// only over disjoint scopes at the same instant, with [Pending.Add].
//
// A pending dossier is one received and not yet resolved, withdrawn,
// stopped or refused: status 2, 4, 5 or 6. Every one of them counts in
// exactly one of InTime, Overdue and InSupplement.
type Pending struct {
	// InTime counts pending dossiers not waiting for a supplement whose
	// appointment has not passed at the instant. A dossier awaiting payment
	// (status 6) has its clock paused and counts here unless its appointment
	// had already passed.
	InTime int64 `json:"pending_in_time"`
	// DueSoon counts the InTime dossiers whose appointment falls within 24
	// hours of the instant; a subset of InTime.
	DueSoon int64 `json:"pending_due_soon"`
	// Overdue counts pending dossiers not waiting for a supplement whose
	// appointment has passed (the original appointment, as for
	// ResolvedOverdue).
	Overdue int64 `json:"pending_overdue"`
	// InSupplement counts dossiers waiting for the applicant to complete
	// them (status 5); their clock is paused, so they are neither in time
	// nor overdue.
	InSupplement int64 `json:"pending_in_supplement"`
}

// Total returns the number of pending dossiers: InTime + Overdue +
// InSupplement (DueSoon is part of InTime).
func (p Pending) Total() int64 { return p.InTime + p.Overdue + p.InSupplement }

// Add returns the field-by-field sum of p and o: the pending dossiers of two
// disjoint scopes at the same instant.
func (p Pending) Add(o Pending) Pending {
	return Pending{
		InTime:       p.InTime + o.InTime,
		DueSoon:      p.DueSoon + o.DueSoon,
		Overdue:      p.Overdue + o.Overdue,
		InSupplement: p.InSupplement + o.InSupplement,
	}
}

// Offer counts the procedures a scope offers, from the catalogue in force at
// the end of the period, not from dossiers. It is not additive: two units
// offer mostly the same procedures, so the store counts the distinct
// procedures of the whole scope.
type Offer struct {
	// ProceduresTotal counts the procedures the scope resolves.
	ProceduresTotal int64 `json:"procedures_total"`
	// ProceduresOnline counts those offered online, fully or partly.
	ProceduresOnline int64 `json:"procedures_online"`
	// ProceduresPublished counts those posted publicly with complete
	// information (components, fees, time limit, legal basis, competence).
	ProceduresPublished int64 `json:"procedures_published"`
	// ProceduresDated counts those whose current version's publication day
	// and whose legal basis's effective day are both on record, and
	// ProceduresPublishedTimely those of them published in time
	// (PublishedInTime); a subset of ProceduresDated. Both stay 0 until the
	// catalogue records effective days: the share then has no data.
	ProceduresDated           int64 `json:"procedures_dated"`
	ProceduresPublishedTimely int64 `json:"procedures_published_timely"`
}

// Facts are everything the indicators and the score are computed from: the
// additive Counts of the period, the Pending dossiers at its end (or now),
// and the Offer of the catalogue.
type Facts struct {
	Counts   Counts
	Pending  Pending
	Offer    Offer
	Feedback Feedback
}
