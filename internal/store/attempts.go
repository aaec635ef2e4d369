package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Allowance is one throttle: at most Max attempts under Key within Window.
type Allowance struct {
	Key    string
	Max    int
	Window time.Duration
}

// Reservation is an attempt counted by ReserveAttempt, under each of its
// allowances' keys. Release it when the attempt turned out not to count (a
// successful login).
type Reservation struct {
	keys []string
	at   int64
}

// ReserveAttempt counts one attempt under every allowance's key, or none:
// when any allowance is already spent it records nothing and returns
// Throttled with msg. The check and the record are one transaction, and on
// PostgreSQL the keys are locked for it, so concurrent callers are counted
// one after the other: however many arrive at once, at most Max of them get
// through each allowance within its window.
//
// Errors: Throttled.
func (db *DB) ReserveAttempt(ctx context.Context, msg string, allowances ...Allowance) (Reservation, error) {
	var res Reservation
	err := db.Transact(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.reserveAttempt(ctx, msg, allowances...)
		return err
	})
	return res, err
}

// reserveAttempt is ReserveAttempt inside tx.
func (tx *Tx) reserveAttempt(ctx context.Context, msg string, allowances ...Allowance) (Reservation, error) {
	keys, err := tx.checkAttempts(ctx, msg, allowances...)
	if err != nil {
		return Reservation{}, err
	}
	return tx.recordAttempts(ctx, keys)
}

// checkAttempts locks the allowances' keys for the rest of tx and returns
// Throttled with msg when any of them is spent; else their stored keys, for
// recordAttempts.
func (tx *Tx) checkAttempts(ctx context.Context, msg string, allowances ...Allowance) ([]string, error) {
	allowances = slices.Clone(allowances) // the stored keys, not the caller's
	keys := make([]string, 0, len(allowances))
	for i, a := range allowances {
		allowances[i].Key = attemptKey(a.Key)
		keys = append(keys, allowances[i].Key)
	}
	if tx.db.dialect == Postgres {
		// Read committed would let two transactions count the same rows and
		// both insert: serialise the callers of each key. Sorted, so that two
		// callers sharing keys never wait for each other in a cycle.
		sorted := slices.Sorted(slices.Values(keys))
		for _, k := range slices.Compact(sorted) {
			if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(7734002, hashtext($1))`, k); err != nil {
				return nil, fmt.Errorf("lock attempts %s: %w", k, err)
			}
		}
	} // SQLite: the single writer connection already runs one transaction at a time.
	for _, a := range allowances {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM attempts WHERE key = $1 AND at >= $2`,
			a.Key, tx.now.Add(-a.Window).UnixMilli()).Scan(&n); err != nil {
			return nil, fmt.Errorf("count attempts: %w", err)
		}
		if n >= a.Max {
			return nil, apperr.New(apperr.Throttled, "%s", msg)
		}
	}
	return keys, nil
}

// recordAttempts counts one attempt under each stored key (checkAttempts
// locked them), after removing the attempts older than a day.
func (tx *Tx) recordAttempts(ctx context.Context, keys []string) (Reservation, error) {
	if _, err := tx.exec(ctx, `DELETE FROM attempts WHERE at < $1`, tx.now.Add(-24*time.Hour).UnixMilli()); err != nil {
		return Reservation{}, fmt.Errorf("prune attempts: %w", err)
	}
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO attempts (key, at) VALUES ($1, $2)`, k, tx.now.UnixMilli()); err != nil {
			return Reservation{}, fmt.Errorf("record attempt: %w", err)
		}
	}
	return Reservation{keys: keys, at: tx.now.UnixMilli()}, nil
}

// ReleaseAttempt uncounts a reservation: the attempt succeeded and must not
// use up the allowance of the officer or the office. It runs even when ctx
// is cancelled (the caller hung up after its answer was found): a
// reservation left counted would lock its address out for the window.
func (db *DB) ReleaseAttempt(ctx context.Context, res Reservation) error {
	if len(res.keys) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	return db.Transact(ctx, func(tx *Tx) error {
		// One row per key: another attempt of the same millisecond still counts.
		row := "rowid"
		if db.dialect == Postgres {
			row = "ctid"
		}
		for _, k := range res.keys {
			if _, err := tx.exec(ctx, `DELETE FROM attempts WHERE `+row+` IN
				(SELECT `+row+` FROM attempts WHERE key = $1 AND at = $2 LIMIT 1)`, k, res.at); err != nil {
				return fmt.Errorf("release attempt: %w", err)
			}
		}
		return nil
	})
}

// maxAttemptKey bounds the stored key: a key carries what a visitor typed
// (a username), and an index row has a size limit (PostgreSQL refused an
// 11 kB username with a 500).
const maxAttemptKey = 200

// attemptKey is key as stored: itself when short, else its kind prefix and
// the SHA-256 of the whole, so that a long key still counts as itself.
func attemptKey(key string) string {
	if len(key) <= maxAttemptKey {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}
