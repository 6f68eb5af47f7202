package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// checkParams checks an entry point's values before anything runs, in
// MLflow's order: required parameters first (_validate_parameters), then
// each declared parameter's value, given or default. MLflow checks only
// that a uri has a scheme and that a local path exists; kfc also checks
// int, float and bool values as Python's int() and float() would read
// them. Every problem is reported, one line each.
//
// It returns the values to render: as given, except that a path value
// written as a file: URI or with %-escapes becomes the local path MLflow
// would substitute (kept relative: nodes run from the project root).
func checkParams(disk Disk, root, workDir string, ep *mlproject.EntryPoint, values []mlproject.Value) ([]mlproject.Value, error) {
	given := map[string]int{}
	for i, v := range values {
		given[v.Name] = i
	}
	var missing []string
	for _, p := range ep.Params {
		if _, ok := given[p.Name]; !ok && p.Default == nil {
			missing = append(missing, "'"+p.Name+"'")
		}
	}
	if len(missing) > 0 {
		return nil, usage("No value given for missing parameters: %s", strings.Join(missing, ", "))
	}
	out := append([]mlproject.Value{}, values...)
	var problems []string
	for _, p := range ep.Params {
		value, what := "", ""
		i, isGiven := given[p.Name]
		if isGiven {
			value = values[i].Value
			what = fmt.Sprintf("-P %s: %q", p.Name, value)
		} else {
			s, ok := p.DefaultString()
			if !ok {
				problems = append(problems, fmt.Sprintf("parameter %s: its default cannot be read as text", p.Name))
				continue
			}
			value = s
			what = fmt.Sprintf("parameter %s: the default %q", p.Name, value)
		}
		if p.Type == "path" {
			local, msg := checkPathValue(disk, root, workDir, value)
			if msg != "" {
				problems = append(problems, what+" "+msg)
				continue
			}
			if local != value {
				if isGiven {
					out[i].Value = local
				} else {
					out = append(out, mlproject.Value{Name: p.Name, Value: local})
				}
			}
			continue
		}
		if msg := checkTypedValue(p.Type, value); msg != "" {
			problems = append(problems, what+" "+msg)
		}
	}
	if len(problems) > 0 {
		return nil, &SelectionError{Problems: problems}
	}
	return out, nil
}

// checkTypedValue says why value does not fit typ, or "".
func checkTypedValue(typ, value string) string {
	err := mlproject.CheckValue(typ, value)
	if err == nil {
		return ""
	}
	switch typ {
	case "int":
		return "is not an int"
	case "float":
		return "is not a float"
	case "bool":
		return "is not a bool (use true or false)"
	case "uri":
		if strings.Contains(err.Error(), "Invalid IPv6") {
			return "is not a valid URI (unbalanced [ or ] in its host)"
		}
		return "is not a URI: it has no scheme such as file: or s3:"
	}
	return fmt.Sprintf("cannot be checked: unknown parameter type %q", typ)
}

// checkPathValue checks a path parameter's value as MLflow's
// _compute_path_value does, against the project root instead of the
// caller's working directory, and returns the local path to substitute.
func checkPathValue(disk Disk, root, workDir, value string) (string, string) {
	local, ok := mlproject.LocalPath(value)
	if !ok {
		return "", "is not a local path: MLflow downloads a remote path parameter before running, kfc does not; " +
			"download it and pass the local path, or declare the parameter as uri"
	}
	if local == "" {
		return "", "is empty, not a path"
	}
	abs := local
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(root, filepath.FromSlash(local))
	}
	if _, err := disk.Stat(abs); err != nil {
		msg := "does not exist"
		if !filepath.IsAbs(local) {
			msg += " (path parameters are relative to the project root"
			if workDir != "" && !sameDir(disk, workDir, root) {
				if _, err := disk.Stat(filepath.Join(workDir, filepath.FromSlash(local))); err == nil {
					if rel, err := filepath.Rel(root, filepath.Join(workDir, filepath.FromSlash(local))); err == nil {
						msg += fmt.Sprintf("; relative to the root, the file you mean is %q", filepath.ToSlash(rel))
					}
				}
			}
			msg += ")"
		}
		return "", msg
	}
	return local, ""
}

func sameDir(disk Disk, a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if a == b {
		return true
	}
	sa, errA := disk.Stat(a)
	sb, errB := disk.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
