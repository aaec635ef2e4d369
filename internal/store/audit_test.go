package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// auditTown is a commune with a few dossiers and settings changes, all
// chained and checkpointed.
func auditTown(t *testing.T, e storetest.Engine) *town {
	t.Helper()
	tw := newTown(t, e)
	for range 3 {
		tw.intake(t, "1.004873", dossier.Counter, tw.reception)
	}
	if _, _, err := tw.db.AuditCheckpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tw
}

func mustVerify(t *testing.T, db *store.DB) *store.AuditReport {
	t.Helper()
	rep, err := db.VerifyAudit(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// dropAppendOnly removes the triggers, as an attacker with the database
// file or an owner's login would before editing.
func dropAppendOnly(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	if db.Dialect() == store.SQLite {
		for _, tb := range []string{"dossier_events", "admin_events", "audit_checkpoints"} {
			stmts = append(stmts, "DROP TRIGGER "+tb+"_no_update", "DROP TRIGGER "+tb+"_no_delete")
		}
	} else {
		for _, tb := range []string{"dossier_events", "admin_events", "audit_checkpoints"} {
			stmts = append(stmts, "DROP TRIGGER "+tb+"_append_only ON "+tb)
		}
	}
	for _, s := range stmts {
		if err := db.ExecRaw(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestAuditChainHolds: events from intake and settings changes form intact
// chains on both engines, with the checkpoint passed through.
func TestAuditChainHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := auditTown(t, e)
		rep := mustVerify(t, tw.db)
		if rep.Broken != nil {
			t.Fatalf("intact database reported broken: %v", rep.Broken)
		}
		// 3 intakes with their events; 2 units + 6 officers + the catalogue import.
		if rep.Dossier < 3 || rep.Admin < 9 || rep.Units < 3 || rep.Checkpoints < 3 {
			t.Errorf("report %+v: want at least 3 dossier events, 9 admin events, 3 chains, 3 checkpoints", rep)
		}
		rep2, err := tw.db.VerifyAudit(context.Background(), tw.unit.ID, true)
		if err != nil || rep2.Broken != nil {
			t.Fatalf("verify one unit from its checkpoint: %+v %v", rep2, err)
		}
		if rep2.Units != 1 {
			t.Errorf("verify of one unit checked %d chains", rep2.Units)
		}
	})
}

// TestAuditTablesRefuseUpdateAndDelete: the database itself refuses to
// change or remove an event or a checkpoint.
func TestAuditTablesRefuseUpdateAndDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := auditTown(t, e)
		ctx := context.Background()
		for _, q := range []string{
			`UPDATE dossier_events SET note = 'sửa'`,
			`DELETE FROM dossier_events`,
			`UPDATE admin_events SET detail = 'sửa'`,
			`DELETE FROM admin_events`,
			`UPDATE audit_checkpoints SET hash = ''`,
			`DELETE FROM audit_checkpoints`,
		} {
			err := tw.db.ExecRaw(ctx, q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: got %v, want the append-only refusal", q, err)
			}
		}
		if rep := mustVerify(t, tw.db); rep.Broken != nil {
			t.Errorf("after refused changes: %v", rep.Broken)
		}
	})
}

