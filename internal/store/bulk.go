package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/textfold"
)

// BulkCopyDossier stores n finished (returned) copies of the dossier with
// this code, under synthetic codes, in one statement per 100,000 rows. It
// exists for benchmarks and load tests that need a large table; the copies
// have no events and no roll-ups, and nothing in the product calls it. Each
// copy is filed under a personal number of its own (100000000000 + n), as
// in a town where most people have one or two dossiers, and is searched by
// an applicant's name of its own (bulkNames), so that a search at scale
// meets common and rare words as an officer's would.
func BulkCopyDossier(ctx context.Context, db *DB, code string, n int) error {
	const batch = 100_000
	d, err := db.Dossier(ctx, code)
	if err != nil {
		return fmt.Errorf("bulk copy of %s: %w", code, err)
	}
	// The copy's search text (search.go): its code, a name, the procedure's
	// name, the personal number, and the original code's numbers reversed.
	folded := textfold.Fold(d.Code)
	search := folded + " b' || CAST(x AS TEXT) || ' ' || " + bulkNames() + " || ' " + textfold.Fold(d.ProcedureName) +
		" ' || CAST(100000000000 + x AS TEXT) || '" + withTails("", folded)
	for from := 1; from <= n; from += batch {
		to := min(from+batch-1, n)
		seq := fmt.Sprintf(`WITH RECURSIVE seq(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM seq WHERE x < %d)`, from, to)
		src := "seq"
		if db.dialect == Postgres {
			seq = ""
			src = fmt.Sprintf("generate_series(%d, %d) AS seq(x)", from, to)
		}
		err := db.Transact(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, seq+` INSERT INTO dossiers (id, code, receiving_unit_id, resolving_unit_id, procedure_id,
				procedure_version, procedure_code, field_code, channel, status, applicant_name, lookup_phone, lookup_id,
				search_text, submitted_at, received_at, appointment_at, ended_at, returned_at, assignee_id, lead_id,
				step_due_at, idempotency_key, version, doc, created_at, updated_at, applicant_number)
				SELECT 'bulk-' || CAST(x AS TEXT), d.code || '-B' || CAST(x AS TEXT), d.receiving_unit_id, d.resolving_unit_id,
				d.procedure_id, d.procedure_version, d.procedure_code, d.field_code, 1 + (x % 3), 10, d.applicant_name,
				d.lookup_phone, d.lookup_id, '`+search+`', d.submitted_at,
				d.received_at - CAST(x AS BIGINT) * 60000, d.appointment_at - CAST(x AS BIGINT) * 60000,
				d.received_at - CAST(x AS BIGINT) * 60000 + 3600000, d.received_at - CAST(x AS BIGINT) * 60000 + 7200000, NULL, d.lead_id, NULL, NULL, d.version, d.doc, d.created_at - CAST(x AS BIGINT) * 60000, d.updated_at,
				CAST(100000000000 + x AS TEXT)
				FROM `+src+`, dossiers d WHERE d.code = $1`, code)
			return err
		})
		if err != nil {
			return fmt.Errorf("bulk copy of %s: %w", code, err)
		}
	}
	return nil
}

// bulkNames is an SQL expression of x (the copy's number): a folded
// applicant's name, "family middle given", drawn so that family names are
// as common as in Viet Nam (Nguyễn 38 %, Trần 11 %, ...) and the 8 middle and
// 40 given names vary independently of them and from copy to copy.
func bulkNames() string {
	family := []struct {
		name string
		pct  int
	}{{"nguyen", 38}, {"tran", 11}, {"le", 10}, {"pham", 7}, {"hoang", 5}, {"huynh", 3}, {"phan", 4}, {"vu", 2},
		{"vo", 2}, {"dang", 2}, {"bui", 2}, {"do", 2}, {"ho", 2}, {"ngo", 2}, {"duong", 2}, {"ly", 1}, {"dinh", 2},
		{"trinh", 1}, {"mai", 1}, {"ha", 1}}
	middle := []string{"van", "thi", "duc", "minh", "ngoc", "thanh", "huu", "quang"}
	given := []string{"an", "anh", "binh", "chau", "cuong", "dung", "duy", "giang", "ha", "hai", "hanh", "hieu",
		"hoa", "hong", "hung", "huong", "khanh", "lan", "linh", "loan", "long", "mai", "minh", "my", "nam", "nga",
		"phuc", "phuong", "quan", "quynh", "son", "tam", "thao", "thu", "trang", "tuan", "tung", "van", "viet", "yen"}
	var b strings.Builder
	b.WriteString("CASE")
	upTo := 0
	for _, f := range family {
		upTo += f.pct
		fmt.Fprintf(&b, " WHEN {h} %% 100 < %d THEN '%s'", upTo, f.name)
	}
	b.WriteString(" END || ' ' || CASE ({h} / 100) % 8")
	for i, m := range middle {
		fmt.Fprintf(&b, " WHEN %d THEN '%s'", i, m)
	}
	fmt.Fprintf(&b, " END || ' ' || CASE ({h} / 800) %% %d", len(given))
	for i, g := range given {
		fmt.Fprintf(&b, " WHEN %d THEN '%s'", i, g)
	}
	b.WriteString(" END")
	// h: x scrambled (Knuth's multiplicative hash, its upper 20 bits), so
	// that neighbouring copies, the newest of which a search reads first,
	// have unrelated names.
	h := "((CAST(x AS BIGINT) * 2654435761 % 4294967296) / 4096)"
	return strings.ReplaceAll(b.String(), "{h}", h)
}

