// Package filestoretest holds the behaviour every filestore.Store must
// have, run against the disk backend and against the database backend on
// each engine, and sample documents for tests.
package filestoretest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/motcua/motcua/internal/filestore"
)

// PDF returns a real PDF of n pages, each with its number and text.
func PDF(t testing.TB, n int, text string) []byte {
	t.Helper()
	b, err := makePDF(n, text)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// MustPDF is PDF for a package-level sample; it panics on error.
func MustPDF(n int, text string) []byte {
	b, err := makePDF(n, text)
	if err != nil {
		panic(err)
	}
	return b
}

func makePDF(n int, text string) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetFont("Helvetica", "", 14)
	for i := range n {
		p.AddPage()
		p.Cell(0, 10, fmt.Sprintf("%s - page %d", text, i+1))
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Corrupter damages a stored blob behind the store's back.
type Corrupter func(t testing.TB, sha string)

// Run checks s: Put then Get returns the same bytes and type; a second Put
// of the same bytes is a no-op; an unknown address is ErrNotFound; Walk
// lists what was put; corrupted bytes are refused by Get and reported by
// Verify, as is a referenced address that is not stored.
func Run(t *testing.T, s filestore.Store, corrupt Corrupter) {
	ctx := context.Background()
	a, err := filestore.Check(PDF(t, 2, "first"), filestore.Limits{}, "file")
	if err != nil {
		t.Fatal(err)
	}
	b, err := filestore.Check(PDF(t, 1, "second"), filestore.Limits{}, "file")
	if err != nil {
		t.Fatal(err)
	}
	if a.Pages != 2 || a.ContentType != filestore.TypePDF {
		t.Fatalf("prepared %d pages of %s, want 2 of application/pdf", a.Pages, a.ContentType)
	}
	for _, f := range []*filestore.File{a, b, a} {
		if err := s.Put(ctx, f); err != nil {
			t.Fatalf("put: %v", err)
		}
	}
	bl, data, err := s.Get(ctx, a.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, a.Data) || bl.ContentType != filestore.TypePDF || bl.Size != int64(len(a.Data)) {
		t.Fatalf("get returned %d bytes of %s, want the %d put", len(data), bl.ContentType, len(a.Data))
	}
	missing := "0000000000000000000000000000000000000000000000000000000000000000"
	if _, _, err := s.Get(ctx, missing); !errors.Is(err, filestore.ErrNotFound) {
		t.Fatalf("get of an unknown address: %v, want ErrNotFound", err)
	}
	if ok, err := s.Has(ctx, b.SHA256); !ok || err != nil {
		t.Fatalf("has(second) = %v, %v", ok, err)
	}
	seen := map[string]int{}
	if err := s.Walk(ctx, func(sha string) error { seen[sha]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[a.SHA256] != 1 || seen[b.SHA256] != 1 {
		t.Fatalf("walk saw %v, want each of the two blobs once", seen)
	}
	rep, err := filestore.Verify(ctx, s, []string{a.SHA256, b.SHA256})
	if err != nil || rep.Checked != 2 || len(rep.Corrupt)+len(rep.Missing) != 0 {
		t.Fatalf("verify of a sound store: %+v, %v", rep, err)
	}

	corrupt(t, b.SHA256)
	if _, _, err := s.Get(ctx, b.SHA256); !errors.Is(err, filestore.ErrCorrupt) {
		t.Fatalf("get of corrupted bytes: %v, want ErrCorrupt", err)
	}
	rep, err = filestore.Verify(ctx, s, []string{a.SHA256, b.SHA256, missing})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rep.Corrupt) != fmt.Sprint([]string{b.SHA256}) || fmt.Sprint(rep.Missing) != fmt.Sprint([]string{missing}) {
		t.Fatalf("verify found corrupt %v, missing %v; want [%s], [%s]", rep.Corrupt, rep.Missing, b.SHA256, missing)
	}
}
