package web

import (
	"html"
	"strings"
	"testing"
	"time"
)

// TestAdminOverviewShowsBackups: the administrators' overview says when the
// last scheduled backup failed and why, when the newest is stale, when the
// newest was taken, and that none are taken when none are configured.
func TestAdminOverviewShowsBackups(t *testing.T) {
	ok := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		status  *BackupStatus
		want    []string
		notWant []string
	}{
		{"off", nil, []string{"Máy chủ này không tự sao lưu"}, []string{"Bản sao lưu gần nhất"}},
		{"failing", &BackupStatus{LastSuccess: ok, LastFailure: ok.Add(24 * time.Hour), Failures: 3,
			LastError: "scheduled backup into /var/backups/motcua/x: no space left on device"},
			[]string{"bị lỗi (3 lần lỗi từ khi khởi động): scheduled backup into /var/backups/motcua/x: no space left on device",
				"Bản sao lưu gần nhất: "}, nil},
		{"stale", &BackupStatus{LastSuccess: time.Now().Add(-72 * time.Hour), WarnAge: 36 * time.Hour},
			[]string{"Bản sao lưu gần nhất đã cũ hơn 36h0m0s."}, []string{"bị lỗi"}},
		{"fine", &BackupStatus{LastSuccess: time.Now().Add(-time.Hour), WarnAge: 36 * time.Hour},
			[]string{"Bản sao lưu gần nhất: "}, []string{"bị lỗi", "đã cũ hơn", `role="alert"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opt Options
			if tc.status != nil {
				opt.Backups = func() *BackupStatus { return tc.status }
			}
			s := newTestServer(t, opt)
			adminLogin(t, s)
			_, page := s.get(t, "/quan-tri")
			text := html.UnescapeString(page)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the overview lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("the overview shows %q", w)
				}
			}
		})
	}
}
