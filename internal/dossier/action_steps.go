package dossier

import (
	"slices"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
)

// step applies one kind of action to d, whose status was from before it; it
// checks what the action requires and returns the events to append. Apply
// has checked who acts (authorise) and the bounds.
type step func(d *Dossier, a Action, env Env, from Status) ([]Event, error)

// steps is the table of actions: one function per action kind.
var steps = map[ActionKind]step{
	ActReceive:           applyReceive,
	ActRefuse:            applyRefuse,
	ActAssign:            applyAssign,
	ActRequestSupplement: applyRequestSupplement,
	ActSupplement:        applySupplement,
	ActRequestPayment:    applyRequestPayment,
	ActRecordPayment:     applyRecordPayment,
	ActWithdraw:          applyWithdraw,
	ActStop:              applyStop,
	ActResume:            applyResume,
	ActAddCoordinator:    applyAddCoordinator,
	ActConsult:           applyConsult,
	ActAnswer:            applyAnswer,
	ActPropose:           applyPropose,
	ActSendBack:          applySendBack,
	ActApprove:           applyApprove,
	ActReturn:            applyReturn,
	ActDraftApology:      applyDraftApology,
	ActApproveApology:    applyApproveApology,
	ActRate:              applyRate,
	ActDigitise:          applyDigitise,
	ActAttachResult:      applyAttachResult,
}

// apply runs the action's step from the table.
func apply(d *Dossier, a Action, env Env) ([]Event, error) {
	st, ok := steps[a.Kind]
	if !ok {
		return nil, apperr.Invalidf("kind", "thao tác %q không tồn tại", a.Kind)
	}
	return st(d, a, env, d.Status)
}

// applyReceive: reception receives: 1 -> 2; the clock starts.
func applyReceive(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "tiếp nhận", New); err != nil {
		return nil, err
	}
	return d.receive(a, env)
}

// applyRefuse: 1|2 -> 3, reason required.
func applyRefuse(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "từ chối", New, Received); err != nil {
		return nil, err
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	d.Status, d.EndedAt, d.AssigneeID, d.StepDueAt = Refused, env.Now, "", time.Time{}
	ev := d.event(a, env, from, true)
	ev.FromOfficer = ""
	return []Event{ev}, nil
}

// applyAssign: route to a specialist: 2 -> 4, or reassign in 4.
func applyAssign(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "phân công", Received, Processing); err != nil {
		return nil, err
	}
	if env.Target == nil || a.OfficerID == "" || env.Target.ID != a.OfficerID {
		return nil, apperr.Invalidf("officer_id", "vui lòng chọn cán bộ xử lý")
	}
	if !env.Target.Active || env.Target.UnitID != d.ResolvingUnitID || !env.Target.Has(staff.Specialist) {
		return nil, apperr.Invalidf("officer_id", "%s không phải chuyên viên của đơn vị giải quyết", env.Target.FullName)
	}
	if d.Status == Processing && d.AssigneeID != d.LeadID {
		return nil, conflict("hồ sơ đang ở bước trình lãnh đạo; trả lại chuyên viên trước khi phân công lại")
	}
	return []Event{d.assign(a, env, env.Target.ID)}, nil
}

// applyRequestSupplement: 1|2|4 -> 5, reason and items required; the clock pauses.
func applyRequestSupplement(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "yêu cầu bổ sung", New, Received, Processing); err != nil {
		return nil, err
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	if len(a.Items) == 0 {
		return nil, apperr.Invalidf("items", "vui lòng liệt kê giấy tờ cần bổ sung")
	}
	d.pause(Supplement, env.Now)
	d.Supplements++
	return []Event{d.event(a, env, from, true)}, nil
}

// applySupplement: the applicant completed: 5 -> back; the clock resumes.
func applySupplement(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "nhận bổ sung", Supplement); err != nil {
		return nil, err
	}
	if err := d.resume(env); err != nil {
		return nil, err
	}
	return []Event{d.event(a, env, from, true)}, nil
}

