// Package notify tells citizens and officers about their dossiers by e-mail
// (SMTP with STARTTLS), SMS brandname (a provider's HTTP API) and Zalo ZNS
// (template messages). The store writes one outbox message (topic "notify")
// in the transaction of the change it reports; the Dispatcher, the outbox
// worker's Sender for that topic, renders the unit's template, tries the
// unit's channels in its fallback order among those the recipient consented
// to, and records every attempt as a delivery (store.NotifyDelivery) whose id
// is the provider request id: a retry after a crash repeats the same request,
// which the provider recognises.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/outbox"
)

// Channel names, as stored.
const (
	Email = "email"
	SMS   = "sms"
	Zalo  = "zalo"
)

// Channels lists the channels in their default fallback order.
var Channels = []string{Zalo, SMS, Email}

// ChannelLabel is a channel's Vietnamese name.
func ChannelLabel(ch string) string {
	switch ch {
	case Email:
		return "Thư điện tử"
	case SMS:
		return "Tin nhắn SMS"
	case Zalo:
		return "Zalo"
	}
	return ch
}

// Message is one message for one channel.
type Message struct {
	// RequestID is the same on every attempt of this message on this
	// channel: the provider's idempotency key (Zalo tracking_id, the SMS
	// provider's request_id, the e-mail's Message-ID).
	RequestID string
	To        string // a phone number (84xxxxxxxxx) or an e-mail address
	Subject   string // e-mail only
	Body      string
	// TemplateID and Data are Zalo ZNS's approved template and its values.
	TemplateID string
	Data       map[string]string
}

// Sender sends on one channel. It returns the provider's message id; an
// error marked outbox.Permanent when retrying cannot help (refused number,
// invalid address, a template the provider does not know): the dispatcher
// then falls back to the next channel.
type Sender interface {
	Send(ctx context.Context, m Message) (providerID string, err error)
}

// Permanent marks err as one retrying cannot cure.
func Permanent(err error) error { return outbox.Permanent(err) }

var phoneRe = regexp.MustCompile(`^(0|\+?84)([35789][0-9]{8})$`)

// NormalizePhone returns a Vietnamese mobile number in the international
// form providers take (84xxxxxxxxx). Errors: Invalid, naming field.
func NormalizePhone(field, phone string) (string, error) {
	p := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(phone)
	m := phoneRe.FindStringSubmatch(p)
	if m == nil {
		return "", apperr.Invalidf(field, "số điện thoại di động %q không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)", phone)
	}
	return "84" + m[2], nil
}

// CheckEmail validates an e-mail address. Errors: Invalid, naming field.
func CheckEmail(field, addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || !strings.Contains(addr[strings.LastIndex(addr, "@")+1:], ".") {
		return "", apperr.Invalidf(field, "địa chỉ thư điện tử %q không hợp lệ", addr)
	}
	return strings.ToLower(addr), nil
}

// errStatus is a provider's HTTP answer that says nothing more.
func errStatus(what string, code int, body string) error {
	err := fmt.Errorf("%s: HTTP %d: %s", what, code, strings.TrimSpace(clip(body, 200)))
	if code >= 400 && code < 500 && code != 408 && code != 429 {
		return Permanent(err)
	}
	return err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ErrNoChannel: the recipient can be reached on none of the unit's channels
// (no account, no address, no consent).
var ErrNoChannel = errors.New("no channel to reach the recipient")
