package report

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
)

// Key is the scope and day of one roll-up row.
type Key struct {
	UnitID    string
	Day       string // YYYY-MM-DD, Vietnam time
	Field     string
	Procedure string
	Officer   string // the lead specialist
	Channel   int
}

// Contribution is what one dossier adds to the roll-up rows.
type Contribution map[Key]Counts

// Contribute returns what dossier d, in its current state, adds to the
// counts, each fact on the row of the day of the event that dates it (see
// Counts): reception, refusal, withdrawal, stop, end of processing, return.
// The store keeps the roll-ups right by adding Contribute(after) and
// subtracting Contribute(before) in the transaction of every change.
// Letters and portal syncs are counted by their own events, not here.
func Contribute(d *dossier.Dossier) Contribution {
	out := Contribution{}
	key := func(unitID string, t time.Time) Key {
		return Key{UnitID: unitID, Day: calendar.DateOf(t).String(), Field: d.FieldCode, Procedure: d.ProcedureCode,
			Officer: d.LeadID, Channel: int(d.Channel)}
	}
	add := func(k Key, c Counts) { out[k] = out[k].Add(c) }

	if d.Status == dossier.Refused {
		add(key(d.ReceivingUnitID, d.EndedAt), Counts{Refused: 1})
		return out
	}
	if d.ReceivedAt.IsZero() {
		return out
	}
	rec := Counts{Received: 1}
	switch d.Channel {
	case dossier.Counter:
		rec.ReceivedCounter = 1
	case dossier.Online:
		rec.ReceivedOnline = 1
		if d.Assisted() {
			rec.ReceivedAssisted = 1
		}
	case dossier.Post:
		rec.ReceivedPost = 1
	}
	if Digitised(d) {
		rec.ReceivedWithDigitised = 1
	}
	for _, c := range d.Components {
		if c.Digitisation == dossier.ReusedStore || c.Digitisation == dossier.ReusedResult {
			rec.ReceivedReusingData = 1
		}
	}
	// A fee given back was not due: the dossier leaves the fee-bearing count.
	if d.Payment.FeeBearing() && d.Payment.State != dossier.Refunded {
		rec.FeeBearing = 1
		if d.Payment.State == dossier.Paid && d.Payment.Method == dossier.OnlinePay {
			rec.PaidOnline = 1
		}
	}
	add(key(d.ReceivingUnitID, d.ReceivedAt), rec)

	switch {
	case d.Status == dossier.Withdrawn:
		add(key(d.ResolvingUnitID, d.EndedAt), Counts{Withdrawn: 1})
	case d.Status == dossier.Stopped && !d.StoppedAt.IsZero():
		add(key(d.ResolvingUnitID, d.StoppedAt), Counts{Stopped: 1})
	case (d.Status == dossier.Resolved || d.Status == dossier.Returned) && !d.EndedAt.IsZero():
		res := Counts{Resolved: 1, UnderCompetence: 1}
		outcome := calendar.ClassifyFinished(d.AppointmentAt, d.EndedAt)
		switch outcome {
		case calendar.FinishedBefore:
			res.ResolvedBefore = 1
		case calendar.FinishedOnTime:
			res.ResolvedOnTime = 1
		default:
			res.ResolvedOverdue = 1
		}
		// Per the rules: not overdue, or late after the procedure the rules
		// give for it — an approved apology whose new appointment was kept.
		// Overdue itself is still counted against the original appointment.
		if outcome != calendar.FinishedOverdue ||
			(!d.NewAppointmentAt.IsZero() && calendar.ClassifyFinished(d.NewAppointmentAt, d.EndedAt) != calendar.FinishedOverdue) {
			res.ResolvedPerRules = 1
		}
		if d.ElectronicResult {
			res.ResolvedWithElectronicResult = 1
		}
		if d.Rating != "" {
			res.Rated = 1
			switch d.Rating {
			case dossier.VerySatisfied:
				res.RatedVerySatisfied = 1
			case dossier.Satisfied:
				res.RatedSatisfied = 1
			case dossier.NotSatisfied:
				res.RatedNotSatisfied = 1
			}
		}
		// A rating's level decides satisfaction; the comment that may come
		// with it is a comment ("Cán bộ nhiệt tình" is praise). It is a
		// complaint only as the reason given for a "not satisfied" rating.
		if complained(d) {
			res.Complaints = 1
		}
		if d.Rating == dossier.NotSatisfied || complained(d) {
			res.NotSatisfiedOrComplained = 1
		}
		add(key(d.ResolvingUnitID, d.EndedAt), res)
		if d.Status == dossier.Returned && !d.ReturnedAt.IsZero() {
			add(key(d.ReceivingUnitID, d.ReturnedAt), Counts{Returned: 1})
		}
	}
	return out
}

// complained reports whether the applicant complained about d: a comment
// given with a "not satisfied" rating. A comment with a "satisfied" or "very
// satisfied" rating is praise or a suggestion, never a complaint.
func complained(d *dossier.Dossier) bool {
	return d.Rating == dossier.NotSatisfied && strings.TrimSpace(d.Complaint) != ""
}

// Delta returns after − before, row by row, without the rows that do not change.
func Delta(before, after Contribution) Contribution {
	out := Contribution{}
	for k, c := range after {
		out[k] = c
	}
	for k, c := range before {
		out[k] = out[k].Add(c.Neg())
	}
	for k, c := range out {
		if c == (Counts{}) {
			delete(out, k)
		}
	}
	return out
}

// Digitised reports whether a dossier counts as digitised (Circular
// 01/2023): each component the procedure marks "must be digitised" (every
// component, when it marks none) has a digitised paper record (PaperID,
// set only when the record is written) or was reused from a data store or
// an earlier result. A ticked flag without a record does not count.
func Digitised(d *dossier.Dossier) bool {
	marked := false
	for _, c := range d.Components {
		marked = marked || c.MustDigitise
	}
	n := 0
	for _, c := range d.Components {
		if marked && !c.MustDigitise {
			continue
		}
		n++
		if c.PaperID == "" && c.Digitisation != dossier.ReusedStore && c.Digitisation != dossier.ReusedResult {
			return false
		}
	}
	return n > 0
}
