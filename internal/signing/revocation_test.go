package signing_test

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
)

// TestRevokedCertificates: a signature is checked against its issuer's
// revocation list. Revoked before signing, it is refused; revoked after a
// trusted timestamp, it stands, since the timestamp proves the signing came
// first; revoked after a signing time that only the signer claims (B-B), it
// is refused. A list from another CA, or an older list, changes nothing.
func TestRevokedCertificates(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	tsa := &signing.TSAClient{URL: srv.URL + "/tsa"}
	now := time.Now()
	sign := func(s *signing.Local, tsa signing.TSA) []byte {
		t.Helper()
		out, _, err := signing.Sign(ctx, request(t), s, tsa)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	bb := localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0))
	bt := localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0))
	bbDoc, btDoc := sign(bb, nil), sign(bt, tsa)

	lists := signing.NewCRLs(chainIssuers(bb))
	if v, err := signing.Verify(bbDoc, f.CA.Pool(), lists); err != nil || v.Revocation != signing.RevocationUnchecked {
		t.Fatalf("no list held: %v, %v; want valid, unchecked", v, err)
	}
	put := func() {
		t.Helper()
		der, err := f.CA.CRL(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lists.Put(der); err != nil {
			t.Fatal(err)
		}
	}
	put()
	if v, err := signing.Verify(bbDoc, f.CA.Pool(), lists); err != nil || v.Revocation != signing.RevocationGood {
		t.Fatalf("an empty list: %v, %v; want valid, good", v, err)
	}
	stale, err := f.CA.CRL(now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	// Both certificates revoked after the documents were signed.
	later := time.Now().Add(time.Minute)
	f.CA.Revoke(bb.Certificates()[0].SerialNumber, later)
	f.CA.Revoke(bt.Certificates()[0].SerialNumber, later)
	put()
	if _, err := signing.Verify(bbDoc, f.CA.Pool(), lists); !errors.Is(err, signing.ErrRevoked) || !strings.Contains(err.Error(), "thu hồi") {
		t.Errorf("B-B revoked after its claimed signing time: %v, want refused as revoked", err)
	}
	if v, err := signing.Verify(btDoc, f.CA.Pool(), lists); err != nil || v.Revocation != signing.RevocationLater {
		t.Errorf("B-T revoked after its timestamp: %v, %v; want valid, revoked later", v, err)
	}
	// A list older than the one held never undoes a revocation.
	if _, err := lists.Put(stale); err != nil {
		t.Fatal(err)
	}
	if _, err := signing.Verify(bbDoc, f.CA.Pool(), lists); !errors.Is(err, signing.ErrRevoked) {
		t.Errorf("after an older list: %v, want still revoked", err)
	}

	// Revoked before the timestamp: refused even with one.
	early := localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0))
	f.CA.Revoke(early.Certificates()[0].SerialNumber, time.Now().Add(-time.Second))
	put()
	if _, err := signing.Verify(sign(early, tsa), f.CA.Pool(), lists); !errors.Is(err, signing.ErrRevoked) {
		t.Errorf("B-T signed after its revocation: %v, want refused", err)
	}

	// A list signed by another CA is refused when put.
	other, err := signerfake.NewCA("other CA", now)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := other.CRL(now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lists.Put(foreign); err == nil {
		t.Error("a list of a CA we do not trust was taken")
	}
	if _, err := lists.Put([]byte("not a list")); err == nil {
		t.Error("garbage was taken as a list")
	}
}

// chainIssuers are the issuers of a local signer's certificate.
func chainIssuers(s *signing.Local) []*x509.Certificate { return s.Certificates()[1:] }
