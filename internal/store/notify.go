package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
)

// TopicNotify is the topic of the notifications to citizens and officers
// (internal/notify): one message per notice.
const TopicNotify = "notify"

// Notice is the payload of a notify message: who is told what, with the
// values of the template's placeholders as they stood when the change
// committed (so a message resent later says what was true then).
type Notice struct {
	Kind        string `json:"kind"`
	DossierID   string `json:"dossier_id,omitempty"`
	DossierCode string `json:"dossier_code,omitempty"`
	// OfficerID is set for an officer's notice; else the dossier's applicant
	// is told, on the channels they consented to.
	OfficerID string            `json:"officer_id,omitempty"`
	Name      string            `json:"name"`
	Phone     string            `json:"phone,omitempty"`
	Email     string            `json:"email,omitempty"`
	Values    map[string]string `json:"values"`
}

// Notice kinds by the status a change leads to (see notify.Kinds).
func noticeKind(s dossier.Status) string {
	switch s {
	case dossier.Received:
		return "received"
	case dossier.Refused:
		return "refused"
	case dossier.Supplement:
		return "supplement"
	case dossier.AwaitingPayment:
		return "payment"
	case dossier.Resolved:
		return "resolved"
	}
	return "status"
}

// noticeTime formats an instant as the notices say it: "14:00 ngày 06/03/2025".
func noticeTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("15:04 ngày 02/01/2006")
}

// vnd formats an amount of dong: "50.000 đồng".
func vnd(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đồng"
}

// tellNotify writes the notices a dossier change owes, in its transaction:
// to the applicant for each status the procedure names (NotifyStatuses) and
// for an approved apology when it names any; to an officer a dossier is
// routed to, unless the unit turned that off or they routed it themselves.
func (tx *Tx) tellNotify(ctx context.Context, d *dossier.Dossier, events []dossier.Event, proc *catalogue.Procedure) error {
	var unitName string
	base := func() map[string]string {
		if unitName == "" {
			unitName = tx.unitName[d.ReceivingUnitID]
		}
		if unitName == "" {
			if err := tx.queryRow(ctx, `SELECT name FROM units WHERE id = $1`, d.ReceivingUnitID).Scan(&unitName); err != nil {
				unitName = "?"
			}
		}
		return map[string]string{"don_vi": unitName, "ma_ho_so": d.Code, "thu_tuc": d.ProcedureName,
			"ngay_hen": noticeTime(d.AppointmentAt), "trang_thai": d.Status.Label()}
	}
	for _, e := range events {
		kind := ""
		switch {
		case e.Kind == dossier.ActApproveApology && len(proc.NotifyStatuses) > 0:
			kind = "apology"
		case e.ToStatus != e.FromStatus && slices.Contains(proc.NotifyStatuses, int(e.ToStatus)):
			kind = noticeKind(e.ToStatus)
			if kind == "resolved" && d.ElectronicResult {
				kind = "resolved_electronic" // downloaded: nobody is asked to come
			}
		}
		if kind != "" {
			v := base()
			v["trang_thai"] = e.ToStatus.Label()
			v["ten_nguoi_nhan"] = d.Applicant.DisplayName()
			if a := e.Detail; a != nil {
				v["ly_do"] = a.Reason
				v["giay_to_bo_sung"] = strings.Join(a.Items, "; ")
				if a.Amount > 0 {
					v["so_tien"] = vnd(a.Amount)
				}
			}
			if kind == "payment" && v["so_tien"] == "" {
				v["so_tien"] = vnd(d.Payment.Due)
			}
			if kind == "apology" {
				v["ngay_hen_moi"] = noticeTime(d.NewAppointmentAt)
				if d.Apology != nil && v["ly_do"] == "" {
					v["ly_do"] = d.Apology.Reason
				}
			}
			n := Notice{Kind: kind, DossierID: d.ID, DossierCode: d.Code, Name: d.Applicant.DisplayName(),
				Phone: d.Applicant.Phone, Email: d.Applicant.Email, Values: v}
			if err := tx.sendLater(ctx, TopicNotify, d.ReceivingUnitID, d.ID, n); err != nil {
				return err
			}
		}
		if e.ToOfficer != "" && e.ToOfficer != e.FromOfficer && e.ToOfficer != e.ActorID {
			if err := tx.tellAssigned(ctx, d, e, base); err != nil {
				return err
			}
		}
	}
	return nil
}

