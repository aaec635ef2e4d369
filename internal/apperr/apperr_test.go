package apperr

import (
	"errors"
	"testing"
)

// TestOneStatusTable: the API and the pages read one table; only Invalid
// differs, a page's form coming back with 400.
func TestOneStatusTable(t *testing.T) {
	for k, want := range map[Kind][2]int{
		Invalid: {422, 400}, NotFound: {404, 404}, Conflict: {409, 409}, Forbidden: {403, 403},
		Unauthenticated: {401, 401}, Throttled: {429, 429}, Internal: {500, 500}, Kind(99): {500, 500},
	} {
		if got := [2]int{HTTPStatus(k), PageStatus(k)}; got != want {
			t.Errorf("%v: API %d page %d, want %v", k, got[0], got[1], want)
		}
	}
}

// TestProblemsKeepKeysBesideTheText: each field keeps its first problem,
// with the key and arguments beside the Vietnamese text.
func TestProblemsKeepKeysBesideTheText(t *testing.T) {
	var p Problems
	if p.Err() != nil {
		t.Fatal("no problem, yet an error")
	}
	p.Add("copies", "val.out_of_range", "%s phải từ %d đến %d", "Số bản", 0, 1000)
	p.Add("copies", "val.other", "khác")
	var fe *FieldsError
	if err := p.Err(); !errors.As(err, &fe) || KindOf(err) != Invalid {
		t.Fatalf("err = %v", err)
	}
	if fe.Fields["copies"] != "Số bản phải từ 0 đến 1000" || fe.Keys["copies"].Key != "val.out_of_range" || len(fe.Keys["copies"].Args) != 3 {
		t.Errorf("copies: %q %+v", fe.Fields["copies"], fe.Keys["copies"])
	}
}
