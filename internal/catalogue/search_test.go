package catalogue

import (
	"strings"
	"testing"
)

// everydayQueries are what citizens type into the portal's search box, with
// the procedure each of them means. Some with diacritics, most without, some
// with a typo, most in everyday words rather than the official name.
var everydayQueries = []struct{ q, want string }{
	{"giay khai sinh", "1.001193"},
	{"lam giay khai sinh", "1.001193"},
	{"Làm giấy khai sinh cho con", "1.001193"},
	{"dang ky khai sinh", "1.001193"},
	{"khai sinh", "1.001193"},
	{"đăng kí khai sinh", "1.001193"}, // "kí", the other spelling
	{"khia sinh", "1.001193"},         // letters swapped
	{"khai sinh cho nguoi lon", "1.004772"},
	{"mat giay khai sinh", "1.004884"},
	{"lam lai giay khai sinh", "1.004884"},
	{"ban sao giay khai sinh", "2.000635"},
	{"trich luc ho tich", "2.000635"},
	{"dang ky ket hon", "1.000894"},
	{"giấy đăng ký kết hôn", "1.000894"},
	{"ket hon", "1.000894"},
	{"dang ky ket hn", "1.000894"}, // a letter left out
	{"mat giay dang ky ket hon", "1.004746"},
	{"khai tu", "1.000656"},
	{"bao tu nguoi mat", "1.000656"},
	{"giay chung tu", "1.000656"},
	{"xac nhan doc than", "1.004873"},
	{"giấy xác nhận độc thân", "1.004873"},
	{"doc than", "1.004873"},
	{"xac nhan tinh trang hon nhan", "1.004873"},
	{"xac nhan tinh trang hon nhn", "1.004873"},
	{"doi ten", "1.004859"},
	{"sua ngay sinh trong giay khai sinh", "1.004859"},
	{"giam ho", "1.004837"},
	{"nhan con", "1.001022"},
	{"sao y ban chinh", "2.000815"},
	{"cong chung giay to", "2.000815"},
	{"chung thuc chu ky", "2.000884"},
	{"cong chung hop dong mua ban dat", "2.001035"},
	{"tro cap nguoi khuyet tat", "1.001776"},
	{"tien mai tang", "1.001731"},
	{"ho khau", "1.004222"},
	{"nhập hộ khẩu", "1.004222"},
	{"dang ky thuong tru", "1.004222"},
	{"cat khau", "1.003197"},
	{"tam tru", "1.004194"},
	{"dang ky tam tru", "1.004194"},
	{"tranh chap dat dai", "1.012812"},
	{"giay phep kinh doanh", "1.001612"},
	{"dang ky ho kinh doanh", "1.001612"},
}

// TestSearchEverydayQueriesFindTheProcedureInTheTopThree measures the search
// on the shipped catalogue: at least 90 % of everyday queries must have the
// procedure the person means among the first three results.
func TestSearchEverydayQueriesFindTheProcedureInTheTopThree(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(c.SearchDocs())
	if len(everydayQueries) < 40 {
		t.Fatalf("only %d queries, want at least 40", len(everydayQueries))
	}
	hits := 0
	for _, tc := range everydayQueries {
		var top []string
		for i, h := range ix.Search(tc.q) {
			if i == 3 {
				break
			}
			top = append(top, c.Procedures[h.Index].Code)
		}
		found := false
		for _, code := range top {
			found = found || code == tc.want
		}
		if found {
			hits++
		} else {
			t.Logf("miss: %q wants %s, top 3 %v", tc.q, tc.want, top)
		}
	}
	rate := float64(hits) / float64(len(everydayQueries))
	t.Logf("top-3 hit rate: %d/%d = %.1f %%", hits, len(everydayQueries), 100*rate)
	if rate < 0.9 {
		t.Errorf("top-3 hit rate %.1f %% is under 90 %%", 100*rate)
	}
}

