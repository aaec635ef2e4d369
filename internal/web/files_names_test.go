package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

// Uploads named chay.bat or hoso.html that hold a PDF, or anh.svg that holds
// a PNG, are stored and served under names with the extension of what they
// are, with that content type, never sniffed, as downloads.
func TestUploadsAreServedUnderTheirDetectedType(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	csrf, key := s.submitForm(t, portalBirth)
	fields, _ := goodSubmission()
	fields.Set("idem", key)
	files := []portalFile{
		{"component-1", "anh.svg", portalPNG},
		{"component-2", "hoso.html", portalPDF},
		{"component-3", "chay.bat", portalPDF},
	}
	if resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission: %d", resp.StatusCode)
	}
	d, err := s.DB.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.DB.DossierFiles(ctx, d.ID)
	if err != nil || len(stored) != 3 {
		t.Fatalf("stored files: %v, %v", stored, err)
	}
	want := map[string][2]string{"chay.pdf": {"application/pdf", ""}, "anh.png": {"image/png", ""}, "hoso.pdf": {"application/pdf", ""}}
	s.login(t, "tiepnhan1", demo.Password)
	for _, f := range stored {
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("stored as %q (%s): not a safe name", f.Name, f.ContentType)
			continue
		}
		resp, _ := s.get(t, "/can-bo/tep/"+f.ID)
		h := resp.Header
		if resp.StatusCode != http.StatusOK || h.Get("Content-Type") != w[0] || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Disposition") != `attachment; filename=`+f.Name || !strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d %q %q %q %q", f.Name, resp.StatusCode, h.Get("Content-Type"), h.Get("X-Content-Type-Options"), h.Get("Content-Disposition"), h.Get("Cache-Control"))
		}
	}
	// A news image uploaded as anh.svg is served as anh.png.
	a, err := s.DB.CreateArticle(ctx, d.ReceivingUnitID, store.ArticleInput{Title: "Ảnh", Body: "x", Image: &store.NewFile{Name: "anh.svg", Data: portalPNG}}, true, "test")
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := s.get(t, "/tin-tuc/anh/"+a.ImageFileID)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Content-Disposition") != "inline; filename=anh.png" {
		t.Errorf("news image: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
}
