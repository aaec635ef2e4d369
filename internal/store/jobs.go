package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// JobState is where a background job stands.
type JobState string

// Job states. A job is queued until a worker claims it (running, with a
// lease); it ends done, or failed after its last attempt. A running job
// whose lease has expired (its worker crashed) is claimed again.
const (
	JobQueued  JobState = "queued"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// Job is one background job: a letter to produce, a notification to send.
type Job struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Key     string          `json:"key"`
	Payload json.RawMessage `json:"payload"`
	State   JobState        `json:"state"`
	// Attempts counts the claims so far, this one included while running;
	// it is also the claim's fencing token (see CompleteJob).
	Attempts    int       `json:"attempts"`
	RunAt       time.Time `json:"run_at"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	DoneAt      time.Time `json:"done_at,omitzero"`
}

const jobColumns = `id, kind, key, payload, state, attempts, run_at, locked_until, last_error, created_at, done_at`

func scanJob(row interface{ Scan(...any) error }) (*Job, error) {
	var j Job
	var payload, state string
	var runAt, locked, created, done sql.NullInt64
	if err := row.Scan(&j.ID, &j.Kind, &j.Key, &payload, &state, &j.Attempts, &runAt, &locked, &j.LastError,
		&created, &done); err != nil {
		return nil, err
	}
	j.Payload, j.State = json.RawMessage(payload), JobState(state)
	j.RunAt, j.LockedUntil, j.CreatedAt, j.DoneAt = fromMS(runAt), fromMS(locked), fromMS(created), fromMS(done)
	return &j, nil
}

// Enqueue adds a job of kind with payload (encoded as JSON), due at runAt
// (now when zero), unless a job with the same key exists, whatever its
// state: enqueueing is idempotent. It reports whether a job was added.
func (db *DB) Enqueue(ctx context.Context, kind, key string, payload any, runAt time.Time) (added bool, err error) {
	if kind == "" || key == "" {
		return false, fmt.Errorf("enqueue: kind and key are required")
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("encode job %s: %w", kind, err)
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		at := runAt
		if at.IsZero() {
			at = tx.now
		}
		res, err := tx.exec(ctx, `INSERT INTO jobs (id, kind, key, payload, state, run_at, created_at)
			VALUES ($1, $2, $3, $4, 'queued', $5, $6) ON CONFLICT (key) DO NOTHING`,
			NewID(), kind, key, string(b), at.UnixMilli(), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("enqueue %s: %w", kind, err)
		}
		n, _ := res.RowsAffected()
		added = n == 1
		return nil
	})
	return added, err
}

// ClaimJobs claims up to n due jobs whose kind is one of kinds, for lease:
// each becomes running, its attempts count one more, and it is locked until
// now + lease. Due means queued with run_at reached, or running with an
// expired lease (its worker died). Concurrent claimers never get the same
// job: PostgreSQL skips rows another claimer has locked (FOR UPDATE SKIP
// LOCKED); SQLite has one writer, so the claim's UPDATE runs alone. Oldest
// due first.
func (db *DB) ClaimJobs(ctx context.Context, kinds []string, n int, lease time.Duration) ([]*Job, error) {
	if len(kinds) == 0 || n <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, fmt.Errorf("claim jobs: lease must be positive")
	}
	var out []*Job
	err := db.Transact(ctx, func(tx *Tx) error {
		out = nil
		now := tx.now.UnixMilli()
		args := []any{now, now + lease.Milliseconds()}
		ps := make([]string, len(kinds))
		for i, k := range kinds {
			args = append(args, k)
			ps[i] = fmt.Sprintf("$%d", len(args))
		}
		lock := ""
		if db.dialect == Postgres {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		rows, err := tx.query(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $2
			WHERE id IN (SELECT id FROM jobs
				WHERE kind IN (`+strings.Join(ps, ", ")+`)
				AND ((state = 'queued' AND run_at <= $1) OR (state = 'running' AND locked_until <= $1))
				ORDER BY run_at, id LIMIT `+fmt.Sprint(n)+lock+`)
			RETURNING `+jobColumns, args...)
		if err != nil {
			return fmt.Errorf("claim jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return fmt.Errorf("claim jobs: %w", err)
			}
			out = append(out, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	// RETURNING gives no order; hand them out oldest due first.
	sortJobs(out)
	return out, nil
}

func sortJobs(js []*Job) {
	slices.SortFunc(js, func(a, b *Job) int {
		if c := a.RunAt.Compare(b.RunAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// errLeaseLost is returned when a job's claim is no longer the current one.
func errLeaseLost(j *Job) error {
	return apperr.New(apperr.Conflict, "công việc %s đã được tiến trình khác nhận lại (hết thời hạn giữ)", j.Key)
}

// CompleteJob marks a claimed job done. The claim must still be current:
// the job running with the same attempt count; otherwise (the lease expired
// and another worker claimed it) it returns a Conflict error and changes
// nothing.
func (db *DB) CompleteJob(ctx context.Context, j *Job) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'done', done_at = $3, locked_until = NULL, last_error = ''
			WHERE id = $1 AND attempts = $2 AND state = 'running'`, j.ID, j.Attempts, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("complete job %s: %w", j.Key, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errLeaseLost(j)
		}
		return nil
	})
}

// RetryJob puts a claimed job that failed back in the queue, due after delay
// from now, keeping errText as its last error. Errors: Conflict when the
// claim is no longer current (see CompleteJob).
func (db *DB) RetryJob(ctx context.Context, j *Job, delay time.Duration, errText string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'queued', run_at = $3, locked_until = NULL, last_error = $4
			WHERE id = $1 AND attempts = $2 AND state = 'running'`,
			j.ID, j.Attempts, tx.now.Add(delay).UnixMilli(), truncateError(errText))
		if err != nil {
			return fmt.Errorf("retry job %s: %w", j.Key, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errLeaseLost(j)
		}
		return nil
	})
}

// FailJob marks a claimed job failed for good, keeping errText as its last
// error. Errors: Conflict when the claim is no longer current.
func (db *DB) FailJob(ctx context.Context, j *Job, errText string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'failed', done_at = $3, locked_until = NULL, last_error = $4
			WHERE id = $1 AND attempts = $2 AND state = 'running'`, j.ID, j.Attempts, tx.now.UnixMilli(), truncateError(errText))
		if err != nil {
			return fmt.Errorf("fail job %s: %w", j.Key, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errLeaseLost(j)
		}
		return nil
	})
}

// truncateError keeps a stored error message to a sane length.
func truncateError(s string) string {
	const limit = 2000
	if r := []rune(s); len(r) > limit {
		return string(r[:limit])
	}
	return s
}

// JobByKey returns the job with this key. Errors: NotFound.
func (db *DB) JobByKey(ctx context.Context, key string) (*Job, error) {
	j, err := scanJob(db.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy công việc %s", key)
	}
	if err != nil {
		return nil, fmt.Errorf("read job %s: %w", key, err)
	}
	return j, nil
}

// JobFilter selects jobs; zero fields do not filter.
type JobFilter struct {
	Kind   string
	States []JobState
	Limit  int // default 100, at most 1000
}

// Jobs lists jobs matching f, oldest first: for operators to see what is
// queued, running or failed, and why.
func (db *DB) Jobs(ctx context.Context, f JobFilter) ([]*Job, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Kind != "" {
		where = append(where, "kind = "+arg(f.Kind))
	}
	if len(f.States) > 0 {
		var ps []string
		for _, s := range f.States {
			ps = append(ps, arg(string(s)))
		}
		where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + jobColumns + ` FROM jobs`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY created_at, id LIMIT %d", min(limit, 1000))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	defer rows.Close()
	var out []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("list jobs: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// FailAbandonedJobs marks failed the running jobs of kinds whose lease
// expired after maxAttempts tries: a job that kills its worker every time (a
// crash, an out-of-memory) stops being claimed instead of being retried
// forever. Only the runner of those kinds knows their bound (the signing
// runner allows far more attempts than the others).
func (db *DB) FailAbandonedJobs(ctx context.Context, kinds []string, maxAttempts int) (int, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	var n int64
	err := db.Transact(ctx, func(tx *Tx) error {
		args := []any{tx.now.UnixMilli(), maxAttempts}
		ps := make([]string, len(kinds))
		for i, k := range kinds {
			args = append(args, k)
			ps[i] = fmt.Sprintf("$%d", len(args))
		}
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'failed', done_at = $1, locked_until = NULL,
			last_error = 'the worker stopped during every attempt (lease expired)'
			WHERE state = 'running' AND locked_until <= $1 AND attempts >= $2 AND kind IN (`+strings.Join(ps, ", ")+`)`, args...)
		if err != nil {
			return fmt.Errorf("fail abandoned jobs: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
