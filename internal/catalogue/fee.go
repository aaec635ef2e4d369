package catalogue

import (
	"errors"
	"fmt"
)

// maxFee is the largest int64.
const maxFee = 1<<63 - 1

// FeeKind says how a fee (lệ phí, phí) is computed.
type FeeKind string

// Fee kinds.
const (
	// FeeFree: nothing to pay.
	FeeFree FeeKind = "free"
	// FeeFixed: Amount VND per copy or per case.
	FeeFixed FeeKind = "fixed"
	// FeePerPage: by the page, in tiers, optionally capped per copy.
	FeePerPage FeeKind = "per_page"
)

// MaxPages bounds the page count Charge accepts: no real document is longer,
// and the bound keeps the arithmetic far from overflow.
const MaxPages = 100_000

// MaxCopies bounds the copies Charge accepts: a certification of more copies
// than this is several requests. Together with MaxPages it keeps every fee of
// a valid schedule far inside int64, and Charge checks its arithmetic anyway.
const MaxCopies = 1000

// ErrFeeOverflow: the fee does not fit in an int64 number of VND (only an
// absurd schedule amount can cause it once pages and copies are bounded).
var ErrFeeOverflow = errors.New("fee overflows")

// FeeSchedule is the fee of a procedure, in VND.
type FeeSchedule struct {
	Kind FeeKind `json:"kind" yaml:"kind"`
	// Amount is the fee of a FeeFixed schedule, per copy or per case.
	Amount int64 `json:"amount,omitempty" yaml:"amount,omitempty"`
	// Tiers are the page rates of a FeePerPage schedule, in increasing
	// FromPage order; the first starts at page 1.
	Tiers []FeeTier `json:"tiers,omitempty" yaml:"tiers,omitempty"`
	// Cap, when positive, is the most a FeePerPage schedule charges per copy.
	Cap int64 `json:"cap,omitempty" yaml:"cap,omitempty"`
	// Exemptions lists who or what is exempt, as shown to the applicant.
	Exemptions []string `json:"exemptions,omitempty" yaml:"exemptions,omitempty"`
	Note       string   `json:"note,omitempty" yaml:"note,omitempty"`
	// Refund lists the cases in which a fee already paid is not due and is
	// given back: the refund is asked for in the transaction that refuses or
	// withdraws the dossier. Empty: no automatic refund (an officer may
	// still refund by hand, with a reason).
	Refund []RefundCase `json:"refund,omitempty" yaml:"refund,omitempty"`
}

// RefundCase is when a paid fee is given back.
type RefundCase string

// Refund cases.
const (
	// RefundRefused: the dossier is refused at reception (not received).
	RefundRefused RefundCase = "refused"
	// RefundWithdrawnEarly: withdrawn before it reached a specialist
	// (while new or received).
	RefundWithdrawnEarly RefundCase = "withdrawn_before_processing"
	// RefundWithdrawn: withdrawn at any stage.
	RefundWithdrawn RefundCase = "withdrawn"
)

// FeeTier charges PerPage VND for each page from FromPage (1-based) up to the
// page before the next tier's FromPage.
type FeeTier struct {
	FromPage int   `json:"from_page" yaml:"from_page"`
	PerPage  int64 `json:"per_page" yaml:"per_page"`
}

// Charge returns the fee, in VND, for copies copies of a document of pages
// pages. A free schedule charges 0; a fixed one Amount per copy (a fee per
// case counts the case as one copy); a per-page one the sum of its tiers over
// the pages, capped at Cap, for each copy. Charge returns an error when copies
// is outside 1..MaxCopies, when a per-page schedule is given pages outside
// 1..MaxPages, when the schedule itself is invalid, or (ErrFeeOverflow) when
// the fee would not fit in an int64: it never returns a wrapped-around value.
func (f FeeSchedule) Charge(pages, copies int) (int64, error) {
	if copies < 1 || copies > MaxCopies {
		return 0, fmt.Errorf("fee for %d copies: want 1 to %d", copies, MaxCopies)
	}
	if errs := f.problems(); len(errs) > 0 {
		return 0, fmt.Errorf("fee: %w", errors.Join(errs...))
	}
	switch f.Kind {
	case FeeFree:
		return 0, nil
	case FeeFixed:
		return checkedMul(f.Amount, int64(copies))
	}
	if pages < 1 || pages > MaxPages {
		return 0, fmt.Errorf("fee for %d pages: want 1 to %d", pages, MaxPages)
	}
	var perCopy int64
	for i, t := range f.Tiers {
		last := pages
		if i+1 < len(f.Tiers) && f.Tiers[i+1].FromPage-1 < last {
			last = f.Tiers[i+1].FromPage - 1
		}
		if last >= t.FromPage {
			tier, err := checkedMul(int64(last-t.FromPage+1), t.PerPage)
			if err != nil {
				return 0, err
			}
			if perCopy, err = checkedAdd(perCopy, tier); err != nil {
				return 0, err
			}
		}
	}
	if f.Cap > 0 && perCopy > f.Cap {
		perCopy = f.Cap
	}
	return checkedMul(perCopy, int64(copies))
}

