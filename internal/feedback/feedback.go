// Package feedback is the citizens' feedback and petitions (phản ánh, kiến
// nghị) about the administrative procedures: what a citizen sends, online or
// at the counter; its time limit in working days; the answer, its publication
// with the citizen's consent, and the citizen's rating of the answer. Its
// handling on time and the satisfaction with it are two criteria of Decision
// 766 (report.Feedback).
package feedback

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// Kind is feedback (phản ánh: something went wrong) or a petition (kiến
// nghị: a proposal to change something).
type Kind string

const (
	Feedback Kind = "phan_anh"
	Petition Kind = "kien_nghi"
)

// Subject is what the feedback is about.
type Subject string

const (
	AboutProcedure Subject = "thu_tuc" // a procedure of the catalogue (About: its code)
	AboutDossier   Subject = "ho_so"   // a dossier (About: its code)
	AboutOfficer   Subject = "can_bo"  // an officer's conduct (About: a name or a counter, as the citizen put it)
	AboutOther     Subject = "khac"
)

// Channel is how the feedback reached the unit.
type Channel string

const (
	Online  Channel = "truc_tuyen"
	Counter Channel = "truc_tiep" // recorded by an officer at the counter
)

// Status is where an item stands. Overdue is not a status: an item is
// overdue while it is unanswered after its due time (Overdue).
type Status string

const (
	Received Status = "da_tiep_nhan" // waiting for its handler
	Handling Status = "dang_xu_ly"   // a handler is assigned
	Answered Status = "da_tra_loi"
)

// Bounds of what a citizen or an officer may write.
const (
	MaxTitleLen   = 200
	MaxContentLen = 5000
	MaxAnswerLen  = 5000
	MaxAboutLen   = 100
)

// DefaultTimeLimit is the time to answer: 10 working days from receipt.
// [unverified: the law gives the handling of feedback on administrative
// regulations (Decree 20/2008) its own limits; a unit configures its own.]
var DefaultTimeLimit = calendar.Days(10)

// Item is one piece of feedback or petition and its handling.
type Item struct {
	ID      string
	Code    string // e.g. PA-250303-0001
	UnitID  string
	Kind    Kind
	Subject Subject
	About   string
	Channel Channel
	Title   string
	Content string
	// The citizen: the name may be empty (anonymous); the phone is the second
	// factor of the public lookup, as for dossiers.
	Name, Phone, Email, Address string
	// PublishConsent: the citizen agrees that the item and its answer be
	// published; Published: they are.
	PublishConsent bool
	Published      bool
	Status         Status
	HandlerID      string // the officer who answers
	ReceivedAt     time.Time
	DueAt          time.Time
	Answer         string
	AnsweredAt     time.Time
	AnsweredBy     string // officer id
	Rating         dossier.Rating
	RatedAt        time.Time
	CreatedBy      string // the officer who recorded it at the counter; empty online
}

// Overdue reports whether the item is unanswered after its due time at now.
func (it *Item) Overdue(now time.Time) bool {
	return it.Status != Answered && now.After(it.DueAt)
}

// AnsweredOnTime reports whether the item was answered by its due time.
func (it *Item) AnsweredOnTime() bool {
	return it.Status == Answered && !it.AnsweredAt.After(it.DueAt)
}

// MaskedPhone is the phone with all but its last three digits hidden, for
// pages that need to show whose it is, not to call.
func (it *Item) MaskedPhone() string {
	if n := len(it.Phone); n > 3 {
		return strings.Repeat("•", n-3) + it.Phone[n-3:]
	}
	return it.Phone
}

// Submission is what a citizen sends, or an officer records at the counter.
type Submission struct {
	Kind                        Kind
	Subject                     Subject
	About                       string
	Title                       string
	Content                     string
	Name, Phone, Email, Address string
	PublishConsent              bool
}

