package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

// Dispatcher sends the notify topic's messages: it is the outbox worker's
// Sender for store.TopicNotify.
type Dispatcher struct {
	DB   *store.DB
	HTTP *http.Client // for the SMS and Zalo providers [http.DefaultClient]
	Log  *slog.Logger
	// ChannelAttempts is how many failed attempts one channel gets before
	// the message falls back to the next channel [3].
	ChannelAttempts int

	mu      sync.Mutex
	senders map[string]*account // by unit/channel
}

// account is a unit's configured channel, kept until its row changes.
type account struct {
	updated time.Time
	sender  Sender
	sms     SMSConfig
	zalo    ZaloConfig
}

// Send delivers one notice: on the first channel of the unit's fallback
// order that the recipient can be reached on (an account, an address, and
// for a citizen their consent), falling back to the next when a channel
// fails for good (a permanent error, or ChannelAttempts failures). It returns
// an error to retry later while the current channel may still work, and a
// permanent one when every channel failed. A notice no channel can carry is
// done: nothing is sent, nothing is owed.
func (d *Dispatcher) Send(ctx context.Context, m *store.OutboxMessage) error {
	var n store.Notice
	if err := json.Unmarshal(m.Payload, &n); err != nil {
		return outbox.Permanent(fmt.Errorf("notify message %s: bad payload: %w", m.ID, err))
	}
	settings, err := d.DB.NotifySettings(ctx, m.UnitID)
	if err != nil {
		return err
	}
	var consent map[string]bool
	if n.OfficerID == "" {
		if consent, err = d.DB.NotifyConsents(ctx, n.DossierID); err != nil {
			return err
		}
	}
	prior, err := d.DB.NotifyDeliveries(ctx, store.DeliveryFilter{OutboxID: m.ID})
	if err != nil {
		return err
	}
	byChannel := map[string]*store.NotifyDelivery{}
	for _, p := range prior {
		byChannel[p.Channel] = p
	}
	var failures []error
	for _, ch := range settings.Fallback {
		if p := byChannel[ch]; p != nil {
			switch p.State {
			case store.DeliverySent, store.DeliveryDelivered:
				return nil
			case store.DeliveryFailed, store.DeliveryGivenUp:
				failures = append(failures, fmt.Errorf("%s: %s", ch, p.LastError))
				continue
			}
		}
		if n.OfficerID == "" && !consent[ch] {
			continue
		}
		to := address(&n, ch)
		if to == "" {
			continue
		}
		acct, err := d.account(ctx, m.UnitID, ch)
		if err != nil {
			return err
		}
		if acct == nil {
			continue
		}
		done, err := d.try(ctx, m, &n, ch, to, acct)
		if done {
			return nil
		}
		if err != nil && !outbox.IsPermanent(err) {
			return err
		}
		failures = append(failures, fmt.Errorf("%s: %w", ch, err))
	}
	if len(failures) == 0 {
		if d.Log != nil {
			d.Log.Info("notice not sent: no channel reaches the recipient", "kind", n.Kind, "dossier", n.DossierCode, "outbox", m.ID)
		}
		return nil
	}
	if err := d.DB.NotifyGiveUp(ctx, m.ID); err != nil {
		return err
	}
	return outbox.Permanent(fmt.Errorf("every channel failed: %w", errors.Join(failures...)))
}

// try sends the notice on one channel; done when the provider has it. Its
// error is permanent when this channel is finished with (fall back).
func (d *Dispatcher) try(ctx context.Context, m *store.OutboxMessage, n *store.Notice, ch, to string, acct *account) (bool, error) {
	msg, version, rerr := d.render(ctx, m.UnitID, n, ch, acct)
	del, err := d.DB.BeginNotifyDelivery(ctx, &store.NotifyDelivery{ID: m.ID + ":" + ch, OutboxID: m.ID, UnitID: m.UnitID,
		DossierID: n.DossierID, OfficerID: n.OfficerID, Kind: n.Kind, Channel: ch, Recipient: to,
		Subject: msg.Subject, Body: msg.Body, TemplateVersion: version})
	if err != nil {
		return false, err
	}
	if del.State == store.DeliverySent || del.State == store.DeliveryDelivered {
		return true, nil
	}
	if rerr != nil {
		rerr = Permanent(rerr)
		return false, errors.Join(rerr, d.DB.NotifyDeliveryError(ctx, del.ID, rerr.Error(), true))
	}
	// A repeated attempt sends what the first one recorded, under the same
	// request id.
	msg.RequestID, msg.To, msg.Subject, msg.Body = del.ID, to, del.Subject, del.Body
	pid, err := acct.sender.Send(ctx, msg)
	if err == nil {
		return true, d.DB.NotifyDeliverySent(ctx, del.ID, pid)
	}
	final := outbox.IsPermanent(err) || del.Attempts >= max(1, d.channelAttempts())
	if ctx.Err() != nil {
		final = false // stopping: not the provider's fault
	}
	if rerr := d.DB.NotifyDeliveryError(context.WithoutCancel(ctx), del.ID, err.Error(), final); rerr != nil {
		return false, rerr
	}
	if final {
		return false, Permanent(err)
	}
	return false, err
}

