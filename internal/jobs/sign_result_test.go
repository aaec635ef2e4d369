package jobs_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
)

// TestSignJobSignsTheUploadedResult: when the specialist uploaded the
// result paper, the signed result is that PDF (its text, with a signature
// pdfsig finds valid over the whole document), not the generated notice.
func TestSignJobSignsTheUploadedResult(t *testing.T) {
	pdfsig := testenv.Tool(t, "pdfsig", "poppler-utils")
	pdftotext := testenv.Tool(t, "pdftotext", "poppler-utils")
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		lead, err := tw.DB.Officer(ctx, d.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		disk, err := filestore.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		upload, err := filestore.Check(filestoretest.PDF(t, 1, "XAC NHAN TINH TRANG HON NHAN SO 0099"), filestore.Limits{}, "result")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.AttachResult(ctx, d.Code, upload, disk, lead); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			kind dossier.ActionKind
			by   string
		}{{dossier.ActPropose, "lead"}, {dossier.ActApprove, "leader"}} {
			o := lead
			if a.by == "leader" {
				o = tw.Leader
			}
			if _, err := tw.DB.Act(ctx, d.Code, dossier.Action{Kind: a.kind, ElectronicResult: true}, o); err != nil {
				t.Fatalf("%s: %v", a.kind, err)
			}
		}
		fake, err := signerfake.New("Trần Văn Chủ Tịch", "UBND xã", "tok", nil)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		s := &jobs.Signer{DB: tw.DB, Files: disk, Signer: signing.NewCSC(srv.URL+"/csc/v1", "tok", 2*time.Second, nil),
			Title: "Chủ tịch UBND xã", BaseURL: func() string { return "https://motcua.test" }, Now: time.Now}
		runner := jobs.New(tw.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
		doc, err := tw.DB.RequestSignature(ctx, d.Code, store.SignResult, tw.Leader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := runner.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		done, err := tw.DB.SignedDocByID(ctx, doc.ID)
		if err != nil || done.State != store.SignSigned {
			t.Fatalf("after the job: %+v, %v", done, err)
		}
		_, data, err := disk.Get(ctx, done.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, upload.Data) {
			t.Error("the signed result is not an incremental update of the uploaded PDF")
		}
		p := filepath.Join(t.TempDir(), "result.pdf")
		os.WriteFile(p, data, 0o600)
		if out, _ := exec.Command(pdfsig, p).CombinedOutput(); !strings.Contains(string(out), "Signature is Valid") || !strings.Contains(string(out), "Total document signed") {
			t.Fatalf("pdfsig:\n%s", out)
		}
		out, err := exec.Command(pdftotext, p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if text := string(out); !strings.Contains(text, "XAC NHAN TINH TRANG HON NHAN SO 0099") || strings.Contains(text, "Quét mã để xác thực") {
			t.Errorf("the signed result reads %q, want the uploaded paper's text", text)
		}
	})
}
