package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
)

// Delivery states. A delivery is sending from its first attempt until the
// provider accepts it (sent) or refuses it for good (failed); a delivery
// report makes a sent one delivered (or failed); when every channel failed
// the message's deliveries are given up.
const (
	DeliverySending   = "sending"
	DeliverySent      = "sent"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
	DeliveryGivenUp   = "given_up"
)

// NotifyDelivery is one notification on one channel. ID is the provider
// request id.
type NotifyDelivery struct {
	ID              string    `json:"id"`
	OutboxID        string    `json:"outbox_id"`
	UnitID          string    `json:"unit_id"`
	DossierID       string    `json:"dossier_id,omitempty"`
	OfficerID       string    `json:"officer_id,omitempty"`
	Kind            string    `json:"kind"`
	Channel         string    `json:"channel"`
	Recipient       string    `json:"recipient"`
	Subject         string    `json:"subject,omitempty"`
	Body            string    `json:"body"`
	TemplateVersion int       `json:"template_version"`
	State           string    `json:"state"`
	ProviderID      string    `json:"provider_id,omitempty"`
	Attempts        int       `json:"attempts"`
	LastError       string    `json:"last_error,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	SentAt          time.Time `json:"sent_at,omitzero"`
	DeliveredAt     time.Time `json:"delivered_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at"`
}

const deliveryColumns = `id, outbox_id, unit_id, dossier_id, officer_id, kind, channel, recipient, subject, body, template_version,
	state, provider_id, attempts, last_error, created_at, sent_at, delivered_at, updated_at`

func scanDelivery(row interface{ Scan(...any) error }) (*NotifyDelivery, error) {
	var d NotifyDelivery
	var created, sent, delivered, updated sql.NullInt64
	if err := row.Scan(&d.ID, &d.OutboxID, &d.UnitID, &d.DossierID, &d.OfficerID, &d.Kind, &d.Channel, &d.Recipient, &d.Subject,
		&d.Body, &d.TemplateVersion, &d.State, &d.ProviderID, &d.Attempts, &d.LastError, &created, &sent, &delivered, &updated); err != nil {
		return nil, err
	}
	d.CreatedAt, d.SentAt, d.DeliveredAt, d.UpdatedAt = fromMS(created), fromMS(sent), fromMS(delivered), fromMS(updated)
	return &d, nil
}

// BeginNotifyDelivery records an attempt of d (by its id): the first one
// creates it, sending; a later one counts one more attempt and keeps the
// first text, so the repeated request says the same. A delivery already
// sent or delivered is returned as it is: the caller sends nothing.
func (db *DB) BeginNotifyDelivery(ctx context.Context, d *NotifyDelivery) (*NotifyDelivery, error) {
	var out *NotifyDelivery
	err := db.Transact(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		var err error
		out, err = scanDelivery(tx.queryRow(ctx, `INSERT INTO notify_deliveries (id, outbox_id, unit_id, dossier_id, officer_id, kind, channel,
			recipient, subject, body, template_version, state, attempts, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sending', 1, $12, $12)
			ON CONFLICT (id) DO UPDATE SET
				attempts = notify_deliveries.attempts + CASE WHEN notify_deliveries.state = 'sending' THEN 1 ELSE 0 END,
				updated_at = $12
			RETURNING `+deliveryColumns, d.ID, d.OutboxID, d.UnitID, d.DossierID, d.OfficerID, d.Kind, d.Channel, d.Recipient,
			d.Subject, d.Body, d.TemplateVersion, now))
		if err != nil {
			return fmt.Errorf("begin delivery %s: %w", d.ID, err)
		}
		return nil
	})
	return out, err
}

// NotifyDeliverySent records the provider's acceptance. Repeated (a
// provider answering twice, a retry after a lost answer), it changes nothing.
func (db *DB) NotifyDeliverySent(ctx context.Context, id, providerID string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE notify_deliveries SET state = 'sent', provider_id = $2, sent_at = $3, updated_at = $3, last_error = ''
			WHERE id = $1 AND state = 'sending'`, id, providerID, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("delivery %s sent: %w", id, err)
		}
		return nil
	})
}

