package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// DossierLine is what a list of dossiers shows of each one: the officers'
// queues. It is read from the dossier's columns and its procedure's version
// (kept in memory), not from its document: decoding the documents was two
// thirds of reading a queue's lines (encoding/json validates a whole
// document of 1.3 kB before it decodes nine fields of it). Only a dossier
// with an apology, whose new appointment only the document holds (rare), is
// decoded, in part (lineRecord).
type DossierLine struct {
	Code          string
	ProcedureName string
	ApplicantName string // the applicant's display name (the organisation's, for one)
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
	a := applicantFromRecord(r.Applicant)
	return DossierLine{
		Code: r.Code, ProcedureName: r.ProcedureName, ApplicantName: a.DisplayName(),
		Status: dossier.Status(r.Status), Channel: dossier.Channel(r.Channel), AssigneeID: r.AssigneeID,
		SubmittedAt: r.SubmittedAt, ReceivedAt: r.ReceivedAt, AppointmentAt: r.AppointmentAt, NewAppointmentAt: r.NewAppointmentAt,
	}, nil
}

// lineColumns are what DossierLines selects: the columns of a line, and the
// document of a dossier whose document names a new appointment (an
// apology's, drafted or approved).
const lineColumns = `code, procedure_id, procedure_version, applicant_name, status, channel, assignee_id,
	submitted_at, received_at, appointment_at, CASE WHEN doc LIKE '%"new_appointment_at"%' THEN doc END`

// DossierLines lists the dossiers Dossiers would, in the same order, as
// lines. A search (f.Query) keeps the same dossiers in Dossiers' order
// without a search.
func (db *DB) DossierLines(ctx context.Context, f DossierFilter) ([]DossierLine, error) {
	q, args, err := db.dossiersSQLOf(f, lineColumns)
	if err != nil {
		return nil, err
	}
	type version struct {
		id string
		n  int
	}
	var out []DossierLine
	var versions []version
	err = func() error {
		rows, err := db.read.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l DossierLine
			var v version
			var status, channel int
			var assignee, doc sql.NullString
			var submitted, received, appointment sql.NullInt64
			if err := rows.Scan(&l.Code, &v.id, &v.n, &l.ApplicantName, &status, &channel, &assignee,
				&submitted, &received, &appointment, &doc); err != nil {
				return err
			}
			if doc.Valid {
				if l, err = decodeLine([]byte(doc.String)); err != nil {
					return err
				}
				v = version{} // the document names its procedure
			} else {
				l.Status, l.Channel, l.AssigneeID = dossier.Status(status), dossier.Channel(channel), assignee.String
				l.SubmittedAt, l.ReceivedAt, l.AppointmentAt = fromMS(submitted), fromMS(received), fromMS(appointment)
			}
			out = append(out, l)
			versions = append(versions, v)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("list dossiers: %w", err)
	}
	for i, v := range versions {
		if v.id == "" {
			continue
		}
		pv, err := db.cachedVersion(ctx, db.read, v.id, v.n)
		if err != nil {
			return nil, fmt.Errorf("list dossiers: %s: %w", out[i].Code, err)
		}
		out[i].ProcedureName = pv.Procedure.Name
	}
	return out, nil
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
