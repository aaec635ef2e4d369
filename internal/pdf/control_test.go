package pdf

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestControlSlipSpansPages renders a long slip: the hand-over table must run
// over several pages, each continuation page starting with its page number
// and the repeated header row, and every row must appear exactly once.
func TestControlSlipSpansPages(t *testing.T) {
	const n = 40
	s := sampleControlSlip(n)
	pages := mustPages(t, mustRender(t, func(w io.Writer) error { return RenderControlSlip(w, s) }))
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the table to span at least 3", len(pages))
	}
	const header = "STT Đơn vị / Thời gian Người giao Người nhận Hạn xử lý và Ghi chú"
	for i, p := range pages {
		lines := strings.Split(p, "\n")
		if i == 0 {
			if !strings.Contains(p, header) {
				t.Errorf("page 1 lacks the table header")
			}
			continue
		}
		if len(lines) < 2 || lines[0] != fmt.Sprint(i+1) || lines[1] != header {
			t.Errorf("page %d starts %q, want page number %d then the header %q", i+1, lines[:min(2, len(lines))], i+1, header)
		}
	}
	all := strings.Join(pages, "\n")
	for i := 1; i <= n; i++ {
		if c := strings.Count(all, fmt.Sprintf("(bước %d)", i)); c != 1 {
			t.Errorf("hand-over %d appears %d times, want once", i, c)
		}
	}
}

// TestControlSlipSplitsTallRow gives one hand-over a note longer than a page:
// the row is split over pages and none of its text is lost.
func TestControlSlipSplitsTallRow(t *testing.T) {
	s := sampleControlSlip(3)
	var words []string
	for i := 1; i <= 400; i++ {
		words = append(words, fmt.Sprintf("đoạn-%d", i))
	}
	s.HandOvers[1].Notes = strings.Join(words, " ")
	s.HandOvers[1].At = s.HandOvers[1].At.Add(time.Minute)
	pages := mustPages(t, mustRender(t, func(w io.Writer) error { return RenderControlSlip(w, s) }))
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the tall row to span pages", len(pages))
	}
	all := strings.Join(pages, "\n")
	for _, w := range words {
		if !strings.Contains(all, w+"\n") && !strings.Contains(all, w+" ") && !strings.HasSuffix(all, w) {
			t.Errorf("note word %q lost", w)
		}
	}
	if !strings.Contains(all, "(bước 3)") {
		t.Errorf("the row after the tall one is missing")
	}
}