// NotifyDeliveryError records a failed attempt; final makes the delivery
// failed (the dispatcher then falls back to the next channel).
func (db *DB) NotifyDeliveryError(ctx context.Context, id, errText string, final bool) error {
	state := DeliverySending
	if final {
		state = DeliveryFailed
	}
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE notify_deliveries SET state = $2, last_error = $3, updated_at = $4 WHERE id = $1 AND state = 'sending'`,
			id, state, truncateError(errText), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("delivery %s error: %w", id, err)
		}
		return nil
	})
}

// NotifyGiveUp marks an outbox message's unfinished deliveries given up.
func (db *DB) NotifyGiveUp(ctx context.Context, outboxID string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE notify_deliveries SET state = 'given_up', updated_at = $2
			WHERE outbox_id = $1 AND state IN ('sending', 'failed')`, outboxID, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("give up %s: %w", outboxID, err)
		}
		return nil
	})
}

// NotifyDeliveryForReport finds the delivery a provider's report names: by
// our request id (the provider echoes it), else by the provider's message
// id. Errors: NotFound.
func (db *DB) NotifyDeliveryForReport(ctx context.Context, channel, requestID, providerID string) (*NotifyDelivery, error) {
	d, err := scanDelivery(db.read.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM notify_deliveries
		WHERE channel = $1 AND ((id = $2 AND $2 <> '') OR (provider_id = $3 AND $3 <> '')) ORDER BY id LIMIT 1`, channel, requestID, providerID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không có tin %s mã %s", channel, providerID)
	}
	if err != nil {
		return nil, fmt.Errorf("delivery %s/%s: %w", channel, providerID, err)
	}
	return d, nil
}

// reportFallbackDelay is how long after a failed delivery report the
// notice is tried again on the next channel: long enough for a worker still
// holding it (the report overtook the provider's answer) to let it go.
const reportFallbackDelay = 30 * time.Second

// NotifyReport applies a provider's delivery report to the delivery id
// (sent, or still sending when the report overtook the provider's answer);
// it reports whether anything changed: a repeated report changes nothing.
// A report that the message failed queues its notice again, in the same
// transaction, so that the dispatcher falls back to the next channel (the
// failed one is done with); a worker still holding the notice loses its
// claim, and the fence keeps it from settling over the new one.
func (db *DB) NotifyReport(ctx context.Context, id, providerID string, delivered bool, errText string) (bool, error) {
	var changed bool
	err := db.Transact(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		q := `UPDATE notify_deliveries SET state = 'delivered', delivered_at = $3, sent_at = COALESCE(sent_at, $3), provider_id = $2, updated_at = $3
			WHERE id = $1 AND state IN ('sending', 'sent')`
		args := []any{id, providerID, now}
		if !delivered {
			q = `UPDATE notify_deliveries SET state = 'failed', last_error = $4, sent_at = COALESCE(sent_at, $3), provider_id = $2, updated_at = $3
				WHERE id = $1 AND state IN ('sending', 'sent')`
			args = append(args, truncateError("provider report: "+errText))
		}
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("report on %s: %w", id, err)
		}
		n, _ := res.RowsAffected()
		changed = n == 1
		if !changed || delivered {
			return nil
		}
		// The notice, locked (PostgreSQL) so that a worker settling it now
		// has committed, or waits: a notice already sent leaves its unit's
		// sent total as it is queued again; one still sending was not counted.
		lock := ""
		if tx.db.dialect == Postgres {
			lock = " FOR UPDATE"
		}
		var msgID, state, topic, unitID string
		err = tx.queryRow(ctx, `SELECT id, state, topic, unit_id FROM outbox
			WHERE id = (SELECT outbox_id FROM notify_deliveries WHERE id = $1)`+lock, id).Scan(&msgID, &state, &topic, &unitID)
		if errors.Is(err, sql.ErrNoRows) || err == nil && state != string(OutboxSent) && state != string(OutboxSending) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("notice of %s: %w", id, err)
		}
		if _, err := tx.exec(ctx, `UPDATE outbox SET state = 'queued', next_attempt_at = $2, queued_at = $3, locked_until = NULL, last_error = $4
			WHERE id = $1`, msgID, now+reportFallbackDelay.Milliseconds(), now, truncateError("provider report: "+errText)); err != nil {
			return fmt.Errorf("queue %s again after a failed report: %w", id, err)
		}
		if state == string(OutboxSent) {
			return tx.countSent(ctx, map[sentKey]int{{topic, unitID}: -1})
		}
		return nil
	})
	return changed, err
}

// DeliveryFilter selects deliveries; zero fields do not filter.
type DeliveryFilter struct {
	UnitID    string
	DossierID string
	OutboxID  string
	State     string
	Channel   string
	// Citizens leaves out the officers' notices.
	Citizens bool
	Limit    int // default 100, at most 1000
}

// NotifyDeliveries lists deliveries, newest first (oldest first for one
// dossier or outbox message, as its timeline reads).
func (db *DB) NotifyDeliveries(ctx context.Context, f DeliveryFilter) ([]*NotifyDelivery, error) {
	var where []string
	var args []any
	add := func(col, v string) {
		if v != "" {
			args = append(args, v)
			where = append(where, fmt.Sprintf("%s = $%d", col, len(args)))
		}
	}
	add("unit_id", f.UnitID)
	add("dossier_id", f.DossierID)
	add("outbox_id", f.OutboxID)
	add("state", f.State)
	add("channel", f.Channel)
	if f.Citizens {
		where = append(where, "officer_id = ''")
	}
	q := `SELECT ` + deliveryColumns + ` FROM notify_deliveries`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	order := " ORDER BY created_at DESC, id"
	if f.DossierID != "" || f.OutboxID != "" {
		order = " ORDER BY created_at, id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.read.QueryContext(ctx, q+order+fmt.Sprintf(" LIMIT %d", min(limit, 1000)), args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	var out []*NotifyDelivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("list deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ZaloToken is a unit's Zalo access token and single-use refresh token.
type ZaloToken struct {
	Access     string
	Refresh    string
	ExpiresAt  time.Time
	Generation int
}

// ZaloToken reads a unit's tokens. Errors: NotFound (never authorised).
func (db *DB) ZaloToken(ctx context.Context, unitID string) (ZaloToken, error) {
	var t ZaloToken
	var exp int64
	err := db.read.QueryRowContext(ctx, `SELECT access_token, refresh_token, expires_at, generation FROM notify_tokens WHERE unit_id = $1`,
		unitID).Scan(&t.Access, &t.Refresh, &exp, &t.Generation)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.New(apperr.NotFound, "đơn vị chưa cấp quyền Zalo OA")
	}
	if err != nil {
		return t, fmt.Errorf("zalo token of %s: %w", unitID, err)
	}
	t.ExpiresAt = time.UnixMilli(exp)
	return t, nil
}

// SetZaloToken stores the pair an administrator obtained by authorising the
// app (a new generation).
func (db *DB) SetZaloToken(ctx context.Context, unitID string, t ZaloToken, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO notify_tokens (unit_id, access_token, refresh_token, expires_at, generation, updated_at)
			VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (unit_id) DO UPDATE SET access_token = $2, refresh_token = $3, expires_at = $4,
			generation = notify_tokens.generation + 1, refreshing_until = 0, updated_at = $5`,
			unitID, t.Access, t.Refresh, t.ExpiresAt.UnixMilli(), tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("zalo token of %s: %w", unitID, err)
		}
		return tx.audit(ctx, by, "notify_token", unitID, "set", "")
	})
}

