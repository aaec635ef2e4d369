package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditBackfillChainsOldEvents: events stored before migration 8 are
// chained by it, per unit, so that the first verification passes; a row
// inserted without the chain after the migration is still caught.
func TestAuditBackfillChainsOldEvents(t *testing.T) {
	dsns := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "old.db")}
	if base := os.Getenv("MOTCUA_TEST_POSTGRES"); base != "" {
		dsns["postgres"] = freshPostgresSchema(t, base)
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.migrate(ctx, 7); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.write.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			// Two units, one procedure, a dossier with three events and
			// settings changes of both units and of the catalogue, written
			// the way versions 1 to 7 wrote them.
			for _, u := range []string{"u1", "u2"} {
				exec(`INSERT INTO units (id, code, name, kind, working, letterhead, created_at, updated_at)
					VALUES ($1, $2, 'Xã', 'commune', '{}', '{}', 1, 1)`, u, "CODE-"+u)
				exec(`INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail)
					VALUES ($1, 10, 'admin', 'unit', $2, 'create', $2)`, "a-"+u, u)
			}
			exec(`INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail)
				VALUES ('a-cat', 5, 'admin', 'catalogue', '', 'import', '23')`)
			exec(`INSERT INTO fields (code, name) VALUES ('HT', 'Hộ tịch')`)
			exec(`INSERT INTO procedures (id, code, field_code, name, level, online, search_text, current_version, updated_at)
				VALUES ('p1', '1.004873', 'HT', 'Khai sinh', 'commune', 'full', 'khai sinh', 1, 1)`)
			exec(`INSERT INTO dossiers (id, code, receiving_unit_id, resolving_unit_id, procedure_id, procedure_version,
				procedure_code, field_code, channel, status, applicant_name, search_text, version, doc, created_at, updated_at)
				VALUES ('d1', 'D1', 'u1', 'u1', 'p1', 1, '1.004873', 'HT', 1, 1, 'Lan', 'lan', 1, '{}', 1, 1)`)
			for i, note := range []string{"tiếp nhận", "chuyển xử lý", "trình ký"} {
				exec(`INSERT INTO dossier_events (id, dossier_id, seq, at, kind, from_status, to_status, note, public)
					VALUES ($1, 'd1', $2, $3, 'x', 0, 1, $4, true)`, "e"+string(rune('1'+i)), i+1, 20+i, note)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := db.VerifyAudit(ctx, "", false)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Broken != nil || rep.Dossier != 3 || rep.Admin != 3 || rep.Units != 3 {
				t.Fatalf("after backfill: %+v (broken %v); want 3 chains, 3 dossier and 3 admin events intact", rep, rep.Broken)
			}
			var seq int64
			if err := db.read.QueryRowContext(ctx, `SELECT seq FROM audit_heads WHERE unit_id = 'u1'`).Scan(&seq); err != nil || seq != 4 {
				t.Fatalf("head of u1 = %d, %v; want 4 (its creation and the dossier's three events)", seq, err)
			}
			// A row added later in the old way is not chained by anything.
			exec(`INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail) VALUES ('late', 30, '', 'unit', 'u2', 'update', '')`)
			rep, err = db.VerifyAudit(ctx, "", false)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Broken == nil || rep.Broken.EventID != "late" {
				t.Fatalf("row inserted after the migration: got %+v, want it reported", rep.Broken)
			}
		})
	}
}

// freshPostgresSchema returns a URL whose search_path is a new schema,
// dropped when the test ends.
func freshPostgresSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return strings.TrimSpace(u.String())
}
