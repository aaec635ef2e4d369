package report

import (
	"reflect"
	"testing"
	"testing/quick"
)

func TestCountsAddAssociativeCommutative(t *testing.T) {
	assoc := func(a, b, c Counts) bool { return a.Add(b).Add(c) == a.Add(b.Add(c)) }
	if err := quick.Check(assoc, nil); err != nil {
		t.Errorf("Counts.Add is not associative: %v", err)
	}
	comm := func(a, b Counts) bool { return a.Add(b) == b.Add(a) }
	if err := quick.Check(comm, nil); err != nil {
		t.Errorf("Counts.Add is not commutative: %v", err)
	}
	identity := func(a Counts) bool { return a.Add(Counts{}) == a }
	if err := quick.Check(identity, nil); err != nil {
		t.Errorf("zero Counts is not Add's identity: %v", err)
	}
}

func TestPendingAddAssociativeCommutative(t *testing.T) {
	assoc := func(a, b, c Pending) bool { return a.Add(b).Add(c) == a.Add(b.Add(c)) }
	if err := quick.Check(assoc, nil); err != nil {
		t.Errorf("Pending.Add is not associative: %v", err)
	}
	comm := func(a, b Pending) bool { return a.Add(b) == b.Add(a) }
	if err := quick.Check(comm, nil); err != nil {
		t.Errorf("Pending.Add is not commutative: %v", err)
	}
}

// TestAddEveryField fails when a field added to Counts or Pending is
// forgotten in Add: with every field 1 in a and 2 in b, every field of the
// sum must be 3.
func TestAddEveryField(t *testing.T) {
	fill := func(p any, v int64) {
		rv := reflect.ValueOf(p).Elem()
		for i := range rv.NumField() {
			rv.Field(i).SetInt(v)
		}
	}
	check := func(name string, sum any) {
		rv := reflect.ValueOf(sum)
		for i := range rv.NumField() {
			if got := rv.Field(i).Int(); got != 3 {
				t.Errorf("%s.Add: field %s = %d, want 3", name, rv.Type().Field(i).Name, got)
			}
		}
	}
	var a, b Counts
	fill(&a, 1)
	fill(&b, 2)
	check("Counts", a.Add(b))
	var p, q Pending
	fill(&p, 1)
	fill(&q, 2)
	check("Pending", p.Add(q))
}

func TestPendingTotal(t *testing.T) {
	p := Pending{InTime: 5, DueSoon: 2, Overdue: 1, InSupplement: 3}
	if got := p.Total(); got != 9 { // DueSoon is part of InTime
		t.Errorf("Total() = %d, want 9", got)
	}
}
