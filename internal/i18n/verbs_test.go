package i18n_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

// verbs returns a message's fmt verbs by argument (verbs[0] is the first
// argument's), following fmt's syntax: flags, [n] indexes, width and
// precision, %% for a percent sign.
func verbs(msg string) []string {
	var out []string
	set := func(i int, v string) {
		for len(out) <= i {
			out = append(out, "")
		}
		if out[i] != "" && out[i] != v {
			v = out[i] + "|" + v // one argument read two ways
		}
		out[i] = v
	}
	next := 0
	index := func(s string, j int) (int, int) { // an [n] at s[j:], if any
		if j < len(s) && s[j] == '[' {
			if k := strings.IndexByte(s[j:], ']'); k > 0 {
				if n, err := strconv.Atoi(s[j+1 : j+k]); err == nil && n > 0 {
					return n - 1, j + k + 1
				}
			}
		}
		return -1, j
	}
	for i := 0; i < len(msg); i++ {
		if msg[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(msg) && strings.IndexByte("+-# 0", msg[j]) >= 0 {
			j++
		}
		for _, part := range []string{"width", "precision"} {
			if part == "precision" {
				if j >= len(msg) || msg[j] != '.' {
					break
				}
				j++
			}
			if n, k := index(msg, j); n >= 0 {
				next, j = n, k
			}
			if j < len(msg) && msg[j] == '*' {
				set(next, "*")
				next++
				j++
			}
			for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
				j++
			}
		}
		if n, k := index(msg, j); n >= 0 {
			next, j = n, k
		}
		if j >= len(msg) {
			break
		}
		if msg[j] != '%' {
			set(next, string(msg[j]))
			next++
		}
		i = j
	}
	return out
}

func TestVerbs(t *testing.T) {
	for msg, want := range map[string]string{
		"plain": "[]", "%d of %d": "[d d]", "100%%": "[]", "%s (%.1f%%)": "[s f]",
		"%[2]s %[1]d": "[d s]", "%5.2f %-3d": "[f d]", "%*d": "[* d]", "%d-year %d–%d": "[d d d]",
	} {
		if got := fmt.Sprint(verbs(msg)); got != want {
			t.Errorf("verbs(%q) = %s, want %s", msg, got, want)
		}
	}
}

// TestMessagesAgreeOnVerbs: both languages of a message take the same
// arguments the same way, or one of them prints %!(EXTRA …) or %!d(string=…).
func TestMessagesAgreeOnVerbs(t *testing.T) {
	id, en := i18n.Keys(i18n.ID), i18n.Keys(i18n.EN)
	for k, v := range id {
		if a, b := verbs(v), verbs(en[k]); !slices.Equal(a, b) {
			t.Errorf("%q: verbs %v (id) vs %v (en)", k, a, b)
		}
		if slices.Contains(verbs(v), "") {
			t.Errorf("%q skips an argument: %v", k, verbs(v))
		}
	}
}

