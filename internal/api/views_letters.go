package api

import (
	"time"

	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
)

// LetterTemplateView is one version of a unit's letter template
// (openapi.json: LetterTemplate).
type LetterTemplateView struct {
	UnitID    string    `json:"unit_id"`
	Kind      string    `json:"kind"`
	Version   int       `json:"version"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	CreatedBy string    `json:"created_by,omitempty"`
}

func letterTemplateView(t *store.LetterTemplate) LetterTemplateView {
	return LetterTemplateView{UnitID: t.UnitID, Kind: string(t.Kind), Version: t.Version, Body: t.Body,
		CreatedAt: t.CreatedAt, CreatedBy: t.CreatedBy}
}

func letterTemplateViews(list []store.LetterTemplate) []LetterTemplateView {
	out := make([]LetterTemplateView, len(list))
	for i := range list {
		out[i] = letterTemplateView(&list[i])
	}
	return out
}

// LetterContentView is a filled letter (openapi.json: LetterContent).
type LetterContentView struct {
	Title      string   `json:"title"`
	Salutation string   `json:"salutation"`
	Paragraphs []string `json:"paragraphs"`
}

func letterContentView(c letter.Content) LetterContentView {
	return LetterContentView{Title: c.Title, Salutation: c.Salutation, Paragraphs: c.Paragraphs}
}

// RecipientView and SenderView keep the keys the API has always shown for
// them, the Go field names (openapi.json says so); renaming them to
// snake_case would be a visible change, to make with the schema.
type RecipientView struct {
	Name    string `json:"Name"`
	Role    string `json:"Role"`
	Address string `json:"Address"`
}

// SenderView is the unit and signer as they stood when a letter was produced.
type SenderView struct {
	Unit        string `json:"Unit"`
	Place       string `json:"Place"`
	SignerTitle string `json:"SignerTitle"`
	SignerName  string `json:"SignerName"`
}

// LetterView is a letter of the register (openapi.json: Letter).
type LetterView struct {
	ID              string            `json:"id"`
	DossierID       string            `json:"dossier_id"`
	DossierCode     string            `json:"dossier_code"`
	Kind            string            `json:"kind"`
	UnitID          string            `json:"unit_id"`
	TemplateVersion int               `json:"template_version"`
	Recipients      []RecipientView   `json:"recipients"`
	Content         LetterContentView `json:"content"`
	Sender          SenderView        `json:"sender"`
	ProducedAt      time.Time         `json:"produced_at"`
	PrintedAt       time.Time         `json:"printed_at,omitzero"`
	SentAt          time.Time         `json:"sent_at,omitzero"`
}

func letterView(l *store.Letter) LetterView {
	v := LetterView{ID: l.ID, DossierID: l.DossierID, DossierCode: l.DossierCode, Kind: string(l.Kind), UnitID: l.UnitID,
		TemplateVersion: l.TemplateVersion, Content: letterContentView(l.Content),
		Sender:     SenderView{Unit: l.Sender.Unit, Place: l.Sender.Place, SignerTitle: l.Sender.SignerTitle, SignerName: l.Sender.SignerName},
		ProducedAt: l.ProducedAt, PrintedAt: l.PrintedAt, SentAt: l.SentAt}
	if l.Recipients != nil {
		v.Recipients = make([]RecipientView, len(l.Recipients))
		for i, r := range l.Recipients {
			v.Recipients[i] = RecipientView{Name: r.Name, Role: string(r.Role), Address: r.Address}
		}
	}
	return v
}

func letterViews(list []*store.Letter) []LetterView {
	out := make([]LetterView, len(list))
	for i, l := range list {
		out[i] = letterView(l)
	}
	return out
}
