package store

import "testing"

// TestWritesPublic: the statements that change a public page are told from
// those that only read the catalogue's tables or write others.
func TestWritesPublic(t *testing.T) {
	for q, want := range map[string]bool{
		`INSERT INTO procedures (id, code) VALUES ($1, $2)`:                           true,
		"UPDATE procedure_versions\n\tSET doc = $2 WHERE id = $1":                     true,
		`insert into news(id, slug) values ($1, $2)`:                                  true,
		`DELETE FROM fields WHERE code = $1`:                                          true,
		`UPDATE units SET name = $2 WHERE id = $1`:                                    true,
		`INSERT INTO dossiers (id, unit_id) SELECT $1, id FROM units WHERE code = $2`: false,
		`UPDATE dossiers SET status = $2 WHERE id = $1`:                               false,
		`INSERT INTO officer_fields (officer_id, field_code) VALUES ($1, $2)`:         false,
		`DELETE FROM sessions WHERE id IN (SELECT id FROM units)`:                     false,
		`SELECT name FROM procedures WHERE code = $1`:                                 false,
	} {
		if got := writesPublic(q); got != want {
			t.Errorf("writesPublic(%q) = %v, want %v", q, got, want)
		}
		if got := writesPublic(q); got != want {
			t.Errorf("writesPublic(%q) memoised = %v, want %v", q, got, want)
		}
	}
}
