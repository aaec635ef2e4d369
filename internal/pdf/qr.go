package pdf

import (
	"bytes"
	"fmt"

	"github.com/skip2/go-qrcode"
)

// qrLevel is the error-correction level of printed QR codes: Medium (15 %)
// survives a crease or a stamp on a paper slip and keeps a lookup URL small.
const qrLevel = qrcode.Medium

// qrPNG encodes payload as a QR code PNG with one pixel per module, quiet
// zone included; the PDF scales it, and without interpolation every module
// stays a crisp square.
func qrPNG(payload string) ([]byte, error) {
	q, err := qrcode.New(payload, qrLevel)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code: %w", err)
	}
	b, err := q.PNG(-1)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code image: %w", err)
	}
	return b, nil
}

// qr draws payload as a QR code of side size millimetres at (x, y).
func (d *document) qr(name, payload string, x, y, size float64) error {
	png, err := qrPNG(payload)
	if err != nil {
		return err
	}
	opts := fpdfPNG()
	d.f.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	d.f.ImageOptions(name, x, y, size, size, false, opts, 0, "")
	return nil
}
