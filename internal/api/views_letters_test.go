package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
)

// TestLetterViewsWriteTheJSONTheAPIAlwaysWrote checks that the API's letter
// views write byte for byte what marshalling the store's types wrote before
// the views existed (the literals below were taken from that), every field set
// and, for the optional ones, unset; so the store's tags can go.
func TestLetterViewsWriteTheJSONTheAPIAlwaysWrote(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	same := func(name string, view any, want string) {
		t.Helper()
		got, err := json.Marshal(view)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s:\n got  %s\n want %s", name, got, want)
		}
	}
	full := &store.Letter{ID: "l1", DossierID: "d1", DossierCode: "H56.1", Kind: letter.Kind("congratulation_birth"), UnitID: "u1",
		TemplateVersion: 2, Recipients: []letter.Recipient{{Name: "Trần Văn Bình", Role: letter.Role("father"), Address: "Thôn 1"}},
		Content:    letter.Content{Title: "Thư chúc mừng", Salutation: "Kính gửi", Paragraphs: []string{"Một", "Hai"}},
		Sender:     letter.Sender{Unit: "UBND xã", Place: "Đạ Tẻh", SignerTitle: "Chủ tịch", SignerName: "Nguyễn Văn A"},
		ProducedAt: at, PrintedAt: at.Add(time.Hour), SentAt: at.Add(2 * time.Hour)}
	fullJSON := `{"id":"l1","dossier_id":"d1","dossier_code":"H56.1","kind":"congratulation_birth","unit_id":"u1","template_version":2,` +
		`"recipients":[{"Name":"Trần Văn Bình","Role":"father","Address":"Thôn 1"}],` +
		`"content":{"title":"Thư chúc mừng","salutation":"Kính gửi","paragraphs":["Một","Hai"]},` +
		`"sender":{"Unit":"UBND xã","Place":"Đạ Tẻh","SignerTitle":"Chủ tịch","SignerName":"Nguyễn Văn A"},` +
		`"produced_at":"2026-12-02T09:30:00Z","printed_at":"2026-12-02T10:30:00Z","sent_at":"2026-12-02T11:30:00Z"}`
	same("full letter", letterView(full), fullJSON)
	bare := &store.Letter{ID: "l2", ProducedAt: at}
	bareJSON := `{"id":"l2","dossier_id":"","dossier_code":"","kind":"","unit_id":"","template_version":0,"recipients":null,` +
		`"content":{"title":"","salutation":"","paragraphs":null},"sender":{"Unit":"","Place":"","SignerTitle":"","SignerName":""},` +
		`"produced_at":"2026-12-02T09:30:00Z"}`
	same("bare letter", letterView(bare), bareJSON)
	same("letter list", letterViews([]*store.Letter{full, bare}), "["+fullJSON+","+bareJSON+"]")
	same("content", letterContentView(full.Content), `{"title":"Thư chúc mừng","salutation":"Kính gửi","paragraphs":["Một","Hai"]}`)
	tpl := store.LetterTemplate{UnitID: "u1", Kind: letter.Kind("condolence"), Version: 3, Body: "{{nguoi_mat}}", CreatedAt: at, CreatedBy: "o1"}
	tplJSON := `{"unit_id":"u1","kind":"condolence","version":3,"body":"{{nguoi_mat}}","created_at":"2026-12-02T09:30:00Z","created_by":"o1"}`
	same("template", letterTemplateView(&tpl), tplJSON)
	def := store.LetterTemplate{UnitID: "u1", Kind: letter.Kind("condolence"), Body: "mặc định"}
	same("default template", letterTemplateViews([]store.LetterTemplate{tpl, def}),
		"["+tplJSON+`,{"unit_id":"u1","kind":"condolence","version":0,"body":"mặc định"}]`)
}
