package signing_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/signing"
)

// BenchmarkSignLocal signs a one-page result with a local key (B-B).
func BenchmarkSignLocal(b *testing.B) {
	f, _ := newFakeB(b)
	p12, err := f.CA.PKCS12("UBND xã", "Chủ tịch", "s", time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
	if err != nil {
		b.Fatal(err)
	}
	s, err := signing.ParsePKCS12(p12, "s", nil)
	if err != nil {
		b.Fatal(err)
	}
	req := request(b)
	req.PDF = onePage(b)
	b.SetBytes(int64(len(req.PDF)))
	for b.Loop() {
		if _, _, err := signing.Sign(context.Background(), req, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}
