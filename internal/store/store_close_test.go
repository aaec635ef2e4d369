package store

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCloseWaitsForThePreparer: the goroutine that prepares statements in
// the background is stopped and waited for by Close, even while it waits
// for the writer connection; none outlives the DB.
func TestCloseWaitsForThePreparer(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "t.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Hold the single writer connection, so that the preparer blocks.
	held, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.stmts.mu.Lock()
	db.stmts.wanted = map[string]bool{"SELECT 1": true, "SELECT 2": true}
	db.stmts.mu.Unlock()
	db.prepareSoon()
	if !preparerRunning() {
		t.Fatal("the preparer did not start")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if preparerRunning() {
		t.Error("the statement preparer outlived Close")
	}
	db.stmts.mu.Lock()
	preparing := db.stmts.preparing
	db.stmts.mu.Unlock()
	if preparing {
		t.Error("Close returned while the preparer was still preparing")
	}
	held.Rollback()
	// And none starts after Close.
	db.stmts.mu.Lock()
	db.stmts.wanted = map[string]bool{"SELECT 3": true}
	db.stmts.mu.Unlock()
	db.prepareSoon()
	if preparerRunning() {
		t.Error("a preparer started after Close")
	}
}

// preparerRunning reports whether a goroutine started by prepareSoon is alive.
func preparerRunning() bool {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	return strings.Contains(string(buf[:n]), "store.(*DB).prepareSoon.func")
}
