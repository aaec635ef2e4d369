package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// DossierLine is what a list of dossiers shows of each one: the officers'
// queues and the dashboard's overdue list. It is read from part of the
// dossier's document: encoding/json skips the rest (components, declaration,
// supplements), which halves the decoding (27 against 13 µs for a document
// of 1.2 kB) — the queue of a specialist with a hundred open dossiers spent
// 29 % of its CPU decoding whole dossiers (docs/performance.md).
type DossierLine struct {
	Code          string
	ProcedureName string
	Applicant     dossier.Applicant
	Status        dossier.Status
	Channel       dossier.Channel
	AssigneeID    string
	SubmittedAt   time.Time
	ReceivedAt    time.Time
	// AppointmentAt and NewAppointmentAt as in dossier.Dossier.
	AppointmentAt    time.Time
	NewAppointmentAt time.Time
}

// Appointment is the due date in force: the apology's new one, if any.
func (l *DossierLine) Appointment() time.Time {
	if !l.NewAppointmentAt.IsZero() {
		return l.NewAppointmentAt
	}
	return l.AppointmentAt
}

// lineRecord is the part of dossierRecord a DossierLine reads (the same
// names).
type lineRecord struct {
	Code             string          `json:"code"`
	ProcedureName    string          `json:"procedure_name"`
	Channel          int             `json:"channel"`
	Status           int             `json:"status"`
	Applicant        applicantRecord `json:"applicant"`
	SubmittedAt      time.Time       `json:"submitted_at"`
	ReceivedAt       time.Time       `json:"received_at"`
	AppointmentAt    time.Time       `json:"appointment_at"`
	NewAppointmentAt time.Time       `json:"new_appointment_at"`
	AssigneeID       string          `json:"assignee_id"`
}

func decodeLine(doc []byte) (DossierLine, error) {
	var r lineRecord
	if err := json.Unmarshal(doc, &r); err != nil {
		return DossierLine{}, fmt.Errorf("decode dossier line: %w", err)
	}
	return DossierLine{
		Code: r.Code, ProcedureName: r.ProcedureName, Applicant: applicantFromRecord(r.Applicant),
		Status: dossier.Status(r.Status), Channel: dossier.Channel(r.Channel), AssigneeID: r.AssigneeID,
		SubmittedAt: r.SubmittedAt, ReceivedAt: r.ReceivedAt, AppointmentAt: r.AppointmentAt, NewAppointmentAt: r.NewAppointmentAt,
	}, nil
}

// DossierLines lists the dossiers Dossiers would, in the same order, as
// lines. A search (f.Query) keeps the same dossiers in Dossiers' order
// without a search.
func (db *DB) DossierLines(ctx context.Context, f DossierFilter) ([]DossierLine, error) {
	q, args, err := db.dossiersSQL(f)
	if err != nil {
		return nil, err
	}
	return queryDocs(ctx, db, "list dossiers", q, args, decodeLine)
}

// queryDocs runs q, which selects one column, a dossier's document, and
// decodes each row with decode; what names the list in errors.
func queryDocs[T any](ctx context.Context, db *DB, what, q string, args []any, decode func([]byte) (T, error)) ([]T, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		v, err := decode(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
