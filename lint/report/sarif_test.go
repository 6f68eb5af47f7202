package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var sample = []diag.Diagnostic{
	{Pos: diag.Pos{File: "conf/base/catalog.yml", Line: 3, Col: 5}, Severity: diag.Error, Rule: "duplicate-key",
		Message: "duplicate key \"a\"", Notes: []diag.Note{{Pos: diag.Pos{File: "conf/base/catalog.yml", Line: 1, Col: 1}, Message: "first defined here"}}},
	{Pos: diag.Pos{File: "conf/local"}, Severity: diag.Warning, Rule: "missing-env", Message: "no folder"},
	{Pos: diag.Pos{File: "MLproject", Line: 2, Col: 1}, Severity: diag.Info, Rule: "not-registered", Message: "info <b>"},
}

// TestSARIFValidates checks kfc's SARIF against the published SARIF 2.1.0
// schema. .ci/run fetches the schema (an npm package ships it) and points
// KFC_SARIF_SCHEMA at it.
func TestSARIFValidates(t *testing.T) {
	path := os.Getenv("KFC_SARIF_SCHEMA")
	if path == "" {
		t.Skip("KFC_SARIF_SCHEMA is not set (.ci/run sets it); skipping validation against the published SARIF schema")
	}
	var out bytes.Buffer
	if err := SARIF(&out, sample, []RuleInfo{{Name: "duplicate-key", Doc: "d", Severity: diag.Error}, {Name: "missing-env", Doc: "m", Severity: diag.Warning}}, Tool{Name: "kfc", Version: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not validate: %v\n%s", err, out.String())
	}
	// The schema really constrains: a result with an unknown level fails.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(out.String(), `"level": "error"`, `"level": "fatal"`, 1)))
	if sch.Validate(bad) == nil {
		t.Fatal("the SARIF schema accepted an invalid level; is KFC_SARIF_SCHEMA the real schema?")
	}
}

func TestSARIFShape(t *testing.T) {
	var out bytes.Buffer
	if err := SARIF(&out, sample, nil, Tool{Name: "kfc"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleIndex        int
				Level            string
				Locations        []json.RawMessage
				RelatedLocations []json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != 3 || res[0].Level != "error" || res[1].Level != "warning" || res[2].Level != "note" || len(res[0].RelatedLocations) != 1 {
		t.Fatalf("unexpected results: %s", out.String())
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if rules[res[2].RuleIndex].ID != "not-registered" {
		t.Errorf("ruleIndex does not point at the rule: %s", out.String())
	}
	if strings.Contains(out.String(), `"region"`) && strings.Contains(out.String(), `"startLine": 0`) {
		t.Errorf("a whole-file finding must have no region")
	}
}

func TestGitHubEscapes(t *testing.T) {
	var out bytes.Buffer
	GitHub(&out, []diag.Diagnostic{{Pos: diag.Pos{File: "a,b:c.yml", Line: 1, Col: 2}, Severity: diag.Error, Rule: "r", Message: "100% bad\nsecond\x1b[31m", Notes: []diag.Note{{Pos: diag.Pos{File: "a,b:c.yml", Line: 3, Col: 1}, Message: "here"}}}})
	// A newline inside a message is the project's text (a key), escaped like
	// any control character; the one joining the note is a real line break.
	want := "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=kfc r::100%25 bad\\nsecond\\x1b[31m%0Aa,b:c.yml:3:1: note: here\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
