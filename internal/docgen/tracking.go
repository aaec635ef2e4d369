package docgen

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Format is an output format of the tracking book.
type Format string

// Tracking book formats.
const (
	PDF  Format = "pdf"
	XLSX Format = "xlsx"
)

// BuildTrackingBook lists the dossiers the unit received from day from to
// day to, both inclusive (calendar days in UTC+7), in order of receipt, with
// the columns of form 06: procedure, sets, applicant with address and phone,
// lead (resolving) agency, received, appointment (the one the receipt
// promised, moved only by pauses), sent to and back from the resolving
// agency (from the event log), returned, how the result is collected, and
// notes (status, a new appointment promised in an apology). The book is
// dated opt.Now.
// Errors: Invalid (an inverted period, field "to"), NotFound (unit).
func BuildTrackingBook(ctx context.Context, db *store.DB, unitID string, from, to time.Time, opt Options) (pdf.TrackingBook, error) {
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return pdf.TrackingBook{}, err
	}
	first, last := day(from), day(to)
	if last.Before(first) {
		return pdf.TrackingBook{}, apperr.Invalidf("to", "ngày kết thúc %s trước ngày bắt đầu %s", last.Format("02/01/2006"), first.Format("02/01/2006"))
	}
	var entries []*dossier.Dossier
	err = db.EachDossier(ctx, store.DossierFilter{UnitID: u.ID, ReceivedFrom: first, ReceivedTo: last.AddDate(0, 0, 1)},
		func(d *dossier.Dossier) error { entries = append(entries, d); return nil })
	if err != nil {
		return pdf.TrackingBook{}, err
	}
	slices.SortFunc(entries, func(a, b *dossier.Dossier) int {
		// by the stored millisecond, as bookPlace counts the rows
		if c := cmp.Compare(a.ReceivedAt.UnixMilli(), b.ReceivedAt.UnixMilli()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	book := pdf.TrackingBook{Letterhead: letterhead(u), Issued: opt.now(), From: first, To: last}
	agencies := map[string]string{u.ID: u.Name}
	for _, d := range entries {
		lead, ok := agencies[d.ResolvingUnitID]
		if !ok {
			ru, err := db.Unit(ctx, d.ResolvingUnitID)
			if err != nil {
				return pdf.TrackingBook{}, err
			}
			lead = ru.Name
			agencies[d.ResolvingUnitID] = lead
		}
		events, err := db.Events(ctx, d.ID)
		if err != nil {
			return pdf.TrackingBook{}, err
		}
		sent, back := sentAndBack(events)
		notes := ""
		if !d.NewAppointmentAt.IsZero() {
			notes = "Hẹn lại: " + d.NewAppointmentAt.In(store.Zone).Format("15:04 02/01/2006")
		}
		book.Entries = append(book.Entries, pdf.TrackingEntry{
			Code: d.Code, Procedure: d.ProcedureName, Sets: d.Sets,
			Applicant: d.Applicant.DisplayName(), Address: d.Applicant.Address, Phone: d.Applicant.Phone,
			LeadAgency: lead, Received: d.ReceivedAt, Appointment: d.AppointmentAt,
			SentAt: sent, BackAt: back, Returned: d.ReturnedAt,
			ResultMethod: resultMethod(d), Status: d.Status.Label(), Notes: notes,
		})
	}
	return book, nil
}

// day is the UTC+7 calendar day of t, at midnight.
func day(t time.Time) time.Time {
	t = t.In(store.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, store.Zone)
}

// TrackingBook writes the unit's tracking book for the period (see
// BuildTrackingBook) to w as a landscape PDF or an XLSX workbook. Nothing is
// written when an error is returned. Errors: Invalid (format, period),
// NotFound (unit).
func TrackingBook(ctx context.Context, db *store.DB, unitID string, from, to time.Time, format Format, opt Options, w io.Writer) error {
	var render func(io.Writer, pdf.TrackingBook) error
	switch format {
	case PDF:
		render = pdf.RenderTrackingBook
	case XLSX:
		render = pdf.WriteTrackingBookXLSX
	default:
		return apperr.Invalidf("format", "định dạng %q không hỗ trợ (pdf hoặc xlsx)", format)
	}
	book, err := BuildTrackingBook(ctx, db, unitID, from, to, opt)
	if err != nil {
		return err
	}
	return renderTo(w, book, render)
}

// BuildLawSheet maps a procedure's law notes (its current version) onto the
// sheet, unpersonalised, under the unit's letterhead, dated opt.Now.
// Errors: NotFound (unit, procedure), Conflict (no law notes).
func BuildLawSheet(ctx context.Context, db *store.DB, unitID, procedureCode string, opt Options) (pdf.LawSheet, error) {
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return pdf.LawSheet{}, err
	}
	pv, err := db.ProcedureByCode(ctx, strings.TrimSpace(procedureCode))
	if err != nil {
		return pdf.LawSheet{}, err
	}
	return lawSheet(u, pv.Procedure.LawNotes, pv.Procedure.Name, pv.Procedure.Code, opt.now())
}

// LawSheet writes the sheet of what the law asks of a procedure's applicants
// (see BuildLawSheet) to w as a PDF.
func LawSheet(ctx context.Context, db *store.DB, unitID, procedureCode string, opt Options, w io.Writer) error {
	s, err := BuildLawSheet(ctx, db, unitID, procedureCode, opt)
	if err != nil {
		return err
	}
	return renderTo(w, s, pdf.RenderLawSheet)
}

func lawSheet(u *unit.Unit, notes []string, procName, procCode string, issued time.Time) (pdf.LawSheet, error) {
	if len(notes) == 0 {
		return pdf.LawSheet{}, notApplicable("thủ tục %s không có ghi chú về những việc công dân cần làm tiếp theo", procCode)
	}
	s := pdf.LawSheet{Letterhead: letterhead(u), Issued: issued, ProcedureName: procName}
	for _, n := range notes {
		s.Notes = append(s.Notes, pdf.LawNote{Text: n})
	}
	return s, nil
}