// tellAssigned writes the routing notice to the officer of e, if the
// resolving unit wants it (the default).
func (tx *Tx) tellAssigned(ctx context.Context, d *dossier.Dossier, e dossier.Event, base func() map[string]string) error {
	st, err := tx.db.notifySettings(ctx, tx.q(), d.ResolvingUnitID)
	if err != nil || !st.OfficerAssigned {
		return err
	}
	var name, phone, email string
	err = tx.queryRow(ctx, `SELECT full_name, phone, email FROM officers WHERE id = $1`, e.ToOfficer).Scan(&name, &phone, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("officer of %s: %w", d.Code, err)
	}
	v := base()
	v["ten_nguoi_nhan"], v["han_xu_ly"] = name, noticeTime(e.StepDueAt)
	n := Notice{Kind: "assigned", DossierID: d.ID, DossierCode: d.Code, OfficerID: e.ToOfficer, Name: name,
		Phone: phone, Email: email, Values: v}
	return tx.sendLater(ctx, TopicNotify, d.ResolvingUnitID, d.ID+":officer", n)
}

// NotifySettings are a unit's notification choices.
type NotifySettings struct {
	// Fallback is the order channels are tried in.
	Fallback []string `json:"fallback"`
	// OfficerAssigned: an officer hears at once when a dossier is routed to them.
	OfficerAssigned bool `json:"officer_assigned"`
}

// DefaultNotifySettings apply to a unit that chose nothing.
func DefaultNotifySettings() NotifySettings {
	return NotifySettings{Fallback: []string{"zalo", "sms", "email"}, OfficerAssigned: true}
}

// NotifySettings returns a unit's choices, or the defaults.
func (db *DB) NotifySettings(ctx context.Context, unitID string) (NotifySettings, error) {
	return db.notifySettings(ctx, db.read, unitID)
}

func (db *DB) notifySettings(ctx context.Context, q querier, unitID string) (NotifySettings, error) {
	var fb string
	var assigned bool
	err := q.QueryRowContext(ctx, `SELECT fallback, officer_assigned FROM notify_settings WHERE unit_id = $1`, unitID).Scan(&fb, &assigned)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultNotifySettings(), nil
	}
	if err != nil {
		return NotifySettings{}, fmt.Errorf("notification settings of %s: %w", unitID, err)
	}
	return NotifySettings{Fallback: strings.Fields(fb), OfficerAssigned: assigned}, nil
}

// SetNotifySettings records a unit's choices, audited. Errors: Invalid
// (fallback: an unknown or repeated channel, or none).
func (db *DB) SetNotifySettings(ctx context.Context, unitID string, s NotifySettings, by string) error {
	if len(s.Fallback) == 0 {
		return apperr.Invalidf("fallback", "cần chọn ít nhất một kênh")
	}
	for i, ch := range s.Fallback {
		if !slices.Contains([]string{"zalo", "sms", "email"}, ch) || slices.Contains(s.Fallback[:i], ch) {
			return apperr.Invalidf("fallback", "kênh %q không có hoặc lặp lại", ch)
		}
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO notify_settings (unit_id, fallback, officer_assigned, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id) DO UPDATE SET fallback = $2, officer_assigned = $3, updated_by = $4, updated_at = $5`,
			unitID, strings.Join(s.Fallback, " "), s.OfficerAssigned, by, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("notification settings of %s: %w", unitID, err)
		}
		return tx.audit(ctx, by, "notify_settings", unitID, "update", strings.Join(s.Fallback, " "))
	})
}

// NotifyAccount returns a unit's provider account on a channel (JSON of
// notify's config for it) and when it last changed; ok is false when the
// channel is off for the unit.
func (db *DB) NotifyAccount(ctx context.Context, unitID, channel string) (settings json.RawMessage, updated time.Time, ok bool, err error) {
	var s string
	var at int64
	err = db.read.QueryRowContext(ctx, `SELECT settings, updated_at FROM notify_accounts WHERE unit_id = $1 AND channel = $2`,
		unitID, channel).Scan(&s, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("%s account of %s: %w", channel, unitID, err)
	}
	return json.RawMessage(s), time.UnixMilli(at), true, nil
}

// SetNotifyAccount records a unit's account on a channel (settings nil:
// turns the channel off), audited without the settings (they hold secrets).
func (db *DB) SetNotifyAccount(ctx context.Context, unitID, channel string, settings json.RawMessage, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		var err error
		if settings == nil {
			_, err = tx.exec(ctx, `DELETE FROM notify_accounts WHERE unit_id = $1 AND channel = $2`, unitID, channel)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO notify_accounts (unit_id, channel, settings, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (unit_id, channel) DO UPDATE SET settings = $3, updated_by = $4, updated_at = $5`,
				unitID, channel, string(settings), by, tx.now.UnixMilli())
		}
		if err != nil {
			return fmt.Errorf("%s account of %s: %w", channel, unitID, err)
		}
		return tx.audit(ctx, by, "notify_account", unitID+"/"+channel, "update", "")
	})
}

