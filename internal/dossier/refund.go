package dossier

import "github.com/motcua/motcua/internal/catalogue"

// RefundDue says whether a procedure's refund cases cover an action that
// took a dossier from one status to another, so that a fee already paid is
// not due and is given back, and which case it is.
func RefundDue(cases []catalogue.RefundCase, from, to Status) (catalogue.RefundCase, bool) {
	if from == to {
		return "", false
	}
	for _, c := range cases {
		switch {
		case c == catalogue.RefundRefused && to == Refused,
			c == catalogue.RefundWithdrawn && to == Withdrawn,
			c == catalogue.RefundWithdrawnEarly && to == Withdrawn && (from == New || from == Received):
			return c, true
		}
	}
	return "", false
}

// RefundCaseLabel is the case in Vietnamese, for the event that asks for
// the refund.
func RefundCaseLabel(c catalogue.RefundCase) string {
	switch c {
	case catalogue.RefundRefused:
		return "hồ sơ bị từ chối tiếp nhận"
	case catalogue.RefundWithdrawnEarly:
		return "hồ sơ được rút trước khi giải quyết"
	case catalogue.RefundWithdrawn:
		return "hồ sơ được rút"
	}
	return string(c)
}
