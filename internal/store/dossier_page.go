package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// A page of a dossier list is read by keyset: the next page starts after
// the last dossier of this one, in the list's order, so that reading a
// whole list costs the same per dossier at any depth, where OFFSET read
// and sorted every dossier it skipped again for each page.

// sortKey is one term of a list's order. nullsLast: the order puts
// "col IS NULL" before col, so a dossier without a value comes last.
type sortKey struct {
	col       string
	desc      bool
	nullsLast bool
}

// text reports whether the term's values are text (else Unix milliseconds).
func (k sortKey) text() bool { return k.col == "id" || k.col == "code" }

// sortKeys are the terms of f's order, as orderBy writes them (f's order
// checked by orderBy first).
func (f *DossierFilter) sortKeys() []sortKey {
	d := f.Desc
	switch f.Order {
	case OrderAppointment:
		if d {
			return []sortKey{{"appointment_at", true, true}, {"id", true, false}}
		}
		return []sortKey{{"appointment_at", false, true}, {"created_at", true, false}, {"id", false, false}}
	case OrderReceived:
		return []sortKey{{"received_at", d, true}, {"id", d, false}}
	case OrderCreated:
		return []sortKey{{"created_at", d, false}, {"id", d, false}}
	default: // OrderCode
		return []sortKey{{"code", d, false}, {"id", d, false}}
	}
}

// pageCursor is what a cursor holds: the list's order and the last
// dossier's values of its terms (a number, a string or null each).
type pageCursor struct {
	Order DossierOrder `json:"o"`
	Desc  bool         `json:"d,omitempty"`
	Keys  []any        `json:"k"`
}

// badCursor is the error of a cursor this list did not give.
func badCursor() error {
	return apperr.Invalidf("after", "con trỏ trang không hợp lệ: hãy dùng giá trị next của trang trước, với cùng thứ tự")
}

func decodeCursor(s string, f *DossierFilter, keys []sortKey) ([]any, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCursor()
	}
	var c pageCursor
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil || c.Order != f.Order || c.Desc != f.Desc || len(c.Keys) != len(keys) {
		return nil, badCursor()
	}
	for i, k := range c.Keys {
		switch v := k.(type) {
		case nil:
			if !keys[i].nullsLast {
				return nil, badCursor()
			}
		case json.Number:
			n, err := v.Int64()
			if err != nil || keys[i].text() {
				return nil, badCursor()
			}
			c.Keys[i] = n
		case string:
			if !keys[i].text() {
				return nil, badCursor()
			}
		default:
			return nil, badCursor()
		}
	}
	return c.Keys, nil
}

// afterKeys is the condition "comes after vals in the order of keys".
func afterKeys(keys []sortKey, vals []any, arg func(any) string) string {
	k, v := keys[0], vals[0]
	last := len(keys) == 1
	if v == nil { // among the dossiers without a value, which come last: only those, by the next terms
		if last {
			return "FALSE"
		}
		return "(" + k.col + " IS NULL AND " + afterKeys(keys[1:], vals[1:], arg) + ")"
	}
	p, op := arg(v), " > "
	if k.desc {
		op = " < "
	}
	cond := k.col + op + p
	if !last {
		cond += " OR " + k.col + " = " + p + " AND " + afterKeys(keys[1:], vals[1:], arg)
	}
	if k.nullsLast {
		cond = k.col + " IS NULL OR " + cond
	}
	return "(" + cond + ")"
}

