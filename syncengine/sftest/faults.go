package sftest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Fault changes the answer to one request whose path starts with Path ("" is
// any path). Faults are used up in the order they were injected.
type Fault struct {
	Path string
	// Delay waits before answering (use it past the client's timeout for a hang).
	Delay time.Duration
	// Status, when set, answers with that status and Body instead of the real answer.
	Status int
	Body   string
	// Header is set on the replacement answer: a Location for a redirect, or
	// a Content-Length that announces more than is sent.
	Header map[string]string
	// Size, when larger than Body, pads the replacement answer with spaces
	// up to Size bytes, announced as its Content-Length and streamed until
	// the client hangs up: a huge answer that costs the server nothing.
	Size int64
	// Unannounced sends Size bytes without a Content-Length (chunked).
	Unannounced bool
	// Truncate runs the real handler (its effects happen) but closes the
	// connection halfway through the body.
	Truncate bool
}

// Inject queues faults.
func (s *Server) Inject(fs ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fs...)
}

// PendingFaults is how many injected faults have not been used yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

func (s *Server) takeFault(path string) (Fault, bool) {
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.Path) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

// apply writes a replacement answer; it reports whether it did.
func (f Fault) apply(w http.ResponseWriter) bool {
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	if f.Status == 0 {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	if f.Size > int64(len(f.Body)) && !f.Unannounced {
		w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	pad := make([]byte, 64<<10)
	for i := range pad {
		pad[i] = ' '
	}
	for left := f.Size - int64(len(f.Body)); left > 0; left -= int64(len(pad)) {
		if _, err := w.Write(pad[:min(left, int64(len(pad)))]); err != nil {
			break // the client hung up
		}
	}
	return true
}

// truncate sends the recorded answer's headers with its full length but only
// half of its body, then lets the connection drop.
func truncate(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body[:len(body)/2])
	// Go's server closes a connection whose handler wrote less than its
	// Content-Length: the client sees an unexpected EOF mid-body.
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
}
