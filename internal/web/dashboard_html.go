package web

// The dashboard's repeated markup, written in Go with every text escaped:
// its filter options, breakdown rows, tiles and score rows were a few
// hundred template actions per page, a good part of its time
// (docs/performance.md, "Officers' pages").

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// option is one option of a filter's select.
type option struct {
	Value, Label string
	VI           bool // the label is Vietnamese text
	Selected     bool
}

// optionsHTML writes the options of a select, every value and label
// escaped. The dashboard's filters offer every field, procedure and officer
// of the unit: written by the template, their few hundred actions were a
// good part of the page's time.
func optionsHTML(opts []option) template.HTML {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(o.Value))
		b.WriteByte('"')
		if o.VI {
			b.WriteString(` lang="vi"`)
		}
		if o.Selected {
			b.WriteString(` selected`)
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(o.Label))
		b.WriteString(`</option>`)
	}
	return template.HTML(b.String())
}

// filterOptions writes the options of the dashboard's filters, the chosen
// ones selected; field names are in English when the page is and the field
// has an English name.
func (d *dashboardData) filterOptions(lang string) {
	var fields, procedures, officers, channels []option
	for _, f := range d.Choices.Fields {
		o := option{Value: f.Code, Label: f.Name, VI: true, Selected: f.Code == d.Field}
		if lang == "en" && f.NameEN != "" {
			o.Label, o.VI = f.NameEN, false
		}
		fields = append(fields, o)
	}
	for _, p := range d.Choices.Procedures {
		procedures = append(procedures, option{Value: p.Code, Label: p.Code + " — " + p.Name, VI: true, Selected: p.Code == d.Procedure})
	}
	for _, o := range d.Choices.Officers {
		officers = append(officers, option{Value: o.ID, Label: o.FullName, VI: true, Selected: o.ID == d.Officer})
	}
	for _, c := range d.Channels {
		channels = append(channels, option{Value: c.Value, Label: c.Label, Selected: c.Value == d.Channel})
	}
	d.FieldOptions, d.ProcedureOptions = optionsHTML(fields), optionsHTML(procedures)
	d.OfficerOptions, d.ChannelOptions = optionsHTML(officers), optionsHTML(channels)
}

// breakdownRowsHTML writes the rows of a breakdown table (the template's
// "breakdown"), every text escaped: one row per field or officer, nine
// cells each, were a good part of the dashboard's template actions.
func breakdownRowsHTML(rows []breakdownRow) template.HTML {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row"`)
		if r.VI {
			b.WriteString(` lang="vi"`)
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(r.Label))
		b.WriteString(`</th>`)
		for _, c := range []string{strconv.FormatInt(r.Received, 10), strconv.FormatInt(r.Resolved, 10), r.Before, r.OnTime, r.Overdue, r.Online, r.Digitised} {
			b.WriteString(`<td>`)
			b.WriteString(html.EscapeString(c))
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	return template.HTML(b.String())
}

// tilesHTML writes the dashboard's headline figures, every text escaped.
func tilesHTML(tiles []tile) template.HTML {
	var b strings.Builder
	for _, t := range tiles {
		b.WriteString(`<li class="tile`)
		if t.Undefined {
			b.WriteString(` undefined`)
		}
		b.WriteString(`" data-key="` + html.EscapeString(t.Key) + `" data-value="` + html.EscapeString(t.Raw) + `">`)
		b.WriteString(`<span class="tile-label">` + html.EscapeString(t.Label) + `</span> <span class="tile-value">` + html.EscapeString(t.Value))
		if t.Percent && !t.Undefined {
			b.WriteString(` %`)
		}
		b.WriteString(`</span></li>`)
	}
	return template.HTML(b.String())
}

// scoreRowsHTML writes the rows of the Decision 766 score table, escaped.
func scoreRowsHTML(rows []scoreRow) template.HTML {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(`<tr data-key="` + html.EscapeString(r.Key) + `"><th scope="row">` + html.EscapeString(r.Label) + `</th><td>` +
			html.EscapeString(r.Share) + `</td><td>` + html.EscapeString(r.Points) + ` / ` + html.EscapeString(r.Max) + `</td></tr>`)
	}
	return template.HTML(b.String())
}

// localNumber prints a published figure (a point as the decimal separator)
// the way the page's language writes it.
func localNumber(lang, text string) string {
	if lang == "en" || text == "" {
		return text
	}
	return strings.Replace(text, ".", ",", 1)
}
