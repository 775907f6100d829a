// Package sfapi speaks the Standard File HTTP API to one server: the
// transport (bounded answers, no credential-leaking redirects, one session
// renewal per request, answers wrapped or not), sign-in params, sign-in and
// registration, sync, sessions, and two-factor codes.
//
// Servers speak one of two dialects, one file each behind the dialect
// interface (dialect.go): standard.go, the 2016 API that the ruby reference
// server and mdouchement/standardfile answer, with the 2020 session routes
// beside it where the server has them; and official.go, the official
// Standard Notes gateway (no legacy routes, wrapped answers, decoys for
// unknown emails, two-factor sign-in). What both share is in session2020.go
// (004 registration, sessions, renewal, credentials) and sessions.go. The
// dialect is found at sign-in and remembered by the caller with the account.
//
// Package syncengine decides what to send and what to keep; this package
// only carries it.
package sfapi
