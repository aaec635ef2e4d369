package signing

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// What the signer reads of a PDF to add a signature by an incremental
// update: the cross-reference sections, newest first along their /Prev
// chain, whether tables ("xref") or streams (/Type /XRef, PDF 1.5, with a
// table's /XRefStm beside it in a hybrid file); and the text of the few
// objects it rewrites (catalogue, page tree, last page, its annotations),
// whether plain ("N G obj … endobj") or compressed in an object stream.

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	objHeadRE   = regexp.MustCompile(`^\s*(\d+)\s+(\d+)\s+obj`)
)

// maxDecoded bounds a decoded stream (a cross-reference or object stream).
const maxDecoded = 64 << 20

// xrefEntry is where an object's newest version is: at offset off, or
// (stm > 0) the idx-th object of object stream stm.
type xrefEntry struct {
	off, stm, idx int
}

type pdfFile struct {
	data       []byte
	entries    map[int]xrefEntry // object number -> newest version
	trailer    string            // the newest trailer dictionary's text (a stream's dictionary for a stream)
	xref       int               // offset of the newest cross-reference section
	xrefStream bool              // the newest section is a stream: the update writes one too
	streams    map[int]*objStream
}

func parsePDF(data []byte) (*pdfFile, error) {
	tail := data
	if len(tail) > 1024 {
		tail = tail[len(tail)-1024:]
	}
	m := startxrefRE.FindSubmatch(tail)
	if m == nil {
		return nil, errors.New("no startxref at the end of the PDF")
	}
	start, _ := strconv.Atoi(string(m[1]))
	f := &pdfFile{data: data, entries: map[int]xrefEntry{}, xref: start, streams: map[int]*objStream{}}
	seen := map[int]bool{}
	for at := start; ; {
		if seen[at] || at <= 0 || at >= len(data) {
			return nil, fmt.Errorf("bad cross-reference offset %d", at)
		}
		seen[at] = true
		trailer, prev, isStream, err := f.readSection(at)
		if err != nil {
			return nil, err
		}
		if f.trailer == "" {
			f.trailer, f.xrefStream = trailer, isStream
		}
		if prev < 0 {
			break
		}
		at = prev
	}
	return f, nil
}

// readSection reads the cross-reference section at off, a table or a
// stream, keeping entries not already known (newer sections are read
// first), and returns its trailer and /Prev (-1 when none).
func (f *pdfFile) readSection(off int) (trailer string, prev int, isStream bool, err error) {
	if bytes.HasPrefix(f.data[off:], []byte("xref")) {
		trailer, err = f.readTable(off)
		if err != nil {
			return "", 0, false, err
		}
		// A hybrid file's table names a stream holding more entries.
		if at, ok := dictInt(trailer, "XRefStm"); ok {
			if _, err := f.readStream(at); err != nil {
				return "", 0, false, err
			}
		}
	} else {
		if trailer, err = f.readStream(off); err != nil {
			return "", 0, false, err
		}
		isStream = true
	}
	prev = -1
	if v, ok := dictInt(trailer, "Prev"); ok {
		prev = v
	}
	return trailer, prev, isStream, nil
}

// readTable reads a classic cross-reference table and its trailer.
func (f *pdfFile) readTable(off int) (string, error) {
	s := f.data[off:]
	lines := bytes.Split(s, []byte("\n"))
	for i := 1; i < len(lines); {
		line := strings.TrimSpace(string(lines[i]))
		if strings.HasPrefix(line, "trailer") {
			break
		}
		var first, n int
		if _, err := fmt.Sscanf(line, "%d %d", &first, &n); err != nil {
			return "", fmt.Errorf("bad cross-reference subsection %q", line)
		}
		i++
		for k := 0; k < n && i < len(lines); k, i = k+1, i+1 {
			e := strings.TrimSpace(string(lines[i]))
			var o, gen int
			var kind string
			if _, err := fmt.Sscanf(e, "%d %d %s", &o, &gen, &kind); err != nil {
				return "", fmt.Errorf("bad cross-reference entry %q", e)
			}
			if _, known := f.entries[first+k]; !known {
				if kind == "n" {
					f.entries[first+k] = xrefEntry{off: o}
				} else {
					f.entries[first+k] = xrefEntry{} // free: older versions do not count
				}
			}
		}
	}
	t := bytes.Index(s, []byte("trailer"))
	if t < 0 {
		return "", errors.New("no trailer")
	}
	end := bytes.Index(s[t:], []byte("startxref"))
	if end < 0 {
		return "", errors.New("no startxref after the trailer")
	}
	return string(s[t+len("trailer") : t+end]), nil
}

