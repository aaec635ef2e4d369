package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are forward-only SQL files named NNNN_what.sql. A version may
// have a file in common/ (run on both engines) and one in the engine's own
// directory (run after it): ids, search and a few types differ.
//
//go:embed migrations
var migrationFS embed.FS

// goSteps are the parts of a version that SQL cannot do alone; each runs in
// the version's transaction after its common/ file and before the engine's
// own file.
var goSteps = map[int]func(context.Context, *Tx) error{
	8:  backfillAuditChain, // chain the events that existed before the audit chain
	35: refoldSearchText,   // the search text's ID number, phone and numbers' tails (search.go)
	38: recountPending,     // the pending dossiers by unit and appointment day (pending.go)
}

type migration struct {
	version int
	files   []string
}

func (db *DB) migrations() ([]migration, error) {
	byVersion := map[int]*migration{}
	for _, dir := range []string{"migrations/common", "migrations/" + string(db.dialect)} {
		entries, err := fs.ReadDir(migrationFS, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", dir, err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			num, _, ok := strings.Cut(e.Name(), "_")
			v, err := strconv.Atoi(num)
			if !ok || err != nil || v <= 0 {
				return nil, fmt.Errorf("migration %s/%s: name must start with a positive number and _", dir, e.Name())
			}
			m := byVersion[v]
			if m == nil {
				m = &migration{version: v}
				byVersion[v] = m
			}
			m.files = append(m.files, path.Join(dir, e.Name()))
		}
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate brings the schema to the current version. Each version applies in
// its own transaction; on PostgreSQL an advisory lock keeps two instances
// starting at once from migrating together.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	return db.migrate(ctx, 0)
}

// migrate applies the versions up to upTo (all when 0).
func (db *DB) migrate(ctx context.Context, upTo int) (applied int, err error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if upTo > 0 && m.version > upTo {
			break
		}
		err := db.Transact(ctx, func(tx *Tx) error {
			if db.dialect == Postgres {
				if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(7734001)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			step := goSteps[m.version]
			for _, f := range m.files {
				if step != nil && !strings.HasPrefix(f, "migrations/common/") {
					if err := step(ctx, tx); err != nil {
						return err
					}
					step = nil
				}
				body, err := migrationFS.ReadFile(f)
				if err != nil {
					return err
				}
				if _, err := tx.exec(ctx, string(body)); err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
			}
			if step != nil {
				if err := step(ctx, tx); err != nil {
					return err
				}
			}
			if _, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				m.version, tx.now.UnixMilli()); err != nil {
				return err
			}
			applied++
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("migrate to version %d: %w", m.version, err)
		}
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration, 0 for an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}
