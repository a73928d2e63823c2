package residency

import (
	"strings"
	"testing"
)

// The test binary's own code is resident while it runs; Drop hands it
// back, and the program goes on (its pages come back as they are used).
func TestDropHandsBackTheBinarysPages(t *testing.T) {
	before, err := resident()
	if err != nil || before == 0 {
		t.Fatalf("resident before: %d %v", before, err)
	}
	d, err := Drop()
	if err != nil || d.Mappings == 0 || d.Bytes == 0 {
		t.Fatalf("dropped %+v, %v", d, err)
	}
	after, err := resident()
	if err != nil || after >= before {
		t.Fatalf("resident %d before the drop, %d after", before, after)
	}
	// Still working: code and data come back on use.
	if got := strings.Repeat("ab", 3); got != "ababab" {
		t.Fatal(got)
	}
}

// A mapping with pages copied on a write (anonymous) is never dropped:
// parseSmaps marks it.
func TestParseSmapsMarksWrittenMappings(t *testing.T) {
	smaps := `00400000-011e5000 r-xp 00000000 fe:00 9986581                            /opt/siapekspor
Size:              14228 kB
Rss:               11088 kB
Private_Dirty:       120 kB
Anonymous:             0 kB
VmFlags: rd ex mr mw me
011e5000-03328000 r--p 00de5000 fe:00 9986581                            /opt/siapekspor
Rss:               32068 kB
Anonymous:             8 kB
7f0000000000-7f0000001000 rw-p 00000000 00:00 0
Rss:                   4 kB
7f0000002000-7f0000003000 r--p 00000000 fe:00 1 /path with space/lib.so
Rss:                   4 kB
`
	ms := parseSmaps([]byte(smaps))
	if len(ms) != 4 {
		t.Fatalf("%d mappings: %+v", len(ms), ms)
	}
	if m := ms[0]; m.start != 0x400000 || m.end != 0x11e5000 || m.perms != "r-xp" || m.path != "/opt/siapekspor" || m.rss != 11088<<10 || m.written {
		t.Errorf("code mapping %+v", m)
	}
	if !ms[1].written {
		t.Error("a read-only mapping with an anonymous page was not marked written")
	}
	if ms[2].path != "" || ms[3].path != "/path with space/lib.so" {
		t.Errorf("paths %q %q", ms[2].path, ms[3].path)
	}
}
