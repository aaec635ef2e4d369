package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// drillPDF is a dossier's scanned document: bytes that pass the content
// check, different for each dossier so that a mixed-up file shows.
func drillPDF(n string) []byte {
	return filestoretest.MustPDF(1, "motcua restore drill "+n)
}

// takeWithFile takes in a counter dossier whose first component comes as a
// scanned file, then digitises it: two acknowledged writes.
func takeWithFile(t testing.TB, tw *town, n string) (string, error) {
	ctx := context.Background()
	req := tw.request(t, "1.004873", dossier.Counter, tw.reception)
	d, err := tw.db.IntakeWithFiles(ctx, req, []store.NewFile{{Component: 0, Name: "to-khai-" + n + ".pdf", Data: drillPDF(n)}})
	if err != nil {
		return "", err
	}
	return d.Code, nil
}

// digitise records the scan of a dossier's first component: the file is
// stored in the database beside the record, so the backup must carry it.
func digitise(tw *town, code string, scan []byte) error {
	f, err := filestore.Check(scan, filestore.Limits{}, "file")
	if err != nil {
		return err
	}
	_, err = tw.db.Digitise(context.Background(), code, 0, f, tw.db.Blobs(), tw.reception)
	return err
}

// restoreDrill is the restore drill on tw's engine. A closed period (3–7
// March) is lived through first: dossiers with files taken in, digitised,
// resolved, returned, one withdrawn. Then, on 10 March, workers take in
// dossiers with files and act on them while the database is backed up.
// The backup is restored into a new database, where:
//   - every dossier and every event acknowledged before the backup started
//     is present, and every event there is, in order, the source's (the
//     restored history of a dossier is a prefix of its history now);
//   - no dossier is there that the source does not have;
//   - every file's bytes hash to the SHA-256 recorded for it, which is the
//     source's;
//   - the closed period's report is the source's, to the last figure.
func restoreDrill(t *testing.T, tw *town, dsn string, restore func(t *testing.T, dir string) *store.DB) {
	ctx := context.Background()
	// The closed period.
	tw.clk.Set("2025-03-03 09:00")
	var closed []string
	for i := range 6 {
		code, err := takeWithFile(t, tw, fmt.Sprintf("p%d", i))
		if err != nil {
			t.Fatal(err)
		}
		closed = append(closed, code)
		if err := digitise(tw, code, filestoretest.PDF(t, 1, "ban so hoa "+code)); err != nil {
			t.Fatal(err)
		}
	}
	for i, code := range closed[:4] {
		tw.clk.Set(fmt.Sprintf("2025-03-0%d 10:00", 4+i%3))
		tw.act(t, code, dossier.Action{Kind: dossier.ActPropose}, lead(t, tw, code))
		tw.act(t, code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
		if i < 3 {
			tw.act(t, code, dossier.Action{Kind: dossier.ActReturn}, tw.reception)
		}
	}
	tw.clk.Set("2025-03-07 15:00")
	tw.act(t, closed[5], dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân rút hồ sơ"}, tw.reception)
	period := report.Period{From: dateOf(t, "2025-03-03"), To: dateOf(t, "2025-03-07")}
	scope := store.ReportScope{UnitIDs: []string{tw.unit.ID}}
	periodReport := func(db *store.DB) *report.Report {
		t.Helper()
		at := period.PendingInstant(tw.clk.Now())
		f, err := db.ReportFacts(ctx, period, scope, at)
		if err != nil {
			t.Fatal(err)
		}
		return report.New(period, f, report.DefaultConfig(), at, at)
	}

	// The load, on 10 March: each worker takes in a dossier with its file
	// and digitises it; acked counts each dossier's acknowledged events.
	tw.clk.Set("2025-03-10 09:00")
	const workers, perWorker = 3, 20
	var (
		mu    sync.Mutex
		acked = map[string]int{} // code -> events acknowledged
		wg    sync.WaitGroup
	)
	for _, code := range closed {
		evs, err := tw.db.Events(ctx, mustDossier(t, tw.db, code).ID)
		if err != nil {
			t.Fatal(err)
		}
		acked[code] = len(evs)
	}
	scans := make([][]byte, workers*perWorker)
	for i := range scans {
		scans[i] = filestoretest.PDF(t, 1+i%3, fmt.Sprintf("ban so hoa %d", i))
	}
	started := make(chan struct{})
	var once sync.Once
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				code, err := takeWithFile(t, tw, fmt.Sprintf("w%d-%d", w, i))
				if err != nil {
					t.Errorf("intake: %v", err)
					return
				}
				mu.Lock()
				acked[code] = 1
				mu.Unlock()
				if err := digitise(tw, code, scans[w*perWorker+i]); err != nil {
					t.Errorf("digitise %s: %v", code, err)
					return
				}
				mu.Lock()
				acked[code] = 2
				mu.Unlock()
				if i == 4 {
					once.Do(func() { close(started) })
				}
			}
		}()
	}
	<-started
	mu.Lock()
	before := map[string]int{}
	for k, v := range acked {
		before[k] = v
	}
	mu.Unlock()
	dir := filepath.Join(t.TempDir(), "backup")
	m, err := tw.db.Backup(ctx, dsn, dir, "drill")
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(before) == len(acked) {
		t.Error("the load had finished before the backup: nothing ran concurrently")
	}
	restored := restore(t, dir)

	// Dossiers and events.
	present := 0
	for code := range acked {
		src := mustDossier(t, tw.db, code)
		got, err := restored.Dossier(ctx, code)
		if err != nil {
			if n, ok := before[code]; ok {
				t.Errorf("dossier %s (%d events acknowledged before the backup) is not restored: %v", code, n, err)
			}
			continue
		}
		present++
		ge, err := restored.Events(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		we, err := tw.db.Events(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ge) < before[code] || len(ge) > len(we) {
			t.Errorf("dossier %s: %d events restored; %d were acknowledged before the backup, %d exist now", code, len(ge), before[code], len(we))
			continue
		}
		if diff := cmp.Diff(we[:len(ge)], ge); diff != "" {
			t.Errorf("events of %s (-source +restored):\n%s", code, diff)
		}
		if len(ge) == len(we) {
			if diff := cmp.Diff(src, got); diff != "" {
				t.Errorf("dossier %s, same history, differs (-source +restored):\n%s", code, diff)
			}
		}
		// Files: the bytes hash to what was recorded, which is the source's.
		gf, err := restored.DossierFiles(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		wf, err := tw.db.DossierFiles(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wf, gf); diff != "" || len(gf) != 1 {
			t.Errorf("files of %s (-source +restored):\n%s", code, diff)
		}
		for _, f := range gf {
			_, data, err := restored.FileData(ctx, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != f.SHA256 {
				t.Errorf("file %s of %s: bytes hash to %x, recorded %s", f.Name, code, sum, f.SHA256)
			}
		}
		// Digitised papers: the record and its scan, stored in the
		// database, come back together.
		gp, err := restored.DossierPapers(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range gp {
			_, data, err := restored.Blobs().Get(ctx, p.SHA256)
			if err != nil {
				t.Errorf("the scan of %s (%s) is not restored: %v", code, p.SHA256, err)
				continue
			}
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != p.SHA256 {
				t.Errorf("the scan of %s: bytes hash to %x, recorded %s", code, sum, p.SHA256)
			}
		}
		digitised := 0
		for _, e := range ge {
			if e.Kind == dossier.ActDigitise {
				digitised++
			}
		}
		if len(gp) != digitised {
			t.Errorf("dossier %s: %d digitisations restored in the history but %d digitised papers", code, digitised, len(gp))
		}
	}
	n, err := restored.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != present {
		t.Errorf("the restored database holds %d dossiers, %d of them the source's", n, present)
	}
	t.Logf("%s: %d dossiers acknowledged before the backup, %d restored, %d in the source at the end; manifest %s %d bytes",
		tw.db.Dialect(), len(before), present, len(acked), m.Files[0].Name, m.Files[0].Size)

	// The closed period's report.
	want, got := periodReport(tw.db), periodReport(restored)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the period's report (-source +restored):\n%s", diff)
	}
	if f, err := restored.ReportFacts(ctx, period, scope, period.PendingInstant(tw.clk.Now())); err != nil || f.Counts.Received != 6 {
		t.Errorf("the restored period counts %+v (%v), want the 6 dossiers received", f.Counts, err)
	}
}

func mustDossier(t testing.TB, db *store.DB, code string) *dossier.Dossier {
	t.Helper()
	d, err := db.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRestoreDrillSQLite(t *testing.T) {
	tw := newTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	restoreDrill(t, tw, "", func(t *testing.T, dir string) *store.DB {
		target := filepath.Join(t.TempDir(), "restored.db")
		if _, err := store.Restore(context.Background(), dir, "sqlite:"+target, false); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(context.Background(), "sqlite:"+target, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func dateOf(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