// BulkCopyStats copies the indicator roll-ups of one unit to other units, as
// if each had lived the same year: a fixture for report benchmarks at
// province scale. Nothing in the product calls it.
func BulkCopyStats(ctx context.Context, db *DB, fromUnitID string, toUnitIDs []string) error {
	cols := strings.Join(statColumns(), ", ")
	return db.Transact(ctx, func(tx *Tx) error {
		for _, to := range toUnitIDs {
			if _, err := tx.exec(ctx, `INSERT INTO stats_daily (unit_id, day, field_code, procedure_code, officer_id, channel, `+cols+`)
				SELECT $2, day, field_code, procedure_code, officer_id, channel, `+cols+` FROM stats_daily WHERE unit_id = $1`, fromUnitID, to); err != nil {
				return fmt.Errorf("copy roll-ups: %w", err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO stats_unit_daily (unit_id, day, `+cols+`)
				SELECT $2, day, `+cols+` FROM stats_unit_daily WHERE unit_id = $1`, fromUnitID, to); err != nil {
				return fmt.Errorf("copy roll-ups: %w", err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO stats_unit_monthly (unit_id, month, `+cols+`)
				SELECT $2, month, `+cols+` FROM stats_unit_monthly WHERE unit_id = $1`, fromUnitID, to); err != nil {
				return fmt.Errorf("copy roll-ups: %w", err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO stats_monthly (unit_id, month, field_code, officer_id, `+cols+`)
				SELECT $2, month, field_code, officer_id, `+cols+` FROM stats_monthly WHERE unit_id = $1`, fromUnitID, to); err != nil {
				return fmt.Errorf("copy roll-ups: %w", err)
			}
		}
		return nil
	})
}

// BulkCopyOutbox copies the outbox messages of the dossier with this code to
// its bulk copies from..to (see BulkCopyDossier: keys bulk-X, codes CODE-BX),
// in the given state (sent, or queued and due now), in one statement per
// 100,000 copies. It exists for benchmarks of delivery over a large outbox;
// nothing in the product calls it.
func BulkCopyOutbox(ctx context.Context, db *DB, code string, from, to int, state OutboxState) error {
	if state != OutboxSent && state != OutboxQueued {
		return fmt.Errorf("bulk copy of outbox messages: state %q", state)
	}
	const batch = 100_000
	for lo := from; lo <= to; lo += batch {
		hi := min(lo+batch-1, to)
		seq := fmt.Sprintf(`WITH RECURSIVE seq(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM seq WHERE x < %d)`, lo, hi)
		src := "seq"
		if db.dialect == Postgres {
			seq = ""
			src = fmt.Sprintf("generate_series(%d, %d) AS seq(x)", lo, hi)
		}
		err := db.Transact(ctx, func(tx *Tx) error {
			sent := "NULL"
			if state == OutboxSent {
				sent = "o.created_at"
			}
			_, err := tx.exec(ctx, seq+` INSERT INTO outbox (id, unit_id, topic, key, seq, payload, state, attempts,
				next_attempt_at, last_error, created_at, queued_at, sent_at)
				SELECT 'bulk-' || CAST(x AS TEXT) || '-' || o.topic || '-' || CAST(o.seq AS TEXT), o.unit_id, o.topic,
				'bulk-' || CAST(x AS TEXT), o.seq,
				REPLACE(REPLACE(o.payload, d.code, d.code || '-B' || CAST(x AS TEXT)), d.id, 'bulk-' || CAST(x AS TEXT)),
				$2, 0, o.created_at, '', o.created_at, o.created_at, `+sent+`
				FROM `+src+`, outbox o JOIN dossiers d ON d.id = o.key WHERE d.code = $1`, code, string(state))
			if err != nil || state != OutboxSent {
				return err
			}
			// As settling them would have counted them.
			_, err = tx.exec(ctx, `INSERT INTO outbox_sent (topic, unit_id, n)
				SELECT o.topic, o.unit_id, COUNT(*) * $2 FROM outbox o JOIN dossiers d ON d.id = o.key WHERE d.code = $1
				GROUP BY o.topic, o.unit_id
				ON CONFLICT (topic, unit_id) DO UPDATE SET n = outbox_sent.n + excluded.n`, code, hi-lo+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("bulk copy of the outbox messages of %s: %w", code, err)
		}
	}
	return nil
}

// BulkCopyConsent records, for the bulk copies from..to of a dossier (see
// BulkCopyDossier: ids bulk-X), the applicant's consent to channel. It
// exists for notification benchmarks; nothing in the product calls it.
func BulkCopyConsent(ctx context.Context, db *DB, from, to int, channel string) error {
	seq := fmt.Sprintf(`WITH RECURSIVE seq(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM seq WHERE x < %d)`, from, to)
	src := "seq"
	if db.dialect == Postgres {
		seq = ""
		src = fmt.Sprintf("generate_series(%d, %d) AS seq(x)", from, to)
	}
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, seq+` INSERT INTO notify_consents (dossier_id, channel, granted, recorded_by, recorded_at)
			SELECT 'bulk-' || CAST(x AS TEXT), $1, TRUE, '', 0 FROM `+src, channel)
		if err != nil {
			return fmt.Errorf("bulk consent: %w", err)
		}
		return nil
	})
}
