package signing

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/smallstep/pkcs7"
)

// Verified describes a valid signature.
type Verified struct {
	Signer    string    // the signing certificate's common name
	Issuer    string    // its issuer's common name
	Serial    string    // its serial number, hex
	SigningAt time.Time // the signer's claimed time
	Timestamp time.Time // the TSA's time (B-T), zero for B-B
	Level     string
	// Revocation is what the revocation lists held said of the signer's
	// certificate (RevocationUnchecked when none of its issuer is held).
	Revocation Revocation
}

// ErrModified is wrapped by Verify's error for a document changed after
// signing (or whose signature does not cover it all).
var ErrModified = errors.New("tài liệu đã bị thay đổi sau khi ký")

// ErrUnsigned is returned for a PDF without a signature.
var ErrUnsigned = errors.New("tài liệu không có chữ ký số")

var byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// Verify checks the last signature of a signed PDF: it must cover the
// whole file but its own hole, its CMS must match the bytes, its
// certificate must chain to roots (when not nil) at the signing time (the
// timestamp's, for B-T), and it must not be revoked by then according to
// crls (when not nil; an error wrapping ErrRevoked). Without a trusted
// timestamp the signing time is only the signer's claim, so any revocation
// the lists hold refuses the signature.
func Verify(pdf []byte, roots *x509.CertPool, crls *CRLs) (*Verified, error) {
	all := byteRangeRE.FindAllSubmatch(pdf, -1)
	if len(all) == 0 {
		return nil, ErrUnsigned
	}
	var br [4]int
	for i := range br {
		br[i], _ = strconv.Atoi(string(all[len(all)-1][i+1]))
	}
	if br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[2]+br[3] > len(pdf) || br[2]+br[3] < len(pdf) {
		return nil, fmt.Errorf("%w: chữ ký không bao trùm toàn bộ tệp", ErrModified)
	}
	hole := pdf[br[1]:br[2]]
	if len(hole) < 2 || hole[0] != '<' || hole[len(hole)-1] != '>' {
		return nil, fmt.Errorf("%w: vùng chữ ký bị hỏng", ErrModified)
	}
	raw := make([]byte, (len(hole)-2)/2)
	if _, err := hex.Decode(raw, hole[1:len(hole)-1]); err != nil {
		return nil, fmt.Errorf("%w: vùng chữ ký bị hỏng", ErrModified)
	}
	var der asn1.RawValue
	if _, err := asn1.Unmarshal(raw, &der); err != nil {
		return nil, fmt.Errorf("%w: chữ ký không đọc được", ErrModified)
	}
	p7, err := pkcs7.Parse(der.FullBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: chữ ký không đọc được: %v", ErrModified, err)
	}
	p7.Content = append(append([]byte{}, pdf[:br[1]]...), pdf[br[2]:]...)
	leaf := p7.GetOnlySigner()
	if leaf == nil {
		return nil, errors.New("chữ ký không có chứng thư của người ký")
	}
	v := &Verified{Signer: leaf.Subject.CommonName, Issuer: leaf.Issuer.CommonName, Serial: leaf.SerialNumber.Text(16), Level: LevelBB}
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &v.SigningAt); err != nil {
		return nil, fmt.Errorf("%w: thiếu thời điểm ký", ErrModified)
	}
	var ess signingCertificateV2
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &ess); err != nil || len(ess.Certs) == 0 {
		return nil, errors.New("chữ ký không theo chuẩn PAdES (thiếu signingCertificateV2)")
	}
	if h := sha256.Sum256(leaf.Raw); !bytes.Equal(h[:], ess.Certs[0].CertHash) {
		return nil, errors.New("chứng thư trong chữ ký không khớp chứng thư được ký")
	}
	at := v.SigningAt
	if ts, err := timestampOf(p7); err != nil {
		return nil, err
	} else if !ts.IsZero() {
		v.Timestamp, v.Level, at = ts, LevelBT, ts
	}
	if err := p7.VerifyWithChainAtTime(roots, at); err != nil {
		var md *pkcs7.MessageDigestMismatchError
		if errors.As(err, &md) {
			return nil, fmt.Errorf("%w (mã băm không khớp)", ErrModified)
		}
		return nil, fmt.Errorf("chữ ký không hợp lệ: %v", err)
	}
	if v.Revocation, err = crls.Check(leaf, at, v.Level == LevelBT); err != nil {
		return nil, err
	}
	return v, nil
}
