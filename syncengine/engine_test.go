package syncengine

import (
	"context"
	"testing"
	"time"

	"sfnotes/syncengine/sftest"
)

// nextEvent waits for an event of kind k, skipping others.
func nextEvent(t *testing.T, e *Engine, k EventKind) Event {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev := <-e.Events():
			if ev.Kind == k {
				return ev
			}
		case <-timeout:
			t.Fatalf("no event of kind %v", k)
		}
	}
}

func TestEngineLoop(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	d := newDevice(t, "A")
	d.register(url, email)
	e := NewEngine(d.acc, EngineConfig{Debounce: 50 * time.Millisecond, Period: time.Hour, MinRetry: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.Run(ctx) }()

	// The sync at start.
	nextEvent(t, e, SyncDone)

	// An edit syncs after the debounce, without SyncNow.
	d.note("typed", "hello")
	e.Edited()
	ev := nextEvent(t, e, SyncDone)
	if ev.Result.Uploaded != 1 {
		t.Fatalf("debounced sync uploaded %d", ev.Result.Uploaded)
	}

	// The server fails: a classified failure with a retry time, then the
	// engine recovers by itself.
	s.Inject(sftest.Fault{Path: "/items/sync", Status: 503})
	d.note("while down", "x")
	e.SyncNow()
	ev = nextEvent(t, e, SyncFailed)
	if ev.ErrKind != KindTransient || ev.RetryAt.IsZero() {
		t.Fatalf("failure event %+v", ev)
	}
	ev = nextEvent(t, e, SyncDone)
	if ev.Result.Uploaded != 1 || d.dirty() != 0 {
		t.Fatalf("retry uploaded %d, %d dirty", ev.Result.Uploaded, d.dirty())
	}

	// Tokens revoked elsewhere: sign-in required, and the engine stops trying.
	s.RevokeTokens(email)
	e.SyncNow()
	nextEvent(t, e, AuthRequired)
	before := s.RequestCount("/items/sync")
	time.Sleep(400 * time.Millisecond)
	if s.RequestCount("/items/sync") != before {
		t.Fatal("the engine kept retrying with a revoked token")
	}
	// After signing in again, SyncNow resumes.
	d.signIn(url, email, testPassword)
	e.SyncNow()
	nextEvent(t, e, SyncDone)

	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v", err)
	}
}

func TestSyncNowCoalesces(t *testing.T) {
	e := NewEngine(&Accounts{}, EngineConfig{})
	for i := 0; i < 100; i++ {
		e.SyncNow() // never blocks
	}
	if len(e.now) != 1 {
		t.Fatalf("%d pending requests, want 1", len(e.now))
	}
}

// TestEventsKeepTheNewest: with nobody reading, the queue keeps the newest
// events, not the oldest; the last one emitted is the last one read.
func TestEventsKeepTheNewest(t *testing.T) {
	e := NewEngine(&Accounts{}, EngineConfig{})
	for i := 1; i <= 500; i++ {
		e.emit(Event{Kind: SyncProgress, Done: i})
	}
	var last Event
	for len(e.events) > 0 {
		last = <-e.events
	}
	if last.Done != 500 {
		t.Fatalf("the last event read is %d of 500", last.Done)
	}
}

// TestChangedIsNeverLost: what a sync changed is a flag the window takes,
// set however the events fared, and not set by our own uploads.
func TestChangedIsNeverLost(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	a, b := newDevice(t, "A"), newDevice(t, "B")
	a.register(url, email)
	b.signIn(url, email, testPassword)
	e := NewEngine(b.acc, EngineConfig{Period: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	nextEvent(t, e, SyncDone)
	e.TakeChanged()
	b.note("typed on B", "x")
	e.SyncNow()
	if ev := nextEvent(t, e, SyncDone); ev.Result.Uploaded != 1 {
		t.Fatalf("uploaded %d", ev.Result.Uploaded)
	}
	if e.TakeChanged() {
		t.Fatal("B's own upload asked the window to reload")
	}
	a.note("from A", "y")
	a.sync()
	e.SyncNow()
	nextEvent(t, e, SyncDone)
	for i := 0; i < 200; i++ { // a flood that would once have pushed SyncDone out
		e.emit(Event{Kind: SyncProgress})
	}
	if !e.TakeChanged() {
		t.Fatal("A's note did not mark the window changed")
	}
	if e.TakeChanged() {
		t.Fatal("the flag was not cleared")
	}
}

// TestPeriodicSyncWaitsForBackoff: while the server fails, the periodic
// tick does not sync behind the backoff's back.
func TestPeriodicSyncWaitsForBackoff(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	d := newDevice(t, "A")
	d.register(url, email)
	faults := make([]sftest.Fault, 100)
	for i := range faults {
		faults[i] = sftest.Fault{Path: "/items/sync", Status: 503}
	}
	s.Inject(faults...)
	e := NewEngine(d.acc, EngineConfig{Period: 20 * time.Millisecond, MinRetry: 30 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	nextEvent(t, e, SyncFailed)
	time.Sleep(500 * time.Millisecond) // 25 periodic ticks
	if n := s.RequestCount("/items/sync"); n > 1 {
		t.Fatalf("%d sync requests within the first 30 s backoff", n)
	}
}
