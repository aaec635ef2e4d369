package pdf

import (
	"io"
	"testing"
)

// BenchmarkReceiptSlip measures one complete slip: fonts, layout, QR code,
// subsetting and compression.
func BenchmarkReceiptSlip(b *testing.B) {
	s := sampleReceipt()
	for b.Loop() {
		if err := RenderReceiptSlip(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}
