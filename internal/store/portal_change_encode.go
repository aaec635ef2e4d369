package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendJSON appends r as json.Marshal encodes it (the types' tags are the
// format, and TestPortalChangeEncoderMatchesEncodingJSON holds the two
// equal), without its reflection: encoding a portal message was a third of
// what writing one costs the change (docs/portal.md, "What the outbox costs
// a change").
func (r *dossierChangeRecord) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"dossier":`...)
	if d := r.Dossier; d == nil {
		b = append(b, "null"...)
	} else if b, err = d.appendJSON(b); err != nil {
		return nil, err
	}
	b = append(b, `,"events":`...)
	if r.Events == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Events {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = r.Events[i].appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if r.ResolvingUnitCode != "" {
		b = appendJSONString(append(b, `,"resolving_unit_code":`...), r.ResolvingUnitCode)
	}
	if len(r.Actors) > 0 {
		b = append(b, `,"actors":{`...)
		ids := make([]string, 0, len(r.Actors))
		for id := range r.Actors {
			ids = append(ids, id)
		}
		slices.Sort(ids) // as encoding/json orders a map's keys
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			a := r.Actors[id]
			b = appendJSONString(append(appendJSONString(b, id), `:{"name":`...), a.Name)
			if a.Title != "" {
				b = appendJSONString(append(b, `,"title":`...), a.Title)
			}
			if a.Department != "" {
				b = appendJSONString(append(b, `,"department":`...), a.Department)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	if r.Resync {
		b = append(b, `,"resync":true`...)
	}
	return append(b, '}'), nil
}

func (d *portalDossier) appendJSON(b []byte) ([]byte, error) {
	b = appendJSONString(append(b, `{"ID":`...), d.ID)
	b = appendJSONString(append(b, `,"Code":`...), d.Code)
	b = appendJSONString(append(b, `,"ReceivingUnitID":`...), d.ReceivingUnitID)
	b = appendJSONString(append(b, `,"ResolvingUnitID":`...), d.ResolvingUnitID)
	b = appendJSONString(append(b, `,"ProcedureCode":`...), d.ProcedureCode)
	b = appendJSONString(append(b, `,"ProcedureName":`...), d.ProcedureName)
	b = appendJSONString(append(b, `,"FieldCode":`...), d.FieldCode)
	b = strconv.AppendInt(append(b, `,"Channel":`...), int64(d.Channel), 10)
	b = strconv.AppendInt(append(b, `,"Status":`...), int64(d.Status), 10)
	a := &d.Applicant
	b = appendJSONString(append(b, `,"Applicant":{"Kind":`...), a.Kind)
	b = appendJSONString(append(b, `,"FullName":`...), a.FullName)
	if a.OrgName != "" {
		b = appendJSONString(append(b, `,"OrgName":`...), a.OrgName)
	}
	if a.Phone != "" {
		b = appendJSONString(append(b, `,"Phone":`...), a.Phone)
	}
	if a.Email != "" {
		b = appendJSONString(append(b, `,"Email":`...), a.Email)
	}
	b = append(b, '}')
	if d.Request != "" {
		b = appendJSONString(append(b, `,"Request":`...), d.Request)
	}
	var err error
	for _, t := range []struct {
		key string
		at  stamp
	}{{`,"SubmittedAt":`, d.SubmittedAt}, {`,"ReceivedAt":`, d.ReceivedAt}, {`,"AppointmentAt":`, d.AppointmentAt},
		{`,"NewAppointmentAt":`, d.NewAppointmentAt}, {`,"EndedAt":`, d.EndedAt}, {`,"ReturnedAt":`, d.ReturnedAt}} {
		if !t.at.IsZero() {
			if b, err = appendStamp(append(b, t.key...), t.at); err != nil {
				return nil, err
			}
		}
	}
	if d.Supplements != 0 {
		b = strconv.AppendInt(append(b, `,"Supplements":`...), int64(d.Supplements), 10)
	}
	b = append(b, `,"Payment":{`...)
	if d.Payment.Due != 0 {
		b = strconv.AppendInt(append(b, `"Due":`...), d.Payment.Due, 10)
	}
	if d.Payment.State != "" {
		if d.Payment.Due != 0 {
			b = append(b, ',')
		}
		b = appendJSONString(append(b, `"State":`...), d.Payment.State)
	}
	b = append(b, '}')
	if d.ElectronicResult {
		b = append(b, `,"ElectronicResult":true`...)
	}
	return append(b, '}'), nil
}

func (e *portalEvent) appendJSON(b []byte) ([]byte, error) {
	b = strconv.AppendInt(append(b, `{"seq":`...), int64(e.Seq), 10)
	b = appendJSONString(append(b, `,"kind":`...), e.Kind)
	b, err := appendStamp(append(b, `,"at":`...), e.At)
	if err != nil {
		return nil, err
	}
	if e.ActorID != "" {
		b = appendJSONString(append(b, `,"actor_id":`...), e.ActorID)
	}
	b = strconv.AppendInt(append(b, `,"to_status":`...), int64(e.ToStatus), 10)
	if !e.StepDueAt.IsZero() {
		if b, err = appendStamp(append(b, `,"step_due_at":`...), e.StepDueAt); err != nil {
			return nil, err
		}
	}
	if e.Note != "" {
		b = appendJSONString(append(b, `,"note":`...), e.Note)
	}
	return append(b, '}'), nil
}

// appendStamp appends an instant as its MarshalText writes it, quoted: RFC
// 3339 has nothing JSON escapes.
func appendStamp(b []byte, s stamp) ([]byte, error) {
	b, err := time.Time(s).AppendText(append(b, '"'))
	if err != nil {
		return nil, fmt.Errorf("json: error calling MarshalText for type store.stamp: %w", err)
	}
	return append(b, '"'), nil
}

// appendJSONString appends s as encoding/json writes a string: as it is,
// quoted, when it holds nothing that encoding/json escapes (a control
// character, a quote, a backslash, <, > and &, invalid UTF-8, U+2028 and
// U+2029), as encoding/json writes it otherwise.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendJSONStringSlow(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendJSONStringSlow(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendJSONStringSlow(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}
