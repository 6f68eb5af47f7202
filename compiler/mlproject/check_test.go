package mlproject

import "testing"

func TestCheckValue(t *testing.T) {
	for _, c := range []struct {
		typ, value string
		ok         bool
	}{
		{"string", "", true}, {"string", "anything at all", true},
		{"int", "0", true}, {"int", "-12", true}, {"int", "+7", true}, {"int", "1_000", true},
		{"int", "1e5", false}, {"int", "0.5", false}, {"int", "", false}, {"int", " 1", true},
		{"int", "1__0", false}, {"int", "0x1F", false}, {"int", "٣", true},
		// Python's int()/float() strip Unicode whitespace (not U+001C..U+001F)
		// and read any decimal digits (python3.11 -c 'int("\u3000١٢\n")').
		{"int", "\t-3 \n", true}, {"int", "\u30005\u3000", true}, {"int", "\u00a05", true}, {"int", "\u00855", true},
		{"int", "\x1c5", false}, {"int", "5\x1f", false}, {"int", "+ 3", false}, {"int", "1 2", false},
		{"int", "\U0001d7d85", true}, {"int", "\uff11\uff12", true}, {"int", "1e3", false},
		{"float", " 1.5 ", true}, {"float", "\uff11.\uff15", true}, {"float", " -iNf ", true}, {"float", "1_0e1_0", true},
		{"float", "\x1c1.5", false}, {"float", "1_.5", false},
		{"float", "1", true}, {"float", "-1.5", true}, {"float", ".5", true}, {"float", "1.", true},
		{"float", "1e-3", true}, {"float", "1E+10", true}, {"float", "1_000.5", true},
		{"float", "inf", true}, {"float", "-Infinity", true}, {"float", "NaN", true},
		{"float", "1e", false}, {"float", ".", false}, {"float", "abc", false}, {"float", "", false},
		{"float", "1,5", false}, {"float", "0x1p3", false},
		{"bool", "True", true}, {"bool", "false", true}, {"bool", "TRUE", true}, {"bool", "1", true}, {"bool", "0", true},
		{"bool", "yes", false}, {"bool", "", false}, {"bool", "2", false},
		{"path", "data/x.csv", true}, {"path", "s3://b/k", true}, {"path", "", false}, {"path", "a\x00b", false},
		{"uri", "s3://bucket/key", true}, {"uri", "file:///tmp/x", true}, {"uri", "c:/data.csv", true},
		{"uri", "mailto:a@b", true}, {"uri", "  http://x", true}, {"uri", "ht\ttp://x", true},
		{"uri", "data/x.csv", false}, {"uri", "", false}, {"uri", "1http://x", false}, {"uri", ":x", false},
		{"uri", "a_b://x", false}, {"uri", "http://[::1/x", false},
		{"data", "x", false},
	} {
		err := CheckValue(c.typ, c.value)
		if (err == nil) != c.ok {
			t.Errorf("CheckValue(%q, %q) = %v, want ok=%v", c.typ, c.value, err, c.ok)
		}
	}
}

func TestKnownType(t *testing.T) {
	for _, typ := range Types {
		if !KnownType(typ) {
			t.Errorf("%s not known", typ)
		}
	}
	if KnownType("Float") || KnownType("data") {
		t.Error("type names are case-sensitive and closed")
	}
}
