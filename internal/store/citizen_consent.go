package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Consent channels: the ways a citizen may agree to be told about their
// dossiers (Decree 13/2023 asks for consent per purpose and channel).
const (
	ConsentSMS   = "sms"
	ConsentZalo  = "zalo"
	ConsentEmail = "email"
)

// ConsentChannels lists the channels in the order the consent page shows them.
var ConsentChannels = []string{ConsentSMS, ConsentZalo, ConsentEmail}

// Consent is a person's answer for one channel.
type Consent struct {
	Channel string
	// Asked is false when the person never answered for this channel.
	Asked     bool
	Granted   bool
	UpdatedAt time.Time
}

// ConsentFor says whether the person with this personal number agreed to be
// told about their dossiers on channel. A person who never answered has
// Asked false and Granted false: the caller decides what silence means.
// Errors: Invalid (an unknown channel).
func (db *DB) ConsentFor(ctx context.Context, idNumber, channel string) (Consent, error) {
	if !knownChannel(channel) {
		return Consent{}, apperr.Invalidf("channel", "kênh thông báo %q không tồn tại", channel)
	}
	c := Consent{Channel: channel}
	var at int64
	err := db.read.QueryRowContext(ctx, `SELECT granted, updated_at FROM citizen_consents WHERE id_number = $1 AND channel = $2`,
		idNumber, channel).Scan(&c.Granted, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return Consent{}, fmt.Errorf("read consent: %w", err)
	}
	c.Asked, c.UpdatedAt = true, time.UnixMilli(at)
	return c, nil
}

// Consents returns the person's answers for every channel, in
// ConsentChannels order.
func (db *DB) Consents(ctx context.Context, idNumber string) ([]Consent, error) {
	out := make([]Consent, 0, len(ConsentChannels))
	for _, ch := range ConsentChannels {
		c, err := db.ConsentFor(ctx, idNumber, ch)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// SetConsent records the person's answer for channel (replacing the last
// one). Errors: Invalid (an unknown channel, no personal number).
func (db *DB) SetConsent(ctx context.Context, idNumber, channel string, granted bool) error {
	return db.SetConsents(ctx, idNumber, map[string]bool{channel: granted})
}

// SetConsents records the person's answers for several channels at once, in
// one transaction: all are recorded or none. Errors: Invalid (an unknown
// channel, no personal number).
func (db *DB) SetConsents(ctx context.Context, idNumber string, answers map[string]bool) error {
	for ch := range answers {
		if !knownChannel(ch) {
			return apperr.Invalidf("channel", "kênh thông báo %q không tồn tại", ch)
		}
	}
	if idNumber == "" {
		return apperr.Invalidf("id_number", "chưa có số định danh cá nhân để ghi nhận sự đồng ý")
	}
	return db.Transact(ctx, func(tx *Tx) error {
		for _, ch := range ConsentChannels {
			granted, ok := answers[ch]
			if !ok {
				continue
			}
			_, err := tx.exec(ctx, `INSERT INTO citizen_consents (id_number, channel, granted, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (id_number, channel) DO UPDATE SET granted = excluded.granted, updated_at = excluded.updated_at`,
				idNumber, ch, granted, tx.now.UnixMilli())
			if err != nil {
				return fmt.Errorf("set consent: %w", err)
			}
		}
		return nil
	})
}

func knownChannel(ch string) bool {
	for _, c := range ConsentChannels {
		if c == ch {
			return true
		}
	}
	return false
}
