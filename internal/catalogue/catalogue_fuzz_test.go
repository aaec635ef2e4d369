package catalogue

import (
	"bytes"
	"testing"
)

// FuzzParse reads catalogue YAML as the import does: never a panic, and an
// accepted catalogue written back with Marshal reads again to the same
// document (Marshal ∘ Parse is idempotent).
func FuzzParse(f *testing.F) {
	// The shipped catalogue (119 KB) is not a seed: every mutation of it costs
	// four parses and marshals of the whole file, and minimising an input
	// grown from it stalled the fuzzer for minutes. TestShippedRoundTrips
	// holds the same property for it.
	f.Add([]byte(formYAML))
	for _, s := range []string{
		"", "procedures: []\n", "fields:\n  - code: HT\n    name: Hộ tịch\n", "procedures:\n  - code: \"1.001193\"\n    name: x\n",
		"a: &x [*x]\n", "procedures: !!binary AAAA\n", "\x00\xff\xfe", "procedures:\n" + string(bytes.Repeat([]byte("  - [\n"), 50)),
		"fields: {code: 1, name: [2]}\nprocedures: [{fee: {amount: 9223372036854775807}, time_limit: {days: -1}}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		out, err := Marshal(c)
		if err != nil {
			t.Fatalf("an accepted catalogue does not marshal: %v", err)
		}
		c2, err := Parse(out)
		if err != nil {
			t.Fatalf("the marshalled catalogue does not parse: %v\n%s", err, out)
		}
		out2, err := Marshal(c2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("Marshal(Parse(Marshal(c))) differs from Marshal(c):\n%s\n---\n%s", out, out2)
		}
	})
}

// TestShippedRoundTrips: the property FuzzParse checks, for the shipped
// catalogue.
func TestShippedRoundTrips(t *testing.T) {
	c, err := Parse(Shipped())
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Parse(out)
	if err != nil {
		t.Fatalf("the marshalled catalogue does not parse: %v", err)
	}
	out2, err := Marshal(c2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Error("Marshal(Parse(Marshal(shipped))) differs from Marshal(shipped)")
	}
}
