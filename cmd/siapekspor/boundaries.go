package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// siapekspor boundaries load FILE: load a GeoJSON FeatureCollection of a
// province's regencies or a regency's districts for the map, whole or not
// at all (the page /regions/boundaries and POST /api/v1/boundaries do the
// same). A refused file prints every problem with its feature and
// property, in Indonesian with the English beside it.
func cmdBoundaries(env cliEnv, args []string) error {
	if len(args) == 0 || args[0] != "load" {
		return fmt.Errorf("usage: siapekspor boundaries load [--province 18] FILE.geojson")
	}
	fs := flag.NewFlagSet("boundaries load", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province served (default: the installation's)")
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: siapekspor boundaries load [--province 18] FILE.geojson")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if *province == "" {
		if *province, err = db.Setting(env.ctx, provinceSetting); err != nil {
			return err
		}
	}
	up, err := db.LoadBoundariesFile(env.ctx, f, filepath.Base(fs.Arg(0)), *province)
	if err != nil {
		de, ok := siapekspor.AsError(err)
		if !ok || len(de.Fields) == 0 {
			return explainIn(err)
		}
		lines := []string{i18n.T(i18n.ID, de.Key) + " (" + i18n.T(i18n.EN, de.Key) + ")"}
		for _, p := range de.Fields {
			lines = append(lines, p.Field+": "+i18n.T(i18n.ID, p.Key, p.Args...)+" ("+i18n.T(i18n.EN, p.Key, p.Args...)+")")
		}
		return errors.New(strings.Join(lines, "\n  "))
	}
	fmt.Fprintf(env.stdout, "%d batas wilayah dimuat di bawah %s %s (%d region boundaries loaded)\n", len(up.Boundaries), up.Parent.Code, up.Parent.Name, len(up.Boundaries))
	return nil
}
