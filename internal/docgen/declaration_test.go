package docgen_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDeclarationFromTheAnswers: a marital-status certificate asked online
// with the form's answers prints its declaration filled, the applicant
// heading the first group; one handed in at the counter has none to print.
func TestDeclarationFromTheAnswers(t *testing.T) {
	tw := docgentest.New(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	tw.Clock.Set("2025-03-03 09:00")
	answers := map[string]string{"subject_name": "Trần Văn Ễnh", "subject_birth_date": "1995-07-09", "subject_sex": "Nam",
		"subject_ethnicity": "Kinh", "subject_nationality": "Việt Nam", "subject_residence": "Thôn 3, xã Đạ Tẻh",
		"subject_id_number": "068190001234", "marital_status": "Chưa đăng ký kết hôn với ai", "purpose": "Để đăng ký kết hôn"}
	online := tw.Intake(t, "1.004873", dossier.Online, answers, func(in *dossier.Intake) {
		in.Components = in.Components[1:] // the declaration is generated
	})
	_, text := render(t, tw, docgen.KindDeclaration, online.Code)
	wantLines(t, "the declaration", text,
		"TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
		"Người yêu cầu",
		"Họ, chữ đệm, tên: Trần Văn Ễnh",
		"Nơi cư trú: Thôn 3, xã Đạ Tẻh",
		"Người được cấp Giấy xác nhận",
		"Ngày, tháng, năm sinh: 09/07/1995",
		"Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai",
		"Mục đích sử dụng Giấy xác nhận: Để đăng ký kết hôn",
	)

	counter := counterDossier(t, tw, nil)
	_, err := docgen.BuildDeclaration(context.Background(), tw.DB, counter.Code, opts(tw))
	if apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("the declaration of a counter dossier: %v, want Conflict", err)
	}
}
