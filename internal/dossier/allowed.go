package dossier

import (
	"github.com/motcua/motcua/internal/staff"
)

// OfficerActions lists, in the order a workspace shows them, the actions an
// officer can take on a dossier (every kind but the applicant's rating and
// the submission event).
var OfficerActions = []ActionKind{
	ActReceive, ActAssign, ActRefuse, ActRequestSupplement, ActSupplement, ActRequestPayment, ActRecordPayment,
	ActPropose, ActSendBack, ActApprove, ActReturn, ActAddCoordinator, ActConsult, ActAnswer,
	ActDraftApology, ActApproveApology, ActStop, ActResume, ActWithdraw, ActDigitise,
}

// probeTargetID is the id of the stand-in officer Allowed names in actions
// that need one; no stored officer has it (ids are UUIDs).
const probeTargetID = "allowed-probe"

// Allowed returns the kinds of OfficerActions that env.Actor may take on d
// now, in that order. It does not duplicate the rules: it applies each kind,
// with the least input that kind needs to be valid (a reason, one item, a
// stand-in specialist of the resolving unit, one working day...), to a copy
// of d through Apply, and keeps those that succeed. d is never changed.
//
// env must carry what Apply needs (Now, Cal, Proc); its Target is ignored.
// A nil actor gets nothing. Kinds whose real input is looked up elsewhere are
// reported as possible in principle: answer (the caller checks for an open
// consultation addressed to the actor), assign/add_coordinator/consult (the
// caller offers the eligible officers), digitise (any component).
func Allowed(d *Dossier, env Env) []ActionKind {
	if env.Actor == nil || d == nil {
		return nil
	}
	probe := &staff.Officer{ID: probeTargetID, UnitID: d.ResolvingUnitID, FullName: "—",
		Roles: []staff.Role{staff.Specialist}, Active: true}
	var out []ActionKind
	for _, k := range OfficerActions {
		a := Action{Kind: k, Reason: "-", Note: "-", Items: []string{"-"}}
		e := env
		e.Target = nil
		e.Candidates = nil
		switch k {
		case ActAssign, ActAddCoordinator, ActConsult:
			a.OfficerID, e.Target = probe.ID, probe
			a.DueDays = 1
		case ActRequestPayment:
			if d.Payment.Due == 0 {
				a.Amount = 1 // the officer states the amount in the form
			}
		case ActRecordPayment:
			a.Method = Cash
		case ActDraftApology:
			a.ExtendDays = 1
		case ActAnswer:
			a.ConsultationID = probeTargetID
		case ActDigitise:
			a.Digitisation, a.PaperID = Digitised, probeTargetID
		}
		if _, err := Apply(d.Clone(), a, e); err == nil {
			out = append(out, k)
		}
	}
	return out
}
