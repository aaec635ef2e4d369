// Package apperr is motcua's small error vocabulary. Every error that crosses
// a package boundary towards a user carries a Kind, a message that is safe to
// show (Vietnamese, since officers and citizens read it), optionally the name
// of the input field it concerns, and the internal cause underneath.
//
// Delivery code (web, api, cli) maps a Kind to a status once; only Internal
// errors are logged there, and their cause is never shown.
package apperr

import (
	"errors"
	"fmt"
	"slices"
)

// Kind classifies an error for delivery.
type Kind int

const (
	Internal        Kind = iota // a bug or an outage: logged, shown as a generic message
	Invalid                     // the input is wrong: 400 / 422
	NotFound                    // 404
	Conflict                    // the state does not allow it, or a duplicate: 409
	Forbidden                   // authenticated but not allowed: 403
	Unauthenticated             // who are you: 401
	Throttled                   // too many attempts, try later: 429
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case Throttled:
		return "throttled"
	}
	return "internal"
}

// Error is an error with a kind and a public message.
type Error struct {
	Kind    Kind
	Message string // safe to show to the user
	Field   string // the input field it concerns, if any
	Err     error  // the cause, for logs
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a public message.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error of kind k with a public message and an internal cause.
func Wrap(k Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...), Err: err}
}

// Invalidf is an Invalid error about one input field.
func Invalidf(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// PublicMessage returns the message safe to show for err: the public message
// of its *Error, or a generic one for internal failures.
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Hệ thống đang gặp sự cố, vui lòng thử lại sau."
}

// FieldOf returns the input field the error concerns, if any.
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Fields collects several field errors, for forms that report every problem at once.
type Fields map[string]string

// Add records a message for a field, keeping the first one.
func (f Fields) Add(field, format string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when no field has a problem, or an Invalid *FieldsError.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &FieldsError{Fields: f}
}

// FieldsError is an Invalid error with one message per input field.
type FieldsError struct{ Fields Fields }

func (e *FieldsError) Error() string {
	s := "dữ liệu không hợp lệ:"
	for _, k := range sortedKeys(e.Fields) {
		s += " " + k + ": " + e.Fields[k] + ";"
	}
	return s
}

// As lets errors.As find an *Error of kind Invalid in a FieldsError.
func (e *FieldsError) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = &Error{Kind: Invalid, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."}
		return true
	}
	return false
}

func sortedKeys(m Fields) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
