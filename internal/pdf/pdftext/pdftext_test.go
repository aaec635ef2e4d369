package pdftext

import "testing"

func TestMalformedInput(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a pdf"), []byte("%PDF-1.3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")} {
		if _, err := Pages(data); err == nil {
			t.Errorf("Pages(%q) gave no error", data)
		}
	}
}

func TestDecode(t *testing.T) {
	if got := decode("\x1e\xc4\x00a", true); got != "Ễa" {
		t.Errorf("wide decode = %q", got)
	}
	if got := decode("caf\xe9", false); got != "café" {
		t.Errorf("Latin-1 decode = %q", got)
	}
}
