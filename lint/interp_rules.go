package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/interp"
)

// Rules reported by the interpolation resolver (compiler/interp) while the
// config loads; listed here so `kfc rules` and docs/rules.md show them.
func init() {
	for _, r := range []*Rule{
		{Name: interp.RuleSyntax, Severity: diag.Error,
			Doc: "a ${...} that OmegaConf's grammar rejects; Kedro fails to load the file"},
		{Name: interp.RuleMissingKey, Severity: diag.Error,
			Doc: "an interpolation key that names nothing in the same config type and environment"},
		{Name: interp.RuleCycle, Severity: diag.Error,
			Doc: "interpolations that refer to themselves, to each other in a loop, or to a mapping that contains them"},
		{Name: interp.RuleKeyType, Severity: diag.Error,
			Doc: "a nested interpolation used as a key or resolver name gives something other than a string"},
		{Name: interp.RuleLimit, Severity: diag.Error,
			Doc: "interpolations nested or expanding beyond kfc's limits (runaway or hostile references)"},
		{Name: interp.RuleResolverArguments, Severity: diag.Error,
			Doc: "a built-in resolver called with the wrong number or type of arguments"},
		{Name: interp.RuleUnknownResolver, Severity: diag.Error,
			Doc: "a resolver that is neither built in nor declared as a project's custom resolver"},
		{Name: interp.RuleCustomResolver, Severity: diag.Info,
			Doc: "a custom (Python) resolver kfc cannot run; the value is left as written"},
		{Name: interp.RuleEnvOutsideCredentials, Severity: diag.Error,
			Doc: "${oc.env:...} outside credentials, where Kedro does not allow it"},
		{Name: interp.RuleEnvUnset, Severity: diag.Warning,
			Doc: "${oc.env:VAR} without a default while VAR is not set"},
		{Name: interp.RuleGlobalsMissingKey, Severity: diag.Error,
			Doc: "${globals:key} names no key of the globals config and gives no default"},
		{Name: interp.RuleGlobalsPrivateKey, Severity: diag.Error,
			Doc: "${globals:_key}: Kedro refuses globals keys that start with '_'"},
		{Name: interp.RuleGlobalsInGlobals, Severity: diag.Error,
			Doc: "${globals:...} inside the globals config itself, which Kedro cannot resolve"},
		{Name: interp.RuleRuntimeParamsInGlobals, Severity: diag.Error,
			Doc: "${runtime_params:...} inside the globals config, which Kedro does not support"},
		{Name: interp.RuleRuntimeParamsMissingKey, Severity: diag.Error,
			Doc: "${runtime_params:key} without a default that --params does not set (a warning when no --params are given)"},
	} {
		Register(r)
	}
}
