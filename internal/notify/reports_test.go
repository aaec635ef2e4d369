package notify_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReportsNeedTheUnitsSignature: a delivery report signed with another
// secret, or a Zalo event of another app or with a wrong mac, is refused
// (Unauthenticated) and changes nothing; an unknown message is NotFound; the
// right signature makes the delivery delivered.
func TestReportsNeedTheUnitsSignature(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		tw.sms.SetCallback("")
		tw.zalo.SetCallback("")
		d := tw.intake(t, "0912345678", "", "sms")
		tw.drain(t, 5)
		ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true})
		if len(ds) != 1 || ds[0].State != store.DeliverySent {
			t.Fatalf("deliveries: %+v", ds)
		}
		rp := &notify.Reports{DB: tw.db}
		body, _ := json.Marshal(notify.SMSReport{MessageID: ds[0].ProviderID, RequestID: ds[0].ID, Status: "delivered"})
		if err := rp.SMS(ctx, body, notify.Sign("another-secret", body)); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("wrong secret: %v", err)
		}
		other, _ := json.Marshal(notify.SMSReport{MessageID: "sms-999999", Status: "delivered"})
		if err := rp.SMS(ctx, other, notify.Sign("sms-report-secret", other)); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown message: %v", err)
		}
		var ev notify.ZaloEvent
		ev.AppID, ev.EventName, ev.Timestamp = "app-1", "user_received_message", "1700000000000"
		ev.Message.MsgID, ev.Message.TrackingID = ds[0].ProviderID, ds[0].ID
		zb, _ := json.Marshal(ev)
		if err := rp.Zalo(ctx, zb, notify.ZaloSignature("app-1", zb, ev.Timestamp, "zalo-secret")); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a Zalo event for an SMS delivery: %v", err) // found by channel: no Zalo delivery has this id
		}
		if x := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true}); x[0].State != store.DeliverySent {
			t.Fatalf("a refused report changed the delivery: %s", x[0].State)
		}
		if err := rp.SMS(ctx, body, notify.Sign("sms-report-secret", body)); err != nil {
			t.Fatal(err)
		}
		if x := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true}); x[0].State != store.DeliveryDelivered {
			t.Errorf("a signed report left the delivery %s", x[0].State)
		}

		z := tw.intake(t, "0987654321", "", "zalo")
		tw.drain(t, 5)
		zd := tw.deliveries(t, store.DeliveryFilter{DossierID: z.ID, Citizens: true})
		if len(zd) != 1 || zd[0].Channel != notify.Zalo {
			t.Fatalf("zalo deliveries: %+v", zd)
		}
		ev.Message.MsgID, ev.Message.TrackingID = zd[0].ProviderID, zd[0].ID
		zb, _ = json.Marshal(ev)
		for name, sig := range map[string]string{
			"wrong secret": notify.ZaloSignature("app-1", zb, ev.Timestamp, "not-the-secret"),
			"no mac":       "",
		} {
			if err := rp.Zalo(ctx, zb, sig); apperr.KindOf(err) != apperr.Unauthenticated {
				t.Errorf("%s: %v", name, err)
			}
		}
		ev.AppID = "app-2"
		zb2, _ := json.Marshal(ev)
		if err := rp.Zalo(ctx, zb2, notify.ZaloSignature("app-2", zb2, ev.Timestamp, "zalo-secret")); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("another app: %v", err)
		}
		if err := rp.Zalo(ctx, zb, notify.ZaloSignature("app-1", zb, ev.Timestamp, "zalo-secret")); err != nil {
			t.Fatal(err)
		}
		if x := tw.deliveries(t, store.DeliveryFilter{DossierID: z.ID, Citizens: true}); x[0].State != store.DeliveryDelivered {
			t.Errorf("a signed event left the delivery %s", x[0].State)
		}
	})
}
