package web

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// validationEN is the English of the domain's validation message keys
// (apperr.Msg.Key, e.g. from dossier.Applicant.Validate); the Vietnamese is
// the domain's own text. A key missing here shows in Vietnamese.
var validationEN = map[string]string{
	"val.too_long":                   "%s is %d characters long; at most %d.",
	"val.out_of_range":               "%s must be from %d to %d, not %d.",
	"val.too_many":                   "There are %d; at most %d.",
	"val.item_too_long":              "Each item is at most %d characters long.",
	"val.channel":                    "Channel %d is not valid (1 counter, 2 online, 3 post).",
	"val.assisted.channel":           "Only a dossier submitted online can be recorded as assisted online.",
	"val.assisted.offline":           "“%s” is not offered online: it cannot be submitted online with help; receive it at the counter.",
	"val.fee":                        "The fee cannot be computed for %d pages and %d copies.",
	"val.applicant.kind":             "Choose whether you apply as a person or an organisation.",
	"val.applicant.representative":   "Enter the full name of the organisation's representative.",
	"val.applicant.full_name":        "Enter your full name.",
	"val.applicant.full_name_long":   "The name is %d characters long; at most %d.",
	"val.applicant.birth_date":       "The date of birth is not a date; pick a day, month and year.",
	"val.applicant.birth_future":     "The date of birth cannot be in the future.",
	"val.applicant.birth_old":        "The date of birth is before 1900; check the year.",
	"val.applicant.phone_required":   "Enter a phone number, so that officers can call you if needed.",
	"val.applicant.phone":            "The phone number needs 10 digits starting with 0, e.g. 0912345678.",
	"val.applicant.email":            "The email address is not valid, e.g. name@example.com. You may leave it empty.",
	"val.applicant.address_required": "Enter your address (village, commune, province).",
	"val.applicant.address_long":     "The address is %d characters long; at most %d.",
	"val.applicant.org_name":         "Enter the organisation's name.",
	"val.applicant.org_name_long":    "The organisation's name is %d characters long; at most %d.",
	"val.applicant.tax_code":         "The tax code has 10 digits (or 10 digits, a dash and 3 digits).",
	"val.id_number.required":         "Enter your personal identification number (12 digits on your ID card).",
	"val.id_number.digits":           "The identification number has digits (0–9) only.",
	"val.id_number.length":           "The identification number has 12 digits (or 9 for an old ID card); you entered %d.",
	"val.decl.unknown":               "There is no declaration item %q.",
	"val.decl.too_long":              "“%s” is longer than %d characters.",
	"val.decl.date":                  "“%s” is not a date; pick a day, month and year.",
	"val.decl.future":                "“%s” cannot be in the future.",
	"val.decl.required":              "Enter “%s”.",
	"val.component.name":             "The document's name is missing.",
	"val.form.unknown":               "There is no item %q in the declaration.",
	"val.form.not_asked":             "“%s” is not asked of this applicant.",
	"val.form.required":              "Enter “%s”.",
	"val.form.choose":                "Choose “%s”.",
	"val.form.too_long":              "“%s” is %d characters long; at most %d.",
	"val.form.date":                  "“%s” is not a date; pick a day, month and year.",
	"val.form.future":                "“%s” cannot be in the future.",
	"val.form.too_early":             "“%s” cannot be before %d; check the year.",
	"val.form.year":                  "“%s” is a year of 4 digits, e.g. 1990.",
	"val.form.range":                 "“%s” must be from %d to %d, not %d.",
	"val.form.number":                "“%s” is a whole number, digits only.",
	"val.form.choice":                "Choose “%s” from the list.",
	"val.form.id_number":             "“%s” has 12 digits (or 9 for an old ID card).",
	"val.component.digitisation":     "Digitisation state %q is not valid.",
	"val.component.required":         "A required document is missing: %s.",
}

// problemMessages returns a validation error's message for each field, in
// lang: the English of its message key on an English page, the domain's
// Vietnamese otherwise. It returns nil when err is not about fields.
func problemMessages(lang string, err error) map[string]string {
	var fe *apperr.FieldsError
	var one *apperr.Error
	switch {
	case errors.As(err, &fe):
	case errors.As(err, &one) && one.Kind == apperr.Invalid && one.Field != "":
		return map[string]string{one.Field: one.Message}
	default:
		return nil
	}
	out := make(map[string]string, len(fe.Fields))
	for field, vi := range fe.Fields {
		out[field] = vi
		if lang != "en" {
			continue
		}
		m, ok := fe.Keys[field]
		en, known := validationEN[m.Key]
		if !ok || !known {
			continue
		}
		out[field] = fmt.Sprintf(en, englishArgs(m.Args)...)
	}
	return out
}

// englishArgs replaces a declaration item's Vietnamese label among a
// message's arguments by its English one.
func englishArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		if l, ok := a.(catalogue.Label); ok && l.EN != "" {
			out[i] = l.EN
			continue
		}
		if s, ok := a.(string); ok {
			for _, dk := range dossier.DeclarationKeys {
				if dk.Label == s && dk.LabelEN != "" {
					out[i] = dk.LabelEN
				}
			}
		}
	}
	return out
}
