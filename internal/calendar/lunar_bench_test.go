package calendar

import "testing"

// BenchmarkBuildLunarTable measures the one-time computation of the lunar
// table (every month of 1899–2101), done once per process on first use.
func BenchmarkBuildLunarTable(b *testing.B) {
	for b.Loop() {
		if _, err := buildLunarTable(); err != nil {
			b.Fatal(err)
		}
	}
}
