package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/notify/zalofake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// life takes a dossier from the counter to its return, through a
// supplement request.
func (tw *town) life(t *testing.T, d *dossier.Dossier) *dossier.Dossier {
	t.Helper()
	tw.act(t, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ", Items: []string{"Giấy chứng sinh (bản chính)"}}, tw.hotich)
	tw.act(t, d.Code, dossier.Action{Kind: dossier.ActSupplement}, tw.reception)
	tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose, Note: "Đủ điều kiện"}, tw.hotich)
	tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
	return tw.act(t, d.Code, dossier.Action{Kind: dossier.ActReturn}, tw.reception)
}

// TestLifeSendsEachNoticeOnceInOrder: a dossier's life sends, on Zalo (the
// first channel the applicant consented to), exactly the statuses its
// procedure names (received, supplement, resolved, returned), once each, in
// order, with the code and appointment in the values; the specialist hears
// by e-mail (STARTTLS, AUTH) that the dossier was routed to them; every
// delivery ends delivered by the signed webhook events.
func TestLifeSendsEachNoticeOnceInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t, "0912345678", "lan@example.vn", "zalo", "email")
		tw.life(t, d)
		tw.drain(t, 20)
		tw.zalo.Wait()

		ms := tw.zalo.Messages()
		var got []string
		for _, m := range ms {
			got = append(got, m.TemplateID)
			if m.Requests != 1 {
				t.Errorf("%s requested %d times", m.TemplateID, m.Requests)
			}
			if m.Phone != "84912345678" || m.TemplateData["ma_ho_so"] != d.Code {
				t.Errorf("%s to %s for %q", m.TemplateID, m.Phone, m.TemplateData["ma_ho_so"])
			}
		}
		want := "zns-received zns-supplement zns-resolved zns-status"
		if strings.Join(got, " ") != want {
			t.Fatalf("zalo messages %q, want %q", strings.Join(got, " "), want)
		}
		if appt := d.AppointmentAt.In(store.Zone).Format("15:04 ngày 02/01/2006"); ms[0].TemplateData["ngay_hen"] != appt {
			t.Errorf("appointment %q, want %q", ms[0].TemplateData["ngay_hen"], appt)
		}
		if ms[1].TemplateData["giay_to_bo_sung"] != "Giấy chứng sinh (bản chính)" {
			t.Errorf("supplement items %q", ms[1].TemplateData["giay_to_bo_sung"])
		}
		if ms[3].TemplateData["trang_thai"] != "Đã trả kết quả" {
			t.Errorf("returned status %q", ms[3].TemplateData["trang_thai"])
		}
		mails := tw.smtp.Mails()
		if len(mails) != 1 || mails[0].To[0] != "hotich@dateh.gov.vn" || !mails[0].TLS || mails[0].User != "motcua" ||
			!strings.Contains(mails[0].Subject, d.Code) || !strings.Contains(mails[0].Body, "Đồng chí hotich") {
			t.Fatalf("mails: %+v", mails)
		}
		if n := len(tw.sms.Messages()); n != 0 {
			t.Errorf("%d SMS sent though Zalo worked", n)
		}
		ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID})
		if len(ds) != 5 {
			t.Fatalf("%d deliveries, want 5", len(ds))
		}
		for _, x := range ds {
			if x.Channel == notify.Zalo && x.State != store.DeliveryDelivered {
				t.Errorf("%s on %s: %s", x.Kind, x.Channel, x.State)
			}
		}
		if ds[0].Kind != "received" || !strings.Contains(ds[0].Body, d.Code) {
			t.Errorf("first delivery %s: %q", ds[0].Kind, ds[0].Body)
		}
	})
}

// TestNoConsentNothingSent: an applicant who consented to nothing is told
// nothing on any channel, though every channel is configured.
func TestNoConsentNothingSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t, "0912345678", "lan@example.vn")
		tw.life(t, d)
		tw.drain(t, 20)
		if n := len(tw.zalo.Messages()) + len(tw.sms.Messages()); n != 0 {
			t.Errorf("%d messages sent without consent", n)
		}
		for _, m := range tw.smtp.Mails() {
			if m.To[0] == "lan@example.vn" {
				t.Errorf("mail to the applicant without consent: %s", m.Subject)
			}
		}
		if ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Channel: notify.Zalo}); len(ds) != 0 {
			t.Errorf("deliveries: %+v", ds)
		}
	})
}

// TestOutageRetriesThenFallsBack: Zalo down (503 on every send) is tried
// ChannelAttempts times with backoff, then the notice falls back to SMS,
// unaccented, within 160 characters; the SMS delivery report, posted twice,
// makes it delivered once; the Zalo delivery stays failed with its error.
func TestOutageRetriesThenFallsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.zalo.SetFaults(zalofake.Faults{Error5xx: 1}, 1)
		tw.sms.SetFaults(smsfakeDuplicateReports(), 1)
		d := tw.intake(t, "0912345678", "", "zalo", "sms")
		tw.drain(t, 20)
		tw.sms.Wait()
		sms := tw.sms.Messages()
		if len(sms) != 1 || sms[0].Requests != 1 || sms[0].Reported != 2 {
			t.Fatalf("sms: %+v", sms)
		}
		if txt := sms[0].Text; !strings.Contains(txt, d.Code) || strings.ContainsAny(txt, "ăâđêôơưạảãáàĐ") || len([]rune(txt)) > 160 {
			t.Errorf("sms text %q", txt)
		}
		ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true})
		if len(ds) != 2 || ds[0].Channel != notify.Zalo || ds[0].State != store.DeliveryFailed || ds[0].Attempts != 3 ||
			!strings.Contains(ds[0].LastError, "503") || ds[1].Channel != notify.SMS || ds[1].State != store.DeliveryDelivered {
			for _, x := range ds {
				t.Logf("%s %s %d %q", x.Channel, x.State, x.Attempts, x.LastError)
			}
			t.Fatal("want zalo failed after 3 attempts, then sms delivered")
		}
		ms, _ := tw.db.OutboxMessages(context.Background(), store.OutboxFilter{Topic: store.TopicNotify, Key: d.ID})
		if len(ms) != 1 || ms[0].State != store.OutboxSent || ms[0].Attempts != 3 {
			t.Errorf("outbox: %+v", ms[0])
		}
	})
}

func smsfakeDuplicateReports() smsfake.Faults { return smsfake.Faults{DuplicateReports: true} }
