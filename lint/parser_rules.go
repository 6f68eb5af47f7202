package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Rules the YAML reader (compiler/tree) reports while parsing a file.
func init() {
	Register(&Rule{Name: "yaml-syntax", Code: tree.CodeSyntax, Severity: diag.Error,
		Doc: "a YAML/JSON file that Kedro's or MLflow's PyYAML loader cannot read: bad syntax, several documents, unknown tags, runaway aliases"})
	Register(&Rule{Name: "duplicate-key", Code: tree.CodeDuplicateKey, Severity: diag.Error,
		Doc: "a key written twice in one mapping of one file (OmegaConf's loader refuses it: \"found duplicate key\")"})
}
