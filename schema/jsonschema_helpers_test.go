package schema

import (
	"bytes"
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// compileJSONSchema compiles one of kfc's generated JSON Schemas with
// santhosh-tekuri/jsonschema, to check it agrees with its CUE source.
func compileJSONSchema(t *testing.T, generate func() ([]byte, error)) *sjs.Schema {
	t.Helper()
	js, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	c := sjs.NewCompiler()
	c.DefaultDraft(sjs.Draft2020)
	if err := c.AddResource("kfc:generated.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	v, err := c.Compile("kfc:generated.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return v
}
