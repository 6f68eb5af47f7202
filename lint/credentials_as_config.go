package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// credentials-as-config is reported by the config loader (guardCredentials).
func init() {
	Register(&Rule{Name: "credentials-as-config", Code: config.CodeCredentialsAsConfig, Severity: diag.Error,
		Doc: "a credentials file that another key's patterns match too (conf/base/catalog/credentials.yml, or a link to a credentials file): Kedro would load its secrets as that key as well; kfc loads it as credentials only, so no message, snippet or plan shows them"})
}