// applyRequestPayment: 2|4 -> 6; the clock pauses.
func applyRequestPayment(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "yêu cầu nộp phí", Received, Processing); err != nil {
		return nil, err
	}
	if a.Amount < 0 {
		return nil, apperr.Invalidf("amount", "số tiền không được âm")
	}
	if a.Amount > 0 {
		d.Payment.Due = a.Amount
	}
	if !d.Payment.FeeBearing() {
		return nil, conflict("hồ sơ không có khoản phí, lệ phí phải nộp")
	}
	if d.Payment.State == Paid {
		return nil, conflict("phí, lệ phí đã được nộp")
	}
	d.Payment.State = Pending
	d.pause(AwaitingPayment, env.Now)
	return []Event{d.event(a, env, from, true)}, nil
}

// applyRecordPayment: the fee is paid; 6 -> back, the clock resumes.
func applyRecordPayment(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if d.Status.Final() || d.Status == Stopped {
		return nil, conflict("không thể ghi nhận thanh toán cho hồ sơ ở trạng thái %q", d.Status.Label())
	}
	if !d.Payment.FeeBearing() {
		return nil, conflict("hồ sơ không có khoản phí, lệ phí phải nộp")
	}
	if d.Payment.State == Paid {
		return nil, conflict("phí, lệ phí đã được nộp")
	}
	switch a.Method {
	case Cash, Transfer, OnlinePay:
	default:
		return nil, apperr.Invalidf("method", "hình thức thanh toán %q không hợp lệ (cash, transfer, online)", a.Method)
	}
	if a.Method == OnlinePay && a.Receipt == "" {
		return nil, apperr.Invalidf("receipt", "thanh toán trực tuyến cần mã giao dịch")
	}
	d.Payment.State, d.Payment.Method, d.Payment.Receipt, d.Payment.PaidAt = Paid, a.Method, a.Receipt, env.Now
	if d.Status == AwaitingPayment {
		if err := d.resume(env); err != nil {
			return nil, err
		}
	}
	return []Event{d.event(a, env, from, true)}, nil
}

// applyWithdraw: at the applicant's request: 1|2|4|5|6 -> 7.
func applyWithdraw(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "rút", New, Received, Processing, Supplement, AwaitingPayment); err != nil {
		return nil, err
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	d.Status, d.EndedAt, d.PausedAt, d.StepDueAt = Withdrawn, env.Now, time.Time{}, time.Time{}
	ev := d.event(a, env, from, true)
	d.AssigneeID = ""
	ev.ToOfficer = ""
	return []Event{ev}, nil
}

// applyStop: a leader stops processing: 4|5|6 -> 8, reason required.
func applyStop(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "dừng xử lý", Processing, Supplement, AwaitingPayment); err != nil {
		return nil, err
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	if d.ReceivedAt.IsZero() {
		return nil, conflict("hồ sơ chưa được tiếp nhận: từ chối hoặc yêu cầu bổ sung thay vì dừng xử lý")
	}
	// A dossier already paused keeps its pause (and where it goes back to).
	d.pause(Stopped, env.Now)
	d.StoppedAt = env.Now
	return []Event{d.event(a, env, from, true)}, nil
}

// applyResume: a leader resumes: 8 -> 4; the clock resumes.
func applyResume(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "tiếp tục xử lý", Stopped); err != nil {
		return nil, err
	}
	if err := d.resume(env); err != nil {
		return nil, err
	}
	return []Event{d.event(a, env, from, true)}, nil
}

// applyAddCoordinator: a specialist of another field coordinates.
func applyAddCoordinator(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "thêm cán bộ phối hợp", Processing); err != nil {
		return nil, err
	}
	if env.Target == nil || env.Target.ID != a.OfficerID || !env.Target.Active || !env.Target.Has(staff.Specialist) || env.Target.UnitID != d.ResolvingUnitID {
		return nil, apperr.Invalidf("officer_id", "vui lòng chọn một chuyên viên của đơn vị giải quyết")
	}
	if a.OfficerID == d.LeadID || slices.Contains(d.Coordinators, a.OfficerID) {
		return nil, conflict("%s đã tham gia xử lý hồ sơ", env.Target.FullName)
	}
	d.Coordinators = append(d.Coordinators, a.OfficerID)
	ev := d.event(a, env, from, false)
	ev.ToOfficer = a.OfficerID
	return []Event{ev}, nil
}

