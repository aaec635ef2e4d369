// Package docgen produces the one-stop department's documents from stored
// data: it loads a dossier, its event log, its pinned procedure version, the
// units and officers involved, maps them onto package pdf's input structs
// and renders them. Everything printed comes from the data, so the same data
// always gives the same document.
//
// Each Build function returns the pdf input it would render, for tests and
// for callers that lay it out otherwise; Render renders a dossier document by
// kind. Errors are apperr kinds with Vietnamese messages: NotFound (dossier,
// unit, procedure), Conflict (the document does not apply to the dossier in
// its state, e.g. a refusal for a dossier never refused), Invalid (the unit's
// letterhead lacks what the document needs, such as the place or the signer).
package docgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Kind names a document about one dossier.
type Kind string

// Dossier document kinds.
const (
	KindReceipt    Kind = "receipt"    // giấy tiếp nhận hồ sơ và hẹn trả kết quả
	KindSupplement Kind = "supplement" // phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	KindRefusal    Kind = "refusal"    // phiếu từ chối tiếp nhận giải quyết hồ sơ
	KindApology    Kind = "apology"    // phiếu xin lỗi và hẹn lại ngày trả kết quả
	KindControl    Kind = "control"    // phiếu kiểm soát quá trình giải quyết hồ sơ
	KindHandover   Kind = "handover"   // biên bản bàn giao kết quả
	KindLetter     Kind = "letter"     // thư chúc mừng / thư chia buồn, from the register
	KindLawSheet   Kind = "lawsheet"   // những việc công dân cần làm tiếp theo
	KindStop       Kind = "stop"       // thông báo dừng giải quyết hồ sơ (Circular 03/2025)
	// KindDeclaration is the declaration (tờ khai) generated from the
	// answers to the procedure's online form.
	KindDeclaration Kind = "declaration"
)

// Kinds lists the dossier document kinds Render knows, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindReceipt, KindSupplement, KindRefusal, KindApology, KindControl, KindHandover, KindLetter, KindLawSheet, KindStop, KindDeclaration}
}

// ParseKind returns the kind named s. Errors: Invalid (field "kind").
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if string(k) == s {
			return k, nil
		}
	}
	var names []string
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return "", apperr.Invalidf("kind", "loại giấy tờ %q không tồn tại (chọn một trong: %s)", s, strings.Join(names, ", "))
}

// Options tune the documents.
type Options struct {
	// BaseURL is the public URL of the service; the receipt's QR code opens
	// <BaseURL>/tra-cuu?ma=<code>, the public status lookup (the citizen types
	// the second factor). Required for receipts.
	BaseURL string
	// Now dates the documents that are not dated by an event (tracking
	// book, a law sheet printed in advance); time.Now when nil.
	Now func() time.Time
	// MaskID masks the applicant's identification number on the receipt
	// too: set for every reader but the reception of the receiving unit.
	MaskID bool
	// Circular03From is when the forms of Circular 03/2025/TT-VPCP replace
	// those of Circular 01/2018/TT-VPCP for the documents whose layout it
	// changed (the apology becomes a request to extend the time); zero means
	// DefaultCircular03From.
	Circular03From time.Time
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now().In(store.Zone)
	}
	return time.Now().In(store.Zone)
}

// Render writes the document of kind about the dossier with code to w as a
// PDF. Nothing is written when an error is returned.
func Render(ctx context.Context, db *store.DB, kind Kind, code string, opt Options, w io.Writer) error {
	var render func() error
	switch kind {
	case KindReceipt:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildReceipt, pdf.RenderReceiptSlip) }
	case KindSupplement:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildSupplement, pdf.RenderSupplementRequest) }
	case KindRefusal:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildRefusal, pdf.RenderRefusal) }
	case KindApology:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildApology, pdf.RenderApology) }
	case KindControl:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildControl, pdf.RenderControlSlip) }
	case KindHandover:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildHandover, pdf.RenderResultHandover) }
	case KindLetter:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildLetter, pdf.RenderLetter) }
	case KindLawSheet:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildDossierLawSheet, pdf.RenderLawSheet) }
	case KindStop:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildStop, pdf.RenderStopNotice) }
	case KindDeclaration:
		render = func() error { return renderWith(ctx, db, code, opt, w, BuildDeclaration, pdf.RenderBlankForm) }
	default:
		_, err := ParseKind(string(kind))
		return err
	}
	return render()
}

