package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestGeneratedDeclarationIsStoredAndReplayed: an online birth registration
// whose declaration is generated from its answers keeps the answers and the
// generated component through the store's record; the same request again
// (a retry with its key) returns that dossier, the component Create added
// not counting as a difference.
func TestGeneratedDeclarationIsStoredAndReplayed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		req := tw.request(t, "1.001193", dossier.Online, nil)
		req.Intake.Components = req.Intake.Components[1:] // all but the declaration
		req.Intake.Declaration = map[string]string{"declarant_relation": "Cha", "child_name": "Lê Minh An", "child_birth_date": "2025-02-20",
			"child_sex": "Nữ", "child_birth_place": "Bệnh viện huyện", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
			"child_home_town": "xã Đạ Tẻh", "father_birth_year": "1988"}
		req.Intake.IdempotencyKey = "form-key-1"
		first, err := tw.db.Intake(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		again, err := tw.db.Intake(ctx, req)
		if err != nil || again.Code != first.Code {
			t.Fatalf("the retry: %v, %v; want dossier %s", again, err, first.Code)
		}
		d, err := tw.db.Dossier(ctx, first.Code)
		if err != nil {
			t.Fatal(err)
		}
		if c := d.Components[0]; !c.Generated || c.Name != "Tờ khai đăng ký khai sinh" || c.FileID != "" {
			t.Errorf("component 0 read back as %+v, want the generated declaration", c)
		}
		if d.Components[1].Generated || d.Declaration["father_birth_year"] != "1988" || len(d.Declaration) != 9 {
			t.Errorf("read back: components %+v, declaration %v", d.Components, d.Declaration)
		}
	})
}
