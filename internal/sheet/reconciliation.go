package sheet

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/payment"
)

// ReconciliationHead says what a reconciliation covers.
type ReconciliationHead struct {
	Unit     string // the unit's name and code
	Provider string
	Day      string // dd/mm/yyyy
}

var reconciliationHeaders = []string{"Mã đơn hàng", "Mã hồ sơ", "Chênh lệch", "Số tiền hệ thống (đồng)", "Số tiền cổng quyết toán (đồng)",
	"Trạng thái hệ thống", "Mã giao dịch cổng", "Diễn giải"}

func reconciliationRows(r payment.Reconciliation) [][]string {
	var rows [][]string
	for _, d := range r.Differences {
		var code, ours, theirs, state, txn string
		if d.Ours != nil {
			code, ours, state = d.Ours.DossierCode, strconv.FormatInt(d.Ours.Amount, 10), d.Ours.State.Label()
		}
		if d.Theirs != nil {
			theirs, txn = strconv.FormatInt(d.Theirs.Amount, 10), d.Theirs.GatewayTxn
		}
		rows = append(rows, []string{d.TxnRef, code, d.Kind.Label(), ours, theirs, state, txn, d.Summary})
	}
	return rows
}

func reconciliationSummary(h ReconciliationHead, r payment.Reconciliation) [][]string {
	return [][]string{
		{"Đơn vị", h.Unit}, {"Cổng thanh toán", h.Provider}, {"Ngày", h.Day},
		{"Giao dịch khớp", strconv.Itoa(r.Matched)},
		{"Tổng hệ thống ghi nhận (đồng)", strconv.FormatInt(r.OursTotal, 10)},
		{"Tổng cổng quyết toán (đồng)", strconv.FormatInt(r.TheirsTotal, 10)},
		{"Số chênh lệch", strconv.Itoa(len(r.Differences))},
	}
}

// ReconciliationCSV writes the summary, a blank line, then one row per difference.
func ReconciliationCSV(w io.Writer, h ReconciliationHead, r payment.Reconciliation) error {
	c, err := newCSV(w)
	if err != nil {
		return err
	}
	for _, row := range reconciliationSummary(h, r) {
		c.row(row...)
	}
	c.row()
	c.row(reconciliationHeaders...)
	for _, row := range reconciliationRows(r) {
		c.row(row...)
	}
	return c.close()
}

// ReconciliationXLSX writes a workbook: the summary sheet and the differences.
func ReconciliationXLSX(w io.Writer, h ReconciliationHead, r payment.Reconciliation) error {
	bk := &book{f: excelize.NewFile()}
	defer bk.f.Close()
	const sum, diff = "Tổng hợp", "Chênh lệch"
	bk.rename("Sheet1", sum)
	for i, row := range reconciliationSummary(h, r) {
		bk.setAt(sum, 1, i+1, row[0])
		if n, err := strconv.ParseInt(row[1], 10, 64); err == nil {
			bk.setAt(sum, 2, i+1, n)
		} else {
			bk.setAt(sum, 2, i+1, row[1])
		}
	}
	bk.width(sum, "A", "A", 34)
	bk.width(sum, "B", "B", 40)
	_, err := bk.f.NewSheet(diff)
	bk.keep(err)
	bold := bk.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, hd := range reconciliationHeaders {
		c := bk.setAt(diff, i+1, 1, hd)
		bk.cellStyle(diff, c, c, bold)
	}
	for ri, row := range reconciliationRows(r) {
		for ci, v := range row {
			if (ci == 3 || ci == 4) && v != "" {
				n, _ := strconv.ParseInt(v, 10, 64)
				bk.setAt(diff, ci+1, ri+2, n)
				continue
			}
			bk.setAt(diff, ci+1, ri+2, v)
		}
	}
	bk.width(diff, "A", "A", 36)
	bk.width(diff, "B", "B", 28)
	bk.width(diff, "C", "C", 40)
	bk.width(diff, "D", "G", 18)
	bk.width(diff, "H", "H", 70)
	return bk.write(w)
}
