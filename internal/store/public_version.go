package store

import (
	"strings"
	"sync"
)

// publicTables are the tables whose rows the public pages show: the
// catalogue, the units and the news.
var publicTables = map[string]bool{"procedures": true, "procedure_versions": true, "fields": true, "units": true, "news": true}

// writtenTables memoises writesPublic by statement text (the statements are
// the program's constants).
var writtenTables sync.Map // query -> bool

// writesPublic reports whether a statement inserts into, updates or deletes
// from one of publicTables.
func writesPublic(query string) bool {
	if v, ok := writtenTables.Load(query); ok {
		return v.(bool)
	}
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(query, "(", " ( ")))
	writes := false
	for i := 0; i+1 < len(words); i++ {
		if (words[i] == "into" || words[i] == "update" || (words[i] == "from" && i > 0 && words[i-1] == "delete")) &&
			publicTables[words[i+1]] {
			writes = true
			break
		}
	}
	writtenTables.Store(query, writes)
	return writes
}

// PublicVersion counts the transactions of this process that changed what
// the public pages show (publicTables). A page kept while it was n is
// current while it is still n; another process's writes are not counted.
func (db *DB) PublicVersion() uint64 { return db.publicVersion.Load() }
