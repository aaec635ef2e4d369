package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/staff"
)

// Citizen is a person or organisation who signed in with the national e-ID.
type Citizen struct {
	ID     string
	Issuer string
	identity.Profile
	CreatedAt, LastSeenAt time.Time
}

// SaveCitizen records a sign-in: the citizen keyed on (issuer, subject) is
// created, or updated with what the provider says now (name, number, level
// of this sign-in...). Errors: Conflict when the same subject once came with
// another personal number or tax code: a subject is stable, so that is the
// provider's error, and the dossiers of neither number are shown.
func (db *DB) SaveCitizen(ctx context.Context, issuer string, p identity.Profile) (*Citizen, error) {
	prof, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	var out *Citizen
	err = db.Transact(ctx, func(tx *Tx) error {
		c, err := db.citizenWhere(ctx, tx.q(), `issuer = $1 AND subject = $2`, issuer, p.Subject)
		switch {
		case apperr.KindOf(err) == apperr.NotFound:
			c = &Citizen{ID: NewID(), Issuer: issuer, Profile: p, CreatedAt: tx.now, LastSeenAt: tx.now}
			_, err = tx.exec(ctx, `INSERT INTO citizens (id, issuer, subject, kind, id_number, tax_code, full_name, profile, level,
				created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
				c.ID, issuer, p.Subject, string(p.Kind), p.IDNumber, p.TaxCode, p.FullName, string(prof), int(p.Level), tx.now.UnixMilli())
			if err != nil {
				return fmt.Errorf("create citizen: %w", err)
			}
			out = c
			return nil
		case err != nil:
			return err
		}
		if c.IDNumber != p.IDNumber || c.TaxCode != p.TaxCode || c.Kind != p.Kind {
			return apperr.New(apperr.Conflict, "tài khoản định danh này trước đây mang số định danh hoặc mã số thuế khác; vui lòng liên hệ Bộ phận Một cửa")
		}
		if _, err := tx.exec(ctx, `UPDATE citizens SET full_name = $2, profile = $3, level = $4, last_seen_at = $5 WHERE id = $1`,
			c.ID, p.FullName, string(prof), int(p.Level), tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("update citizen: %w", err)
		}
		c.Profile, c.LastSeenAt = p, tx.now
		out = c
		return nil
	})
	return out, err
}

func (db *DB) citizenWhere(ctx context.Context, q querier, where string, args ...any) (*Citizen, error) {
	var c Citizen
	var prof string
	var created, seen int64
	err := q.QueryRowContext(ctx, `SELECT id, issuer, profile, created_at, last_seen_at FROM citizens WHERE `+where, args...).
		Scan(&c.ID, &c.Issuer, &prof, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy công dân")
	}
	if err != nil {
		return nil, fmt.Errorf("read citizen: %w", err)
	}
	if err := json.Unmarshal([]byte(prof), &c.Profile); err != nil {
		return nil, fmt.Errorf("read citizen %s: %w", c.ID, err)
	}
	c.CreatedAt, c.LastSeenAt = time.UnixMilli(created), time.UnixMilli(seen)
	return &c, nil
}

// CitizenSession is a signed-in citizen's web session.
type CitizenSession struct {
	Citizen *Citizen
	// Level is the assurance level of the sign-in that opened the session.
	Level     identity.Level
	IDToken   string // the provider's id_token, the hint of its sign-out
	ExpiresAt time.Time
}

// CreateCitizenSession stores a session under the hash of the cookie value
// id, and ends the session of the cookie value old, if any, so that a
// sign-in always starts a new session id.
func (db *DB) CreateCitizenSession(ctx context.Context, id, old, citizenID string, level identity.Level, idToken string, ttl time.Duration) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM citizen_sessions WHERE expires_at < $1 OR id_hash = $2`,
			tx.now.UnixMilli(), staff.HashToken(old)); err != nil {
			return fmt.Errorf("create citizen session: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO citizen_sessions (id_hash, citizen_id, level, id_token, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, staff.HashToken(id), citizenID, int(level), idToken,
			tx.now.UnixMilli(), tx.now.Add(ttl).UnixMilli()); err != nil {
			return fmt.Errorf("create citizen session: %w", err)
		}
		return nil
	})
}

// CitizenSessionByID returns the live session for a cookie value.
// Errors: Unauthenticated.
func (db *DB) CitizenSessionByID(ctx context.Context, id string) (*CitizenSession, error) {
	var citizenID, tok string
	var level int
	var expires int64
	err := db.read.QueryRowContext(ctx, `SELECT citizen_id, level, id_token, expires_at FROM citizen_sessions
		WHERE id_hash = $1 AND expires_at > $2`, staff.HashToken(id), db.now().UnixMilli()).Scan(&citizenID, &level, &tok, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthenticated, "phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại bằng tài khoản định danh điện tử")
	}
	if err != nil {
		return nil, fmt.Errorf("read citizen session: %w", err)
	}
	c, err := db.citizenWhere(ctx, db.read, `id = $1`, citizenID)
	if err != nil {
		return nil, err
	}
	return &CitizenSession{Citizen: c, Level: identity.Level(level), IDToken: tok, ExpiresAt: time.UnixMilli(expires)}, nil
}

// DeleteCitizenSession ends a citizen's session (sign-out).
func (db *DB) DeleteCitizenSession(ctx context.Context, id string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM citizen_sessions WHERE id_hash = $1`, staff.HashToken(id)); err != nil {
			return fmt.Errorf("delete citizen session: %w", err)
		}
		return nil
	})
}

// PendingLogin is what a sign-in sent to the provider and must get back.
type PendingLogin struct {
	Nonce, Verifier, Next string
}

// BeginLogin records a sign-in under way: its state (hashed), the browser
// that started it (hashed), and the nonce and PKCE verifier.
func (db *DB) BeginLogin(ctx context.Context, state, browser string, l PendingLogin, ttl time.Duration) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM oidc_logins WHERE expires_at < $1`, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("begin sign-in: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO oidc_logins (state_hash, browser_hash, nonce, verifier, next, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, staff.HashToken(state), staff.HashToken(browser), l.Nonce, l.Verifier, l.Next,
			tx.now.UnixMilli(), tx.now.Add(ttl).UnixMilli()); err != nil {
			return fmt.Errorf("begin sign-in: %w", err)
		}
		return nil
	})
}

