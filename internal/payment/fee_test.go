package payment

import (
	"strings"
	"testing"
)

func TestTotalSkipsExemptLines(t *testing.T) {
	lines := []Line{
		{Kind: LePhi, Code: "LP-1", Name: "Lệ phí", Amount: 8000},
		{Kind: Phi, Code: "PHI-1", Name: "Phí", Amount: 2000},
		{Kind: LePhi, Code: "LP-2", Name: "Miễn", Amount: 5000, Exempt: true, Ground: "Điều 11 Luật Hộ tịch"},
	}
	total, err := Total(lines)
	if err != nil || total != 10000 {
		t.Fatalf("Total = %d, %v; want 10000", total, err)
	}
	if phi, lp := Totals(lines); phi != 2000 || lp != 8000 {
		t.Errorf("Totals = %d, %d", phi, lp)
	}
}

func TestTotalRejectsAbsurdLines(t *testing.T) {
	ok := Line{Kind: LePhi, Code: "LP", Name: "Lệ phí", Amount: 1}
	for name, c := range map[string]struct {
		lines []Line
		field string
	}{
		"negative":   {[]Line{{Kind: LePhi, Code: "LP", Name: "x", Amount: -1}}, "lines[0].amount"},
		"huge":       {[]Line{{Kind: LePhi, Code: "LP", Name: "x", Amount: 1 << 62}}, "lines[0].amount"},
		"kind":       {[]Line{{Kind: 3, Code: "LP", Name: "x", Amount: 1}}, "lines[0].kind"},
		"no ground":  {[]Line{{Kind: Phi, Code: "P", Name: "x", Amount: 1, Exempt: true}}, "lines[0].ground"},
		"too many":   {make21(ok), "lines:"},
		"empty code": {[]Line{{Kind: Phi, Name: "x", Amount: 1}}, "lines[0].code"},
	} {
		if _, err := Total(c.lines); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v, want an error naming %s", name, err, c.field)
		}
	}
	max := make([]Line, MaxLines)
	for i := range max {
		max[i] = Line{Kind: Phi, Code: "P", Name: "x", Amount: MaxLineAmount}
	}
	if total, err := Total(max); err != nil || total != 20_000_000_000 {
		t.Errorf("largest total = %d, %v", total, err)
	}
}

func make21(l Line) []Line {
	out := make([]Line, 21)
	for i := range out {
		out[i] = l
	}
	return out
}

func TestLinesFor(t *testing.T) {
	lines, err := LinesFor(FeeBasis{ProcedureCode: "2.000815", ProcedureName: "Chứng thực bản sao", PerPage: true, Due: 6000})
	if err != nil || len(lines) != 1 || lines[0].Kind != Phi || lines[0].Code != "PHI-2.000815" || lines[0].Amount != 6000 {
		t.Fatalf("certification: %+v %v", lines, err)
	}
	lines, err = LinesFor(FeeBasis{ProcedureCode: "2.000635", ProcedureName: "Trích lục", Due: 8000, Exemption: "Người có công"})
	if err != nil || lines[0].Kind != LePhi || !lines[0].Exempt || lines[0].Ground != "Người có công" {
		t.Fatalf("exempt: %+v %v", lines, err)
	}
	if total, _ := Total(lines); total != 0 {
		t.Errorf("exempt total = %d", total)
	}
}

func TestDecide(t *testing.T) {
	p := &Payment{Amount: 8000, State: Pending}
	for _, c := range []struct {
		p     *Payment
		c     Confirmation
		out   Outcome
		state State
	}{
		{p, Confirmation{Amount: 8000, Success: true}, Confirmed, Paid},
		{p, Confirmation{Amount: 8000}, Confirmed, Failed},
		{p, Confirmation{Amount: 800, Success: true}, AmountMismatch, ""},
		{nil, Confirmation{Amount: 8000, Success: true}, OrderNotFound, ""},
		{&Payment{Amount: 8000, State: Paid}, Confirmation{Amount: 8000, Success: true}, AlreadyConfirmed, ""},
		{&Payment{Amount: 8000, State: Expired}, Confirmation{Amount: 8000, Success: true}, Confirmed, Paid},
		{&Payment{Amount: 8000, State: Expired}, Confirmation{Amount: 8000}, AlreadyConfirmed, ""},
		{&Payment{Amount: 8000, State: Failed}, Confirmation{Amount: 8000, Success: true}, AlreadyConfirmed, ""},
	} {
		if out, st := Decide(c.p, c.c); out != c.out || st != c.state {
			t.Errorf("Decide(%+v, %+v) = %v, %q; want %v, %q", c.p, c.c, out, st, c.out, c.state)
		}
	}
}
