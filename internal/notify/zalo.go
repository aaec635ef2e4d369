package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// ZaloConfig is a unit's Zalo Official Account for ZNS.
type ZaloConfig struct {
	APIURL   string `json:"api_url"`   // e.g. https://business.openapi.zalo.me
	OAuthURL string `json:"oauth_url"` // e.g. https://oauth.zaloapp.com
	AppID    string `json:"app_id"`
	// SecretKey is the app's secret: it authenticates token refreshes and
	// signs the webhook's events.
	SecretKey string `json:"secret_key"`
	// Templates maps a notification kind to its approved ZNS template id.
	Templates map[string]string `json:"templates"`
}

// Token is a unit's Zalo access token and its single-use refresh token.
type Token = store.ZaloToken

// TokenStore keeps the tokens (store.DB): reading them; taking the right to
// refresh (a lease, so one refresh runs at a time across processes); and
// writing the new pair only if the generation read is still current.
type TokenStore interface {
	ZaloToken(ctx context.Context, unitID string) (Token, error)
	LeaseZaloRefresh(ctx context.Context, unitID string, generation int, lease time.Duration) (bool, error)
	RotateZaloToken(ctx context.Context, unitID string, generation int, t Token) error
}

// ZaloSender sends ZNS template messages for one unit.
type ZaloSender struct {
	cfg    ZaloConfig
	unitID string
	tokens TokenStore
	http   *http.Client
	now    func() time.Time
	mu     sync.Mutex // one refresh at a time in this process
}

// NewZalo checks cfg and returns the unit's sender.
func NewZalo(cfg ZaloConfig, unitID string, tokens TokenStore, hc *http.Client, now func() time.Time) (*ZaloSender, error) {
	if cfg.APIURL == "" || cfg.OAuthURL == "" || cfg.AppID == "" || cfg.SecretKey == "" {
		return nil, fmt.Errorf("zalo account: api_url, oauth_url, app_id and secret_key are required")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	if now == nil {
		now = time.Now
	}
	cfg.APIURL, cfg.OAuthURL = strings.TrimRight(cfg.APIURL, "/"), strings.TrimRight(cfg.OAuthURL, "/")
	return &ZaloSender{cfg: cfg, unitID: unitID, tokens: tokens, http: hc, now: now}, nil
}

// ZaloSend is the body of POST {api}/message/template.
type ZaloSend struct {
	Phone        string            `json:"phone"`
	TemplateID   string            `json:"template_id"`
	TemplateData map[string]string `json:"template_data"`
	TrackingID   string            `json:"tracking_id"`
}

// ZaloAnswer is Zalo's answer: error 0 and the message id, or an error code.
type ZaloAnswer struct {
	Error   int    `json:"error"`
	Message string `json:"message"`
	Data    struct {
		MsgID    string `json:"msg_id"`
		SentTime string `json:"sent_time"`
	} `json:"data"`
}

// Zalo error codes motcua tells apart.
const (
	ZaloErrToken        = -124 // access token invalid or expired
	ZaloErrPhone        = -108 // phone number invalid
	ZaloErrTemplate     = -109 // template id invalid
	ZaloErrTemplateData = -112 // template data invalid
	ZaloErrNoUser       = -118 // no Zalo account for this phone
	ZaloErrUserRefused  = -139 // the user refused ZNS messages
)

// Send sends m.TemplateID with m.Data; the tracking id is the request id.
// An expired access token is refreshed once and the send repeated.
func (z *ZaloSender) Send(ctx context.Context, m Message) (string, error) {
	phone, err := NormalizePhone("phone", m.To)
	if err != nil {
		return "", Permanent(err)
	}
	if m.TemplateID == "" {
		return "", Permanent(fmt.Errorf("zalo: no approved template for this notification"))
	}
	tok, err := z.token(ctx, "")
	if err != nil {
		return "", err
	}
	body, _ := json.Marshal(ZaloSend{Phone: phone, TemplateID: m.TemplateID, TemplateData: m.Data, TrackingID: m.RequestID})
	for try := 0; ; try++ {
		a, err := z.post(ctx, tok.Access, body)
		if err != nil {
			return "", err
		}
		switch {
		case a.Error == 0 && a.Data.MsgID != "":
			return a.Data.MsgID, nil
		case a.Error == ZaloErrToken && try == 0:
			if tok, err = z.token(ctx, tok.Access); err != nil {
				return "", err
			}
			continue
		case a.Error == ZaloErrPhone || a.Error == ZaloErrTemplate || a.Error == ZaloErrTemplateData ||
			a.Error == ZaloErrNoUser || a.Error == ZaloErrUserRefused:
			return "", Permanent(fmt.Errorf("zalo: refused (%d): %s", a.Error, a.Message))
		}
		return "", fmt.Errorf("zalo: error %d: %s", a.Error, a.Message)
	}
}

func (z *ZaloSender) post(ctx context.Context, access string, body []byte) (*ZaloAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, z.cfg.APIURL+"/message/template", bytes.NewReader(body))
	if err != nil {
		return nil, Permanent(fmt.Errorf("zalo: %w", err))
	}
	req.Header.Set("access_token", access)
	req.Header.Set("Content-Type", "application/json")
	resp, err := z.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("zalo: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return nil, errStatus("zalo", resp.StatusCode, string(raw))
	}
	var a ZaloAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("zalo: unreadable answer: %w", err)
	}
	return &a, nil
}

