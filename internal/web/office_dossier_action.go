package web

// Actions on a dossier from its page: the form becomes a dossier.Action
// that the domain checks and the store applies.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// dossierAction takes one action on a dossier: the form's input becomes a
// dossier.Action, db.Act applies it with the officer as actor (the domain
// decides whether this officer may), and the browser goes back to the
// dossier page with a message. Bad input comes back beside the field;
// Forbidden is 403 and changes nothing.
func (s *Server) dossierAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	d, err := s.dossierFor(ctx, o, r.PathValue("code"))
	if err != nil {
		return err
	}
	kind := dossier.ActionKind(r.PathValue("action"))
	if kind == dossier.EvTransfer {
		return s.dossierTransfer(w, r, o, d)
	}
	if !slices.Contains(dossier.OfficerActions, kind) {
		return apperr.New(apperr.NotFound, "thao tác không tồn tại")
	}
	f := r.PostForm
	a, errs := parseAction(kind, f)
	if len(errs) == 0 {
		_, err = s.db.Act(ctx, d.Code, a, o)
		if err == nil && kind == dossier.ActApprove && a.ElectronicResult {
			s.signApprovedResult(ctx, d.Code, o)
		}
		if err == nil {
			lang := languageOf(w, r)
			s.flash(w, translate(lang, "office.dossier.done", actionLabel(lang, kind), d.Code))
			http.Redirect(w, r, "/can-bo/ho-so/"+d.Code, http.StatusSeeOther)
			return nil
		}
		switch apperr.KindOf(err) {
		case apperr.Invalid:
			errs = fieldErrors(err)
		case apperr.Conflict:
			errs = map[string]string{"": apperr.PublicMessage(err)}
		default:
			return err
		}
	}
	status := http.StatusBadRequest
	if _, ok := errs[""]; ok && apperr.KindOf(err) == apperr.Conflict {
		status = http.StatusConflict
	}
	// Show the dossier as it is now (nothing was saved) with the form's errors.
	if d, err = s.dossierFor(ctx, o, d.Code); err != nil {
		return err
	}
	return s.renderDossier(w, r, o, d, status, &dossierData{Failed: string(kind), FailedForm: f, Errors: errs})
}

// parseAction reads an action form. Numbers that are not numbers are
// reported here; every other rule is the domain's.
func parseAction(kind dossier.ActionKind, f url.Values) (dossier.Action, map[string]string) {
	errs := map[string]string{}
	number := func(name string) int {
		v := strings.TrimSpace(f.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, ".", ""))
		if err != nil {
			errs[name] = fmt.Sprintf("%q không phải là số", v)
		}
		return n
	}
	a := dossier.Action{Kind: kind, Reason: strings.TrimSpace(f.Get("reason")), Note: strings.TrimSpace(f.Get("note")),
		OfficerID: f.Get("officer_id"), Method: dossier.PaymentMethod(f.Get("method")), Receipt: strings.TrimSpace(f.Get("receipt")),
		ConsultationID: f.Get("consultation_id"), Digitisation: dossier.Digitisation(f.Get("digitisation")),
		ElectronicResult: f.Get("electronic_result") != ""}
	for _, line := range strings.Split(f.Get("items"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			a.Items = append(a.Items, line)
		}
	}
	switch kind {
	case dossier.ActRequestPayment:
		a.Amount = int64(number("amount"))
		if a.Amount < 0 {
			errs["amount"] = "số tiền không được âm"
		}
	case dossier.ActDraftApology:
		a.ExtendDays = number("extend_days")
		// The form has no date to give instead: at least a day (the bound is the domain's).
		if _, bad := errs["extend_days"]; !bad && (a.ExtendDays < 1 || a.ExtendDays > dossier.MaxExtendDays) {
			errs["extend_days"] = fmt.Sprintf("số ngày làm việc gia hạn phải từ 1 đến %d", dossier.MaxExtendDays)
		}
	case dossier.ActConsult:
		a.DueDays = number("due_days")
	case dossier.ActDigitise:
		a.Component = number("component")
	}
	uxParseAction(kind, f, &a, errs)
	if kind == dossier.ActAssign || kind == dossier.ActAddCoordinator || kind == dossier.ActConsult {
		if a.OfficerID == "" {
			errs["officer_id"] = "vui lòng chọn cán bộ"
		}
	}
	return a, errs
}