// TestAuditVerifyDetectsTampering: with the triggers dropped, an UPDATE, a
// DELETE, an inserted row and a truncation behind the store's back are each
// found, at the right link.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	type tamper struct {
		name string
		// do tampers and returns the id of the row at fault ("" when none) and
		// a word the report must contain.
		do func(t *testing.T, db *store.DB, unitID string) (string, string)
	}
	ctx := context.Background()
	// eventAt returns the dossier event at a chain position of the unit.
	eventAt := func(t *testing.T, db *store.DB, unitID string, seq int) string {
		t.Helper()
		var id string
		if err := db.QueryRowRaw(ctx, `SELECT id FROM dossier_events WHERE unit_id = $1 AND chain_seq = $2`, unitID, seq).Scan(&id); err != nil {
			t.Fatalf("event at %d: %v", seq, err)
		}
		return id
	}
	firstDossierSeq := func(t *testing.T, db *store.DB, unitID string) int {
		t.Helper()
		var n int
		if err := db.QueryRowRaw(ctx, `SELECT MIN(chain_seq) FROM dossier_events WHERE unit_id = $1`, unitID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	exec := func(t *testing.T, db *store.DB, q string, args ...any) {
		t.Helper()
		if err := db.ExecRaw(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cases := []tamper{
		{"update", func(t *testing.T, db *store.DB, u string) (string, string) {
			id := eventAt(t, db, u, firstDossierSeq(t, db, u))
			exec(t, db, `UPDATE dossier_events SET note = 'ghi chú sửa lén' WHERE id = $1`, id)
			return id, "changed"
		}},
		{"update with its hash recomputed is caught at the next link", func(t *testing.T, db *store.DB, u string) (string, string) {
			seq := firstDossierSeq(t, db, u)
			id := eventAt(t, db, u, seq)
			exec(t, db, `UPDATE dossier_events SET note = 'ghi chú sửa lén' WHERE id = $1`, id)
			if err := db.Rehash(ctx, id); err != nil {
				t.Fatal(err)
			}
			return eventAt(t, db, u, seq+1), "changed"
		}},
		{"hash rewritten", func(t *testing.T, db *store.DB, u string) (string, string) {
			id := eventAt(t, db, u, firstDossierSeq(t, db, u))
			exec(t, db, `UPDATE dossier_events SET hash = $2 WHERE id = $1`, id, strings.Repeat("0", 64))
			return id, "changed"
		}},
		{"delete", func(t *testing.T, db *store.DB, u string) (string, string) {
			id := eventAt(t, db, u, firstDossierSeq(t, db, u))
			exec(t, db, `DELETE FROM dossier_events WHERE id = $1`, id)
			return "", "deleted"
		}},
		{"insert", func(t *testing.T, db *store.DB, u string) (string, string) {
			exec(t, db, `INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail, unit_id)
				VALUES ('forged-1', 1, '', 'unit', $1, 'update', 'forged', $1)`, u)
			return "forged-1", "inserted"
		}},
		{"insert at the end", func(t *testing.T, db *store.DB, u string) (string, string) {
			var last int
			if err := db.QueryRowRaw(ctx, `SELECT seq FROM audit_heads WHERE unit_id = $1`, u).Scan(&last); err != nil {
				t.Fatal(err)
			}
			exec(t, db, `INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail, unit_id, chain_seq, hash)
				VALUES ('forged-2', 1, '', 'unit', $1, 'update', 'forged', $1, $2, $3)`, u, last+1, strings.Repeat("a", 64))
			return "forged-2", "changed"
		}},
		{"truncate after a checkpoint and rewrite the head", func(t *testing.T, db *store.DB, u string) (string, string) {
			var last int
			if err := db.QueryRowRaw(ctx, `SELECT seq FROM audit_heads WHERE unit_id = $1`, u).Scan(&last); err != nil {
				t.Fatal(err)
			}
			exec(t, db, `DELETE FROM dossier_events WHERE unit_id = $1 AND chain_seq = $2`, u, last)
			var prev string
			if err := db.QueryRowRaw(ctx, `SELECT hash FROM dossier_events WHERE unit_id = $1 AND chain_seq = $2`, u, last-1).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			exec(t, db, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE unit_id = $1`, u, last-1, prev)
			return "", "truncated"
		}},
	}
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		for _, c := range cases {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				tw := auditTown(t, e)
				if rep := mustVerify(t, tw.db); rep.Broken != nil {
					t.Fatalf("before tampering: %v", rep.Broken)
				}
				dropAppendOnly(t, tw.db)
				wantID, word := c.do(t, tw.db, tw.unit.ID)
				rep := mustVerify(t, tw.db)
				if rep.Broken == nil {
					t.Fatalf("tampering not detected: %+v", rep)
				}
				b := rep.Broken
				t.Logf("reported: %v", b)
				if b.UnitID != tw.unit.ID || b.UnitCode != tw.unit.Code {
					t.Errorf("broken link in unit %q (%q), want %q", b.UnitID, b.UnitCode, tw.unit.Code)
				}
				if wantID != "" && b.EventID != wantID {
					t.Errorf("broken link at event %q, want %q", b.EventID, wantID)
				}
				if !strings.Contains(b.Error(), word) {
					t.Errorf("report %q does not say %q", b.Error(), word)
				}
			})
		}
	})
}

// TestAuditChainUnderConcurrentWriters: concurrent intakes and settings
// changes in one unit leave one linear chain on both engines.
func TestAuditChainUnderConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		const n = 24
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := tw.db.Intake(context.Background(), tw.request(t, "1.004873", dossier.Counter, tw.reception))
				errs <- err
			}()
			go func() {
				defer wg.Done()
				u := *tw.unit
				u.Name = u.Name + strings.Repeat(" ", i%2)
				errs <- tw.db.UpdateUnit(context.Background(), &u, "test")
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rep := mustVerify(t, tw.db)
		if rep.Broken != nil {
			t.Fatalf("after concurrent writers: %v", rep.Broken)
		}
		if rep.Dossier < n {
			t.Errorf("%d dossier events chained, want at least %d", rep.Dossier, n)
		}
	})
}
