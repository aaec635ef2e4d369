package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func aboutBirth() feedback.Submission {
	return feedback.Submission{Kind: feedback.Feedback, Subject: feedback.AboutProcedure, About: "1.001193",
		Title: "Hướng dẫn chưa rõ", Content: "Trang hướng dẫn khai sinh không nói cần mang bản chính hay bản sao.",
		Name: "Trần Văn Bình", Phone: "0912 345 678", PublishConsent: true}
}

func countFeedback(t *testing.T, db *store.DB) int {
	t.Helper()
	_, n, err := db.Feedbacks(context.Background(), store.FeedbackFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A citizen's feedback is routed to a specialist of the procedure's field,
// due ten working days later; a repeat with the same key records nothing;
// bad input names its field and records nothing.
func TestFeedbackSubmitRouteAndBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 08:00") // a Monday
		it, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: aboutBirth(), IdemKey: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		if it.Code != "PA-250303-0001" || it.Channel != feedback.Online || it.Phone != "0912345678" {
			t.Errorf("item %s via %s, phone %q", it.Code, it.Channel, it.Phone)
		}
		if it.Status != feedback.Handling || (it.HandlerID != tw.hotich.ID && it.HandlerID != tw.hotich2.ID) {
			t.Errorf("routed to %q (%s), want a civil-status specialist", it.HandlerID, it.Status)
		}
		// Ten working days after Monday 3 March 2025 08:00: 4–7, 10–14, 17 March.
		wantTime(t, "due", it.DueAt, "2025-03-17 08:00")

		again, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: aboutBirth(), IdemKey: "k1"})
		if err != nil || again.ID != it.ID {
			t.Fatalf("repeat: %v, %v; want the first item", again, err)
		}
		// The next one goes to the other specialist, who has fewer open items.
		second, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: aboutBirth(), IdemKey: "k2"})
		if err != nil {
			t.Fatal(err)
		}
		if second.Code != "PA-250303-0002" || second.HandlerID == it.HandlerID {
			t.Errorf("second item %s to %s, want the other specialist than %s", second.Code, second.HandlerID, it.HandlerID)
		}
		// About an officer: to a leader.
		s := aboutBirth()
		s.Subject, s.About = feedback.AboutOfficer, ""
		third, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: s})
		if err != nil || third.HandlerID != tw.leader.ID {
			t.Errorf("about an officer: handler %v, %v; want the leader", third, err)
		}

		for _, c := range []struct {
			field string
			edit  func(*feedback.Submission)
		}{
			{"phone", func(s *feedback.Submission) { s.Phone = "" }},
			{"phone", func(s *feedback.Submission) { s.Phone = "12345" }},
			{"email", func(s *feedback.Submission) { s.Email = "khong-phai-email" }},
			{"title", func(s *feedback.Submission) { s.Title = "   " }},
			{"content", func(s *feedback.Submission) { s.Content = string(make([]rune, feedback.MaxContentLen+1)) }},
			{"about", func(s *feedback.Submission) { s.About = "" }},
			{"kind", func(s *feedback.Submission) { s.Kind = "khieu_nai" }},
		} {
			s := aboutBirth()
			c.edit(&s)
			_, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: s})
			if apperr.KindOf(err) != apperr.Invalid || problemMessages(err)[c.field] == "" {
				t.Errorf("%s: %v, want Invalid naming %q", c.field, err, c.field)
			}
		}
		if n := countFeedback(t, tw.db); n != 3 {
			t.Errorf("%d items stored, want 3", n)
		}

		// At the counter: an address suffices; an officer of another unit may not record.
		s = aboutBirth()
		s.Phone, s.Address = "", "Thôn 2, xã Đạ Tẻh"
		c, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: s, Actor: tw.reception})
		if err != nil || c.Channel != feedback.Counter || c.CreatedBy != tw.reception.ID {
			t.Errorf("counter: %+v, %v", c, err)
		}
		if _, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: aboutBirth(), Actor: tw.foreign}); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("another unit's officer: %v, want Forbidden", err)
		}
	})
}

// problemMessages returns the field messages of a validation error.
func problemMessages(err error) apperr.Fields {
	if fe, ok := err.(*apperr.FieldsError); ok {
		return fe.Fields
	}
	return nil
}

