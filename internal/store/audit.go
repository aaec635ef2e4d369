package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
)

// The audit chain makes the event tables tamper-evident. Every row of
// dossier_events and admin_events belongs to one unit's chain (unit_id; the empty id
// is the system-wide chain of catalogue changes) at a position chain_seq
// (1, 2, 3, ... with no gaps, the two tables interleaved), and carries
//
//	hash = hex(SHA-256(canonical encoding of the row, with the previous link's hash)).
//
// The canonical encoding, version 1, is the concatenation of fields, each
// written as its length in bytes (4 bytes, big-endian) followed by its bytes:
//
//	"motcua-audit-v1", table name, unit_id, chain_seq, previous hash,
//	then the row's own columns in the order of dossierEventFields or
//	adminEventFields.
//
// Integers are written in decimal ASCII, booleans as "true"/"false", a NULL
// as the empty string, text as its stored UTF-8 bytes, and the previous hash
// as lowercase hex ("" for the first link). The length prefixes make the
// encoding unambiguous: no two different rows encode alike.
//
// So editing a row changes its hash; rewriting that hash breaks the next
// link; deleting a row leaves a gap in chain_seq; a row inserted without the
// chain has chain_seq 0 (or a position taken, a hash that does not match).
// audit_heads holds each chain's last link, so that removing rows at the end
// shows, and audit_checkpoints keeps heads of the past, so that a chain
// shortened and re-headed shows as well. An attacker with write access who
// recomputes every hash from the start and rewrites the heads and
// checkpoints is not detected by the database alone: keep the printed
// checkpoints (`motcua audit checkpoint`) somewhere else to catch that.

const auditVersion = "motcua-audit-v1"

// chainHash returns the hash of one link.
func chainHash(table, unitID string, seq int64, prev string, fields []string) string {
	h := sha256.New()
	var n [4]byte
	put := func(s string) {
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(auditVersion)
	put(table)
	put(unitID)
	put(strconv.FormatInt(seq, 10))
	put(prev)
	for _, f := range fields {
		put(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// dossierEventFields are a dossier event's columns in canonical order.
func dossierEventFields(id, dossierID string, seq int, at int64, kind, actorID string, fromStatus, toStatus int,
	fromOfficer, toOfficer string, stepDueAt sql.NullInt64, note string, public bool, detail string) []string {
	due := ""
	if stepDueAt.Valid {
		due = strconv.FormatInt(stepDueAt.Int64, 10)
	}
	return []string{id, dossierID, strconv.Itoa(seq), strconv.FormatInt(at, 10), kind, actorID,
		strconv.Itoa(fromStatus), strconv.Itoa(toStatus), fromOfficer, toOfficer, due, note,
		strconv.FormatBool(public), detail}
}

// adminEventFields are a settings change's columns in canonical order.
func adminEventFields(id string, at int64, officerID, entity, entityID, action, detail string) []string {
	return []string{id, strconv.FormatInt(at, 10), officerID, entity, entityID, action, detail}
}

// chainHead is a unit's chain, locked for the transaction that appends to it.
type chainHead struct {
	unitID string
	seq    int64
	hash   string
}

// lockChain returns the head of a unit's chain, locked until the
// transaction ends: FOR UPDATE on PostgreSQL, where writers run
// concurrently; SQLite's single writer already holds the database.
func (tx *Tx) lockChain(ctx context.Context, unitID string) (*chainHead, error) {
	q := `SELECT seq, hash FROM audit_heads WHERE unit_id = $1`
	if tx.db.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	h := &chainHead{unitID: unitID}
	for range 2 {
		err := tx.queryRow(ctx, q, unitID).Scan(&h.seq, &h.hash)
		if err == nil {
			return h, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("audit chain of unit %q: %w", unitID, err)
		}
		// The unit's first event: create the head; a concurrent creator
		// wins and this one then waits on its row like any other writer.
		if _, err := tx.exec(ctx, `INSERT INTO audit_heads (unit_id, seq, hash) VALUES ($1, 0, '')
			ON CONFLICT (unit_id) DO NOTHING`, unitID); err != nil {
			return nil, fmt.Errorf("audit chain of unit %q: %w", unitID, err)
		}
	}
	return nil, fmt.Errorf("audit chain of unit %q: head row missing after insert", unitID)
}

// link appends one row to the chain and returns its position and hash.
func (h *chainHead) link(table string, fields []string) (int64, string) {
	h.seq++
	h.hash = chainHash(table, h.unitID, h.seq, h.hash, fields)
	return h.seq, h.hash
}

// adminChainUnit is the unit whose chain records a settings change: the
// unit itself for a unit, its calendar days and letter templates; the
// officer's unit for an officer or an API token; the empty unit id (the system-wide chain)
// for the catalogue and anything else.
func (tx *Tx) adminChainUnit(ctx context.Context, entity, entityID string) (string, error) {
	var q string
	switch entity {
	case "unit", "unit_day", "letter_template":
		return entityID, nil
	case "officer":
		q = `SELECT unit_id FROM officers WHERE id = $1`
	case "api_token":
		q = `SELECT o.unit_id FROM api_tokens t JOIN officers o ON o.id = t.officer_id WHERE t.id = $1`
	default:
		return "", nil
	}
	var unitID string
	err := tx.queryRow(ctx, q, entityID).Scan(&unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("unit of %s %s: %w", entity, entityID, err)
	}
	return unitID, nil
}

// audit appends a settings-change record to its unit's chain in the
// transaction.
func (tx *Tx) audit(ctx context.Context, by, entity, entityID, action, detail string) error {
	unitID, err := tx.adminChainUnit(ctx, entity, entityID)
	if err != nil {
		return err
	}
	id, at := NewID(), tx.now.UnixMilli()
	tx.chain(chainRow{
		unitID: unitID,
		table:  "admin_events",
		fields: adminEventFields(id, at, by, entity, entityID, action, detail),
		insert: `INSERT INTO admin_events (id, at, officer_id, entity, entity_id, action, detail, unit_id, chain_seq, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		args: []any{id, at, by, entity, entityID, action, detail, unitID},
	})
	return nil
}

// Checkpoint is a chain's head at an instant.
type Checkpoint struct {
	UnitID   string
	UnitCode string
	Seq      int64
	Hash     string
	At       int64 // Unix milliseconds
}

// AuditCheckpoint records the head of every chain that grew since its last
// checkpoint and returns the heads of all chains (for keeping elsewhere).
func (db *DB) AuditCheckpoint(ctx context.Context) (added int, heads []Checkpoint, err error) {
	err = db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `INSERT INTO audit_checkpoints (unit_id, seq, hash, at)
			SELECT unit_id, seq, hash, $1 FROM audit_heads WHERE seq > 0
			ON CONFLICT (unit_id, seq) DO NOTHING`, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("audit checkpoint: %w", err)
		}
		n, _ := res.RowsAffected()
		added = int(n)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT h.unit_id, COALESCE(u.code, ''), h.seq, h.hash
		FROM audit_heads h LEFT JOIN units u ON u.id = h.unit_id ORDER BY h.unit_id`)
	if err != nil {
		return 0, nil, fmt.Errorf("audit heads: %w", err)
	}
	defer rows.Close()
	now := db.now().UnixMilli()
	for rows.Next() {
		c := Checkpoint{At: now}
		if err := rows.Scan(&c.UnitID, &c.UnitCode, &c.Seq, &c.Hash); err != nil {
			return 0, nil, fmt.Errorf("audit heads: %w", err)
		}
		heads = append(heads, c)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("audit heads: %w", err)
	}
	return added, heads, nil
}
