package backup

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// pgTool is one of PostgreSQL's client programs (pg_dump, pg_restore, psql)
// and its major version.
type pgTool struct {
	path  string
	major int
}

// pgToolDirs are where distributions put the client programs of each
// version: Debian and Ubuntu, then Red Hat and its kin.
var pgToolDirs = []string{"/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"}

var versionRe = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// findPGTool picks the program name for a server of major version server:
// one of the server's own version if there is one, else the oldest newer
// one (pg_dump refuses servers newer than itself, and reads older ones).
// It looks in binDir only when that is set, else in PATH and pgToolDirs.
func findPGTool(ctx context.Context, name, binDir string, server int) (pgTool, error) {
	var candidates []string
	if binDir != "" {
		candidates = []string{filepath.Join(binDir, name)}
	} else {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
		for _, dir := range pgToolDirs {
			found, _ := filepath.Glob(filepath.Join(dir, name))
			candidates = append(candidates, found...)
		}
	}
	var tools []pgTool
	for _, c := range candidates {
		out, err := exec.CommandContext(ctx, c, "--version").Output()
		if err != nil {
			continue
		}
		m := versionRe.FindSubmatch(out)
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(string(m[1]))
		tools = append(tools, pgTool{path: c, major: major})
	}
	where := "PATH, " + strings.Join(pgToolDirs, ", ")
	if binDir != "" {
		where = binDir
	}
	if len(tools) == 0 {
		return pgTool{}, fmt.Errorf("%s was not found (looked in %s): install PostgreSQL's client programs of version %d or newer (Debian: apt install postgresql-client-%d), or name their folder with --pg-bin",
			name, where, server, server)
	}
	sort.SliceStable(tools, func(i, j int) bool { return tools[i].major < tools[j].major })
	for _, t := range tools {
		if t.major >= server {
			return t, nil
		}
	}
	newest := tools[len(tools)-1]
	return pgTool{}, fmt.Errorf("the server runs PostgreSQL %d, but the newest %s found is version %d (%s), and it must be the server's version or newer: install postgresql-client-%d, or name its folder with --pg-bin",
		server, name, newest.major, newest.path, server)
}

// pgCommand runs a client program against the database at dbURL. The
// password goes in the program's environment, not on its command line,
// where any user of the machine could read it.
func pgCommand(ctx context.Context, tool pgTool, dbURL string, args ...string) (*exec.Cmd, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	env := os.Environ()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	cmd := exec.CommandContext(ctx, tool.path, append(args, "--dbname="+u.String())...)
	cmd.Env = env
	return cmd, nil
}

// runPG runs cmd and, when it fails, returns what it said.
func runPG(cmd *exec.Cmd) error {
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("%s failed: %s", filepath.Base(cmd.Path), strings.TrimSpace(stderr.String()))
		}
		return fmt.Errorf("%s: %w", filepath.Base(cmd.Path), err)
	}
	return nil
}
