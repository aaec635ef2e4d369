package catalogue

import (
	_ "embed"
	"fmt"
)

// shippedYAML is the catalogue motcua ships with. A string, not a []byte, so
// that nobody can change it.
//
//go:embed catalogue.yaml
var shippedYAML string

// Shipped returns the YAML source of the catalogue shipped with motcua: the
// commune-level procedures of the one-stop department. The caller owns the
// returned slice.
func Shipped() []byte { return []byte(shippedYAML) }

// LoadShipped parses and validates the shipped catalogue. It returns a new
// catalogue on every call; an error means the build shipped a broken file.
func LoadShipped() (*Catalogue, error) {
	c, err := Parse(Shipped())
	if err != nil {
		return nil, fmt.Errorf("shipped catalogue: %w", err)
	}
	return c, nil
}