// Normalize NFC-normalises the texts, trims them, and strips spaces, dots
// and dashes from the phone number.
func (s *Submission) Normalize() {
	for _, p := range []*string{&s.About, &s.Title, &s.Content, &s.Name, &s.Phone, &s.Email, &s.Address} {
		*p = strings.TrimSpace(textfold.NFC(*p))
	}
	s.Phone = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(s.Phone)
	if s.Subject == AboutProcedure || s.Subject == AboutDossier {
		s.About = strings.ToUpper(s.About)
	}
}

// Validate checks a normalised submission; ch decides the contact needed:
// online, a phone (to look the item up and be called back); at the counter,
// a phone or an address.
func (s *Submission) Validate(ch Channel) error {
	var p apperr.Problems
	switch s.Kind {
	case Feedback, Petition:
	default:
		p.Add("kind", "val.feedback.kind", "vui lòng chọn phản ánh hay kiến nghị")
	}
	switch s.Subject {
	case AboutProcedure, AboutDossier:
		switch {
		case s.About != "":
		case s.Subject == AboutDossier:
			p.Add("about", "val.feedback.about_dossier", "vui lòng nhập mã hồ sơ (in trên giấy tiếp nhận)")
		default:
			p.Add("about", "val.feedback.about_procedure", "vui lòng nhập mã hoặc tên thủ tục mà bạn phản ánh")
		}
	case AboutOfficer, AboutOther:
	default:
		p.Add("subject", "val.feedback.subject", "vui lòng chọn nội dung phản ánh về thủ tục, hồ sơ, cán bộ hay việc khác")
	}
	tooLong := func(field, what string, v string, max int) {
		if n := utf8.RuneCountInString(v); n > max {
			p.Add(field, "val.too_long", "%s dài %d ký tự; tối đa %d ký tự", what, n, max)
		}
	}
	tooLong("about", "Nội dung liên quan", s.About, MaxAboutLen)
	if s.Title == "" {
		p.Add("title", "val.feedback.title", "vui lòng nhập tiêu đề ngắn cho phản ánh")
	}
	tooLong("title", "Tiêu đề", s.Title, MaxTitleLen)
	if s.Content == "" {
		p.Add("content", "val.feedback.content", "vui lòng viết nội dung phản ánh, kiến nghị")
	}
	tooLong("content", "Nội dung", s.Content, MaxContentLen)
	tooLong("name", "Họ và tên", s.Name, dossier.MaxNameLen)
	tooLong("address", "Địa chỉ", s.Address, dossier.MaxAddressLen)
	switch {
	case s.Phone == "" && ch == Online:
		p.Add("phone", "val.feedback.phone_required", "vui lòng nhập số điện thoại: để tra cứu câu trả lời và để cán bộ liên hệ khi cần")
	case s.Phone == "" && s.Address == "":
		p.Add("phone", "val.feedback.contact_required", "vui lòng ghi số điện thoại hoặc địa chỉ của người phản ánh để gửi câu trả lời")
	case s.Phone != "" && !dossier.ValidPhone(s.Phone):
		p.Add("phone", "val.applicant.phone", "số điện thoại chưa đúng: cần 10 chữ số bắt đầu bằng 0, ví dụ 0912345678")
	}
	if s.Email != "" && !dossier.ValidEmail(s.Email) {
		p.Add("email", "val.applicant.email", "địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com. Có thể để trống")
	}
	return p.Err()
}

// ValidateAnswer checks an officer's answer (normalised).
func ValidateAnswer(answer string) error {
	var p apperr.Problems
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		p.Add("answer", "val.feedback.answer", "vui lòng viết câu trả lời cho người phản ánh")
	case n > MaxAnswerLen:
		p.Add("answer", "val.too_long", "%s dài %d ký tự; tối đa %d ký tự", "Câu trả lời", n, MaxAnswerLen)
	}
	return p.Err()
}

// ValidRating reports whether r is one of the three ratings a citizen gives.
func ValidRating(r dossier.Rating) bool {
	return r == dossier.VerySatisfied || r == dossier.Satisfied || r == dossier.NotSatisfied
}