// Answer, publish, rate; overdue on the working day after the limit; the
// report counts answers on time and satisfied ratings.
func TestFeedbackAnswerRateOverdueReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 08:00")
		a, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: aboutBirth()})
		if err != nil {
			t.Fatal(err)
		}
		s := aboutBirth()
		s.PublishConsent = false
		b, err := tw.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: tw.unit.ID, Submission: s})
		if err != nil {
			t.Fatal(err)
		}
		handlerA, _ := tw.db.Officer(ctx, a.HandlerID)
		other := tw.chungthuc

		tw.clk.Set("2025-03-05 10:00")
		if _, err := tw.db.AnswerFeedback(ctx, a.Code, "Mang bản chính để đối chiếu.", true, other); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("answer by an officer not assigned: %v, want Forbidden", err)
		}
		if _, err := tw.db.AnswerFeedback(ctx, a.Code, "  ", true, handlerA); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("empty answer: %v, want Invalid", err)
		}
		got, err := tw.db.AnswerFeedback(ctx, a.Code, "Mang bản chính để đối chiếu.", true, handlerA)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != feedback.Answered || !got.Published || !got.AnsweredOnTime() {
			t.Errorf("answered: %s, published %v, on time %v", got.Status, got.Published, got.AnsweredOnTime())
		}
		if _, err := tw.db.AnswerFeedback(ctx, a.Code, "Lần hai", true, handlerA); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("second answer: %v, want Conflict", err)
		}
		if _, err := tw.db.PublishedFeedback(ctx, a.Code); err != nil {
			t.Errorf("published item not public: %v", err)
		}

		// Rating: the last four digits of the phone, once.
		if _, _, err := tw.db.RateFeedback(ctx, a.Code, "0000", dossier.VerySatisfied); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("rating with wrong digits: %v, want NotFound", err)
		}
		if _, ok, err := tw.db.RateFeedback(ctx, a.Code, "5678", dossier.VerySatisfied); err != nil || !ok {
			t.Errorf("rating: %v, %v", ok, err)
		}
		if it, ok, err := tw.db.RateFeedback(ctx, a.Code, "5678", dossier.NotSatisfied); err != nil || ok || it.Rating != dossier.VerySatisfied {
			t.Errorf("second rating: recorded %v, %v; rating now %s", ok, err, it.Rating)
		}

		// b is due Monday 17 March 08:00: not overdue then, overdue a minute later.
		overdue := func(when string) int {
			_, n, err := tw.db.Feedbacks(ctx, store.FeedbackFilter{UnitID: tw.unit.ID, OverdueAt: at(when)})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := overdue("2025-03-17 08:00"); n != 0 {
			t.Errorf("overdue at the due time: %d", n)
		}
		if n := overdue("2025-03-17 08:01"); n != 1 {
			t.Errorf("overdue after the due time: %d, want 1", n)
		}
		tw.clk.Set("2025-03-18 09:00")
		handlerB, _ := tw.db.Officer(ctx, b.HandlerID)
		late, err := tw.db.AnswerFeedback(ctx, b.Code, "Đã chấn chỉnh.", true, handlerB)
		if err != nil {
			t.Fatal(err)
		}
		if late.AnsweredOnTime() || late.Published {
			t.Errorf("late answer on time %v; published %v without consent", late.AnsweredOnTime(), late.Published)
		}
		if _, err := tw.db.PublishFeedback(ctx, b.Code, true, handlerB); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("publishing without consent: %v, want Conflict", err)
		}

		rep, err := tw.db.Report(ctx, store.ReportRequest{Period: report.Period{From: calendar.Date{Year: 2025, Month: 3, Day: 1},
			To: calendar.Date{Year: 2025, Month: 3, Day: 31}}, Config: report.DefaultConfig()})
		if err != nil {
			t.Fatal(err)
		}
		// Two answered, one of them on time; one rated, satisfied.
		if rep.FeedbackOnTimePct != 50 || rep.FeedbackSatisfiedPct != 100 {
			t.Errorf("report: on time %v %%, satisfied %v %%; want 50 and 100", rep.FeedbackOnTimePct, rep.FeedbackSatisfiedPct)
		}
		events, err := tw.db.FeedbackEvents(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		if want := "received assigned answered published rated"; strings.Join(kinds, " ") != want {
			t.Errorf("events %q, want %q", strings.Join(kinds, " "), want)
		}
	})
}
