package signing_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/testenv"
)

// TestSignsPDFsOfOtherMakers: a result paper a specialist uploads was made
// by another program. The signer adds its signature to a PDF 1.5 file with
// a cross-reference stream and its catalogue and pages compressed in an
// object stream (as qpdf, Acrobat and many scanners write them), and to one
// with a nested page tree and the last page's annotations in an array of
// their own: pdfsig finds each signature valid and covering the whole
// document, qpdf finds the file sound, and its text is still there.
func TestSignsPDFsOfOtherMakers(t *testing.T) {
	qpdf := testenv.Tool(t, "qpdf", "qpdf")
	pdftotext := testenv.Tool(t, "pdftotext", "poppler-utils")
	f, _ := newFake(t)
	now := time.Now()
	s := localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0))
	dir := t.TempDir()

	plain := filepath.Join(dir, "plain.pdf")
	os.WriteFile(plain, request(t).PDF, 0o600)
	streams := filepath.Join(dir, "streams.pdf")
	if out, err := exec.Command(qpdf, "--object-streams=generate", plain, streams).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, out)
	}
	withStreams, _ := os.ReadFile(streams)
	if !bytes.Contains(withStreams, []byte("/XRef")) || !bytes.Contains(withStreams, []byte("/ObjStm")) {
		t.Fatal("qpdf did not write a cross-reference stream and an object stream")
	}
	for _, c := range []struct {
		name string
		pdf  []byte
		text string
	}{
		{"cross-reference and object streams", withStreams, "Giay khai sinh - page 2"},
		{"nested page tree, annotations by reference", nestedPDF(), "Trang cuoi"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := request(t)
			req.PDF = c.pdf
			out, _, err := signing.Sign(context.Background(), req, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			rep := pdfsig(t, out)
			for _, want := range []string{"Signature is Valid.", "Total document signed"} {
				if !strings.Contains(rep, want) {
					t.Fatalf("pdfsig does not say %q:\n%s", want, rep)
				}
			}
			if _, err := signing.Verify(out, f.CA.Pool(), nil); err != nil {
				t.Fatal(err)
			}
			// The signing job stores the signed file as any upload is stored.
			if _, err := filestore.Check(out, filestore.Limits{}, "file"); err != nil {
				t.Fatalf("the signed file as an upload: %v", err)
			}
			p := filepath.Join(t.TempDir(), "signed.pdf")
			os.WriteFile(p, out, 0o600)
			if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, out)
			}
			text, err := exec.Command(pdftotext, p, "-").Output()
			if err != nil || !strings.Contains(string(text), c.text) {
				t.Fatalf("pdftotext: %v, %q; want %q", err, text, c.text)
			}
		})
	}
}

// nestedPDF is a two-page PDF whose pages hang under an intermediate node
// of the page tree, the last page's /Annots referring to an array object.
func nestedPDF() []byte {
	content := "BT /F1 18 Tf 72 720 Td (Trang cuoi) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
		"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
		"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 7 0 R /Annots 8 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"[]",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	at := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, at)
	return b.Bytes()
}
