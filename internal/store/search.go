// The dossier search: what the text index holds and how a query reads it.
//
// A dossier's search text (dossiers.search_text) is its folded words
// (textfold.Fold: lower case, no diacritics, đ as d) separated by single
// spaces: the code, the applicant's names, the procedure's name, the
// applicant's ID number and phone, and, for each number among them, the
// number reversed behind tailMark, so that a code, ID or phone is found by
// its last digits too. A query matches a dossier when each of its folded
// words begins one of the dossier's words (or, for a word of digits, ends
// one of the dossier's numbers). Both engines index the words:
//
//   - SQLite: dossier_search, an FTS5 table over search_text kept in step by
//     triggers on dossiers (migration 0035), read with prefix queries;
//   - PostgreSQL: dossiers.search_vector, to_tsvector('simple', search_text)
//     as a stored generated column, with a GIN index, read with tsquery
//     prefixes.
//
// Both split the folded text on its spaces alone, so they match the same
// dossiers, which tokenMatch states in SQL for small sets (a citizen's own
// dossiers) where the index would read more than the rows.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// searchWindows are how many of a unit's newest dossiers (by receiving
// unit, and again by resolving unit) a search reads row by row, in turn,
// before it asks the text index. A second window of 20,000 was measured
// and cost more than it saved on both engines (docs/performance.md).
var searchWindows = map[Dialect][]int{SQLite: {2000}, Postgres: {2000}}

// searchDossiers serves Dossiers for a unit's search, the newest first. A
// word most dossiers have ("nguyen", a procedure's name) would make the
// text index return hundreds of thousands of rows to sort for the newest
// fifty; so the search first reads the unit's newest dossiers, those
// stored from the time of its 2,000th newest (by either unit: at most
// twice that many rows, through the created_at indexes), and checks the
// words row by row. Every dossier outside is older than every one inside,
// so when enough of them match, they are the answer, and when the unit has
// no more dossiers than that, so is what matched. Only when the words are
// rarer among those (fewer than one dossier in 40) does it ask the text
// index, which then returns fewer rows.
func (db *DB) searchDossiers(ctx context.Context, f DossierFilter) ([]*dossier.Dossier, error) {
	limit := f.pageSize()
	want := max(f.Offset, 0) + limit
	if want > 1000 {
		return db.dossiers(ctx, f)
	}
	for _, n := range searchWindows[db.dialect] {
		from := int64(0)
		for _, col := range []string{"receiving_unit_id", "resolving_unit_id"} {
			var at int64
			err := db.read.QueryRowContext(ctx, fmt.Sprintf(`SELECT created_at FROM dossiers WHERE %s = $1
				ORDER BY created_at DESC LIMIT 1 OFFSET %d`, col, n-1), f.UnitID).Scan(&at)
			if errors.Is(err, sql.ErrNoRows) {
				continue // fewer than n: all of them are in the window
			}
			if err != nil {
				return nil, fmt.Errorf("search dossiers: %w", err)
			}
			from = max(from, at)
		}
		w := f
		w.scanText, w.createdFrom, w.Limit, w.Offset = true, from, want, 0
		list, err := db.dossiers(ctx, w)
		if err != nil {
			return nil, err
		}
		if from == 0 || len(list) == want {
			if f.Offset >= len(list) {
				return nil, nil
			}
			return list[max(f.Offset, 0):], nil
		}
	}
	return db.dossiers(ctx, f) // rare among the newest: the text index
}

// tailMark starts the reversed form of a number in the search text: "0361"
// is also stored as "zz1630", so that the query "361" finds it as the
// prefix "zz163".
const tailMark = "zz"

// dossierSearchText is the search text of d.
func dossierSearchText(d *dossier.Dossier) string {
	numbers := textfold.Fold(d.Code + " " + digitsOf(d.Applicant.IDNumber) + " " + digitsOf(d.Applicant.Phone))
	text := numbers + " " + textfold.Fold(d.Applicant.DisplayName()+" "+d.Applicant.FullName+" "+d.ProcedureName)
	return withTails(text, numbers)
}

// withTails appends to text the reversed form of each number among the
// words of numbers.
func withTails(text, numbers string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(text))
	for _, w := range strings.Fields(numbers) {
		if isDigits(w) && len(w) > 1 {
			b.WriteString(" " + tailMark + reverse(w))
		}
	}
	return b.String()
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func isDigits(s string) bool {
	return s != "" && digitsOf(s) == s
}

func reverse(s string) string {
	b := []byte(s) // digits only
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// searchQuery is the text-index condition for query's words on the
// dialect, with its one argument; "" when the query has no words.
func searchQuery(d Dialect, query string, arg func(any) string) string {
	terms := textfold.Terms(query)
	if len(terms) == 0 {
		return ""
	}
	var parts []string
	for _, t := range terms {
		alts := []string{t}
		if isDigits(t) {
			alts = append(alts, tailMark+reverse(t))
		}
		for i, a := range alts {
			// Folded words hold letters and digits only: nothing to escape.
			if d == Postgres {
				alts[i] = "'" + a + "':*"
			} else {
				alts[i] = `"` + a + `"*`
			}
		}
		sep := " OR "
		if d == Postgres {
			sep = " | "
		}
		parts = append(parts, "("+strings.Join(alts, sep)+")")
	}
	if d == Postgres {
		return "search_vector @@ CAST(" + arg(strings.Join(parts, " & ")) + " AS tsquery)"
	}
	return "rowid IN (SELECT rowid FROM dossier_search WHERE dossier_search MATCH " + arg(strings.Join(parts, " AND ")) + ")"
}

// tokenMatch is the same condition as searchQuery without the index: for
// lists already narrowed to a few rows by another index.
func tokenMatch(query string, arg func(any) string) []string {
	var where []string
	for _, t := range textfold.Terms(query) {
		cond := "' ' || search_text LIKE " + arg("% "+t+"%")
		if isDigits(t) {
			cond = "(" + cond + " OR ' ' || search_text LIKE " + arg("% "+tailMark+reverse(t)+"%") + ")"
		}
		where = append(where, cond)
	}
	return where
}

// refoldSearchText recomputes the search text of every stored dossier from
// its document (migration 0035, before the index is built), a page at a
// time in order of id.
func refoldSearchText(ctx context.Context, tx *Tx) error {
	const page = 1000
	after := ""
	for {
		rows, err := tx.query(ctx, fmt.Sprintf(`SELECT id, doc FROM dossiers WHERE id > $1 ORDER BY id LIMIT %d`, page), after)
		if err != nil {
			return fmt.Errorf("refold search text: %w", err)
		}
		type row struct{ id, text string }
		var batch []row
		for rows.Next() {
			var id, doc string
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return fmt.Errorf("refold search text: %w", err)
			}
			d, err := decodeDossier([]byte(doc))
			if err != nil {
				rows.Close()
				return fmt.Errorf("refold search text of %s: %w", id, err)
			}
			batch = append(batch, row{id, dossierSearchText(d)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("refold search text: %w", err)
		}
		for _, r := range batch {
			if _, err := tx.exec(ctx, `UPDATE dossiers SET search_text = $2 WHERE id = $1`, r.id, r.text); err != nil {
				return fmt.Errorf("refold search text of %s: %w", r.id, err)
			}
		}
		if len(batch) < page {
			return nil
		}
		after = batch[len(batch)-1].id
	}
}