// TestCallSitesPassTheArguments checks every call with a literal message
// key that can be read without running it — in the templates (.P.T "key"
// args) and in Go (T, Errorf, Problems.Add and the other helpers taking a
// key and its arguments) — passes as many arguments as the message reads.
// Pages rendered by the server's tests catch the rest (%! in the output).
func TestCallSitesPassTheArguments(t *testing.T) {
	catalogue := i18n.Keys(i18n.ID)
	checked := 0
	check := func(where, key string, n int) {
		msg, ok := catalogue[key]
		if !ok {
			return
		}
		checked++
		if want := len(verbs(msg)); n != want {
			t.Errorf("%s: %q takes %d argument(s), given %d", where, key, want, n)
		}
	}
	root := "../.."
	// Templates: a .T command's first argument is the key, the rest are its arguments.
	tmpls, _ := filepath.Glob(filepath.Join(root, "internal/web/templates/*.html"))
	parts, _ := filepath.Glob(filepath.Join(root, "internal/web/templates/partials/*.html"))
	for _, path := range append(tmpls, parts...) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tr := parse.New(path)
		tr.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := tr.Parse(string(b), "{{", "}}", trees); err != nil {
			t.Fatal(err)
		}
		for _, tree := range trees {
			walkTemplate(tree.Root, func(c *parse.CommandNode) {
				if len(c.Args) < 2 || !endsInT(c.Args[0]) {
					return
				}
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					check(fmt.Sprintf("%s:%d", filepath.Base(path), lineOf(b, int(c.Pos))), s.Text, len(c.Args)-2)
				}
			})
		}
	}
	// Go: the functions that take a key then its arguments (key string,
	// args ...any), found by their parameters; calls are matched to them by
	// name and by where the key stands.
	fset := token.NewFileSet()
	var files []*ast.File
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		return nil
	})
	type shape struct{ key, fixed int } // the key's position; parameters before the arguments
	shapes := map[string][]shape{}
	addShape := func(name string, ft *ast.FuncType) {
		var names []string
		variadic := false
		for _, f := range ft.Params.List {
			_, variadic = f.Type.(*ast.Ellipsis)
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
		}
		if k := slices.Index(names, "key"); k >= 0 && variadic {
			shapes[name] = append(shapes[name], shape{k, len(names) - 1})
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				addShape(n.Name.Name, n.Type)
			case *ast.AssignStmt: // problem := func(f Field, key string, args ...any)
				for i, r := range n.Rhs {
					if fl, ok := r.(*ast.FuncLit); ok && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							addShape(id.Name, fl.Type)
						}
					}
				}
			}
			return true
		})
	}
	literal := func(e ast.Expr) (string, bool) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		return "", false
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				where := fset.Position(n.Pos()).String()
				if name == "FlashCount" && len(n.Args) > 2 { // (w, r, key, n, to)
					if key, ok := literal(n.Args[2]); ok {
						check(where, key, 1)
					}
				}
				if n.Ellipsis.IsValid() {
					return true
				}
				for i, a := range n.Args {
					key, ok := literal(a)
					if !ok {
						continue
					}
					var found []shape
					for _, s := range shapes[name] {
						if s.key == i && !slices.Contains(found, s) {
							found = append(found, s)
						}
					}
					if len(found) == 1 {
						check(where, key, len(n.Args)-found[0].fixed)
					}
				}
			case *ast.CompositeLit: // {Key: "…", Args: []any{…}}
				var key string
				args, haveKey := 0, false
				for _, e := range n.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch id, _ := kv.Key.(*ast.Ident); {
					case id == nil:
					case id.Name == "Key":
						key, haveKey = literal(kv.Value)
					case id.Name == "Args":
						lit, ok := kv.Value.(*ast.CompositeLit)
						if !ok {
							return true // arguments made elsewhere
						}
						args = len(lit.Elts)
					}
				}
				if haveKey {
					check(fset.Position(n.Pos()).String(), key, args)
				}
			}
			return true
		})
	}
	if checked < 300 {
		t.Errorf("only %d call sites checked: the scan has stopped finding them", checked)
	}
}

// endsInT tells a .T method call: .P.T, $.P.T, $p.P.T.
func endsInT(n parse.Node) bool {
	var ident []string
	switch n := n.(type) {
	case *parse.FieldNode:
		ident = n.Ident
	case *parse.VariableNode:
		ident = n.Ident
	case *parse.ChainNode:
		ident = n.Field
	}
	return len(ident) > 0 && ident[len(ident)-1] == "T"
}

func walkTemplate(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkTemplate(c, f)
			}
		}
	case *parse.ActionNode:
		walkTemplate(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkTemplate(c, f)
			}
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkTemplate(a, f)
		}
	case *parse.ChainNode:
		walkTemplate(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkTemplate(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.CommandNode)) {
	walkTemplate(b.Pipe, f)
	walkTemplate(b.List, f)
	if b.ElseList != nil {
		walkTemplate(b.ElseList, f)
	}
}

func lineOf(b []byte, pos int) int { return 1 + strings.Count(string(b[:min(pos, len(b))]), "\n") }

// TestPublicCatalogues: the public languages (Chinese, Japanese, Arabic,
// French) translate every message of the public pages ("pub." in English),
// translate the same keys as one another, hold no key English lacks, and
// take each message's arguments as English does.
func TestPublicCatalogues(t *testing.T) {
	en := i18n.Keys(i18n.EN)
	// The English pages' texts come from the web side of the catalogue; on
	// a branch without them the translations of "pub." are not checked yet.
	enPub := false
	for k := range en {
		enPub = enPub || strings.HasPrefix(k, "pub.")
	}
	if !enPub {
		t.Log(`no "pub." message in English yet: the public pages' translations are not checked`)
	}
	public := []i18n.Lang{i18n.ZH, i18n.JA, i18n.AR, i18n.FR}
	for _, l := range public {
		keys := i18n.Keys(l)
		for k, v := range keys {
			e, ok := en[k]
			if !ok && !enPub && strings.HasPrefix(k, "pub.") {
				continue
			}
			if !ok {
				t.Errorf("%s %q: not an English message", l, k)
				continue
			}
			if a, b := verbs(v), verbs(e); !slices.Equal(a, b) {
				t.Errorf("%s %q: verbs %v vs %v (en)", l, k, a, b)
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s %q is empty", l, k)
			}
		}
		for k := range en {
			if strings.HasPrefix(k, "pub.") {
				if _, ok := keys[k]; !ok {
					t.Errorf("%s lacks public message %q", l, k)
				}
			}
		}
		first := i18n.Keys(public[0])
		for k := range first {
			if _, ok := keys[k]; !ok {
				t.Errorf("%s lacks %q, which %s has", l, k, public[0])
			}
		}
		for k := range keys {
			if _, ok := first[k]; !ok {
				t.Errorf("%s lacks %q, which %s has", public[0], k, l)
			}
		}
	}
}
