package residency

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Drop hands back the resident pages of the executable's read-only, clean
// mappings (its code and read-only data). A mapping with a page the
// process wrote (a relocation made read-only after it, a debugger's
// breakpoint) is left alone: dropping would undo the write.
func Drop() (Dropped, error) {
	var d Dropped
	ms, err := binaryMappings()
	if err != nil {
		return d, err
	}
	for _, m := range ms {
		if m.perms[3] != 'p' || m.written || m.rss == 0 {
			continue
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, m.start, m.end-m.start, syscall.MADV_DONTNEED); errno != 0 {
			return d, errno
		}
		d.Mappings++
		d.Bytes += m.rss
	}
	return d, nil
}

// resident is the resident size of the executable's read-only mappings.
func resident() (int64, error) {
	ms, err := binaryMappings()
	var n int64
	for _, m := range ms {
		n += m.rss
	}
	return n, err
}

// binaryMappings are the executable's mappings the process cannot write.
func binaryMappings() ([]mapping, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	var out []mapping
	for _, m := range parseSmaps(smaps) {
		if m.path == exe && m.perms[1] != 'w' {
			out = append(out, m)
		}
	}
	return out, nil
}

type mapping struct {
	start, end uintptr
	perms      string // e.g. "r--p"
	path       string
	rss        int64 // bytes
	written    bool  // has pages copied on a write (anonymous)
}

// parseSmaps reads /proc/self/smaps: a header line per mapping
// ("start-end perms offset dev inode path") followed by "Key: n kB" lines.
func parseSmaps(b []byte) []mapping {
	var out []mapping
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			lo, hi, ok := strings.Cut(f[0], "-")
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if !ok || err1 != nil || err2 != nil || len(f[1]) != 4 {
				continue
			}
			m := mapping{start: uintptr(start), end: uintptr(end), perms: f[1]}
			if len(f) >= 6 {
				m.path = strings.Join(f[5:], " ")
			}
			out = append(out, m)
			continue
		}
		if len(out) == 0 || len(f) < 2 {
			continue
		}
		m := &out[len(out)-1]
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "Rss:":
			m.rss = n << 10
		case "Anonymous:": // pages copied on a write; the file's own (even dirty in the page cache) are not
			if n > 0 {
				m.written = true
			}
		}
	}
	return out
}
