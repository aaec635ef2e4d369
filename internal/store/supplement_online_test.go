package store_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// The online supplement: bad input is refused by field and stores nothing;
// a good one records the supplement as the counter does (status back,
// clock resumed, public event, portal message) with its files, once,
// however often it is sent; a counter dossier keeps the counter path.
func TestSupplementOnline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-03-03 09:00"})
		lead, err := tw.DB.Officer(ctx, d.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		tw.Clock.Set(t, "2025-03-04 09:00")
		ask := dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ",
			Items: []string{"Bản sao giấy khai sinh", "Ảnh căn cước hai mặt"}}
		if d, err = tw.DB.Act(ctx, d.Code, ask, lead); err != nil {
			t.Fatal(err)
		}
		paused := d.Appointment()
		files0, _ := tw.DB.CountFiles(ctx)
		portal0, err := tw.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: d.ID})
		if err != nil {
			t.Fatal(err)
		}

		tw.Clock.Set(t, "2025-03-06 09:00") // two working days later
		for _, bad := range []struct {
			name  string
			req   store.SupplementRequest
			field string
		}{
			{"no key", store.SupplementRequest{Files: []store.NewFile{{Component: 0, Name: "ks.pdf", Data: samplePDF}}}, "key"},
			{"no file", store.SupplementRequest{Key: "k1"}, "files"},
			{"not a document", store.SupplementRequest{Key: "k1", Files: []store.NewFile{{Component: 0, Name: "ks.pdf", Data: samplePDF},
				{Component: 1, Name: "anh.pdf", Data: sampleEXE}}}, "items.1"},
			{"an item not asked", store.SupplementRequest{Key: "k1", Files: []store.NewFile{{Component: 2, Name: "ks.pdf", Data: samplePDF}}}, "items.2"},
			{"a long note", store.SupplementRequest{Key: "k1", Note: strings.Repeat("ạ", store.MaxSupplementNote+1),
				Files: []store.NewFile{{Component: 0, Name: "ks.pdf", Data: samplePDF}}}, "note"},
		} {
			_, err := tw.DB.SupplementOnline(ctx, d.Code, bad.req)
			if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != bad.field {
				t.Errorf("%s: %v, want Invalid on %s", bad.name, err, bad.field)
			}
		}
		if n, _ := tw.DB.CountFiles(ctx); n != files0 {
			t.Fatalf("refused supplements stored %d files", n-files0)
		}
		if got, _ := tw.DB.Dossier(ctx, d.Code); got.Status != dossier.Supplement {
			t.Fatalf("a refused supplement moved the dossier to %v", got.Status)
		}

		// A double click: two requests at once with the same key, then a retry.
		req := store.SupplementRequest{Key: "k-good", Note: "Gửi bổ sung theo yêu cầu",
			Files: []store.NewFile{{Component: 0, Name: "khai-sinh.pdf", Data: samplePDF}, {Component: 1, Name: "cccd.pdf", Data: samplePDF}}}
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = tw.DB.SupplementOnline(ctx, d.Code, req)
			}()
		}
		wg.Wait()
		got, err := tw.DB.SupplementOnline(ctx, d.Code, req)
		errs[2] = err
		for i, err := range errs {
			if err != nil {
				t.Fatalf("send %d: %v", i, err)
			}
		}
		if got.Status != dossier.Processing {
			t.Fatalf("after the supplement: %v, want back in processing", got.Status)
		}
		// The clock resumed: the appointment moved by the two working days paused.
		if !got.Appointment().After(paused) {
			t.Errorf("appointment %v, not moved past %v by the pause", got.Appointment(), paused)
		}
		events, err := tw.DB.Events(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events {
			if e.Kind == dossier.ActSupplement {
				n++
				if !e.Public || e.ActorID != "" || !strings.Contains(e.Note, "2 tệp") || !strings.Contains(e.Note, "Gửi bổ sung") {
					t.Errorf("the supplement event: %+v", e)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d supplement events, want 1", n)
		}
		if n, _ := tw.DB.CountFiles(ctx); n != files0+2 {
			t.Errorf("%d files stored, want 2", n-files0)
		}
		portal1, err := tw.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(portal1) != len(portal0)+1 || !bytes.Contains(portal1[len(portal1)-1].Payload, []byte(`"supplement"`)) {
			t.Errorf("portal messages %d -> %d; want one more, telling the supplement", len(portal0), len(portal1))
		}
		sups, err := tw.DB.OnlineSupplements(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sups) != 1 || sups[0].RequestNo != 1 || sups[0].Note != "Gửi bổ sung theo yêu cầu" || len(sups[0].Files) != 2 ||
			sups[0].Files[0].Item != 0 || sups[0].Files[1].Item != 1 || sups[0].Files[0].Name != "khai-sinh.pdf" {
			t.Fatalf("online supplements: %+v", sups)
		}
		f, data, err := tw.DB.FileData(ctx, sups[0].Files[1].ID)
		if err != nil || !bytes.Equal(data, samplePDF) || f.DossierID != d.ID || f.Component != -1 {
			t.Fatalf("the supplement's file: %+v, %d bytes, %v", f, len(data), err)
		}

		// Another key once answered: the request is answered.
		_, err = tw.DB.SupplementOnline(ctx, d.Code, store.SupplementRequest{Key: "k-other", Files: []store.NewFile{{Component: 0, Name: "x.pdf", Data: samplePDF}}})
		if apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a second supplement: %v, want Conflict", err)
		}
		// The key of this dossier's answer on another dossier is refused.
		other := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-03-06 10:00"})
		if _, err = tw.DB.SupplementOnline(ctx, other.Code, req); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("a key reused on another dossier: %v, want Invalid", err)
		}

		// A counter dossier waiting for a supplement: the counter path.
		counter := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-06 11:00"})
		clead, err := tw.DB.Officer(ctx, counter.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.Act(ctx, counter.Code, ask, clead); err != nil {
			t.Fatal(err)
		}
		_, err = tw.DB.SupplementOnline(ctx, counter.Code, store.SupplementRequest{Key: "k-counter", Files: []store.NewFile{{Component: 0, Name: "x.pdf", Data: samplePDF}}})
		if apperr.KindOf(err) != apperr.Conflict || !strings.Contains(apperr.PublicMessage(err), "Bộ phận Một cửa") {
			t.Errorf("a counter dossier: %v, want Conflict sending to the counter", err)
		}
		if n, _ := tw.DB.CountFiles(ctx); n != files0+2 {
			t.Errorf("refused supplements stored %d more files", n-files0-2)
		}
	})
}

// BenchmarkSupplementOnline records an online supplement with one one-page
// PDF (checks, blob, the supplement action's transaction with its event,
// portal message and files) on a dossier waiting for it; preparing each
// dossier is not timed.
func BenchmarkSupplementOnline(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			tw := storetest.NewTown(b, e)
			ask := dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ", Items: []string{"Bản sao giấy khai sinh"}}
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				d := tw.Drive(b, storetest.Path{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-03-03 09:00"})
				lead, err := tw.DB.Officer(ctx, d.LeadID)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tw.DB.Act(ctx, d.Code, ask, lead); err != nil {
					b.Fatal(err)
				}
				req := store.SupplementRequest{Key: fmt.Sprintf("bench-%d", i), Files: []store.NewFile{{Component: 0, Name: "ks.pdf", Data: samplePDF}}}
				b.StartTimer()
				if _, err := tw.DB.SupplementOnline(ctx, d.Code, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
