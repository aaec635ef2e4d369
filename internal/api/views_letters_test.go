package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
)

// TestLetterViewsMarshalAsTheStoreTypesDid checks that the API's letter views
// write byte for byte what marshalling the store's types wrote before the
// views existed, every field set and, for the optional ones, unset.
func TestLetterViewsMarshalAsTheStoreTypesDid(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	same := func(name string, view, old any) {
		t.Helper()
		a, err := json.Marshal(view)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(old)
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s:\n view %s\n was  %s", name, a, b)
		}
	}
	full := &store.Letter{ID: "l1", DossierID: "d1", DossierCode: "H56.1", Kind: letter.Kind("congratulation_birth"), UnitID: "u1",
		TemplateVersion: 2, Recipients: []letter.Recipient{{Name: "Trần Văn Bình", Role: letter.Role("father"), Address: "Thôn 1"}},
		Content:    letter.Content{Title: "Thư chúc mừng", Salutation: "Kính gửi", Paragraphs: []string{"Một", "Hai"}},
		Sender:     letter.Sender{Unit: "UBND xã", Place: "Đạ Tẻh", SignerTitle: "Chủ tịch", SignerName: "Nguyễn Văn A"},
		ProducedAt: at, PrintedAt: at.Add(time.Hour), SentAt: at.Add(2 * time.Hour)}
	same("full letter", letterView(full), full)
	bare := &store.Letter{ID: "l2", ProducedAt: at}
	same("bare letter", letterView(bare), bare)
	same("letter list", letterViews([]*store.Letter{full, bare}), []*store.Letter{full, bare})
	same("content", letterContentView(full.Content), full.Content)
	tpl := store.LetterTemplate{UnitID: "u1", Kind: letter.Kind("condolence"), Version: 3, Body: "{{nguoi_mat}}", CreatedAt: at, CreatedBy: "o1"}
	same("template", letterTemplateView(&tpl), tpl)
	def := store.LetterTemplate{UnitID: "u1", Kind: letter.Kind("condolence"), Body: "mặc định"}
	same("default template", letterTemplateViews([]store.LetterTemplate{tpl, def}), []store.LetterTemplate{tpl, def})
}
