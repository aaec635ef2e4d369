package signerfake

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/smallstep/pkcs7"

	"github.com/motcua/motcua/internal/signing"
)

var (
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	tsaPolicy               = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}
)

type essCertIDv2 struct{ CertHash []byte }
type signingCertificateV2 struct{ Certs []essCertIDv2 }

// TSA is an RFC 3161 timestamp authority.
type TSA struct {
	key    crypto.Signer
	cert   *x509.Certificate
	now    func() time.Time
	serial int64
}

func newTSA(ca *CA, now func() time.Time) (*TSA, error) {
	t := now()
	key, cert, err := ca.Issue("motcua test TSA", "Timestamp authority", t.Add(-time.Hour), t.AddDate(5, 0, 0), true)
	if err != nil {
		return nil, err
	}
	return &TSA{key: key, cert: cert, now: now}, nil
}

// token signs a TSTInfo for req.
func (t *TSA) token(req signing.TimeStampReq) ([]byte, error) {
	t.serial++
	info, err := asn1.Marshal(signing.TSTInfo{Version: 1, Policy: tsaPolicy, MessageImprint: req.MessageImprint,
		SerialNumber: big.NewInt(t.serial), GenTime: t.now().UTC().Truncate(time.Second), Nonce: req.Nonce})
	if err != nil {
		return nil, err
	}
	sd, err := pkcs7.NewSignedData(info)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	sd.GetSignedData().ContentInfo.ContentType = signing.OIDTSTInfo
	h := sha256.Sum256(t.cert.Raw)
	ess := pkcs7.Attribute{Type: oidSigningCertificateV2, Value: signingCertificateV2{Certs: []essCertIDv2{{CertHash: h[:]}}}}
	if err := sd.AddSigner(t.cert, t.key, pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{ess}}); err != nil {
		return nil, err
	}
	return sd.Finish()
}

// serveTSA answers POST application/timestamp-query.
func (f *Fake) serveTSA(w http.ResponseWriter, r *http.Request) {
	if !f.fault(w, "tsa") {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "want an application/timestamp-query body", http.StatusBadRequest)
		return
	}
	var req signing.TimeStampReq
	if _, err := asn1.Unmarshal(body, &req); err != nil || len(req.MessageImprint.HashedMessage) != sha256.Size {
		writeTSResp(w, signing.TimeStampResp{Status: signing.PKIStatusInfo{Status: 2, StatusString: []string{"bad request"}}})
		return
	}
	f.mu.Lock()
	tok, err := f.tsa.token(req)
	f.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeTSResp(w, signing.TimeStampResp{Status: signing.PKIStatusInfo{Status: 0}, TimeStampToken: asn1.RawValue{FullBytes: tok}})
}

func writeTSResp(w http.ResponseWriter, resp signing.TimeStampResp) {
	b, err := asn1.Marshal(resp)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(b)
}
