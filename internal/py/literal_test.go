package py

import "testing"

func TestReadModuleOddities(t *testing.T) {
	m := ReadModule(`
A = r"C:\path" 'x'  # comment with "quote
B = f"{x}"
C = b"bytes"
D = """multi
line"""
E = (1, -2.5, 0x10, 1_000, 1e3)
F = ("only")
G = {1, 2}
H = {"k": [1, (2, 3), {"n": None}], "t": True}
I = unterminated("
J = "after"
K = {"a": 1 if x else 2, "b": [i for i in y], "c": {"d": "e"}}
L = {)
M = "\x41\u00e9\n"
`)
	text := func(name string) string {
		if v := m.Assigns[name]; v != nil && v.Kind == String {
			return v.Text
		}
		return "<not a str>"
	}
	if text("A") != `C:\pathx` || text("D") != "multi\nline" || text("F") != "only" || text("J") != "after" || text("M") != "Aé\n" {
		t.Errorf("strings: A=%q D=%q F=%q J=%q M=%q", text("A"), text("D"), text("F"), text("J"), text("M"))
	}
	for _, name := range []string{"B", "C", "I"} {
		if m.Assigns[name].Kind != Opaque {
			t.Errorf("%s should be opaque, is %s", name, m.Assigns[name].Kind)
		}
	}
	if e := m.Assigns["E"]; e.Kind != List || len(e.Items) != 5 || e.Items[1].Num != -2.5 || e.Items[2].Num != 16 || e.Items[3].Num != 1000 || e.Items[4].Num != 1000 {
		t.Errorf("tuple: %+v", e)
	}
	if g := m.Assigns["G"]; g.Kind != List || len(g.Items) != 2 {
		t.Errorf("set: %+v", g)
	}
	h := m.Assigns["H"]
	if h.Get("t").Kind != Bool || !h.Get("t").Bool || h.Get("k").Items[2].Get("n").Kind != None {
		t.Errorf("nested: %+v", h)
	}
	k := m.Assigns["K"]
	if k.Get("a").Kind != Opaque || k.Get("b").Items[0].Kind != Opaque || k.Get("c").Get("d").Text != "e" {
		t.Errorf("expressions in a dict: %+v", k)
	}
}

func FuzzReadModule(f *testing.F) {
	f.Add("CONF_SOURCE = \"conf\"\nCONFIG_LOADER_ARGS = {\"base_env\": \"base\", \"config_patterns\": {\"spark\": [\"spark*\"]}}\n")
	f.Add("A = {'a': [1, (2,), {3}], **x}\nB = dict(a=1, *c)\n")
	f.Add("X = ((((\n")
	f.Add("Y = '''\n")
	f.Fuzz(func(t *testing.T, src string) {
		ReadModule(src) // must not panic or hang
	})
}
