package filestore_test

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
)

// withObject appends an object to a real PDF's bytes (it need not be
// reachable: a scanner reads the whole file).
func withObject(pdf []byte, obj string) []byte {
	return append(append([]byte{}, pdf...), []byte("\n99 0 obj\n"+obj+"\nendobj\n")...)
}

func deflate(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestPrepareRefuses(t *testing.T) {
	pdf := filestoretest.PDF(t, 1, "ok")
	for _, c := range []struct {
		name string
		data []byte
		lim  filestore.Limits
		want string
	}{
		{"executable named .pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), filestore.Limits{}, "không phải PDF, JPG hoặc PNG"},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), filestore.Limits{}, "không phải PDF, JPG hoặc PNG"},
		{"empty", nil, filestore.Limits{}, "không phải PDF"},
		{"too big", pdf, filestore.Limits{MaxBytes: int64(len(pdf) - 1)}, "tệp lớn quá"},
		{"too many pages", filestoretest.PDF(t, 3, "long"), filestore.Limits{MaxPages: 2}, "có 3 trang, quá 2 trang"},
		{"javascript", withObject(pdf, "<< /S /JavaScript /JS (app.alert(1)) >>"), filestore.Limits{}, "JavaScript"},
		{"javascript with escaped name", withObject(pdf, "<< /S /J#61vaScript /J#53 (app.alert(1)) >>"), filestore.Limits{}, "JavaScript"},
		{"javascript in an object stream", withObject(pdf, "<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n"+
			deflate("<< /OpenAction << /S /JavaScript /JS (x) >> >>")+"\nendstream"), filestore.Limits{}, "JavaScript"},
		{"embedded file", withObject(pdf, "<< /Type /EmbeddedFile /Length 3 >>\nstream\nabc\nendstream"), filestore.Limits{}, "tệp đính kèm"},
		{"launch action", withObject(pdf, "<< /S /Launch /F (cmd.exe) >>"), filestore.Limits{}, "lệnh chạy chương trình"},
		{"broken pdf", []byte("%PDF-1.4\ngarbage"), filestore.Limits{}, "bị hỏng"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := filestore.Prepare(bytes.NewReader(c.data), c.lim, "components.0")
			if err == nil {
				t.Fatalf("accepted as %s", f.ContentType)
			}
			if apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v (%v), want Invalid containing %q", err, apperr.KindOf(err), c.want)
			}
			var ae *apperr.Error
			if e, ok := err.(*apperr.Error); ok {
				ae = e
			}
			if ae == nil || ae.Field != "components.0" {
				t.Fatalf("error does not name the field: %#v", err)
			}
		})
	}
}

func TestPrepareAccepts(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
	for _, c := range []struct {
		name  string
		data  []byte
		ct    string
		pages int
	}{
		{"pdf", filestoretest.PDF(t, 4, "four"), filestore.TypePDF, 4},
		{"png", png, filestore.TypePNG, 1},
		{"jpeg", jpeg, filestore.TypeJPEG, 1},
	} {
		f, err := filestore.Prepare(bytes.NewReader(c.data), filestore.Limits{}, "f")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if f.ContentType != c.ct || f.Pages != c.pages || f.Size != int64(len(c.data)) {
			t.Errorf("%s: %s, %d pages, %d bytes; want %s, %d, %d", c.name, f.ContentType, f.Pages, f.Size, c.ct, c.pages, len(c.data))
		}
		// The known SHA-256 of "abc" checks Sum against the standard, not itself.
		if got := filestore.Sum([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
			t.Fatalf("Sum(abc) = %s", got)
		}
	}
}
