package signing_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
)

func TestSigningRefusals(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	now := time.Now()
	csc := func(timeout time.Duration) signing.Signer {
		return signing.NewCSC(srv.URL+"/csc/v1", "tok", timeout, nil)
	}
	smart := func() signing.Signer {
		s := signing.NewSmartCA(srv.URL+"/smartca/v1", "tok", "chutich", 5*time.Second, nil)
		s.Poll = 5 * time.Millisecond
		return s
	}
	for _, c := range []struct {
		name   string
		faults signerfake.Faults
		signer signing.Signer
		is     error
		want   string
	}{
		{"local certificate expired", signerfake.Faults{}, localSigner(t, f, now.AddDate(-2, 0, 0), now.AddDate(-1, 0, 0)), signing.ErrCertificate, "đã hết hạn"},
		{"local certificate not yet valid", signerfake.Faults{}, localSigner(t, f, now.AddDate(0, 0, 1), now.AddDate(1, 0, 0)), signing.ErrCertificate, "chưa có hiệu lực"},
		{"csc certificate revoked", signerfake.Faults{CertStatus: "revoked"}, csc(5 * time.Second), signing.ErrCertificate, "đã bị thu hồi"},
		{"csc certificate expired", signerfake.Faults{CertStatus: "expired"}, csc(5 * time.Second), signing.ErrCertificate, "đã hết hạn"},
		{"csc times out", signerfake.Faults{Hang: true, Delay: 2 * time.Second, Target: "csc"}, csc(200 * time.Millisecond), signing.ErrService, "Timeout"},
		{"csc holder refuses", signerfake.Faults{Refuse: true}, csc(5 * time.Second), signing.ErrRefused, "refused"},
		{"smartca revoked", signerfake.Faults{CertStatus: "revoked"}, smart(), signing.ErrCertificate, "đã bị thu hồi"},
		{"smartca holder rejects", signerfake.Faults{Refuse: true}, smart(), signing.ErrRefused, "từ chối"},
		{"smartca approval too slow", signerfake.Faults{ApprovalDelay: time.Hour, ExpireAfter: 50 * time.Millisecond}, smart(), signing.ErrRefused, "hết hạn"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.SetFaults(c.faults)
			defer f.SetFaults(signerfake.Faults{})
			out, _, err := signing.Sign(ctx, request(t), c.signer, nil)
			if err == nil {
				t.Fatalf("signed %d bytes", len(out))
			}
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %v containing %q", err, c.is, c.want)
			}
		})
	}
}

func TestSmartCASlowApprovalStillSigns(t *testing.T) {
	f, srv := newFake(t)
	f.SetFaults(signerfake.Faults{ApprovalDelay: 150 * time.Millisecond, ExpireAfter: time.Minute})
	s := signing.NewSmartCA(srv.URL+"/smartca/v1", "tok", "chutich", 5*time.Second, nil)
	s.Poll = 20 * time.Millisecond
	out, _, err := signing.Sign(context.Background(), request(t), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signing.Verify(out, f.CA.Pool(), nil); err != nil {
		t.Fatal(err)
	}
	if n := f.Calls()["/smartca/v1/signatures/status"]; n < 2 {
		t.Errorf("polled %d times, want several while the holder had not approved", n)
	}
}

func TestKeyRotationKeepsOldSignaturesValid(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	csc := signing.NewCSC(srv.URL+"/csc/v1", "tok", 5*time.Second, nil)
	before, _, err := signing.Sign(ctx, request(t), csc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Rotate(); err != nil {
		t.Fatal(err)
	}
	after, _, err := signing.Sign(ctx, request(t), csc, nil)
	if err != nil {
		t.Fatal(err)
	}
	v1, err1 := signing.Verify(before, f.CA.Pool(), nil)
	v2, err2 := signing.Verify(after, f.CA.Pool(), nil)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if v1.Serial == v2.Serial {
		t.Errorf("both signed with serial %s after a rotation", v1.Serial)
	}
	// A root the document does not chain to is refused.
	other, _ := signerfake.NewCA("other", time.Now())
	if _, err := signing.Verify(after, other.Pool(), nil); err == nil {
		t.Error("verified against a foreign root")
	}
}
