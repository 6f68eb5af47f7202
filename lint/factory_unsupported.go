package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "factory-unsupported", Needs: needsCatalog, Code: catalog.CodeFactoryUnsupported, Severity: diag.Warning, Run: reportCatalogFindings,
		Doc: "a dataset pattern form Kedro accepts but kfc does not evaluate (dates, floats, index fields, regex repetitions); kfc never resolves names through it"})
}
