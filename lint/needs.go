package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// The key sets rules declare as Rule.Needs. A file that fails to parse is
// one finding (yaml-syntax, unreadable-config-file, config-not-mapping);
// the rules that would otherwise report every parameter, dataset or entry
// point the missing content held ("params:x is unknown", "free input")
// stand down until it is fixed.
var (
	needsCatalog       = []string{"catalog"}
	needsMLproject     = []string{config.KeyMLproject}
	needsPipelines     = []string{"pipelines"}
	needsPipelinesData = []string{"pipelines", "catalog"}
	needsPipelinesArgs = []string{"pipelines", "parameters"}
	// needsOwnKey stands for the key of the file a loader finding is in:
	// `${_root}` in one catalog file names a template another catalog file
	// holds, so it is only missing if that key read in full.
	needsOwnKey = []string{ownKey}
)

const ownKey = "(own key)"

// standsDown reports whether a key r needs is broken in proj; own is the
// key of the finding's file, for ownKey.
func standsDown(r *Rule, proj *config.Project, own string) bool {
	if proj == nil {
		return false
	}
	for _, k := range r.Needs {
		if k == ownKey {
			k = own
		}
		if proj.IsBroken(k) {
			return true
		}
	}
	return false
}

// dropStoodDown removes the classified findings of rules that stand down:
// rules with no Run (the loader's) report while the project loads, before
// anything is known about which keys are whole.
func dropStoodDown(diags *diag.List, proj *config.Project) {
	if proj == nil || len(proj.Broken) == 0 {
		return
	}
	diags.Filter(func(d *diag.Diagnostic) bool {
		r := Lookup(d.Rule)
		if r == nil || len(r.Needs) == 0 {
			return true
		}
		own := ""
		if f := proj.FileByPath(d.Pos.File); f != nil {
			own = f.Key
		}
		return !standsDown(r, proj, own)
	})
}