// renderWith builds a document and renders it into a buffer first, so that
// w gets nothing when rendering fails.
func renderWith[T any](ctx context.Context, db *store.DB, code string, opt Options, w io.Writer,
	build func(context.Context, *store.DB, string, Options) (T, error), render func(io.Writer, T) error) error {
	doc, err := build(ctx, db, code, opt)
	if err != nil {
		return err
	}
	return renderTo(w, doc, render)
}

func renderTo[T any](w io.Writer, doc T, render func(io.Writer, T) error) error {
	var buf bytes.Buffer
	if err := render(&buf, doc); err != nil {
		return pdfError(err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("write document: %w", err)
	}
	return nil
}

// pdfError makes a pdf input error an Invalid error: the stored data lack
// something the form requires, most often in the unit's letterhead.
func pdfError(err error) error {
	if errors.Is(err, pdf.ErrInvalid) {
		return apperr.Wrap(apperr.Invalid, err, "Thiếu thông tin bắt buộc để lập giấy tờ; kiểm tra tiêu đề văn bản (địa danh, người ký) của đơn vị và dữ liệu hồ sơ")
	}
	return fmt.Errorf("render document: %w", err)
}

// dossierData is what most documents need about one dossier.
type dossierData struct {
	d         *dossier.Dossier
	events    []store.StoredEvent
	proc      *store.ProcedureVersion
	receiving *unit.Unit
	resolving *unit.Unit
	officers  map[string]*staff.Officer
}

func load(ctx context.Context, db *store.DB, code string) (*dossierData, error) {
	d, err := db.Dossier(ctx, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	events, err := db.Events(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	pv, err := db.ProcedureVersionOf(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return nil, err
	}
	recv, err := db.Unit(ctx, d.ReceivingUnitID)
	if err != nil {
		return nil, err
	}
	res := recv
	if d.ResolvingUnitID != d.ReceivingUnitID {
		if res, err = db.Unit(ctx, d.ResolvingUnitID); err != nil {
			return nil, err
		}
	}
	return &dossierData{d: d, events: events, proc: pv, receiving: recv, resolving: res, officers: map[string]*staff.Officer{}}, nil
}

// officer returns an officer by id, nil for "" ; an unknown id (a deleted
// officer) prints as nothing rather than failing the document.
func (dd *dossierData) officer(ctx context.Context, db *store.DB, id string) (*staff.Officer, error) {
	if id == "" {
		return nil, nil
	}
	if o, ok := dd.officers[id]; ok {
		return o, nil
	}
	o, err := db.Officer(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		o, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	dd.officers[id] = o
	return o, nil
}

func (dd *dossierData) pdfOfficer(ctx context.Context, db *store.DB, id string) (pdf.Officer, error) {
	o, err := dd.officer(ctx, db, id)
	if err != nil || o == nil {
		return pdf.Officer{}, err
	}
	return pdf.Officer{Name: o.FullName, Title: o.Title, Phone: o.Phone}, nil
}

// officerName is an officer's name, or fallback when id is empty or unknown.
func (dd *dossierData) officerName(ctx context.Context, db *store.DB, id, fallback string) (string, error) {
	o, err := dd.officer(ctx, db, id)
	if err != nil {
		return "", err
	}
	if o == nil {
		return fallback, nil
	}
	return o.FullName, nil
}

// last returns the last event of kind, or nil.
func (dd *dossierData) last(kind dossier.ActionKind) *store.StoredEvent {
	for i := len(dd.events) - 1; i >= 0; i-- {
		if dd.events[i].Kind == kind {
			return &dd.events[i]
		}
	}
	return nil
}

// letterhead maps a unit onto the pdf letterhead: the unit's letterhead,
// its name when no issuing body is set, its address and phone at the foot.
func letterhead(u *unit.Unit) pdf.Letterhead {
	l := u.Letterhead
	issuing := l.IssuingBody
	if strings.TrimSpace(issuing) == "" {
		issuing = u.Name
	}
	return pdf.Letterhead{ParentBody: l.ParentBody, IssuingBody: issuing, Place: l.Place,
		SignerTitle: l.SignerTitle, SignerName: l.SignerName, Address: u.Address, Phone: u.Phone}
}

// desk names a unit's one-stop department.
func desk(u *unit.Unit) string { return "Bộ phận Tiếp nhận và Trả kết quả " + u.Name }

// applicant maps the dossier's applicant; the ID number is masked unless
// fullID (the receipt the applicant takes home).
func applicant(d *dossier.Dossier, fullID bool) pdf.Applicant {
	id := d.Applicant.IDNumber
	if !fullID {
		id = dossier.MaskID(id)
	}
	return pdf.Applicant{Name: d.Applicant.DisplayName(), IDNumber: id, Address: d.Applicant.Address,
		Phone: d.Applicant.Phone, Email: d.Applicant.Email}
}

// components maps the received components: online dossiers' are electronic;
// "original or copy" prints as a copy, the weaker claim, since which one was
// handed in is not recorded.
func components(d *dossier.Dossier) []pdf.Component {
	out := make([]pdf.Component, 0, len(d.Components))
	for _, c := range d.Components {
		form := pdf.Copy
		switch {
		case d.Channel == dossier.Online:
			form = pdf.Electronic
		case c.Kind == "original":
			form = pdf.Original
		case c.Kind == "certified_copy":
			form = pdf.CertifiedCopy
		}
		out = append(out, pdf.Component{Name: c.Name, Form: form, Count: max(c.Count, 1)})
	}
	return out
}

// notApplicable is the Conflict error of a document that does not apply.
func notApplicable(format string, args ...any) error {
	return apperr.New(apperr.Conflict, format, args...)
}

// LookupURL is the public status-lookup address a receipt's QR code opens.
func LookupURL(baseURL, code string) string {
	return strings.TrimSuffix(baseURL, "/") + "/tra-cuu?ma=" + url.QueryEscape(code)
}

// BuildReceipt maps a received dossier onto the receipt slip: the
// applicant (full ID number: the slip is theirs), the components and sets
// received, the statutory limit, the time received, the appointment it
// promised at reception (a reprint keeps it, however the appointment moved
// since: the control slip shows the new one), its place in the tracking
// book and the receiving officer of the receive event.
// Errors: Conflict when the dossier has not been received; Invalid without
// opt.BaseURL.
func BuildReceipt(ctx context.Context, db *store.DB, code string, opt Options) (pdf.ReceiptSlip, error) {
	if strings.TrimSpace(opt.BaseURL) == "" {
		return pdf.ReceiptSlip{}, apperr.Invalidf("base_url", "cần địa chỉ công khai của hệ thống (base URL) để in mã QR tra cứu")
	}
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.ReceiptSlip{}, err
	}
	d := dd.d
	recv := dd.last(dossier.ActReceive)
	if d.ReceivedAt.IsZero() || recv == nil {
		return pdf.ReceiptSlip{}, notApplicable("hồ sơ %s chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả", d.Code)
	}
	officer, err := dd.pdfOfficer(ctx, db, recv.ActorID)
	if err != nil {
		return pdf.ReceiptSlip{}, err
	}
	promised, err := dd.originalAppointment(ctx, db)
	if err != nil {
		return pdf.ReceiptSlip{}, err
	}
	volume, number, err := bookPlace(ctx, db, d)
	if err != nil {
		return pdf.ReceiptSlip{}, err
	}
	return pdf.ReceiptSlip{
		Letterhead:    letterhead(dd.receiving),
		DossierCode:   d.Code,
		LookupURL:     LookupURL(opt.BaseURL, d.Code),
		ReceivingUnit: desk(dd.receiving),
		Applicant:     applicant(d, !opt.MaskID),
		Channel:       pdf.Channel(d.Channel),
		Assisted:      d.Assisted(),
		ProcedureName: d.ProcedureName,
		Components:    components(d),
		Sets:          max(d.Sets, 1),
		TimeLimit:     d.Limit.String(),
		Received:      d.ReceivedAt,
		Appointment:   promised,
		ResultPlace:   desk(dd.receiving),
		Officer:       officer,
		BookVolume:    volume,
		BookNumber:    number,
	}, nil
}

// BuildSupplement maps the latest supplement request (its items, its
// reason, the officer who made it and guides the applicant) onto the form.
// Errors: Conflict when no supplement was ever requested.
func BuildSupplement(ctx context.Context, db *store.DB, code string, opt Options) (pdf.SupplementRequest, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.SupplementRequest{}, err
	}
	d := dd.d
	ev := dd.last(dossier.ActRequestSupplement)
	if ev == nil || ev.Detail == nil || len(ev.Detail.Items) == 0 {
		return pdf.SupplementRequest{}, notApplicable("hồ sơ %s chưa có yêu cầu bổ sung, hoàn thiện nào", d.Code)
	}
	officer, err := dd.pdfOfficer(ctx, db, ev.ActorID)
	if err != nil {
		return pdf.SupplementRequest{}, err
	}
	items := make([]pdf.SupplementItem, 0, len(ev.Detail.Items))
	for _, it := range ev.Detail.Items {
		items = append(items, pdf.SupplementItem{Component: it, Reason: ev.Detail.Reason})
	}
	return pdf.SupplementRequest{
		Letterhead:    letterhead(dd.receiving),
		Issued:        ev.At,
		DossierCode:   d.Code,
		ReceivingUnit: desk(dd.receiving),
		Applicant:     applicant(d, false),
		ProcedureName: d.ProcedureName,
		Received:      d.ReceivedAt,
		Items:         items,
		Rules:         rules(dd),
		Officer:       officer,
	}, nil
}

// rules says where the rules on a procedure's components are: its code in
// the national database and its legal bases.
func rules(dd *dossierData) string {
	p := dd.proc.Procedure
	var bases []string
	for _, b := range p.LegalBases {
		s := b.Number
		if b.Title != "" {
			s = b.Title + " số " + b.Number
		}
		if b.Article != "" {
			s += " (" + b.Article + ")"
		}
		bases = append(bases, s)
	}
	out := "Thủ tục mã " + p.Code + " niêm yết tại " + desk(dd.receiving)
	if len(bases) > 0 {
		out += "; căn cứ: " + strings.Join(bases, "; ")
	}
	return out
}

// BuildRefusal maps the refusal event (its reason, the officer who refused)
// onto the notice. Errors: Conflict when the dossier was never refused.
func BuildRefusal(ctx context.Context, db *store.DB, code string, opt Options) (pdf.Refusal, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.Refusal{}, err
	}
	d := dd.d
	ev := dd.last(dossier.ActRefuse)
	if ev == nil || d.Status != dossier.Refused {
		return pdf.Refusal{}, notApplicable("hồ sơ %s không bị từ chối tiếp nhận nên không có phiếu từ chối", d.Code)
	}
	officer, err := dd.pdfOfficer(ctx, db, ev.ActorID)
	if err != nil {
		return pdf.Refusal{}, err
	}
	reason := ""
	if ev.Detail != nil {
		reason = ev.Detail.Reason
	}
	return pdf.Refusal{
		Letterhead:    letterhead(dd.receiving),
		Issued:        ev.At,
		DossierCode:   d.Code,
		ReceivingUnit: desk(dd.receiving),
		Applicant:     applicant(d, false),
		ProcedureName: d.ProcedureName,
		Reason:        reason,
		Officer:       officer,
	}, nil
}

// BuildApology maps the approved apology onto the form, signed by the
// resolving unit's leader: dated when approved, with its reason, the
// original appointment (AppointmentAt, the one the statistics keep) and the
// new one promised; from opt.Circular03From, as Circular 03/2025's request
// to extend the time. Errors: Conflict when no apology was approved.
func BuildApology(ctx context.Context, db *store.DB, code string, opt Options) (pdf.Apology, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.Apology{}, err
	}
	d := dd.d
	ev := dd.last(dossier.ActApproveApology)
	if ev == nil || ev.Detail == nil {
		return pdf.Apology{}, notApplicable("hồ sơ %s chưa có thư xin lỗi và hẹn lại được phê duyệt", d.Code)
	}
	newAt := d.NewAppointmentAt
	if newAt.IsZero() {
		newAt = ev.Detail.NewAppointment
	}
	return pdf.Apology{
		Letterhead:          letterhead(dd.resolving),
		Issued:              ev.At,
		DossierCode:         d.Code,
		Applicant:           applicant(d, false),
		ProcedureName:       d.ProcedureName,
		Received:            d.ReceivedAt,
		OriginalAppointment: d.AppointmentAt,
		NewAppointment:      newAt,
		Reason:              ev.Detail.Reason,
		ExtensionRequest:    !ev.At.Before(opt.circular03From()),
	}, nil
}

