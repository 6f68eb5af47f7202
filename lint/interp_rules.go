package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/interp"
)

// Rules reported by the interpolation resolver (compiler/interp) while the
// config loads; listed here so `kfc rules` and docs/rules.md show them.
func init() {
	for _, r := range []*Rule{
		{Name: "interpolation-syntax", Code: interp.CodeSyntax, Severity: diag.Error,
			Doc: "a ${...} that OmegaConf's grammar rejects; Kedro fails to load the file"},
		{Name: "interpolation-missing-key", Needs: needsOwnKey, Code: interp.CodeMissingKey, Severity: diag.Error,
			Doc: "an interpolation key that names nothing in the same config type and environment"},
		{Name: "interpolation-cycle", Code: interp.CodeCycle, Severity: diag.Error,
			Doc: "interpolations that refer to themselves, to each other in a loop, or to a mapping that contains them"},
		{Name: "interpolation-key-type", Code: interp.CodeKeyType, Severity: diag.Error,
			Doc: "a nested interpolation used as a key or resolver name gives something other than a string"},
		{Name: "interpolation-limit", Code: interp.CodeLimit, Severity: diag.Error,
			Doc: "interpolations nested or expanding beyond kfc's limits (runaway or hostile references)"},
		{Name: "resolver-arguments", Code: interp.CodeResolverArguments, Severity: diag.Error,
			Doc: "a built-in resolver called with the wrong number or type of arguments"},
		{Name: "unknown-resolver", Code: interp.CodeUnknownResolver, Severity: diag.Error,
			Doc: "a resolver that is neither built in nor declared as a project's custom resolver"},
		{Name: "custom-resolver-not-evaluated", Code: interp.CodeCustomResolver, Severity: diag.Info,
			Doc: "a custom (Python) resolver kfc cannot run; the value is left as written"},
		{Name: "oc-env-outside-credentials", Code: interp.CodeEnvOutsideCredentials, Severity: diag.Error,
			Doc: "${oc.env:...} outside credentials, where Kedro does not allow it"},
		{Name: "oc-env-unset", Code: interp.CodeEnvUnset, Severity: diag.Warning,
			Doc: "${oc.env:VAR} without a default while VAR is not set"},
		{Name: "globals-missing-key", Needs: []string{"globals"}, Code: interp.CodeGlobalsMissingKey, Severity: diag.Error,
			Doc: "${globals:key} names no key of the globals config and gives no default"},
		{Name: "globals-private-key", Code: interp.CodeGlobalsPrivateKey, Severity: diag.Error,
			Doc: "${globals:_key}: Kedro refuses globals keys that start with '_'"},
		{Name: "globals-in-globals", Code: interp.CodeGlobalsInGlobals, Severity: diag.Error,
			Doc: "${globals:...} inside the globals config itself, which Kedro cannot resolve"},
		{Name: "runtime-params-in-globals", Code: interp.CodeRuntimeParamsInGlobals, Severity: diag.Error,
			Doc: "${runtime_params:...} inside the globals config, which Kedro does not support"},
		{Name: "runtime-params-missing-key", Code: interp.CodeRuntimeParamsMissingKey, Severity: diag.Error,
			Doc: "${runtime_params:key} without a default that the given --params do not set"},
		{Name: "runtime-params-not-given", Code: interp.CodeRuntimeParamsNotGiven, Severity: diag.Warning,
			Doc: "${runtime_params:key} without a default, checked without --params: a run must pass the key"},
	} {
		Register(r)
	}
}
