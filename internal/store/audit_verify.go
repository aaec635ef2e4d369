package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// auditRow is a row of either event table, read for hashing.
type auditRow struct {
	table     string // dossier_events or admin_events
	unitID    string
	chainSeq  int64
	hash      string
	id        string
	at        int64
	dossierID string
	seq       int
	kind      string
	actorID   string // admin_events: officer_id
	from, to  int
	fromOff   string
	toOff     string
	due       sql.NullInt64
	note      string
	public    bool
	detail    string
	entity    string
	entityID  string
	action    string
}

func (r *auditRow) fields() []string {
	if r.table == "admin_events" {
		return adminEventFields(r.id, r.at, r.actorID, r.entity, r.entityID, r.action, r.detail)
	}
	return dossierEventFields(r.id, r.dossierID, r.seq, r.at, r.kind, r.actorID, r.from, r.to,
		r.fromOff, r.toOff, r.due, r.note, r.public, r.detail)
}

func (r *auditRow) scan(rows *sql.Rows) error {
	return rows.Scan(&r.table, &r.unitID, &r.chainSeq, &r.hash, &r.id, &r.at, &r.dossierID, &r.seq, &r.kind,
		&r.actorID, &r.from, &r.to, &r.fromOff, &r.toOff, &r.due, &r.note, &r.public, &r.detail,
		&r.entity, &r.entityID, &r.action)
}

// auditRowsSQL reads both event tables as one stream of auditRow columns.
// %[1]s and %[2]s are the unit expressions of dossier_events (e) and
// admin_events (a); %[3]s filters both; %[4]s orders.
const auditRowsSQL = `SELECT 'dossier_events', %[1]s, e.chain_seq, e.hash, e.id, e.at, e.dossier_id, e.seq, e.kind,
		e.actor_id, e.from_status, e.to_status, e.from_officer, e.to_officer, e.step_due_at, e.note, e.public, e.detail,
		'', '', ''
	FROM dossier_events e %[3]s
	UNION ALL
	SELECT 'admin_events', %[2]s, a.chain_seq, a.hash, a.id, a.at, '', 0, '',
		a.officer_id, 0, 0, '', '', CAST(NULL AS BIGINT), '', false, a.detail,
		a.entity, a.entity_id, a.action
	FROM admin_events a %[3]s
	ORDER BY %[4]s`

