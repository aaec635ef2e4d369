package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startOpsServe runs `motcua serve args...` on a free loopback port until the
// test ends, and returns its base URL once /healthz answers.
func startOpsServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"serve", "--addr", addr}, args...), &out, &out)
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d:\n%s", code, out.String())
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			return base, &out
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve exited %d before answering:\n%s", code, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve does not answer: %v\n%s", err, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func opsGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func opsMetric(t *testing.T, body, name string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in /metrics", name)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestServeTakesScheduledBackups: `serve --backup-dir` takes a backup at
// start (none existed), which `motcua restore` accepts; /metrics gives its
// time and the free disk space, and /readyz is ready.
func TestServeTakesScheduledBackups(t *testing.T) {
	data, backups := t.TempDir(), t.TempDir()
	base, out := startOpsServe(t, "--data", data, "--backup-dir", backups, "--backup-every", "1h", "--backup-keep", "2", "--disk-min-free-mb", "1")
	var dirs []os.DirEntry
	deadline := time.Now().Add(30 * time.Second)
	for {
		dirs, _ = os.ReadDir(backups)
		if len(dirs) == 1 {
			if _, err := os.Stat(filepath.Join(backups, dirs[0].Name(), "manifest.json")); err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled backup after 30s: %v\n%s", dirs, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.HasPrefix(dirs[0].Name(), "motcua-") {
		t.Errorf("backup directory %q, want motcua-<UTC time>", dirs[0].Name())
	}
	_, m := opsGet(t, base+"/metrics")
	if at := opsMetric(t, m, "motcua_backup_last_success_timestamp_seconds"); time.Since(time.Unix(int64(at), 0)) > time.Minute {
		t.Errorf("last backup at %v, want within the last minute", at)
	}
	if n := opsMetric(t, m, "motcua_backup_failures_total"); n != 0 {
		t.Errorf("backup failures = %v", n)
	}
	if free := opsMetric(t, m, "motcua_disk_free_bytes"); free <= 1<<20 {
		t.Errorf("disk free = %v bytes", free)
	}
	if ro := opsMetric(t, m, "motcua_db_read_only"); ro != 0 {
		t.Errorf("motcua_db_read_only = %v, want 0", ro)
	}
	if code, body := opsGet(t, base+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz = %d %q, want 200 ready", code, body)
	}
	var stdout, stderr bytes.Buffer
	target := filepath.Join(t.TempDir(), "restored.db")
	if code := Main(context.Background(), []string{"restore", "--from", filepath.Join(backups, dirs[0].Name()), "--to", "sqlite:" + target}, &stdout, &stderr); code != 0 {
		t.Fatalf("restore exited %d: %s%s", code, stdout.String(), stderr.String())
	}
}

// TestReadyzFailsOnAFullDisk: below --disk-min-free-mb /readyz answers 503
// naming the directory and the figures.
func TestReadyzFailsOnAFullDisk(t *testing.T) {
	data := t.TempDir()
	// 1 EiB: no disk here has that much free.
	base, _ := startOpsServe(t, "--data", data, "--disk-min-free-mb", strconv.Itoa(1<<40))
	code, body := opsGet(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "fail: disk: "+data) || !strings.Contains(body, "less than the 1.0 EiB required") {
		t.Fatalf("/readyz = %d %q, want 503 naming the disk", code, body)
	}
}

// TestOpsSettingsAreChecked: a malformed or out-of-range backup setting
// stops serve before it starts, naming it.
func TestOpsSettingsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		env, value string
		args       []string
		want       string
	}{
		{"MOTCUA_BACKUP_EVERY", "daily", nil, "MOTCUA_BACKUP_EVERY"},
		{"MOTCUA_BACKUP_KEEP", "seven", nil, "MOTCUA_BACKUP_KEEP"},
		{"MOTCUA_DISK_MIN_FREE_MB", "1GB", nil, "MOTCUA_DISK_MIN_FREE_MB"},
		{"", "", []string{"--backup-dir", "x", "--backup-every", "10s"}, "--backup-every"},
		{"", "", []string{"--backup-dir", "x", "--backup-keep", "0"}, "--backup-keep"},
		{"", "", []string{"--db-replica", "mysql://standby/motcua"}, "--db-replica"},
	} {
		t.Run(tc.want+tc.value, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv(tc.env, tc.value)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tc.args...)
			if code := Main(ctx, args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %s", code, stderr.String(), tc.want)
			}
		})
	}
}
