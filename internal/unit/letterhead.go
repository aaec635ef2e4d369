package unit

import "strings"

// The bodies a letterhead names: the people's committee of a unit
// (Decree 30/2020/NĐ-CP, Appendix I: the issuing body in capitals, under
// the body it answers to).
const committee = "ỦY BAN NHÂN DÂN"

// DraftLetterhead is the letterhead a unit created from the official lists
// starts with, so that its documents print a head and a signature block from
// the first day: its people's committee under the one above it (parentName:
// the province for a commune of the 2025 structure, the district for a
// former commune; "" for a province), its own name without its kind as the
// place on the date line, signed by the chairperson. The signer's name is
// left for the unit's administrator, who may change every line.
func DraftLetterhead(name, parentName string) Letterhead {
	lh := Letterhead{IssuingBody: committee + " " + strings.ToUpper(name), Place: placeName(name), SignerTitle: "CHỦ TỊCH"}
	if parentName != "" {
		lh.ParentBody = committee + " " + strings.ToUpper(parentName)
	}
	return lh
}

// placeName is a unit's name without its kind: "Xã Đạ Tẻh" gives "Đạ Tẻh".
func placeName(name string) string {
	for _, kind := range []string{"Thành phố ", "Thị trấn ", "Thị xã ", "Đặc khu ", "Phường ", "Huyện ", "Tỉnh ", "Quận ", "Xã "} {
		if rest, ok := strings.CutPrefix(name, kind); ok && rest != "" {
			return rest
		}
	}
	return name
}

// Empty reports whether no line of the letterhead is set.
func (l Letterhead) Empty() bool { return l == Letterhead{} }
