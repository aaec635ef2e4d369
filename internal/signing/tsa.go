package signing

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/smallstep/pkcs7"
)

// RFC 3161 time-stamp protocol, the parts a client and a fake TSA need.

var (
	oidSHA256  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	OIDTSTInfo = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
)

// MessageImprint is the hash a timestamp is about.
type MessageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

// TimeStampReq is an RFC 3161 request.
type TimeStampReq struct {
	Version        int
	MessageImprint MessageImprint
	ReqPolicy      asn1.ObjectIdentifier `asn1:"optional"`
	Nonce          *big.Int              `asn1:"optional"`
	CertReq        bool                  `asn1:"optional,default:false"`
}

// PKIStatusInfo is a response's status: 0 granted, 2 rejection.
type PKIStatusInfo struct {
	Status       int
	StatusString []string       `asn1:"optional,utf8"`
	FailInfo     asn1.BitString `asn1:"optional"`
}

// TimeStampResp is an RFC 3161 response.
type TimeStampResp struct {
	Status         PKIStatusInfo
	TimeStampToken asn1.RawValue `asn1:"optional"`
}

// TSTInfo is the signed content of a timestamp token.
type TSTInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint MessageImprint
	SerialNumber   *big.Int
	GenTime        time.Time `asn1:"generalized"`
	Nonce          *big.Int  `asn1:"optional"`
}

// TSAClient asks an RFC 3161 timestamp authority over HTTP.
type TSAClient struct {
	URL    string
	Client *http.Client
}

// Timestamp returns a timestamp token for a SHA-256 digest, after checking
// that it is about that digest and carries the nonce sent.
func (c *TSAClient) Timestamp(ctx context.Context, digest []byte) ([]byte, error) {
	nonce, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	req, err := asn1.Marshal(TimeStampReq{Version: 1, MessageImprint: MessageImprint{
		HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256}, HashedMessage: digest}, Nonce: nonce, CertReq: true})
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(req))
	if err != nil {
		return nil, fmt.Errorf("timestamp: %w", err)
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	res, err := client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("%w: máy chủ cấp dấu thời gian: %v", ErrService, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil || res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: máy chủ cấp dấu thời gian trả lời %s", ErrService, res.Status)
	}
	var resp TimeStampResp
	if _, err := asn1.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("timestamp: bad response: %w", err)
	}
	if resp.Status.Status > 1 || len(resp.TimeStampToken.FullBytes) == 0 {
		return nil, fmt.Errorf("%w: máy chủ cấp dấu thời gian từ chối (trạng thái %d %v)", ErrRefused, resp.Status.Status, resp.Status.StatusString)
	}
	info, err := parseToken(resp.TimeStampToken.FullBytes)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(info.MessageImprint.HashedMessage, digest) || info.Nonce == nil || info.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("timestamp: the token is not about this signature or this request")
	}
	return resp.TimeStampToken.FullBytes, nil
}

// parseToken checks a token's own signature and returns its TSTInfo.
func parseToken(token []byte) (*TSTInfo, error) {
	p7, err := pkcs7.Parse(token)
	if err != nil {
		return nil, fmt.Errorf("timestamp token: %w", err)
	}
	if err := p7.Verify(); err != nil {
		return nil, fmt.Errorf("timestamp token: %w", err)
	}
	var info TSTInfo
	if _, err := asn1.Unmarshal(p7.Content, &info); err != nil {
		return nil, fmt.Errorf("timestamp token content: %w", err)
	}
	return &info, nil
}

// timestampOf returns the time of the signature's timestamp token, after
// checking it is about this signature; zero without one.
func timestampOf(p7 *pkcs7.PKCS7) (time.Time, error) {
	si := p7.Signers[0]
	var token asn1.RawValue
	found := false
	for _, a := range si.UnauthenticatedAttributes {
		if a.Type.Equal(oidTimeStampToken) {
			if _, err := asn1.Unmarshal(a.Value.Bytes, &token); err != nil {
				return time.Time{}, fmt.Errorf("dấu thời gian không đọc được: %v", err)
			}
			found = true
		}
	}
	if !found {
		return time.Time{}, nil
	}
	info, err := parseToken(token.FullBytes)
	if err != nil {
		return time.Time{}, fmt.Errorf("dấu thời gian không hợp lệ: %v", err)
	}
	d := sha256.Sum256(si.EncryptedDigest)
	if !bytes.Equal(info.MessageImprint.HashedMessage, d[:]) {
		return time.Time{}, fmt.Errorf("dấu thời gian không thuộc chữ ký này")
	}
	return info.GenTime, nil
}
