package plan

import (
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Resolution kinds, as compiler/catalog names them.
const (
	ResolvedExplicit = "explicit"
	ResolvedPattern  = "pattern"
	ResolvedCatchAll = "catch-all"
	ResolvedDefault  = "default"
)

// DefaultType is the type of a dataset no catalog entry or pattern
// resolves: Kedro's runtime default.
const DefaultType = "kedro.io.MemoryDataset"

// Resolved is what the catalog says about one dataset name.
type Resolved struct {
	Kind    string     // ResolvedExplicit, ResolvedPattern, ResolvedCatchAll or ResolvedDefault
	Pattern string     // the factory pattern that matched
	Config  *tree.Node // the entry with pattern placeholders filled in; nil for the default
	Err     error      // the catalog cannot resolve the name as Kedro would (reported by vet)
}

// pathKeys are the arguments that hold a dataset's location, in the order
// kfc looks for them; Kedro makes the same keys absolute
// (_convert_paths_to_absolute_posix).
var pathKeys = []string{"filepath", "path"}

// newDataset describes the dataset name as the catalog resolved it. A
// dataset is persisted when its entry (or the entry of the dataset it
// wraps, as MlflowArtifactDataset and CachedDataset do) gives it a path;
// any other dataset lives in the run folder.
func newDataset(name string, r Resolved) *Dataset {
	d := &Dataset{
		ID:         DatasetID(name),
		Name:       name,
		Resolution: r.Kind,
		Pattern:    r.Pattern,
		Type:       DefaultType,
		Consumers:  []string{},
	}
	if d.Resolution == "" {
		d.Resolution = ResolvedDefault
	}
	cfg := r.Config
	if cfg != nil && cfg.Kind == tree.Map {
		if t := cfg.Get("type"); t != nil && t.IsScalar() {
			d.Type = t.Str()
		}
		if c := cfg.Get("credentials"); c != nil && c.Kind == tree.String {
			d.Credentials = c.Text
		}
		if loc, owner := location(cfg); loc != "" {
			d.Path = normalizePath(loc)
			d.Persisted = true
			d.Versioned = isTrue(owner.Get("versioned"))
		}
		d.Config = FromTree(redactCredentials(cfg))
	} else {
		d.Config = RawValue("{}")
	}
	if !d.Persisted {
		d.Path = RunDataPath(name)
	}
	return d
}

// DatasetPath is the path a plan gives the dataset name that the catalog
// resolved as r (a base path for a versioned dataset, the run folder for
// an unpersisted one), for checks that run before a plan is built.
func DatasetPath(name string, r Resolved) string { return newDataset(name, r).Path }

// RunDataPath is where a dataset no catalog entry persists lives during a
// run: one file per graph name (transcoded variants share it).
func RunDataPath(name string) string {
	return RunDir + "/" + RunIDToken + "/data/" + pipeline.StripTranscoding(name)
}

// location finds the dataset's path: a path argument of the entry, else
// one of the dataset it wraps (`dataset:` as a mapping). It returns the
// mapping that holds the path, whose `versioned` flag applies to it.
func location(cfg *tree.Node) (string, *tree.Node) {
	for depth, cur := 0, cfg; cur != nil && cur.Kind == tree.Map && depth < 8; depth++ {
		for _, k := range pathKeys {
			if v := cur.Get(k); v != nil && v.Kind == tree.String && v.Text != "" {
				return v.Text, cur
			}
		}
		cur = cur.Get("dataset")
	}
	return "", nil
}

func isTrue(n *tree.Node) bool { return n != nil && n.Kind == tree.Bool && n.Bool }

// normalizePath cleans a local relative path as Python's pathlib does when
// Kedro joins it to the project root (`data//01_raw/` is `data/01_raw`),
// and leaves URLs, absolute paths and Windows paths as written.
func normalizePath(p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || (len(p) > 1 && p[1] == ':') {
		return p
	}
	return path.Clean(p)
}

// redactCredentials copies an entry with every `credentials` value that is
// not a plain name (an inline mapping of secrets) replaced by a marker, at
// any depth, since a plan is shared and committed. Names are kept: they
// identify credentials without revealing them.
func redactCredentials(n *tree.Node) *tree.Node {
	if !hasInlineCredentials(n) {
		return n // the common case: nothing to copy
	}
	return redactCopy(n)
}

func hasInlineCredentials(n *tree.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case tree.Seq:
		for _, it := range n.Items {
			if hasInlineCredentials(it) {
				return true
			}
		}
	case tree.Map:
		for _, p := range n.Pairs {
			if p.Key == "credentials" && (p.Value == nil || p.Value.Kind != tree.String) {
				return true
			}
			if hasInlineCredentials(p.Value) {
				return true
			}
		}
	}
	return false
}

func redactCopy(n *tree.Node) *tree.Node {
	if n == nil || (n.Kind != tree.Map && n.Kind != tree.Seq) {
		return n
	}
	c := *n
	if n.Kind == tree.Seq {
		c.Items = make([]*tree.Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = redactCopy(it)
		}
		return &c
	}
	c.Pairs = make([]tree.Pair, len(n.Pairs))
	for i, p := range n.Pairs {
		v := p.Value
		if p.Key == "credentials" {
			if v == nil || v.Kind != tree.String {
				v = tree.NewString(RedactedCredentials, diag.Pos{})
			}
		} else {
			v = redactCopy(v)
		}
		c.Pairs[i] = tree.Pair{Key: p.Key, KeyAt: p.KeyAt, Value: v}
	}
	return &c
}

// RedactedCredentials replaces inline credentials in a plan.
const RedactedCredentials = "<inline credentials removed>"

// versionedPath is the path a node's command gets for a versioned
// dataset: Kedro's <path>/<version>/<basename>, the version being a pinned
// --load-versions value for an input, else a run-time token.
func versionedPath(base, version string) string {
	return base + "/" + version + "/" + path.Base(base)
}
