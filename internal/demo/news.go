package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// articles are the demo commune's news: the kind of notices a one-stop
// department posts on its information page, each dated when it happened.
var articles = []struct{ title, body, alt, date string }{
	{
		"Bộ phận Một cửa xã Đạ Tẻh triển khai mô hình \"Chính quyền thân thiện\"",
		"Từ đầu năm 2024, Bộ phận Một cửa UBND xã Đạ Tẻh triển khai mô hình \"Chính quyền thân thiện, vì nhân dân phục vụ\". Mỗi hồ sơ được chuyển đến công chức phụ trách lĩnh vực; hồ sơ liên quan nhiều lĩnh vực do một công chức chủ trì, phối hợp với các lĩnh vực khác.\n\nĐiểm mới của mô hình là thư chúc mừng gửi đến mỗi gia đình đăng ký khai sinh, đăng ký kết hôn và thư chia buồn gửi đến gia đình đăng ký khai tử.\n\nCông dân có thể nộp hồ sơ trực tiếp, qua dịch vụ bưu chính công ích hoặc trực tuyến, và tra cứu tình trạng hồ sơ bằng mã hồ sơ trên phiếu hẹn.",
		"Quầy tiếp nhận hồ sơ của Bộ phận Một cửa xã Đạ Tẻh",
		"2024-01-08",
	},
	{
		"Hướng dẫn nộp hồ sơ trực tuyến và thanh toán phí, lệ phí",
		"Công dân đăng nhập Cổng Dịch vụ công bằng tài khoản định danh điện tử, chọn thủ tục, khai thông tin và tải lên thành phần hồ sơ (PDF, JPG hoặc PNG). Sau khi nộp, hệ thống cấp mã hồ sơ để tra cứu.\n\nPhí, lệ phí có thể thanh toán trực tuyến; biên lai điện tử được gửi kèm kết quả. Hồ sơ nộp ngoài giờ hành chính được tính từ ngày làm việc tiếp theo.",
		"",
		"2024-03-04",
	},
	{
		"Lịch tiếp nhận hồ sơ dịp nghỉ Tết Nguyên đán Giáp Thìn 2024",
		"Bộ phận Một cửa nghỉ Tết Nguyên đán từ ngày 08/02/2024 đến hết ngày 14/02/2024 theo thông báo của Chính phủ. Hồ sơ nộp trực tuyến trong thời gian nghỉ được tiếp nhận từ ngày 15/02/2024; ngày hẹn trả kết quả không tính các ngày nghỉ.",
		"",
		"2024-01-29",
	},
}

// SeedNews posts the demo commune's articles when it has none. It is kept
// apart from Seed so that tests start from an empty news page.
func SeedNews(ctx context.Context, db *store.DB, unitID string) error {
	_, total, err := db.Articles(ctx, store.ArticleFilter{Limit: 1})
	if err != nil || total > 0 {
		return err
	}
	for i, a := range articles {
		in := store.ArticleInput{Title: a.title, Body: a.body, ImageAlt: a.alt}
		// Dated when it happened, at 08:00 Vietnam time.
		if in.PublishedAt, err = time.ParseInLocation("2006-01-02 15:04", a.date+" 08:00", store.Zone); err != nil {
			return fmt.Errorf("demo article %d date: %w", i+1, err)
		}
		if a.alt != "" {
			img, err := bannerPNG()
			if err != nil {
				return err
			}
			in.Image = &store.NewFile{Name: "mot-cua.png", Data: img}
		}
		if _, err := db.CreateArticle(ctx, unitID, in, true, "demo"); err != nil {
			return fmt.Errorf("demo article %d: %w", i+1, err)
		}
	}
	return nil
}

// bannerPNG draws a small banner in the site's colours.
func bannerPNG() ([]byte, error) {
	const w, h = 640, 240
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: uint8(155 - 60*y/h), G: 28, B: 28, A: 255}
			if (x-520)*(x-520)+(y-120)*(y-120) < 60*60 {
				c = color.RGBA{R: 255, G: 213, B: 74, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
