package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		v, err := db.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("SchemaVersion = %d, %v", v, err)
		}
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Errorf("second Migrate applied %d, err %v; want 0, nil", n, err)
		}
	})
}

func sampleUnit() *unit.Unit {
	return &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune,
		Letterhead: unit.Letterhead{ParentBody: "UBND TỈNH LÂM ĐỒNG", IssuingBody: "UBND XÃ ĐẠ TẺH", Place: "Đạ Tẻh",
			SignerTitle: "CHỦ TỊCH", SignerName: "Nguyễn Văn Minh"}}
}

func TestUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		u := sampleUnit()
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		got, err := db.UnitByCode(ctx, "000.21.37.H56")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(u, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("unit read back (-want +got):\n%s", diff)
		}
		if got.Working.Hours[0].Start != "07:00" {
			t.Errorf("default working hours not stored: %+v", got.Working)
		}

		dup := sampleUnit()
		if err := db.CreateUnit(ctx, dup, "test"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("duplicate code: err = %v, want Conflict", err)
		}
		bad := sampleUnit()
		bad.Code = "21.37.H56"
		err = db.CreateUnit(ctx, bad, "test")
		var fe *apperr.FieldsError
		if !errors.As(err, &fe) || fe.Fields["code"] == "" {
			t.Errorf("invalid code: err = %v, want a field error on code", err)
		}
		units, _ := db.Units(ctx)
		if len(units) != 1 {
			t.Errorf("after failed creates there are %d units, want 1", len(units))
		}

		// The 2025 reform: a commune merged into another keeps its history.
		succ := sampleUnit()
		succ.Code, succ.Name = "000.21.40.H56", "UBND xã Đạ Tẻh mới"
		if err := db.CreateUnit(ctx, succ, "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.MergeUnit(ctx, u.ID, succ.ID, "test"); err != nil {
			t.Fatal(err)
		}
		old, _ := db.Unit(ctx, u.ID)
		if old.SuccessorID != succ.ID || old.MergedAt == nil || old.Active() {
			t.Errorf("merged unit = %+v", old)
		}
		if err := db.MergeUnit(ctx, succ.ID, u.ID, "test"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("merge into a merged unit: err = %v, want Conflict", err)
		}
	})
}

func TestOfficersAndAuth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		u := sampleUnit()
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		o := &staff.Officer{UnitID: u.ID, Username: "TiepNhan", FullName: "Lê Thị Hoà", Roles: []staff.Role{staff.Reception}, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-demo", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, "tiepnhan", "mat-khau-demo"); err != nil {
			t.Errorf("right password: %v", err)
		}
		for _, tc := range []struct{ user, pw string }{{"tiepnhan", "sai-mat-khau"}, {"nobody", "mat-khau-demo"}} {
			if _, err := db.Authenticate(ctx, tc.user, tc.pw); apperr.KindOf(err) != apperr.Unauthenticated {
				t.Errorf("Authenticate(%s, %s) = %v, want Unauthenticated", tc.user, tc.pw, err)
			}
		}
		// A specialist owning an unknown field is refused, and nothing is stored.
		s := &staff.Officer{UnitID: u.ID, Username: "chuyenvien", FullName: "Phạm Văn Đức", Roles: []staff.Role{staff.Specialist}, Fields: []string{"NOPE"}, Active: true}
		if err := db.CreateOfficer(ctx, s, "mat-khau-demo", "test"); apperr.FieldOf(err) != "fields" {
			t.Errorf("unknown field: err = %v", err)
		}
		if _, err := db.OfficerByUsername(ctx, "chuyenvien"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("officer stored despite the error: %v", err)
		}
		// Tokens.
		tok, err := db.CreateToken(ctx, o.ID, "ci", "test")
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.OfficerByToken(ctx, tok)
		if err != nil || got.ID != o.ID {
			t.Errorf("OfficerByToken = %v, %v", got, err)
		}
		if _, err := db.OfficerByToken(ctx, tok+"x"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("bad token: %v", err)
		}
		// Sessions.
		if err := db.CreateSession(ctx, "cookie-value", o.ID, "csrf", time.Hour); err != nil {
			t.Fatal(err)
		}
		sess, err := db.SessionByID(ctx, "cookie-value")
		if err != nil || sess.Officer.ID != o.ID || sess.CSRF != "csrf" {
			t.Errorf("SessionByID = %+v, %v", sess, err)
		}
		if err := db.SetPassword(ctx, o.ID, "mat-khau-moi-123", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByID(ctx, "cookie-value"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("session survived a password change: %v", err)
		}
	})
}

// TestTransactRetriesUnderContention runs many concurrent read-modify-write
// transactions on one row; none may fail and none may be lost.
func TestTransactRetriesUnderContention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		u := sampleUnit()
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.SetUnitDay(ctx, u.ID, store.UnitDay{Date: "2026-05-19", Name: "Nghỉ bù"}, "test")
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent write: %v", err)
			}
		}
		days, err := db.UnitDays(ctx, u.ID)
		if err != nil || len(days) != 1 {
			t.Errorf("UnitDays = %v, %v", days, err)
		}
	})
}

func TestUnitDayValidation(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	ctx := context.Background()
	u := sampleUnit()
	if err := db.CreateUnit(ctx, u, "test"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		d     store.UnitDay
		field string
	}{
		{store.UnitDay{Date: "2026-02-30", Name: "x"}, "date"},
		{store.UnitDay{Date: "2026-06-01", Name: " "}, "name"},
	} {
		if err := db.SetUnitDay(ctx, u.ID, c.d, "test"); apperr.FieldOf(err) != c.field {
			t.Errorf("SetUnitDay(%+v) = %v, want an error on %s", c.d, err, c.field)
		}
	}
	if days, _ := db.UnitDays(ctx, u.ID); len(days) != 0 {
		t.Errorf("refused days were stored: %v", days)
	}
	if err := db.DeleteUnitDay(ctx, u.ID, "2026-06-01", "test"); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("deleting a day the unit does not have: %v", err)
	}
}
