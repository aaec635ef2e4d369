package letter

import (
	"fmt"
	"time"
)

// Sender is the unit a letter comes from and the leader who signs it.
type Sender struct {
	Unit        string // e.g. "Ủy ban nhân dân xã Đạ Tẻh"
	Place       string // e.g. "Đạ Tẻh"
	SignerTitle string // e.g. "Chủ tịch"
	SignerName  string
}

// Values returns the common placeholders' values for a letter dated on:
// don_vi, dia_danh, ngay_thu ("ngày 05 tháng 02 năm 2025", in UTC+7, with the
// leading zeros Decree 30/2020 asks for), chuc_vu_nguoi_ky, nguoi_ky.
func (s Sender) Values(on time.Time) Values {
	return Values{
		PUnit:        line(s.Unit),
		PPlace:       line(s.Place),
		PDate:        LetterDate(on),
		PSignerTitle: line(s.SignerTitle),
		PSigner:      line(s.SignerName),
	}
}

// LetterDate prints a date as official documents do: "ngày 05 tháng 02 năm
// 2025", "ngày 15 tháng 3 năm 2025" (leading zero for days below 10 and for
// months 1 and 2 only), in UTC+7.
func LetterDate(t time.Time) string {
	t = t.In(vietnam())
	m := fmt.Sprintf("%d", int(t.Month()))
	if t.Month() <= time.February {
		m = "0" + m
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %04d", t.Day(), m, t.Year())
}
