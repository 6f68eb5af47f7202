package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/project"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// RunsCmd is `kfc runs`: the runs of a tracking store, whoever wrote them.
type RunsCmd struct {
	Ls   RunsLsCmd   `cmd:"" help:"List runs, newest first."`
	Show RunsShowCmd `cmd:"" help:"Show a run: params, metrics, tags, artifacts and the kfc manifest's summary."`
	Diff RunsDiffCmd `cmd:"" help:"Compare the params and metrics of two runs."`
}

// StoreFlags choose the store as kfc exec does, unless --tracking-uri names one.
type StoreFlags struct {
	ProjectFlags
	Dir         string `short:"C" placeholder:"DIR" help:"Project directory (default: found from the working directory)."`
	TrackingURI string `name:"tracking-uri" help:"Store to read (default: MLFLOW_TRACKING_URI, mlflow.yml, ./mlruns, sqlite:///mlflow.db)."`
}

type RunsLsCmd struct {
	StoreFlags
	Experiment string `short:"x" help:"Only this experiment (by name)."`
	Format     string `short:"f" enum:"table,json" default:"table" help:"table or json."`
	Limit      int    `short:"n" default:"100" help:"At most this many runs (0: all)."`
}

type RunsShowCmd struct {
	StoreFlags
	RunRef string `arg:"" name:"run" help:"Run id, a unique prefix of one, or a run name."`
	Format string `short:"f" enum:"text,json" default:"text" help:"text or json."`
}

type RunsDiffCmd struct {
	StoreFlags
	RunA   string `arg:"" name:"run-a" help:"Old run (id, prefix or name)."`
	RunB   string `arg:"" name:"run-b" help:"New run (id, prefix or name)."`
	All    bool   `short:"a" help:"Also list params and metrics that did not change."`
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

// openReadStore opens the store the flags resolve to, refusing to create
// one: reading an absent default store is "no runs", not a new database.
func openReadStore(e *env, f StoreFlags) (tracking.Store, string, error) {
	root := f.Dir
	if root == "" {
		root = findProjectRoot(e.cwd)
	}
	if !filepath.IsAbs(root) {
		root = filepath.Join(e.cwd, root)
	}
	uri := f.TrackingURI
	if uri == "" {
		in := where.Input{Getenv: e.lookup, ProjectRoot: root}
		if proj, err := project.Load(project.Options{Root: root, Env: f.Env, Params: f.Params, Getenv: e.getenv}); err == nil {
			in.ConfigURI = recorder.ConfigFrom(proj.Config.Get("mlflow")).TrackingURI
		}
		uri = where.Resolve(in).URI
	}
	uri = where.Absolute(uri, root)
	if local := where.LocalPath(uri); local != "" {
		if _, err := os.Stat(local); err != nil {
			return nil, uri, &exitError{code: ExitUsage, msg: fmt.Sprintf("no tracking store at %s (nothing was tracked there yet)", uri)}
		}
	}
	st, err := where.OpenEnv(uri, root, e.lookup)
	if err != nil {
		return nil, uri, &exitError{code: ExitUsage, msg: fmt.Sprintf("tracking store %s: %v", uri, err)}
	}
	// A server that is down is said in seconds, not after MLflow's retry budget.
	if p, ok := st.(interface{ Ping(context.Context) error }); ok {
		if err := p.Ping(context.Background()); err != nil {
			st.Close()
			return nil, uri, storeErr(err)
		}
	}
	return st, uri, nil
}

func storeErr(err error) error {
	return &exitError{code: ExitFindings, msg: err.Error()}
}

type runRow struct {
	Run        *tracking.Run
	Experiment string
}

// allRuns lists the runs of the experiments (all when names is empty), newest first.
func allRuns(ctx context.Context, st tracking.Store, name string, limit int) ([]runRow, error) {
	exps, err := st.ListExperiments(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var ids []string
	for _, x := range exps {
		if name != "" && x.Name != name {
			continue
		}
		names[x.ID] = x.Name
		ids = append(ids, x.ID)
	}
	if name != "" && len(ids) == 0 {
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("no experiment named %q", name)}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	runs, err := st.SearchRuns(ctx, ids, limit)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].Info.StartTime > runs[j].Info.StartTime })
	out := make([]runRow, len(runs))
	for i, r := range runs {
		out[i] = runRow{r, names[r.Info.ExperimentID]}
	}
	return out, nil
}

