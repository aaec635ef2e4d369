package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// ControlSlip is the process control slip (phiếu kiểm soát quá trình giải
// quyết hồ sơ, form 05 of Circular 01/2018/TT-VPCP): the dossier's header, its
// components, then one row per hand-over from the dossier's event log.
type ControlSlip struct {
	Letterhead Letterhead
	Number     string
	// Issued is the slip's date; zero uses Received.
	Issued        time.Time
	DossierCode   string // required
	Applicant     Applicant
	ProcedureName string // required
	Received      time.Time
	// Appointment is the appointment promised at reception; NewAppointment
	// the one promised now when it moved (a pause, an apology), printed
	// beside it; zero or equal prints only the first.
	Appointment    time.Time
	NewAppointment time.Time
	ResultPlace    string
	// ResolvingAgency is the agency that resolves the dossier (cơ quan chủ
	// trì giải quyết); CoordinatingAgencies those that take part (cơ quan
	// phối hợp), printed "Không có" when none.
	ResolvingAgency      string
	CoordinatingAgencies []string
	Components           []Component
	HandOvers            []HandOver
	// Result is how the whole dossier ended against its appointment, on the
	// table's last row with ResultAt, when processing ended; empty (still
	// processing) prints the row blank.
	Result   Outcome
	ResultAt time.Time
}

// HandOver is one transfer of the dossier between people or units.
type HandOver struct {
	// Unit is the unit or step receiving the dossier, e.g. "Công chức Tư pháp - Hộ tịch". Required.
	Unit string
	// At is when the dossier changed hands. Required.
	At       time.Time
	Giver    string
	Receiver string
	// StepDeadline is when the step was due; zero prints none.
	StepDeadline time.Time
	// Outcome says whether the step ended early, on time or late; empty while
	// the step is pending.
	Outcome Outcome
	Notes   string
}

const formControl = "process control slip"

// controlColumns are the hand-over table's columns (portrait A4, 165 mm).
func controlColumns() []column {
	return []column{
		{header: "STT", width: 11, align: "C"},
		{header: "Đơn vị / bước xử lý", width: 24, align: "L"},
		{header: "Thời gian giao, nhận", width: 22, align: "C"},
		{header: "Người giao (ký, ghi rõ họ tên)", width: 26, align: "C"},
		{header: "Người nhận (ký, ghi rõ họ tên)", width: 26, align: "C"},
		{header: "Hạn xử lý và kết quả (trước hạn / đúng hạn / quá hạn)", width: 25, align: "C"},
		{header: "Ghi chú", align: "L"},
	}
}

// RenderControlSlip writes the process control slip as a PDF to w. The
// hand-over table wraps long cells and continues over as many pages as it
// needs, its header row repeated on each. Errors wrap ErrInvalid for a missing
// dossier code, procedure name, hand-over unit or time, or an unknown outcome
// or component form.
func RenderControlSlip(w io.Writer, s ControlSlip) error {
	if err := firstErr(
		s.Letterhead.validate(formControl),
		required(formControl, "dossier code", s.DossierCode),
		required(formControl, "procedure name", s.ProcedureName),
	); err != nil {
		return err
	}
	comps, err := componentRows(formControl, s.Components)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(s.HandOvers))
	for i, h := range s.HandOvers {
		if strings.TrimSpace(h.Unit) == "" {
			return invalid(formControl, fmt.Sprintf("hand-over %d unit", i+1))
		}
		if h.At.IsZero() {
			return invalid(formControl, fmt.Sprintf("hand-over %d time", i+1))
		}
		outcome, err := h.Outcome.label()
		if err != nil {
			return fmt.Errorf("%s: hand-over %d: %w", formControl, i+1, err)
		}
		result := outcome
		if !h.StepDeadline.IsZero() {
			result = strings.TrimSpace("Hạn: " + formatShortDateTime(h.StepDeadline) + "\n" + outcome)
		}
		rows = append(rows, []string{
			fmt.Sprintf("%d", i+1), h.Unit, formatShortDateTime(h.At), signatureCell(h.Giver), signatureCell(h.Receiver), result, h.Notes,
		})
	}
	final, err := s.Result.label()
	if err != nil {
		return fmt.Errorf("%s: result: %w", formControl, err)
	}
	resultAt := ""
	if !s.ResultAt.IsZero() {
		resultAt = formatShortDateTime(s.ResultAt)
	}
	rows = append(rows, []string{"", "Kết quả giải quyết hồ sơ", resultAt, "", "", final, ""})
	issued := s.Issued
	if issued.IsZero() {
		issued = s.Received
	}
	return render(w, formControl, false, issued, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, issued)
		d.title("Phiếu kiểm soát quá trình giải quyết hồ sơ", "")
		d.field("Mã hồ sơ:", s.DossierCode, bold)
		d.field("Kèm theo hồ sơ của Ông/Bà:", s.Applicant.Name, bold)
		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, regular)
		d.field("Thời gian nhận hồ sơ:", formatDateTime(s.Received), regular)
		d.field("Thời gian trả kết quả giải quyết hồ sơ:", formatDateTime(s.Appointment), regular)
		if !s.NewAppointment.IsZero() && !s.NewAppointment.Equal(s.Appointment) {
			d.field("Thời gian hẹn trả kết quả mới:", formatDateTime(s.NewAppointment), bold)
		}
		d.field("Nơi nhận kết quả:", s.ResultPlace, regular)
		d.field("Cơ quan chủ trì giải quyết:", s.ResolvingAgency, regular)
		coord := "Không có"
		if len(s.CoordinatingAgencies) > 0 {
			coord = strings.Join(s.CoordinatingAgencies, "; ")
		}
		d.field("Cơ quan phối hợp giải quyết:", coord, regular)
		if len(comps) > 0 {
			d.field("Thành phần hồ sơ:", fmt.Sprintf("%d thành phần", len(comps)), regular)
			d.table(componentColumns(), comps)
		}
		d.space(3)
		d.field("Quá trình giải quyết hồ sơ:", fmt.Sprintf("%d lần giao, nhận", len(s.HandOvers)), regular)
		d.table(controlColumns(), rows)
		return nil
	})
}

// signatureCell leaves room to sign above the name in a hand-over cell.
func signatureCell(name string) string {
	return "\n\n" + cleanLine(name)
}