// readStream reads a cross-reference stream (its dictionary is also the
// section's trailer).
func (f *pdfFile) readStream(off int) (string, error) {
	if off <= 0 || off >= len(f.data) {
		return "", fmt.Errorf("bad cross-reference stream offset %d", off)
	}
	dict, raw, err := f.streamAt(off)
	if err != nil {
		return "", fmt.Errorf("cross-reference stream: %w", err)
	}
	if !strings.Contains(dict, "/XRef") {
		return "", errors.New("the cross-reference offset points to neither a table nor a cross-reference stream")
	}
	body, err := decodeStream(dict, raw)
	if err != nil {
		return "", fmt.Errorf("cross-reference stream: %w", err)
	}
	w, err := dictInts(dict, "W")
	if err != nil || len(w) != 3 {
		return "", errors.New("cross-reference stream without a valid /W")
	}
	size, _ := dictInt(dict, "Size")
	index, err := dictInts(dict, "Index")
	if err != nil || len(index) == 0 {
		index = []int{0, size}
	}
	if len(index)%2 != 0 {
		return "", errors.New("cross-reference stream with an odd /Index")
	}
	width := w[0] + w[1] + w[2]
	if width <= 0 {
		return "", errors.New("cross-reference stream with empty entries")
	}
	field := func(b []byte, n int, def int) int {
		if n == 0 {
			return def
		}
		v := 0
		for _, c := range b[:n] {
			v = v<<8 | int(c)
		}
		return v
	}
	at := 0
	for i := 0; i < len(index); i += 2 {
		first, n := index[i], index[i+1]
		for k := range n {
			if at+width > len(body) {
				return "", errors.New("cross-reference stream shorter than its /Index")
			}
			e := body[at : at+width]
			at += width
			typ := field(e, w[0], 1)
			a, b := field(e[w[0]:], w[1], 0), field(e[w[0]+w[1]:], w[2], 0)
			if _, known := f.entries[first+k]; known {
				continue
			}
			switch typ {
			case 1:
				f.entries[first+k] = xrefEntry{off: a}
			case 2:
				f.entries[first+k] = xrefEntry{stm: a, idx: b}
			default:
				f.entries[first+k] = xrefEntry{}
			}
		}
	}
	return dict, nil
}

// streamAt reads the stream object at off: its dictionary's text and its
// raw (still encoded) bytes.
func (f *pdfFile) streamAt(off int) (dict string, raw []byte, err error) {
	s := f.data[off:]
	h := objHeadRE.FindIndex(s)
	if h == nil {
		return "", nil, fmt.Errorf("no object at offset %d", off)
	}
	k := bytes.Index(s, []byte("stream"))
	if k < 0 || k < h[1] {
		return "", nil, fmt.Errorf("object at offset %d is not a stream", off)
	}
	dict = strings.TrimSpace(string(s[h[1]:k]))
	start := k + len("stream")
	if start < len(s) && s[start] == '\r' {
		start++
	}
	if start < len(s) && s[start] == '\n' {
		start++
	}
	n, ok := dictInt(dict, "Length")
	if ref, isRef := dictRef(dict, "Length"); isRef {
		txt, err := f.object(ref)
		if err != nil {
			return "", nil, err
		}
		n, err = strconv.Atoi(strings.TrimSpace(txt))
		ok = err == nil
	}
	if !ok || n < 0 || start+n > len(s) {
		return "", nil, fmt.Errorf("stream at offset %d has a bad /Length", off)
	}
	return dict, s[start : start+n], nil
}