// DossierPage lists up to f.Limit dossiers matching f in f's order, after
// the dossier the cursor after names ("" for the first page), and the
// cursor of the page's last dossier when the page is full ("" when the
// list ends there). A cursor is bound to the order it was made in; one made
// with another order is refused (Invalid, field "after"). f.Offset must be 0.
func (db *DB) DossierPage(ctx context.Context, f DossierFilter, after string) ([]*dossier.Dossier, string, error) {
	if f.Offset != 0 {
		return nil, "", apperr.Invalidf("offset", "không dùng offset cùng after: trang sau bắt đầu từ con trỏ after")
	}
	order, err := f.orderBy()
	if err != nil {
		return nil, "", err
	}
	keys := f.sortKeys()
	var vals []any
	if after != "" {
		if vals, err = decodeCursor(after, &f, keys); err != nil {
			return nil, "", err
		}
	}
	limit := f.pageSize()
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.col
	}
	var q string
	var args []any
	if f.UnitID != "" && len(textfold.Terms(f.Query)) == 0 {
		q, args = f.unitPageSQL(db.dialect, keys, vals, limit)
	} else {
		var where string
		where, args = f.where(db.dialect)
		if vals != nil {
			cond := afterKeys(keys, vals, func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) })
			if where == "" {
				where = " WHERE " + cond
			} else {
				where += " AND " + cond
			}
		}
		q = `SELECT doc, ` + strings.Join(cols, ", ") + ` FROM dossiers` + where + order + fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Dossier
	var last []any
	for rows.Next() {
		var doc []byte
		dest := []any{&doc}
		vals := make([]any, len(keys))
		for i, k := range keys {
			if k.text() {
				vals[i] = new(string)
			} else {
				vals[i] = new(sql.NullInt64)
			}
			dest = append(dest, vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, "", fmt.Errorf("list dossiers: %w", err)
		}
		d, err := decodeDossier(doc)
		if err != nil {
			return nil, "", fmt.Errorf("list dossiers: %w", err)
		}
		out = append(out, d)
		last = vals
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list dossiers: %w", err)
	}
	if len(out) < limit {
		return out, "", nil
	}
	c := pageCursor{Order: f.Order, Desc: f.Desc, Keys: make([]any, len(last))}
	for i, v := range last {
		switch v := v.(type) {
		case *string:
			c.Keys[i] = *v
		case *sql.NullInt64:
			if v.Valid {
				c.Keys[i] = v.Int64
			}
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, "", fmt.Errorf("list dossiers: cursor: %w", err)
	}
	return out, base64.RawURLEncoding.EncodeToString(b), nil
}

// unitPageSQL is the query of a page of a unit's list (f.UnitID, no words
// to search), after the cursor's values vals (nil on the first page).
//
// A unit's dossiers are those it received or resolves, a condition no
// index serves in the list's order: the engines read every one of the
// unit's dossiers and sort them, for every page. So the page is read as up
// to six reads, each along an index in the list's order and stopped after
// limit rows: on SQLite the dossiers the unit both received and resolves,
// those it resolves having been received elsewhere, and those it received
// for another unit; on PostgreSQL those it received, and those it resolves
// having been received elsewhere; and when the order's first term puts the
// dossiers without a value last, each split into those with a value and
// those without. The page is the first limit rows of their union, in the
// list's order. Each read seeks to the cursor with a bound on its first
// term, so that a page costs the same at any depth.
func (f *DossierFilter) unitPageSQL(d Dialect, keys []sortKey, vals []any, limit int) (string, []any) {
	rest := *f
	rest.UnitID = ""
	where, args := rest.where(d)
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var conds []string
	if where != "" {
		conds = append(conds, strings.TrimPrefix(where, " WHERE "))
	}
	unit := arg(f.UnitID)
	// Each condition is written as the partial index of its dossiers says
	// it, so that the engines read that index (migration 0040). On SQLite
	// three partial indexes, one per kind of dossier: an index of all of a
	// unit's received dossiers by appointment drew SQLite (without
	// statistics) away from dossiers_by_receiving_due in the dashboard's
	// overdue list, 81 ms of CPU a view where it took 1.5. On PostgreSQL,
	// which plans by statistics, the received ones and those resolved from
	// elsewhere: it cannot use a partial index of the dossiers a unit both
	// received and resolves (it folds that condition into two comparisons
	// with the unit and cannot prove the index's).
	units := []string{
		"resolving_unit_id = " + unit + " AND receiving_unit_id = resolving_unit_id",
		"resolving_unit_id = " + unit + " AND receiving_unit_id <> resolving_unit_id",
		"receiving_unit_id = " + unit + " AND resolving_unit_id <> receiving_unit_id", // spelled as dossiers_list_sent's
	}
	if d == Postgres {
		units = []string{"receiving_unit_id = " + unit, units[1]}
	}

	// The segments of the order: a condition and the terms that order it.
	type segment struct {
		cond string
		keys []sortKey
	}
	var segs []segment
	if k := keys[0]; k.nullsLast {
		valued := slices.Clone(keys)
		valued[0].nullsLast = false
		// Those without a value are in the order of the next terms. On
		// PostgreSQL they are ordered by the whole order, the first term all
		// NULL: only then does it see that the index searched for "IS NULL"
		// gives their order (by the next terms alone it chose another index
		// at 10 M and read the unit's 119,601 dossiers in it to find none
		// without an appointment). SQLite, so ordered after a cursor, reads
		// the index by the time of storing instead.
		nulls := keys[1:]
		if d == Postgres {
			nulls = valued
		}
		switch {
		case vals == nil:
			segs = append(segs, segment{k.col + " IS NOT NULL", valued}, segment{k.col + " IS NULL", nulls})
		case vals[0] != nil: // the cursor is among the dossiers with a value: all those without come after it
			segs = append(segs,
				segment{k.col + " IS NOT NULL AND " + seek(k, vals[0], arg) + " AND " + afterKeys(valued, vals, arg), valued},
				segment{k.col + " IS NULL", nulls})
		default: // among those without: only they are left
			segs = append(segs, segment{k.col + " IS NULL AND " + seek(keys[1], vals[1], arg) + " AND " + afterKeys(keys[1:], vals[1:], arg), nulls})
		}
	} else {
		s := segment{keys: keys}
		if vals != nil {
			s.cond = seek(k, vals[0], arg) + " AND " + afterKeys(keys, vals, arg)
		}
		segs = append(segs, s)
	}

	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.col
	}
	sel := "SELECT doc, " + strings.Join(cols, ", ") + " FROM dossiers WHERE "
	var reads []string
	for _, u := range units {
		for _, s := range segs {
			c := append([]string{u}, conds...)
			if s.cond != "" {
				c = append(c, s.cond)
			}
			terms := make([]string, len(s.keys))
			for i, k := range s.keys {
				terms[i] = k.col
				if k.desc {
					terms[i] += " DESC"
				}
			}
			reads = append(reads, fmt.Sprintf("SELECT * FROM (%s%s ORDER BY %s LIMIT %d) r%d",
				sel, strings.Join(c, " AND "), strings.Join(terms, ", "), limit, len(reads)))
		}
	}
	order, _ := f.orderBy() // checked by the caller
	return "SELECT doc, " + strings.Join(cols, ", ") + " FROM (" + strings.Join(reads, " UNION ALL ") + ") page" +
		order + fmt.Sprintf(" LIMIT %d", limit), args
}

// seek is the bound "not before v" on k alone, which an index on k's
// column can start from (afterKeys' disjunction cannot).
func seek(k sortKey, v any, arg func(any) string) string {
	if k.desc {
		return k.col + " <= " + arg(v)
	}
	return k.col + " >= " + arg(v)
}
