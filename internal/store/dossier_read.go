// Reading dossiers: by code, their history, the public lookup, lists and queues.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// Dossier returns the dossier with this code. Errors: NotFound.
func (db *DB) Dossier(ctx context.Context, code string) (*dossier.Dossier, error) {
	return db.dossierWhere(ctx, db.read, `code = $1`, code)
}

// StoredEvent is an event as recorded, with its sequence number. Its JSON
// (a portal message's events) is declared in event_record.go.
type StoredEvent struct {
	Seq int
	dossier.Event
}

// Events returns a dossier's whole history in order.
func (db *DB) Events(ctx context.Context, dossierID string) ([]StoredEvent, error) {
	return db.events(ctx, dossierID, false)
}

func (db *DB) events(ctx context.Context, dossierID string, publicOnly bool) ([]StoredEvent, error) {
	return db.eventsFrom(ctx, db.read, dossierID, publicOnly)
}

// eventsWith reads a dossier's whole history through q (a transaction).
func (db *DB) eventsWith(ctx context.Context, q querier, dossierID string) ([]StoredEvent, error) {
	return db.eventsFrom(ctx, q, dossierID, false)
}

func (db *DB) eventsFrom(ctx context.Context, qr querier, dossierID string, publicOnly bool) ([]StoredEvent, error) {
	q := `SELECT seq, at, kind, actor_id, from_status, to_status, from_officer, to_officer, step_due_at, note, public, detail
		FROM dossier_events WHERE dossier_id = $1`
	if publicOnly {
		q += ` AND public`
	}
	rows, err := qr.QueryContext(ctx, q+` ORDER BY seq`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []StoredEvent
	for rows.Next() {
		var e StoredEvent
		var at, stepDue sql.NullInt64
		var kind, detail string
		var from, to int
		if err := rows.Scan(&e.Seq, &at, &kind, &e.ActorID, &from, &to, &e.FromOfficer, &e.ToOfficer, &stepDue,
			&e.Note, &e.Public, &detail); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.At, e.StepDueAt, e.Kind = fromMS(at), fromMS(stepDue), dossier.ActionKind(kind)
		e.FromStatus, e.ToStatus = dossier.Status(from), dossier.Status(to)
		if e.Detail, err = decodeDetail(detail); err != nil {
			return nil, fmt.Errorf("decode event detail: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EachDossier calls fn for every received dossier matching f (Limit and
// Offset ignored) in order of receipt, reading a page at a time by keyset,
// so that a year's export or tracking book costs the same per row at any
// size, where OFFSET paging grew with the square of the rows.
func (db *DB) EachDossier(ctx context.Context, f DossierFilter, fn func(*dossier.Dossier) error) error {
	f.byReceipt, f.Limit, f.Offset, f.after = true, eachPage, 0, receiptKey{}
	for {
		page, err := db.Dossiers(ctx, f)
		if err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < f.Limit {
			return nil
		}
		last := page[len(page)-1]
		f.after = receiptKey{at: last.ReceivedAt.UnixMilli(), id: last.ID}
	}
}

// eachPage is how many dossiers EachDossier reads at a time.
var eachPage = 1000

// CountReceivedThrough counts the dossiers unitID received from from up to
// the dossier received at at with code code, that one included, in the
// tracking book's order (time of receipt, then code): its row number.
func (db *DB) CountReceivedThrough(ctx context.Context, unitID string, from, at time.Time, code string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM dossiers WHERE receiving_unit_id = $1
		AND received_at >= $2 AND (received_at < $3 OR received_at = $3 AND code <= $4)`,
		unitID, from.UnixMilli(), at.UnixMilli(), code).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count received dossiers: %w", err)
	}
	return n, nil
}

// Limits of the public lookup and of anonymous submissions.
const (
	lookupWindow        = 15 * time.Minute
	maxLookupsPerClient = 20 // failed lookups from one address...
	maxLookupsPerCode   = 10 // ...or for one code, within the window
	submitWindow        = time.Hour
	maxSubmitsPerClient = 30 // online submissions from one address per hour
)

// Lookup returns a dossier and its public events to someone who knows its
// code and the last four digits of the applicant's phone or ID number. A
// wrong pair is NotFound, the same as an unknown code, so codes cannot be
// probed.
func (db *DB) Lookup(ctx context.Context, code, last4digits string) (*dossier.Dossier, []StoredEvent, error) {
	d, err := lookupFour(ctx, db, db.read, strings.TrimSpace(code), strings.TrimSpace(last4digits))
	if err != nil {
		return nil, nil, err
	}
	events, err := db.events(ctx, d.ID, true)
	return d, events, err
}

// DossierFilter selects dossiers for lists and queues; zero fields do not filter.
type DossierFilter struct {
	UnitID     string // receiving or resolving unit
	AssigneeID string
	LeadID     string
	Statuses   []dossier.Status
	FieldCode  string
	Procedure  string          // a procedure code
	Channel    dossier.Channel // 0: every channel
	// DueBefore keeps dossiers whose appointment is before this instant.
	DueBefore time.Time
	// AwaitingApproval keeps dossiers a specialist has proposed to the leaders.
	AwaitingApproval bool
	// Query keeps the dossiers whose code, applicant (name, ID number,
	// phone) or procedure name has every word of it (search.go).
	Query string
	// ReceivedFrom and ReceivedTo bound the receipt time, [from, to).
	ReceivedFrom, ReceivedTo time.Time
	// ReceivingUnitID keeps the dossiers received by this unit (UnitID also
	// keeps those it resolves).
	ReceivingUnitID string
	// Order and Desc choose the order (OrderAppointment, earliest first, by default).
	Order DossierOrder
	Desc  bool
	Limit int // default 50, at most 1000
	// Offset skips dossiers: for short lists only, as it reads what it skips.
	Offset int

	// byReceipt orders by (received_at, id) from after, for EachDossier's
	// keyset paging, and leaves out dossiers not yet received.
	byReceipt bool
	after     receiptKey
	// scanText matches Query row by row instead of through the text index,
	// and createdFrom keeps the dossiers stored from then (Unix ms; 0: all):
	// a search's first look at the unit's newest dossiers (search.go).
	scanText    bool
	createdFrom int64
}

// receiptKey is a place in the order of receipt.
type receiptKey struct {
	at int64 // received_at, Unix milliseconds
	id string
}

// DossierOrder is the order of a dossier list (DossierFilter.Order).
type DossierOrder string

// Orders of a dossier list. Each ends on id, a total order.
const (
	// OrderAppointment: the most urgent first (earliest appointment), then
	// the newest; dossiers without an appointment last. The default.
	OrderAppointment DossierOrder = ""
	// OrderReceived: by the time of receipt; dossiers not yet received last.
	OrderReceived DossierOrder = "received"
	// OrderCode: by the dossier's code.
	OrderCode DossierOrder = "code"
	// OrderCreated: by the time the dossier was stored; with Desc the
	// newest first, the order of a search.
	OrderCreated DossierOrder = "created"
)

// where is the WHERE clause of f (with its leading " WHERE ", or "") and
// its arguments, numbered from $1.
func (f *DossierFilter) where(d Dialect) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	// Through the text index, the engines must start from the words: SQLite
	// without statistics, and PostgreSQL with stale ones, would rather read
	// all of the unit's dossiers by the unit's indexes (a million rows, 16 s)
	// and look each up in the words' list. A unit's column in an expression
	// ("+col" on SQLite, "col || ''" on PostgreSQL) uses no index.
	recv, res := "receiving_unit_id", "resolving_unit_id"
	if !f.scanText && len(textfold.Terms(f.Query)) > 0 {
		if d == SQLite {
			recv, res = "+"+recv, "+"+res
		} else {
			recv, res = recv+" || ''", res+" || ''"
		}
	}
	if f.UnitID != "" {
		p := arg(f.UnitID)
		where = append(where, "("+recv+" = "+p+" OR "+res+" = "+p+")")
	}
	if f.ReceivingUnitID != "" {
		where = append(where, recv+" = "+arg(f.ReceivingUnitID))
	}
	if f.AssigneeID != "" {
		where = append(where, "assignee_id = "+arg(f.AssigneeID))
	}
	if f.LeadID != "" {
		where = append(where, "lead_id = "+arg(f.LeadID))
	}
	if len(f.Statuses) > 0 {
		var ps []string
		for _, s := range f.Statuses {
			ps = append(ps, arg(int(s)))
		}
		where = append(where, "status IN ("+strings.Join(ps, ", ")+")")
	}
	if f.FieldCode != "" {
		where = append(where, "field_code = "+arg(f.FieldCode))
	}
	if f.Procedure != "" {
		where = append(where, "procedure_code = "+arg(f.Procedure))
	}
	if f.Channel != 0 {
		where = append(where, "channel = "+arg(int(f.Channel)))
	}
	if f.AwaitingApproval {
		where = append(where, "status = 4 AND assignee_id IS NULL AND lead_id IS NOT NULL")
	}
	if !f.DueBefore.IsZero() {
		where = append(where, "appointment_at < "+arg(f.DueBefore.UnixMilli()))
	}
	if !f.ReceivedFrom.IsZero() {
		where = append(where, "received_at >= "+arg(f.ReceivedFrom.UnixMilli()))
	}
	if !f.ReceivedTo.IsZero() {
		where = append(where, "received_at < "+arg(f.ReceivedTo.UnixMilli()))
	}
	if f.scanText {
		where = append(where, tokenMatch(f.Query, arg)...)
	} else if c := searchQuery(d, f.Query, arg); c != "" {
		where = append(where, c)
	}
	if f.createdFrom != 0 {
		where = append(where, "created_at >= "+arg(f.createdFrom))
	}
	if f.byReceipt {
		where = append(where, "received_at IS NOT NULL")
		if f.after.id != "" {
			at := arg(f.after.at)
			where = append(where, "(received_at > "+at+" OR received_at = "+at+" AND id > "+arg(f.after.id)+")")
		}
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// orderBy is the ORDER BY clause of f. id comes last: a total order, so
// that pages neither repeat nor skip a dossier.
func (f *DossierFilter) orderBy() (string, error) {
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	switch {
	case f.byReceipt:
		return " ORDER BY received_at, id", nil
	case f.Order == OrderAppointment && !f.Desc:
		return " ORDER BY appointment_at IS NULL, appointment_at, created_at DESC, id", nil
	case f.Order == OrderAppointment:
		return " ORDER BY appointment_at IS NULL, appointment_at DESC, id DESC", nil
	case f.Order == OrderReceived:
		return " ORDER BY received_at IS NULL, received_at" + dir + ", id" + dir, nil
	case f.Order == OrderCreated:
		return " ORDER BY created_at" + dir + ", id" + dir, nil
	case f.Order == OrderCode:
		return " ORDER BY code" + dir + ", id" + dir, nil
	}
	return "", apperr.New(apperr.Invalid, "thứ tự sắp xếp %q không hợp lệ", string(f.Order))
}

// Dossiers lists dossiers matching f in f's order: by default the most
// urgent first (earliest appointment), then the newest.
func (db *DB) Dossiers(ctx context.Context, f DossierFilter) ([]*dossier.Dossier, error) {
	if f.UnitID != "" && f.Order == OrderCreated && f.Desc && len(textfold.Terms(f.Query)) > 0 {
		return db.searchDossiers(ctx, f)
	}
	return db.dossiers(ctx, f)
}

func (db *DB) dossiers(ctx context.Context, f DossierFilter) ([]*dossier.Dossier, error) {
	q, args, err := db.dossiersSQL(f)
	if err != nil {
		return nil, err
	}
	return queryDocs(ctx, db, "list dossiers", q, args, decodeDossier)
}

// pageSize is how many dossiers a list of f reads: Limit, 50 by default,
// at most 1000.
func (f *DossierFilter) pageSize() int {
	if f.Limit <= 0 {
		return 50
	}
	return min(f.Limit, 1000)
}

// dossiersSQL is the query of Dossiers and its arguments.
func (db *DB) dossiersSQL(f DossierFilter) (string, []any, error) {
	where, args := f.where(db.dialect)
	order, err := f.orderBy()
	if err != nil {
		return "", nil, err
	}
	limit := f.pageSize()
	q := `SELECT doc FROM dossiers` + where + order + fmt.Sprintf(" LIMIT %d", limit)
	if f.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	return q, args, nil
}

// CountMatching counts the dossiers matching f, up to limit: a count for
// a heading or the navigation, which reads no more than limit index entries.
// more says the count reached limit ("999+").
func (db *DB) CountMatching(ctx context.Context, f DossierFilter, limit int) (n int, more bool, err error) {
	where, args := f.where(db.dialect)
	q := fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM dossiers%s LIMIT %d) capped`, where, limit)
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("count dossiers: %w", err)
	}
	return n, n >= limit, nil
}
