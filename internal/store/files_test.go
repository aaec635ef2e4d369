package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// Small documents of each accepted kind, and things that are not documents.
var (
	samplePDF  = filestoretest.MustPDF(1, "to khai")
	samplePNG  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	sampleJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
	sampleEXE  = []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00")
	sampleHTML = []byte("<!doctype html><script>alert(1)</script>")
)

func TestDetectFileType(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", samplePDF, store.TypePDF},
		{"png", samplePNG, store.TypePNG},
		{"jpeg", sampleJPEG, store.TypeJPEG},
		{"exe renamed", sampleEXE, ""},
		{"html", sampleHTML, ""},
		{"pdf marker not at the start", append([]byte("<html>"), samplePDF...), ""},
		{"empty", nil, ""},
	} {
		got, ok := store.DetectFileType(c.data)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: DetectFileType = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

// birthRequest is an online birth registration with its declaration and the
// procedure's required components (the first three), without files.
func birthRequest(t *testing.T, tw *town, key string) store.IntakeRequest {
	t.Helper()
	req := tw.request(t, "1.001193", dossier.Online, nil)
	req.Intake.IdempotencyKey = key
	req.Intake.Declaration = map[string]string{"child_name": "Nguyễn Văn An", "child_birth_date": "2025-02-20"}
	return req
}

// counts returns how many dossiers and files the database holds.
func counts(t *testing.T, db *store.DB) [2]int {
	t.Helper()
	ctx := context.Background()
	d, err := db.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := db.CountFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return [2]int{d, f}
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestIntakeWithFilesStoresTheDossierAndItsFilesTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		req := birthRequest(t, tw, "key-1")
		if len(req.Intake.Components) != 3 {
			t.Fatalf("fixture: %d required components", len(req.Intake.Components))
		}
		// Files for the third and the first component, in that order; the
		// name keeps only its base, without the sender's folders.
		files := []store.NewFile{
			{Component: 2, Name: `C:\Ảnh\căn cước.jpg`, Data: sampleJPEG},
			{Component: 0, Name: "to-khai.pdf", Data: samplePDF},
		}
		d, err := tw.db.IntakeWithFiles(ctx, req, files)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != dossier.New || d.Channel != dossier.Online {
			t.Errorf("dossier status %v channel %v, want new (1) online (2)", d.Status, d.Channel)
		}
		if req.Intake.Components[0].FileID != "" {
			t.Error("IntakeWithFiles changed the caller's components")
		}
		got, err := tw.db.DossierFiles(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Component  int
			Name, Type string
			Size       int64
			SHA256     string
			Linked     bool // the dossier's component names this file
		}
		var rows []row
		for _, f := range got {
			if f.DossierID != d.ID || f.CreatedAt.IsZero() {
				t.Errorf("file %s: dossier %q, created %v", f.Name, f.DossierID, f.CreatedAt)
			}
			rows = append(rows, row{f.Component, f.Name, f.ContentType, f.Size, f.SHA256, d.Components[f.Component].FileID == f.ID})
		}
		want := []row{
			{0, "to-khai.pdf", store.TypePDF, int64(len(samplePDF)), sha(samplePDF), true},
			{2, "căn cước.jpg", store.TypeJPEG, int64(len(sampleJPEG)), sha(sampleJPEG), true},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		if d.Components[1].FileID != "" {
			t.Errorf("a component without an upload names file %q", d.Components[1].FileID)
		}
		// The dossier as stored names the files too.
		stored, err := tw.db.Dossier(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Components[0].FileID != got[0].ID {
			t.Errorf("stored component 0 names %q, want %q", stored.Components[0].FileID, got[0].ID)
		}

		f, data, err := tw.db.FileData(ctx, got[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, samplePDF) || f.Name != "to-khai.pdf" {
			t.Errorf("FileData = %q, %d bytes; want the PDF back", f.Name, len(data))
		}
		if _, _, err := tw.db.FileData(ctx, store.NewID()); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("FileData of an unknown id: %v, want NotFound", err)
		}

		// The same submission again (a double click): the same dossier, no new file.
		before := counts(t, tw.db)
		again, err := tw.db.IntakeWithFiles(ctx, birthRequest(t, tw, "key-1"), files)
		if err != nil {
			t.Fatal(err)
		}
		if again.Code != d.Code {
			t.Errorf("retry made %s, want %s", again.Code, d.Code)
		}
		if after := counts(t, tw.db); after != before {
			t.Errorf("retry: dossiers and files %v -> %v", before, after)
		}
		byKey, err := tw.db.DossierByIdempotencyKey(ctx, "key-1")
		if err != nil || byKey.Code != d.Code {
			t.Errorf("DossierByIdempotencyKey = %v, %v", byKey, err)
		}
		if _, err := tw.db.DossierByIdempotencyKey(ctx, "other"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("DossierByIdempotencyKey(other): %v, want NotFound", err)
		}
	})
}

func TestIntakeWithFilesStoresNothingOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		before := counts(t, tw.db)
		for _, c := range []struct {
			name  string
			req   func() store.IntakeRequest
			files []store.NewFile
			field string
		}{
			{"an exe renamed .pdf", func() store.IntakeRequest { return birthRequest(t, tw, "k-exe") },
				[]store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: samplePDF}, {Component: 1, Name: "giay-chung-sinh.pdf", Data: sampleEXE}}, "components.1"},
			{"a PDF with JavaScript", func() store.IntakeRequest { return birthRequest(t, tw, "k-js") },
				[]store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: append(append([]byte{}, samplePDF...), "\n9 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"...)}}, "components.0"},
			{"an HTML page", func() store.IntakeRequest { return birthRequest(t, tw, "k-html") },
				[]store.NewFile{{Component: 0, Name: "to-khai.png", Data: sampleHTML}}, "components.0"},
			{"a file for no component", func() store.IntakeRequest { return birthRequest(t, tw, "k-none") },
				[]store.NewFile{{Component: 7, Name: "x.pdf", Data: samplePDF}}, "components.7"},
			{"a bad declaration, good files", func() store.IntakeRequest {
				r := birthRequest(t, tw, "k-decl")
				delete(r.Intake.Declaration, "child_name")
				return r
			}, []store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: samplePDF}}, ""},
		} {
			_, err := tw.db.IntakeWithFiles(ctx, c.req(), c.files)
			if apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("%s: err = %v, want Invalid", c.name, err)
			}
			if c.field != "" && apperr.FieldOf(err) != c.field {
				t.Errorf("%s: field %q, want %q", c.name, apperr.FieldOf(err), c.field)
			}
			if after := counts(t, tw.db); after != before {
				t.Errorf("%s: dossiers and files %v -> %v, want nothing stored", c.name, before, after)
			}
		}
	})
}

