package sftest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The gateway's sessions: every sign-in, registration and credentials
// change makes one, with an access token (Bearer, AccessTTL) and a refresh
// token (RefreshTTL) that trades both for new ones. The list shows each
// session's device, made from the User-Agent it was created with.

type gwSession struct {
	uuid, email, access, refresh string
	userAgent, api               string
	accessExp, refreshExp        time.Time
	created, updated             time.Time
	gen                          int // the user's generation; RevokeTokens bumps it
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newSession starts a session for u; the caller holds g.mu.
func (g *Gateway) newSession(u *user, r *http.Request, api string) *gwSession {
	now := g.Now().UTC()
	s := &gwSession{uuid: newUUID(), email: u.email, userAgent: r.UserAgent(), api: api,
		created: now, gen: u.gen}
	g.renew(s, now)
	g.sessions[s.uuid] = s
	return s
}

// renew gives s new tokens and expirations. The old ones stop working at
// once, as on the official server (which keeps only the new tokens'
// hashes): a client holding a copy of the old access token elsewhere gets
// 401 invalid-auth with it, not 498.
func (g *Gateway) renew(s *gwSession, now time.Time) {
	s.access = "1:" + s.uuid + ":" + randomToken()
	s.refresh = "1:" + s.uuid + ":" + randomToken()
	s.accessExp, s.refreshExp, s.updated = now.Add(g.AccessTTL), now.Add(g.RefreshTTL), now
}

func (s *gwSession) wire() map[string]any {
	return map[string]any{"access_token": s.access, "refresh_token": s.refresh,
		"access_expiration": msTime(s.accessExp), "refresh_expiration": msTime(s.refreshExp),
		"readonly_access": false}
}

func (g *Gateway) sessionByAccess(tok string) *gwSession {
	if tok == "" {
		return nil
	}
	for _, s := range g.sessions {
		if s.access == tok {
			return s
		}
	}
	return nil
}

// deleteSessions ends email's sessions for which drop says so.
func (g *Gateway) deleteSessions(email string, drop func(*gwSession) bool) {
	for id, s := range g.sessions {
		if s.email == email && drop(s) {
			delete(g.sessions, id)
		}
	}
}

// SessionCount is how many live sessions email has.
func (g *Gateway) SessionCount(email string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.liveSessions(strings.ToLower(email)))
}

// ExpireAccessTokens makes every access token of email expired now: its
// next request is answered 498, and a refresh renews it.
func (g *Gateway) ExpireAccessTokens(email string) {
	g.expire(email, func(s *gwSession, now time.Time) { s.accessExp = now })
}

// ExpireRefreshTokens makes every session of email expired for good: a
// request is answered 498, the refresh is refused, a new sign-in is needed.
func (g *Gateway) ExpireRefreshTokens(email string) {
	g.expire(email, func(s *gwSession, now time.Time) { s.accessExp, s.refreshExp = now, now })
}

func (g *Gateway) expire(email string, f func(*gwSession, time.Time)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.Now()
	for _, s := range g.sessions {
		if s.email == strings.ToLower(email) {
			f(s, now)
		}
	}
}

// liveSessions are email's sessions that can still be used or refreshed.
func (g *Gateway) liveSessions(email string) []*gwSession {
	u := g.users[email]
	var out []*gwSession
	for _, s := range g.sessions {
		if u != nil && s.email == email && s.gen == u.gen && g.Now().Before(s.refreshExp) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].updated.Equal(out[j].updated) {
			return out[i].updated.After(out[j].updated)
		}
		return out[i].uuid < out[j].uuid
	})
	return out
}

