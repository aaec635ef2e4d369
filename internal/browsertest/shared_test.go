package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestTabsHaveTheirOwnCookies: two browsers in one test binary share the
// Chromium process but not their cookies.
func TestTabsHaveTheirOwnCookies(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: "first", Path: "/"})
		fmt.Fprint(w, `<!doctype html><title>set</title><p id="c">set</p>`)
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("who")
		v := "none"
		if err == nil {
			v = c.Value
		}
		fmt.Fprintf(w, `<!doctype html><title>get</title><p id="c">%s</p>`, v)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	first, second := Start(t), Start(t)
	first.Navigate(ts.URL + "/set")
	first.Navigate(ts.URL + "/get")
	if got := first.Text("#c"); got != "first" {
		t.Errorf("the tab that got the cookie sends %q, want first", got)
	}
	second.Navigate(ts.URL + "/get")
	if got := second.Text("#c"); got != "none" {
		t.Errorf("another tab sends the first tab's cookie: %q", got)
	}
	shared.mu.Lock()
	running := shared.browser
	shared.mu.Unlock()
	if running == nil || running.tabs < 2 {
		t.Errorf("the two browsers are not tabs of one running Chromium")
	}
}
