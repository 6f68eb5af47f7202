package tree

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// The files TestFastReadEqualsYAML reads.

// fuzzSeeds reads the inputs of a `go test fuzz v1` seed file.
func fuzzSeeds(path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("go test fuzz v1")) {
		return nil
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		for _, pre := range []string{"[]byte(", "string("} {
			if strings.HasPrefix(line, pre) && strings.HasSuffix(line, ")") {
				if s, err := strconv.Unquote(line[len(pre) : len(line)-1]); err == nil {
					out = append(out, []byte(s))
				}
			}
		}
	}
	return out
}

// realFiles is every YAML file kfc's tests meet: the repository's, the
// corpus', those inside testscript archives and the fuzz seeds.
func realFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	isYAML := func(name string) bool {
		return strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml") || filepath.Base(name) == "MLproject"
	}
	for _, root := range []string{"../..", "../../../shared/corpus"} {
		if _, err := os.Stat(root); err != nil {
			t.Logf("%s is absent: its files are not compared", root)
			continue
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case isYAML(path):
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files[path] = data
			case strings.HasSuffix(path, ".txtar"):
				a, err := txtar.ParseFile(path)
				if err != nil {
					return err
				}
				for _, f := range a.Files {
					if isYAML(f.Name) {
						files[path+":"+f.Name] = f.Data
					}
				}
			case strings.Contains(filepath.ToSlash(path), "/testdata/fuzz/"):
				for i, s := range fuzzSeeds(path) {
					files[fmt.Sprintf("%s#%d", path, i)] = s
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}
