package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// The applicant's choice of how to receive the result: checked, replaced by
// a later choice, refused once the dossier has ended, on both engines.
func TestReturnChoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		open := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		done := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 10:00",
			Resolved: "2025-03-04 10:00", Returned: true})

		if c, err := tw.DB.ReturnChoice(ctx, open.ID); err != nil || c != nil {
			t.Fatalf("before any choice: %v, %v", c, err)
		}
		for _, bad := range []struct {
			c     dossier.ReturnChoice
			field string
		}{
			{dossier.ReturnChoice{Channel: "drone"}, "return_channel"},
			{dossier.ReturnChoice{Channel: dossier.ReturnByPost, Address: "  "}, "return_address"},
			{dossier.ReturnChoice{Channel: dossier.ReturnByPost, Address: string(make([]rune, 301))}, "return_address"},
		} {
			_, err := tw.DB.SetReturnChoice(ctx, open.ID, bad.c)
			if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != bad.field {
				t.Errorf("%+v: %v, want Invalid on %s", bad.c, err, bad.field)
			}
		}
		if c, _ := tw.DB.ReturnChoice(ctx, open.ID); c != nil {
			t.Fatalf("a refused choice was stored: %+v", c)
		}

		got, err := tw.DB.SetReturnChoice(ctx, open.ID, dossier.ReturnChoice{Channel: dossier.ReturnByPost, Address: " Thôn 3, xã Đạ Tẻh "})
		if err != nil || got.Address != "Thôn 3, xã Đạ Tẻh" {
			t.Fatalf("by post: %+v, %v", got, err)
		}
		// Changed their mind: the counter, and the address goes.
		if _, err := tw.DB.SetReturnChoice(ctx, open.ID, dossier.ReturnChoice{Channel: dossier.ReturnAtCounter, Address: "x"}); err != nil {
			t.Fatal(err)
		}
		c, err := tw.DB.ReturnChoice(ctx, open.ID)
		if err != nil || c == nil || c.Channel != dossier.ReturnAtCounter || c.Address != "" || c.ChosenAt.IsZero() {
			t.Fatalf("after the change: %+v, %v", c, err)
		}

		_, err = tw.DB.SetReturnChoice(ctx, done.ID, dossier.ReturnChoice{Channel: dossier.ReturnAtCounter})
		if apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a returned dossier: %v, want Conflict", err)
		}
		if c, _ := tw.DB.ReturnChoice(ctx, done.ID); c != nil {
			t.Errorf("a returned dossier got a choice: %+v", c)
		}
		_, err = tw.DB.SetReturnChoice(ctx, "no-such-dossier", dossier.ReturnChoice{Channel: dossier.ReturnAtCounter})
		if apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("an unknown dossier: %v, want NotFound", err)
		}
	})
}
