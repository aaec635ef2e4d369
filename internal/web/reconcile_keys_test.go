package web

import "github.com/motcua/motcua/internal/store"

// The keys office_reconcile.html builds (TestTemplateKeysHaveBothLanguages).
func init() {
	printfKeys["office.reconcile.kind."] = []string{store.DiffMissing, store.DiffStatus, store.DiffAppointment, store.DiffSteps}
}
