package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/encoding/jsonschema"
)

var (
	pipelinesOnce   sync.Once
	pipelinesSchema []byte
	pipelinesErr    error
)

// PipelinesJSONSchema returns the JSON Schema (draft 2020-12) of kfc's
// pipelines files, generated from #Pipelines in pipelines.cue with CUE's
// encoding/jsonschema (experimental in cuelang.org/go v0.17): indented,
// keys sorted, with a trailing newline.
func PipelinesJSONSchema() ([]byte, error) {
	pipelinesOnce.Do(func() {
		pipelinesSchema, pipelinesErr = definitionJSONSchema("#Pipelines", "kfc pipelines (conf/<env>/pipelines*.yml)")
	})
	return pipelinesSchema, pipelinesErr
}

// definitionJSONSchema generates the JSON Schema of one definition of the
// embedded package, with a title.
func definitionJSONSchema(def, title string) ([]byte, error) {
	s, err := Load()
	if err != nil {
		return nil, err
	}
	return s.jsonSchema(def, title, nil)
}

// jsonSchema generates the JSON Schema of one definition of s; edit, when
// not nil, changes the decoded document before it is encoded.
func (s *Schemas) jsonSchema(def, title string, edit func(map[string]any)) ([]byte, error) {
	v := s.Value().LookupPath(cue.ParsePath(def))
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("schema: %s: %v", def, err)
	}
	expr, err := jsonschema.Generate(v, &jsonschema.GenerateConfig{Version: jsonschema.VersionDraft2020_12})
	if err != nil {
		return nil, fmt.Errorf("schema: generating the JSON Schema of %s: %v", def, err)
	}
	raw, err := s.Context().BuildExpr(expr).MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("schema: encoding the JSON Schema of %s: %v", def, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	doc["title"] = title
	if edit != nil {
		edit(doc)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
