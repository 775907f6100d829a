package sftest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Proxy sits between a client and any server (sftest or the real one) and
// loses answers on purpose: the request reaches the server and takes effect,
// but the client never hears back. That is what a killed process or a cut
// connection looks like from the client's side, on a server we cannot change.
type Proxy struct {
	target string
	mu     sync.Mutex
	rules  []proxyRule
	// Rewrite, if set, sees every answer the server gave (the request's
	// method and path, the status and body) and returns the body the client
	// gets: a man in the middle that plants items, hides them or changes
	// params. It runs on the proxy's goroutines; set it before requests flow
	// or guard what it shares.
	Rewrite func(method, path string, status int, body []byte) []byte
}

type proxyRule struct {
	path   string
	cut    bool // forward, then drop the connection without an answer
	status int  // answer this status without forwarding
}

// NewProxy returns a proxy to the server at target (a base URL).
func NewProxy(target string) *Proxy { return &Proxy{target: strings.TrimRight(target, "/")} }

// SetRewrite replaces the Rewrite hook while requests may be flowing.
func (p *Proxy) SetRewrite(f func(method, path string, status int, body []byte) []byte) {
	p.mu.Lock()
	p.Rewrite = f
	p.mu.Unlock()
}

// Start serves the proxy on a loopback port for the test's duration.
func (p *Proxy) Start(t testing.TB) string {
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// CutAnswer makes the next request whose path starts with path reach the
// server, and its answer be lost.
func (p *Proxy) CutAnswer(path string) { p.add(proxyRule{path: path, cut: true}) }

// Fail makes the next request whose path starts with path fail with status,
// without reaching the server.
func (p *Proxy) Fail(path string, status int) { p.add(proxyRule{path: path, status: status}) }

func (p *Proxy) add(r proxyRule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, r)
}

func (p *Proxy) take(path string) (proxyRule, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range p.rules {
		if strings.HasPrefix(path, r.path) {
			p.rules = append(p.rules[:i], p.rules[i+1:]...)
			return r, true
		}
	}
	return proxyRule{}, false
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rule, ok := p.take(r.URL.Path)
	if ok && rule.status != 0 {
		writeError(w, rule.status, "injected by the test proxy", "")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Header.Del("Accept-Encoding") // answers in the clear, for Rewrite
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if ok && rule.cut {
		// The server has acted; the client gets a closed connection.
		if hj, isHJ := w.(http.Hijacker); isHJ {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	p.mu.Lock()
	rewrite := p.Rewrite
	p.mu.Unlock()
	if rewrite != nil {
		answer = rewrite(r.Method, r.URL.Path, resp.StatusCode, answer)
		resp.Header.Del("Content-Length")
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}
