package docgen

import (
	"context"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// isHandOver reports whether an event moves the dossier from one holder to
// the next: the rows of the process control slip.
func isHandOver(k dossier.ActionKind) bool {
	switch k {
	case dossier.ActReceive, dossier.ActAssign, dossier.ActPropose, dossier.ActSendBack, dossier.ActApprove, dossier.ActReturn:
		return true
	}
	return false
}

// BuildControl maps the event log onto the process control slip: the
// dossier's header and components, then one row per hand-over (received,
// assigned, proposed to the leader, sent back, approved, returned) with the
// step it starts (named as in the pinned procedure's workflow), the time,
// the giver and the receiver by name, the step deadline, and whether the step
// was handed on by that deadline: on time, late, or nothing while it is
// still pending. A step's deadline is the last one the log records before
// it was handed on, so a pause that moved it (a supplement) counts.
// The header shows the appointment promised at reception and, when it
// moved, the one promised now; the resolving agency and the coordinating
// officers; the last row how the dossier ended against its appointment.
// Errors: Conflict when the dossier has not been received.
func BuildControl(ctx context.Context, db *store.DB, code string, opt Options) (pdf.ControlSlip, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.ControlSlip{}, err
	}
	d := dd.d
	if d.ReceivedAt.IsZero() {
		return pdf.ControlSlip{}, notApplicable("hồ sơ %s chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết", d.Code)
	}
	var idx []int // indexes of hand-over events in dd.events
	for i, e := range dd.events {
		if isHandOver(e.Kind) {
			idx = append(idx, i)
		}
	}
	rows := make([]pdf.HandOver, 0, len(idx))
	for n, i := range idx {
		e := dd.events[i]
		row := pdf.HandOver{At: e.At, StepDeadline: e.StepDueAt, Notes: e.Note}
		if e.Detail != nil && e.Detail.Reason != "" {
			row.Notes = joinNote(e.Detail.Reason, e.Note)
		}
		if row.Giver, err = dd.giver(ctx, db, e); err != nil {
			return pdf.ControlSlip{}, err
		}
		if row.Receiver, err = dd.receiver(ctx, db, e); err != nil {
			return pdf.ControlSlip{}, err
		}
		row.Unit = dd.stepName(e.Kind)
		// The step ends when the next hand-over happens; its deadline is the
		// last one recorded before then.
		if n+1 < len(idx) && e.Kind != dossier.ActReturn {
			next := dd.events[idx[n+1]]
			for _, between := range dd.events[i+1 : idx[n+1]] {
				if !between.StepDueAt.IsZero() {
					row.StepDeadline = between.StepDueAt
				}
			}
			if !row.StepDeadline.IsZero() {
				row.Outcome = pdf.OutcomeOnTime
				if next.At.After(row.StepDeadline) {
					row.Outcome = pdf.OutcomeLate
				}
			}
		}
		rows = append(rows, row)
	}
	promised, err := dd.originalAppointment(ctx, db)
	if err != nil {
		return pdf.ControlSlip{}, err
	}
	coord, err := dd.coordinators(ctx, db)
	if err != nil {
		return pdf.ControlSlip{}, err
	}
	result, resultAt := resultOutcome(d)
	return pdf.ControlSlip{
		Letterhead:           letterhead(dd.receiving),
		Issued:               d.ReceivedAt,
		DossierCode:          d.Code,
		Applicant:            applicant(d, false),
		ProcedureName:        d.ProcedureName,
		Received:             d.ReceivedAt,
		Appointment:          promised,
		NewAppointment:       d.Appointment(),
		ResultPlace:          desk(dd.receiving),
		ResolvingAgency:      dd.resolving.Name,
		CoordinatingAgencies: coord,
		Components:           components(d),
		HandOvers:            rows,
		Result:               result,
		ResultAt:             resultAt,
	}, nil
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || b == a:
		return a
	}
	return a + ". " + b
}

// giver is who handed the dossier on: the applicant at reception, else the
// officer who held it (or, for a pool, the actor).
func (dd *dossierData) giver(ctx context.Context, db *store.DB, e store.StoredEvent) (string, error) {
	switch e.Kind {
	case dossier.ActReceive:
		return dd.d.Applicant.DisplayName(), nil
	case dossier.ActApprove, dossier.ActReturn:
		return dd.officerName(ctx, db, e.ActorID, "")
	}
	id := e.FromOfficer
	if id == "" {
		id = e.ActorID
	}
	return dd.officerName(ctx, db, id, "")
}

// receiver is who took the dossier: the officer it went to, the pool of the
// step's role when it went to nobody in person, the applicant at return.
func (dd *dossierData) receiver(ctx context.Context, db *store.DB, e store.StoredEvent) (string, error) {
	switch e.Kind {
	case dossier.ActReturn:
		return dd.d.Applicant.DisplayName(), nil
	case dossier.ActApprove:
		return "Bộ phận Một cửa", nil
	case dossier.ActPropose:
		return dd.officerName(ctx, db, e.ToOfficer, "Lãnh đạo đơn vị")
	}
	return dd.officerName(ctx, db, e.ToOfficer, "")
}

// stepName names the workflow step a hand-over starts, from the pinned
// procedure: the first step of the role that takes the dossier (the last
// reception step for the return of the result).
func (dd *dossierData) stepName(k dossier.ActionKind) string {
	steps := dd.proc.Procedure.Steps
	find := func(role catalogue.Role, last bool, fallback string) string {
		name := ""
		for _, s := range steps {
			if s.Role == role {
				name = s.Name
				if !last {
					break
				}
			}
		}
		if name == "" {
			return fallback
		}
		return name
	}
	switch k {
	case dossier.ActReceive:
		return find(catalogue.RoleReception, false, "Tiếp nhận hồ sơ")
	case dossier.ActAssign, dossier.ActSendBack:
		return find(catalogue.RoleSpecialist, false, "Chuyên viên xử lý")
	case dossier.ActPropose:
		return find(catalogue.RoleLeader, false, "Lãnh đạo phê duyệt")
	case dossier.ActApprove:
		return find(catalogue.RoleReception, true, "Trả kết quả")
	}
	return "Trả kết quả cho người nộp hồ sơ"
}