// checkedMul multiplies two non-negative amounts, or fails with ErrFeeOverflow.
func checkedMul(a, b int64) (int64, error) {
	if a < 0 || b < 0 {
		return 0, fmt.Errorf("fee %d × %d: negative operand", a, b)
	}
	if a != 0 && b > maxFee/a {
		return 0, fmt.Errorf("fee %d × %d: %w", a, b, ErrFeeOverflow)
	}
	return a * b, nil
}

// checkedAdd adds two non-negative amounts, or fails with ErrFeeOverflow.
func checkedAdd(a, b int64) (int64, error) {
	if a < 0 || b < 0 {
		return 0, fmt.Errorf("fee %d + %d: negative operand", a, b)
	}
	if a > maxFee-b {
		return 0, fmt.Errorf("fee %d + %d: %w", a, b, ErrFeeOverflow)
	}
	return a + b, nil
}

// fieldError is a problem with one key of a value, the key given as a path
// relative to that value ("amount", "tiers[1].from_page").
type fieldError struct {
	path string
	msg  string
}

func (e fieldError) Error() string { return e.path + ": " + e.msg }

// problems lists what is wrong with f, each as a fieldError.
func (f FeeSchedule) problems() []error {
	var errs []error
	add := func(path, format string, args ...any) {
		errs = append(errs, fieldError{path, fmt.Sprintf(format, args...)})
	}
	switch f.Kind {
	case FeeFree, FeeFixed, FeePerPage:
	case "":
		add("kind", "missing (want free, fixed or per_page)")
	default:
		add("kind", "unknown %q (want free, fixed or per_page)", f.Kind)
	}
	if f.Amount < 0 {
		add("amount", "must not be negative")
	} else if f.Kind == FeeFixed && f.Amount == 0 {
		add("amount", "must be positive for a fixed fee (use kind free)")
	} else if f.Kind != FeeFixed && f.Amount != 0 {
		add("amount", "only a fixed fee has an amount")
	}
	if f.Cap < 0 {
		add("cap", "must not be negative")
	} else if f.Kind != FeePerPage && f.Cap != 0 {
		add("cap", "only a per-page fee has a cap")
	}
	if f.Kind == FeePerPage && len(f.Tiers) == 0 {
		add("tiers", "a per-page fee needs at least one tier")
	}
	if f.Kind != FeePerPage && len(f.Tiers) > 0 {
		add("tiers", "only a per-page fee has tiers")
	}
	for i, t := range f.Tiers {
		p := fmt.Sprintf("tiers[%d]", i)
		switch {
		case i == 0 && t.FromPage != 1:
			add(p+".from_page", "the first tier must start at page 1, not %d", t.FromPage)
		case i > 0 && t.FromPage <= f.Tiers[i-1].FromPage:
			add(p+".from_page", "%d must be after the previous tier's %d", t.FromPage, f.Tiers[i-1].FromPage)
		}
		if t.PerPage < 0 {
			add(p+".per_page", "must not be negative")
		}
	}
	for i, e := range f.Exemptions {
		if e == "" {
			add(fmt.Sprintf("exemptions[%d]", i), "empty")
		}
	}
	for i, c := range f.Refund {
		switch c {
		case RefundRefused, RefundWithdrawnEarly, RefundWithdrawn:
		default:
			add(fmt.Sprintf("refund[%d]", i), "unknown %q (want refused, withdrawn_before_processing or withdrawn)", c)
		}
	}
	if len(f.Refund) > 0 && f.Kind == FeeFree {
		add("refund", "a free procedure has nothing to refund")
	}
	return errs
}
