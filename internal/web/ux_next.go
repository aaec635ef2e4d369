package web

// The officer's dossier page leads with the next step (issue 19): one
// primary action for what the officer is expected to do now, the other
// allowed actions behind a visible "other actions" switch, and the
// destructive ones (refuse, withdraw, stop, hand the result over) asking for
// a confirmation and the facts they need.

import (
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// uxPrimaryOrder lists the actions that move a dossier forward, most
// pressing first: the first the officer may take is the primary one.
var uxPrimaryOrder = []dossier.ActionKind{
	dossier.ActReceive, dossier.ActApprove, dossier.ActApproveApology, dossier.ActPropose, dossier.ActAnswer,
	dossier.ActAssign, dossier.ActSupplement, dossier.ActRecordPayment, dossier.ActResume, dossier.ActReturn,
}

// uxConfirmed are the actions that cannot be undone: the form asks the
// officer to confirm.
var uxConfirmed = map[dossier.ActionKind]bool{
	dossier.ActRefuse: true, dossier.ActWithdraw: true, dossier.ActStop: true, dossier.ActReturn: true,
}

// uxNextStep picks the primary action and says whether the other actions
// start shown: when there is no primary one, or a form among them came back
// with errors.
func uxNextStep(v *dossierData) {
	v.Primary = ""
	for _, k := range uxPrimaryOrder {
		if v.Can[string(k)] {
			v.Primary = string(k)
			break
		}
	}
	v.Others = len(v.Can)
	if v.Primary != "" {
		v.Others--
	}
	if len(v.TransferTo) > 0 { // units_transfer.go's form sits among the others
		v.Others++
	}
	v.ShowAll = v.Primary == "" || (v.Failed != "" && v.Failed != v.Primary)
}

// uxParseAction reads what the confirmed actions add to their forms: the
// confirmation box, and for a hand-over who collected the result and the
// paper they showed, written at the head of the action's note.
func uxParseAction(kind dossier.ActionKind, f url.Values, a *dossier.Action, errs map[string]string) {
	if !uxConfirmed[kind] {
		return
	}
	if kind == dossier.ActReturn {
		who := strings.TrimSpace(textfold.NFC(f.Get("collector")))
		paper := strings.TrimSpace(textfold.NFC(f.Get("collector_paper")))
		switch {
		case who == "":
			errs["collector"] = "vui lòng nhập họ tên người nhận kết quả"
		case len([]rune(who)) > 100:
			errs["collector"] = "họ tên người nhận dài quá 100 ký tự"
		}
		switch {
		case paper == "":
			errs["collector_paper"] = "vui lòng ghi giấy tờ người nhận đã xuất trình (ví dụ: căn cước số …, giấy ủy quyền)"
		case len([]rune(paper)) > 200:
			errs["collector_paper"] = "giấy tờ xuất trình dài quá 200 ký tự"
		}
		if who != "" && paper != "" {
			a.Note = strings.TrimSpace("Người nhận kết quả: " + who + "; giấy tờ xuất trình: " + paper + ". " + a.Note)
		}
	}
	if f.Get("confirm") == "" {
		errs["confirm"] = "vui lòng đánh dấu ô xác nhận; thao tác này không hoàn tác được"
	}
	if len(errs) > 0 {
		// The action stops here: say now what the domain would say too.
		if err := a.CheckForm(); err != nil {
			for k, v := range fieldErrors(err) {
				if _, dup := errs[k]; !dup {
					errs[k] = v
				}
			}
		}
	}
}