// applyConsult: the lead asks a colleague, with a due date.
func applyConsult(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "xin ý kiến", Processing); err != nil {
		return nil, err
	}
	if env.Target == nil || env.Target.ID != a.OfficerID || env.Target.UnitID != d.ResolvingUnitID || !env.Target.Active {
		return nil, apperr.Invalidf("officer_id", "vui lòng chọn cán bộ được xin ý kiến")
	}
	if a.Note == "" {
		return nil, apperr.Invalidf("note", "vui lòng nêu nội dung xin ý kiến")
	}
	if a.DueDays < 1 || a.DueDays > 30 {
		return nil, apperr.Invalidf("due_days", "thời hạn trả lời phải từ 1 đến 30 ngày làm việc")
	}
	due, err := env.Cal.Due(env.Now, calendar.Days(a.DueDays))
	if err != nil {
		return nil, err
	}
	ev := d.event(a, env, from, false)
	ev.ToOfficer = a.OfficerID
	ev.StepDueAt = due
	return []Event{ev}, nil
}

// applyAnswer: the colleague answers.
func applyAnswer(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "trả lời xin ý kiến", Processing, Supplement, AwaitingPayment, Stopped); err != nil {
		return nil, err
	}
	if a.ConsultationID == "" {
		return nil, apperr.Invalidf("consultation_id", "thiếu yêu cầu xin ý kiến được trả lời")
	}
	if a.Note == "" {
		return nil, apperr.Invalidf("note", "vui lòng nhập nội dung trả lời")
	}
	ev := d.event(a, env, from, false)
	ev.FromOfficer = actorID(env)
	return []Event{ev}, nil
}

// applyPropose: the specialist proposes the result: to the leader.
func applyPropose(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "trình kết quả", Processing); err != nil {
		return nil, err
	}
	if d.AssigneeID != d.LeadID || d.LeadID == "" {
		return nil, conflict("hồ sơ đã được trình lãnh đạo")
	}
	if env.Actor.ID != d.LeadID {
		return nil, forbidden("chỉ chuyên viên chủ trì được trình kết quả")
	}
	step := nextStep(env.Proc, d.Step+1, catalogue.RoleLeader)
	ev := d.handOver(a, env, "", step, from)
	return []Event{ev}, nil
}

// applySendBack: the leader sends it back to the specialist.
func applySendBack(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "trả lại chuyên viên", Processing); err != nil {
		return nil, err
	}
	if d.AssigneeID == d.LeadID {
		return nil, conflict("hồ sơ chưa được trình lãnh đạo")
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	step := nextStep(env.Proc, 0, catalogue.RoleSpecialist)
	ev := d.handOver(a, env, d.LeadID, step, from)
	return []Event{ev}, nil
}

// applyApprove: the leader approves and signs: 4 -> 9.
func applyApprove(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "phê duyệt", Processing); err != nil {
		return nil, err
	}
	if d.AssigneeID == d.LeadID {
		return nil, conflict("chuyên viên chưa trình kết quả để phê duyệt")
	}
	if a.ElectronicResult && !env.ResultPaper {
		return nil, apperr.Invalidf("electronic_result", "chưa có văn bản kết quả: chuyên viên cần tải lên hoặc tạo văn bản kết quả trước khi phê duyệt kết quả điện tử")
	}
	d.Status, d.EndedAt, d.ElectronicResult, d.Apology = Resolved, env.Now, a.ElectronicResult, nil
	step := nextStep(env.Proc, d.Step+1, catalogue.RoleReception)
	ev := d.handOver(a, env, "", step, from)
	ev.Public = true
	return []Event{ev}, nil
}

// applyReturn: reception hands the result over: 9 -> 10.
func applyReturn(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "trả kết quả", Resolved); err != nil {
		return nil, err
	}
	if d.Payment.FeeBearing() && d.Payment.State != Paid {
		return nil, conflict("người nộp chưa nộp phí, lệ phí %d đồng", d.Payment.Due)
	}
	d.Status, d.ReturnedAt, d.StepDueAt = Returned, env.Now, time.Time{}
	ev := d.event(a, env, from, true)
	ev.FromOfficer, ev.ToOfficer = "", ""
	return []Event{ev}, nil
}

