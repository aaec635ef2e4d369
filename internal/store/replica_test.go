package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReportsReadTheReplica: with a replica, the reports read it (here a
// second schema standing for a standby, whose catalogue is empty); when it
// cannot be reached, they read the primary; other reads never go there.
// SQLite has no replica.
func TestReportsReadTheReplica(t *testing.T) {
	ctx := context.Background()
	primaryDSN, standbyDSN := storetest.PostgresSchema(t), storetest.PostgresSchema(t)
	open := func(dsn string) *store.DB {
		db, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	primary := open(primaryDSN)
	open(standbyDSN)
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := primary.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	offer := func(db *store.DB) int64 {
		t.Helper()
		o, err := db.ReportOffer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return o.ProceduresTotal
	}
	n := offer(primary)
	if n == 0 {
		t.Fatal("no procedure on the primary")
	}

	withStandby := open(primaryDSN)
	if err := withStandby.UseReplica(ctx, standbyDSN); err != nil {
		t.Fatal(err)
	}
	if got := offer(withStandby); got != 0 {
		t.Errorf("with a replica the offer counts %d procedures, want the standby's 0", got)
	}
	if ps, err := withStandby.Procedures(ctx, store.ProcedureFilter{}); err != nil || len(ps) == 0 {
		t.Errorf("the catalogue (not a report) = %d procedures, %v; want the primary's", len(ps), err)
	}

	unreachable := open(primaryDSN)
	if err := unreachable.UseReplica(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err != nil {
		t.Fatal(err)
	}
	if got := offer(unreachable); got != n {
		t.Errorf("with an unreachable replica the offer counts %d procedures, want the primary's %d", got, n)
	}

	// The public pages read the standby once asked to, the officers' intake
	// still the primary; an unreachable standby leaves them on the primary.
	withStandby.ServePublicFromReplica(true)
	if ps, err := withStandby.Procedures(ctx, store.ProcedureFilter{}); err != nil || len(ps) != 0 {
		t.Errorf("public catalogue on the replica = %d procedures, %v; want the standby's 0", len(ps), err)
	}
	if _, err := withStandby.PublicProcedureByCode(ctx, "1.001193"); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("a procedure's public page on the replica: %v, want the standby's NotFound", err)
	}
	if _, err := withStandby.ProcedureByCode(ctx, "1.001193"); err != nil {
		t.Errorf("intake's procedure with a public replica: %v, want the primary's", err)
	}
	unreachable.ServePublicFromReplica(true)
	if ps, err := unreachable.Procedures(ctx, store.ProcedureFilter{}); err != nil || len(ps) != int(n) {
		t.Errorf("public catalogue with an unreachable replica = %d procedures, %v; want the primary's %d", len(ps), err, n)
	}

	sqlite := storetest.OpenSQLite(t, store.Options{})
	if err := sqlite.UseReplica(ctx, standbyDSN); err == nil {
		t.Error("SQLite accepted a replica")
	}
}
