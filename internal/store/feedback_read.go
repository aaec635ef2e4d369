package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// FeedbackFilter selects feedback for the queue and the public list; zero
// fields do not filter.
type FeedbackFilter struct {
	UnitID    string
	HandlerID string
	Status    feedback.Status
	// Open keeps the unanswered items; OverdueAt those unanswered after their
	// due time at that instant.
	Open      bool
	OverdueAt time.Time
	// Published keeps the items published with their answer, the newest
	// answer first.
	Published bool
	Query     string // folded words of the code, title, content, name or subject
	Limit     int    // default 50, at most 200
	Offset    int
}

// Feedbacks lists the items f selects, the earliest due first (the newest
// published first for the public list), and how many f selects in all.
func (db *DB) Feedbacks(ctx context.Context, f FeedbackFilter) ([]*feedback.Item, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.UnitID != "" {
		where = append(where, "unit_id = "+arg(f.UnitID))
	}
	if f.HandlerID != "" {
		where = append(where, "handler_id = "+arg(f.HandlerID))
	}
	if f.Status != "" {
		where = append(where, "status = "+arg(string(f.Status)))
	}
	if f.Open || !f.OverdueAt.IsZero() {
		where = append(where, "status <> "+arg(string(feedback.Answered)))
	}
	if !f.OverdueAt.IsZero() {
		where = append(where, "due_at < "+arg(f.OverdueAt.UnixMilli()))
	}
	if f.Published {
		where = append(where, "published = 1")
	}
	for _, t := range textfold.Terms(f.Query) {
		where = append(where, "search_text LIKE "+arg("%"+t+"%"))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count feedback: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	order := "due_at, id"
	if f.Published {
		order = "published_at DESC, id DESC"
	}
	rows, err := db.read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM feedback%s ORDER BY %s LIMIT %d OFFSET %d`,
		feedbackColumns, cond, order, min(limit, 200), max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []*feedback.Item
	for rows.Next() {
		it, err := scanFeedback(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list feedback: %w", err)
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// FeedbackForOfficer returns an item of the officer's unit; another unit's
// reads as not found.
func (db *DB) FeedbackForOfficer(ctx context.Context, code string, o *staff.Officer) (*feedback.Item, error) {
	it, err := feedbackWhere(ctx, db.read, "code = $1", strings.TrimSpace(code))
	if err == nil && it.UnitID != o.UnitID {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy phản ánh")
	}
	return it, err
}

// PublishedFeedback returns a published item, for the public page.
func (db *DB) PublishedFeedback(ctx context.Context, code string) (*feedback.Item, error) {
	return feedbackWhere(ctx, db.read, "code = $1 AND published = 1", strings.TrimSpace(code))
}

// maxFeedbackLookups bounds a client's and a code's failed lookups per window,
// as for dossiers.
const maxFeedbackLookups = 10

// LookupFeedback returns an item to whoever knows its code and the last
// four digits of the citizen's phone; failures are throttled per client and
// per code. A wrong pair is NotFound, as an unknown code.
func (db *DB) LookupFeedback(ctx context.Context, code, last4digits, clientKey string) (*feedback.Item, error) {
	code = strings.TrimSpace(code)
	res, err := db.ReserveAttempt(ctx, "Tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
		Allowance{Key: "fb-lookup:" + clientKey, Max: maxFeedbackLookups, Window: 15 * time.Minute},
		Allowance{Key: "fb-lookup-code:" + code, Max: maxFeedbackLookups, Window: 15 * time.Minute})
	if err != nil {
		return nil, err
	}
	notFound := apperr.New(apperr.NotFound, "không tìm thấy phản ánh với mã và 4 số cuối đã nhập")
	if len(last4digits) != 4 || code == "" {
		return nil, notFound
	}
	it, err := feedbackWhere(ctx, db.read, "code = $1 AND lookup_phone = $2", code, last4digits)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	return it, db.ReleaseAttempt(ctx, res)
}

// FeedbackEvent is one step of an item's handling.
type FeedbackEvent struct {
	At        time.Time
	Kind      string // received, assigned, answered, published, unpublished, rated
	ActorName string
	Note      string
}

// FeedbackEvents lists an item's steps, oldest first.
func (db *DB) FeedbackEvents(ctx context.Context, feedbackID string) ([]FeedbackEvent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT e.at, e.kind, COALESCE(o.full_name, ''), e.note
		FROM feedback_events e LEFT JOIN officers o ON o.id = e.actor_id
		WHERE e.feedback_id = $1 ORDER BY e.at, e.id`, feedbackID)
	if err != nil {
		return nil, fmt.Errorf("feedback events: %w", err)
	}
	defer rows.Close()
	var out []FeedbackEvent
	for rows.Next() {
		var e FeedbackEvent
		var at int64
		if err := rows.Scan(&at, &e.Kind, &e.ActorName, &e.Note); err != nil {
			return nil, fmt.Errorf("feedback events: %w", err)
		}
		e.At = time.UnixMilli(at).In(Zone)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ReportFeedback counts the feedback of the units answered in [from, to]
// (calendar days in Vietnam's zone), those answered by their due time, and
// those answers' ratings (report.Feedback). No unit: every unit.
func (db *DB) ReportFeedback(ctx context.Context, from, to calendar.Date, unitIDs []string) (report.Feedback, error) {
	var f report.Feedback
	args := []any{string(feedback.Answered), from.At(0).UnixMilli(), to.AddDays(1).At(0).UnixMilli(),
		string(dossier.VerySatisfied), string(dossier.Satisfied)}
	cond := ""
	if len(unitIDs) > 0 {
		var ps []string
		for _, id := range unitIDs {
			args = append(args, id)
			ps = append(ps, fmt.Sprintf("$%d", len(args)))
		}
		cond = " AND unit_id IN (" + strings.Join(ps, ", ") + ")"
	}
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN answered_at <= due_at THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating IN ($4, $5) THEN 1 ELSE 0 END), 0)
		FROM feedback WHERE status = $1 AND answered_at >= $2 AND answered_at < $3`+cond, args...).
		Scan(&f.FeedbackAnswered, &f.FeedbackAnsweredOnTime, &f.FeedbackRated, &f.FeedbackRatedSatisfied)
	if err != nil {
		return f, fmt.Errorf("report feedback: %w", err)
	}
	return f, nil
}
