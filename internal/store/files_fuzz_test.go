package store_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// FuzzDetectFileType sniffs uploads: never a panic, and a type is named only
// for bytes that start with that type's magic number, whatever follows.
func FuzzDetectFileType(f *testing.F) {
	for _, s := range []string{"%PDF-1.4\n", "\xff\xd8\xff\xe0", "\x89PNG\r\n\x1a\n", "", "%PDF", "<html>%PDF-", "MZ\x90\x00", "\x89PNG\r\n", "<svg/>"} {
		f.Add([]byte(s))
	}
	magic := map[string][]byte{store.TypePDF: []byte("%PDF-"), store.TypeJPEG: {0xFF, 0xD8, 0xFF}, store.TypePNG: []byte("\x89PNG\r\n\x1a\n")}
	f.Fuzz(func(t *testing.T, head []byte) {
		typ, ok := store.DetectFileType(head)
		if !ok {
			if typ != "" {
				t.Fatalf("refused %q but named type %q", head, typ)
			}
			for name, m := range magic {
				if bytes.HasPrefix(head, m) {
					t.Fatalf("refused %q, which starts like a %s", head, name)
				}
			}
			return
		}
		m, known := magic[typ]
		if !known || !bytes.HasPrefix(head, m) {
			t.Fatalf("DetectFileType(%q) = %q without its magic number", head, typ)
		}
		// The type depends on the head only: more bytes change nothing.
		if typ2, _ := store.DetectFileType(append(bytes.Clone(head), "trailing"...)); typ2 != typ {
			t.Fatalf("the type changed from %q to %q with trailing bytes", typ, typ2)
		}
	})
}
