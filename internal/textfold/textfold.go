// Package textfold normalises Vietnamese text at the boundary and folds it for
// search.
//
// Search folds the same way for documents and queries, in Go, on both
// database engines: lower case, every combining mark removed (so "hoà" and
// "hòa", the two tone placements, both become "hoa"), and đ/Đ mapped to d,
// which neither SQLite's unicode61 tokenizer nor unaccent does.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C with surrounding space
// trimmed. All text input goes through it before it is validated or stored.
func NFC(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// Fold returns the search form of s: lower case, without diacritics, đ as d,
// runs of anything but letters and digits as one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Terms returns the folded words of a query, without duplicates.
func Terms(q string) []string {
	var out []string
	for _, t := range strings.Fields(Fold(q)) {
		dup := false
		for _, o := range out {
			if o == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// Match reports whether every term of the query occurs in the folded text.
func Match(folded string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(folded, t) {
			return false
		}
	}
	return true
}

// Unaccent returns s without diacritics, đ as d and Đ as D, keeping case,
// punctuation and spacing: the non-accented Vietnamese an SMS provider
// without Unicode needs ("Hồ sơ đã có kết quả" → "Ho so da co ket qua").
func Unaccent(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
