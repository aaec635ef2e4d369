package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// clean prepares free text for drawing: NFC normalisation (the font has
// precomposed Vietnamese glyphs; decomposed marks would be drawn beside their
// letters), tabs and carriage returns to spaces, and characters the embedded
// font cannot address replaced by '?'. fpdf indexes its width table by rune
// and has 65536 entries, so a rune outside the BMP would make it panic.
// Line feeds are kept; callers that want a single line use cleanLine.
func clean(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r' || r == '\u00a0':
			b.WriteByte(' ')
		case r == unicode.ReplacementChar, r > 0xFFFD, unicode.IsControl(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanLine is clean with line feeds folded into spaces and the ends trimmed.
func cleanLine(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(clean(s), "\n", " "))
}

// upper cleans s and puts it in upper case; Go's Unicode case mapping handles
// the Vietnamese letters (đ -> Đ, ễ -> Ễ).
func upper(s string) string { return strings.ToUpper(cleanLine(s)) }

// orDots returns s, or a dotted blank to be filled by hand when s is empty.
func orDots(s string) string {
	if strings.TrimSpace(s) == "" {
		return "…………………"
	}
	return s
}
