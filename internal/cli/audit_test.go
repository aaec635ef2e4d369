package cli

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// auditFixture fills the database at dsn with the demo commune and one
// dossier, and records a checkpoint.
func auditFixture(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	town, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	clerk, _ := db.OfficerByUsername(ctx, "tiepnhan1")
	if _, err := db.Intake(ctx, store.IntakeRequest{UnitID: town.Unit.ID, ProcedureCode: "2.000815", Actor: clerk,
		Intake: dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Nguyễn Văn Tiến", IDNumber: "068090005555"},
			Components: []dossier.Component{{Name: "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"}, {Name: "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)"}}}}); err != nil {
		t.Fatal(err)
	}
}

func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestAuditVerifyCommand: on a copy of a database, `motcua audit verify`
// reports OK, then, after an UPDATE made behind motcua's back (trigger
// dropped first), the first broken link, exiting 1. Both engines.
func TestAuditVerifyCommand(t *testing.T) {
	dsns := map[string]string{}
	dir := t.TempDir()
	orig := filepath.Join(dir, "motcua.db")
	auditFixture(t, "sqlite:"+orig)
	copyPath := filepath.Join(dir, "copy.db")
	copyFile(t, orig, copyPath)
	dsns["sqlite"] = "sqlite:" + copyPath
	if base := os.Getenv("MOTCUA_TEST_POSTGRES"); base != "" {
		dsn := storetest.PostgresSchema(t)
		auditFixture(t, dsn)
		dsns["postgres"] = dsn
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runMain(t, "audit", "checkpoint", "--db", dsn)
			if code != 0 || !strings.Contains(out, "checkpoint(s) recorded") || !strings.Contains(out, "000.21.37.H56") {
				t.Fatalf("checkpoint: exit %d\n%s%s", code, out, errs)
			}
			code, out, errs = runMain(t, "audit", "verify", "--db", dsn)
			if code != 0 || !strings.HasPrefix(out, "OK: ") {
				t.Fatalf("verify of an intact database: exit %d\n%s%s", code, out, errs)
			}
			t.Log(strings.TrimSpace(out))
			code, out, _ = runMain(t, "audit", "verify", "--unit", "000.21.37.H56", "--from-checkpoint", "--db", dsn)
			if code != 0 || !strings.HasPrefix(out, "OK: 1 chain(s)") {
				t.Fatalf("verify --unit: exit %d\n%s", code, out)
			}
			if code, _, _ := runMain(t, "audit", "verify", "--unit", "KHONG-CO", "--db", dsn); code != 1 {
				t.Errorf("unknown unit: exit %d, want 1", code)
			}
			if code, _, _ := runMain(t, "audit", "sua", "--db", dsn); code != 2 {
				t.Errorf("unknown subcommand: exit %d, want 2", code)
			}

			// Behind motcua's back.
			driver, src := "sqlite", strings.TrimPrefix(dsn, "sqlite:")
			drop := `DROP TRIGGER dossier_events_no_update`
			if name == "postgres" {
				driver, src, drop = "pgx", dsn, `DROP TRIGGER dossier_events_append_only ON dossier_events`
			}
			raw, err := sql.Open(driver, src)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`UPDATE dossier_events SET note = 'sửa lén'`); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("UPDATE with the trigger in place: %v, want it refused", err)
			}
			if _, err := raw.Exec(drop); err != nil {
				t.Fatal(err)
			}
			var id string
			if err := raw.QueryRow(`SELECT id FROM dossier_events ORDER BY chain_seq DESC LIMIT 1`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`UPDATE dossier_events SET note = 'sửa lén' WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
			code, out, errs = runMain(t, "audit", "verify", "--db", dsn)
			if code != 1 || !strings.HasPrefix(out, "BROKEN: unit 000.21.37.H56") || !strings.Contains(out, id) {
				t.Errorf("verify after an UPDATE: exit %d, want 1 and the event %s\n%s%s", code, id, out, errs)
			}
			t.Log(strings.TrimSpace(out))
		})
	}
	// The original is untouched by what was done to its copy.
	if code, out, _ := runMain(t, "audit", "verify", "--db", "sqlite:"+orig); code != 0 {
		t.Errorf("original after tampering with the copy: exit %d\n%s", code, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(from + "-wal"); err == nil {
		t.Fatalf("%s-wal remains after close: the copy would miss its last writes", from)
	}
}

// TestAuditPendingCommand, SQLite: `motcua audit pending` finds the kept
// pending counts equal to the dossiers'; after a row is changed behind
// motcua's back it lists it and exits 1; --repair writes the count back and
// the check then passes.
func TestAuditPendingCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	dsn := "sqlite:" + path
	auditFixture(t, dsn)
	code, out, errs := runMain(t, "audit", "pending", "--db", dsn)
	if code != 0 || !strings.HasPrefix(out, "OK: ") {
		t.Fatalf("pending on an intact database: exit %d\n%s%s", code, out, errs)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE stats_pending SET n = n + 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, _ = runMain(t, "audit", "pending", "--db", dsn)
	if code != 1 || !strings.Contains(out, "kept 3\tcounted 1") || !strings.Contains(out, "DIFFERENT: 1 row(s)") {
		t.Fatalf("pending after a hand-made change: exit %d\n%s", code, out)
	}
	// serve's daily check logs it.
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	checkPendingOnce(context.Background(), db, slog.New(slog.NewTextHandler(&logged, nil)))
	db.Close()
	if !strings.Contains(logged.String(), "level=ERROR") || !strings.Contains(logged.String(), "audit pending --repair") {
		t.Errorf("the daily check logged %q", logged.String())
	}
	code, out, _ = runMain(t, "audit", "pending", "--repair", "--db", dsn)
	if code != 0 || !strings.Contains(out, "REPAIRED: 1 row(s)") {
		t.Fatalf("pending --repair: exit %d\n%s", code, out)
	}
	if code, out, _ = runMain(t, "audit", "pending", "--db", dsn); code != 0 || !strings.HasPrefix(out, "OK: ") {
		t.Fatalf("pending after the repair: exit %d\n%s", code, out)
	}
	db, err = store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	logged.Reset()
	checkPendingOnce(context.Background(), db, slog.New(slog.NewTextHandler(&logged, nil)))
	db.Close()
	if logged.Len() > 0 {
		t.Errorf("the daily check logged %q after the repair", logged.String())
	}
	if code, _, _ := runMain(t, "audit", "verify", "--repair", "--db", dsn); code != 2 {
		t.Errorf("verify --repair: exit %d, want 2", code)
	}
}
