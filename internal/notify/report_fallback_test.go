package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestFailedDeliveryReportFallsBack: the SMS provider accepts the receipt
// notice, then reports the handset unreachable; the notice goes again on
// the next channel (e-mail), once, with the dossier's code. A repeated
// failure report changes nothing and sends nothing more; the SMS is never
// sent twice. Also when the report overtakes the provider's answer.
func TestFailedDeliveryReportFallsBack(t *testing.T) {
	for _, overtake := range []bool{false, true} {
		name := "report after the answer"
		if overtake {
			name = "report before the answer"
		}
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, e storetest.Engine) {
				ctx := context.Background()
				tw := newTown(t, e)
				faults := smsfake.Faults{FailDelivery: []string{"84912345678"}}
				if overtake {
					faults.SlowAfterApply, faults.Delay = 1, 300*time.Millisecond
				}
				tw.sms.SetFaults(faults, 3)
				d := tw.intake(t, "0912345678", "lan@example.com", "sms", "email")
				tw.drain(t, 10)
				tw.sms.Wait() // the failure report has been applied
				tw.drain(t, 10)

				ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true})
				got := map[string]string{}
				for _, x := range ds {
					got[x.Channel] = x.State
				}
				if len(ds) != 2 || got["sms"] != store.DeliveryFailed || got["email"] != store.DeliverySent {
					t.Fatalf("deliveries %v, want the SMS failed and the e-mail sent", got)
				}
				for _, x := range ds {
					if x.Channel == "sms" && !strings.Contains(x.LastError, "handset unreachable") {
						t.Errorf("the SMS's error %q does not give the provider's reason", x.LastError)
					}
				}
				mailsToLan := func() []string {
					var bodies []string
					for _, m := range tw.smtp.Mails() {
						if len(m.To) == 1 && m.To[0] == "lan@example.com" {
							bodies = append(bodies, m.Body)
						}
					}
					return bodies
				}
				toLan := mailsToLan()
				if len(toLan) != 1 || !strings.Contains(toLan[0], d.Code) {
					t.Fatalf("%d e-mails to Lan, want 1 naming %s", len(toLan), d.Code)
				}
				if n := len(tw.sms.Messages()); n != 1 {
					t.Errorf("the provider holds %d SMS, want 1", n)
				}

				// The same report again.
				var sms *store.NotifyDelivery
				for _, x := range ds {
					if x.Channel == "sms" {
						sms = x
					}
				}
				changed, err := tw.db.NotifyReport(ctx, sms.ID, sms.ProviderID, false, "handset unreachable")
				if err != nil || changed {
					t.Errorf("a repeated failure report: changed %v, %v", changed, err)
				}
				tw.drain(t, 10)
				if n := len(mailsToLan()); n != 1 {
					t.Errorf("%d e-mails after a repeated report, want 1", n)
				}
				st, err := tw.db.OutboxSummary(ctx, store.TopicNotify, "")
				if err != nil || st.Pending != 0 || st.Failed != 0 {
					t.Errorf("the notify outbox: %+v, %v", st, err)
				}
				// The notice sent by SMS, queued again by the report, then
				// sent by e-mail counts once in the sent total.
				sent, err := tw.db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify,
					States: []store.OutboxState{store.OutboxSent}, Limit: 1000})
				if err != nil || len(sent) == 0 || st.Sent != len(sent) {
					t.Errorf("the sent total is %d, %d notices are sent (%v)", st.Sent, len(sent), err)
				}
			})
		})
	}
}

// TestApologyNoticeGivesTheNewAppointment: when a leader approves an
// apology, the applicant is told, once, with the reason and the new
// appointment (not the original one); the draft alone tells nothing.
func TestApologyNoticeGivesTheNewAppointment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t, "0912345678", "lan@example.com", "email")
		tw.drain(t, 10)
		before := len(tw.smtp.Mails())
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm tại nơi cư trú trước đây", ExtendDays: 2}, tw.hotich)
		tw.drain(t, 10)
		if n := len(tw.smtp.Mails()); n != before {
			t.Fatalf("a draft apology sent %d mails", n-before)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.leader)
		tw.drain(t, 10)
		var apologies []string
		for _, m := range tw.smtp.Mails()[before:] {
			if m.To[0] == "lan@example.com" {
				apologies = append(apologies, m.Subject+"\n"+m.Body)
			}
		}
		if len(apologies) != 1 {
			t.Fatalf("%d mails to Lan after the approval, want 1: %q", len(apologies), apologies)
		}
		newAppt := d.NewAppointmentAt.In(store.Zone).Format("15:04 ngày 02/01/2006")
		oldAppt := d.AppointmentAt.In(store.Zone).Format("15:04 ngày 02/01/2006")
		if d.NewAppointmentAt.IsZero() || newAppt == oldAppt {
			t.Fatalf("the apology moved nothing: %s → %s", oldAppt, newAppt)
		}
		for _, want := range []string{"Xin lỗi", d.Code, "Ngày hẹn mới: " + newAppt, "Cần xác minh thêm tại nơi cư trú trước đây", "đúng hẹn (" + oldAppt + ")"} {
			if !strings.Contains(apologies[0], want) {
				t.Errorf("the apology lacks %q:\n%s", want, apologies[0])
			}
		}
	})
}

// TestDeskPhoneIsNotTried: an officer whose phone is a desk line hears that
// a dossier was routed to them by e-mail, the next channel, without a
// failed SMS or Zalo delivery on the notifications page.
func TestDeskPhoneIsNotTried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		tw.hotich.Phone = "0263 3880 112"
		if err := tw.db.UpdateOfficer(ctx, tw.hotich, "test"); err != nil {
			t.Fatal(err)
		}
		d := tw.intake(t, "", "") // routed to hotich; the applicant consented to nothing
		tw.drain(t, 10)
		ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID})
		if len(ds) != 1 || ds[0].Channel != "email" || ds[0].State != store.DeliverySent || ds[0].Recipient != "hotich@dateh.gov.vn" {
			for _, x := range ds {
				t.Logf("%s %s %s %s", x.Kind, x.Channel, x.State, x.LastError)
			}
			t.Fatalf("%d deliveries, want the routing notice sent by e-mail alone", len(ds))
		}
		if n := len(tw.sms.Messages()) + len(tw.zalo.Messages()); n != 0 {
			t.Errorf("%d SMS or Zalo messages to a desk line", n)
		}
	})
}
