package config

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// A place where a key is defined, for duplicate checks.
type keyPlace struct {
	file string
	pos  diag.Pos
}

// checkDuplicates reports keys defined in two files of one environment, as
// OmegaConfigLoader._check_duplicates does: top-level keys, or for
// parameters full leaf paths (`a.b.c`). Keys starting with "_" are exempt
// in Kedro, but Kedro then merges the files in a hash-seed order, so a `_`
// key in two files gets a warning: its value is not deterministic.
func checkDuplicates(key string, files []*File, diags *diag.List) {
	top := 0 // catalogs: every top-level key of every file goes into seen
	for _, f := range files {
		if f.Root != nil {
			top += len(f.Root.Pairs)
		}
	}
	seen := make(map[string]keyPlace, top)
	var interior map[string]keyPlace // parameters: mapping paths, for value/mapping clashes
	if key == "parameters" {
		interior = map[string]keyPlace{}
	}
	for _, f := range files {
		if f.Root == nil {
			continue
		}
		var leaves, inner []leafPath
		if key == "parameters" {
			collectLeaves(f.Root, "", &leaves, &inner)
		} else {
			leaves = make([]leafPath, 0, len(f.Root.Pairs))
			for _, p := range f.Root.Pairs {
				leaves = append(leaves, leafPath{p.Key, p.KeyPos()})
			}
		}
		for _, lp := range leaves {
			prev, dup := seen[lp.path]
			if !dup {
				seen[lp.path] = keyPlace{f.Path, lp.pos}
				if other, clash := interior[lp.path]; clash && other.file != f.Path {
					reportShapeClash(lp.path, other, keyPlace{f.Path, lp.pos}, false, diags)
				}
				continue
			}
			if prev.file == f.Path {
				continue // within one file: the YAML parser's duplicate-key check
			}
			reportDuplicate(key, lp.path, prev, keyPlace{f.Path, lp.pos}, diags)
		}
		for _, ip := range inner {
			if _, ok := interior[ip.path]; !ok {
				interior[ip.path] = keyPlace{f.Path, ip.pos}
			}
			if other, clash := seen[ip.path]; clash && other.file != f.Path {
				reportShapeClash(ip.path, other, keyPlace{f.Path, ip.pos}, true, diags)
			}
		}
	}
}

func reportDuplicate(key, path string, first, again keyPlace, diags *diag.List) {
	note := []diag.Note{{Pos: first.pos, Message: fmt.Sprintf("%s is first defined here", path)}}
	if strings.HasPrefix(path, "_") {
		diags.Add(diag.Diagnostic{
			Pos: again.pos, Code: CodeAmbiguousTemplate, Notes: note,
			Message: fmt.Sprintf("template key %s is defined in both %s and %s: Kedro merges the files of one environment in an order set by Python's hash seed, so which value %s entries get is not deterministic",
				path, first.file, again.file, key),
		})
		return
	}
	diags.Add(diag.Diagnostic{
		Pos: again.pos, Code: CodeDuplicateKey, Notes: note,
		Message: fmt.Sprintf("Duplicate keys found in %s and %s: %s", first.file, again.file, path),
	})
}

// reportShapeClash flags a parameter that is a value in one file and a
// mapping in another: Kedro's leaf-path check misses it, and the result
// depends on the (hash-seed) order the files are merged in.
func reportShapeClash(path string, first, again keyPlace, againIsMapping bool, diags *diag.List) {
	what := "a value in %s and a mapping in %s"
	if !againIsMapping {
		what = "a mapping in %s and a value in %s"
	}
	diags.Add(diag.Diagnostic{
		Pos: again.pos, Code: CodeParamShapeClash,
		Notes: []diag.Note{{Pos: first.pos, Message: fmt.Sprintf("%s is first defined here", path)}},
		Message: fmt.Sprintf("parameter %s is "+what+": Kedro does not flag this, but which one wins depends on the order it merges the files in, which Python's hash seed decides",
			path, first.file, again.file),
	})
}

type leafPath struct {
	path string
	pos  diag.Pos
}

// collectLeaves lists the leaf paths of a parameters file as Kedro's
// _get_all_keys does: mappings are walked (an empty one adds nothing),
// anything else is a leaf. inner gets the mapping paths.
func collectLeaves(n *tree.Node, prefix string, leaves, inner *[]leafPath) {
	for _, p := range n.Pairs {
		path := p.Key
		if prefix != "" {
			path = prefix + "." + p.Key
		}
		if p.Value != nil && p.Value.Kind == tree.Map {
			*inner = append(*inner, leafPath{path, p.KeyPos()})
			collectLeaves(p.Value, path, leaves, inner)
			continue
		}
		*leaves = append(*leaves, leafPath{path, p.KeyPos()})
	}
}
