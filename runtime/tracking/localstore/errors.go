// Package localstore holds what kfc's two local tracking stores (SQLite and
// FileStore) share: MLflow's error codes and messages for what its own stores
// refuse on write, its name rules for keys and ids, and its id and run-name
// generators. Both stores refuse the same inputs with the same text, so a
// user sees one behaviour whichever store a project uses.
package localstore

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// MLflow's error codes (databricks_pb2 names) used by the local stores.
const (
	InvalidParameterValue  = "INVALID_PARAMETER_VALUE"
	ResourceAlreadyExists  = "RESOURCE_ALREADY_EXISTS"
	ResourceDoesNotExist   = "RESOURCE_DOES_NOT_EXIST"
	InvalidState           = "INVALID_STATE"
	InternalError          = "INTERNAL_ERROR"
	TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE"
)

// Error is an MLflowException: an error code and MLflow's message text.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidValue is MLflow's invalid_value message: the value as compact JSON.
func InvalidValue(path, value, message string) *Error {
	b, _ := json.Marshal(value)
	v := string(b)
	if message != "" {
		return Errorf(InvalidParameterValue, "Invalid value %s for parameter '%s' supplied: %s", v, path, message)
	}
	return Errorf(InvalidParameterValue, "Invalid value %s for parameter '%s' supplied.", v, path)
}

// ParamChanged is the FileStore's text for re-logging a param with another value.
func ParamChanged(key, old, new, runID string) *Error {
	return Errorf(InvalidParameterValue,
		"Changing param values is not allowed. Param with key='%s' was already logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
		key, old, runID, new)
}

// ParamsChanged is SqlAlchemyStore's text for the same refusal: a Python
// list of dicts {'key', 'old_value', 'new_value'}.
func ParamsChanged(changes [][3]string, runID string) *Error {
	items := make([]string, len(changes))
	for i, c := range changes {
		items[i] = fmt.Sprintf("{'key': %s, 'old_value': %s, 'new_value': %s}", py.Repr(c[0]), py.Repr(c[1]), py.Repr(c[2]))
	}
	return Errorf(InvalidParameterValue,
		"Changing param values is not allowed. Params were already logged='[%s]' for run ID='%s'.",
		strings.Join(items, ", "), runID)
}

// DuplicateParamKeys refuses a batch that names one param key twice, as
// MLflow's _validate_param_keys_unique does.
func DuplicateParamKeys(keys []string) error {
	seen := map[string]bool{}
	var dupes []string
	for _, k := range keys {
		if seen[k] {
			dupes = append(dupes, py.Repr(k))
		}
		seen[k] = true
	}
	if len(dupes) == 0 {
		return nil
	}
	return Errorf(InvalidParameterValue,
		"Duplicate parameter keys have been submitted: [%s]. Please ensure the request contains only one param value per param key.",
		strings.Join(dupes, ", "))
}

// RunNotActive is the SQL store's refusal to write to a deleted run.
func RunNotActive(runID, stage string) *Error {
	return Errorf(InvalidParameterValue, "The run %s must be in the 'active' state. Current state is %s.", runID, stage)
}

// RunNameConflict refuses a run name that disagrees with its mlflow.runName tag.
func RunNameConflict(name, tag string) *Error {
	return Errorf(InvalidParameterValue,
		"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='%s', mlflow.runName='%s').",
		name, tag)
}
