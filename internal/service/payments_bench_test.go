package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// BenchmarkIPN measures first IPNs (each marks a payment paid: the payment,
// the dossier's record_payment, its event, roll-ups and portal message, one
// transaction) per second, sent over loopback HTTP by MOTCUA_BENCH_CLIENTS
// (default 8) clients at once, on
// SQLite with MOTCUA_BENCH_DOSSIERS (default 20,000; the figure is
// for 1,000,000) other dossiers stored. Run with a fixed count, e.g.
// -benchtime=2000x: each IPN needs its own submitted dossier and open
// payment, made before the clock starts.
func BenchmarkIPN(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_DOSSIERS")); err == nil && v >= 0 {
		n = v
	}
	w := startPayWorld(b, storetest.Engines(b)[0])
	ctx := context.Background()
	first := w.submit(b)
	start := time.Now()
	if err := store.BulkCopyDossier(ctx, w.tw.DB, first.Code, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d dossiers in %s", n, time.Since(start).Round(time.Millisecond))
	refs := make([]url.Values, b.N)
	for i := range refs {
		if i%5000 == 4999 {
			w.tw.Clock.Set(b, w.tw.Clock.Now().Add(24*time.Hour).In(calendar.Location()).Format("2006-01-02 15:04")) // codes are numbered per day
		}
		d := w.submit(b)
		p, err := w.tw.DB.StartPayment(ctx, d.Code, time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		v := url.Values{"vnp_TmnCode": {tmnCode}, "vnp_Amount": {strconv.FormatInt(p.Amount*100, 10)}, "vnp_TxnRef": {p.TxnRef},
			"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {fmt.Sprint(15000000 + i)},
			"vnp_BankCode": {"NCB"}, "vnp_PayDate": {payment.FormatVNPayTime(w.tw.Clock.Now())}}
		v.Set("vnp_SecureHash", payment.VNPaySign(secret, v))
		refs[i] = v
	}
	clients := 8
	if v, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_CLIENTS")); err == nil && v > 0 && v <= 256 {
		clients = v
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var next atomic.Int64
	var bad atomic.Int64
	b.ResetTimer()
	t0 := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(refs) {
					return
				}
				resp, err := client.Get(w.url + "/api/v1/payments/vnpay/ipn?" + refs[i].Encode())
				if err != nil {
					bad.Add(1)
					continue
				}
				var a payment.IPNAnswer
				err = json.NewDecoder(resp.Body).Decode(&a)
				resp.Body.Close()
				if a.RspCode != "00" {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if bad.Load() > 0 {
		b.Fatalf("%d IPNs not confirmed", bad.Load())
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "IPNs/s")
}
