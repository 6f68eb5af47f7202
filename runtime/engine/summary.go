package engine

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
)

// summary is the end-of-run table: node, status, duration, reason. It is
// built whole and written at once: tabwriter writes each cell and padding
// apart, about nine writes a row, which on a pipe or terminal is nine
// system calls.
func summary(nodes []*plan.Node, results []NodeResult) []byte {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tSTATUS\tDURATION\tREASON")
	for i, n := range nodes {
		r := results[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", esc.Text(n.Name), r.Status, durationCell(r), esc.Text(r.Reason))
	}
	tw.Flush()
	return b.Bytes()
}

func durationCell(r NodeResult) string {
	if r.Status == Skipped || r.Status == NotRun {
		return "-"
	}
	return formatDuration(r.Duration)
}

// countLine is "3 succeeded, 2 skipped, 1 failed".
func countLine(results []NodeResult) string {
	order := []string{Succeeded, Skipped, Failed, Killed, NotRun}
	count := map[string]int{}
	for _, r := range results {
		count[r.Status]++
	}
	var parts []string
	for _, s := range order {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[s], strings.ReplaceAll(s, "_", " ")))
		}
	}
	return strings.Join(parts, ", ")
}

// markdownRows are the summary's rows as a Markdown table.
func markdownRows(nodes []*plan.Node, results []NodeResult) []byte {
	var b bytes.Buffer
	for i, n := range nodes {
		r := results[i]
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(n.Name), r.Status, durationCell(r), mdCell(r.Reason))
	}
	return b.Bytes()
}

// appendMarkdown appends the summary as a Markdown table, with rows from
// markdownRows, to path (GitHub Actions' job summary file).
func appendMarkdown(path, runID, status, count string, rows []byte) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### kfc exec: %s\n\n%s; run `%s`\n\n", status, count, esc.Text(runID))
	b.WriteString("| node | status | duration | reason |\n| --- | --- | --- | --- |\n")
	b.Write(rows)
	b.WriteString("\n")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// mdCell escapes what would break a Markdown table cell, and control
// characters (esc.Text).
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return esc.Text(strings.ReplaceAll(s, "\n", " "))
}
