package sfapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"time"
)

// A 004 account's sessions: every device signed in has one; they are listed
// and ended here (see syncengine's Accounts for who may).

// userAgent is sent with every request; servers name sessions by it (the
// official server reads the platform from the parentheses the way browsers
// write it: "Linux x86_64", "Windows 10", "Mac OS 10.15.7"), so the user can
// tell this device from the others. It names sfnotes and its version too.
var userAgent = "sfnotes/" + Version + " (" + platform(runtime.GOOS, runtime.GOARCH) + ")"

// Version is sfnotes' version as sent in the User-Agent.
const Version = "0.1.0"

// platform is the User-Agent's platform part, as browsers write it.
func platform(goos, goarch string) string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686"}[goarch]
	if arch == "" {
		arch = goarch
	}
	switch goos {
	case "linux":
		return "X11; Linux " + arch
	case "windows":
		return "Windows NT 10.0; Win64; x64"
	case "darwin":
		return "Macintosh; Intel Mac OS X 10_15_7"
	}
	return fmt.Sprintf("%s; %s", goos, arch)
}

// Session is one signed-in device of an account.
type Session struct {
	UUID       string    `json:"uuid"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	APIVersion string    `json:"api_version"`
	// Device names the device: the User-Agent it signed in with
	// (mdouchement), or the official server's device_info.
	Device     string `json:"user_agent"`
	DeviceInfo string `json:"device_info"`
	Current    bool   `json:"current"`
}

// ListSessions fetches the account's sessions.
func (c *Client) ListSessions(ctx context.Context) ([]Session, error) {
	var raw json.RawMessage
	if err := c.do(ctx, http.MethodGet, "/v1/sessions", url.Values{"api": {APIVersion2020}}, nil, &raw, maxAuthBody); err != nil {
		return nil, err
	}
	var out []Session
	defer func() {
		for i := range out {
			if out[i].Device == "" {
				out[i].Device = out[i].DeviceInfo
			}
		}
	}()
	if err := json.Unmarshal(raw, &out); err != nil {
		// The official server wraps answers: {"data": [...]} or {"data":{"sessions":[...]}}.
		var wrapped struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(raw, &wrapped) != nil || json.Unmarshal(wrapped.Data, &out) != nil {
			return nil, fmt.Errorf("%w: the list of sessions: %v", ErrBadResponse, err)
		}
	}
	return out, nil
}

// RevokeSession ends one session (not the current one: servers refuse it).
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	// The uuid goes in the body too: the self-hosted official server's
	// gateway passes the request on without its path parameter, and its auth
	// service reads only the body ("Please provide the session identifier").
	return c.do(ctx, http.MethodDelete, "/v1/sessions/"+url.PathEscape(id), nil,
		map[string]any{"api": APIVersion2020, "uuid": id}, nil, maxAuthBody)
}

// RevokeOtherSessions ends every session but the current one.
func (c *Client) RevokeOtherSessions(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/v1/sessions", nil, map[string]any{"api": APIVersion2020}, nil, maxAuthBody)
}
