package httpx

import (
	"crypto/tls"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/siapekspor/siapekspor"
)

func TestProxiesClientAddr(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 192.168.1.10 ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, peer, xff string
		proxies         Proxies
		want            string
	}{
		{"no proxies: the socket, whatever the header says", "203.0.113.9:4000", "1.2.3.4", nil, "203.0.113.9"},
		{"an untrusted peer's header is its own words", "203.0.113.9:4000", "1.2.3.4", trusted, "203.0.113.9"},
		{"through a proxy: the entry it appended", "10.0.0.2:4000", "203.0.113.9", trusted, "203.0.113.9"},
		{"a spoofed entry on the left is ignored", "10.0.0.2:4000", "1.2.3.4, 203.0.113.9", trusted, "203.0.113.9"},
		{"two proxies: the rightmost untrusted entry", "10.0.0.2:4000", "1.2.3.4, 203.0.113.9, 192.168.1.10", trusted, "203.0.113.9"},
		{"a proxy without the header: the proxy", "10.0.0.2:4000", "", trusted, "10.0.0.2"},
		{"garbage stops the walk at the last vouched hop", "10.0.0.2:4000", "203.0.113.9, not-an-ip", trusted, "10.0.0.2"},
		{"only proxies: the leftmost", "10.0.0.2:4000", "10.0.0.9, 10.0.0.3", trusted, "10.0.0.9"},
		{"ports and brackets", "[::1]:4000", "[2001:db8::7]:443", trusted, "2001:db8::7"},
		{"IPv4-mapped peers", "[::ffff:10.0.0.2]:4000", "203.0.113.9", trusted, "203.0.113.9"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := c.proxies.ClientAddr(r); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.2:4000"
	r.Header.Add("X-Forwarded-For", "1.2.3.4")
	r.Header.Add("X-Forwarded-For", "203.0.113.9")
	if got := trusted.ClientAddr(r); got != "203.0.113.9" {
		t.Errorf("two headers: %q", got)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/x"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted", bad)
		}
	}
	if p, err := ParseProxies(""); err != nil || len(p) != 0 {
		t.Errorf("empty list: %v %v", p, err)
	}
}

func TestProxiesHTTPS(t *testing.T) {
	trusted, _ := ParseProxies("10.0.0.0/8")
	req := func(peer, proto string, tlsOn bool) bool {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		if proto != "" {
			r.Header.Set("X-Forwarded-Proto", proto)
		}
		if tlsOn {
			r.TLS = &tls.ConnectionState{}
		}
		return trusted.HTTPS(r)
	}
	if !req("203.0.113.9:1", "", true) || !req("10.0.0.2:1", "https", false) || !req("10.0.0.2:1", "http, https", false) {
		t.Error("HTTPS not recognised")
	}
	if req("203.0.113.9:1", "https", false) || req("10.0.0.2:1", "", false) || req("10.0.0.2:1", "https, http", false) {
		t.Error("HTTPS claimed without reason")
	}
}

func TestCheckValuesAndFileName(t *testing.T) {
	if err := CheckValues(url.Values{"name": {"Kopi Lampung"}, "notes": {"satu\r\ndua\tbaris"}}); err != nil {
		t.Errorf("good values: %v", err)
	}
	for v, key := range map[string]string{"Kopi\x00": siapekspor.TextControlChars, "Kopi\xff": siapekspor.TextInvalidUTF8,
		"Kopi\nLampung": siapekspor.TextOneLine, "Kopi\u009b": siapekspor.TextControlChars, "\x7f": siapekspor.TextControlChars} {
		err := CheckValues(url.Values{"name": {v}})
		de, ok := siapekspor.AsError(err)
		if !ok || len(de.Fields) != 1 || de.Fields[0].Field != "name" || de.Fields[0].Key != key {
			t.Errorf("%q: %v", v, err)
		}
	}
	if de, ok := siapekspor.AsError(CheckValues(url.Values{"na\x00me": {"x"}})); !ok || de.Key != "error.bad_text" {
		t.Error("a bad field name passed")
	}
	for in, want := range map[string]string{`C:\data\usaha.csv`: "usaha.csv", "../../etc/usaha\x00.csv": "usaha.csv", "usaha\xff\x1b.csv": "usaha.csv", "ok.xlsx": "ok.xlsx"} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}
