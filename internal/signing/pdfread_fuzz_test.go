package signing

import (
	"testing"
	"time"
)

// FuzzPrepare reads damaged PDFs: never a panic; a PDF it prepares keeps
// the original bytes as they were, first.
func FuzzPrepare(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
		"3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\nxref\n0 4\n0000000000 65535 f\r\n0000000009 00000 n\r\n0000000058 00000 n\r\n" +
		"0000000115 00000 n\r\ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n161\n%%EOF\n"))
	f.Add([]byte("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Length 4 >>\nstream\n\x01\x00\x09\x00\nendstream\nendobj\nstartxref\n9\n%%EOF\n"))
	f.Add([]byte("%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length 20 >>\nstream\n2 0 << /Type /Catalog >>\nendstream\nendobj\nstartxref\n9\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		if len(pdf) == 0 {
			return
		}
		p, err := prepare(pdf, field{Name: "x", Time: time.Unix(0, 0)})
		if err != nil {
			return
		}
		if len(p.data) < len(pdf) || string(p.data[:len(pdf)]) != string(pdf) {
			t.Fatal("the update changed the original bytes")
		}
	})
}
