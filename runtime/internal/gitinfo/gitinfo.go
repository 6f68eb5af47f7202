// Package gitinfo reads the git checkout a project lives in, with the git
// command, for the run manifest and the tracking store's source tags.
package gitinfo

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Info is the checkout's HEAD: its commit, its branch (none when
// detached) and the origin remote's URL without its credentials.
type Info struct{ Commit, Branch, RepoURL string }

// Git runs git -C dir with args and returns its trimmed output; ok is
// false when git is missing or fails.
func Git(ctx context.Context, dir string, args ...string) (out string, ok bool) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	// No prompt, no index refresh written behind the user's back, and
	// messages we do not parse anyway in a fixed language.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	var b bytes.Buffer
	cmd.Stdout = &b
	if err := cmd.Run(); err != nil {
		return "", false
	}
	return strings.TrimSpace(b.String()), true
}

// StripCredentials removes the user information (user:password@ or a
// token@) from a URL with a scheme. scp-like addresses (git@host:path)
// keep their user name, which is not a secret; anything unparsable is
// dropped whole.
func StripCredentials(raw string) string {
	if !strings.Contains(raw, "://") {
		if at := strings.Index(raw, "@"); at >= 0 && strings.Contains(raw[:at], ":") {
			return raw[at+1:] // user:password@host:path
		}
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.User = nil
	return u.String()
}

// NoRepository reports that git cannot find a repository for dir, without
// running git (each git process costs a no-op run a few ms; the no-op rerun
// of issue 8 ran four for a project outside git). It is conservative: true
// only when no GIT_DIR-like variable is set and neither dir nor any parent
// has a .git or a HEAD (what git's discovery looks for: a checkout, or a
// bare repository or git dir), so git would find none either; anything
// else is left to git.
func NoRepository(dir string) bool {
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"} {
		if _, set := os.LookupEnv(v); set {
			return false
		}
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		for _, name := range []string{".git", "HEAD"} {
			if _, err := os.Lstat(filepath.Join(d, name)); err == nil || !os.IsNotExist(err) {
				return false
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return true
		}
		d = parent
	}
}

// State is what a run records of the checkout holding its project: HEAD
// (each part empty when git cannot tell it: no commit yet, detached HEAD,
// no origin; the URL never carries a user:password@ or token@, as
// neither a manifest nor a tracking tag records a secret), whether the
// project is inside a work tree, the tree's top folder (an MLproject run's
// source name), and whether the tree has changes other than kfc's own
// state (.kfc/, kfc.lock).
type State struct {
	Head       Info
	InWorkTree bool
	Top        string
	Dirty      bool
}

// Reading is a State being read in the background (Start).
type Reading struct {
	done  chan struct{}
	state State
}

// Start reads dir's State with git's five commands side by side, in the
// background: a run's manifest and its tracking tags both need it, and
// read for each, one command after the other, they were eight git
// processes (three of them twice) before the first node of a project in
// git. Outside a repository it runs none. It is the one reader of a
// checkout: the manifest, the tracking tags and an MLproject run's source
// name (the top folder) all read a Reading.
func Start(dir string) *Reading {
	r := &Reading{done: make(chan struct{})}
	if NoRepository(dir) {
		close(r.done)
		return r
	}
	go func() {
		defer close(r.done)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var inside, status, url string
		var statusOK, urlOK bool
		var wg sync.WaitGroup
		for _, f := range []func(){
			func() { inside, _ = Git(ctx, dir, "rev-parse", "--is-inside-work-tree", "--show-toplevel") },
			func() { r.state.Head.Commit, _ = Git(ctx, dir, "rev-parse", "--verify", "-q", "HEAD") },
			func() { r.state.Head.Branch, _ = Git(ctx, dir, "symbolic-ref", "--short", "-q", "HEAD") },
			func() { url, urlOK = Git(ctx, dir, "config", "--get", "remote.origin.url") },
			// Every uncommitted change (untracked files too) but kfc's own
			// state, which a run itself changes.
			func() {
				status, statusOK = Git(ctx, dir, "status", "--porcelain", "--", ":/", ":(exclude).kfc", ":(exclude)kfc.lock")
			},
		} {
			wg.Go(f)
		}
		wg.Wait()
		if urlOK {
			r.state.Head.RepoURL = StripCredentials(url)
		}
		in, top, _ := strings.Cut(inside, "\n") // "true" and the top; outside a work tree git fails
		r.state.InWorkTree = in == "true"
		if r.state.InWorkTree {
			r.state.Top = top
		}
		r.state.Dirty = r.state.InWorkTree && statusOK && status != ""
	}()
	return r
}

// Wait returns the State once it is read.
func (r *Reading) Wait() State {
	<-r.done
	return r.state
}
