// Package lint holds kfc's checks. Each check is a value with a name, a
// doc line and a run function (after golang.org/x/tools/go/analysis), in a
// file of its own with its test. Checks that the loader itself performs
// (YAML syntax, duplicate keys, interpolation) are registered here too,
// with a nil Run, so `kfc rules` and docs/rules.md list every rule id.
package lint

import (
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/pool"
)

// Rule is one check.
type Rule struct {
	Name     string        // stable kebab-case id, printed as [name]
	Doc      string        // one line for `kfc rules`
	Severity diag.Severity // default severity of its findings
	Run      func(*Pass)   // nil when the loader reports this rule
}

var (
	mu       sync.Mutex
	registry = map[string]*Rule{}
)

// Register adds r to the rule set; call it from an init function in the
// rule's own file.
func Register(r *Rule) *Rule {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[r.Name]; dup {
		panic("lint: rule registered twice: " + r.Name)
	}
	registry[r.Name] = r
	return r
}

// Rules returns every registered rule sorted by name.
func Rules() []*Rule {
	mu.Lock()
	defer mu.Unlock()
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the rule named name, or nil.
func Lookup(name string) *Rule {
	mu.Lock()
	defer mu.Unlock()
	return registry[name]
}

// Pass is what a rule's Run sees: the loaded project and a place to report.
type Pass struct {
	Project *config.Project
	Facts   *Facts // shared, lazily built views of the project (catalog, pipelines, ...)
	rule    *Rule
	diags   *diag.List
}

// Reportf records a finding of the running rule at its default severity.
func (p *Pass) Reportf(pos diag.Pos, format string, args ...any) {
	p.diags.Add(diag.Diagnostic{Pos: pos, Severity: p.rule.Severity, Rule: p.rule.Name, Message: fmt.Sprintf(format, args...)})
}

// Report records a fully built finding; an empty Rule is filled in.
func (p *Pass) Report(d diag.Diagnostic) {
	if d.Rule == "" {
		d.Rule = p.rule.Name
		d.Severity = p.rule.Severity
	}
	p.diags.Add(d)
}

// Run runs every rule with a Run function over proj and adds the findings
// to diags.
func Run(proj *config.Project, diags *diag.List) { RunFacts(proj, diags) }

// testPanicEnv names a rule that panics when it runs: a hidden hook for
// the test that a panicking rule is exit 3, not a goroutine trace.
const testPanicEnv = "KFC_TEST_PANIC_RULE"

// RunFacts is Run that also returns the shared views the rules built
// (catalog, expanded pipelines, MLproject), so a caller that needs them
// next, as `kfc build` does, does not parse and expand everything again.
//
// Rules run on all cores, each into its own list; the lists are merged in
// rule order, and output is sorted anyway, so the result does not depend
// on scheduling.
func RunFacts(proj *config.Project, diags *diag.List) *Facts {
	facts := NewFacts(proj)
	var rules []*Rule
	for _, r := range Rules() {
		if r.Run != nil {
			rules = append(rules, r)
		}
	}
	lists := make([]diag.List, len(rules))
	panicRule, _ := os.LookupEnv(testPanicEnv)
	pool.Each(len(rules), func(i int) {
		if rules[i].Name == panicRule {
			panic("test hook " + testPanicEnv + "=" + panicRule)
		}
		rules[i].Run(&Pass{Project: proj, Facts: facts, rule: rules[i], diags: &lists[i]})
	})
	for i := range lists {
		diags.Merge(&lists[i])
	}
	return facts
}
