package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// Consultation is a question from one officer to another on a dossier.
type Consultation struct {
	ID          string    `json:"id"`
	DossierID   string    `json:"dossier_id"`
	FromOfficer string    `json:"from_officer"`
	ToOfficer   string    `json:"to_officer"`
	Question    string    `json:"question"`
	DueAt       time.Time `json:"due_at"`
	Answer      string    `json:"answer,omitempty"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
}

func (tx *Tx) createConsultation(ctx context.Context, d *dossier.Dossier, a dossier.Action, actor *staff.Officer, due time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO consultations (id, dossier_id, from_officer, to_officer, question, due_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, NewID(), d.ID, actor.ID, a.OfficerID, a.Note, due.UnixMilli(), tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("create consultation: %w", err)
	}
	return nil
}

func (tx *Tx) answerConsultation(ctx context.Context, d *dossier.Dossier, a dossier.Action, actor *staff.Officer) error {
	if actor == nil {
		return apperr.New(apperr.Forbidden, "cần đăng nhập")
	}
	var to string
	err := tx.queryRow(ctx, `SELECT to_officer FROM consultations WHERE id = $1 AND dossier_id = $2`, a.ConsultationID, d.ID).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Invalidf("consultation_id", "không tìm thấy yêu cầu xin ý kiến này")
	}
	if err != nil {
		return fmt.Errorf("answer consultation: %w", err)
	}
	if to != actor.ID {
		return apperr.New(apperr.Forbidden, "yêu cầu xin ý kiến này không gửi đến bạn")
	}
	res, err := tx.exec(ctx, `UPDATE consultations SET answer = $4, answered_at = $5
		WHERE id = $1 AND dossier_id = $2 AND to_officer = $3 AND answered_at IS NULL`,
		a.ConsultationID, d.ID, actor.ID, textfold.NFC(a.Note), tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("answer consultation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "không có yêu cầu xin ý kiến nào đang chờ bạn trả lời")
	}
	return nil
}

// Consultations lists a dossier's consultations, oldest first.
func (db *DB) Consultations(ctx context.Context, dossierID string) ([]Consultation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, dossier_id, from_officer, to_officer, question, due_at, answer, answered_at
		FROM consultations WHERE dossier_id = $1 ORDER BY created_at, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("consultations: %w", err)
	}
	defer rows.Close()
	var out []Consultation
	for rows.Next() {
		var c Consultation
		var due, answered sql.NullInt64
		if err := rows.Scan(&c.ID, &c.DossierID, &c.FromOfficer, &c.ToOfficer, &c.Question, &due, &c.Answer, &answered); err != nil {
			return nil, fmt.Errorf("consultations: %w", err)
		}
		c.DueAt, c.AnsweredAt = fromMS(due), fromMS(answered)
		out = append(out, c)
	}
	return out, rows.Err()
}