// BuildHandover maps the return event (when, by whom) and the procedure's
// result documents onto the hand-over record; the recipient is the
// applicant, ID masked. Errors: Conflict when the result was not returned.
func BuildHandover(ctx context.Context, db *store.DB, code string, opt Options) (pdf.ResultHandover, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.ResultHandover{}, err
	}
	d := dd.d
	ev := dd.last(dossier.ActReturn)
	if ev == nil || d.Status != dossier.Returned {
		return pdf.ResultHandover{}, notApplicable("hồ sơ %s chưa trả kết quả nên chưa có biên bản bàn giao", d.Code)
	}
	giver, err := dd.pdfOfficer(ctx, db, ev.ActorID)
	if err != nil {
		return pdf.ResultHandover{}, err
	}
	var docs []pdf.ResultDocument
	for _, r := range dd.proc.Procedure.Results {
		docs = append(docs, pdf.ResultDocument{Name: r.Name, Copies: 1})
	}
	if len(docs) == 0 {
		docs = []pdf.ResultDocument{{Name: "Kết quả giải quyết thủ tục " + d.ProcedureName, Copies: 1}}
	}
	notes := ev.Note
	if d.ElectronicResult {
		notes = strings.TrimSpace(notes + " Kết quả điện tử đã được cấp và lưu trong hồ sơ.")
	}
	a := applicant(d, false)
	return pdf.ResultHandover{
		Letterhead:    letterhead(dd.receiving),
		At:            ev.At,
		DossierCode:   d.Code,
		ProcedureName: d.ProcedureName,
		Place:         desk(dd.receiving),
		Giver:         giver,
		Recipient:     pdf.Recipient{Name: a.Name, IDNumber: a.IDNumber, Relation: "Người nộp hồ sơ"},
		Documents:     docs,
		Notes:         notes,
	}, nil
}