// decodeStream undoes a stream's filter: none, or FlateDecode with an
// optional PNG predictor (what cross-reference and object streams use).
func decodeStream(dict string, raw []byte) ([]byte, error) {
	i := keyIndex(dict, "Filter")
	if i < 0 {
		return raw, nil
	}
	filter := strings.TrimLeft(dict[i:], " \t\r\n")
	if strings.HasPrefix(filter, "[") {
		end := strings.IndexByte(filter, ']')
		if end < 0 {
			return nil, errors.New("bad stream /Filter")
		}
		names := strings.Fields(filter[1:end])
		if len(names) != 1 {
			return nil, errors.New("a chain of stream filters is not supported")
		}
		filter = names[0]
	}
	if !strings.HasPrefix(filter, "/FlateDecode") {
		return nil, fmt.Errorf("unsupported stream filter %.20q", filter)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxDecoded {
		return nil, errors.New("stream too large")
	}
	pred, cols := 1, 1
	if j := keyIndex(dict, "DecodeParms"); j >= 0 {
		parms := dict[j:]
		if end := strings.Index(parms, ">>"); end >= 0 {
			parms = parms[:end]
		}
		if v, ok := dictInt(parms, "Predictor"); ok {
			pred = v
		}
		if v, ok := dictInt(parms, "Columns"); ok {
			cols = v
		}
	}
	if pred < 10 {
		if pred != 1 {
			return nil, fmt.Errorf("unsupported predictor %d", pred)
		}
		return out, nil
	}
	return unpredictPNG(out, cols)
}

// unpredictPNG undoes PNG row prediction of rows of cols bytes, each led
// by its filter type byte.
func unpredictPNG(b []byte, cols int) ([]byte, error) {
	if cols <= 0 || len(b)%(cols+1) != 0 {
		return nil, errors.New("PNG-predicted stream of a bad length")
	}
	out := make([]byte, 0, len(b)/(cols+1)*cols)
	prev := make([]byte, cols)
	for r := 0; r < len(b); r += cols + 1 {
		typ, row := b[r], append([]byte(nil), b[r+1:r+1+cols]...)
		for i := range row {
			var left, up, upLeft byte
			if i > 0 {
				left, upLeft = row[i-1], prev[i-1]
			}
			up = prev[i]
			switch typ {
			case 0:
			case 1:
				row[i] += left
			case 2:
				row[i] += up
			case 3:
				row[i] += byte((int(left) + int(up)) / 2)
			case 4:
				row[i] += paeth(left, up, upLeft)
			default:
				return nil, fmt.Errorf("PNG predictor type %d", typ)
			}
		}
		out = append(out, row...)
		prev = row
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// objStream is a decoded object stream: its objects' texts by index.
type objStream struct {
	objs []string
	nums []int
}

func (f *pdfFile) objectStream(n int) (*objStream, error) {
	if st, ok := f.streams[n]; ok {
		return st, nil
	}
	e, ok := f.entries[n]
	if !ok || e.off <= 0 {
		return nil, fmt.Errorf("object stream %d not found", n)
	}
	dict, raw, err := f.streamAt(e.off)
	if err != nil {
		return nil, err
	}
	body, err := decodeStream(dict, raw)
	if err != nil {
		return nil, fmt.Errorf("object stream %d: %w", n, err)
	}
	count, ok1 := dictInt(dict, "N")
	first, ok2 := dictInt(dict, "First")
	if !ok1 || !ok2 || first > len(body) || count < 0 || count > len(body) {
		return nil, fmt.Errorf("object stream %d without a valid /N and /First", n)
	}
	head := strings.Fields(string(body[:first]))
	if len(head) < 2*count {
		return nil, fmt.Errorf("object stream %d: a short header", n)
	}
	st := &objStream{}
	offs := make([]int, count+1)
	for i := range count {
		num, err1 := strconv.Atoi(head[2*i])
		off, err2 := strconv.Atoi(head[2*i+1])
		if err1 != nil || err2 != nil || first+off > len(body) {
			return nil, fmt.Errorf("object stream %d: a bad header", n)
		}
		st.nums, offs[i] = append(st.nums, num), first+off
	}
	offs[count] = len(body)
	for i := range count {
		if offs[i+1] < offs[i] {
			return nil, fmt.Errorf("object stream %d: objects out of order", n)
		}
		st.objs = append(st.objs, strings.TrimSpace(string(body[offs[i]:offs[i+1]])))
	}
	f.streams[n] = st
	return st, nil
}

// object returns an object's text: between "N G obj" and "endobj" for a
// plain one, its slice of its object stream for a compressed one. A stream
// object is refused (the signer rewrites dictionaries and arrays only).
func (f *pdfFile) object(n int) (string, error) {
	e, ok := f.entries[n]
	switch {
	case !ok || (e.off <= 0 && e.stm <= 0):
		return "", fmt.Errorf("object %d not found", n)
	case e.stm > 0:
		st, err := f.objectStream(e.stm)
		if err != nil {
			return "", err
		}
		if e.idx >= len(st.objs) || st.nums[e.idx] != n {
			return "", fmt.Errorf("object %d is not where its object stream says", n)
		}
		return st.objs[e.idx], nil
	case e.off >= len(f.data):
		return "", fmt.Errorf("object %d not found", n)
	}
	s := f.data[e.off:]
	h := objHeadRE.FindSubmatchIndex(s)
	if h == nil || string(s[h[2]:h[3]]) != strconv.Itoa(n) {
		return "", fmt.Errorf("object %d is not at its offset", n)
	}
	end := bytes.Index(s, []byte("endobj"))
	if end < 0 {
		return "", fmt.Errorf("object %d has no endobj", n)
	}
	body := string(s[h[1]:end])
	if strings.Contains(body, "stream") {
		return "", fmt.Errorf("object %d is a stream", n)
	}
	return strings.TrimSpace(body), nil
}

// dictInts returns the integers of /key [a b c …] in a dictionary's text.
func dictInts(dict, key string) ([]int, error) {
	i := keyIndex(dict, key)
	if i < 0 {
		return nil, fmt.Errorf("no /%s", key)
	}
	rest := strings.TrimLeft(dict[i:], " \t\r\n")
	if !strings.HasPrefix(rest, "[") {
		return nil, fmt.Errorf("/%s is not an array", key)
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return nil, fmt.Errorf("/%s is not closed", key)
	}
	var out []int
	for _, w := range strings.Fields(rest[1:end]) {
		v, err := strconv.Atoi(w)
		if err != nil {
			return nil, fmt.Errorf("/%s: %q", key, w)
		}
		out = append(out, v)
	}
	return out, nil
}
