// Command benchfloor is the floor a dossier's status lookup cannot go under
// on this machine: an HTTP server whose POST /tra-cuu runs the lookup's two
// statements on PostgreSQL (the dossier with the two throttles' counts, then
// its public events, as store.LookupGuarded's fast path does), through the
// same driver and pool size as motcua, and writes the dossier's document
// back. No session, no template, no rules: what is left is the HTTP server,
// the driver and PostgreSQL. scripts/bench-province.sh measures it beside
// the hello handler and the real lookup, so that a latency target can be
// told apart from what the machine allows. It is a test tool, not part of
// motcua.
//
//	go run ./cmd/benchfloor ADDR DB_URL
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchfloor ADDR DB_URL")
		os.Exit(2)
	}
	db, err := sql.Open("pgx", os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(32) // as store.Open on PostgreSQL
	db.SetMaxIdleConns(16)
	if err := db.PingContext(context.Background()); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /tra-cuu", func(w http.ResponseWriter, r *http.Request) {
		doc, err := lookup(r.Context(), db, strings.TrimSpace(r.PostFormValue("ma")), r.PostFormValue("so"),
			r.Header.Get("X-Forwarded-For"))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			http.NotFound(w, r)
		case errors.Is(err, context.Canceled): // wrk closed the connection at its end
		case err != nil:
			log.Print(err)
			http.Error(w, "error", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write(doc)
		}
	})
	log.Fatal(http.ListenAndServe(os.Args[1], nil))
}

// lookup reads what the lookup's fast path reads, with the same statements.
func lookup(ctx context.Context, db *sql.DB, code, last4, client string) ([]byte, error) {
	var doc []byte
	var id string
	var key sql.NullString
	var byClient, byCode int
	since := time.Now().Add(-15 * time.Minute).UnixMilli()
	err := db.QueryRowContext(ctx, `SELECT d.doc, d.id, d.idempotency_key,
		(SELECT COUNT(*) FROM attempts WHERE key = $3 AND at >= $5),
		(SELECT COUNT(*) FROM attempts WHERE key = $4 AND at >= $5)
		FROM dossiers d WHERE d.code = $1 AND (d.lookup_phone = $2 OR d.lookup_id = $2)`,
		code, last4, "lookup:"+client, "lookup-code:"+code, since,
	).Scan(&doc, &id, &key, &byClient, &byCode)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT seq, at, kind, actor_id, from_status, to_status, from_officer, to_officer, step_due_at, note, public, detail
		FROM dossier_events WHERE dossier_id = $1 AND public ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq, from, to int
		var at, stepDue sql.NullInt64
		var kind, actor, fromOfficer, toOfficer, note, detail string
		var public bool
		if err := rows.Scan(&seq, &at, &kind, &actor, &from, &to, &fromOfficer, &toOfficer, &stepDue, &note, &public, &detail); err != nil {
			return nil, err
		}
	}
	return doc, rows.Err()
}
