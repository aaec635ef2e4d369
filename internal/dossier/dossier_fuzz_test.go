package dossier

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
)

// FuzzIntake decodes an intake from JSON, as the API does, and creates a
// dossier from it under each kind of shipped procedure. Create never panics;
// an accepted intake holds no NUL and no invalid UTF-8 in its texts; the
// JSON of an intake reads back to the same JSON.
func FuzzIntake(f *testing.F) {
	for _, s := range []string{
		`{"channel":1,"applicant":{"full_name":"Trần Văn Bình","id_number":"079203001234","phone":"0912345678","address":"Thôn 1"},"components":[{"name":"Tờ khai"}]}`,
		`{"channel":2,"applicant":{"full_name":"Lê Thị Thu","id_number":"079203001234","phone":"0912345678"},"declaration":{"child_name":"An","child_birth_date":"2025-01-02"},"components":[]}`,
		`{"channel":1,"applicant":{"kind":"organisation","full_name":"Công ty A","tax_code":"0101234567"},"copies":288230376151711744,"pages":-1,"components":[{"name":"x","count":-5}]}`,
		`{"channel":3,"applicant":{"full_name":"A\u0000B","id_number":"0792030012\u00004"},"request":"` + strings.Repeat("a", 3000) + `"}`,
		`{"channel":1,"applicant":{"full_name":"\xff\xfe"},"submitter":{"full_name":""},"sets":99999999}`,
		`{}`, `null`, `[]`, `{"components":[{}]}`,
	} {
		f.Add([]byte(s))
	}
	cat, err := catalogue.LoadShipped()
	if err != nil {
		f.Fatal(err)
	}
	var procs []*catalogue.Procedure
	for _, code := range []string{"2.000635", "1.001193", "1.000656"} {
		for i := range cat.Procedures {
			if cat.Procedures[i].Code == code {
				procs = append(procs, &cat.Procedures[i])
			}
		}
	}
	if len(procs) == 0 {
		f.Fatal("no shipped procedure to fuzz with")
	}
	actor := &staff.Officer{ID: "o1", UnitID: "u1", Roles: []staff.Role{staff.Reception}, Active: true}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		var in Intake
		if json.Unmarshal(data, &in) != nil {
			return
		}
		b1, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("marshal a decoded intake: %v", err)
		}
		var again Intake
		if err := json.Unmarshal(b1, &again); err != nil {
			t.Fatalf("the JSON of an intake does not read back: %v", err)
		}
		if b2, _ := json.Marshal(again); string(b1) != string(b2) {
			t.Fatalf("the JSON of an intake changes when read back:\n%s\n%s", b1, b2)
		}
		for _, p := range procs {
			d, _, err := Create(in, p, actor, now)
			if err != nil || d == nil {
				continue
			}
			for _, s := range []string{d.Applicant.FullName, d.Applicant.IDNumber, d.Applicant.Address, d.Applicant.Phone, d.Request} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Errorf("procedure %s accepts a text with NUL or invalid UTF-8: %q", p.Code, s)
				}
			}
		}
	})
}

// FuzzIDNumber checks and masks identity numbers: never a panic, and a mask
// keeps the length and hides all but the last digits.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"079203001234", "", "1", "0792030012345678", "abc", "07920300123\x00", "\xff\xff\xff\xff\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		_ = CheckIDNumber(id)
		m := MaskID(id)
		if CheckIDNumber(id) == nil && utf8.RuneCountInString(m) != utf8.RuneCountInString(id) {
			t.Fatalf("MaskID(%q) = %q: the length changed", id, m)
		}
		if CheckIDNumber(id) == nil && len(id) > 4 && m == id {
			t.Fatalf("MaskID(%q) hides nothing", id)
		}
	})
}

// FuzzCode formats dossier codes: the code reads back as its unit, day and
// number.
func FuzzCode(f *testing.F) {
	f.Add("000.00.06.H56", int64(0), 1)
	f.Add("000.21.37.H56", int64(1796000000), 9999)
	f.Add("000.00.00.H57", int64(-62135596800), 0)
	f.Fuzz(func(t *testing.T, unitCode string, sec int64, seq int) {
		if seq < 0 || seq > 9999 || sec < 0 || sec > 4102444800 || strings.Contains(unitCode, "-") {
			return
		}
		day := time.Unix(sec, 0).UTC()
		code := FormatCode(unitCode, day, seq)
		unit, rest, ok := strings.Cut(code, "-")
		if !ok || unit != unitCode {
			t.Fatalf("FormatCode(%q, %v, %d) = %q: the unit does not read back", unitCode, day, seq, code)
		}
		ds, ns, ok := strings.Cut(rest, "-")
		if !ok || ds != day.Format("060102") || len(ns) != 4 {
			t.Fatalf("FormatCode(%q, %v, %d) = %q: the day or number does not read back", unitCode, day, seq, code)
		}
	})
}
