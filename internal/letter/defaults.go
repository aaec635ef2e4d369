package letter

import "fmt"

// The default templates, used until a unit edits its own. They address the
// recipients formally (Ông/Bà), speak in the signer's voice on behalf of the
// unit, and avoid anything a particular family might find out of place.
const (
	defaultBirth = `THƯ CHÚC MỪNG

Kính gửi: {{nguoi_nhan}}

{{don_vi}} vui mừng được biết gia đình vừa đón chào thành viên mới: cháu {{ten_tre}}, sinh ngày {{ngay_sinh}}, và đã hoàn tất việc đăng ký khai sinh cho cháu.

Thay mặt {{don_vi}}, tôi xin gửi tới gia đình lời chúc mừng nồng nhiệt nhất. Chúc cháu {{ten_tre}} luôn khỏe mạnh, bình an, lớn lên trong tình yêu thương của cha mẹ và gia đình, trở thành người công dân tốt, có ích cho quê hương, đất nước.

Chúc gia đình luôn mạnh khỏe, hạnh phúc và nhiều niềm vui. Chính quyền địa phương luôn đồng hành cùng gia đình trong việc chăm sóc, nuôi dạy và bảo vệ trẻ em.

Trân trọng!`

	defaultMarriage = `THƯ CHÚC MỪNG

Kính gửi: {{nguoi_nhan}}

Nhân dịp {{ten_chong}} và {{ten_vo}} đăng ký kết hôn ngày {{ngay_dang_ky}}, thay mặt {{don_vi}}, tôi xin gửi tới hai vợ chồng cùng gia đình hai bên lời chúc mừng tốt đẹp nhất.

Chúc hai vợ chồng trăm năm hạnh phúc, luôn yêu thương, thấu hiểu và sẻ chia cùng nhau; cùng nhau xây dựng một gia đình no ấm, bình đẳng, tiến bộ, hạnh phúc, góp phần xây dựng quê hương ngày càng giàu đẹp, văn minh.

Trân trọng!`

	defaultCondolence = `THƯ CHIA BUỒN

Kính gửi: {{nguoi_nhan}}

{{don_vi}} vô cùng thương tiếc được tin {{danh_xung_nguoi_mat}} {{ten_nguoi_mat}} đã từ trần ngày {{ngay_mat}}.

Trước sự mất mát to lớn này, thay mặt {{don_vi}}, tôi xin gửi tới gia đình lời chia buồn sâu sắc nhất. Mong gia đình sớm vượt qua nỗi đau thương, giữ gìn sức khỏe và vững vàng trong cuộc sống.

Xin thành kính tiễn biệt {{danh_xung_nguoi_mat}} {{ten_nguoi_mat}} về nơi an nghỉ cuối cùng.

Trân trọng!`
)

// DefaultText returns the default template text of a kind, NFC. It returns an
// error wrapping ErrUnknownKind for an unknown kind.
func DefaultText(k Kind) (string, error) {
	if err := k.Validate(); err != nil {
		return "", err
	}
	switch k {
	case CongratulationBirth:
		return defaultBirth, nil
	case CongratulationMarriage:
		return defaultMarriage, nil
	default:
		return defaultCondolence, nil
	}
}

// DefaultTemplate returns the parsed default template of a kind.
func DefaultTemplate(k Kind) (Template, error) {
	text, err := DefaultText(k)
	if err != nil {
		return Template{}, err
	}
	t, err := ParseTemplate(k, text)
	if err != nil {
		return Template{}, fmt.Errorf("default template: %w", err)
	}
	return t, nil
}
