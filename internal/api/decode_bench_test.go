package api

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// BenchmarkDecodeIntake measures the strict decode of a typical online
// submission, with its UTF-8, NUL and surrogate checks.
func BenchmarkDecodeIntake(b *testing.B) {
	body := onlineIntake(`"Trần Văn Bình"`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := httptest.NewRequest("POST", "/api/v1/dossiers", bytes.NewReader(body))
		var in intakeBody
		if err := decode(r, &in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckText is the part of decode that the checks for bad text add.
func BenchmarkCheckText(b *testing.B) {
	body := onlineIntake(`"Trần Văn Bình"`)
	for b.Loop() {
		if err := checkText(body); err != nil {
			b.Fatal(err)
		}
	}
}