// findRun resolves a run id, a unique id prefix or a unique run name.
func findRun(ctx context.Context, st tracking.Store, ref string) (*tracking.Run, string, error) {
	rows, err := allRuns(ctx, st, "", 0)
	if err != nil {
		return nil, "", storeErr(err)
	}
	var hits []runRow
	for _, r := range rows {
		if r.Run.Info.RunID == ref {
			hits = []runRow{r}
			break
		}
		if strings.HasPrefix(r.Run.Info.RunID, ref) || r.Run.Info.RunName == ref {
			hits = append(hits, r)
		}
	}
	switch len(hits) {
	case 0:
		return nil, "", &exitError{code: ExitUsage, msg: fmt.Sprintf("no run %q (an id, a unique id prefix or a run name)", ref)}
	case 1:
		full, err := st.GetRun(ctx, hits[0].Run.Info.RunID)
		if err != nil {
			return nil, "", storeErr(err)
		}
		return full, hits[0].Experiment, nil
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, shortID(h.Run.Info.RunID)+" ("+h.Run.Info.RunName+")")
	}
	return nil, "", &exitError{code: ExitUsage, msg: fmt.Sprintf("%q matches %d runs: %s; give more of the id", ref, len(hits), strings.Join(ids, ", "))}
}

func msTime(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05")
}

func duration(info tracking.RunInfo) string {
	if info.EndTime == 0 || info.StartTime == 0 {
		return "-"
	}
	return (time.Duration(info.EndTime-info.StartTime) * time.Millisecond).Round(time.Millisecond).String()
}

func (c *RunsLsCmd) Run(e *env) error {
	st, _, err := openReadStore(e, c.StoreFlags)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := allRuns(context.Background(), st, c.Experiment, c.Limit)
	if err != nil {
		if _, ok := err.(*exitError); ok {
			return err
		}
		return storeErr(err)
	}
	if c.Format == "json" {
		list := make([]any, 0, len(rows))
		for _, r := range rows {
			list = append(list, runJSON(r.Run, r.Experiment))
		}
		return writeJSONOut(e.stdout, list)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "RUN ID\tEXPERIMENT\tNAME\tSTATUS\tSTART (UTC)\tDURATION")
	for _, r := range rows {
		i := r.Run.Info
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", esc.Text(i.RunID), esc.Text(r.Experiment), esc.Text(i.RunName), i.Status, msTime(i.StartTime), duration(i))
	}
	return w.Flush()
}

// writeJSONOut writes v as indented JSON, with the invisible and C1
// control characters encoding/json leaves raw escaped too (esc.JSON).
func writeJSONOut(w io.Writer, v any) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, esc.JSON(b.String()))
	return err
}

// jsonFloat keeps nan and inf, which JSON has no numbers for, as strings.
func jsonFloat(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return py.FloatRepr(f)
	}
	return f
}

func runJSON(r *tracking.Run, experiment string) map[string]any {
	params, tags, metrics := map[string]string{}, map[string]string{}, map[string]any{}
	for _, p := range r.Params {
		params[p.Key] = p.Value
	}
	for _, t := range r.Tags {
		tags[t.Key] = t.Value
	}
	for _, m := range r.Metrics {
		metrics[m.Key] = map[string]any{"value": jsonFloat(m.Value), "step": m.Step, "timestamp": m.Timestamp}
	}
	out := map[string]any{
		"run_id": r.Info.RunID, "run_name": r.Info.RunName, "experiment_id": r.Info.ExperimentID, "experiment": experiment,
		"status": r.Info.Status.String(), "start_time": r.Info.StartTime, "artifact_uri": r.Info.ArtifactURI,
		"user_id": r.Info.UserID, "params": params, "metrics": metrics, "tags": tags,
	}
	if r.Info.EndTime != 0 {
		out["end_time"] = r.Info.EndTime
	}
	return out
}
