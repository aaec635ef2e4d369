package staff

import (
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("mật khẩu tốt")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string at the deployed cost", h)
	}
	if !CheckPassword(h, "mật khẩu tốt") {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "mật khẩu tot", "mật khẩu tốt "} {
		if CheckPassword(h, wrong) {
			t.Errorf("wrong password %q matches", wrong)
		}
	}
	h2, _ := HashPassword("mật khẩu tốt")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt is not random")
	}
	if CheckPassword("$argon2id$garbage", "x") {
		t.Error("malformed hash matches")
	}
	if _, err := HashPassword("short"); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("short password: err = %v", err)
	}
}

// A test binary may make cheap hashes; they are checked by the parameters
// written in them, as a deployment's hashes are.
func TestCheapHashesInTests(t *testing.T) {
	saved := newHashCost
	t.Cleanup(func() { newHashCost = saved })
	CheapHashesInTests()
	h, err := HashPassword("mật khẩu tốt")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("cheap hash %q", h)
	}
	if !CheckPassword(h, "mật khẩu tốt") || CheckPassword(h, "mật khẩu tot") {
		t.Error("a cheap hash is not checked like another")
	}
}

func TestToken(t *testing.T) {
	tok, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, TokenPrefix) || HashToken(tok) != hash || strings.Contains(hash, tok) {
		t.Errorf("token %q hash %q", tok, hash)
	}
}

func TestOfficerValidate(t *testing.T) {
	o := Officer{UnitID: "u", Username: " A ", FullName: "Nguyễn Văn A", Roles: []Role{Reception, "boss"}, Fields: []string{"HT"}}
	o.Normalize()
	var fe *apperr.FieldsError
	if err := o.Validate(); !errors.As(err, &fe) {
		t.Fatalf("Validate = %v", err)
	}
	for _, f := range []string{"username", "roles", "fields"} {
		if fe.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, fe.Fields)
		}
	}
	ok := Officer{UnitID: "u", Username: "hotich", FullName: "Trần Thị B", Roles: []Role{Specialist}, Fields: []string{"HT"}}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid officer: %v", err)
	}
	if !ok.Owns("HT") || ok.Owns("CT") {
		t.Error("Owns is wrong")
	}
}