// The four queries of issue 19 rank the meant procedure first.
func TestSearchIssueQueriesRankFirst(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(c.SearchDocs())
	for q, want := range map[string]string{
		"giay khai sinh":     "1.001193",
		"lam giay khai sinh": "1.001193",
		"ho khau":            "1.004222",
		"xac nhan doc than":  "1.004873",
	} {
		hits := ix.Search(q)
		if len(hits) == 0 || c.Procedures[hits[0].Index].Code != want {
			got := "nothing"
			if len(hits) > 0 {
				got = c.Procedures[hits[0].Index].Code
			}
			t.Errorf("%q: first result %s, want %s", q, got, want)
		}
	}
}

func TestSearchNothingAndClosest(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(c.SearchDocs())
	for _, q := range []string{"", "  ", "lam thu tuc", "xyzzy qwerty"} {
		if hits := ix.Search(q); len(hits) != 0 {
			t.Errorf("%q found %d procedures, want none", q, len(hits))
		}
	}
	// Two typos in one word: no match, but the closest is the meant one.
	if hits := ix.Search("khaiii sinhhh"); len(hits) != 0 {
		t.Fatalf("khaiii sinhhh found %d", len(hits))
	}
	near := ix.Closest("khaiii sinhhh", 3)
	if len(near) == 0 || len(near) > 3 {
		t.Fatalf("closest = %v", near)
	}
	found := false
	for _, i := range near {
		found = found || c.Procedures[i].Code == "1.001193"
	}
	if !found {
		t.Errorf("closest to khaiii sinhhh misses birth registration: %v", near)
	}
	if near := ix.Closest("xyzzy qwerty", 3); len(near) != 0 {
		t.Errorf("closest to nonsense = %v, want none", near)
	}
}

func TestSearchDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"khai", "khai", 0}, {"khai", "khia", 1}, {"hon", "hn", 1}, {"kinh", "king", 1}, {"", "abc", 3}, {"abc", "cab", 2},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestValidateAliases(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	p := &c.Procedures[0]
	p.Aliases = []string{"giấy khai sinh", " ", "Giay Khai Sinh", "x"}
	p.Aliases = append(p.Aliases, "một câu rất dài "+strings.Repeat("a", 80))
	err = c.Validate()
	if err == nil {
		t.Fatal("bad aliases accepted")
	}
	for _, want := range []string{"aliases[1]", "aliases[2]", "aliases[4]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "aliases[3]") || strings.Contains(err.Error(), "aliases[0]") {
		t.Errorf("error %q names a good alias", err)
	}
}

func TestAliasesSurviveYAMLRoundTrip(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range c.Procedures {
		if len(p.Aliases) == 0 {
			t.Errorf("%s has no aliases", p.Code)
		}
		if got := back.Procedures[i].Aliases; len(got) != len(p.Aliases) || (len(got) > 0 && got[0] != p.Aliases[0]) {
			t.Errorf("%s aliases after round trip = %q, want %q", p.Code, got, p.Aliases)
		}
	}
}

// A field's name finds every procedure of the field, in catalogue order,
// and nothing else: "chung thuc" is how people ask for certification.
func TestSearchFieldNameListsTheField(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, p := range c.Procedures {
		if p.FieldCode == "CT" {
			want = append(want, p.Code)
		}
	}
	for _, h := range NewIndex(c.SearchDocs()).Search("chứng thực") {
		got = append(got, c.Procedures[h.Index].Code)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("chung thuc = %v, want %v", got, want)
	}
}

// BenchmarkSearch is what one search of the portal costs in memory: index
// the catalogue, then rank it (the store does both per request).
func BenchmarkSearch(b *testing.B) {
	c, err := LoadShipped()
	if err != nil {
		b.Fatal(err)
	}
	docs := c.SearchDocs()
	for b.Loop() {
		NewIndex(docs).Search("xac nhan tinh trang hon nhn")
	}
}
