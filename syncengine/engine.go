package syncengine

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// EventKind says what an Event reports.
type EventKind int

// Event kinds.
const (
	SyncStarted  EventKind = iota
	SyncProgress           // Done of Total items
	SyncDone               // Result says what changed
	SyncFailed             // Err, classified by Kind; RetryAt when it will try again
	AuthRequired           // the server wants a new sign-in; syncing stops until then
)

// Event is what the engine tells its listener.
type Event struct {
	Kind    EventKind
	Done    int
	Total   int
	Result  Result
	Err     error
	ErrKind Kind
	RetryAt time.Time
}

// EngineConfig tunes an Engine.
type EngineConfig struct {
	Debounce time.Duration // after the last edit; default 1 s
	Period   time.Duration // periodic sync; default 60 s
	MinRetry time.Duration // first backoff; default 2 s
	MaxRetry time.Duration // backoff cap; default 5 min
}

func (c *EngineConfig) defaults() {
	if c.Debounce <= 0 {
		c.Debounce = time.Second
	}
	if c.Period <= 0 {
		c.Period = time.Minute
	}
	if c.MinRetry <= 0 {
		c.MinRetry = 2 * time.Second
	}
	if c.MaxRetry <= 0 {
		c.MaxRetry = 5 * time.Minute
	}
}

// Engine is the sync goroutine. Requests to sync coalesce; events go out
// without blocking, so a slow listener never stalls a sync: when its queue
// is full the oldest event gives way, so the newest is always delivered. That
// the store changed is not left to an event at all: it is a flag the
// listener takes (TakeChanged), so no number of lost events loses it.
type Engine struct {
	accounts *Accounts
	cfg      EngineConfig
	now      chan struct{}
	edited   chan struct{}
	events   chan Event
	changed  atomic.Bool
}

// NewEngine makes an engine over the accounts' store and secrets.
func NewEngine(a *Accounts, cfg EngineConfig) *Engine {
	cfg.defaults()
	return &Engine{accounts: a, cfg: cfg, now: make(chan struct{}, 1), edited: make(chan struct{}, 1),
		events: make(chan Event, 64)}
}

// Events is the channel the UI reads.
func (e *Engine) Events() <-chan Event { return e.events }

// SyncNow asks for a sync as soon as possible; repeated calls merge.
func (e *Engine) SyncNow() {
	select {
	case e.now <- struct{}{}:
	default:
	}
}

// Edited tells the engine the user changed something: it syncs once the
// user has stopped for the debounce interval.
func (e *Engine) Edited() {
	select {
	case e.edited <- struct{}{}:
	default:
	}
}

// TakeChanged reports whether a sync changed what the window shows since
// the last call (items came in, copies were made), and clears it.
func (e *Engine) TakeChanged() bool { return e.changed.Swap(false) }

// emit queues ev, dropping the oldest queued event if the queue is full.
func (e *Engine) emit(ev Event) {
	for {
		select {
		case e.events <- ev:
			return
		default:
		}
		select {
		case <-e.events:
		default:
		}
	}
}

// Run syncs at start, then on SyncNow, after edits, periodically, and after
// failures with exponential backoff, until ctx is done.
func (e *Engine) Run(ctx context.Context) error {
	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	periodic := time.NewTicker(e.cfg.Period)
	defer periodic.Stop()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	backoff := time.Duration(0)
	authStopped := false
	e.SyncNow()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.edited:
			debounce.Reset(e.cfg.Debounce)
			continue
		case <-e.now:
			authStopped = false // an explicit request (after signing in again) retries
		case <-debounce.C:
		case <-periodic.C:
			if backoff > 0 {
				continue // failing: the backoff's retry timer decides when
			}
		case <-retry.C:
		}
		if authStopped {
			continue
		}
		err := e.once(ctx)
		switch kind := Classify(err); {
		case err == nil:
			backoff = 0
			retry.Stop()
		case errors.Is(err, context.Canceled):
			return ctx.Err()
		case errors.Is(err, ErrNotSignedIn):
			// Nothing to do until someone signs in; SyncNow wakes us.
		case kind == KindAuth:
			authStopped = true
			e.emit(Event{Kind: AuthRequired, Err: err, ErrKind: kind})
		default:
			backoff = nextBackoff(backoff, e.cfg.MinRetry, e.cfg.MaxRetry)
			retry.Reset(backoff)
			e.emit(Event{Kind: SyncFailed, Err: err, ErrKind: kind, RetryAt: time.Now().Add(backoff)})
		}
	}
}

func nextBackoff(cur, lo, hi time.Duration) time.Duration {
	if cur == 0 {
		return lo
	}
	return min(cur*2, hi)
}

// once runs one sync with events.
func (e *Engine) once(ctx context.Context) error {
	s, err := e.accounts.NewSyncer(ctx)
	if err != nil {
		return err
	}
	e.emit(Event{Kind: SyncStarted})
	s.Progress = func(done, total int) { e.emit(Event{Kind: SyncProgress, Done: done, Total: total}) }
	res, err := s.Sync(ctx)
	if res.Changed() {
		e.changed.Store(true) // even a failed sync may have stored its first pages
	}
	if err != nil {
		return err
	}
	e.emit(Event{Kind: SyncDone, Result: res})
	return nil
}
