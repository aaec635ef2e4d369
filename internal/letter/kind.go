// Package letter holds the congratulatory and condolence letters a unit sends
// when it registers a birth, a marriage or a death: the letter kinds, the
// placeholders each kind knows, editable templates with their parser and
// renderer, the default Vietnamese templates, and the rule that decides
// whether a resolved dossier calls for a letter and to whom.
//
// It is pure domain code: no I/O, no PDF. Package pdf lays the filled-in
// letter out on the letterhead; the store keeps template versions and records
// each letter sent.
package letter

import (
	"errors"
	"fmt"
)

// Kind is a kind of letter.
type Kind string

// Letter kinds.
const (
	CongratulationBirth    Kind = "congratulation_birth"    // thư chúc mừng khai sinh
	CongratulationMarriage Kind = "congratulation_marriage" // thư chúc mừng kết hôn
	Condolence             Kind = "condolence"              // thư chia buồn
)

// Kinds returns every letter kind, in a fixed order.
func Kinds() []Kind { return []Kind{CongratulationBirth, CongratulationMarriage, Condolence} }

// ErrUnknownKind is wrapped by errors about a kind outside Kinds.
var ErrUnknownKind = errors.New("unknown letter kind")

// Validate returns nil for a known kind and an error wrapping ErrUnknownKind
// otherwise.
func (k Kind) Validate() error {
	switch k {
	case CongratulationBirth, CongratulationMarriage, Condolence:
		return nil
	}
	return fmt.Errorf("%w %q (want congratulation_birth, congratulation_marriage or condolence)", ErrUnknownKind, string(k))
}

// Label is the kind's Vietnamese name, as shown to administrators.
func (k Kind) Label() string {
	switch k {
	case CongratulationBirth:
		return "Thư chúc mừng khai sinh"
	case CongratulationMarriage:
		return "Thư chúc mừng kết hôn"
	case Condolence:
		return "Thư chia buồn"
	}
	return string(k)
}