// token returns a usable access token. rejected, when set, is a token Zalo
// just refused: a newer one is returned, refreshing if no one else has.
// Refreshes run one at a time: in this process under mu, across processes
// under the store's lease; the new pair is written only if no other refresh
// won (generation), since the old refresh token no longer works.
func (z *ZaloSender) token(ctx context.Context, rejected string) (Token, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	for wait := 0; ; wait++ {
		t, err := z.tokens.ZaloToken(ctx, z.unitID)
		if err != nil {
			return Token{}, fmt.Errorf("zalo token: %w", err)
		}
		fresh := t.Access != "" && z.now().Add(time.Minute).Before(t.ExpiresAt)
		if (rejected == "" && fresh) || (rejected != "" && t.Access != rejected) {
			return t, nil
		}
		ok, err := z.tokens.LeaseZaloRefresh(ctx, z.unitID, t.Generation, 30*time.Second)
		if err != nil {
			return Token{}, fmt.Errorf("zalo token: %w", err)
		}
		if !ok {
			// Another process is refreshing: wait for its new token.
			if wait >= 20 {
				return Token{}, fmt.Errorf("zalo token: another refresh is still running")
			}
			select {
			case <-ctx.Done():
				return Token{}, ctx.Err()
			case <-time.After(250 * time.Millisecond):
			}
			continue
		}
		nt, err := z.refresh(ctx, t.Refresh)
		if err != nil {
			return Token{}, err
		}
		nt.Generation = t.Generation + 1
		if err := z.tokens.RotateZaloToken(ctx, z.unitID, t.Generation, nt); err != nil {
			return Token{}, fmt.Errorf("zalo token: store the new pair: %w", err)
		}
		return nt, nil
	}
}

// zaloTokenAnswer is the OAuth server's answer; expires_in is a string of
// seconds in Zalo's answers, a number in some: both are read.
type zaloTokenAnswer struct {
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	Error        int             `json:"error"`
	ErrorName    string          `json:"error_name"`
}

// refresh spends the refresh token for a new pair (POST
// {oauth}/v4/oa/access_token, the app's secret in the secret_key header).
func (z *ZaloSender) refresh(ctx context.Context, refreshToken string) (Token, error) {
	form := url.Values{"app_id": {z.cfg.AppID}, "grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, z.cfg.OAuthURL+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, Permanent(fmt.Errorf("zalo refresh: %w", err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", z.cfg.SecretKey)
	resp, err := z.http.Do(req)
	if err != nil {
		return Token{}, fmt.Errorf("zalo refresh: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return Token{}, errStatus("zalo refresh", resp.StatusCode, string(raw))
	}
	var a zaloTokenAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return Token{}, fmt.Errorf("zalo refresh: unreadable answer: %w", err)
	}
	if a.Error != 0 || a.AccessToken == "" || a.RefreshToken == "" {
		// A refused refresh token needs an administrator to authorise the
		// app again: no retry cures it.
		return Token{}, Permanent(fmt.Errorf("zalo refresh: refused (%d): %s", a.Error, a.ErrorName))
	}
	secs, err := strconv.Atoi(strings.Trim(string(a.ExpiresIn), `"`))
	if err != nil || secs <= 0 {
		secs = 3600
	}
	return Token{Access: a.AccessToken, Refresh: a.RefreshToken, ExpiresAt: z.now().Add(time.Duration(secs) * time.Second)}, nil
}

// ZaloEvent is a webhook event posted to /api/v1/notify/reports/zalo.
// Zalo signs it: the header X-ZEvent-Signature is "mac=" and the hex
// SHA-256 of app_id + the raw body + timestamp + the app's secret key.
type ZaloEvent struct {
	AppID     string `json:"app_id"`
	EventName string `json:"event_name"` // user_received_message
	Timestamp string `json:"timestamp"`
	Message   struct {
		MsgID        string `json:"msg_id"`
		TrackingID   string `json:"tracking_id"`
		DeliveryTime string `json:"delivery_time"`
	} `json:"message"`
}

// ZaloSignature is the X-ZEvent-Signature of an event body.
func ZaloSignature(appID string, body []byte, timestamp, secret string) string {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(secret))
	return "mac=" + hex.EncodeToString(h.Sum(nil))
}

// ErrBadSignature: a report whose signature does not verify.
var ErrBadSignature = errors.New("bad signature")

// VerifyZaloEvent checks an event's signature against the unit's account.
func VerifyZaloEvent(cfg ZaloConfig, body []byte, ev *ZaloEvent, signature string) error {
	if cfg.SecretKey == "" || ev.AppID != cfg.AppID {
		return ErrBadSignature
	}
	want := ZaloSignature(cfg.AppID, body, ev.Timestamp, cfg.SecretKey)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.TrimSpace(signature))) != 1 {
		return ErrBadSignature
	}
	return nil
}
