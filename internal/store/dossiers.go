package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
)

// IntakeRequest asks to create a dossier.
type IntakeRequest struct {
	// ClientKey identifies an anonymous submitter (the address), so that
	// online submissions can be limited per address: they use up the day's
	// numbers of the unit, which the counter needs too.
	ClientKey string
	// UnitID is the receiving unit.
	UnitID        string
	ProcedureCode string
	Intake        dossier.Intake
	// Actor is the reception officer at the counter or for a postal
	// dossier; nil for an online submission.
	Actor *staff.Officer
	// KeyScope names who owns Intake.IdempotencyKey (an API caller: the
	// officer, or the client's address): the key then answers that caller's
	// requests to the same unit, channel and procedure only. Empty for keys
	// the server minted itself (the web forms' random secrets).
	KeyScope string
	// Consent lists the channels (notify: "zalo", "sms", "email") the
	// applicant agreed to be told on, recorded at the counter.
	Consent []string
}

// Intake creates a dossier in one transaction: its code (gap-free per unit
// and day), its pinned procedure version, the arrival event, and for counter
// and postal dossiers the receipt, the appointment and the routing to a
// specialist. A retried online submission with the same idempotency key
// returns the first dossier and creates nothing.
//
// Errors: Invalid (fields named), NotFound (unit, procedure), Forbidden
// (an officer of another unit, or no reception officer at the counter),
// Conflict (the unit was merged into another).
func (db *DB) Intake(ctx context.Context, req IntakeRequest) (*dossier.Dossier, error) {
	key, err := idempotencyKey(req)
	if err != nil {
		return nil, err
	}
	req.Intake.IdempotencyKey = key
	var out *dossier.Dossier
	err = db.Transact(ctx, func(tx *Tx) error {
		first, err := tx.replay(ctx, req)
		if first != nil || err != nil {
			out = first
			return err
		}
		d, err := tx.intake(ctx, req)
		out = d
		return err
	})
	if err != nil && key != "" && isUniqueViolation(err) {
		return db.replayAfterRace(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// replay returns the dossier a first submission with the request's
// idempotency key made, or nil when there is none. A key used for another
// request is refused (sameRequest): it answers no one else's request.
func (tx *Tx) replay(ctx context.Context, req IntakeRequest) (*dossier.Dossier, error) {
	if req.Intake.IdempotencyKey == "" {
		return nil, nil
	}
	d, err := tx.dossierWhere(ctx, `idempotency_key = $1`, req.Intake.IdempotencyKey)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return d, sameRequest(d, req)
}

// replayAfterRace answers a retry that lost the race to insert the same key:
// the winner's dossier is the answer.
func (db *DB) replayAfterRace(ctx context.Context, req IntakeRequest) (*dossier.Dossier, error) {
	d, err := db.dossierWhere(ctx, db.read, `idempotency_key = $1`, req.Intake.IdempotencyKey)
	if err != nil {
		return nil, err
	}
	if err := sameRequest(d, req); err != nil {
		return nil, err
	}
	return d, nil
}

func (tx *Tx) intake(ctx context.Context, req IntakeRequest) (*dossier.Dossier, error) {
	u, err := tx.unitByID(ctx, req.UnitID)
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, apperr.New(apperr.Conflict, "%s đã sáp nhập vào đơn vị khác, không tiếp nhận hồ sơ mới", u.Name)
	}
	if req.Actor != nil && req.Actor.UnitID != u.ID {
		return nil, apperr.New(apperr.Forbidden, "cán bộ chỉ tiếp nhận hồ sơ tại đơn vị của mình")
	}
	if req.Actor == nil && req.ClientKey != "" {
		if _, err := tx.reserveAttempt(ctx, "Đã có quá nhiều hồ sơ được nộp từ địa chỉ này trong một giờ. Vui lòng thử lại sau.",
			Allowance{Key: "submit:" + req.ClientKey, Max: maxSubmitsPerClient, Window: submitWindow}); err != nil {
			return nil, err
		}
	}
	pv, err := tx.currentVersion(ctx, req.ProcedureCode)
	if err != nil {
		return nil, err
	}
	// An assisted one is told by the domain's validation, beside the channel.
	if req.Intake.Channel == dossier.Online && !req.Intake.Assisted && pv.Procedure.Online == catalogue.OnlineCounter {
		return nil, apperr.Invalidf("procedure", "thủ tục %s chưa được cung cấp trực tuyến, vui lòng nộp tại Bộ phận Một cửa", pv.Procedure.Name)
	}
	d, submitted, err := dossier.Create(req.Intake, &pv.Procedure, req.Actor, tx.now)
	if err != nil {
		return nil, err
	}
	d.ID = NewID()
	d.ReceivingUnitID, d.ResolvingUnitID = u.ID, u.ID
	if r := req.Intake.ResolvingUnitID; r != "" && r != u.ID {
		ru, err := tx.unitByID(ctx, r)
		if err != nil {
			return nil, err
		}
		if !ru.Active() {
			return nil, apperr.Invalidf("resolving_unit_id", "%s đã sáp nhập vào đơn vị khác", ru.Name)
		}
		d.ResolvingUnitID = ru.ID
	}
	d.ProcedureID, d.ProcedureVer = pv.ProcedureID, pv.Version
	if err := tx.checkCompetentLevel(ctx, d.ResolvingUnitID, &pv.Procedure); err != nil {
		return nil, err
	}
	day := tx.now.In(Zone)
	coder, err := tx.codingUnit(ctx, u, d)
	if err != nil {
		return nil, err
	}
	events := []dossier.Event{submitted}
	// At the counter, by post, or online with the reception officer's help
	// at the counter (assisted online): the officer receives it at once.
	if d.Channel != dossier.Online || d.Assisted() {
		env, err := tx.env(ctx, d, &pv.Procedure, req.Actor)
		if err != nil {
			return nil, err
		}
		if env.Candidates, err = tx.candidates(ctx, d); err != nil {
			return nil, err
		}
		evs, err := dossier.Apply(d, dossier.Action{Kind: dossier.ActReceive}, env)
		if err != nil {
			return nil, err
		}
		if d.Channel == dossier.Counter {
			// Handed in and received in one moment: there was no status before.
			evs[0].FromStatus = 0
			events = evs
		} else {
			events = append(events, evs...)
		}
	}
	events = append(events, dossier.CrossUnitEvents(d, events)...)
	// The day's counter is shared by every intake of the coding unit: it is
	// taken as late as it can be, so that its row lock (PostgreSQL) is held
	// for the rest of this transaction only.
	var seq int
	if err := tx.queryRow(ctx, `INSERT INTO dossier_counters (unit_id, day, n) VALUES ($1, $2, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = dossier_counters.n + 1 RETURNING n`,
		coder.ID, day.Format("2006-01-02")).Scan(&seq); err != nil {
		return nil, fmt.Errorf("next dossier code: %w", err)
	}
	if seq > 9999 {
		return nil, apperr.New(apperr.Conflict, "đơn vị đã tiếp nhận 9.999 hồ sơ trong ngày")
	}
	d.Code = dossier.FormatCode(coder.Code, day, seq)
	if err := tx.insertDossier(ctx, d); err != nil {
		return nil, err
	}
	put(&tx.eventSeq, d.ID, 0) // a new dossier has no event yet
	put(&tx.unitName, u.ID, u.Name)
	if err := tx.appendEvents(ctx, d, events); err != nil {
		return nil, err
	}
	if err := tx.tellPortal(ctx, d, events); err != nil {
		return nil, err
	}
	for _, ch := range req.Consent {
		if err := tx.setConsent(ctx, d.ID, ch, true, actorIDOf(req.Actor)); err != nil {
			return nil, err
		}
	}
	if err := tx.tellNotify(ctx, d, events, &pv.Procedure); err != nil {
		return nil, err
	}
	return d, tx.afterChange(ctx, nil, d, &pv.Procedure)
}

// Act applies an action to the dossier with this code, in one transaction:
// the rules decide (dossier.Apply), the dossier row changes, the events are
// appended, the jobs it needs are enqueued. actor is nil when the applicant
// acts (a supplement online, a rating).
func (db *DB) Act(ctx context.Context, code string, a dossier.Action, actor *staff.Officer) (*dossier.Dossier, error) {
	if a.Kind == dossier.ActAttachResult {
		// The paper is kept with its action: AttachResult.
		return nil, apperr.Invalidf("kind", "văn bản kết quả được đính kèm bằng cách tải lên hoặc tạo văn bản kết quả")
	}
	if a.Kind == dossier.ActRecordPayment && (a.Method == dossier.Cash || a.Method == dossier.Transfer) {
		// Cash or a transfer recorded at the counter gets the fee receipt an
		// online payment gets, and can be refunded the same way (payments.go).
		return db.actWith(ctx, code, a, actor, func(tx *Tx, d *dossier.Dossier) error {
			return tx.recordCashPayment(ctx, d, a, actor)
		})
	}
	return db.actWith(ctx, code, a, actor, nil)
}

// actWith is Act with also, when not nil, run in the same transaction
// once the rules have accepted the action (e.g. to keep a digitised paper
// record with the action that marks its component).
func (db *DB) actWith(ctx context.Context, code string, a dossier.Action, actor *staff.Officer, also func(tx *Tx, d *dossier.Dossier) error) (*dossier.Dossier, error) {
	var out *dossier.Dossier
	err := db.Transact(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.act(ctx, code, a, actor, also)
		return err
	})
	return out, err
}

// act is actWith's transaction.
func (tx *Tx) act(ctx context.Context, code string, a dossier.Action, actor *staff.Officer, also func(tx *Tx, d *dossier.Dossier) error) (*dossier.Dossier, error) {
	tx.actor = actor
	d, err := tx.dossierForUpdate(ctx, code)
	if err != nil {
		return nil, err
	}
	before := d.Clone()
	pv, err := tx.pinnedVersion(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return nil, err
	}
	env, err := tx.env(ctx, d, &pv.Procedure, actor)
	if err != nil {
		return nil, err
	}
	if a.OfficerID != "" {
		t, err := tx.db.officerWhere(ctx, tx.q(), `o.id = $1`, a.OfficerID)
		if apperr.KindOf(err) == apperr.NotFound {
			return nil, apperr.Invalidf("officer_id", "không tìm thấy cán bộ được chọn")
		}
		if err != nil {
			return nil, err
		}
		env.Target = t
	}
	if a.Kind == dossier.ActReceive {
		if env.Candidates, err = tx.candidates(ctx, d); err != nil {
			return nil, err
		}
	}
	if a.Kind == dossier.ActApprove {
		if env.ResultPaper, err = tx.hasResultPaper(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	events, err := dossier.Apply(d, a, env)
	if err != nil {
		return nil, err
	}
	events = append(events, dossier.CrossUnitEvents(d, events)...)
	if also != nil {
		if err := also(tx, d); err != nil {
			return nil, err
		}
	}
	if a.Kind == dossier.ActAnswer {
		if err := tx.answerConsultation(ctx, d, a, actor); err != nil {
			return nil, err
		}
	}
	if a.Kind == dossier.ActConsult {
		if err := tx.createConsultation(ctx, d, a, actor, events[0].StepDueAt); err != nil {
			return nil, err
		}
	}
	if err := tx.updateDossier(ctx, d, before.Version); err != nil {
		return nil, err
	}
	if err := tx.appendEvents(ctx, d, events); err != nil {
		return nil, err
	}
	if err := tx.tellPortal(ctx, d, events); err != nil {
		return nil, err
	}
	if err := tx.tellNotify(ctx, d, events, &pv.Procedure); err != nil {
		return nil, err
	}
	if d.Status == dossier.Refused && before.Status != dossier.Refused {
		if err := tx.portalUnsynced(ctx, before); err != nil {
			return nil, err
		}
	}
	if err := tx.refundForRule(ctx, before, d, &pv.Procedure); err != nil {
		return nil, err
	}
	return d, tx.afterChange(ctx, before, d, &pv.Procedure)
}

func (tx *Tx) env(ctx context.Context, d *dossier.Dossier, proc *catalogue.Procedure, actor *staff.Officer) (dossier.Env, error) {
	cal, err := tx.calendar(ctx, d.ResolvingUnitID)
	if err != nil {
		return dossier.Env{}, err
	}
	return dossier.Env{Actor: actor, Now: tx.now, Cal: cal, Proc: proc}, nil
}

// candidates are the active specialists of the resolving unit who own the
// dossier's field, with the number of open dossiers each holds.
func (tx *Tx) candidates(ctx context.Context, d *dossier.Dossier) ([]dossier.Candidate, error) {
	rows, err := tx.query(ctx, `SELECT o.id, (SELECT COUNT(*) FROM dossiers x WHERE x.assignee_id = o.id AND x.status IN (2, 4, 5, 6, 8))
		FROM officers o JOIN officer_fields f ON f.officer_id = o.id
		WHERE o.unit_id = $1 AND f.field_code = $2 AND o.active ORDER BY o.username`, d.ResolvingUnitID, d.FieldCode)
	if err != nil {
		return nil, fmt.Errorf("routing candidates: %w", err)
	}
	defer rows.Close()
	var out []dossier.Candidate
	for rows.Next() {
		var c dossier.Candidate
		if err := rows.Scan(&c.OfficerID, &c.Open); err != nil {
			return nil, fmt.Errorf("routing candidates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// dossierColumns returns the indexed columns of d, in the order of the
// INSERT and UPDATE statements below.
func dossierColumns(d *dossier.Dossier) ([]any, error) {
	doc, err := encodeDossier(d)
	if err != nil {
		return nil, err
	}
	search := dossierSearchText(d)
	var key any
	if d.IdempotencyKey != "" {
		key = d.IdempotencyKey
	}
	return []any{d.Status, d.Applicant.DisplayName(), last4(d.Applicant.Phone), last4(d.Applicant.IDNumber), search,
		ms(d.SubmittedAt), ms(d.ReceivedAt), ms(d.AppointmentAt), ms(d.EndedAt), ms(d.ReturnedAt),
		nullStr(d.AssigneeID), nullStr(d.LeadID), ms(d.StepDueAt), d.Version, string(doc), key}, nil
}

func last4(s string) string {
	if len(s) < 4 {
		return ""
	}
	return s[len(s)-4:]
}

func (tx *Tx) insertDossier(ctx context.Context, d *dossier.Dossier) error {
	cols, err := dossierColumns(d)
	if err != nil {
		return err
	}
	args := append([]any{d.ID, d.Code, d.ReceivingUnitID, d.ResolvingUnitID, d.ProcedureID, d.ProcedureVer,
		d.ProcedureCode, d.FieldCode, int(d.Channel)}, cols...)
	args = append(args, tx.now.UnixMilli(), d.Applicant.IDNumber, d.Applicant.TaxCode)
	_, err = tx.exec(ctx, `INSERT INTO dossiers (id, code, receiving_unit_id, resolving_unit_id, procedure_id, procedure_version,
		procedure_code, field_code, channel, status, applicant_name, lookup_phone, lookup_id, search_text,
		submitted_at, received_at, appointment_at, ended_at, returned_at, assignee_id, lead_id, step_due_at,
		version, doc, idempotency_key, created_at, updated_at, applicant_number, applicant_tax_code)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $26, $27, $28)`, args...)
	if err != nil {
		return fmt.Errorf("insert dossier %s: %w", d.Code, err)
	}
	return tx.notePending(ctx, d, true)
}

// updateDossier writes d if nobody changed it since version prev.
func (tx *Tx) updateDossier(ctx context.Context, d *dossier.Dossier, prev int) error {
	cols, err := dossierColumns(d)
	if err != nil {
		return err
	}
	args := append([]any{d.ID, prev}, cols[:len(cols)-1]...)
	args = append(args, tx.now.UnixMilli(), d.Applicant.IDNumber, d.Applicant.TaxCode)
	res, err := tx.exec(ctx, `UPDATE dossiers SET status = $3, applicant_name = $4, lookup_phone = $5, lookup_id = $6,
		search_text = $7, submitted_at = $8, received_at = $9, appointment_at = $10, ended_at = $11, returned_at = $12,
		assignee_id = $13, lead_id = $14, step_due_at = $15, version = $16, doc = $17, updated_at = $18,
		applicant_number = $19, applicant_tax_code = $20
		WHERE id = $1 AND version = $2`, args...)
	if err != nil {
		return fmt.Errorf("update dossier %s: %w", d.Code, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "hồ sơ %s vừa được người khác cập nhật, vui lòng tải lại", d.Code)
	}
	return tx.notePending(ctx, d, false)
}

func (tx *Tx) appendEvents(ctx context.Context, d *dossier.Dossier, events []dossier.Event) error {
	seq, err := tx.lastEventSeq(ctx, d)
	if err != nil {
		return err
	}
	// Each event joins the resolving unit's audit chain (audit.go) when the
	// transaction ends (shared.go).
	for _, e := range events {
		seq++
		detail, err := encodeDetail(e.Detail)
		if err != nil {
			return fmt.Errorf("encode event: %w", err)
		}
		id, at, due := NewID(), e.At.UnixMilli(), ms(e.StepDueAt)
		tx.chain(chainRow{
			unitID: d.ResolvingUnitID,
			table:  "dossier_events",
			fields: dossierEventFields(id, d.ID, seq, at, string(e.Kind), e.ActorID,
				int(e.FromStatus), int(e.ToStatus), e.FromOfficer, e.ToOfficer, due, e.Note, e.Public, detail),
			insert: `INSERT INTO dossier_events (id, dossier_id, seq, at, kind, actor_id, from_status, to_status,
			from_officer, to_officer, step_due_at, note, public, detail, unit_id, chain_seq, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			args: []any{id, d.ID, seq, at, string(e.Kind), e.ActorID, int(e.FromStatus), int(e.ToStatus),
				e.FromOfficer, e.ToOfficer, due, e.Note, e.Public, detail, d.ResolvingUnitID},
		})
	}
	put(&tx.eventSeq, d.ID, seq)
	return nil
}

// lastEventSeq is the number of d's last event, counting those this
// transaction appended and has not written yet.
func (tx *Tx) lastEventSeq(ctx context.Context, d *dossier.Dossier) (int, error) {
	if seq, ok := tx.eventSeq[d.ID]; ok {
		return seq, nil
	}
	var seq int
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM dossier_events WHERE dossier_id = $1`, d.ID).Scan(&seq); err != nil {
		return 0, fmt.Errorf("events of %s: %w", d.Code, err)
	}
	return seq, nil
}

// events reads a dossier's whole history in the transaction, with the
// events it appended.
func (tx *Tx) events(ctx context.Context, dossierID string) ([]StoredEvent, error) {
	if err := tx.writeChained(ctx); err != nil {
		return nil, err
	}
	return tx.db.eventsWith(ctx, tx.tx, dossierID)
}

// dossierForUpdate reads the dossier with this code to change it (locking
// its row on PostgreSQL), and in the same statement what its change will
// need: the number of its last event, its resolving unit's calendar
// revision and its receiving unit's name.
func (tx *Tx) dossierForUpdate(ctx context.Context, code string) (*dossier.Dossier, error) {
	lock := ""
	if tx.db.dialect == Postgres {
		lock = " FOR UPDATE OF d"
	}
	var doc, unitName string
	var key sql.NullString
	var seq, calRev int
	err := tx.queryRow(ctx, `SELECT d.doc, d.idempotency_key,
		(SELECT COALESCE(MAX(e.seq), 0) FROM dossier_events e WHERE e.dossier_id = d.id),
		(SELECT r.calendar_rev FROM units r WHERE r.id = d.resolving_unit_id),
		(SELECT u.name FROM units u WHERE u.id = d.receiving_unit_id)
		FROM dossiers d WHERE d.code = $1`+lock, code).Scan(&doc, &key, &seq, &calRev, &unitName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy hồ sơ %v", code)
	}
	if err != nil {
		return nil, fmt.Errorf("read dossier %v: %w", code, err)
	}
	d, err := decodeDossier([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("read dossier %v: %w", code, err)
	}
	d.IdempotencyKey = key.String
	put(&tx.eventSeq, d.ID, seq)
	put(&tx.calendarRev, d.ResolvingUnitID, calRev)
	put(&tx.unitName, d.ReceivingUnitID, unitName)
	tx.wasPending(d)
	return d, nil
}

func (tx *Tx) dossierWhere(ctx context.Context, where string, args ...any) (*dossier.Dossier, error) {
	d, err := tx.db.dossierWhere(ctx, tx.q(), where, args...)
	if err == nil {
		tx.wasPending(d)
	}
	return d, err
}

func (db *DB) dossierWhere(ctx context.Context, q querier, where string, args ...any) (*dossier.Dossier, error) {
	var doc string
	var key sql.NullString
	err := q.QueryRowContext(ctx, `SELECT doc, idempotency_key FROM dossiers WHERE `+where, args...).Scan(&doc, &key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy hồ sơ %v", args[0])
	}
	if err != nil {
		return nil, fmt.Errorf("read dossier %v: %w", args[0], err)
	}
	d, err := decodeDossier([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("read dossier %v: %w", args[0], err)
	}
	d.IdempotencyKey = key.String
	return d, nil
}

// afterChange does what a dossier change entails besides its row and events,
// in the same transaction: the indicator roll-ups, and background jobs (the letter when a dossier with a
// letter rule is resolved).
func (tx *Tx) afterChange(ctx context.Context, before, after *dossier.Dossier, proc *catalogue.Procedure) error {
	var old report.Contribution
	if before != nil {
		old = report.Contribute(before)
	}
	if err := tx.addStats(ctx, report.Delta(old, report.Contribute(after))); err != nil {
		return err
	}
	resolvedNow := after.Status == dossier.Resolved && (before == nil || before.Status != dossier.Resolved)
	if resolvedNow && proc.Letter != "" && proc.Letter != catalogue.LetterNone {
		if err := tx.enqueue(ctx, "letter", "letter:"+after.ID, map[string]string{"dossier_id": after.ID, "kind": string(proc.Letter)}, tx.now); err != nil {
			return err
		}
	}
	return nil
}

// enqueue adds a job unless one with the same key exists: enqueueing is idempotent.
func (tx *Tx) enqueue(ctx context.Context, kind, key string, payload any, runAt time.Time) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode job %s: %w", kind, err)
	}
	_, err = tx.exec(ctx, `INSERT INTO jobs (id, kind, key, payload, state, run_at, created_at)
		VALUES ($1, $2, $3, $4, 'queued', $5, $6) ON CONFLICT (key) DO NOTHING`,
		NewID(), kind, key, string(b), runAt.UnixMilli(), tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return nil
}
