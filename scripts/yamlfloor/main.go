// Command yamlfloor is the floor scripts/bench.sh measures kfc vet
// against: it only parses a project's configuration files (every .yml and
// .yaml under conf/) into go.yaml.in/yaml/v3 nodes, with kfc's memory
// policy, and prints nothing. kfc must do at least this much.
//
//	go run ./scripts/yamlfloor PROJECT
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/kfc-dev/kfc/internal/mempolicy"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: yamlfloor PROJECT")
		os.Exit(2)
	}
	mempolicy.Apply(os.Stderr)
	var files []string
	err := filepath.WalkDir(filepath.Join(os.Args[1], "conf"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "yamlfloor:", err)
		os.Exit(2)
	}
	// One file per core at a time, as kfc reads them.
	work := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := false
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range work {
				if err := parse(path); err != nil {
					mu.Lock()
					fmt.Fprintf(os.Stderr, "yamlfloor: %s: %v\n", path, err)
					failed = true
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
	if failed {
		os.Exit(1)
	}
}

// parse reads every document of one file into yaml.v3 nodes.
func parse(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