// backfillAuditChain chains the events stored before the audit chain
// existed (migration 8): per unit, in the order they happened. It runs once,
// inside the migration, so that afterwards an unchained row can only have
// been inserted behind motcua's back. It holds the old events in memory.
func backfillAuditChain(ctx context.Context, tx *Tx) error {
	dossierUnit := `(SELECT d.resolving_unit_id FROM dossiers d WHERE d.id = e.dossier_id)`
	adminUnit := `CASE
		WHEN a.entity IN ('unit', 'unit_day', 'letter_template') THEN a.entity_id
		WHEN a.entity = 'officer' THEN COALESCE((SELECT o.unit_id FROM officers o WHERE o.id = a.entity_id), '')
		WHEN a.entity = 'api_token' THEN COALESCE((SELECT o.unit_id FROM api_tokens t JOIN officers o ON o.id = t.officer_id WHERE t.id = a.entity_id), '')
		ELSE '' END`
	// Alias-free positions: 2 unit, 6 at, 1 table, 7 dossier, 8 seq, 5 id.
	q := fmt.Sprintf(auditRowsSQL, dossierUnit, adminUnit, "", "2, 6, 1, 7, 8, 5")
	rows, err := tx.query(ctx, q)
	if err != nil {
		return fmt.Errorf("backfill audit chain: %w", err)
	}
	var all []auditRow
	for rows.Next() {
		var r auditRow
		if err := r.scan(rows); err != nil {
			rows.Close()
			return fmt.Errorf("backfill audit chain: %w", err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backfill audit chain: %w", err)
	}
	heads := map[string]*chainHead{}
	for i := range all {
		r := &all[i]
		h := heads[r.unitID]
		if h == nil {
			h = &chainHead{unitID: r.unitID}
			heads[r.unitID] = h
		}
		seq, hash := h.link(r.table, r.fields())
		if _, err := tx.exec(ctx, `UPDATE `+r.table+` SET unit_id = $1, chain_seq = $2, hash = $3 WHERE id = $4`,
			r.unitID, seq, hash, r.id); err != nil {
			return fmt.Errorf("backfill audit chain: %w", err)
		}
	}
	for _, h := range heads {
		if _, err := tx.exec(ctx, `INSERT INTO audit_heads (unit_id, seq, hash) VALUES ($1, $2, $3)`, h.unitID, h.seq, h.hash); err != nil {
			return fmt.Errorf("backfill audit chain: %w", err)
		}
	}
	return nil
}

// AuditReport is the outcome of VerifyAudit.
type AuditReport struct {
	Units       int   // chains checked
	Dossier     int64 // dossier events checked
	Admin       int64 // settings changes checked
	Checkpoints int   // checkpoints the chains were found to pass through
	// Broken is the first broken link, nil when every chain holds.
	Broken *BrokenLink
}

// BrokenLink says where a chain first fails and how.
type BrokenLink struct {
	UnitID   string
	UnitCode string // "" for the system-wide chain or an unknown unit
	Table    string // dossier_events, admin_events, audit_heads or audit_checkpoints
	EventID  string // the row at fault, when there is one
	Seq      int64  // the chain position concerned
	What     string
}

func (b *BrokenLink) Error() string {
	unit := b.UnitCode
	if unit == "" {
		unit = b.UnitID
	}
	if unit == "" {
		unit = "(system)"
	}
	s := fmt.Sprintf("unit %s, position %d", unit, b.Seq)
	if b.EventID != "" {
		s += fmt.Sprintf(", %s %s", b.Table, b.EventID)
	} else if b.Table != "" {
		s += ", " + b.Table
	}
	return s + ": " + b.What
}

// VerifyAudit walks every chain (or the chain of unitID when it is not
// empty) from its first link, recomputing each hash, and checks that the
// chain ends at its head and passes through each of its checkpoints. With
// fromCheckpoint it trusts each chain up to its latest checkpoint and starts
// there. It reads one consistent snapshot. The report's Broken is the first
// failure found; the error is for failures to read.
func (db *DB) VerifyAudit(ctx context.Context, unitID string, fromCheckpoint bool) (*AuditReport, error) {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	rtx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}
	defer rtx.Rollback()
	filter, args := "", []any{}
	if unitID != "" {
		filter, args = " WHERE unit_id = $1", []any{unitID}
	}
	codes := map[string]string{}
	if err := scanAll(ctx, rtx, `SELECT id, code FROM units`, nil, func(rows *sql.Rows) error {
		var id, code string
		err := rows.Scan(&id, &code)
		codes[id] = code
		return err
	}); err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}
	type head struct {
		seq  int64
		hash string
	}
	heads := map[string]head{}
	if err := scanAll(ctx, rtx, `SELECT unit_id, seq, hash FROM audit_heads`+filter, args, func(rows *sql.Rows) error {
		var u string
		var h head
		err := rows.Scan(&u, &h.seq, &h.hash)
		heads[u] = h
		return err
	}); err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}
	checkpoints := map[string]map[int64]string{}
	start := map[string]Checkpoint{}
	if err := scanAll(ctx, rtx, `SELECT unit_id, seq, hash FROM audit_checkpoints`+filter, args, func(rows *sql.Rows) error {
		var c Checkpoint
		err := rows.Scan(&c.UnitID, &c.Seq, &c.Hash)
		if checkpoints[c.UnitID] == nil {
			checkpoints[c.UnitID] = map[int64]string{}
		}
		checkpoints[c.UnitID][c.Seq] = c.Hash
		if fromCheckpoint && c.Seq > start[c.UnitID].Seq {
			start[c.UnitID] = c
		}
		return err
	}); err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}

	rep := &AuditReport{}
	broken := func(u, table, id string, seq int64, format string, a ...any) {
		if rep.Broken == nil {
			rep.Broken = &BrokenLink{UnitID: u, UnitCode: codes[u], Table: table, EventID: id, Seq: seq, What: fmt.Sprintf(format, a...)}
		}
	}
	seen := map[string]bool{}
	started := false
	var cur string
	var last int64
	var prevHash string
	// finish checks the end of a chain against its head and checkpoints.
	finish := func(u string) {
		h, ok := heads[u]
		switch {
		case !ok:
			broken(u, "audit_heads", "", last, "the chain has no head row (its head was deleted)")
		case h.seq != last:
			broken(u, "audit_heads", "", last, "the chain ends at position %d but its head says %d (events missing at the end, or added behind motcua's back)", last, h.seq)
		case h.hash != prevHash:
			broken(u, "audit_heads", "", last, "the last link's hash differs from the head's")
		}
		for seq := range checkpoints[u] {
			if seq > last {
				broken(u, "audit_checkpoints", "", seq, "a checkpoint was taken at position %d but the chain now ends at %d: it was truncated", seq, last)
			}
		}
	}
	wheres := ""
	if unitID != "" {
		wheres = " WHERE unit_id = $1"
	}
	q := fmt.Sprintf(auditRowsSQL, "e.unit_id", "a.unit_id", wheres, "2, 3, 1, 5")
	rows, err := rtx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() && rep.Broken == nil {
		var r auditRow
		if err := r.scan(rows); err != nil {
			return nil, fmt.Errorf("verify audit: %w", err)
		}
		if !seen[r.unitID] {
			if started {
				finish(cur)
			}
			started = true
			seen[r.unitID] = true
			rep.Units++
			cur, last, prevHash = r.unitID, 0, ""
			if c, ok := start[r.unitID]; ok {
				last, prevHash = c.Seq, c.Hash
			}
		}
		if fromCheckpoint && r.chainSeq > 0 && r.chainSeq <= start[r.unitID].Seq {
			if r.chainSeq == start[r.unitID].Seq && r.hash != prevHash {
				broken(r.unitID, r.table, r.id, r.chainSeq, "the event at the checkpoint's position does not carry the checkpoint's hash")
			}
			continue
		}
		switch {
		case r.chainSeq == 0:
			broken(r.unitID, r.table, r.id, 0, "the event is not in the chain: inserted behind motcua's back")
		case r.chainSeq == last:
			broken(r.unitID, r.table, r.id, r.chainSeq, "a second event at position %d: inserted behind motcua's back", r.chainSeq)
		case r.chainSeq != last+1:
			broken(r.unitID, r.table, r.id, last+1, "position %d is missing (the chain jumps from %d to %d): an event was deleted", last+1, last, r.chainSeq)
		case chainHash(r.table, r.unitID, r.chainSeq, prevHash, r.fields()) != r.hash:
			broken(r.unitID, r.table, r.id, r.chainSeq, "the event's hash does not match its content and the previous link: it was changed")
		}
		if want, ok := checkpoints[r.unitID][r.chainSeq]; ok && rep.Broken == nil {
			if want != r.hash {
				broken(r.unitID, r.table, r.id, r.chainSeq, "the chain does not pass through the checkpoint taken at this position")
			} else {
				rep.Checkpoints++
			}
		}
		last, prevHash = r.chainSeq, r.hash
		if r.table == "admin_events" {
			rep.Admin++
		} else {
			rep.Dossier++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verify audit: %w", err)
	}
	if rep.Broken == nil && started {
		finish(cur)
	}
	if rep.Broken == nil {
		// Chains whose every event is gone still have a head.
		units := make([]string, 0, len(heads))
		for u := range heads {
			units = append(units, u)
		}
		sort.Strings(units)
		for _, u := range units {
			if !seen[u] && heads[u].seq > 0 {
				cur, last, prevHash = u, 0, ""
				finish(u)
			}
		}
	}
	return rep, nil
}

// scanAll runs a query and calls each for every row.
func scanAll(ctx context.Context, q querier, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
