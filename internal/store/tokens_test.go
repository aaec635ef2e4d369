package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestTokensAreListedAndRevocable: an officer's tokens are listed with when
// they were last used; a revoked token stops working at once; another
// officer's token cannot be revoked through this one; a password reset
// revokes every token and ends every session.
func TestTokensAreListedAndRevocable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		o := tw.hotich
		first, err := tw.db.CreateToken(ctx, o.ID, "Phần mềm A", "admin")
		if err != nil {
			t.Fatal(err)
		}
		tw.clk.Advance(time.Minute)
		second, err := tw.db.CreateToken(ctx, o.ID, "Phần mềm B", "admin")
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := tw.db.CreateToken(ctx, tw.leader.ID, "Của lãnh đạo", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.OfficerByToken(ctx, first); err != nil {
			t.Fatal(err)
		}
		list, err := tw.db.Tokens(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name != "Phần mềm B" || list[1].Name != "Phần mềm A" {
			t.Fatalf("tokens %+v, want B then A", list)
		}
		if !list[0].LastUsedAt.IsZero() || !list[1].LastUsedAt.Equal(tw.clk.Now()) {
			t.Errorf("last used: B %v, A %v; want never, %v", list[0].LastUsedAt, list[1].LastUsedAt, tw.clk.Now())
		}

		// Another officer's token is not this officer's to revoke.
		leaders, _ := tw.db.Tokens(ctx, tw.leader.ID)
		if err := tw.db.RevokeToken(ctx, o.ID, leaders[0].ID, "admin"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("revoking another officer's token through this one: %v, want NotFound", err)
		}
		if _, err := tw.db.OfficerByToken(ctx, foreign); err != nil {
			t.Errorf("the leader's token stopped working: %v", err)
		}

		if err := tw.db.RevokeToken(ctx, o.ID, list[1].ID, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.OfficerByToken(ctx, first); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a revoked token: %v, want Unauthenticated", err)
		}
		if err := tw.db.RevokeToken(ctx, o.ID, list[1].ID, "admin"); err != nil {
			t.Errorf("revoking again: %v", err)
		}
		if _, err := tw.db.OfficerByToken(ctx, second); err != nil {
			t.Errorf("the other token stopped working: %v", err)
		}

		// Sessions are listed and can be ended one by one.
		for _, id := range []string{"cookie-1", "cookie-2"} {
			if err := tw.db.CreateSession(ctx, id, o.ID, "csrf", time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		sessions, err := tw.db.Sessions(ctx, o.ID)
		if err != nil || len(sessions) != 2 {
			t.Fatalf("sessions %v, %v", sessions, err)
		}
		if err := tw.db.EndSession(ctx, tw.leader.ID, sessions[0].ID, "admin"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("ending a session through another officer: %v", err)
		}
		if err := tw.db.EndSession(ctx, o.ID, sessions[0].ID, "admin"); err != nil {
			t.Fatal(err)
		}
		if left, _ := tw.db.Sessions(ctx, o.ID); len(left) != 1 {
			t.Errorf("%d sessions after ending one, want 1", len(left))
		}

		// A password reset: nothing issued before it opens the account.
		if err := tw.db.SetPassword(ctx, o.ID, "mat-khau-moi-1", "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.OfficerByToken(ctx, second); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a token after the password reset: %v, want Unauthenticated", err)
		}
		for _, id := range []string{"cookie-1", "cookie-2"} {
			if _, err := tw.db.SessionByID(ctx, id); apperr.KindOf(err) != apperr.Unauthenticated {
				t.Errorf("session %s after the password reset: %v", id, err)
			}
		}
		after, _ := tw.db.Tokens(ctx, o.ID)
		for _, tk := range after {
			if !tk.Revoked() {
				t.Errorf("token %q not revoked by the password reset", tk.Name)
			}
		}
		if _, err := tw.db.OfficerByToken(ctx, foreign); err != nil {
			t.Errorf("another officer's token stopped working: %v", err)
		}
	})
}
