// Package rest is the tracking store that talks to an MLflow tracking
// server over its REST API (/api/2.0/mlflow/...), with MLflow's client
// environment: Basic or Bearer auth, insecure TLS, timeouts and retries
// with exponential backoff on 429 and 5xx.
package rest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Options are the client settings; FromEnv reads MLflow's variables.
type Options struct {
	Username, Password string // MLFLOW_TRACKING_USERNAME/PASSWORD: Basic auth (wins over Token)
	Token              string // MLFLOW_TRACKING_TOKEN: Bearer auth
	InsecureTLS        bool   // MLFLOW_TRACKING_INSECURE_TLS
	Timeout            time.Duration
	MaxRetries         int           // retries after the first attempt
	BackoffFactor      time.Duration // the first retry waits this long, then twice as long each time
	BackoffJitter      time.Duration // up to this much is added at random to each wait
	MaxBackoff         time.Duration
}

// MLflow's defaults (mlflow/environment_variables.py, 3.6).
const (
	defaultTimeout    = 120 * time.Second
	defaultMaxRetries = 7
	defaultBackoff    = 2 * time.Second
	defaultJitter     = time.Second
	maxBackoff        = 120 * time.Second
	maxRetriesLimit   = 10 // _MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT
)

// FromEnv reads MLFLOW_TRACKING_USERNAME, _PASSWORD, _TOKEN,
// _INSECURE_TLS, MLFLOW_HTTP_REQUEST_TIMEOUT (s), _MAX_RETRIES,
// _BACKOFF_FACTOR (s) and _BACKOFF_JITTER (s). A malformed number is an
// error naming the variable.
func FromEnv(getenv func(string) string) (Options, error) {
	o := Options{
		Username: getenv("MLFLOW_TRACKING_USERNAME"), Password: getenv("MLFLOW_TRACKING_PASSWORD"),
		Token:   getenv("MLFLOW_TRACKING_TOKEN"),
		Timeout: defaultTimeout, MaxRetries: defaultMaxRetries,
		BackoffFactor: defaultBackoff, BackoffJitter: defaultJitter, MaxBackoff: maxBackoff,
	}
	switch strings.ToLower(getenv("MLFLOW_TRACKING_INSECURE_TLS")) {
	case "", "false", "0":
	case "true", "1":
		o.InsecureTLS = true
	default:
		return o, fmt.Errorf("MLFLOW_TRACKING_INSECURE_TLS must be true, false, 1 or 0, got %q", getenv("MLFLOW_TRACKING_INSECURE_TLS"))
	}
	num := func(name string, set func(float64)) error {
		s := getenv(name)
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 {
			return fmt.Errorf("%s must be a non-negative number, got %q", name, s)
		}
		set(f)
		return nil
	}
	secs := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	for _, err := range []error{
		num("MLFLOW_HTTP_REQUEST_TIMEOUT", func(f float64) { o.Timeout = secs(f) }),
		num("MLFLOW_HTTP_REQUEST_MAX_RETRIES", func(f float64) { o.MaxRetries = min(int(f), maxRetriesLimit) }),
		num("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", func(f float64) { o.BackoffFactor = min(secs(f), maxBackoff) }),
		num("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", func(f float64) { o.BackoffJitter = secs(f) }),
	} {
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

// Error is an MLflow error response: {"error_code": ..., "message": ...}.
type Error struct {
	Status    int
	ErrorCode string
	Message   string
	Endpoint  string
}

func (e *Error) Error() string {
	if e.ErrorCode == "" {
		return fmt.Sprintf("MLflow server: %s: HTTP %d: %s", e.Endpoint, e.Status, e.Message)
	}
	return fmt.Sprintf("MLflow server: %s: %s (HTTP %d): %s", e.Endpoint, e.ErrorCode, e.Status, e.Message)
}

// IsCode reports whether err is an MLflow error with that error_code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.ErrorCode == code
}

type client struct {
	base *url.URL // the tracking URI, without a trailing slash
	http *http.Client
	opt  Options
}

func newClient(uri string, o Options) (*client, error) {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("tracking URI %q is not an http(s) URL with a host", uri)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if o.InsecureTLS {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked, as MLflow's variable does
	}
	return &client{base: u, http: &http.Client{Transport: tr, Timeout: o.Timeout}, opt: o}, nil
}

func (c *client) authorize(req *http.Request) {
	switch {
	case c.opt.Username != "" || c.opt.Password != "":
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.opt.Username+":"+c.opt.Password)))
	case c.opt.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.opt.Token)
	}
}

func transient(status int) bool {
	switch status {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// do sends one request with retries and decodes a 2xx JSON body into out
// (when non-nil). body is re-sent on every attempt. retries < 0 means the
// configured number.
func (c *client) do(ctx context.Context, method, endpoint string, query url.Values, body []byte, contentType string, out any, retries int) error {
	if retries < 0 {
		retries = c.opt.MaxRetries
	}
	u := *c.base
	u.Path += endpoint
	u.RawQuery = query.Encode()
	var lastErr error
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
		if err != nil {
			return err
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("User-Agent", "kfc")
		c.authorize(req)
		resp, err := c.http.Do(req)
		var wait time.Duration
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			lastErr = fmt.Errorf("MLflow server %s unreachable: %s %s: %v", c.base.Redacted(), method, endpoint, unwrapURLError(err))
		} else {
			data, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
			resp.Body.Close()
			if rerr != nil {
				lastErr = fmt.Errorf("MLflow server: %s: reading the response: %v", endpoint, rerr)
			} else if resp.StatusCode/100 == 2 {
				if out == nil || len(bytes.TrimSpace(data)) == 0 {
					return nil
				}
				if err := json.Unmarshal(data, out); err != nil {
					return fmt.Errorf("MLflow server: %s: response is not the JSON MLflow sends: %v", endpoint, err)
				}
				return nil
			} else {
				lastErr = errorFrom(resp.StatusCode, endpoint, data)
				if !transient(resp.StatusCode) {
					return lastErr
				}
				if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
					wait = time.Duration(s) * time.Second
				}
			}
		}
		if attempt >= retries {
			if attempt > 0 {
				return fmt.Errorf("%w (after %d attempts)", lastErr, attempt+1)
			}
			return lastErr
		}
		if wait == 0 {
			wait = c.opt.BackoffFactor << attempt
			if c.opt.BackoffJitter > 0 {
				wait += rand.N(c.opt.BackoffJitter)
			}
		}
		wait = min(wait, c.opt.MaxBackoff)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// errorFrom reads MLflow's error body, or keeps a short piece of a body
// that is not one (a proxy's HTML page).
func errorFrom(status int, endpoint string, data []byte) error {
	var body struct {
		ErrorCode string `json:"error_code"`
		Message   string `json:"message"`
	}
	if json.Unmarshal(data, &body) == nil && (body.ErrorCode != "" || body.Message != "") {
		return &Error{Status: status, ErrorCode: body.ErrorCode, Message: body.Message, Endpoint: endpoint}
	}
	msg := strings.TrimSpace(string(data))
	if len(msg) > 200 {
		msg = msg[:200] + "..."
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	return &Error{Status: status, Message: msg, Endpoint: endpoint}
}

func (c *client) postJSON(ctx context.Context, endpoint string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, endpoint, nil, body, "application/json", out, -1)
}

func (c *client) get(ctx context.Context, endpoint string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, endpoint, q, nil, "", out, -1)
}
