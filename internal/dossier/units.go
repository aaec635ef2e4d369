package dossier

import (
	"github.com/motcua/motcua/internal/apperr"
	"time"

	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// Events of a dossier travelling between units (Decree 118/2025/NĐ-CP: a
// commune receives dossiers whatever the administrative boundary within the
// province). They are recorded by the store, not applied by Apply.
const (
	// EvHandOver: the receiving unit hands the dossier to the competent unit.
	EvHandOver ActionKind = "hand_over"
	// EvHandBack: the competent unit hands the result back to the receiving
	// unit, which returns it to the applicant.
	EvHandBack ActionKind = "hand_back"
	// EvTransfer: the dossier goes to another competent unit (it was received
	// for the wrong one). Detail.OfficerID is empty; Note says why.
	EvTransfer ActionKind = "transfer"
	// EvUnitMerged: the dossier follows its unit into the unit's successor.
	EvUnitMerged ActionKind = "unit_merged"
)

// CrossUnitEvents are the hand-over events that events, just applied to a
// dossier whose receiving and competent units differ, entail: a hand-over
// when it is received (the file travels to the competent unit), a hand-back
// when its result is ready (it travels back for the return).
func CrossUnitEvents(d *Dossier, events []Event) []Event {
	if d.ReceivingUnitID == d.ResolvingUnitID {
		return nil
	}
	var out []Event
	for _, e := range events {
		switch {
		case e.Kind == ActReceive:
			out = append(out, Event{Kind: EvHandOver, At: e.At, ActorID: e.ActorID, FromStatus: e.ToStatus, ToStatus: e.ToStatus,
				Note: "Chuyển hồ sơ đến đơn vị có thẩm quyền giải quyết", Public: true})
		case e.ToStatus == Resolved && e.FromStatus != Resolved:
			out = append(out, Event{Kind: EvHandBack, At: e.At, ActorID: e.ActorID, FromStatus: Resolved, ToStatus: Resolved,
				Note: "Chuyển kết quả về đơn vị tiếp nhận để trả cho người nộp", Public: true})
		}
	}
	return out
}

// TransferTo sends a dossier received for the wrong unit to the competent unit
// toUnitID: the dossier keeps its code, its receiving unit and its
// appointment, loses its handlers, and waits in the new unit's queue
// (Received) to be assigned. Who may: a leader of the current competent
// unit, or reception of the receiving unit while nobody handles it yet.
// Errors: Forbidden, Conflict (the status), Invalid (no reason, same unit).
func TransferTo(d *Dossier, toUnitID, reason string, actor *staff.Officer, now time.Time) (Event, error) {
	reason = textfold.NFC(reason)
	switch {
	case actor == nil:
		return Event{}, forbidden("cần đăng nhập")
	case toUnitID == "" || toUnitID == d.ResolvingUnitID:
		return Event{}, apperr.Invalidf("unit", "chọn đơn vị có thẩm quyền khác đơn vị đang giải quyết")
	case reason == "":
		return Event{}, apperr.Invalidf("reason", "vui lòng nêu lý do chuyển hồ sơ")
	case d.Status != Received && d.Status != Processing:
		return Event{}, conflict("hồ sơ ở trạng thái %s không chuyển được", d.Status.Label())
	}
	leader := actor.Has(staff.Leader) && actor.UnitID == d.ResolvingUnitID
	reception := actor.Has(staff.Reception) && actor.UnitID == d.ReceivingUnitID && d.Status == Received
	if !leader && !reception {
		return Event{}, forbidden("chỉ lãnh đạo đơn vị đang giải quyết, hoặc Bộ phận Một cửa khi hồ sơ chưa được phân công, được chuyển hồ sơ")
	}
	e := Event{Kind: EvTransfer, At: now, ActorID: actor.ID, FromStatus: d.Status, ToStatus: Received,
		FromOfficer: d.AssigneeID, Note: reason, Public: true}
	d.ResolvingUnitID = toUnitID
	d.Status, d.AssigneeID, d.LeadID, d.StepDueAt = Received, "", "", time.Time{}
	d.Version++
	return e, nil
}

// MoveToSuccessor puts a dossier of unit from under its successor to: the
// receiving and the competent unit alike, its code unchanged. It reports
// false when the dossier was not from's.
func MoveToSuccessor(d *Dossier, from, to, successorName string, now time.Time) (Event, bool) {
	moved := false
	if d.ReceivingUnitID == from {
		d.ReceivingUnitID, moved = to, true
	}
	if d.ResolvingUnitID == from {
		d.ResolvingUnitID, moved = to, true
	}
	if !moved {
		return Event{}, false
	}
	d.Version++
	return Event{Kind: EvUnitMerged, At: now, FromStatus: d.Status, ToStatus: d.Status,
		Note: "Đơn vị sáp nhập: hồ sơ do " + successorName + " tiếp tục giải quyết", Public: true}, true
}
