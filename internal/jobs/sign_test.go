package jobs_test

import (
	"context"
	"crypto/x509"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
)

// TestSignJob: a result is signed by the job (never by the request), over
// the fake CSC service with a timestamp; pdfsig finds it valid; a second
// request returns the same document; a revoked certificate fails the
// document with its reason and leaves the dossier as it was.
func TestSignJob(t *testing.T) {
	pdfsig := testenv.Tool(t, "pdfsig", "poppler-utils")
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00", Resolved: "2025-03-04 10:00"})
		fake, err := signerfake.New("Trần Văn Chủ Tịch", "UBND xã", "tok", nil)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		disk, err := filestore.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		s := &jobs.Signer{DB: tw.DB, Files: disk, Signer: signing.NewCSC(srv.URL+"/csc/v1", "tok", 2*time.Second, nil),
			TSA: &signing.TSAClient{URL: srv.URL + "/tsa"}, Title: "Chủ tịch UBND xã", BaseURL: func() string { return "https://motcua.test" }, Now: time.Now}
		runner := jobs.New(tw.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
		runner.Backoff = time.Millisecond

		if _, err := tw.DB.RequestSignature(ctx, d.Code, "nonsense", tw.Leader); apperr.FieldOf(err) != "kind" {
			t.Fatalf("bad kind: %v", err)
		}
		doc, err := tw.DB.RequestSignature(ctx, d.Code, store.SignResult, tw.Leader)
		if err != nil {
			t.Fatal(err)
		}
		again, err := tw.DB.RequestSignature(ctx, d.Code, store.SignResult, tw.Leader)
		if err != nil || again.ID != doc.ID {
			t.Fatalf("second request: %+v, %v; want the same document %s", again, err, doc.ID)
		}
		if doc.State != store.SignPending {
			t.Fatalf("state %s right after the request, want pending (the job signs)", doc.State)
		}
		if _, err := runner.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		done, err := tw.DB.SignedDocByID(ctx, doc.ID)
		if err != nil || done.State != store.SignSigned || done.Level != signing.LevelBT || done.Method != "csc" || done.Signer != "Trần Văn Chủ Tịch" {
			t.Fatalf("after the job: %+v, %v", done, err)
		}
		_, data, err := disk.Get(ctx, done.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "result.pdf")
		os.WriteFile(p, data, 0o600)
		out, _ := exec.Command(pdfsig, p).CombinedOutput()
		if !strings.Contains(string(out), "Signature is Valid") || !strings.Contains(string(out), "Total document signed") {
			t.Fatalf("pdfsig:\n%s", out)
		}
		if v, err := signing.Verify(data, fake.CA.Pool(), nil); err != nil || v.Signer != "Trần Văn Chủ Tịch" {
			t.Fatalf("verify: %+v, %v", v, err)
		}
		if got, err := tw.DB.SignedDocBySHA256(ctx, done.SHA256); err != nil || got.ID != doc.ID {
			t.Fatalf("by hash: %+v, %v", got, err)
		}

		// A revoked certificate: the receipt's signature fails with the reason; the dossier is unchanged.
		fake.SetFaults(signerfake.Faults{CertStatus: "revoked"})
		before, _ := tw.DB.Dossier(ctx, d.Code)
		rec, err := tw.DB.RequestSignature(ctx, d.Code, store.SignReceipt, tw.Reception)
		if err != nil {
			t.Fatal(err)
		}
		runner.RunDue(ctx)
		failed, _ := tw.DB.SignedDocByID(ctx, rec.ID)
		if failed.State != store.SignFailed || !strings.Contains(failed.Error, "thu hồi") || failed.SHA256 != "" {
			t.Fatalf("revoked: %+v", failed)
		}
		after, _ := tw.DB.Dossier(ctx, d.Code)
		if after.Status != before.Status || after.Version != before.Version {
			t.Fatalf("the dossier changed: %v v%d -> %v v%d", before.Status, before.Version, after.Status, after.Version)
		}
		// A service that times out, then answers 504: retried with the
		// document pending, then, once GiveUpAfter has passed since the
		// request, failed with a clear message.
		fake.SetFaults(signerfake.Faults{Hang: true, Delay: 3 * time.Second, Target: "csc"})
		rec2, err := tw.DB.RequestSignature(ctx, d.Code, store.SignReceipt, tw.Reception)
		if err != nil {
			t.Fatal(err)
		}
		s.GiveUpAfter = 2 * time.Minute
		for i, at := range []string{"2025-03-04 10:00", "2025-03-04 10:01"} {
			tw.Clock.Set(t, at) // the retry is due
			runner.RunDue(ctx)
			if i == 0 {
				fake.SetFaults(signerfake.Faults{Hang: true, Target: "csc"}) // 504 at once
			}
			pending, _ := tw.DB.SignedDocByID(ctx, rec2.ID)
			job, err := tw.DB.JobByKey(ctx, "sign:"+rec2.ID)
			if err != nil {
				t.Fatal(err)
			}
			if pending.State != store.SignPending || job.State != store.JobQueued || job.Attempts != i+1 || !strings.Contains(job.LastError, "không trả lời") {
				t.Fatalf("attempt %d, a passing failure: document %s, job %s after %d attempts (%q)", i+1, pending.State, job.State, job.Attempts, job.LastError)
			}
		}
		tw.Clock.Set(t, "2025-03-04 10:03")
		runner.RunDue(ctx)
		timedOut, _ := tw.DB.SignedDocByID(ctx, rec2.ID)
		if timedOut.State != store.SignFailed || !strings.Contains(timedOut.Error, "không trả lời") || !strings.Contains(timedOut.Error, "2 phút") {
			t.Fatalf("timed out: %+v", timedOut)
		}
	})
}

// TestSignJobRefusesARevokedLocalCertificate: a unit's own PKCS#12 is
// checked against its CA's revocation list before it signs: once the list
// names it, the document fails with the reason and no file is kept.
func TestSignJobRefusesARevokedLocalCertificate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00", Resolved: "2025-03-04 10:00"})
		ca, err := signerfake.NewCA("motcua test CA", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		p12, err := ca.PKCS12("UBND xã Đông Hưng", "Chủ tịch", "pw", time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		local, err := signing.ParsePKCS12(p12, "pw", nil)
		if err != nil {
			t.Fatal(err)
		}
		disk, err := filestore.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		crls := signing.NewCRLs([]*x509.Certificate{ca.Cert})
		s := &jobs.Signer{DB: tw.DB, Files: disk, Signer: local, CRLs: crls, Title: "Chủ tịch UBND xã",
			BaseURL: func() string { return "https://motcua.test" }, Now: time.Now}
		runner := jobs.New(tw.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
		sign := func(kind string) *store.SignedDoc {
			t.Helper()
			doc, err := tw.DB.RequestSignature(ctx, d.Code, kind, tw.Leader)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := runner.RunDue(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := tw.DB.SignedDocByID(ctx, doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		putCRL := func() {
			t.Helper()
			der, err := ca.CRL(time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := crls.Put(der); err != nil {
				t.Fatal(err)
			}
		}
		putCRL()
		if doc := sign(store.SignResult); doc.State != store.SignSigned {
			t.Fatalf("with a good certificate: %+v", doc)
		}
		ca.Revoke(local.Certificates()[0].SerialNumber, time.Now().Add(-time.Second))
		putCRL()
		doc := sign(store.SignReceipt)
		if doc.State != store.SignFailed || !strings.Contains(doc.Error, "thu hồi") || doc.SHA256 != "" {
			t.Fatalf("with a revoked certificate: %+v, want failed for its revocation and no file", doc)
		}
	})
}
