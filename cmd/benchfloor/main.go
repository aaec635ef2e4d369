// Command benchfloor is the floor two pages cannot go under on this
// machine: an HTTP server that runs a page's statements on PostgreSQL or
// SQLite, through the same driver and pool size as motcua's readers, and
// writes what they read back, with no template, no rules and no decoding:
// what is left is the HTTP server, the driver and the database.
//
//   - POST /tra-cuu, the status lookup: the dossier with the two throttles'
//     counts, then its public events (store.LookupGuarded's fast path);
//   - GET /can-bo, a specialist's queue: the officer's session and fields,
//     the units' version, the fields, the unit's officers and the documents
//     of the dossiers assigned to them (the statements the real queue runs).
//
// scripts/bench-province.sh measures them beside the hello handler and the
// real pages, so that a latency target can be told apart from what the
// machine allows. It is a test tool, not part of motcua.
//
//	go run ./cmd/benchfloor ADDR DB_URL   (DB_URL: postgres://... or sqlite:PATH)
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchfloor ADDR DB_URL")
		os.Exit(2)
	}
	db, err := open(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	if err := db.PingContext(context.Background()); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /tra-cuu", func(w http.ResponseWriter, r *http.Request) {
		doc, err := lookup(r.Context(), db, strings.TrimSpace(r.PostFormValue("ma")), r.PostFormValue("so"),
			r.Header.Get("X-Forwarded-For"))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			http.NotFound(w, r)
		case r.Context().Err() != nil: // wrk closed the connection at its end
		case err != nil:
			log.Print(err)
			http.Error(w, "error", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write(doc)
		}
	})
	http.HandleFunc("GET /can-bo", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("motcua_session")
		if err != nil {
			http.Error(w, "no session", http.StatusUnauthorized)
			return
		}
		n, err := queue(r.Context(), db, strings.HasPrefix(os.Args[2], "sqlite:"), c.Value)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			http.Error(w, "no session", http.StatusUnauthorized)
		case r.Context().Err() != nil:
		case err != nil:
			log.Print(err)
			http.Error(w, "error", http.StatusInternalServerError)
		default:
			fmt.Fprintf(w, "%d bytes of documents\n", n)
		}
	})
	log.Fatal(http.ListenAndServe(os.Args[1], nil))
}

// open opens the database as store.Open opens its readers.
func open(url string) (*sql.DB, error) {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(path, "//")+
			"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=query_only(1)")
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(max(4, runtime.NumCPU()*2)) // as store.Open's SQLite readers
		db.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
		return db, nil
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(32) // as store.Open on PostgreSQL
	db.SetMaxIdleConns(16)
	return db, nil
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

// queue runs the statements of a specialist's queue (the session's officer
// is the specialist) and returns the size of the documents read.
func queue(ctx context.Context, db *sql.DB, sqlite bool, session string) (int, error) {
	sum := sha256.Sum256([]byte(session))
	var csrf, officerID, unitID, username, fullName, title, phone, email, roles, hash string
	var fields sql.NullString
	var expires, created int64
	var active bool
	// The session with its officer's fields, as store.SessionByID reads them.
	agg := `string_agg(field_code, ' ')`
	if sqlite {
		agg = `group_concat(field_code, ' ')`
	}
	err := db.QueryRowContext(ctx, `SELECT s.csrf, s.expires_at, (SELECT `+agg+` FROM officer_fields WHERE officer_id = o.id),
		o.id, o.unit_id, o.username, o.full_name, o.title, o.phone, o.email, o.roles, o.active, o.password_hash, o.created_at
			FROM sessions s JOIN officers o ON o.id = s.officer_id WHERE s.id_hash = $1 AND s.expires_at > $2`,
		hex.EncodeToString(sum[:]), time.Now().UnixMilli()).
		Scan(&csrf, &expires, &fields, &officerID, &unitID, &username, &fullName, &title, &phone, &email, &roles, &active, &hash, &created)
	if err != nil {
		return 0, err
	}
	each := func(q string, args ...any) (int, error) {
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		size := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return 0, err
			}
			for _, v := range vals {
				size += len(v)
			}
		}
		return size, rows.Err()
	}
	size := 0
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`SELECT n FROM units_version WHERE id = 1`, nil},
		{`SELECT code, name, name_en FROM fields ORDER BY position, code`, nil},
		{`SELECT code, name, name_en FROM fields ORDER BY position, code`, nil},
		{`SELECT id, full_name FROM officers WHERE unit_id = $1`, []any{unitID}},
		{`SELECT doc FROM dossiers WHERE assignee_id = $1 AND status IN ($2, $3, $4, $5, $6)
			ORDER BY appointment_at IS NULL, appointment_at, created_at DESC, id LIMIT 200`, []any{officerID, 2, 4, 5, 6, 8}},
	} {
		n, err := each(st.q, st.args...)
		if err != nil {
			return 0, err
		}
		size += n
	}
	return size, nil
}