func (g *Gateway) refresh(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	if !g.decodeBody(w, r, &req) {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.sessionByAccess(req.Access)
	var u *user
	if s != nil {
		u = g.users[s.email]
	}
	now := g.Now().UTC()
	switch {
	case req.Access == "" || req.Refresh == "":
		g.fail(w, http.StatusBadRequest, "", "", "Please provide all required parameters.", nil)
	case u == nil || s.gen != u.gen:
		g.fail(w, http.StatusBadRequest, "", "invalid-parameters", "The provided parameters are not valid.", nil)
	case s.refresh == "" || s.refresh != req.Refresh:
		g.fail(w, http.StatusBadRequest, "", "invalid-refresh-token", "The refresh token is not valid.", nil)
	case !now.Before(s.refreshExp):
		g.fail(w, http.StatusBadRequest, "", "expired-refresh-token", "The refresh token has expired.", nil)
	default:
		g.renew(s, now)
		g.reply(w, http.StatusOK, "", map[string]any{"session": s.wire()})
	}
}

func (g *Gateway) listSessions(w http.ResponseWriter, _ *http.Request, u *user, cur *gwSession) {
	out := []map[string]any{}
	for _, s := range g.liveSessions(u.email) {
		out = append(out, map[string]any{"uuid": s.uuid, "api_version": s.api,
			"created_at": s.created.Format(msLayout), "updated_at": s.updated.Format(msLayout),
			"device_info": DeviceInfo(s.userAgent), "current": s.uuid == cur.uuid, "readonly_access": false})
	}
	g.reply(w, http.StatusOK, g.accountOf(u.email).uuid, out)
}

func (g *Gateway) revokeSession(w http.ResponseWriter, r *http.Request, u *user, cur *gwSession) {
	id, owner := r.PathValue("uuid"), g.accountOf(u.email).uuid
	s := g.sessions[id]
	switch {
	case id == cur.uuid:
		g.fail(w, http.StatusBadRequest, owner, "", "You can not delete your current session.", nil)
	case s == nil || s.email != u.email:
		g.fail(w, http.StatusBadRequest, owner, "", "No session exists with the provided identifier.", nil)
	default:
		delete(g.sessions, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

func (g *Gateway) revokeOthers(w http.ResponseWriter, _ *http.Request, u *user, cur *gwSession) {
	g.deleteSessions(u.email, func(s *gwSession) bool { return s.uuid != cur.uuid })
	w.WriteHeader(http.StatusNoContent)
}

func (g *Gateway) logout(w http.ResponseWriter, _ *http.Request, _ *user, cur *gwSession) {
	delete(g.sessions, cur.uuid)
	w.WriteHeader(http.StatusNoContent)
}

// DeviceInfo is the readable device name the sessions list shows for a
// User-Agent: "<client> on <system>" ("Chrome on Mac"), the system alone
// for an app that names only its system ("linux", as the official server's
// list reads for sfnotes' "sfnotes (linux; amd64)"), and the official
// server's "Unknown Client on Unknown OS" when nothing is recognised. The
// official one also names versions ("Chrome 120.0 on Mac OS 10.15"); a
// client must show the string as it comes, whatever its shape.
func DeviceInfo(userAgent string) string {
	ua := strings.ToLower(userAgent)
	system := ""
	for _, s := range []struct{ key, name string }{{"iphone", "iOS"}, {"ipad", "iOS"}, {"android", "Android"},
		{"mac os", "Mac"}, {"macintosh", "Mac"}, {"darwin", "Mac"}, {"windows", "Windows"},
		{"linux", "Linux"}, {"freebsd", "FreeBSD"}, {"openbsd", "OpenBSD"}} {
		if strings.Contains(ua, s.key) {
			system = s.name
			break
		}
	}
	browser := ""
	// Order matters: Edge and the desktop app say Chrome too, Chrome says Safari.
	for _, b := range []struct{ key, name string }{{"edg/", "Edge"}, {"standardnotes/", "Standard Notes Desktop"},
		{"firefox/", "Firefox"}, {"chrome/", "Chrome"}, {"safari/", "Safari"}} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return strings.ToLower(system)
	}
	return "Unknown Client on Unknown OS"
}
