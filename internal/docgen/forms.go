package docgen

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// resumesClock reports whether an event restarted a paused clock, which
// moves the appointment later (dossier.resume).
func resumesClock(e store.StoredEvent) bool {
	switch e.Kind {
	case dossier.ActSupplement, dossier.ActResume:
		return true
	case dossier.ActRecordPayment:
		return e.FromStatus == dossier.AwaitingPayment
	}
	return false
}

// originalAppointment is the appointment the receipt promised at reception.
// Dossier.AppointmentAt holds it until a pause moves it; then it is computed
// again from the reception time and the statutory limit on the resolving
// unit's calendar, as at reception (a day off added to that calendar since
// would move it; nothing else does).
func (dd *dossierData) originalAppointment(ctx context.Context, db *store.DB) (time.Time, error) {
	d := dd.d
	moved := false
	for _, e := range dd.events {
		moved = moved || resumesClock(e)
	}
	if !moved || d.ReceivedAt.IsZero() {
		return d.AppointmentAt, nil
	}
	cal, err := db.Calendar(ctx, d.ResolvingUnitID)
	if err != nil {
		return time.Time{}, err
	}
	due, err := cal.Due(d.ReceivedAt, d.Limit)
	if err != nil {
		return time.Time{}, err
	}
	return due, nil
}

// bookPlace is where the dossier stands in its receiving unit's tracking
// book: one volume a year, numbered by the year of receipt (UTC+7), and the
// dossier's rank among those the unit received that year, in the book's
// order (time of receipt, then code). The book of a year printed by
// TrackingBook from 1 January numbers its rows the same way.
func bookPlace(ctx context.Context, db *store.DB, d *dossier.Dossier) (volume, number string, err error) {
	if d.ReceivedAt.IsZero() {
		return "", "", nil
	}
	start := time.Date(d.ReceivedAt.In(store.Zone).Year(), time.January, 1, 0, 0, 0, 0, store.Zone)
	rank, err := db.CountReceivedThrough(ctx, d.ReceivingUnitID, start, d.ReceivedAt, d.Code)
	if err != nil {
		return "", "", err
	}
	return strconv.Itoa(start.Year()), strconv.Itoa(rank), nil
}

// resultOutcome is how a dossier that ended fared against its appointment
// (AppointmentAt, the one the statistics keep: an apology's new date does
// not make a late dossier on time), and when it ended; nothing while it is
// processed, or when it was refused or withdrawn.
func resultOutcome(d *dossier.Dossier) (pdf.Outcome, time.Time) {
	if d.EndedAt.IsZero() || d.AppointmentAt.IsZero() || d.Status == dossier.Refused || d.Status == dossier.Withdrawn {
		return "", time.Time{}
	}
	switch calendar.ClassifyFinished(d.AppointmentAt, d.EndedAt) {
	case calendar.FinishedBefore:
		return pdf.OutcomeEarly, d.EndedAt
	case calendar.FinishedOnTime:
		return pdf.OutcomeOnTime, d.EndedAt
	}
	return pdf.OutcomeLate, d.EndedAt
}

// coordinators names the dossier's coordinating officers with their titles
// (or units, when another unit's): the agencies taking part.
func (dd *dossierData) coordinators(ctx context.Context, db *store.DB) ([]string, error) {
	var out []string
	for _, id := range dd.d.Coordinators {
		o, err := dd.officer(ctx, db, id)
		if err != nil {
			return nil, err
		}
		if o == nil {
			continue
		}
		who := o.FullName
		switch {
		case o.UnitID != dd.d.ResolvingUnitID:
			if u, err := db.Unit(ctx, o.UnitID); err == nil {
				who = u.Name + " (" + o.FullName + ")"
			}
		case strings.TrimSpace(o.Title) != "":
			who = o.Title + " (" + o.FullName + ")"
		}
		out = append(out, who)
	}
	return out, nil
}

// resultMethod says how the applicant collects the result. The dossier does
// not record the applicant's choice, so it follows from how the dossier
// came: by post, sent back by post; online with an electronic result, on
// the portal; otherwise at the one-stop desk.
func resultMethod(d *dossier.Dossier) string {
	switch {
	case d.Channel == dossier.Post:
		return "Qua dịch vụ bưu chính công ích"
	case d.Channel == dossier.Online && d.ElectronicResult:
		return "Trực tuyến (kết quả điện tử)"
	}
	return "Tại Bộ phận Một cửa"
}

// sentAndBack are when the desk handed the dossier to the resolving agency
// (its first assignment to a specialist) and when the result came back to
// the desk (the last approval), from the event log.
func sentAndBack(events []store.StoredEvent) (sent, back time.Time) {
	for _, e := range events {
		switch e.Kind {
		case dossier.ActAssign:
			if sent.IsZero() {
				sent = e.At
			}
		case dossier.ActApprove:
			back = e.At
		}
	}
	return sent, back
}
