package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A pg_dump older than the server, or none, is refused with what to do.
func TestFindPGTool(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := findPGTool(ctx, "pg_dump", dir, 15); err == nil || !strings.Contains(err.Error(), "pg_dump was not found (looked in "+dir) ||
		!strings.Contains(err.Error(), "postgresql-client-15") {
		t.Errorf("no pg_dump: %v", err)
	}
	fake := filepath.Join(dir, "pg_dump")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := findPGTool(ctx, "pg_dump", dir, 15); err == nil || !strings.Contains(err.Error(), "the server runs PostgreSQL 15, but the newest pg_dump found is version 13") {
		t.Errorf("an older pg_dump: %v", err)
	}
	if tool, err := findPGTool(ctx, "pg_dump", dir, 12); err != nil || tool.major != 13 || tool.path != fake {
		t.Errorf("a newer pg_dump for an older server: %+v %v", tool, err)
	}
}
