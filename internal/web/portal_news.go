package web

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// portalNewsPerPage is the length of a page of the news list and of the feed.
const portalNewsPerPage = 10

type portalNewsListData struct {
	Articles []*store.Article
	Page     int
	Pages    int
	Prev     string // the previous page's address, if any
	Next     string
}

// portalNewsList is the unit's published articles, newest first, ?trang=N for page N.
func (s *Server) portalNewsList(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if v := r.URL.Query().Get("trang"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return apperr.New(apperr.NotFound, "không có trang tin này")
		}
		page = n
	}
	list, total, err := s.db.Articles(r.Context(), store.ArticleFilter{PublishedOnly: true, Limit: portalNewsPerPage, Offset: (page - 1) * portalNewsPerPage})
	if err != nil {
		return err
	}
	pages := max(1, (total+portalNewsPerPage-1)/portalNewsPerPage)
	if page > pages {
		return apperr.New(apperr.NotFound, "không có trang tin này")
	}
	d := portalNewsListData{Articles: list, Page: page, Pages: pages}
	if page > 1 {
		d.Prev = "/tin-tuc"
		if page > 2 {
			d.Prev += "?trang=" + strconv.Itoa(page-1)
		}
	}
	if page < pages {
		d.Next = "/tin-tuc?trang=" + strconv.Itoa(page+1)
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.news.title")
	p.Nav = "news"
	p.Data = d
	return s.render(w, http.StatusOK, "portal_news", p)
}

// portalNewsArticle is one published article.
func (s *Server) portalNewsArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.PublishedArticle(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, a.Title)
	p.Nav = "news"
	p.Data = a
	return s.render(w, http.StatusOK, "portal_article", p)
}

// portalNewsImage serves the image of a published article, with its stored
// content type; every other file is not found here.
func (s *Server) portalNewsImage(w http.ResponseWriter, r *http.Request) error {
	f, data, err := s.db.PublicImage(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	portalServeFile(w, r, f, data, "inline", "public, max-age=86400")
	return nil
}

// portalServeFile writes a stored file with the content type its bytes show
// (PDF, JPEG or PNG; anything else, which the store never accepts, as an
// opaque download), never sniffed again by the browser, under a name whose
// extension is that type's (store.SafeFileName, so files stored before names
// were made safe are served safely too), with disposition and caching.
func portalServeFile(w http.ResponseWriter, r *http.Request, f *store.File, data []byte, disposition, cache string) {
	ct, ok := store.DetectFileType(data)
	if !ok {
		ct, disposition = "application/octet-stream", "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": store.SafeFileName(f.Name, ct)}))
	h.Set("Cache-Control", cache)
	h.Set("ETag", `"`+f.SHA256+`"`)
	http.ServeContent(w, r, "", f.CreatedAt, bytes.NewReader(data))
}

// portalRSS is an RSS 2.0 document.
type portalRSS struct {
	XMLName xml.Name         `xml:"rss"`
	Version string           `xml:"version,attr"`
	Atom    string           `xml:"xmlns:atom,attr"`
	Channel portalRSSChannel `xml:"channel"`
}

type portalRSSChannel struct {
	Title       string          `xml:"title"`
	Link        string          `xml:"link"`
	Self        portalRSSLink   `xml:"atom:link"`
	Description string          `xml:"description"`
	Language    string          `xml:"language"`
	Items       []portalRSSItem `xml:"item"`
}

type portalRSSLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type portalRSSItem struct {
	Title       string              `xml:"title"`
	Link        string              `xml:"link"`
	GUID        portalRSSGUID       `xml:"guid"`
	PubDate     string              `xml:"pubDate"`
	Description string              `xml:"description"`
	Enclosure   *portalRSSEnclosure `xml:"enclosure,omitempty"`
}

type portalRSSGUID struct {
	Value     string `xml:",chardata"`
	Permalink bool   `xml:"isPermaLink,attr"`
}

type portalRSSEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// portalNewsFeed is the RSS 2.0 feed of the latest published articles, with
// absolute links from Options.BaseURL.
func (s *Server) portalNewsFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, _, err := s.db.Articles(ctx, store.ArticleFilter{PublishedOnly: true, Limit: 20})
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(s.opt.BaseURL(), "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	title := translate("vi", "portal.news.title") + " · " + translate("vi", "site.name")
	if units, err := s.portalReceivingUnits(r); err == nil && len(units) == 1 {
		title = translate("vi", "portal.news.title") + " · " + units[0].Name
	}
	feed := portalRSS{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: portalRSSChannel{
		Title: title, Link: base + "/tin-tuc", Description: translate("vi", "portal.news.feed.description"), Language: "vi",
		Self: portalRSSLink{Href: base + "/tin-tuc/rss.xml", Rel: "self", Type: "application/rss+xml"},
	}}
	for _, a := range list {
		link := base + "/tin-tuc/" + url.PathEscape(a.Slug)
		item := portalRSSItem{Title: a.Title, Link: link, GUID: portalRSSGUID{Value: link, Permalink: true},
			PubDate: a.PublishedAt.Format("Mon, 02 Jan 2006 15:04:05 -0700"), Description: portalSummary(a.Body, 300)}
		if a.ImageFileID != "" {
			if f, _, err := s.db.FileData(ctx, a.ImageFileID); err == nil {
				item.Enclosure = &portalRSSEnclosure{URL: base + "/tin-tuc/anh/" + f.ID, Length: f.Size, Type: f.ContentType}
			}
		}
		feed.Channel.Items = append(feed.Channel.Items, item)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("web: rss: %w", err)
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = buf.WriteTo(w)
	return err
}

// portalSummary is the start of a text, at most n characters, cut at a word.
func portalSummary(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// The officers' side: leaders and administrators write, edit, publish and
// withdraw articles.

type portalNewsAdminData struct {
	Articles []*store.Article
}

func (s *Server) portalNewsAdmin(w http.ResponseWriter, r *http.Request) error {
	o := middleware.PrincipalFrom(r.Context()).Officer
	list, _, err := s.db.Articles(r.Context(), store.ArticleFilter{UnitID: o.UnitID, Limit: 100})
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.newsadmin.title")
	p.Nav = "workspace"
	p.Data = portalNewsAdminData{Articles: list}
	return s.render(w, http.StatusOK, "portal_newsadmin", p)
}

type portalNewsEditData struct {
	A         *store.Article // nil for a new article
	MaxUpload int64
}

func (s *Server) portalNewsNewForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.newsadmin.new")
	p.Nav = "workspace"
	p.Data = portalNewsEditData{MaxUpload: s.opt.MaxUpload}
	p.Form = url.Values{}
	return s.render(w, http.StatusOK, "portal_newsedit", p)
}

func (s *Server) portalNewsEditForm(w http.ResponseWriter, r *http.Request) error {
	o := middleware.PrincipalFrom(r.Context()).Officer
	a, err := s.db.UnitArticle(r.Context(), o.UnitID, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.newsadmin.edit")
	p.Nav = "workspace"
	p.Data = portalNewsEditData{A: a, MaxUpload: s.opt.MaxUpload}
	p.Form = url.Values{"title": {a.Title}, "body": {a.Body}, "image_alt": {a.ImageAlt}}
	return s.render(w, http.StatusOK, "portal_newsedit", p)
}

// portalArticleInput reads the article form; a field error is returned as a
// FieldsError with the form's field names.
func (s *Server) portalArticleInput(w http.ResponseWriter, r *http.Request, p *Page) (store.ArticleInput, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload+1<<20)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return store.ArticleInput{}, apperr.Wrap(apperr.Invalid, err, "Không đọc được biểu mẫu; ảnh tối đa %s.", portalMB(s.opt.MaxUpload))
	}
	in := store.ArticleInput{Title: r.FormValue("title"), Body: r.FormValue("body"), ImageAlt: r.FormValue("image_alt"),
		RemoveImage: r.FormValue("remove_image") != ""}
	p.Form = url.Values{"title": {textfold.NFC(in.Title)}, "body": {in.Body}, "image_alt": {textfold.NFC(in.ImageAlt)}}
	if fh := portalChosenFile(r.MultipartForm, "image"); fh != nil {
		data, err := s.portalReadUpload(fh)
		switch {
		case errors.Is(err, errPortalTooLarge):
			f := apperr.Fields{}
			f.Add("image", "Ảnh “%s” nặng %s, vượt quá giới hạn %s.", fh.Filename, portalMB(fh.Size), portalMB(s.opt.MaxUpload))
			return in, f.Err()
		case err != nil:
			return in, err
		}
		in.Image = &store.NewFile{Name: fh.Filename, Data: data}
	}
	return in, nil
}

func (s *Server) portalNewsCreate(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.newsadmin.new")
	p.Nav = "workspace"
	p.Data = portalNewsEditData{MaxUpload: s.opt.MaxUpload}
	in, err := s.portalArticleInput(w, r, p)
	if err == nil {
		o := middleware.PrincipalFrom(r.Context()).Officer
		var a *store.Article
		a, err = s.db.CreateArticle(r.Context(), o.UnitID, in, r.FormValue("publish") != "", o.ID)
		if err == nil {
			s.flash(w, p.T("portal.newsadmin.saved", a.Title))
			http.Redirect(w, r, "/can-bo/tin-tuc", http.StatusSeeOther)
			return nil
		}
	}
	return s.portalArticleFormError(w, p, err)
}

func (s *Server) portalNewsUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := middleware.PrincipalFrom(ctx).Officer
	a, err := s.db.UnitArticle(ctx, o.UnitID, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.newsadmin.edit")
	p.Nav = "workspace"
	p.Data = portalNewsEditData{A: a, MaxUpload: s.opt.MaxUpload}
	in, err := s.portalArticleInput(w, r, p)
	if err == nil {
		if a, err = s.db.UpdateArticle(ctx, o.UnitID, a.ID, in, o.ID); err == nil {
			s.flash(w, p.T("portal.newsadmin.saved", a.Title))
			http.Redirect(w, r, "/can-bo/tin-tuc", http.StatusSeeOther)
			return nil
		}
	}
	return s.portalArticleFormError(w, p, err)
}

// portalArticleFormError shows the article form again with each field's message,
// or hands a non-field error to the error page.
func (s *Server) portalArticleFormError(w http.ResponseWriter, p *Page, err error) error {
	var fe *apperr.FieldsError
	if !errors.As(err, &fe) {
		return err
	}
	p.Errors = map[string]string{}
	for k, msg := range fe.Fields {
		p.Errors[k] = portalSentence(msg)
	}
	p.FormError = p.T("form.has_errors")
	return s.render(w, http.StatusBadRequest, "portal_newsedit", p)
}

// portalNewsPublish publishes (publish=1) or withdraws (publish=0) an article.
func (s *Server) portalNewsPublish(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := middleware.PrincipalFrom(ctx).Officer
	publish := r.PostFormValue("publish") == "1"
	a, err := s.db.SetArticlePublished(ctx, o.UnitID, r.PathValue("id"), publish, o.ID)
	if err != nil {
		return err
	}
	lang := languageOf(w, r)
	if publish {
		s.flash(w, translate(lang, "portal.newsadmin.published", a.Title))
	} else {
		s.flash(w, translate(lang, "portal.newsadmin.unpublished", a.Title))
	}
	http.Redirect(w, r, "/can-bo/tin-tuc", http.StatusSeeOther)
	return nil
}
