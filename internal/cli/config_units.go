package cli

import (
	"flag"

	"github.com/motcua/motcua/internal/store"
)

// unitsConfig holds the settings of units in time (docs/units-2025.md).
type unitsConfig struct {
	// DossierCoding (MOTCUA_DOSSIER_CODING): receiver or competent, which
	// unit codes a dossier received for another unit of the province.
	DossierCoding string
	coding        store.DossierCoding
}

func (c *unitsConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.DossierCoding, "dossier-coding", env("MOTCUA_DOSSIER_CODING", "receiver"),
		"which unit codes a dossier received for another unit: receiver or competent (env MOTCUA_DOSSIER_CODING)")
}

func (c *unitsConfig) validate() error {
	var err error
	if c.coding, err = store.ParseDossierCoding(c.DossierCoding); err != nil {
		return usageErr("--dossier-coding (MOTCUA_DOSSIER_CODING) %q: want receiver or competent", c.DossierCoding)
	}
	return nil
}
