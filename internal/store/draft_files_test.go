package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDraftFiles: a form's kept files, one per component (the later
// replaces the earlier), only for their key, refused when not a document,
// gone when deleted or a day old, on both engines.
func TestDraftFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		pdf := filestoretest.PDF(t, 1, "to khai")
		png := []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'}
		tw.Clock.Set(t, "2025-03-03 09:00")
		if err := tw.DB.SaveDraftFiles(ctx, "key-a", []store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: pdf}, {Component: 2, Name: "anh.png", Data: png}}); err != nil {
			t.Fatal(err)
		}
		if err := tw.DB.SaveDraftFiles(ctx, "key-a", []store.NewFile{{Component: 2, Name: "anh-moi.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		got, err := tw.DB.DraftFiles(ctx, "key-a")
		if err != nil || len(got) != 2 || got[0].Name != "to-khai.pdf" || got[2].Name != "anh-moi.pdf" || string(got[2].Data) != string(pdf) {
			t.Fatalf("draft files %+v, %v", got, err)
		}
		if other, _ := tw.DB.DraftFiles(ctx, "key-b"); len(other) != 0 {
			t.Errorf("another key sees %d files", len(other))
		}
		err = tw.DB.SaveDraftFiles(ctx, "key-a", []store.NewFile{{Component: 1, Name: "x.pdf", Data: []byte("<html>")}})
		if apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("a non-document: %v, want Invalid", err)
		}
		if err := tw.DB.SaveDraftFiles(ctx, "", []store.NewFile{{Component: 0, Name: "a.pdf", Data: pdf}}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("no key: %v, want Invalid", err)
		}
		if err := tw.DB.DeleteDraftFiles(ctx, "key-a"); err != nil {
			t.Fatal(err)
		}
		if left, _ := tw.DB.DraftFiles(ctx, "key-a"); len(left) != 0 {
			t.Errorf("%d files after delete", len(left))
		}
		// A day later a draft is gone, and saving another purges it.
		if err := tw.DB.SaveDraftFiles(ctx, "key-c", []store.NewFile{{Component: 0, Name: "a.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		tw.Clock.Set(t, "2025-03-04 09:01")
		if old, _ := tw.DB.DraftFiles(ctx, "key-c"); len(old) != 0 {
			t.Errorf("a day-old draft still has %d files", len(old))
		}
		if err := tw.DB.SaveDraftFiles(ctx, "key-d", []store.NewFile{{Component: 0, Name: "b.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		tw.Clock.Set(t, "2025-03-03 09:00") // back in time: the purged draft stays gone
		if old, _ := tw.DB.DraftFiles(ctx, "key-c"); len(old) != 0 {
			t.Errorf("the purge left %d files of a day-old draft", len(old))
		}
	})
}
