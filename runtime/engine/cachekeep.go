package engine

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// keepCached tells the digest cache, before it is saved, what of its
// entries is still of use (digest.Cache.Keep): under each versioned
// dataset's base path, the versions this run read or wrote, those pinned,
// and those kfc.lock records for any node; under the run folders, this
// run's. A cache that kept every version of every run would grow by an
// entry a version each run, read and rewritten whole by every run that
// hashes (docs/reproducibility.md).
func (r *run) keepCached(results []NodeResult) {
	keep := map[string]map[string]bool{}
	for _, d := range r.p.Datasets {
		if d.Versioned && !isExternal(d) {
			versions := map[string]bool{}
			if d.LoadVersion != "" {
				versions[d.LoadVersion] = true
			}
			keep[d.Path] = versions
		}
	}
	note := func(a lockfile.Artifact) {
		if a.Version == "" || a.External {
			return
		}
		if base, _, ok := strings.Cut(a.Path, "/"+a.Version+"/"); ok {
			if versions, ok := keep[base]; ok {
				versions[a.Version] = true
			}
		}
	}
	for _, res := range results {
		for _, a := range res.Inputs {
			note(a)
		}
		for _, a := range res.Outputs {
			note(a)
		}
	}
	r.lock.EachArtifact(note)
	for base, versions := range keep {
		r.cache.Keep(base, versions)
	}
	r.cache.Keep(plan.RunDir, map[string]bool{r.id: true})
}
