package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// LogCmd is `kfc log`: a node logs into the run kfc started for it (the
// run MLFLOW_RUN_ID names, in the store MLFLOW_TRACKING_URI names), as the
// MLflow client would, from any language.
type LogCmd struct {
	Param    LogParamCmd    `cmd:"" help:"Log a parameter (immutable: the same value again is fine, another is an error)."`
	Metric   LogMetricCmd   `cmd:"" help:"Log a metric point."`
	Tag      LogTagCmd      `cmd:"" help:"Set a run tag."`
	Artifact LogArtifactCmd `cmd:"" help:"Copy a file or folder into the run's artifacts."`
}

type LogParamCmd struct {
	Name  string `arg:"" help:"Parameter key."`
	Value string `arg:"" help:"Value, logged as given."`
}

type LogMetricCmd struct {
	Name      string `arg:"" help:"Metric key."`
	Value     string `arg:"" help:"A number (nan, inf and -inf too)."`
	Step      int64  `help:"Step (default 0)."`
	Timestamp int64  `help:"Milliseconds since the epoch (default: now)." default:"-1"`
}

type LogTagCmd struct {
	Name  string `arg:"" help:"Tag key."`
	Value string `arg:"" help:"Value."`
}

type LogArtifactCmd struct {
	Path         string `arg:"" help:"Local file or folder."`
	ArtifactPath string `arg:"" optional:"" help:"Folder under the run's artifact root (default: the root)."`
}

// runStore opens the store of the run the environment names.
func runStore(e *env) (tracking.Store, string, error) {
	runID, _ := e.getenv("MLFLOW_RUN_ID")
	uri, _ := e.getenv("MLFLOW_TRACKING_URI")
	if kfcRun, _ := e.getenv("KFC_RUN_ID"); (runID == "" || uri == "") && kfcRun != "" {
		// Inside a kfc exec with tracking off (--no-tracking, or
		// --tracking-optional with the store down): the node goes on, as
		// MLflow's fluent API does with no active run to log to.
		return nil, "", &exitError{code: ExitClean, msg: "kfc log: tracking is off for this run; nothing logged"}
	}
	if runID == "" || uri == "" {
		return nil, "", usageErr("kfc log: not inside a run: MLFLOW_RUN_ID and MLFLOW_TRACKING_URI must be set (kfc exec sets them for every node)")
	}
	st, err := where.OpenEnv(uri, e.cwd, e.lookup)
	if err != nil {
		return nil, "", &exitError{code: ExitFindings, msg: fmt.Sprintf("kfc log: tracking store %s: %v", uri, err)}
	}
	return st, runID, nil
}

// lookup is getenv without the presence flag.
func (e *env) lookup(k string) string {
	v, _ := e.getenv(k)
	return v
}

// truncateLongValues is MLFLOW_TRUNCATE_LONG_VALUES (default true).
func truncateLongValues(e *env) bool {
	switch strings.ToLower(e.lookup("MLFLOW_TRUNCATE_LONG_VALUES")) {
	case "false", "0":
		return false
	}
	return true
}

func logBatch(e *env, ms []tracking.Metric, ps []tracking.Param, ts []tracking.Tag) error {
	st, runID, err := runStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.LogBatch(context.Background(), runID, ms, ps, ts); err != nil {
		return &exitError{code: ExitFindings, msg: "kfc log: " + err.Error()}
	}
	return nil
}

func limitErr(err error) error {
	return &exitError{code: ExitUsage, msg: "kfc log: " + err.Error()}
}

func (c *LogParamCmd) Run(e *env) error {
	v, truncated, err := tracking.ValidateParam(c.Name, c.Value, truncateLongValues(e))
	if err != nil {
		return limitErr(err)
	}
	if truncated {
		fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc log: warning: param %q (%d characters) is truncated to %d characters to meet MLflow's length limit (MLFLOW_TRUNCATE_LONG_VALUES=false makes this an error)", c.Name, len([]rune(c.Value)), tracking.MaxParamValueLength)))
	}
	return logBatch(e, nil, []tracking.Param{{Key: c.Name, Value: v}}, nil)
}

func (c *LogTagCmd) Run(e *env) error {
	v, truncated, err := tracking.ValidateTag(c.Name, c.Value, truncateLongValues(e))
	if err != nil {
		return limitErr(err)
	}
	if truncated {
		fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc log: warning: tag %q (%d characters) is truncated to %d characters to meet MLflow's length limit", c.Name, len([]rune(c.Value)), tracking.MaxTagValueLength)))
	}
	return logBatch(e, nil, nil, []tracking.Tag{{Key: c.Name, Value: v}})
}

func (c *LogMetricCmd) Run(e *env) error {
	v, err := tracking.ParseMetricValue(c.Name, c.Value)
	if err != nil {
		return limitErr(err)
	}
	ts := c.Timestamp
	if ts == -1 {
		ts = time.Now().UnixMilli()
	}
	m := tracking.Metric{Key: c.Name, Value: v, Timestamp: ts, Step: c.Step}
	if err := tracking.ValidateMetric(m); err != nil {
		return limitErr(err)
	}
	return logBatch(e, []tracking.Metric{m}, nil, nil)
}

func (c *LogArtifactCmd) Run(e *env) error {
	st, runID, err := runStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	p := c.Path
	if !filepath.IsAbs(p) {
		p = filepath.Join(e.cwd, p)
	}
	if err := st.LogArtifact(context.Background(), runID, p, c.ArtifactPath); err != nil {
		return &exitError{code: ExitFindings, msg: "kfc log artifact: " + err.Error()}
	}
	return nil
}
