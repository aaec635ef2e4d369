package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// SetReturnChoice records how the applicant of the dossier with id wants the
// result, replacing an earlier choice, and returns the choice as stored.
// Errors: Invalid (dossier.ReturnChoice.Validate); NotFound for an unknown
// dossier; Conflict once the dossier has ended (refused, withdrawn or its
// result handed over): nothing is written then.
func (db *DB) SetReturnChoice(ctx context.Context, dossierID string, c dossier.ReturnChoice) (dossier.ReturnChoice, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := db.Transact(ctx, func(tx *Tx) error {
		var status int
		err := tx.queryRow(ctx, `SELECT status FROM dossiers WHERE id = $1`, dossierID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
		}
		if err != nil {
			return fmt.Errorf("dossier %s status: %w", dossierID, err)
		}
		if dossier.Status(status).Final() {
			return apperr.New(apperr.Conflict, "hồ sơ đã kết thúc nên không đổi được cách nhận kết quả")
		}
		c.ChosenAt = tx.now
		_, err = tx.exec(ctx, `INSERT INTO return_choices (dossier_id, channel, address, chosen_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (dossier_id) DO UPDATE SET channel = excluded.channel, address = excluded.address, chosen_at = excluded.chosen_at`,
			dossierID, string(c.Channel), c.Address, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("record return choice of %s: %w", dossierID, err)
		}
		return nil
	})
	return c, err
}

// ReturnChoice returns the applicant's choice for the dossier with id, or
// nil when none was made.
func (db *DB) ReturnChoice(ctx context.Context, dossierID string) (*dossier.ReturnChoice, error) {
	var ch, addr string
	var at int64
	err := db.read.QueryRowContext(ctx, `SELECT channel, address, chosen_at FROM return_choices WHERE dossier_id = $1`, dossierID).Scan(&ch, &addr, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("return choice of %s: %w", dossierID, err)
	}
	return &dossier.ReturnChoice{Channel: dossier.ReturnChannel(ch), Address: addr, ChosenAt: time.UnixMilli(at).In(Zone)}, nil
}