// applyDraftApology: the handler drafts an apology with a new appointment.
func applyDraftApology(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if !d.Status.Pending() {
		return nil, conflict("chỉ hồ sơ đang giải quyết mới cần thư xin lỗi, hồ sơ đang ở trạng thái %q", d.Status.Label())
	}
	if err := requireReason(a); err != nil {
		return nil, err
	}
	newAt := a.NewAppointment
	if a.ExtendDays > 0 {
		var err error
		if newAt, err = env.Cal.Extend(d.Appointment(), calendar.Days(a.ExtendDays)); err != nil {
			return nil, err
		}
	}
	if newAt.IsZero() || !newAt.After(d.Appointment()) {
		return nil, apperr.Invalidf("new_appointment", "ngày hẹn mới phải sau ngày hẹn hiện tại")
	}
	if newAt.Sub(d.Appointment()) > MaxPostponement {
		return nil, apperr.Invalidf("new_appointment", "ngày hẹn mới không được quá một năm sau ngày hẹn hiện tại")
	}
	a.NewAppointment = newAt
	d.Apology = &Apology{Reason: a.Reason, NewAppointmentAt: newAt, DraftedBy: actorID(env), DraftedAt: env.Now}
	return []Event{d.event(a, env, from, false)}, nil
}

// applyApproveApology: a leader approves it: the new appointment holds.
func applyApproveApology(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if d.Apology == nil {
		return nil, conflict("chưa có thư xin lỗi nào chờ phê duyệt")
	}
	if !d.Status.Pending() {
		return nil, conflict("hồ sơ đang ở trạng thái %q", d.Status.Label())
	}
	d.NewAppointmentAt = d.Apology.NewAppointmentAt
	a.NewAppointment, a.Reason = d.Apology.NewAppointmentAt, d.Apology.Reason
	d.Apology = nil
	return []Event{d.event(a, env, from, true)}, nil
}

// applyRate: the applicant rates the service, once.
func applyRate(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if err := requireStatus(d, "đánh giá", Returned); err != nil {
		return nil, err
	}
	if d.Rating != "" {
		return nil, conflict("hồ sơ này đã được đánh giá")
	}
	switch a.Rating {
	case VerySatisfied, Satisfied, NotSatisfied:
	default:
		return nil, apperr.Invalidf("rating", "vui lòng chọn mức độ hài lòng")
	}
	if len([]rune(a.Complaint)) > 2000 {
		return nil, apperr.Invalidf("complaint", "ý kiến dài quá 2000 ký tự")
	}
	d.Rating, d.RatedAt, d.Complaint = a.Rating, env.Now, a.Complaint
	return []Event{d.event(a, env, from, false)}, nil
}

// applyDigitise: a component is digitised or reused.
func applyDigitise(d *Dossier, a Action, env Env, from Status) ([]Event, error) {
	if d.Status.Final() {
		return nil, conflict("hồ sơ đã kết thúc")
	}
	if a.Component < 0 || a.Component >= len(d.Components) {
		return nil, apperr.Invalidf("component", "thành phần hồ sơ số %d không tồn tại", a.Component)
	}
	switch a.Digitisation {
	case Digitised, ReusedStore, ReusedResult, NotDigitised:
	default:
		return nil, apperr.Invalidf("digitisation", "trạng thái số hoá %q không hợp lệ", a.Digitisation)
	}
	c := &d.Components[a.Component]
	if c.PaperID != "" {
		return nil, conflict("thành phần này đã được số hoá và lưu bản điện tử")
	}
	if a.Digitisation == Digitised {
		if a.PaperID == "" {
			return nil, apperr.Invalidf("file", "cần quét hoặc tải lên bản số hoá của giấy tờ")
		}
		c.PaperID = a.PaperID
	}
	c.Digitisation = a.Digitisation
	return []Event{d.event(a, env, from, false)}, nil
}
