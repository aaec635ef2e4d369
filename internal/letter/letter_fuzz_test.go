package letter

import (
	"strings"
	"testing"
)

// FuzzTemplate parses letter templates as an editor writes them: never a
// panic; an accepted template printed with String parses back to the same
// text; filling it with every placeholder's value never panics.
func FuzzTemplate(f *testing.F) {
	for i, k := range Kinds() {
		text, err := DefaultText(k)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), text)
	}
	for _, s := range []string{"", "{{", "}}", "{{ten_tre}}", "A\n\nB\n\nC {{khong_co}}", "A\n\nB\n\n{{{{x}}}}", "A\r\n\r\nB\r\rC\x00", "\xff\n\n\xfe\n\n{{"} {
		f.Add(uint8(0), s)
	}
	f.Fuzz(func(t *testing.T, ki uint8, text string) {
		k := Kinds()[int(ki)%len(Kinds())]
		tpl, err := ParseTemplate(k, text)
		if err != nil {
			return
		}
		s := tpl.String()
		tpl2, err := ParseTemplate(k, s)
		if err != nil {
			t.Fatalf("String() of an accepted template does not parse: %v\n%q", err, s)
		}
		if s2 := tpl2.String(); s2 != s {
			t.Fatalf("ParseTemplate(String()) changes the template:\n%q\n%q", s, s2)
		}
		ps, err := Placeholders(k)
		if err != nil {
			t.Fatal(err)
		}
		values := Values{}
		for _, p := range ps {
			values[p.Name] = "Giá trị " + strings.ToUpper(p.Name[:1]) + "\x00\xff"
		}
		_, _ = tpl.Fill(values)
		_, _ = tpl.Fill(Values{})
		_, _ = tpl.Render(values)
	})
}
