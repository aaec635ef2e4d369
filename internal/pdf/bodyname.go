package pdf

import "strings"

// Words that start the name of an administrative level (or of a body under
// one) in an agency's name: a line of the letterhead may break before one of
// them, never inside the place name that follows ("ỦY BAN NHÂN DÂN / TỈNH LÂM
// ĐỒNG", never "…TỈNH LÂM / ĐỒNG").
var levelWords = []string{
	"TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "XÃ", "PHƯỜNG", "ĐẶC KHU",
	"SỞ", "PHÒNG", "BỘ PHẬN", "TRUNG TÂM", "VĂN PHÒNG",
}

// minHeaderSize is the smallest type the letterhead's agency names shrink to
// before breaking onto two lines.
const minHeaderSize = 11.0

// bodyName draws an agency's name, upper case, centred in the column
// [x, x+width]: on one line when it fits at the header size; else broken
// before administrative level words, as few lines as fit; else the same in
// smaller type (down to minHeaderSize); at worst in the lines of the minimum
// size, shrunk until the widest fits. A name is never broken between two
// words of a place name.
func (d *document) bodyName(x, width float64, name, style string) {
	lines, size := d.bodyNameLines(name, style, width)
	for _, l := range lines {
		d.paragraphAt(x, width, l, style, size, 0, "C")
	}
}

// bodyNameLines chooses the lines and the type size of an agency's name.
func (d *document) bodyNameLines(name, style string, width float64) ([]string, float64) {
	name = cleanLine(name)
	fits := func(s string, size float64) bool {
		d.font(style, size)
		return d.f.GetStringWidth(s) <= width
	}
	segs := levelSegments(name)
	var lines []string
	for _, size := range []float64{sizeHeader, minHeaderSize} {
		lines = joinSegments(segs, func(s string) bool { return fits(s, size) })
		ok := true
		for _, l := range lines {
			ok = ok && fits(l, size)
		}
		if ok {
			return lines, size
		}
	}
	size := minHeaderSize
	for _, l := range lines {
		size = min(size, d.fitSize(l, style, minHeaderSize, width))
	}
	return lines, size
}

// levelSegments splits an agency's name before each administrative level
// word that follows something other than a level word: "ỦY BAN NHÂN DÂN
// HUYỆN ĐẠ TẺH TỈNH LÂM ĐỒNG" → "ỦY BAN NHÂN DÂN", "HUYỆN ĐẠ TẺH", "TỈNH LÂM
// ĐỒNG"; "ỦY BAN NHÂN DÂN PHƯỜNG XÃ ĐÀN" → "ỦY BAN NHÂN DÂN", "PHƯỜNG XÃ
// ĐÀN" (the ward's name holds a level word).
func levelSegments(name string) []string {
	words := strings.Fields(name)
	var segs []string
	cur := []string{}
	for i := 0; i < len(words); i++ {
		if len(cur) > 0 && !isLevel(strings.Join(cur, " ")) && startsLevel(words[i:]) {
			segs = append(segs, strings.Join(cur, " "))
			cur = cur[:0:0]
		}
		cur = append(cur, words[i])
	}
	if len(cur) > 0 {
		segs = append(segs, strings.Join(cur, " "))
	}
	return segs
}

// isLevel reports whether s is a level word by itself ("PHƯỜNG", "THỊ XÃ").
func isLevel(s string) bool {
	for _, w := range levelWords {
		if s == w {
			return true
		}
	}
	return false
}

// startsLevel reports whether words begin with a level word.
func startsLevel(words []string) bool {
	s := strings.Join(words, " ")
	for _, w := range levelWords {
		if s == w || strings.HasPrefix(s, w+" ") {
			return true
		}
	}
	return false
}

// joinSegments puts segments on as few lines as fit, in order: a segment
// joins the line before it when the two fit together.
func joinSegments(segs []string, fits func(string) bool) []string {
	var lines []string
	for _, s := range segs {
		if n := len(lines); n > 0 && fits(lines[n-1]+" "+s) {
			lines[n-1] += " " + s
			continue
		}
		lines = append(lines, s)
	}
	return lines
}
