package cli

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDemoSignsItsResults: the demo's own wiring, end to end. demoFiles
// starts the fake signing service and configures the CSC signer, its TSA,
// the root and the CA's revocation list; the serving process's runtime signs
// a resolved dossier's result through it (PAdES B-T), and the signature
// verifies against the root with revocation checked.
func TestDemoSignsItsResults(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t.Setenv("MOTCUA_SIGN", "")
	t.Setenv("MOTCUA_FILE_STORE", "")
	cfg := Config{Data: t.TempDir()}
	cfg.Files.Timeout, cfg.Files.CRLEvery, cfg.Files.Title = 5*time.Second, time.Hour, "Chủ tịch UBND xã"
	var printed strings.Builder
	if err := demoFiles(ctx, &cfg, &printed); err != nil {
		t.Fatal(err)
	}
	if cfg.Files.Sign != "csc" || cfg.Files.TSA == "" || cfg.Files.CRLs == "" || !strings.Contains(printed.String(), "--sign-crls") {
		t.Fatalf("demo signing settings %+v, printed %q", cfg.Files, printed.String())
	}
	tw := storetest.NewTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	rt, err := cfg.Files.runtime(ctx, tw.DB, cfg.Data)
	if err != nil {
		t.Fatal(err)
	}
	d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00", Resolved: "2025-03-04 10:00"})
	doc, err := tw.DB.RequestSignature(ctx, d.Code, store.SignResult, tw.Leader)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	startFiles(ctx, &wg, rt, cfg.Files.Title, tw.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), func() string { return "http://demo.test" })
	var signed *store.SignedDoc
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if signed, err = tw.DB.SignedDocByID(ctx, doc.ID); err == nil && signed.State != store.SignPending {
			break
		}
	}
	if signed == nil || signed.State != store.SignSigned || signed.Level != signing.LevelBT || signed.Method != "csc" {
		t.Fatalf("the demo's signing: %+v, %v", signed, err)
	}
	_, pdf, err := rt.files.Get(ctx, signed.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); len(rt.crls.Lists()) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond) // the revocation list is fetched in the background
	}
	v, err := rt.verify(pdf)
	if err != nil || v.Revocation != signing.RevocationGood {
		t.Fatalf("verify the demo's signed result: %+v, %v; want valid and not revoked", v, err)
	}
}
