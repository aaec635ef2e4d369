package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
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
	where, args := f.where(db.dialect)
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if after != "" {
		vals, err := decodeCursor(after, &f, keys)
		if err != nil {
			return nil, "", err
		}
		cond := afterKeys(keys, vals, arg)
		if where == "" {
			where = " WHERE " + cond
		} else {
			where += " AND " + cond
		}
	}
	limit := f.pageSize()
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.col
	}
	rows, err := db.read.QueryContext(ctx, `SELECT doc, `+strings.Join(cols, ", ")+` FROM dossiers`+where+order+fmt.Sprintf(" LIMIT %d", limit), args...)
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