func (d *Dispatcher) channelAttempts() int {
	if d.ChannelAttempts > 0 {
		return d.ChannelAttempts
	}
	return 3
}

// address is where a channel reaches the notice's recipient: the phone for
// SMS and Zalo, the e-mail address for e-mail; "" when unknown, or when the
// phone is not a mobile number (an officer's desk line): the channel cannot
// reach them, and the next one is tried without a failed delivery.
func address(n *store.Notice, ch string) string {
	switch ch {
	case SMS, Zalo:
		if _, err := NormalizePhone("phone", n.Phone); err != nil {
			return ""
		}
		return n.Phone
	case Email:
		return n.Email
	}
	return ""
}

// render fills the unit's current template for the notice's kind on ch, or
// the built-in one, and returns its version.
func (d *Dispatcher) render(ctx context.Context, unitID string, n *store.Notice, ch string, acct *account) (Message, int, error) {
	t := Default(n.Kind, ch)
	stored, err := d.DB.LatestNotifyTemplate(ctx, unitID, n.Kind, ch)
	if err != nil {
		return Message{}, 0, err
	}
	if stored != nil {
		t = Template{Kind: n.Kind, Channel: ch, Version: stored.Version, Subject: stored.Subject, Body: stored.Body}
	}
	if t.Body == "" {
		return Message{}, 0, fmt.Errorf("no template for %s on %s", n.Kind, ch)
	}
	subject, body, err := t.Render(n.Values, acct.sms)
	if err != nil {
		return Message{}, t.Version, fmt.Errorf("template %s/%s v%d: %w", n.Kind, ch, t.Version, err)
	}
	m := Message{Subject: subject, Body: body}
	if ch == Zalo {
		m.TemplateID, m.Data = acct.zalo.Templates[n.Kind], n.Values
		if m.TemplateID == "" && n.Kind == KindResolvedElectronic {
			// A unit whose Zalo templates predate this kind: its
			// approved template for a result ready.
			m.TemplateID = acct.zalo.Templates[KindResolved]
		}
	}
	return m, t.Version, nil
}

// account returns the unit's sender on ch, nil when the channel is off.
func (d *Dispatcher) account(ctx context.Context, unitID, ch string) (*account, error) {
	raw, updated, ok, err := d.DB.NotifyAccount(ctx, unitID, ch)
	if err != nil || !ok {
		return nil, err
	}
	key := unitID + "/" + ch
	d.mu.Lock()
	defer d.mu.Unlock()
	if a := d.senders[key]; a != nil && a.updated.Equal(updated) {
		return a, nil
	}
	a, err := d.build(unitID, ch, raw)
	if err != nil {
		// A broken account is an administrator's to fix: the channel is
		// skipped, loudly.
		if d.Log != nil {
			d.Log.Error("notification account unusable", "unit", unitID, "channel", ch, "err", err)
		}
		return nil, nil
	}
	a.updated = updated
	if d.senders == nil {
		d.senders = map[string]*account{}
	}
	d.senders[key] = a
	return a, nil
}

func (d *Dispatcher) build(unitID, ch string, raw json.RawMessage) (*account, error) {
	a := &account{}
	var err error
	switch ch {
	case Email:
		var c EmailConfig
		if err = json.Unmarshal(raw, &c); err == nil {
			a.sender, err = NewEmail(c)
		}
	case SMS:
		if err = json.Unmarshal(raw, &a.sms); err == nil {
			a.sender, err = NewSMS(a.sms, d.HTTP)
		}
	case Zalo:
		if err = json.Unmarshal(raw, &a.zalo); err == nil {
			a.sender, err = NewZalo(a.zalo, unitID, d.DB, d.HTTP, d.DB.Now)
		}
	default:
		err = fmt.Errorf("unknown channel %q", ch)
	}
	return a, err
}

// CheckAccount checks an account's settings for a channel as the
// dispatcher will read them: unknown fields and missing ones refused.
func CheckAccount(channel string, raw []byte) error {
	dec := func(v any) error {
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	switch channel {
	case Email:
		var c EmailConfig
		if err := dec(&c); err != nil {
			return fmt.Errorf("email account: %w", err)
		}
		_, err := NewEmail(c)
		return err
	case SMS:
		var c SMSConfig
		if err := dec(&c); err != nil {
			return fmt.Errorf("sms account: %w", err)
		}
		if c.ReportSecret == "" {
			return fmt.Errorf("sms account: report_secret is required (it authenticates the delivery reports)")
		}
		_, err := NewSMS(c, nil)
		return err
	case Zalo:
		var c ZaloConfig
		if err := dec(&c); err != nil {
			return fmt.Errorf("zalo account: %w", err)
		}
		_, err := NewZalo(c, "", nil, nil, nil)
		return err
	}
	return fmt.Errorf("unknown channel %q: want email, sms or zalo", channel)
}
