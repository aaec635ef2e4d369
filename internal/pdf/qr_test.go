package pdf

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"
)

// TestQRBitmap decodes the PNG the slip embeds and compares it module by
// module with the bitmap go-qrcode computes for the same payload and level.
func TestQRBitmap(t *testing.T) {
	url := sampleReceipt().LookupURL
	data, err := qrPNG(url)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	q, err := qrcode.New(url, qrLevel)
	if err != nil {
		t.Fatal(err)
	}
	want := q.Bitmap()
	b := img.Bounds()
	if b.Dx() != len(want) || b.Dy() != len(want) {
		t.Fatalf("image %dx%d, want %dx%d (one pixel per module)", b.Dx(), b.Dy(), len(want), len(want))
	}
	for y := range want {
		for x := range want[y] {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			dark := r+g+bl < 3*0x8000
			if dark != want[y][x] {
				t.Fatalf("module (%d,%d) dark=%v, want %v", x, y, dark, want[y][x])
			}
		}
	}
}

// TestQREmbedded checks that the receipt slip's PDF carries exactly that
// image: fpdf copies a PNG's compressed IDAT data into the image stream.
func TestQREmbedded(t *testing.T) {
	s := sampleReceipt()
	data, err := qrPNG(s.LookupURL)
	if err != nil {
		t.Fatal(err)
	}
	idat := pngIDAT(t, data)
	doc := mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, s) })
	if !bytes.Contains(doc, idat) {
		t.Errorf("the slip does not embed the QR image for %q", s.LookupURL)
	}
}

// pngIDAT returns the concatenated IDAT chunk data of a PNG.
func pngIDAT(t *testing.T, data []byte) []byte {
	t.Helper()
	var out []byte
	rest := data[8:] // signature
	for len(rest) >= 12 {
		n := binary.BigEndian.Uint32(rest[:4])
		typ := string(rest[4:8])
		if int(n)+12 > len(rest) {
			t.Fatalf("truncated PNG chunk %s", typ)
		}
		if typ == "IDAT" {
			out = append(out, rest[8:8+n]...)
		}
		rest = rest[12+n:]
	}
	if len(out) == 0 {
		t.Fatal("PNG has no IDAT")
	}
	return out
}

// TestQRScan rasterises the slip with pdftoppm and reads the code back with
// zbarimg, as a phone would.
func TestQRScan(t *testing.T) {
	pdftoppm := requireTool(t, "pdftoppm", "poppler-utils")
	zbarimg := requireTool(t, "zbarimg", "zbar-tools")
	s := sampleReceipt()
	dir := t.TempDir()
	in := filepath.Join(dir, "slip.pdf")
	if err := os.WriteFile(in, mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, s) }), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	cmd := exec.Command(zbarimg, "-q", "--raw", filepath.Join(dir, "page.png"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("zbarimg: %v: %s", err, stderr.String())
	}
	if got := strings.TrimSpace(string(out)); got != s.LookupURL {
		t.Errorf("scanned %q, want %q", got, s.LookupURL)
	}
}
