package dossier

import (
	"net/mail"
	"strings"
)

// ValidPhone reports whether s is a Vietnamese phone number as the forms
// take it (normalised: no spaces or dots): 0 or +84, then 9 or 10 digits.
func ValidPhone(s string) bool { return phoneRe.MatchString(s) }

// ValidEmail reports whether s is a plain e-mail address (no display name)
// with a dot in its domain, within MaxEmailLen.
func ValidEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return !tooLong(s, MaxEmailLen) && err == nil && addr.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}
