// Package resttest is an in-memory MLflow tracking server for tests. It
// enforces the REST contract kfc relies on, as MLflow's handlers do:
// methods and paths, status codes and {"error_code","message"} bodies,
// log-batch limits, parameter immutability, the mlflow-artifacts proxy.
package resttest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Server is the fake; its fields may be set before the first request.
type Server struct {
	*httptest.Server
	// Username/Password require Basic auth; Token requires Bearer auth.
	Username, Password, Token string

	mu        sync.Mutex
	exps      []*exp
	runs      map[string]*run
	artifacts map[string][]byte // "<exp>/<run>/artifacts/<path>" -> bytes
	failures  []int             // statuses to answer the next requests with
	Requests  map[string]int    // "METHOD path" -> count
	Batches   []BatchSizes      // every accepted log-batch request's sizes
}

// BatchSizes is one log-batch request's content counts.
type BatchSizes struct{ Metrics, Params, Tags int }

type exp struct {
	ID, Name, ArtifactLocation, Stage string
	Created                           int64
	Tags                              map[string]string
}

type run struct {
	Info    map[string]any
	Params  map[string]string
	Tags    map[string]string
	Metrics map[string][]map[string]any
}

// New starts the fake on 127.0.0.1 with the Default experiment "0".
func New() *Server {
	s := &Server{runs: map[string]*run{}, artifacts: map[string][]byte{}, Requests: map[string]int{}}
	s.exps = []*exp{{ID: "0", Name: "Default", ArtifactLocation: "mlflow-artifacts:/0", Stage: "active", Tags: map[string]string{}}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// FailNext makes the next len(statuses) requests answer those statuses
// (with an MLflow error body), then serve normally.
func (s *Server) FailNext(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, statuses...)
}

// Artifact returns an uploaded artifact's bytes by its full proxy path.
func (s *Server) Artifact(p string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.artifacts[p]
	return b, ok
}

// Run returns a copy of the run's params, tags and info for assertions.
func (s *Server) Run(id string) (info map[string]any, params, tags map[string]string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs[id]
	if !ok {
		return nil, nil, nil, false
	}
	return clone(r.Info), cloneS(r.Params), cloneS(r.Tags), true
}

func clone(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneS(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

type apiError struct {
	status int
	code   string
	msg    string
}

func fail(status int, code, format string, args ...any) *apiError {
	return &apiError{status, code, fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Requests[r.Method+" "+r.URL.Path]++
	if len(s.failures) > 0 {
		st := s.failures[0]
		s.failures = s.failures[1:]
		code := "INTERNAL_ERROR"
		if st == 429 {
			code = "REQUEST_LIMIT_EXCEEDED"
		}
		writeJSON(w, st, map[string]string{"error_code": code, "message": "injected failure"})
		return
	}
	if !s.authorized(r) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.")
		return
	}
	out, aerr := s.route(r)
	if aerr != nil {
		writeJSON(w, aerr.status, map[string]string{"error_code": aerr.code, "message": aerr.msg})
		return
	}
	writeJSON(w, 200, out)
}

func (s *Server) authorized(r *http.Request) bool {
	got := r.Header.Get("Authorization")
	switch {
	case s.Username != "":
		u, p, ok := r.BasicAuth()
		return ok && u == s.Username && p == s.Password
	case s.Token != "":
		return got == "Bearer "+s.Token
	}
	return true
}

type body map[string]any

func (s *Server) route(r *http.Request) (any, *apiError) {
	const art = "/api/2.0/mlflow-artifacts/artifacts"
	if p, ok := strings.CutPrefix(r.URL.Path, art); ok {
		return s.artifactsRoute(r, strings.TrimPrefix(p, "/"))
	}
	ep, ok := strings.CutPrefix(r.URL.Path, "/api/2.0/mlflow/")
	if !ok {
		return nil, fail(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for %s", r.URL.Path)
	}
	methods := map[string]string{
		"experiments/get-by-name": "GET", "experiments/create": "POST", "experiments/search": "GET POST",
		"runs/create": "POST", "runs/update": "POST", "runs/log-batch": "POST", "runs/get": "GET",
		"runs/search": "POST", "metrics/get-history": "GET",
	}
	allowed, known := methods[ep]
	if !known {
		return nil, fail(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for %s", r.URL.Path)
	}
	if !strings.Contains(allowed, r.Method) {
		return nil, fail(405, "BAD_REQUEST", "method %s not allowed for %s", r.Method, ep)
	}
	var b body
	if r.Method == "POST" {
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			return nil, fail(400, "MALFORMED_REQUEST", "Malformed request: %v", err)
		}
	}
	q := r.URL.Query()
	switch ep {
	case "experiments/get-by-name":
		name := q.Get("experiment_name")
		if name == "" {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'experiment_name'.")
		}
		for _, e := range s.exps {
			if e.Name == name {
				return map[string]any{"experiment": expJSON(e)}, nil
			}
		}
		return nil, fail(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '%s'", name)
	case "experiments/create":
		name, _ := b["name"].(string)
		if name == "" {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'.")
		}
		for _, e := range s.exps {
			if e.Name == name {
				return nil, fail(400, "RESOURCE_ALREADY_EXISTS", "Experiment '%s' already exists.", name)
			}
		}
		id := strconv.Itoa(len(s.exps))
		loc, _ := b["artifact_location"].(string)
		if loc == "" {
			loc = "mlflow-artifacts:/" + id
		}
		e := &exp{ID: id, Name: name, ArtifactLocation: loc, Stage: "active", Created: 1, Tags: map[string]string{}}
		for _, t := range kvList(b["tags"]) {
			e.Tags[t[0]] = t[1]
		}
		s.exps = append(s.exps, e)
		return map[string]any{"experiment_id": id}, nil
	case "experiments/search":
		var list []any
		for _, e := range s.exps {
			list = append(list, expJSON(e))
		}
		return map[string]any{"experiments": list}, nil
	case "runs/create":
		return s.createRun(b)
	case "runs/update":
		rn, aerr := s.run(b["run_id"])
		if aerr != nil {
			return nil, aerr
		}
		st, _ := b["status"].(string)
		switch st {
		case "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED":
		default:
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Invalid value %q for parameter 'status' supplied.", st)
		}
		rn.Info["status"] = st
		if et, ok := b["end_time"].(float64); ok {
			rn.Info["end_time"] = int64(et)
		}
		return map[string]any{"run_info": rn.Info}, nil
	case "runs/log-batch":
		return s.logBatch(b)
	case "runs/get":
		rn, aerr := s.run(q.Get("run_id"))
		if aerr != nil {
			return nil, aerr
		}
		return map[string]any{"run": runJSON(rn)}, nil
	case "runs/search":
		ids := map[string]bool{}
		for _, v := range asList(b["experiment_ids"]) {
			id, _ := v.(string)
			ids[id] = true
		}
		var list []*run
		for _, rn := range s.runs {
			if ids[rn.Info["experiment_id"].(string)] {
				list = append(list, rn)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Info["start_time"].(int64) > list[j].Info["start_time"].(int64) })
		if mr, ok := b["max_results"].(float64); ok && int(mr) < len(list) {
			list = list[:int(mr)]
		}
		var out []any
		for _, rn := range list {
			out = append(out, runJSON(rn))
		}
		return map[string]any{"runs": out}, nil
	case "metrics/get-history":
		rn, aerr := s.run(q.Get("run_id"))
		if aerr != nil {
			return nil, aerr
		}
		return map[string]any{"metrics": rn.Metrics[q.Get("metric_key")]}, nil
	}
	return nil, fail(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for %s", r.URL.Path)
}

func asList(v any) []any { l, _ := v.([]any); return l }

func kvList(v any) [][2]string {
	var out [][2]string
	for _, it := range asList(v) {
		m, _ := it.(map[string]any)
		k, _ := m["key"].(string)
		val, _ := m["value"].(string)
		out = append(out, [2]string{k, val})
	}
	return out
}

func expJSON(e *exp) map[string]any {
	var tags []any
	for k, v := range e.Tags {
		tags = append(tags, map[string]string{"key": k, "value": v})
	}
	return map[string]any{"experiment_id": e.ID, "name": e.Name, "artifact_location": e.ArtifactLocation,
		"lifecycle_stage": e.Stage, "creation_time": e.Created, "last_update_time": e.Created, "tags": tags}
}

func runJSON(rn *run) map[string]any {
	var params, tags, metrics []any
	for _, k := range sortedKeys(rn.Params) {
		params = append(params, map[string]string{"key": k, "value": rn.Params[k]})
	}
	for _, k := range sortedKeys(rn.Tags) {
		tags = append(tags, map[string]string{"key": k, "value": rn.Tags[k]})
	}
	for k, pts := range rn.Metrics {
		latest := pts[0]
		for _, p := range pts[1:] {
			if p["step"].(int64) > latest["step"].(int64) || (p["step"].(int64) == latest["step"].(int64) && p["timestamp"].(int64) >= latest["timestamp"].(int64)) {
				latest = p
			}
		}
		_ = k
		metrics = append(metrics, latest)
	}
	return map[string]any{"info": rn.Info, "data": map[string]any{"params": params, "tags": tags, "metrics": metrics}}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *Server) run(id any) (*run, *apiError) {
	sid, _ := id.(string)
	if sid == "" {
		return nil, fail(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'run_id'.")
	}
	rn, ok := s.runs[sid]
	if !ok {
		return nil, fail(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=%s not found", sid)
	}
	return rn, nil
}

func (s *Server) createRun(b body) (any, *apiError) {
	eid, _ := b["experiment_id"].(string)
	var e *exp
	for _, x := range s.exps {
		if x.ID == eid {
			e = x
		}
	}
	if e == nil {
		return nil, fail(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=%s exists", eid)
	}
	var raw [16]byte
	_, _ = rand.Read(raw[:])
	id := hex.EncodeToString(raw[:])
	start, _ := b["start_time"].(float64)
	name, _ := b["run_name"].(string)
	user, _ := b["user_id"].(string)
	rn := &run{Params: map[string]string{}, Tags: map[string]string{}, Metrics: map[string][]map[string]any{}}
	for _, t := range kvList(b["tags"]) {
		rn.Tags[t[0]] = t[1]
	}
	if tn, ok := rn.Tags["mlflow.runName"]; ok && name != "" && tn != name {
		return nil, fail(400, "INVALID_PARAMETER_VALUE", "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='%s', mlflow.runName='%s').", name, tn)
	}
	if name == "" {
		name = rn.Tags["mlflow.runName"]
	}
	if name == "" {
		name = "fake-run-" + id[:4]
	}
	rn.Tags["mlflow.runName"] = name
	rn.Info = map[string]any{"run_id": id, "run_uuid": id, "run_name": name, "experiment_id": eid, "user_id": user,
		"status": "RUNNING", "start_time": int64(start), "artifact_uri": e.ArtifactLocation + "/" + id + "/artifacts",
		"lifecycle_stage": "active"}
	s.runs[id] = rn
	return map[string]any{"run": runJSON(rn)}, nil
}

func (s *Server) logBatch(b body) (any, *apiError) {
	rn, aerr := s.run(b["run_id"])
	if aerr != nil {
		return nil, aerr
	}
	metrics, params, tags := asList(b["metrics"]), kvList(b["params"]), kvList(b["tags"])
	limit := func(what string, n, max int) *apiError {
		if n > max {
			return fail(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most %d %s. Got %d %s. Please split up %s across multiple requests and try again.", max, what, n, what, what)
		}
		return nil
	}
	for _, e := range []*apiError{limit("metrics", len(metrics), 1000), limit("params", len(params), 100), limit("tags", len(tags), 100),
		limit("metrics, params, and tags", len(metrics)+len(params)+len(tags), 1000)} {
		if e != nil {
			return nil, e
		}
	}
	for i, p := range params {
		if len([]rune(p[0])) > 250 {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "'Param key' exceeds the maximum length of 250 characters")
		}
		if len([]rune(p[1])) > 6000 {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "'params[%d].value' exceeds the maximum length of 6000 characters", i)
		}
		if old, ok := rn.Params[p[0]]; ok && old != p[1] {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with key='%s' was already logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.", p[0], old, rn.Info["run_id"], p[1])
		}
	}
	for i, t := range tags {
		if len([]rune(t[1])) > 8000 {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "'tags[%d].value' exceeds the maximum length of 8000 characters", i)
		}
	}
	var pts []map[string]any
	for i, m := range metrics {
		mm, _ := m.(map[string]any)
		key, _ := mm["key"].(string)
		var value any
		switch v := mm["value"].(type) {
		case float64:
			value = v
		case string:
			if v != "NaN" && v != "Infinity" && v != "-Infinity" {
				return nil, fail(400, "INVALID_PARAMETER_VALUE", "Invalid value %q for parameter 'metrics[%d].value' supplied", v, i)
			}
			value = v
		default:
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Invalid value for parameter 'metrics[%d].value' supplied: Please specify value as a valid double (64-bit floating point)", i)
		}
		ts, ok := mm["timestamp"].(float64)
		if !ok {
			return nil, fail(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'metrics[%d].timestamp'.", i)
		}
		step, _ := mm["step"].(float64)
		pts = append(pts, map[string]any{"key": key, "value": value, "timestamp": int64(ts), "step": int64(step)})
	}
	for _, p := range params {
		rn.Params[p[0]] = p[1]
	}
	for _, t := range tags {
		rn.Tags[t[0]] = t[1]
		if t[0] == "mlflow.runName" {
			rn.Info["run_name"] = t[1]
		}
	}
	for _, p := range pts {
		k := p["key"].(string)
		rn.Metrics[k] = append(rn.Metrics[k], p)
	}
	s.Batches = append(s.Batches, BatchSizes{len(metrics), len(params), len(tags)})
	return map[string]any{}, nil
}

func (s *Server) artifactsRoute(r *http.Request, p string) (any, *apiError) {
	if strings.Contains(p, "..") {
		return nil, fail(400, "INVALID_PARAMETER_VALUE", "Invalid path")
	}
	switch r.Method {
	case "PUT":
		data, _ := io.ReadAll(r.Body)
		s.artifacts[p] = data
		return map[string]any{}, nil
	case "GET":
		if p != "" {
			b, ok := s.artifacts[p]
			if !ok {
				return nil, fail(404, "RESOURCE_DOES_NOT_EXIST", "no artifact %s", p)
			}
			return string(b), nil
		}
		dir := strings.Trim(r.URL.Query().Get("path"), "/")
		seen := map[string]map[string]any{}
		for k, b := range s.artifacts {
			rest, ok := strings.CutPrefix(k, dir+"/")
			if !ok {
				continue
			}
			name, sub, isDir := strings.Cut(rest, "/")
			_ = sub
			if isDir {
				seen[name] = map[string]any{"path": path.Join(dir, name), "is_dir": true}
			} else {
				seen[name] = map[string]any{"path": path.Join(dir, name), "is_dir": false, "file_size": len(b)}
			}
		}
		var files []any
		for _, k := range sortedKeysAny(seen) {
			files = append(files, seen[k])
		}
		return map[string]any{"files": files}, nil
	}
	return nil, fail(405, "BAD_REQUEST", "method %s not allowed", r.Method)
}

func sortedKeysAny(m map[string]map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
