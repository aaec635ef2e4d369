package signing

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// maxCRL bounds a revocation list read from a URL or a file: a national
// CA's list is a few megabytes.
const maxCRL = 32 << 20

// ReadCRL reads a revocation list from source: an http(s) URL (GET, within
// timeout) or a file.
func ReadCRL(ctx context.Context, source string, timeout time.Duration) ([]byte, error) {
	if !strings.HasPrefix(source, "http://") && !strings.HasPrefix(source, "https://") {
		b, err := os.ReadFile(source)
		if err != nil {
			return nil, fmt.Errorf("revocation list: %w", err)
		}
		return b, nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return nil, fmt.Errorf("revocation list %s: %w", source, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("revocation list %s: %w", source, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("revocation list %s: HTTP %d", source, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxCRL+1))
	if err != nil {
		return nil, fmt.Errorf("revocation list %s: %w", source, err)
	}
	if len(b) > maxCRL {
		return nil, fmt.Errorf("revocation list %s: larger than %d MB", source, maxCRL>>20)
	}
	return b, nil
}
