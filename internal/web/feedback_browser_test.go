package web_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// testClock is a clock a test sets.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, store.Zone)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// A citizen sends feedback about birth registration; the specialist in
// charge answers within the limit and publishes it; the citizen finds it in
// the public list, looks the answer up and rates it; the dashboard's two
// feedback criteria show it. Another item, unanswered, goes overdue after
// its tenth working day, which the Reunification Day holidays and the
// 2 May 2025 swap push to Thursday 15 May.
func TestBrowserFeedbackAnsweredPublishedRatedAndOverdue(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	clk := &testClock{}
	clk.Set("2025-04-28 09:00") // a Monday
	srv := browsertest.StartServerAt(t, clk.Now)
	b := browsertest.Start(t)
	ctx := context.Background()

	b.Navigate(srv.URL + "/phan-anh")
	if got := b.Text("#feedback-none"); got == "" {
		t.Error("the empty public list says nothing")
	}
	// From the procedure's page: the form knows what it is about.
	b.Navigate(srv.URL + "/thu-tuc/1.001193")
	b.ClickAndWait("#feedback-procedure")
	b.ExpectAccessible("the feedback form")
	if got := b.Value("#about"); got != "1.001193" {
		t.Errorf("the form from the procedure's page is about %q", got)
	}
	b.Fill("#title", "Hướng dẫn khai sinh chưa rõ")
	b.Fill("#content", "Trang hướng dẫn không nói cần mang bản chính hay bản sao giấy chứng sinh.")
	b.Fill("#name", "Trần Thị Hoa")
	b.Click("#publish")
	if got := b.ClickAndWait("button.portal-submit"); got != http.StatusBadRequest {
		t.Fatalf("feedback without a phone = %d, want 400", got)
	}
	if got := b.Text("#phone-error"); !strings.Contains(got, "số điện thoại") {
		t.Errorf("phone error = %q", got)
	}
	if got := b.Value("#title"); got != "Hướng dẫn khai sinh chưa rõ" {
		t.Errorf("title after the error = %q, want it kept", got)
	}
	if _, n, _ := srv.DB.Feedbacks(ctx, store.FeedbackFilter{}); n != 0 {
		t.Fatalf("%d items after a refused form", n)
	}
	b.ExpectAccessible("the feedback form with errors")
	b.Fill("#phone", "0987 654 321")
	if got := b.ClickAndWait("button.portal-submit"); got != http.StatusOK {
		t.Fatalf("feedback = %d", got)
	}
	code := b.Text("#feedback-code")
	if !strings.HasPrefix(code, "PA-250428-") {
		t.Fatalf("feedback code %q", code)
	}
	// Ten working days: 29 April; 30 April, 1 and 2 May off; 5–9 May; 12–15 May.
	if got := b.Text("#feedback-due"); got != "09:00 15/05/2025" {
		t.Errorf("due %q, want 09:00 15/05/2025", got)
	}

	// A second item stays unanswered.
	late, err := srv.DB.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: srv.Town.Unit.ID, Submission: feedback.Submission{
		Kind: feedback.Petition, Subject: feedback.AboutOther, Title: "Thêm ghế chờ", Content: "Đề nghị thêm ghế ở phòng chờ.", Phone: "0911111111"}})
	if err != nil {
		t.Fatal(err)
	}

	// The specialist it was routed to answers a week later.
	items, _, err := srv.DB.Feedbacks(ctx, store.FeedbackFilter{Query: code})
	if err != nil || len(items) != 1 || items[0].HandlerID == "" {
		t.Fatalf("the item in the store: %v, %v", items, err)
	}
	handler, err := srv.DB.Officer(ctx, items[0].HandlerID)
	if err != nil {
		t.Fatal(err)
	}
	clk.Set("2025-05-06 10:00")
	officeLogin(t, b, srv, handler.Username)
	b.Navigate(srv.URL + "/can-bo/phan-anh")
	if got := b.Count(`#feedback-queue tr[data-code="` + code + `"]`); got != 1 {
		t.Fatalf("the handler's queue shows the item %d times", got)
	}
	b.ExpectAccessible("the feedback queue")
	b.ClickAndWait(`#feedback-queue a[href="/can-bo/phan-anh/` + code + `"]`)
	b.ExpectAccessible("a feedback item")
	b.Screenshot("feedback-item")
	if got := b.ClickAndWait(`#answer-form button[type=submit]`); got != http.StatusBadRequest {
		t.Errorf("an empty answer = %d, want 400", got)
	}
	b.Fill("#answer", "Công dân mang bản chính giấy chứng sinh; cán bộ sẽ chụp lại. Chúng tôi đã bổ sung hướng dẫn.")
	if got := b.ClickAndWait(`#answer-form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("answer = %d", got)
	}
	if got := b.Text("#feedback-status"); got != "Đã trả lời" {
		t.Errorf("status after the answer = %q", got)
	}
	if b.Count("#feedback-published") != 1 {
		t.Error("the answered item is not published, though the citizen agreed")
	}
	officeLogout(t, b)

	// The citizen: the public list, then the lookup and the rating.
	b.Navigate(srv.URL + "/phan-anh?q=khai+sinh")
	if got := b.Count(`#feedback-list a[href="/phan-anh/` + code + `"]`); got != 1 {
		t.Errorf("the public list shows the answered item %d times", got)
	}
	if strings.Contains(b.Text("main"), "0987") {
		t.Error("the public list shows the citizen's phone")
	}
	b.Navigate(srv.URL + "/phan-anh/tra-cuu?ma=" + code)
	b.Fill("#so", "4321")
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("lookup = %d", got)
	}
	if got := b.Text("#feedback-answer"); !strings.Contains(got, "bản chính giấy chứng sinh") {
		t.Errorf("answer shown = %q", got)
	}
	b.Click("#rating-very")
	if got := b.ClickAndWait(`.portal-rating button[type=submit]`); got != http.StatusOK {
		t.Fatalf("rating = %d", got)
	}
	if b.Count("#rating-done") != 1 {
		t.Error("no thanks after the rating")
	}
	b.ExpectAccessible("the answered feedback")
	b.Screenshot("feedback-rated")

	// The indicators: one answer, on time, rated satisfied.
	officeLogin(t, b, srv, "chutich")
	b.Navigate(srv.URL + "/can-bo/thong-ke?from=2025-04-01&to=2025-05-31")
	for _, key := range []string{"feedback_on_time", "feedback_satisfaction"} {
		if got := b.Text(`tr[data-key="` + key + `"] td`); got != "100,0 %" && got != "100,0%" && got != "100,00 %" {
			t.Errorf("dashboard %s share = %q, want 100 %%", key, got)
		}
	}

	// Overdue: not at the due time, a minute after it (a new session: the
	// clock moved past the last one's end).
	clk.Set("2025-05-15 09:00")
	officeLogin(t, b, srv, "chutich")
	b.Navigate(srv.URL + "/can-bo/phan-anh?xem=qua-han")
	if got := b.Count(`#feedback-queue tr[data-code="` + late.Code + `"]`); got != 0 {
		t.Errorf("overdue at its due time")
	}
	clk.Set("2025-05-15 09:01")
	b.Navigate(srv.URL + "/can-bo/phan-anh?xem=qua-han")
	if got := b.Count(`#feedback-queue tr[data-code="` + late.Code + `"]`); got != 1 {
		t.Errorf("not overdue a minute after its due time")
	}
	b.Screenshot("feedback-overdue")
	if got := b.Text("#overdue-count"); got != "1" {
		t.Errorf("overdue badge %q, want 1", got)
	}
}
