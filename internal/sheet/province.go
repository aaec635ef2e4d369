package sheet

import (
	"io"
	"strconv"

	"github.com/motcua/motcua/internal/report"
)

// ProvinceRow is one commune of a province's table: its rank by the
// Decision 766 score, its identifiers and its indicators.
type ProvinceRow struct {
	Rank    int // 0 when its score is undefined (no data)
	Code    string
	NSOCode string
	Name    string
	Ind     report.Indicators
	Score   report.Score
}

// ProvinceCSV writes a province's communes side by side, one row each, in
// the order given (the ranking).
func ProvinceCSV(w io.Writer, rows []ProvinceRow) error {
	c, err := newCSV(w)
	if err != nil {
		return err
	}
	c.row("Hạng", "Mã định danh", "Mã thống kê", "Đơn vị", "Tiếp nhận", "Đã giải quyết", "Đúng và trước hạn (%)", "Giải quyết quá hạn (%)",
		"Đang giải quyết", "Đang quá hạn", "Số hoá (%)", "Trực tuyến (%)", "Hài lòng (%)", "Điểm 766")
	pct := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	for _, r := range rows {
		rank, score := "", ""
		if !r.Score.Undefined {
			rank, score = strconv.Itoa(r.Rank), pct(r.Score.Total)
		}
		c.row(rank, r.Code, r.NSOCode, r.Name, strconv.FormatInt(r.Ind.Received, 10), strconv.FormatInt(r.Ind.Resolved, 10),
			pct(r.Ind.OnTimeOrEarlyPct), pct(r.Ind.OverduePct), strconv.FormatInt(r.Ind.PendingTotal, 10),
			strconv.FormatInt(r.Ind.PendingOverdue, 10), pct(r.Ind.DigitisedPct), pct(r.Ind.OnlinePct),
			pct(r.Ind.SatisfactionPct), score)
	}
	return c.close()
}
