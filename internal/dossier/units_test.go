package dossier

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
)

func TestCrossUnitEvents(t *testing.T) {
	now := time.Date(2025, 7, 2, 9, 0, 0, 0, time.UTC)
	received := []Event{{Kind: ActReceive, At: now, FromStatus: New, ToStatus: Received}}
	approved := []Event{{Kind: ActApprove, At: now, FromStatus: Processing, ToStatus: Resolved}}
	same := &Dossier{ReceivingUnitID: "a", ResolvingUnitID: "a"}
	other := &Dossier{ReceivingUnitID: "a", ResolvingUnitID: "b"}
	if got := CrossUnitEvents(same, received); len(got) != 0 {
		t.Errorf("one unit: %+v, want no hand-over", got)
	}
	if got := CrossUnitEvents(other, received); len(got) != 1 || got[0].Kind != EvHandOver || !got[0].Public {
		t.Errorf("received for another unit: %+v, want one public hand_over", got)
	}
	if got := CrossUnitEvents(other, approved); len(got) != 1 || got[0].Kind != EvHandBack {
		t.Errorf("approved for another unit: %+v, want one hand_back", got)
	}
	if got := CrossUnitEvents(other, []Event{{Kind: ActPropose, FromStatus: Processing, ToStatus: Processing}}); len(got) != 0 {
		t.Errorf("a proposal: %+v, want nothing", got)
	}
}

func TestTransferTo(t *testing.T) {
	const ok = apperr.Kind(-1)
	now := time.Date(2025, 7, 2, 9, 0, 0, 0, time.UTC)
	leaderB := &staff.Officer{ID: "lb", UnitID: "b", Roles: []staff.Role{staff.Leader}}
	receptionA := &staff.Officer{ID: "ra", UnitID: "a", Roles: []staff.Role{staff.Reception}}
	specialistB := &staff.Officer{ID: "sb", UnitID: "b", Roles: []staff.Role{staff.Specialist}}
	fresh := func(s Status) *Dossier {
		return &Dossier{ReceivingUnitID: "a", ResolvingUnitID: "b", Status: s, AssigneeID: "sb", LeadID: "sb", Version: 3}
	}
	for _, c := range []struct {
		name   string
		status Status
		actor  *staff.Officer
		to     string
		reason string
		want   apperr.Kind // ok: success
	}{
		{"leader of the competent unit", Processing, leaderB, "c", "Sai thẩm quyền", ok},
		{"reception before assignment", Received, receptionA, "c", "Sai thẩm quyền", ok},
		{"reception once processing", Processing, receptionA, "c", "Sai thẩm quyền", apperr.Forbidden},
		{"a specialist", Processing, specialistB, "c", "Sai thẩm quyền", apperr.Forbidden},
		{"no reason", Processing, leaderB, "c", "", apperr.Invalid},
		{"to the same unit", Processing, leaderB, "b", "Sai thẩm quyền", apperr.Invalid},
		{"resolved", Resolved, leaderB, "c", "Sai thẩm quyền", apperr.Conflict},
	} {
		d := fresh(c.status)
		e, err := TransferTo(d, c.to, c.reason, c.actor, now)
		if c.want != ok {
			if apperr.KindOf(err) != c.want || err == nil {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
			if f := fresh(c.status); d.ResolvingUnitID != f.ResolvingUnitID || d.Status != f.Status || d.AssigneeID != f.AssigneeID || d.Version != f.Version {
				t.Errorf("%s: refused, but the dossier changed", c.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d.ResolvingUnitID != "c" || d.ReceivingUnitID != "a" || d.Status != Received || d.AssigneeID != "" || d.Version != 4 ||
			e.Kind != EvTransfer || e.Note != c.reason || e.FromOfficer != "sb" {
			t.Errorf("%s: dossier %+v, event %+v", c.name, d, e)
		}
	}
}
