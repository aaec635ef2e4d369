package payment

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var digits = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// InWords writes an amount of VND in Vietnamese words, as a receipt shows
// it ("Tám nghìn đồng"): groups of three digits with nghìn, triệu, tỷ (and
// tỷ again above a thousand tỷ); "linh" for a zero tens digit, "mười" and
// "mươi" for tens, "mốt", "tư" and "lăm" for a one, four and five after a
// tens digit above one ("lăm" after mười too), "không trăm" for a zero
// hundreds digit after a higher group.
func InWords(vnd int64) string {
	if vnd == 0 {
		return "Không đồng"
	}
	var prefix string
	u := uint64(vnd)
	if vnd < 0 {
		prefix, u = "âm ", uint64(-(vnd+1))+1
	}
	s := prefix + strings.Join(bigWords(u, false), " ") + " đồng"
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// bigWords writes u > 0; full reads the leading group's zero hundreds.
func bigWords(u uint64, full bool) []string {
	const billion = 1_000_000_000
	if u >= billion {
		w := append(bigWords(u/billion, full), "tỷ")
		if lo := u % billion; lo > 0 {
			w = append(w, bigWords(lo, true)...)
		}
		return w
	}
	var w []string
	names := [...]string{"triệu", "nghìn", ""}
	gs := [...]int{int(u / 1_000_000), int(u / 1000 % 1000), int(u % 1000)}
	started := false
	for i, g := range gs {
		if g == 0 {
			continue
		}
		w = append(w, group(g, full || started))
		if names[i] != "" {
			w = append(w, names[i])
		}
		started = true
	}
	return w
}

// group writes 1..999; full reads a zero hundreds digit ("không trăm").
func group(n int, full bool) string {
	h, t, o := n/100, n/10%10, n%10
	var w []string
	if h > 0 || full {
		w = append(w, digits[h], "trăm")
	}
	switch {
	case t == 0 && o == 0:
	case t == 0:
		if h > 0 || full {
			w = append(w, "linh")
		}
		w = append(w, digits[o])
	case t == 1:
		w = append(w, "mười")
		if o == 5 {
			w = append(w, "lăm")
		} else if o > 0 {
			w = append(w, digits[o])
		}
	default:
		w = append(w, digits[t], "mươi")
		switch o {
		case 0:
		case 1:
			w = append(w, "mốt")
		case 4:
			w = append(w, "tư")
		case 5:
			w = append(w, "lăm")
		default:
			w = append(w, digits[o])
		}
	}
	return strings.Join(w, " ")
}

// FormatVND writes an amount with dots between thousands: 1.250.000.
func FormatVND(vnd int64) string {
	s := strconv.FormatInt(vnd, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