// NotifyTemplate is one stored version of a unit's template.
type NotifyTemplate struct {
	UnitID, Kind, Channel string
	Version               int
	Subject, Body         string
	CreatedBy             string
	CreatedAt             time.Time
}

// LatestNotifyTemplate returns a unit's highest version for a kind and
// channel; nil when the unit has none.
func (db *DB) LatestNotifyTemplate(ctx context.Context, unitID, kind, channel string) (*NotifyTemplate, error) {
	ts, err := db.NotifyTemplates(ctx, unitID, kind, channel, 1)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return ts[0], nil
}

// NotifyTemplates lists a unit's versions for a kind and channel, newest first.
func (db *DB) NotifyTemplates(ctx context.Context, unitID, kind, channel string, limit int) ([]*NotifyTemplate, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT version, subject, body, created_by, created_at FROM notify_templates
		WHERE unit_id = $1 AND kind = $2 AND channel = $3 ORDER BY version DESC LIMIT `+strconv.Itoa(max(1, limit)),
		unitID, kind, channel)
	if err != nil {
		return nil, fmt.Errorf("templates %s/%s of %s: %w", kind, channel, unitID, err)
	}
	defer rows.Close()
	var out []*NotifyTemplate
	for rows.Next() {
		t := NotifyTemplate{UnitID: unitID, Kind: kind, Channel: channel}
		var at int64
		if err := rows.Scan(&t.Version, &t.Subject, &t.Body, &t.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("templates %s/%s of %s: %w", kind, channel, unitID, err)
		}
		t.CreatedAt = time.UnixMilli(at)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// AddNotifyTemplate stores a new version (the caller checked it:
// notify.Template.Check) and returns its number, audited.
func (db *DB) AddNotifyTemplate(ctx context.Context, t NotifyTemplate) (int, error) {
	var v int
	err := db.Transact(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM notify_templates WHERE unit_id = $1 AND kind = $2 AND channel = $3`,
			t.UnitID, t.Kind, t.Channel).Scan(&v); err != nil {
			return fmt.Errorf("next template version: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO notify_templates (unit_id, kind, channel, version, subject, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.UnitID, t.Kind, t.Channel, v, t.Subject, t.Body, t.CreatedBy, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("store template: %w", err)
		}
		return tx.audit(ctx, t.CreatedBy, "notify_template", t.UnitID+"/"+t.Kind+"/"+t.Channel, "add", strconv.Itoa(v))
	})
	return v, err
}

// SetNotifyConsent records whether the applicant of a dossier agrees to be
// told on a channel (by: the officer who recorded it, or "" online).
func (db *DB) SetNotifyConsent(ctx context.Context, dossierID, channel string, granted bool, by string) error {
	return db.Transact(ctx, func(tx *Tx) error { return tx.setConsent(ctx, dossierID, channel, granted, by) })
}

func (tx *Tx) setConsent(ctx context.Context, dossierID, channel string, granted bool, by string) error {
	if !slices.Contains([]string{"zalo", "sms", "email"}, channel) {
		return apperr.Invalidf("consent", "không có kênh %q", channel)
	}
	if _, err := tx.exec(ctx, `INSERT INTO notify_consents (dossier_id, channel, granted, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (dossier_id, channel) DO UPDATE SET granted = $3, recorded_by = $4, recorded_at = $5`,
		dossierID, channel, granted, by, tx.now.UnixMilli()); err != nil {
		return fmt.Errorf("consent of %s on %s: %w", dossierID, channel, err)
	}
	return nil
}

// NotifyConsents returns the channels the applicant of a dossier agreed to:
// per channel, the latest answer, whether recorded for this dossier or
// given by the applicant, signed in with the e-ID, for every dossier under
// their personal number (citizen_consents, store.DB.ConsentFor).
func (db *DB) NotifyConsents(ctx context.Context, dossierID string) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT channel, granted, at FROM (
		SELECT channel, granted, recorded_at AS at, 0 AS src FROM notify_consents WHERE dossier_id = $1
		UNION ALL
		SELECT c.channel, c.granted, c.updated_at AS at, 1 AS src FROM citizen_consents c
			JOIN dossiers d ON d.applicant_number = c.id_number AND d.applicant_number <> '' WHERE d.id = $1
	) x ORDER BY at, src`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("consents of %s: %w", dossierID, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var ch string
		var ok bool
		var at int64
		if err := rows.Scan(&ch, &ok, &at); err != nil {
			return nil, fmt.Errorf("consents of %s: %w", dossierID, err)
		}
		out[ch] = ok
	}
	return out, rows.Err()
}

// actorIDOf is the officer's id, or "" for the applicant.
func actorIDOf(o *staff.Officer) string {
	if o == nil {
		return ""
	}
	return o.ID
}
