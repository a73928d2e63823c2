package exportstats

import (
	"encoding/json"
	"math"
	"strconv"
)

// MarshalJSON writes the chart as encoding/json would from its field tags,
// byte for byte, without reflection: the statistics page writes five
// charts of up to 150 figures each, and marshalling them through reflection
// (a method call per figure) was a sixth of its CPU (issue 16 item 3).
func (c Chart) MarshalJSON() ([]byte, error) { return c.AppendJSON(nil) }

// AppendJSON appends the chart's JSON to b (see MarshalJSON).
func (c Chart) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	if c.Type != "" {
		b = appendJSONString(append(b, `"type":`...), c.Type)
		b = append(b, ',')
	}
	if c.Title != "" {
		b = appendJSONString(append(b, `"title":`...), c.Title)
		b = append(b, ',')
	}
	b = append(b, `"labels":`...)
	if c.Labels == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range c.Labels {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, l)
		}
		b = append(b, ']')
	}
	b = append(b, `,"datasets":`...)
	if c.Datasets == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, d := range c.Datasets {
			if i > 0 {
				b = append(b, ',')
			}
			b = d.appendJSON(b)
		}
		b = append(b, ']')
	}
	if c.Unit != "" {
		b = appendJSONString(append(b, `,"unit":`...), c.Unit)
	}
	if c.Divisor != 0 {
		// Rare and once per chart: encoding/json's own float format.
		d, err := json.Marshal(c.Divisor)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"divisor":`...), d...)
	}
	if c.UnitLabel != "" {
		b = appendJSONString(append(b, `,"unit_label":`...), c.UnitLabel)
	}
	if c.Decimals != 0 {
		b = strconv.AppendInt(append(b, `,"decimals":`...), int64(c.Decimals), 10)
	}
	b = appendJSONString(append(b, `,"locale":`...), c.Locale)
	if c.Horizontal {
		b = append(b, `,"horizontal":true`...)
	}
	if c.Stacked {
		b = append(b, `,"stacked":true`...)
	}
	if c.RestLast {
		b = append(b, `,"rest_last":true`...)
	}
	if c.LabelHeader != "" {
		b = appendJSONString(append(b, `,"label_header":`...), c.LabelHeader)
	}
	return append(b, '}'), nil
}

func (d Dataset) appendJSON(b []byte) []byte {
	b = appendJSONString(append(b, `{"name":`...), d.Name)
	b = append(b, `,"values":`...)
	if d.Values == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, v := range d.Values {
			if i > 0 {
				b = append(b, ',')
			}
			b = v.appendJSON(b)
		}
		b = append(b, ']')
	}
	if d.Other {
		b = append(b, `,"other":true`...)
	}
	return append(b, '}')
}

func (n Num) appendJSON(b []byte) []byte {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendJSONString appends s quoted as encoding/json does (with its HTML
// escaping): printable ASCII other than " \ < > & as it is, anything else
// through encoding/json itself, so the two never differ.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
