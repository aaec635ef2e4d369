package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierSearch checks what officers type into the dossier search, on
// both engines: names without diacritics, both tone placements, đ as d,
// part of a name, a code or its last digits, an ID number or phone (or
// their tails), a procedure's words; within the officer's unit only, the
// newest first, bounded, and following an edit of the applicant.
func TestDossierSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 08:00")
		intake := func(unitID, proc, name, id, phone string) *dossier.Dossier {
			t.Helper()
			r := tw.request(t, proc, dossier.Counter, tw.reception)
			if unitID != tw.unit.ID {
				r = tw.request(t, proc, dossier.Counter, tw.foreign)
			}
			r.UnitID = unitID
			r.Intake.Applicant.FullName, r.Intake.Applicant.IDNumber, r.Intake.Applicant.Phone = name, id, phone
			d, err := tw.db.Intake(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			tw.clk.Advance(time.Minute)
			return d
		}
		// 2.000815: Chứng thực bản sao...; 1.004873: Thủ tục cấp Giấy xác nhận tình trạng hôn nhân.
		an := intake(tw.unit.ID, "2.000815", "Nguyễn Văn An", "068190001234", "0912345678")
		hoaOld := intake(tw.unit.ID, "1.004873", "Trần Thị Hoà", "068190005555", "0988111222")
		hoaNew := intake(tw.unit.ID, "2.000815", "Lê Thị Hòa", "068190006666", "0977333444")
		duc := intake(tw.unit.ID, "1.004873", "Đặng Đình Đức", "068190007777", "0966555666")
		anh := intake(tw.unit.ID, "2.000815", "Phạm Tuấn Anh", "068190008888", "0955777888")
		theirs := intake(tw.other.ID, "2.000815", "Nguyễn Văn An", "068190009999", "0944999000")

		search := func(unitID, q string) []string {
			t.Helper()
			list, err := tw.db.Dossiers(ctx, store.DossierFilter{UnitID: unitID, Query: q, Order: store.OrderCreated, Desc: true})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var codes []string
			for _, d := range list {
				codes = append(codes, d.Code)
			}
			return codes
		}
		codes := func(ds ...*dossier.Dossier) []string {
			var out []string
			for _, d := range ds {
				out = append(out, d.Code)
			}
			return out
		}
		tail := func(code string, n int) string { return code[len(code)-n:] }
		// Through the text index (a window of 1: the newest dossier only),
		// row by row then through the index (3), and row by row alone.
		for _, window := range []int{1, 3, 2000} {
			undo := store.SetSearchWindow(window)
			t.Run(fmt.Sprintf("window %d", window), func(t *testing.T) {
				for _, c := range []struct {
					q    string
					want []*dossier.Dossier // the newest first
				}{
					{"nguyen van an", []*dossier.Dossier{an}},
					{"NGUYỄN VĂN AN", []*dossier.Dossier{an}},
					{"Nguye\u0302\u0303n", []*dossier.Dossier{an}}, // decomposed (NFD) input
					{"nguyen van a", []*dossier.Dossier{an}},       // the last word being typed
					{"ngu", []*dossier.Dossier{an}},
					{"thi hoa", []*dossier.Dossier{hoaNew, hoaOld}}, // Hoà and Hòa
					{"thi hoà", []*dossier.Dossier{hoaNew, hoaOld}},
					{"thi hòa", []*dossier.Dossier{hoaNew, hoaOld}},
					{"hoa", []*dossier.Dossier{anh, hoaNew, hoaOld, an}}, // and "hoặc" in 2.000815's name
					{"dang dinh duc", []*dossier.Dossier{duc}},           // đ as d
					{"Đặng Đình Đức", []*dossier.Dossier{duc}},
					{"duc", []*dossier.Dossier{duc}},
					{"an", []*dossier.Dossier{anh, an}}, // An, and Anh beginning with it
					{"thi", []*dossier.Dossier{hoaNew, hoaOld}},
					{an.Code, []*dossier.Dossier{an}},
					{tail(hoaOld.Code, 11), []*dossier.Dossier{hoaOld}}, // 250303-0002
					{tail(hoaOld.Code, 4), []*dossier.Dossier{hoaOld}},  // 0002
					{tail(hoaOld.Code, 3), []*dossier.Dossier{hoaOld}},  // 002: a code's last digits
					{"068190001234", []*dossier.Dossier{an}},            // an ID number
					{"1234", []*dossier.Dossier{an}},                    // its last digits
					{"0977333444", []*dossier.Dossier{hoaNew}},          // a phone
					{"333444", []*dossier.Dossier{hoaNew}},
					{"hon nhan", []*dossier.Dossier{duc, hoaOld}}, // a procedure's words
					{"chung thuc ban sao nguyen", []*dossier.Dossier{an}},
					{"hon nhan nguyen", nil},
					{"uyen", nil},  // the middle of a word is not a word of it
					{"xyzzy", nil}, // nobody
				} {
					if got, want := search(tw.unit.ID, c.q), codes(c.want...); !slices.Equal(got, want) {
						t.Errorf("search %q = %v, want %v", c.q, got, want)
					}
				}

				// Another unit's dossiers never show, and it sees only its own.
				if got := search(tw.unit.ID, theirs.Code); len(got) != 0 {
					t.Errorf("the other unit's code found %v in this unit", got)
				}
				if got, want := search(tw.other.ID, "nguyen van an"), codes(theirs); !slices.Equal(got, want) {
					t.Errorf("the other unit's search = %v, want %v", got, want)
				}

				// Bounded: the newest first, up to the limit.
				list, err := tw.db.Dossiers(ctx, store.DossierFilter{UnitID: tw.unit.ID, Query: "0", Order: store.OrderCreated, Desc: true, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := codes(list...), codes(anh, duc); !slices.Equal(got, want) {
					t.Errorf("search limited to 2 = %v, want %v", got, want)
				}
				list, err = tw.db.Dossiers(ctx, store.DossierFilter{UnitID: tw.unit.ID, Query: "thi hoa", Order: store.OrderCreated, Desc: true, Limit: 1, Offset: 1})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := codes(list...), codes(hoaOld); !slices.Equal(got, want) {
					t.Errorf("the second page of 1 = %v, want %v", got, want)
				}
			})
			undo()
		}

		// After an edit the old name no longer finds the dossier, the new one
		// does, and a transition that leaves the text alone changes neither.
		if err := tw.db.RenameApplicant(ctx, duc.Code, "Bùi Thị Thuỷ"); err != nil {
			t.Fatal(err)
		}
		tw.act(t, duc.Code, dossier.Action{Kind: dossier.ActAssign, OfficerID: tw.hotich2.ID}, tw.leader)
		for _, window := range []int{1, 2000} { // the text index, and row by row
			undo := store.SetSearchWindow(window)
			if got := search(tw.unit.ID, "dang dinh duc"); len(got) != 0 {
				t.Errorf("window %d: the old name still finds %v", window, got)
			}
			if got, want := search(tw.unit.ID, "bui thi thuy"), codes(duc); !slices.Equal(got, want) {
				t.Errorf("window %d: the new name finds %v, want %v", window, got, want)
			}
			undo()
		}
	})
}
