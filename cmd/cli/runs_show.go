package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

func (c *RunsShowCmd) Run(e *env) error {
	st, _, err := openReadStore(e, c.StoreFlags)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	run, exp, err := findRun(ctx, st, c.RunRef)
	if err != nil {
		return err
	}
	arts, artErr := listArtifacts(ctx, st, run.Info.RunID, "", 0)
	manifest := manifestSummary(run)
	if c.Format == "json" {
		out := runJSON(run, exp)
		var list []any
		for _, a := range arts {
			list = append(list, map[string]any{"path": a.Path, "is_dir": a.IsDir, "size": a.Size})
		}
		out["artifacts"] = list
		if manifest != nil {
			out["manifest"] = manifest
		}
		return writeJSONOut(e.stdout, out)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	i := run.Info
	fmt.Fprintf(w, "run\t%s\nname\t%s\nexperiment\t%s (%s)\nstatus\t%s\nuser\t%s\nstart\t%s UTC\nend\t%s UTC\nduration\t%s\nartifacts\t%s\n",
		esc.Text(i.RunID), esc.Text(i.RunName), esc.Text(exp), esc.Text(i.ExperimentID), i.Status, esc.Text(i.UserID), msTime(i.StartTime), msTime(i.EndTime), duration(i), esc.Text(i.ArtifactURI))
	w.Flush()
	section := func(title string, n int) {
		fmt.Fprintf(e.stdout, "\n%s (%d):\n", title, n)
	}
	section("params", len(run.Params))
	for _, p := range run.Params {
		fmt.Fprintf(w, "  %s\t%s\n", esc.Text(p.Key), oneLine(p.Value))
	}
	w.Flush()
	section("metrics", len(run.Metrics))
	for _, m := range run.Metrics {
		fmt.Fprintf(w, "  %s\t%s\tstep %d\n", esc.Text(m.Key), py.FloatRepr(m.Value), m.Step)
	}
	w.Flush()
	section("tags", len(run.Tags))
	for _, t := range run.Tags {
		fmt.Fprintf(w, "  %s\t%s\n", esc.Text(t.Key), oneLine(t.Value))
	}
	w.Flush()
	section("artifact files", len(arts))
	for _, a := range arts {
		fmt.Fprintf(w, "  %s\t%d bytes\n", esc.Text(a.Path), a.Size)
	}
	w.Flush()
	if artErr != nil {
		fmt.Fprintf(e.stdout, "  (artifacts not listed: %s)\n", esc.Text(artErr.Error()))
	}
	if manifest != nil {
		fmt.Fprintf(e.stdout, "\nmanifest %s:\n", esc.Text(fmt.Sprint(manifest["path"])))
		keys := make([]string, 0, len(manifest))
		for k := range manifest {
			if k != "path" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %s\t%s\n", k, esc.Text(fmt.Sprint(manifest[k])))
		}
		w.Flush()
	}
	return nil
}

// oneLine keeps a table row on one line, its control characters escaped
// (esc.Text, which writes a line break as \n).
func oneLine(s string) string {
	s = esc.Text(s)
	if r := []rune(s); len(r) > 120 {
		return string(r[:117]) + "..."
	}
	return s
}

// listArtifacts lists files (not folders) recursively, at most 1000.
func listArtifacts(ctx context.Context, st tracking.Store, runID, dir string, depth int) ([]tracking.ArtifactInfo, error) {
	list, err := st.ListArtifacts(ctx, runID, dir)
	if err != nil {
		return nil, err
	}
	var out []tracking.ArtifactInfo
	for _, a := range list {
		if a.IsDir && depth < 16 {
			sub, err := listArtifacts(ctx, st, runID, a.Path, depth+1)
			if err != nil {
				return out, err
			}
			out = append(out, sub...)
		} else if !a.IsDir {
			out = append(out, a)
		}
		if len(out) >= 1000 {
			break
		}
	}
	return out, nil
}

// manifestSummary reads the kfc manifest the run's kfc.manifest tag names
// (or its copy kfc/manifest.json in the artifacts, for a local store),
// keeping the summary fields (docs/exec.md's manifest): status, kfc
// version, plan hash, env, pipeline, times, git commit and per-status node
// counts.
func manifestSummary(run *tracking.Run) map[string]any {
	var path string
	for _, t := range run.Tags {
		if t.Key == "kfc.manifest" {
			path = t.Value
		}
	}
	candidates := []string{path}
	if dir, err := localstore.LocalPath(run.Info.ArtifactURI); err == nil {
		candidates = append(candidates, filepath.Join(dir, "kfc", "manifest.json"))
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		out := map[string]any{"path": p}
		for _, k := range []string{"run_id", "status", "kfc_version", "plan_hash", "env", "pipeline", "start_time", "end_time"} {
			if v, ok := m[k]; ok && v != "" {
				out[k] = v
			}
		}
		if g, ok := m["git"].(map[string]any); ok {
			if c, _ := g["commit"].(string); c != "" {
				out["git"] = c
				if d, _ := g["dirty"].(bool); d {
					out["git"] = c + " (dirty)"
				}
			}
		}
		if nodes, ok := m["nodes"].([]any); ok {
			counts := map[string]int{}
			for _, n := range nodes {
				if nm, ok := n.(map[string]any); ok {
					s, _ := nm["status"].(string)
					counts[s]++
				}
			}
			var parts []string
			for s, n := range counts {
				parts = append(parts, fmt.Sprintf("%s %d", s, n))
			}
			sort.Strings(parts)
			out["nodes"] = strings.Join(parts, ", ")
		}
		return out
	}
	return nil
}
