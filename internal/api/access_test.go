package api

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestTokenRevocationAPI: an administrator lists an officer's tokens and
// revokes one, which stops working at once; other roles and administrators of
// other units cannot; a password reset revokes the rest.
func TestTokenRevocationAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		clerk, err := f.db.OfficerByUsername(ctx, "clerk")
		if err != nil {
			t.Fatal(err)
		}
		spare, err := f.db.CreateToken(ctx, clerk.ID, "dự phòng", "test")
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/officers/" + clerk.ID + "/tokens"
		if c, _ := f.do(t, "GET", path, f.chief, nil); c != 403 {
			t.Errorf("a leader lists tokens: %d, want 403", c)
		}
		c, body := f.do(t, "GET", path, f.admin, nil)
		list, _ := body["tokens"].([]any)
		if c != 200 || len(list) != 2 {
			t.Fatalf("list: %d %v", c, body)
		}
		var testID string
		for _, x := range list {
			tk := x.(map[string]any)
			if tk["name"] == "test" {
				testID = tk["id"].(string)
			}
			if tk["active"] != true || tk["token_hash"] != nil {
				t.Errorf("token %v", tk)
			}
		}
		if c, _ := f.do(t, "GET", "/api/v1/me", f.clerk, nil); c != 200 {
			t.Fatalf("the clerk's token before: %d", c)
		}
		// An administrator of another unit does not see this officer.
		other := &unit.Unit{Code: "000.21.99.H56", Name: "UBND xã Khác", Kind: unit.Commune}
		if err := f.db.CreateUnit(ctx, other, "test"); err != nil {
			t.Fatal(err)
		}
		stranger := &staff.Officer{UnitID: other.ID, Username: "admin2", FullName: "admin2", Roles: []staff.Role{staff.Admin}, Active: true}
		if err := f.db.CreateOfficer(ctx, stranger, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		strangerToken, err := f.db.CreateToken(ctx, stranger.ID, "test", "test")
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := f.do(t, "DELETE", path+"/"+testID, strangerToken, nil); c != 404 {
			t.Errorf("another unit's administrator revokes: %d, want 404", c)
		}
		if c, _ := f.do(t, "GET", "/api/v1/me", f.clerk, nil); c != 200 {
			t.Errorf("the token stopped working after a refused revocation: %d", c)
		}
		if c, body := f.do(t, "DELETE", path+"/"+testID, f.admin, nil); c != 204 {
			t.Fatalf("revoke: %d %v", c, body)
		}
		if c, _ := f.do(t, "GET", "/api/v1/me", f.clerk, nil); c != 401 {
			t.Errorf("a revoked token: %d, want 401", c)
		}
		_, body = f.do(t, "GET", path, f.admin, nil)
		for _, x := range body["tokens"].([]any) {
			tk := x.(map[string]any)
			if want := tk["id"] != testID; tk["active"] != want || (tk["revoked_at"] == nil) == !want {
				t.Errorf("after revocation: %v", tk)
			}
		}
		if c, _ := f.do(t, "DELETE", path+"/nope", f.admin, nil); c != 404 {
			t.Errorf("unknown token: %d, want 404", c)
		}
		// A password reset revokes what is left.
		if c, _ := f.do(t, "GET", "/api/v1/me", spare, nil); c != 200 {
			t.Fatalf("the spare token: %d", c)
		}
		if err := f.db.SetPassword(ctx, clerk.ID, "mat-khau-moi-1", "test"); err != nil {
			t.Fatal(err)
		}
		if c, _ := f.do(t, "GET", "/api/v1/me", spare, nil); c != 401 {
			t.Errorf("a token after the password reset: %d, want 401", c)
		}
		// Sessions: listed, none open.
		if c, body := f.do(t, "GET", "/api/v1/officers/"+clerk.ID+"/sessions", f.admin, nil); c != 200 || len(body["sessions"].([]any)) != 0 {
			t.Errorf("sessions: %d %v", c, body)
		}
	})
}
