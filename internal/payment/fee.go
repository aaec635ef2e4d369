// Package payment holds online payment of fees: the fee lines a dossier
// owes, the payment's states, the amount in Vietnamese words for the
// receipt, and the two gateways' protocols (VNPay 2.1.0 and the national
// payment platform of the public service portal), each with its signing,
// verification and HTTP client. It decides nothing about storage: the store
// records payments and the service owns their transactions.
package payment

import (
	"errors"
	"fmt"
	"strings"
)

// LineKind says whether a fee line is a phí (a charge for a service, kept
// partly by the unit) or a lệ phí (a state levy, paid in full to the
// budget). The numbers are those of the national platform's receipt block.
type LineKind int

const (
	Phi   LineKind = 1 // phí
	LePhi LineKind = 2 // lệ phí
)

// Label is the kind's Vietnamese name.
func (k LineKind) Label() string {
	if k == Phi {
		return "Phí"
	}
	return "Lệ phí"
}

// Bounds on fee lines. With at most MaxLines lines of at most MaxLineAmount
// VND each, a total is at most 2·10^10: far inside int64, so no sum can
// overflow, and Total checks anyway.
const (
	MaxLines      = 20
	MaxLineAmount = 1_000_000_000 // VND: a billion, above any commune fee
	MaxCodeLen    = 50
	MaxNameLen    = 300
	MaxGroundLen  = 500
)

// Line is one charge of a dossier: a phí or a lệ phí with its code, name and
// amount in VND. An exempt line keeps its amount for the record but adds
// nothing to the total; Ground is the legal basis of the exemption.
type Line struct {
	Kind   LineKind
	Code   string
	Name   string
	Amount int64
	Exempt bool
	Ground string
}

// Beneficiary is the account that receives a unit's fees for a procedure.
type Beneficiary struct {
	AccountNo   string // số tài khoản
	AccountName string // tên tài khoản (the collecting unit)
	Bank        string // ngân hàng / kho bạc
}

// ErrNoBeneficiary: no account is configured for a unit and procedure.
var ErrNoBeneficiary = errors.New("no beneficiary account configured")

// Check reports what is wrong with the lines, each naming its field.
func Check(lines []Line) error {
	if len(lines) > MaxLines {
		return fmt.Errorf("lines: %d, want at most %d", len(lines), MaxLines)
	}
	var errs []error
	for i, l := range lines {
		p := fmt.Sprintf("lines[%d]", i)
		if l.Kind != Phi && l.Kind != LePhi {
			errs = append(errs, fmt.Errorf("%s.kind: %d, want 1 (phí) or 2 (lệ phí)", p, l.Kind))
		}
		if l.Amount < 0 || l.Amount > MaxLineAmount {
			errs = append(errs, fmt.Errorf("%s.amount: %d, want 0 to %d VND", p, l.Amount, int64(MaxLineAmount)))
		}
		if strings.TrimSpace(l.Code) == "" || len(l.Code) > MaxCodeLen {
			errs = append(errs, fmt.Errorf("%s.code: want 1 to %d characters", p, MaxCodeLen))
		}
		if strings.TrimSpace(l.Name) == "" || len(l.Name) > MaxNameLen {
			errs = append(errs, fmt.Errorf("%s.name: want 1 to %d characters", p, MaxNameLen))
		}
		if l.Exempt && strings.TrimSpace(l.Ground) == "" {
			errs = append(errs, fmt.Errorf("%s.ground: an exemption needs its legal ground", p))
		}
		if len(l.Ground) > MaxGroundLen {
			errs = append(errs, fmt.Errorf("%s.ground: at most %d characters", p, MaxGroundLen))
		}
	}
	return errors.Join(errs...)
}

// Total is the sum of the lines that are not exempt, in VND. It fails on
// lines that Check rejects, so a total is never computed from an absurd or
// negative amount.
func Total(lines []Line) (int64, error) {
	if err := Check(lines); err != nil {
		return 0, err
	}
	var sum int64
	for _, l := range lines {
		if !l.Exempt {
			sum += l.Amount // bounded: MaxLines × MaxLineAmount < 2^63
		}
	}
	return sum, nil
}

// Totals splits the total into phí and lệ phí, as the receipt shows them.
func Totals(lines []Line) (phi, lePhi int64) {
	for _, l := range lines {
		if l.Exempt {
			continue
		}
		if l.Kind == Phi {
			phi += l.Amount
		} else {
			lePhi += l.Amount
		}
	}
	return phi, lePhi
}

// FeeBasis is what the lines of a dossier are made from: its procedure, the
// kind of the procedure's fee schedule and the amount it charged the
// dossier (catalogue.FeeSchedule.Charge, bounded copies and pages), and the
// exemption recorded at intake.
type FeeBasis struct {
	ProcedureCode string
	ProcedureName string
	PerPage       bool   // a per-page schedule: a phí (certification); otherwise a lệ phí
	Due           int64  // VND
	Exemption     string // legal ground, when exempt
}

// LinesFor returns the fee lines of a dossier: one line, a phí for a
// per-page (certification) schedule and a lệ phí otherwise, coded by the
// procedure; exempt with its ground when the dossier is exempt.
func LinesFor(b FeeBasis) ([]Line, error) {
	kind, prefix := LePhi, "LP"
	if b.PerPage {
		kind, prefix = Phi, "PHI"
	}
	name := "Lệ phí " + b.ProcedureName
	if kind == Phi {
		name = "Phí " + b.ProcedureName
	}
	if len(name) > MaxNameLen {
		name = truncateRunes(name, MaxNameLen)
	}
	l := Line{Kind: kind, Code: prefix + "-" + b.ProcedureCode, Name: name, Amount: b.Due}
	if b.Exemption != "" {
		l.Exempt, l.Ground = true, truncateRunes(b.Exemption, MaxGroundLen)
	}
	lines := []Line{l}
	if err := Check(lines); err != nil {
		return nil, fmt.Errorf("fee lines of %s: %w", b.ProcedureCode, err)
	}
	return lines, nil
}

// truncateRunes cuts s to at most n bytes on a rune boundary.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
