package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestSafeFileNameTakesTheDetectedExtension(t *testing.T) {
	for _, c := range []struct{ name, ct, want string }{
		{"chay.bat", store.TypePDF, "chay.pdf"},
		{"hoso.html", store.TypePDF, "hoso.pdf"},
		{"anh.svg", store.TypePNG, "anh.png"},
		{"to-khai.pdf", store.TypePDF, "to-khai.pdf"},
		{"Giấy khai sinh (bản sao).jpeg", store.TypeJPEG, "Giấy khai sinh (bản sao).jpg"},
		{"a.pdf.exe", store.TypePDF, "a_pdf.pdf"},
		{`C:\Users\lan\Desktop\ho so.pdf`, store.TypePDF, "ho so.pdf"},
		{"../../etc/passwd", store.TypePNG, "passwd.png"},
		{"<script>.html", store.TypePDF, "script.pdf"},
		{"bad\"na;me.pdf", store.TypePDF, "badna_me.pdf"},
		{".htaccess", store.TypePNG, "htaccess.png"},
		{"", store.TypeJPEG, "tep.jpg"},
		{"...", store.TypePDF, "tep.pdf"},
		{"x.pdf", "text/html", "x.bin"},
	} {
		if got := store.SafeFileName(c.name, c.ct); got != c.want {
			t.Errorf("SafeFileName(%q, %s) = %q, want %q", c.name, c.ct, got, c.want)
		}
	}
}

// A PNG uploaded as anh.svg is stored as anh.png.
func TestStoredFileNameComesFromItsBytes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
		a, err := tw.db.CreateArticle(ctx, tw.unit.ID, store.ArticleInput{Title: "Ảnh", Body: "x", Image: &store.NewFile{Name: "anh.svg", Data: png}}, true, tw.leader.ID)
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := tw.db.FileData(ctx, a.ImageFileID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "anh.png" || f.ContentType != store.TypePNG {
			t.Errorf("stored as %q (%s), want anh.png (image/png)", f.Name, f.ContentType)
		}
	})
}
