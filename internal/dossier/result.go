package dossier

import (
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
)

// The result paper: the specialist leading a dossier uploads the result
// (a PDF) or generates the result notice while the dossier is with them;
// a leader of the resolving unit may replace it until they approve. After
// approval it is what the applicant receives, and it is never replaced.

// authoriseAttachResult: an officer of the resolving unit who leads the
// dossier, or a leader of that unit.
func authoriseAttachResult(d *Dossier, o *staff.Officer) error {
	if o == nil || o.UnitID != d.ResolvingUnitID {
		return forbidden("chỉ cán bộ của đơn vị giải quyết được đính kèm văn bản kết quả")
	}
	if o.ID != d.LeadID && !o.Has(staff.Leader) {
		return forbidden("chỉ chuyên viên chủ trì hoặc lãnh đạo được đính kèm văn bản kết quả")
	}
	return nil
}

// applyAttachResult records the result paper a.PaperID (kept by the
// store): only while the dossier is being processed, and for the lead
// specialist only while it is with them (not while the leader reviews it).
func applyAttachResult(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if d.Status == Resolved || d.Status == Returned {
		return nil, conflict("kết quả đã được phê duyệt, không thay được văn bản kết quả")
	}
	if err := requireStatus(d, "đính kèm văn bản kết quả cho", Processing); err != nil {
		return nil, err
	}
	if env.Actor.ID == d.LeadID && d.AssigneeID != d.LeadID && !env.Actor.Has(staff.Leader) {
		return nil, conflict("hồ sơ đang chờ lãnh đạo phê duyệt: chỉ lãnh đạo được thay văn bản kết quả lúc này")
	}
	if a.PaperID == "" {
		return nil, apperr.Invalidf("result", "chưa có văn bản kết quả")
	}
	return []Event{d.event(a, env, from, false)}, nil
}

// CanAttachResult says whether env.Actor may attach (or replace) the
// result paper of d now. d is not changed.
func CanAttachResult(d *Dossier, env Env) bool {
	if env.Actor == nil || d == nil {
		return false
	}
	_, err := Apply(d.Clone(), Action{Kind: ActAttachResult, PaperID: probeTargetID}, env)
	return err == nil
}
