package pdf

import (
	"testing"
	"time"
)

func TestVietnameseTimes(t *testing.T) {
	utc := time.Date(2025, 2, 5, 3, 0, 0, 0, time.UTC) // 10:00 in UTC+7
	if got, want := formatDateTime(utc), "10 giờ 00 phút, ngày 05/02/2025"; got != want {
		t.Errorf("formatDateTime = %q, want %q", got, want)
	}
	if got := formatDateTime(time.Time{}); got != "" {
		t.Errorf("zero time prints %q", got)
	}
	tests := []struct {
		t    time.Time
		want string
	}{
		{at(2025, time.February, 5, 8, 0), "ngày 05 tháng 02 năm 2025"},
		{at(2025, time.January, 31, 8, 0), "ngày 31 tháng 01 năm 2025"},
		{at(2025, time.March, 9, 8, 0), "ngày 09 tháng 3 năm 2025"},
		{at(2025, time.November, 20, 8, 0), "ngày 20 tháng 11 năm 2025"},
		{time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2026"},
	}
	for _, tt := range tests {
		if got := formatIssueDate(tt.t); got != tt.want {
			t.Errorf("formatIssueDate(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
