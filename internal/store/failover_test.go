package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/motcua/motcua/internal/testenv"
)

func TestUncommitted(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "57P01"}, true},                // admin_shutdown: Patroni stopped the server
		{&pgconn.PgError{Code: "25006"}, true},                // a standby refused the write
		{&pgconn.PgError{Code: "08006"}, true},                // connection_failure
		{fmt.Errorf("insert: %w", io.ErrUnexpectedEOF), true}, // cut mid-statement
		{&pgconn.PgError{Code: "23505"}, false},               // a unique violation is an answer
		{&commitError{io.ErrUnexpectedEOF}, false},            // the COMMIT's outcome is unknown
		{&commitError{&pgconn.PgError{Code: "57P01"}}, false}, // ditto
		{fmt.Errorf("x: %w", context.Canceled), false},        // the caller gave up
		{errors.New("dữ liệu không hợp lệ"), false},           // a domain error
	} {
		if got := uncommitted(tc.err); got != tc.want {
			t.Errorf("uncommitted(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestTransactSurvivesACutConnection: on PostgreSQL, a transaction whose
// connection is terminated before COMMIT (what a failover does) runs again
// on a new connection, and its row is written once.
func TestTransactSurvivesACutConnection(t *testing.T) {
	base := os.Getenv("MOTCUA_TEST_POSTGRES")
	if base == "" {
		testenv.Need(t, "MOTCUA_TEST_POSTGRES is not set: this test needs PostgreSQL")
	}
	ctx := context.Background()
	db, err := Open(ctx, base, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), FailoverWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	table := fmt.Sprintf("failover_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE TABLE "+table+" (id TEXT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	defer admin.ExecContext(ctx, "DROP TABLE "+table)
	runs := 0
	err = db.Transact(ctx, func(tx *Tx) error {
		runs++
		if _, err := tx.exec(ctx, "INSERT INTO "+table+" (id) VALUES ('a')"); err != nil {
			return err
		}
		if runs == 1 {
			var pid int
			if err := tx.queryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
				return err
			}
			if _, err := admin.ExecContext(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
				t.Fatal(err)
			}
			_, err := tx.exec(ctx, "INSERT INTO "+table+" (id) VALUES ('b')")
			return err // the connection is gone
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Transact = %v after %d run(s), want success on a new connection", err, runs)
	}
	var n int
	if err := admin.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 1 || runs != 2 {
		t.Fatalf("rows = %d (%v) after %d runs, want 1 after 2", n, err, runs)
	}
}
