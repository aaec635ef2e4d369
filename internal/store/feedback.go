package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// FeedbackRequest is a citizen's feedback or petition to record: online
// (Actor nil) or at the counter (Actor the receiving officer).
type FeedbackRequest struct {
	UnitID     string
	Submission feedback.Submission
	Actor      *staff.Officer
	// IdemKey makes a repeated submission (a double click, a retry) return
	// the first one's item instead of recording a second.
	IdemKey string
}

// SetFeedbackLimit sets the time to answer feedback (feedback.DefaultTimeLimit
// until set).
func (db *DB) SetFeedbackLimit(l calendar.Limit) error {
	if err := l.Validate(); err != nil {
		return apperr.Wrap(apperr.Invalid, err, "thời hạn trả lời phản ánh không hợp lệ: %v", err)
	}
	db.feedbackLimit.Store(&l)
	return nil
}

func (db *DB) feedbackTimeLimit() calendar.Limit {
	if l := db.feedbackLimit.Load(); l != nil {
		return *l
	}
	return feedback.DefaultTimeLimit
}

// SubmitFeedback records a feedback or petition, due after the unit's time
// limit in working days, and routes it to the officer in charge (Route).
// Errors: Invalid (fields), NotFound (unit), Forbidden (an officer of
// another unit).
func (db *DB) SubmitFeedback(ctx context.Context, req FeedbackRequest) (*feedback.Item, error) {
	s := req.Submission
	s.Normalize()
	ch := feedback.Online
	if req.Actor != nil {
		ch = feedback.Counter
		if req.Actor.UnitID != req.UnitID {
			return nil, apperr.New(apperr.Forbidden, "cán bộ chỉ ghi nhận phản ánh cho đơn vị của mình")
		}
	}
	if err := s.Validate(ch); err != nil {
		return nil, err
	}
	if len(req.IdemKey) > 100 {
		return nil, apperr.Invalidf("idem_key", "khoá chống gửi trùng dài quá 100 ký tự")
	}
	u, err := db.Unit(ctx, req.UnitID)
	if err != nil {
		return nil, err
	}
	cal, err := db.Calendar(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	handler, err := db.routeFeedback(ctx, u.ID, s)
	if err != nil {
		return nil, err
	}
	var out *feedback.Item
	err = db.Transact(ctx, func(tx *Tx) error {
		if req.IdemKey != "" {
			it, err := feedbackWhere(ctx, tx.q(), "idem_key = $1", u.ID+"|"+req.IdemKey)
			if err == nil {
				out = it
				return nil
			}
			if apperr.KindOf(err) != apperr.NotFound {
				return err
			}
		}
		now := tx.now
		due, err := cal.Due(now, db.feedbackTimeLimit())
		if err != nil {
			return fmt.Errorf("feedback due time: %w", err)
		}
		// Codes are numbered per day across the deployment (a province's
		// communes share one sequence), so that they are unique without a
		// unit prefix; past 9,999 a day they grow a digit.
		var seq int
		day := now.In(Zone)
		if err := tx.queryRow(ctx, `INSERT INTO feedback_counters (unit_id, day, n) VALUES ('*', $1, 1)
			ON CONFLICT (unit_id, day) DO UPDATE SET n = feedback_counters.n + 1 RETURNING n`,
			day.Format("2006-01-02")).Scan(&seq); err != nil {
			return fmt.Errorf("next feedback code: %w", err)
		}
		it := &feedback.Item{ID: NewID(), Code: fmt.Sprintf("PA-%s-%04d", day.Format("060102"), seq), UnitID: u.ID,
			Kind: s.Kind, Subject: s.Subject, About: s.About, Channel: ch, Title: s.Title, Content: s.Content,
			Name: s.Name, Phone: s.Phone, Email: s.Email, Address: s.Address, PublishConsent: s.PublishConsent,
			Status: feedback.Received, ReceivedAt: now, DueAt: due}
		if req.Actor != nil {
			it.CreatedBy = req.Actor.ID
		}
		if handler != nil {
			it.Status, it.HandlerID = feedback.Handling, handler.ID
		}
		var idem any
		if req.IdemKey != "" {
			idem = u.ID + "|" + req.IdemKey
		}
		_, err = tx.exec(ctx, `INSERT INTO feedback (id, code, unit_id, kind, subject, about, channel, title, content,
			name, phone, email, address, lookup_phone, publish_consent, status, handler_id, received_at, due_at,
			created_by, search_text, idem_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
			it.ID, it.Code, it.UnitID, string(it.Kind), string(it.Subject), it.About, string(it.Channel), it.Title, it.Content,
			it.Name, it.Phone, it.Email, it.Address, last4(it.Phone), boolInt(it.PublishConsent), string(it.Status),
			nullStr(it.HandlerID), it.ReceivedAt.UnixMilli(), it.DueAt.UnixMilli(), nullStr(it.CreatedBy),
			feedbackSearchText(it), idem)
		if err != nil {
			return fmt.Errorf("insert feedback: %w", err)
		}
		if err := tx.feedbackEvent(ctx, it.ID, "received", req.Actor, ""); err != nil {
			return err
		}
		if handler != nil {
			if err := tx.feedbackEvent(ctx, it.ID, "assigned", nil, handler.FullName); err != nil {
				return err
			}
		}
		out = it
		return nil
	})
	return out, err
}

// routeFeedback picks the officer who answers: for a procedure or a
// dossier, a specialist of its field (the dossier's own handler when still
// active in the unit); otherwise, or when the field has nobody, a leader.
// Among several, the one with the fewest open items. Nil when the unit has
// nobody to route to: the leaders assign it from the queue.
func (db *DB) routeFeedback(ctx context.Context, unitID string, s feedback.Submission) (*staff.Officer, error) {
	active := true
	var field string
	switch s.Subject {
	case feedback.AboutProcedure:
		if pv, err := db.ProcedureByCode(ctx, s.About); err == nil {
			field = pv.Procedure.FieldCode
		}
	case feedback.AboutDossier:
		if d, err := db.Dossier(ctx, s.About); err == nil && (d.ReceivingUnitID == unitID || d.ResolvingUnitID == unitID) {
			if d.AssigneeID != "" {
				if o, err := db.Officer(ctx, d.AssigneeID); err == nil && o.Active && o.UnitID == unitID {
					return o, nil
				}
			}
			field = d.FieldCode
		}
	}
	var candidates []*staff.Officer
	if field != "" {
		os, err := db.Officers(ctx, OfficerFilter{UnitID: unitID, Role: staff.Specialist, Field: field, Active: &active})
		if err != nil {
			return nil, err
		}
		candidates = os
	}
	if len(candidates) == 0 {
		os, err := db.Officers(ctx, OfficerFilter{UnitID: unitID, Role: staff.Leader, Active: &active})
		if err != nil {
			return nil, err
		}
		candidates = os
	}
	var best *staff.Officer
	bestOpen := 0
	for _, o := range candidates {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE handler_id = $1 AND status <> $2`,
			o.ID, string(feedback.Answered)).Scan(&n); err != nil {
			return nil, fmt.Errorf("route feedback: %w", err)
		}
		if best == nil || n < bestOpen {
			best, bestOpen = o, n
		}
	}
	return best, nil
}

// AssignFeedback gives an open item to another officer of its unit; only a
// leader may. Errors: NotFound, Forbidden, Invalid (the officer), Conflict
// (already answered).
func (db *DB) AssignFeedback(ctx context.Context, code, officerID string, actor *staff.Officer) (*feedback.Item, error) {
	return db.changeFeedback(ctx, code, actor, func(tx *Tx, it *feedback.Item) error {
		if !actor.Has(staff.Leader) {
			return apperr.New(apperr.Forbidden, "chỉ lãnh đạo mới phân công xử lý phản ánh")
		}
		o, err := db.Officer(ctx, officerID)
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.Invalidf("handler", "không có cán bộ này")
		}
		if err != nil {
			return err
		}
		if !o.Active || o.UnitID != it.UnitID {
			return apperr.Invalidf("handler", "cán bộ %s không thuộc đơn vị hoặc đã nghỉ", o.FullName)
		}
		if it.Status == feedback.Answered {
			return apperr.New(apperr.Conflict, "phản ánh %s đã được trả lời", it.Code)
		}
		if _, err := tx.exec(ctx, `UPDATE feedback SET handler_id = $1, status = $2 WHERE id = $3`,
			o.ID, string(feedback.Handling), it.ID); err != nil {
			return fmt.Errorf("assign feedback: %w", err)
		}
		return tx.feedbackEvent(ctx, it.ID, "assigned", actor, o.FullName)
	})
}

// AnswerFeedback records the answer, once, by the item's handler or a
// leader, and publishes it with the item when the citizen consented and
// publish is set. Errors: NotFound, Forbidden, Invalid (answer), Conflict
// (already answered).
func (db *DB) AnswerFeedback(ctx context.Context, code, answer string, publish bool, actor *staff.Officer) (*feedback.Item, error) {
	answer = strings.TrimSpace(textfold.NFC(answer))
	if err := feedback.ValidateAnswer(answer); err != nil {
		return nil, err
	}
	return db.changeFeedback(ctx, code, actor, func(tx *Tx, it *feedback.Item) error {
		if it.HandlerID != actor.ID && !actor.Has(staff.Leader) {
			return apperr.New(apperr.Forbidden, "chỉ cán bộ được giao hoặc lãnh đạo mới trả lời phản ánh này")
		}
		if it.Status == feedback.Answered {
			return apperr.New(apperr.Conflict, "phản ánh %s đã được trả lời", it.Code)
		}
		pub := publish && it.PublishConsent
		var pubAt sql.NullInt64
		if pub {
			pubAt = ms(tx.now)
		}
		if _, err := tx.exec(ctx, `UPDATE feedback SET status = $1, answer = $2, answered_at = $3, answered_by = $4,
			handler_id = COALESCE(handler_id, $4), published = $5, published_at = $6 WHERE id = $7`,
			string(feedback.Answered), answer, tx.now.UnixMilli(), actor.ID, boolInt(pub), pubAt, it.ID); err != nil {
			return fmt.Errorf("answer feedback: %w", err)
		}
		if err := tx.feedbackEvent(ctx, it.ID, "answered", actor, ""); err != nil {
			return err
		}
		if pub {
			return tx.feedbackEvent(ctx, it.ID, "published", actor, "")
		}
		return nil
	})
}

// PublishFeedback publishes an answered item (only with the citizen's
// consent) or withdraws it from the public list.
func (db *DB) PublishFeedback(ctx context.Context, code string, publish bool, actor *staff.Officer) (*feedback.Item, error) {
	return db.changeFeedback(ctx, code, actor, func(tx *Tx, it *feedback.Item) error {
		if it.HandlerID != actor.ID && !actor.Has(staff.Leader) {
			return apperr.New(apperr.Forbidden, "chỉ cán bộ được giao hoặc lãnh đạo mới công khai phản ánh này")
		}
		switch {
		case publish && it.Status != feedback.Answered:
			return apperr.New(apperr.Conflict, "chỉ công khai phản ánh đã được trả lời")
		case publish && !it.PublishConsent:
			return apperr.New(apperr.Conflict, "người phản ánh không đồng ý công khai")
		case publish == it.Published:
			return nil
		}
		var pubAt sql.NullInt64
		kind := "unpublished"
		if publish {
			pubAt, kind = ms(tx.now), "published"
		}
		if _, err := tx.exec(ctx, `UPDATE feedback SET published = $1, published_at = $2 WHERE id = $3`,
			boolInt(publish), pubAt, it.ID); err != nil {
			return fmt.Errorf("publish feedback: %w", err)
		}
		return tx.feedbackEvent(ctx, it.ID, kind, actor, "")
	})
}

// RateFeedback records the citizen's rating of an answer, once; the
// citizen proves who they are by the last four digits of the phone, as in
// LookupFeedback. It reports whether this call recorded it.
func (db *DB) RateFeedback(ctx context.Context, code, last4digits string, r dossier.Rating) (*feedback.Item, bool, error) {
	if !feedback.ValidRating(r) {
		return nil, false, apperr.Invalidf("rating", "vui lòng chọn mức độ hài lòng")
	}
	var out *feedback.Item
	var recorded bool
	err := db.Transact(ctx, func(tx *Tx) error {
		it, err := feedbackWhere(ctx, tx.q(), "code = $1 AND lookup_phone = $2", strings.TrimSpace(code), last4digits)
		if err != nil {
			return err
		}
		out = it
		if it.Status != feedback.Answered || it.Rating != "" {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE feedback SET rating = $1, rated_at = $2 WHERE id = $3 AND rating = ''`,
			string(r), tx.now.UnixMilli(), it.ID); err != nil {
			return fmt.Errorf("rate feedback: %w", err)
		}
		it.Rating, it.RatedAt, recorded = r, tx.now, true
		return tx.feedbackEvent(ctx, it.ID, "rated", nil, string(r))
	})
	return out, recorded, err
}

// changeFeedback runs change on the item in one transaction, after checking
// that actor belongs to its unit, and returns the item as it now is.
func (db *DB) changeFeedback(ctx context.Context, code string, actor *staff.Officer, change func(*Tx, *feedback.Item) error) (*feedback.Item, error) {
	if actor == nil {
		return nil, apperr.New(apperr.Unauthenticated, "vui lòng đăng nhập")
	}
	var id string
	err := db.Transact(ctx, func(tx *Tx) error {
		it, err := feedbackWhere(ctx, tx.q(), "code = $1", strings.TrimSpace(code))
		if err != nil {
			return err
		}
		if it.UnitID != actor.UnitID {
			return apperr.New(apperr.NotFound, "không có phản ánh %s", code)
		}
		id = it.ID
		return change(tx, it)
	})
	if err != nil {
		return nil, err
	}
	return feedbackWhere(ctx, db.read, "id = $1", id)
}

func (tx *Tx) feedbackEvent(ctx context.Context, feedbackID, kind string, actor *staff.Officer, note string) error {
	var actorID any
	if actor != nil {
		actorID = actor.ID
	}
	if _, err := tx.exec(ctx, `INSERT INTO feedback_events (id, feedback_id, at, kind, actor_id, note) VALUES ($1, $2, $3, $4, $5, $6)`,
		NewID(), feedbackID, tx.now.UnixMilli(), kind, actorID, note); err != nil {
		return fmt.Errorf("feedback event: %w", err)
	}
	return nil
}

func feedbackSearchText(it *feedback.Item) string {
	return textfold.Fold(strings.Join([]string{it.Code, it.Title, it.Content, it.Name, it.About}, " "))
}

// feedbackColumns are read by scanFeedback, in its order.
const feedbackColumns = `id, code, unit_id, kind, subject, about, channel, title, content, name, phone, email, address,
	publish_consent, published, status, COALESCE(handler_id, ''), received_at, due_at, answer, answered_at,
	COALESCE(answered_by, ''), rating, rated_at, COALESCE(created_by, '')`

func scanFeedback(sc interface{ Scan(...any) error }) (*feedback.Item, error) {
	var it feedback.Item
	var kind, subject, channel, status, rating string
	var consent, published int
	var received, due int64
	var answered, rated sql.NullInt64
	err := sc.Scan(&it.ID, &it.Code, &it.UnitID, &kind, &subject, &it.About, &channel, &it.Title, &it.Content,
		&it.Name, &it.Phone, &it.Email, &it.Address, &consent, &published, &status, &it.HandlerID, &received, &due,
		&it.Answer, &answered, &it.AnsweredBy, &rating, &rated, &it.CreatedBy)
	if err != nil {
		return nil, err
	}
	it.Kind, it.Subject, it.Channel, it.Status = feedback.Kind(kind), feedback.Subject(subject), feedback.Channel(channel), feedback.Status(status)
	it.Rating = dossier.Rating(rating)
	it.PublishConsent, it.Published = consent != 0, published != 0
	it.ReceivedAt, it.DueAt = time.UnixMilli(received).In(Zone), time.UnixMilli(due).In(Zone)
	it.AnsweredAt, it.RatedAt = fromMS(answered), fromMS(rated)
	return &it, nil
}

func feedbackWhere(ctx context.Context, q querier, where string, args ...any) (*feedback.Item, error) {
	it, err := scanFeedback(q.QueryRowContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE `+where, args...))
	if err == sql.ErrNoRows {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy phản ánh")
	}
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	return it, nil
}
