package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// APIToken describes an issued API token; the token itself is never stored.
type APIToken struct {
	ID         string
	OfficerID  string
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero when never used (noted at most every tokenUseGranularity)
	RevokedAt  time.Time // zero while the token works
}

// Revoked reports whether the token no longer works.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// SessionInfo describes a live web session of an officer. ID is the stored
// hash of the cookie, which names the session without being able to open it.
type SessionInfo struct {
	ID        string
	OfficerID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// tokenUseGranularity bounds how often a token's last use is written: one
// write per token per interval, not one per request.
const tokenUseGranularity = 5 * time.Minute

// Tokens lists an officer's API tokens, revoked ones included, newest first.
func (db *DB) Tokens(ctx context.Context, officerID string) ([]APIToken, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, officer_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE officer_id = $1 ORDER BY created_at DESC, id`, officerID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var created, used, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.OfficerID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMS(created), fromMS(used), fromMS(revoked)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes one of an officer's API tokens, at once and for good.
// Revoking a revoked token changes nothing. Errors: NotFound (no such token
// of this officer).
func (db *DB) RevokeToken(ctx context.Context, officerID, tokenID, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		var revoked sql.NullInt64
		err := tx.queryRow(ctx, `SELECT revoked_at FROM api_tokens WHERE id = $1 AND officer_id = $2`, tokenID, officerID).Scan(&revoked)
		if err == sql.ErrNoRows {
			return apperr.New(apperr.NotFound, "không tìm thấy mã truy cập %s của cán bộ này", tokenID)
		}
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if revoked.Valid {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, tokenID, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return tx.audit(ctx, by, "api_token", tokenID, "revoke", "")
	})
}

// Sessions lists an officer's live web sessions, newest first.
func (db *DB) Sessions(ctx context.Context, officerID string) ([]SessionInfo, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id_hash, officer_id, created_at, expires_at FROM sessions
		WHERE officer_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id_hash`, officerID, db.now().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := []SessionInfo{}
	for rows.Next() {
		var s SessionInfo
		var created, expires sql.NullInt64
		if err := rows.Scan(&s.ID, &s.OfficerID, &created, &expires); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		s.CreatedAt, s.ExpiresAt = fromMS(created), fromMS(expires)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// EndSession ends one of an officer's sessions (id as Sessions lists it).
// Errors: NotFound (no such live session of this officer).
func (db *DB) EndSession(ctx context.Context, officerID, id, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM sessions WHERE id_hash = $1 AND officer_id = $2`, id, officerID)
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "không tìm thấy phiên đăng nhập này của cán bộ")
		}
		return tx.audit(ctx, by, "officer", officerID, "end_session", "")
	})
}

// revokeAccess ends every session and revokes every token of an officer:
// after a password reset nothing issued before it still opens the account.
func (tx *Tx) revokeAccess(ctx context.Context, officerID string) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE officer_id = $1`, officerID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE officer_id = $1 AND revoked_at IS NULL`,
		officerID, tx.now.UnixMilli()); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
}

// noteTokenUse records when a token was last used, at most once per
// tokenUseGranularity.
func (db *DB) noteTokenUse(ctx context.Context, id string, last time.Time) error {
	now := db.now()
	if !last.IsZero() && now.Sub(last) < tokenUseGranularity {
		return nil
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("note token use: %w", err)
		}
		return nil
	})
}
