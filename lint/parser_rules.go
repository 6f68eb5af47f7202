package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Rules the YAML reader (compiler/tree) reports while parsing a file.
func init() {
	Register(&Rule{Name: tree.RuleSyntax, Severity: diag.Error,
		Doc: "a YAML/JSON file that Kedro's or MLflow's PyYAML loader cannot read: bad syntax, several documents, unknown tags, runaway aliases"})
	Register(&Rule{Name: tree.RuleDuplicateKey, Severity: diag.Error,
		Doc: "a key written twice in one mapping of one file (OmegaConf's loader refuses it: \"found duplicate key\")"})
}
