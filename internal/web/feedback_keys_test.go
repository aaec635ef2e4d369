package web

import (
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
)

// The keys the feedback templates build (TestTemplateKeysHaveBothLanguages).
func init() {
	var kinds, subjects, statuses, channels []string
	for _, k := range []feedback.Kind{feedback.Feedback, feedback.Petition} {
		kinds = append(kinds, string(k))
	}
	for _, s := range []feedback.Subject{feedback.AboutProcedure, feedback.AboutDossier, feedback.AboutOfficer, feedback.AboutOther} {
		subjects = append(subjects, string(s))
	}
	for _, s := range []feedback.Status{feedback.Received, feedback.Handling, feedback.Answered} {
		statuses = append(statuses, string(s))
	}
	for _, c := range []feedback.Channel{feedback.Online, feedback.Counter} {
		channels = append(channels, string(c))
	}
	fields := []string{"about", "title", "name", "phone", "email", "address"}
	printfKeys["feedback.kind."] = kinds
	printfKeys["feedback.subject."] = subjects
	printfKeys["feedback.status."] = statuses
	printfKeys["feedback.channel."] = channels
	printfKeys["feedback.field."] = fields
	printfKeys["feedback.hint."] = fields
	printfKeys["portal.rate."] = []string{string(dossier.VerySatisfied), string(dossier.Satisfied), string(dossier.NotSatisfied)}
	printfKeys["office.feedback.tab."] = []string{"cua-toi", "mo", "qua-han", "da-tra-loi"}
	printfKeys["office.feedback.event."] = []string{"received", "assigned", "answered", "published", "unpublished", "rated"}
}