// BuildLetter maps the dossier's letter in the register onto the letter
// form: its content, the sender recorded with it (signer as when produced),
// the letterhead of its unit, dated when produced; condolences sober.
// Errors: Conflict when the register holds no letter for the dossier.
func BuildLetter(ctx context.Context, db *store.DB, code string, opt Options) (pdf.Letter, error) {
	d, err := db.Dossier(ctx, strings.TrimSpace(code))
	if err != nil {
		return pdf.Letter{}, err
	}
	ls, err := db.Letters(ctx, store.LetterFilter{DossierID: d.ID, Limit: 1})
	if err != nil {
		return pdf.Letter{}, err
	}
	if len(ls) == 0 {
		return pdf.Letter{}, notApplicable("chưa có thư chúc mừng hay chia buồn nào được lập cho hồ sơ %s", d.Code)
	}
	return LetterDocument(ctx, db, ls[0])
}

// LetterDocument maps a letter of the register onto the letter form.
func LetterDocument(ctx context.Context, db *store.DB, l *store.Letter) (pdf.Letter, error) {
	u, err := db.Unit(ctx, l.UnitID)
	if err != nil {
		return pdf.Letter{}, err
	}
	lh := letterhead(u)
	lh.SignerTitle, lh.SignerName = l.Sender.SignerTitle, l.Sender.SignerName
	if l.Sender.Place != "" {
		lh.Place = l.Sender.Place
	}
	return pdf.Letter{
		Letterhead: lh,
		Issued:     l.ProducedAt,
		Title:      l.Content.Title,
		Salutation: l.Content.Salutation,
		Paragraphs: l.Content.Paragraphs,
		Sober:      l.Kind == letter.Condolence,
	}, nil
}

// BuildDossierLawSheet maps the pinned procedure's law notes onto the sheet
// handed with the dossier's result, personalised with its code and
// applicant and dated when resolved (or received). Errors: Conflict when the
// procedure has no law notes.
func BuildDossierLawSheet(ctx context.Context, db *store.DB, code string, opt Options) (pdf.LawSheet, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.LawSheet{}, err
	}
	d := dd.d
	issued := d.EndedAt
	if issued.IsZero() {
		issued = d.ReceivedAt
	}
	if issued.IsZero() {
		issued = opt.now()
	}
	s, err := lawSheet(dd.resolving, dd.proc.Procedure.LawNotes, d.ProcedureName, dd.proc.Procedure.Code, issued)
	if err != nil {
		return pdf.LawSheet{}, err
	}
	s.DossierCode, s.ApplicantName = d.Code, d.Applicant.DisplayName()
	return s, nil
}
