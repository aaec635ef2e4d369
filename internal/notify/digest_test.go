package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDigestAcrossTet: on Friday 24 January 2025, the last working day
// before Tết Ất Tỵ (days off 25 January to 2 February), "due within one
// working day" reaches to the end of Monday 3 February: the digest lists the
// dossier due on 24 January and the one due on 3 February, and the one
// overdue since 23 January, but not the one due on 4 February. On 29
// January (Tết) no digest is written; a second run the same day writes
// nothing. The digest reaches the specialist by e-mail.
func TestDigestAcrossTet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		ict := time.FixedZone("ICT", 7*3600)
		byDue := map[string]string{} // appointment date -> dossier code
		for _, day := range []int{20, 21, 22, 23} {
			tw.clk.Advance(time.Date(2025, 1, day, 8, 0, 0, 0, ict).Sub(tw.clk.Now()))
			d := tw.intake(t, "0912345678", "")
			byDue[d.AppointmentAt.In(ict).Format("2006-01-02")] = d.Code
		}
		for _, due := range []string{"2025-01-23", "2025-01-24", "2025-02-03", "2025-02-04"} {
			if byDue[due] == "" {
				t.Fatalf("test data: no dossier due on %s (%v)", due, byDue)
			}
		}

		tw.clk.Advance(time.Date(2025, 1, 24, 7, 30, 0, 0, ict).Sub(tw.clk.Now()))
		n, err := tw.db.QueueDigests(ctx, tw.unit.ID, tw.clk.Now())
		if err != nil || n != 1 {
			t.Fatalf("digests on 24 January: %d, %v", n, err)
		}
		if n, err := tw.db.QueueDigests(ctx, tw.unit.ID, tw.clk.Now()); err != nil || n != 0 {
			t.Fatalf("second run: %d, %v", n, err)
		}
		tw.drain(t, 10)
		var digest string
		for _, m := range tw.smtp.Mails() {
			if strings.Contains(m.Subject, "sắp đến hạn") {
				digest = m.Subject + "\n" + m.Body
			}
		}
		if !strings.Contains(digest, "sắp đến hạn: 2, quá hạn: 1") {
			t.Fatalf("digest:\n%s", digest)
		}
		for _, due := range []string{"2025-01-23", "2025-01-24", "2025-02-03"} {
			if !strings.Contains(digest, byDue[due]) {
				t.Errorf("digest lacks %s due %s:\n%s", byDue[due], due, digest)
			}
		}
		if strings.Contains(digest, byDue["2025-02-04"]) {
			t.Errorf("digest lists %s, due 4 February, two working days away:\n%s", byDue["2025-02-04"], digest)
		}

		tw.clk.Advance(5 * 24 * time.Hour) // 29 January: Tết
		if n, err := tw.db.QueueDigests(ctx, tw.unit.ID, tw.clk.Now()); err != nil || n != 0 {
			t.Fatalf("digests on Tết: %d, %v", n, err)
		}
		due, err := tw.db.DigestDue(ctx, tw.unit.ID, tw.clk.Now())
		if err != nil || len(due) != 0 {
			t.Errorf("due on Tết: %v, %v", due, err)
		}
	})
}
