package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

func init() {
	Register(&Rule{Name: "factory-unreachable", Needs: needsCatalog, Severity: diag.Warning, Run: runFactoryUnreachable,
		Doc: "a dataset pattern is never used: a pattern Kedro ranks before it matches every name it matches (reported only when kfc can prove it)"})
}

func runFactoryUnreachable(pass *Pass) {
	pats := pass.Facts.Catalog().Patterns
	// The first earlier pattern that covers each one, found through an
	// index rather than by testing every pair.
	for j, i := range catalog.Shadowed(pats) {
		if i < 0 {
			continue
		}
		p, q := pats[i], pats[j]
		msg := "dataset pattern '" + q.Key + "' is never used: '" + p.Key + "' ranks before it and matches every name it matches"
		if strings.EqualFold(p.Key, q.Key) {
			msg += " (pattern matching ignores case)"
		}
		pass.Report(diag.Diagnostic{
			Pos: q.Pos, Severity: pass.rule.Severity, Rule: pass.rule.Name, Message: msg,
			Notes: []diag.Note{{Pos: p.Pos, Message: "the pattern that wins"}},
		})
	}
}
