package dossier

import (
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
)

func TestRefundDue(t *testing.T) {
	early := []catalogue.RefundCase{catalogue.RefundRefused, catalogue.RefundWithdrawnEarly}
	any := []catalogue.RefundCase{catalogue.RefundWithdrawn}
	for _, c := range []struct {
		name     string
		cases    []catalogue.RefundCase
		from, to Status
		want     catalogue.RefundCase
	}{
		{"refused at reception", early, Received, Refused, catalogue.RefundRefused},
		{"refused while new", early, New, Refused, catalogue.RefundRefused},
		{"withdrawn while received", early, Received, Withdrawn, catalogue.RefundWithdrawnEarly},
		{"withdrawn in processing: the fee was due", early, Processing, Withdrawn, ""},
		{"withdrawn awaiting payment: the fee was due", early, AwaitingPayment, Withdrawn, ""},
		{"withdrawn at any stage", any, Processing, Withdrawn, catalogue.RefundWithdrawn},
		{"refused, rule only for withdrawal", any, Received, Refused, ""},
		{"no rule", nil, Received, Refused, ""},
		{"no change of status", early, Refused, Refused, ""},
		{"resolved", early, Processing, Resolved, ""},
	} {
		got, ok := RefundDue(c.cases, c.from, c.to)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: RefundDue = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}
