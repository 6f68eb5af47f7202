package pyproject

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// Decoding a part of the one parsed document gives what decoding the
// whole file gives, errors word for word: findings keep their messages.
func TestDecodeMatchesWholeFileDecode(t *testing.T) {
	type rules struct {
		KFC struct {
			Rules map[string]string `toml:"rules"`
			Paths []struct {
				Path string `toml:"path"`
			} `toml:"paths"`
		} `toml:"kfc"`
	}
	for _, src := range []string{
		"[tool.kfc.rules]\na = \"off\"\n",
		"[tool.kfc]\nrules = 3\n",
		"[tool.kfc]\npaths = [{path = 1}]\n",
		"[project]\nname = \"x\"\n",
	} {
		var whole struct {
			Tool rules `toml:"tool"`
		}
		_, wantErr := toml.Decode(src, &whole)
		var part rules
		err := Parse([]byte(src)).Decode("tool", &part)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%q: Decode error %v, whole-file decode %v", src, err, wantErr)
		}
		if err == nil && len(part.KFC.Rules) != len(whole.Tool.KFC.Rules) {
			t.Errorf("%q: %+v, want %+v", src, part, whole.Tool)
		}
	}
	if d := Parse([]byte("[tool\n")); d.Err == nil || d.Type("tool") != "" || d.Decode("tool", new(rules)) != nil {
		t.Errorf("a file that does not parse: Err %v", d.Err)
	}
	var nilDoc *Doc
	if nilDoc.Type("tool") != "" || nilDoc.Keys() != nil || nilDoc.Decode("tool", new(rules)) != nil {
		t.Error("a nil Doc is no file")
	}
}
