package lint

import "testing"

func TestMLprojectPlaceholder(t *testing.T) {
	expectMLproject(t, "mlproject-placeholder", `
entry_points:
  main:
    parameters:
      l1-ratio: {type: float, default: 0.1}
    command: "python train.py {l1_ratio} {} awk '{print $1}'"
`, nil,
		"MLproject:6:31: error: placeholder {l1_ratio} names no parameter of entry point main; MLflow fails with KeyError 'l1_ratio' (did you mean {l1-ratio}?) [mlproject-placeholder]",
		"MLproject:6:42: error: the command of entry point main has an empty placeholder {}: MLflow passes only named parameters, so str.format fails with IndexError (write {{}} for literal braces) [mlproject-placeholder]",
		"MLproject:6:50: error: placeholder {print $1} names no parameter of entry point main; MLflow fails with KeyError 'print $1' (write {{ and }} for literal braces) [mlproject-placeholder]")
	expectMLproject(t, "mlproject-placeholder", `
entry_points:
  main:
    parameters:
      l1-ratio: {type: float, default: 0.1}
    command: "python train.py {l1-ratio} {{}} awk '{{print $1}}'"
`, nil)
}
