// Package lint holds kfc's rules: every rule id, its one severity and its
// doc. Each rule is a value with a name, a doc line and a run function
// (after golang.org/x/tools/go/analysis), in a file of its own with its
// test. The compiler packages report problems with a diag.Code and no rule
// id; a rule that owns a code (Rule.Code) gives those problems its id and
// severity, so `kfc rules` lists exactly the ids and severities findings
// carry. Problems the loader reports (YAML syntax, duplicate keys,
// interpolation) belong to rules with a nil Run.
package lint

import (
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
	"github.com/kfc-dev/kfc/internal/pool"
)

// Rule is one check.
type Rule struct {
	Name     string        // stable kebab-case id, printed as [name]
	Doc      string        // one line for `kfc rules`
	Severity diag.Severity // default severity of its findings
	Code     diag.Code     // the compiler problems this rule reports, if any
	Run      func(*Pass)   // nil when the loader reports this rule
	// Scope is what its findings are about: whether an error stops the
	// build of a selection that does not use that entry or parameter.
	Scope diag.Scope
	// Needs are the config keys (config.Keys, config.KeyMLproject) whose
	// content the rule's findings depend on. When a file of one of them
	// failed to read or parse (Project.Broken), the rule stands down: its
	// findings would only echo the content that is missing (needs.go).
	Needs []string
}

var (
	mu       sync.Mutex
	registry = map[string]*Rule{}
	byCode   = map[diag.Code]*Rule{}
)

// Register adds r to the rule set; call it from an init function in the
// rule's own file.
func Register(r *Rule) *Rule {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[r.Name]; dup {
		panic("lint: rule registered twice: " + r.Name)
	}
	if r.Code != "" {
		if other := byCode[r.Code]; other != nil {
			panic("lint: code " + string(r.Code) + " claimed by " + other.Name + " and " + r.Name)
		}
		byCode[r.Code] = r
	}
	registry[r.Name] = r
	return r
}

// ForCode returns the rule that owns problems of kind code, or nil.
func ForCode(code diag.Code) *Rule {
	mu.Lock()
	defer mu.Unlock()
	return byCode[code]
}

// ScopeOf is the scope of the rule named rule; ScopeProject (always
// blocking) for a finding of no registered rule.
func ScopeOf(rule string) diag.Scope {
	if r := Lookup(rule); r != nil {
		return r.Scope
	}
	return diag.ScopeProject
}

// Classify gives a problem the rule id and severity of the rule that owns
// its code. A code no rule owns is kfc's bug (TestEveryCodeHasARule
// enumerates them), so it panics: exit 3, not a finding without an id.
func Classify(d *diag.Diagnostic) {
	if d.Code == "" {
		return
	}
	r := ForCode(d.Code)
	if r == nil {
		panic("lint: no rule owns problem code " + string(d.Code))
	}
	d.Rule, d.Severity = r.Name, r.Severity
}

// ClassifyAll classifies every problem of diags (see Classify).
func ClassifyAll(diags *diag.List) { diags.Update(Classify) }

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

// Report records a fully built finding: a compiler problem gets the rule
// of its code, a finding that names a rule that rule, anything else the
// running rule; either way the severity is the rule's, so a finding always
// has the severity `kfc rules` lists.
func (p *Pass) Report(d diag.Diagnostic) {
	switch {
	case d.Code != "":
		Classify(&d)
	case d.Rule == "":
		d.Rule, d.Severity = p.rule.Name, p.rule.Severity
	default:
		r := Lookup(d.Rule)
		if r == nil {
			panic("lint: finding of an unregistered rule " + d.Rule)
		}
		d.Severity = r.Severity
	}
	p.diags.Add(d)
}

// reportf adds a finding of the rule named rule (one lint reports outside a
// Pass, as the settings reader does) with that rule's severity.
func reportf(diags *diag.List, pos diag.Pos, rule, format string, args ...any) {
	r := Lookup(rule)
	if r == nil {
		panic("lint: finding of an unregistered rule " + rule)
	}
	diags.Add(diag.Diagnostic{Pos: pos, Severity: r.Severity, Rule: r.Name, Message: fmt.Sprintf(format, args...)})
}

// Run runs every rule with a Run function over the model m (which
// project/ built and the plan compiler reads too) and adds the findings
// to diags.
//
// Rules run on all cores, each into its own list; the lists are merged in
// rule order, and output is sorted anyway, so the result does not depend
// on scheduling.
func Run(m *model.Model, diags *diag.List) {
	proj := m.Project
	facts := NewFacts(m)
	var rules []*Rule
	for _, r := range Rules() {
		if r.Run != nil && !standsDown(r, proj, "") {
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
	ClassifyAll(diags) // the loader's problems
	dropStoodDown(diags, proj)
}

// testPanicEnv names a rule that panics when it runs: a hidden hook for
// the test that a panicking rule is exit 3, not a goroutine trace.
const testPanicEnv = "KFC_TEST_PANIC_RULE"
