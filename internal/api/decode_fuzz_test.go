package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// FuzzDecode reads request bodies as every write of the API does: a body
// that is not the expected JSON is an Invalid error (422), never anything
// else, and never a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"unit_code":"000.21.37.H56","procedure_code":"2.000635","intake":{"channel":2,"applicant":{"full_name":"A"},"components":[]}}`,
		`{"kind":"draft_apology","extend_days":1000000,"new_appointment":"9999-01-01T00:00:00Z"}`,
		`{"intake":{"copies":288230376151711744}}`, `{"intake":{"copies":1e400}}`, `{"kind":"x","unknown":1}`,
		`{"body":"\u0000"}`, "{\"body\":\"\xff\"}", `{} {}`, `[`, strings.Repeat("[", 20000), `{"a":` + strings.Repeat(`{"a":`, 5000),
		`{"last4":1234}`, `{"rating":"x","complaint":null}`, `null`, ``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, v := range []any{&intakeBody{}, &dossier.Action{}, &ratingBody{}, &templateBody{}, &newOfficer{}} {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			if err := decode(r, v); err != nil && apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("decode %T of %q: %v (kind %v), want Invalid", v, body, err, apperr.KindOf(err))
			}
		}
	})
}