// ConsumeLogin takes the sign-in under way with this state, once: the row
// is deleted whatever comes of it, so a replayed state finds nothing.
// Errors: Unauthenticated (unknown, used, expired, or started by another browser).
func (db *DB) ConsumeLogin(ctx context.Context, state, browser string) (PendingLogin, error) {
	var l PendingLogin
	refused := apperr.New(apperr.Unauthenticated, "phiên đăng nhập bằng định danh điện tử không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại")
	ok := false
	err := db.Transact(ctx, func(tx *Tx) error {
		ok = false
		var bh string
		var expires int64
		err := tx.queryRow(ctx, `DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING browser_hash, nonce, verifier, next, expires_at`,
			staff.HashToken(state)).Scan(&bh, &l.Nonce, &l.Verifier, &l.Next, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("consume sign-in: %w", err)
		}
		// A refusal still commits the deletion: the state is spent.
		ok = bh == staff.HashToken(browser) && expires > tx.now.UnixMilli()
		return nil
	})
	if err != nil {
		return PendingLogin{}, err
	}
	if !ok {
		return PendingLogin{}, refused
	}
	return l, nil
}

// UseNonce records an accepted id_token's nonce until expires; a nonce seen
// before is refused. Errors: Unauthenticated.
func (db *DB) UseNonce(ctx context.Context, nonce string, expires time.Time) error {
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM oidc_nonces WHERE expires_at < $1`, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("use nonce: %w", err)
		}
		_, err := tx.exec(ctx, `INSERT INTO oidc_nonces (nonce_hash, expires_at) VALUES ($1, $2)`, staff.HashToken(nonce), expires.UnixMilli())
		return err
	})
	if isUniqueViolation(err) {
		return apperr.New(apperr.Unauthenticated, "mã xác thực đã được dùng; vui lòng đăng nhập lại")
	}
	if err != nil {
		return fmt.Errorf("use nonce: %w", err)
	}
	return nil
}

// CitizenFilter selects among a citizen's dossiers.
type CitizenFilter struct {
	// State: "" every dossier, "open" those not finished, "done" finished ones.
	State string
	// Query matches the folded code and procedure name.
	Query  string
	Limit  int // default 50, at most 200
	Offset int
}

// ownerWhere is the condition that keeps the citizen's own dossiers: a
// person's are filed under their personal number, an organisation's under
// its tax code. A citizen with neither owns nothing.
func ownerWhere(c *Citizen, arg func(any) string) string {
	switch {
	case c.Kind == dossier.Organisation && c.TaxCode != "":
		return "applicant_tax_code = " + arg(c.TaxCode)
	case c.Kind == dossier.Person && c.IDNumber != "":
		return "applicant_number = " + arg(c.IDNumber)
	}
	return "1 = 0"
}

// CitizenDossiers lists the dossiers filed under the citizen's personal
// number (or tax code), whatever their channel, the newest first.
func (db *DB) CitizenDossiers(ctx context.Context, c *Citizen, f CitizenFilter) ([]*dossier.Dossier, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	where := []string{ownerWhere(c, arg)}
	switch f.State {
	case "open":
		where = append(where, "status NOT IN (3, 7, 10)")
	case "done":
		where = append(where, "status IN (3, 7, 10)")
	}
	// The same words as an officer's search (search.go), over the citizen's
	// own dossiers, which the personal number's index has already found:
	// the text index would read every dossier with the word.
	where = append(where, tokenMatch(f.Query, arg)...)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	q := `SELECT doc FROM dossiers WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	return queryDocs(ctx, db, "citizen's dossiers", q, args, decodeDossier)
}

// CitizenDossier returns one of the citizen's dossiers with its public
// events. Another person's dossier is NotFound, the same as an unknown code.
func (db *DB) CitizenDossier(ctx context.Context, c *Citizen, code string) (*dossier.Dossier, []StoredEvent, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	where := "code = " + arg(code) + " AND " + ownerWhere(c, arg)
	d, err := db.dossierWhere(ctx, db.read, where, args...)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, nil, apperr.New(apperr.NotFound, "không tìm thấy hồ sơ %s trong hồ sơ của bạn", code)
	}
	if err != nil {
		return nil, nil, err
	}
	events, err := db.events(ctx, d.ID, true)
	return d, events, err
}

// CountCitizens returns how many citizens and citizen sessions exist, for
// operations and for tests that check a refused sign-in created nothing.
func (db *DB) CountCitizens(ctx context.Context) (citizens, sessions int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM citizens), (SELECT COUNT(*) FROM citizen_sessions)`).Scan(&citizens, &sessions)
	if err != nil {
		return 0, 0, fmt.Errorf("count citizens: %w", err)
	}
	return citizens, sessions, nil
}
