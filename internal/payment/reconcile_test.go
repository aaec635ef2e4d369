package payment

import (
	"strings"
	"testing"
)

func TestReconcile(t *testing.T) {
	file := "TmnCode,TxnRef,TransactionNo,Amount,PayDate,BankCode,Status\n" +
		"M,A,1,8000,20250303090500,NCB,00\n" + // matches
		"M,B,2,9000,20250303091000,NCB,00\n" + // we say 8000
		"M,C,3,8000,20250303091500,NCB,00\n" + // ours is still pending (IPN lost)
		"M,E,5,8000,20250303092000,NCB,06\n" // refunded there, paid here
	theirs, err := ParseSettlement(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	ours := []*Payment{
		{TxnRef: "A", DossierCode: "HS-A", Amount: 8000, State: Paid},
		{TxnRef: "B", DossierCode: "HS-B", Amount: 8000, State: Paid},
		{TxnRef: "D", DossierCode: "HS-D", Amount: 20000, State: Paid}, // the gateway does not have it
		{TxnRef: "E", DossierCode: "HS-E", Amount: 8000, State: Paid},
	}
	others := map[string]*Payment{"C": {TxnRef: "C", DossierCode: "HS-C", Amount: 8000, State: Pending}}
	r := Reconcile(ours, theirs, others)
	if r.Matched != 1 || r.MatchedAmount != 8000 {
		t.Errorf("matched %d (%d VND), want 1 (8000)", r.Matched, r.MatchedAmount)
	}
	if r.OursTotal != 44000 || r.TheirsTotal != 25000 {
		t.Errorf("totals ours %d theirs %d, want 44000 and 25000", r.OursTotal, r.TheirsTotal)
	}
	want := map[string]DiffKind{"B": AmountDiffers, "C": NotRecorded, "D": NotSettled, "E": RefundDiffers}
	if len(r.Differences) != len(want) {
		t.Fatalf("differences %+v", r.Differences)
	}
	for _, d := range r.Differences {
		if want[d.TxnRef] != d.Kind {
			t.Errorf("%s: %s, want %s", d.TxnRef, d.Kind, want[d.TxnRef])
		}
	}
}

func TestParseSettlementNamesBadLines(t *testing.T) {
	file := "TxnRef,TransactionNo,Amount,PayDate,Status\nA,1,-5,20250303090500,00\nB,2,100,yesterday,00\n,3,1,20250303090500,00\n"
	_, err := ParseSettlement(strings.NewReader(file))
	for _, want := range []string{"line 2: Amount", "line 3: PayDate", "line 4: empty TxnRef"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if _, err := ParseSettlement(strings.NewReader("TxnRef,Amount\n")); err == nil || !strings.Contains(err.Error(), "no TransactionNo column") {
		t.Errorf("missing column: %v", err)
	}
}
