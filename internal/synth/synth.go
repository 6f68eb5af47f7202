// Package synth writes synthetic Kedro-style projects for benchmarks and
// scale tests: catalogs of thousands of entries across several files, nested
// parameters, dataset factories and a kfc pipelines file with chained nodes.
//
// The output is meant to be valid (kfc vet clean) and realistic in shape:
// layered data folders, a mix of kedro-datasets types with the arguments they
// really take, YAML anchors and `<<` merge keys, `_` templates, `${globals:}`
// and `${_local}` interpolation, credentials, versioned models. The same
// Options and Seed always give byte-identical files.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
)

// Options size the generated project. Counts are exact for Datasets (explicit
// catalog entries), Factories (patterns) and Nodes; Params is the number of
// parameter leaves written (merge keys may add a few inherited ones).
type Options struct {
	Datasets  int
	Params    int
	Nodes     int // 0: no pipelines file
	Factories int
	Seed      int64
}

// Package is the Python package name the generated project declares.
const Package = "synthetic"

// Generate writes a project into dir, which must not exist or be empty.
func Generate(dir string, opt Options) error {
	if opt.Datasets < 0 || opt.Params < 0 || opt.Nodes < 0 || opt.Factories < 0 {
		return errors.New("synth: counts must not be negative")
	}
	if opt.Nodes > 0 && opt.Datasets == 0 {
		return errors.New("synth: nodes need at least one dataset to read")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}

	files := build(opt)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(files[p]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Files returns the generated project as project-relative path -> content,
// for callers that want it in memory.
func Files(opt Options) map[string]string { return build(opt) }

// build lays out the whole project. Each part takes its own generator derived
// from the seed, so adding a node cannot reshuffle the catalog.
func build(opt Options) map[string]string {
	rng := func(stream uint64) *rand.Rand {
		return rand.New(rand.NewPCG(uint64(opt.Seed), stream))
	}
	cat := newCatalog(opt.Datasets, opt.Factories, rng(1))
	params := newParams(opt.Params, rng(2))

	files := map[string]string{
		"pyproject.toml":              pyproject(opt),
		"MLproject":                   mlproject(),
		"python_env.yaml":             pythonEnv,
		"src/" + Package + "/node.py": nodeScript,
		"conf/base/globals.yml":       globalsFile,
		"conf/base/mlflow.yml":        mlflowFile,
		"conf/local/credentials.yml":  credentialsFile,
	}
	for p, text := range cat.render() {
		files[p] = text
	}
	for p, text := range params.render() {
		files[p] = text
	}
	if opt.Nodes > 0 {
		files["conf/base/pipelines.yml"] = newPipelines(opt.Nodes, cat, params, rng(3)).render()
	}
	return files
}
