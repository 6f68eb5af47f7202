package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/esc"
)

// GitHub writes GitHub Actions workflow commands (::error file=...::msg),
// which the runner turns into annotations on the pull request's diff.
func GitHub(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		cmd := "notice"
		switch d.Severity {
		case diag.Error:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		props := "file=" + ghProp(esc.Text(d.Pos.File))
		if d.Pos.Line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
		}
		props += ",title=" + ghProp("kfc "+d.Rule)
		// Escaped first: a raw ESC or bidi character would still reach the
		// log; the newlines joining notes are the only real ones.
		msg := esc.Text(d.Message)
		for _, n := range d.Notes {
			msg += "\n" + esc.Text(n.Pos.String()+": note: "+n.Message)
		}
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, ghData(msg))
	}
}

// ghData escapes a workflow command's message as the Actions toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a property value: ':' and ',' separate properties.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