// TestUploadsGoToTheFileStore: with a disk file store, an online dossier's
// files are written there (fsynced before the dossier commits), read back
// checked against their SHA-256, counted as referenced (so never swept),
// and a refused intake leaves only an orphan the sweep removes.
func TestUploadsGoToTheFileStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		dir := t.TempDir()
		disk, err := filestore.NewDisk(dir)
		if err != nil {
			t.Fatal(err)
		}
		tw.db.UseFileStore(disk)
		d, err := tw.db.IntakeWithFiles(ctx, birthRequest(t, tw, "disk-1"), []store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: samplePDF}})
		if err != nil {
			t.Fatal(err)
		}
		files, err := tw.db.DossierFiles(ctx, d.ID)
		if err != nil || len(files) != 1 {
			t.Fatalf("files %v, %v", files, err)
		}
		if ok, _ := disk.Has(ctx, files[0].SHA256); !ok {
			t.Fatal("the upload is not in the disk store")
		}
		_, data, err := tw.db.FileData(ctx, files[0].ID)
		if err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("read back: %d bytes, %v", len(data), err)
		}
		refs, err := tw.db.ReferencedBlobs(ctx)
		if err != nil || !slices.Contains(refs, files[0].SHA256) {
			t.Fatalf("referenced %v, %v; want the upload", refs, err)
		}
		// A refused intake (a bad declaration) after its file was written.
		bad := birthRequest(t, tw, "disk-2")
		delete(bad.Intake.Declaration, "child_name")
		other := filestoretest.PDF(t, 2, "tu choi")
		if _, err := tw.db.IntakeWithFiles(ctx, bad, []store.NewFile{{Component: 0, Name: "x.pdf", Data: other}}); apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("bad declaration: %v", err)
		}
		known := map[string]bool{}
		for _, s := range refs {
			known[s] = true
		}
		removed, err := disk.SweepOrphans(ctx, known, tw.db.BlobReferenced, time.Now().Add(time.Minute))
		if err != nil || slices.Contains(removed, files[0].SHA256) {
			t.Fatalf("sweep removed %v, %v; never the dossier's file", removed, err)
		}
		// Bytes changed on disk are refused, not served.
		p := filepath.Join(dir, files[0].SHA256[:2], files[0].SHA256[2:4], files[0].SHA256)
		b, _ := os.ReadFile(p)
		b[len(b)/2] ^= 1
		os.WriteFile(p, b, 0o640)
		if _, _, err := tw.db.FileData(ctx, files[0].ID); !errors.Is(err, filestore.ErrCorrupt) {
			t.Errorf("altered bytes: %v, want ErrCorrupt", err)
		}
	})
}
