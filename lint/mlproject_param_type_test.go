package lint

import "testing"

func TestMLprojectParamType(t *testing.T) {
	expectMLproject(t, "mlproject-param-type", `
entry_points:
  main:
    parameters:
      data: dataset
      epochs: {type: int, default: 1e5}
      rate: {type: float, default: 1e-1}
    command: python train.py {data} {epochs} {rate}
`, nil,
		"MLproject:5:13: error: parameter data has unknown type 'dataset'; MLflow passes it through unchecked, kfc knows string, float, int, bool, path, uri [mlproject-param-type]",
		"MLproject:6:36: error: the default of parameter epochs does not fit its type int: '1e5' is not an int [mlproject-param-type]")
	expectMLproject(t, "mlproject-param-type", `
entry_points:
  main:
    parameters:
      data: path
      epochs: {type: int, default: 100000}
      rate: {type: float, default: 1e-1}
    command: python train.py {data} {epochs} {rate}
`, nil)
}
