package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// queueView is how an officer asked to see the workspace's queues, from
// the query: ?sap-xep=hen-tra|tiep-nhan|ma (a leading "-" reverses),
// ?trang-thai=N (a national status code), ?linh-vuc=HT, ?qua-han=1. Links
// and a GET form carry it, so it works without JavaScript.
type queueView struct {
	Sort     string // a key of queueSorts, "-" first for descending
	Status   dossier.Status
	Field    string
	Overdue  bool
	order    store.DossierOrder
	desc     bool
	statusIn []dossier.Status // Status as a list, nil for every status
}

// queueSorts maps the query's sort keys to the store's orders.
var queueSorts = map[string]store.DossierOrder{
	"hen-tra":   store.OrderAppointment,
	"tiep-nhan": store.OrderReceived,
	"ma":        store.OrderCode,
}

// queueStatusChoices are the statuses a queue can hold, in the filter's order.
var queueStatusChoices = []dossier.Status{dossier.New, dossier.Received, dossier.Processing, dossier.Supplement,
	dossier.AwaitingPayment, dossier.Stopped, dossier.Resolved}

// parseQueueView reads the query; errs names each bad parameter in words
// (the others still apply to the form shown).
func parseQueueView(lang string, q url.Values, fields []catalogue.Field) (queueView, map[string]string) {
	v := queueView{Sort: "hen-tra"}
	errs := map[string]string{}
	if s := strings.TrimSpace(q.Get("sap-xep")); s != "" {
		v.Sort = s
	} else if q.Get("sort") == "-appointment" { // the address of earlier versions
		v.Sort = "-hen-tra"
	}
	key, desc := strings.CutPrefix(v.Sort, "-")
	order, ok := queueSorts[key]
	if !ok {
		errs["sap-xep"] = translate(lang, "queue.error.sort", v.Sort)
		v.Sort, order, desc = "hen-tra", store.OrderAppointment, false
	}
	v.order, v.desc = order, desc
	if s := strings.TrimSpace(q.Get("trang-thai")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || !slices.Contains(queueStatusChoices, dossier.Status(n)) {
			errs["trang-thai"] = translate(lang, "queue.error.status", s)
		} else {
			v.Status, v.statusIn = dossier.Status(n), []dossier.Status{dossier.Status(n)}
		}
	}
	if s := strings.TrimSpace(q.Get("linh-vuc")); s != "" {
		if !slices.ContainsFunc(fields, func(f catalogue.Field) bool { return f.Code == s }) {
			errs["linh-vuc"] = translate(lang, "queue.error.field", s)
		} else {
			v.Field = s
		}
	}
	switch s := q.Get("qua-han"); s {
	case "", "0":
	case "1":
		v.Overdue = true
	default:
		errs["qua-han"] = translate(lang, "queue.error.overdue", s)
	}
	return v, errs
}

// filtered reports whether the view narrows the queues.
func (v queueView) filtered() bool { return v.Status != 0 || v.Field != "" || v.Overdue }

// values is the view as the filter form's values.
func (v queueView) values() url.Values {
	q := url.Values{"sap-xep": {v.Sort}}
	if v.Status != 0 {
		q.Set("trang-thai", strconv.Itoa(int(v.Status)))
	}
	if v.Field != "" {
		q.Set("linh-vuc", v.Field)
	}
	if v.Overdue {
		q.Set("qua-han", "1")
	}
	return q
}

// SortURL is the workspace's address sorted by key (the same key again
// reverses the order), keeping the filters, anchored at the queue id.
func (v queueView) SortURL(key, id string) string {
	q := v.values()
	s := key
	if cur, desc := strings.CutPrefix(v.Sort, "-"); cur == key && !desc {
		s = "-" + key
	}
	q.Set("sap-xep", s)
	return "/can-bo?" + q.Encode() + "#" + id
}

// AriaSort is the aria-sort of the column sorted by key: "ascending",
// "descending" or "none".
func (v queueView) AriaSort(key string) string {
	cur, desc := strings.CutPrefix(v.Sort, "-")
	switch {
	case cur != key:
		return "none"
	case desc:
		return "descending"
	}
	return "ascending"
}

// narrow applies the view to a queue's filter; ok is false when the status
// asked for can never be in the queue.
func (v queueView) narrow(f store.DossierFilter, now time.Time) (store.DossierFilter, bool) {
	f.Order, f.Desc = v.order, v.desc
	if v.Field != "" {
		f.FieldCode = v.Field
	}
	if v.statusIn != nil {
		if f.Statuses = intersect(f.Statuses, v.statusIn); len(f.Statuses) == 0 {
			return f, false
		}
	}
	if v.Overdue {
		if f.Statuses = intersect(f.Statuses, runningStatuses); len(f.Statuses) == 0 {
			return f, false
		}
		f.DueBefore = now
	}
	return f, true
}

// queueViewOptions are the choices of the filter form, in lang.
func queueViewOptions(lang string, fields []catalogue.Field) (statuses, fieldOpts, sorts []adminOption) {
	statuses = []adminOption{{Value: "", Label: translate(lang, "queue.filter.all_statuses")}}
	for _, s := range queueStatusChoices {
		statuses = append(statuses, adminOption{Value: strconv.Itoa(int(s)), Label: statusLabel(lang, s)})
	}
	fieldOpts = []adminOption{{Value: "", Label: translate(lang, "queue.filter.all_fields")}}
	for _, f := range fields {
		name, vi := f.Name, true
		if lang == "en" && f.NameEN != "" {
			name, vi = f.NameEN, false
		}
		fieldOpts = append(fieldOpts, adminOption{Value: f.Code, Label: name, VI: vi})
	}
	for _, k := range []string{"hen-tra", "-hen-tra", "tiep-nhan", "-tiep-nhan", "ma", "-ma"} {
		sorts = append(sorts, adminOption{Value: k, Label: translate(lang, "queue.sort."+k)})
	}
	return statuses, fieldOpts, sorts
}
