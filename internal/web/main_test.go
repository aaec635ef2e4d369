package web_test

import (
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
)

// TestMain keeps one Chromium for all the package's browser tests.
func TestMain(m *testing.M) { browsertest.Main(m) }