// LeaseZaloRefresh takes the right to refresh a unit's tokens for lease, if
// generation is still current and no one else holds it.
func (db *DB) LeaseZaloRefresh(ctx context.Context, unitID string, generation int, lease time.Duration) (bool, error) {
	var ok bool
	err := db.Transact(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		res, err := tx.exec(ctx, `UPDATE notify_tokens SET refreshing_until = $3 WHERE unit_id = $1 AND generation = $2 AND refreshing_until <= $4`,
			unitID, generation, now+lease.Milliseconds(), now)
		if err != nil {
			return fmt.Errorf("lease zalo refresh of %s: %w", unitID, err)
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

// RotateZaloToken writes the pair a refresh returned, in one statement,
// only if generation is still current; the lease ends. Errors: Conflict.
func (db *DB) RotateZaloToken(ctx context.Context, unitID string, generation int, t ZaloToken) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE notify_tokens SET access_token = $3, refresh_token = $4, expires_at = $5, generation = $2 + 1,
			refreshing_until = 0, updated_at = $6 WHERE unit_id = $1 AND generation = $2`,
			unitID, generation, t.Access, t.Refresh, t.ExpiresAt.UnixMilli(), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("rotate zalo token of %s: %w", unitID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "mã Zalo của đơn vị đã được làm mới bởi tiến trình khác")
		}
		return nil
	})
}

// DigestItem is one dossier in an officer's digest.
type DigestItem struct {
	Code, Applicant string
	Appointment     time.Time
	Overdue         bool
}

// DigestDue lists, per officer holding them, the unit's dossiers in
// processing (received or with a specialist: not paused) that are overdue
// at now or due by the end of the next working day after today, on the
// unit's calendar. On a day off it returns nothing: no digest then.
func (db *DB) DigestDue(ctx context.Context, unitID string, now time.Time) (map[string][]DigestItem, error) {
	out := map[string][]DigestItem{}
	err := db.Transact(ctx, func(tx *Tx) error {
		cal, err := tx.calendar(ctx, unitID)
		if err != nil {
			return err
		}
		today := calendar.DateOf(now)
		if ok, err := cal.IsWorkingDay(today); err != nil || !ok {
			return err
		}
		next := today.AddDays(1)
		for i := 0; i < 60; i++ {
			if ok, err := cal.IsWorkingDay(next); err != nil {
				return err
			} else if ok {
				break
			}
			next = next.AddDays(1)
		}
		cutoff := next.AddDays(1).At(0).UnixMilli()
		rows, err := tx.query(ctx, `SELECT assignee_id, code, applicant_name, appointment_at FROM dossiers
			WHERE resolving_unit_id = $1 AND status IN (2, 4) AND appointment_at < $2 AND assignee_id IS NOT NULL AND assignee_id <> ''
			ORDER BY appointment_at, code`, unitID, cutoff)
		if err != nil {
			return fmt.Errorf("digest of %s: %w", unitID, err)
		}
		defer rows.Close()
		for rows.Next() {
			var who, code, name string
			var at int64
			if err := rows.Scan(&who, &code, &name, &at); err != nil {
				return fmt.Errorf("digest of %s: %w", unitID, err)
			}
			t := time.UnixMilli(at)
			out[who] = append(out[who], DigestItem{Code: code, Applicant: name, Appointment: t, Overdue: t.Before(now)})
		}
		return rows.Err()
	})
	return out, err
}

// QueueDigests writes, for each officer of the unit holding dossiers that
// DigestDue lists at now, one digest notice for the day, once: a second
// call the same day writes nothing (notify_digests). It returns how many it
// wrote. On a day off there is nothing to write.
func (db *DB) QueueDigests(ctx context.Context, unitID string, now time.Time) (int, error) {
	due, err := db.DigestDue(ctx, unitID, now)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	day := calendar.DateOf(now).String()
	officers := make([]string, 0, len(due))
	for o := range due {
		officers = append(officers, o)
	}
	slices.Sort(officers)
	var n int
	err = db.Transact(ctx, func(tx *Tx) error {
		n = 0
		var unitName string
		if err := tx.queryRow(ctx, `SELECT name FROM units WHERE id = $1`, unitID).Scan(&unitName); err != nil {
			return fmt.Errorf("digest of %s: %w", unitID, err)
		}
		for _, o := range officers {
			var name, phone, email string
			var active bool
			err := tx.queryRow(ctx, `SELECT full_name, phone, email, active FROM officers WHERE id = $1`, o).Scan(&name, &phone, &email, &active)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("digest for %s: %w", o, err)
			}
			if !active {
				continue
			}
			key := "digest:" + o + ":" + day
			res, err := tx.exec(ctx, `INSERT INTO notify_digests (officer_id, day, outbox_id) VALUES ($1, $2, $3)
				ON CONFLICT (officer_id, day) DO NOTHING`, o, day, key)
			if err != nil {
				return fmt.Errorf("digest for %s: %w", o, err)
			}
			if k, _ := res.RowsAffected(); k != 1 {
				continue
			}
			var soon, late int
			var lines []string
			for _, it := range due[o] {
				what := "đến hạn"
				if it.Overdue {
					late++
					what = "quá hạn"
				} else {
					soon++
				}
				lines = append(lines, fmt.Sprintf("%s (%s) %s %s", it.Code, it.Applicant, what, noticeTime(it.Appointment)))
			}
			v := map[string]string{"ten_nguoi_nhan": name, "don_vi": unitName, "so_sap_den_han": fmt.Sprint(soon),
				"so_qua_han": fmt.Sprint(late), "danh_sach": strings.Join(lines, "; ")}
			if err := tx.sendLater(ctx, TopicNotify, unitID, key, Notice{Kind: "digest", OfficerID: o, Name: name,
				Phone: phone, Email: email, Values: v}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
