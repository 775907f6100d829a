package syncengine

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// BenchmarkBigTag1M: a tag with 1,000,000 references (to notes this device
// does not have) imported from a decrypted backup, the same file imported
// again, then one more note tagged with it, then the same tag received from a server into a fresh
// store. Each reports the input's size, the peak memory (the Go heap's
// objects sampled every 5 ms, and the process's peak resident memory
// since the phase began) and the data directory's size after it.
//
//	go test -run '^$' -bench BigTag1M -benchtime 1x ./syncengine
func BenchmarkBigTag1M(b *testing.B) { benchBigTag(b, 1_000_000) }

func benchBigTag(b *testing.B, refs int) {
	tmp := b.TempDir() // the parent's: the stores outlive the sub-benchmarks
	file := filepath.Join(tmp, "big-tag.json")
	inputMB := writeBigTagBackup(b, file, refs)
	var st *model.Store
	b.Run("import", func(b *testing.B) {
		for i := range b.N {
			b.StopTimer()
			if st != nil {
				st.Close()
			}
			st = openStore(b, filepath.Join(tmp, fmt.Sprintf("import-%d", i)))
			m := startPeak()
			b.StartTimer()
			f, err := os.Open(file)
			if err != nil {
				b.Fatal(err)
			}
			p, err := ParseBackup(f)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Import(context.Background(), st, ""); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			m.report(b, inputMB, st.Dir())
		}
	})
	b.Run("import-again", func(b *testing.B) {
		// The same file into the store that has its tag: the tag joins
		// itself (one tag per name), with nothing new to add.
		for range b.N {
			b.StopTimer()
			m := startPeak()
			b.StartTimer()
			f, err := os.Open(file)
			if err != nil {
				b.Fatal(err)
			}
			p, err := ParseBackup(f)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Import(context.Background(), st, ""); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			m.report(b, inputMB, st.Dir())
		}
	})
	b.Run("tag-one-more", func(b *testing.B) {
		tag, err := st.TagByTitle("Everything")
		if err != nil {
			b.Fatal(err)
		}
		for range b.N {
			b.StopTimer()
			n, err := st.CreateNote("one more", "text")
			if err != nil {
				b.Fatal(err)
			}
			m := startPeak()
			b.StartTimer()
			if err := st.AddTag(n.UUID, tag.UUID); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			m.report(b, inputMB, st.Dir())
			if c, err := st.CountNotes(model.NoteQuery{Tag: tag.UUID}); err != nil || c < 1 {
				b.Fatalf("the tag lists %d notes (%v)", c, err)
			}
		}
		st.Close()
	})
	b.Run("retrieve", func(b *testing.B) {
		content, err := bigTagContentOf(file)
		if err != nil {
			b.Fatal(err)
		}
		for i := range b.N {
			b.StopTimer()
			st := openStore(b, filepath.Join(tmp, fmt.Sprintf("retrieve-%d", i)))
			m := startPeak()
			b.StartTimer()
			err := st.Update(func(tx *model.Tx) error {
				_, err := tx.ApplyRemoteBatch([]model.Remote{{UUID: "big-tag", ContentType: model.TypeTag, Content: content,
					CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			m.report(b, inputMB, st.Dir())
			st.Close()
		}
	})
}

func openStore(b *testing.B, dir string) *model.Store {
	b.Helper()
	st, err := model.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// writeBigTagBackup writes a decrypted backup holding one tag that
// references refs notes, and returns its size in MB.
func writeBigTagBackup(b *testing.B, path string, refs int) float64 {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"items":[{"uuid":"big-tag","content_type":"Tag","created_at":"2024-01-01T00:00:00.000Z",` +
		`"updated_at":"2024-01-01T00:00:00.000Z","content":{"title":"Everything","references":[`)
	for i := range refs {
		if i > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"uuid":"%08x-0000-4000-8000-%012x","content_type":"Note"}`, i, i)
	}
	w.WriteString(`]}}]}`)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return float64(st.Size()) / 1e6
}

// bigTagContentOf is the tag's content JSON in the file written above.
func bigTagContentOf(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := string(data)
	start := strings.Index(s, `"content":`) + len(`"content":`)
	return s[start : len(s)-len(`}]}`)], nil
}

// peak samples the Go heap until report, and resets the process's peak
// resident memory (Linux: /proc/self/clear_refs) when it starts.
type peak struct {
	mu      sync.Mutex
	heap    uint64
	rss0    float64
	stop    chan struct{}
	done    chan struct{}
	started time.Time
}

func startPeak() *peak {
	runtime.GC()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM
	p := &peak{stop: make(chan struct{}), done: make(chan struct{}), rss0: procStatusMB("VmRSS"), started: time.Now()}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(p.done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			p.mu.Lock()
			p.heap = max(p.heap, s[0].Value.Uint64())
			p.mu.Unlock()
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// report stops the sampling and reports the figures as metrics.
func (p *peak) report(b *testing.B, inputMB float64, dir string) {
	close(p.stop)
	<-p.done
	b.ReportMetric(inputMB, "input-MB")
	b.ReportMetric(float64(p.heap)/1e6, "peak-heap-MB")
	if hwm := procStatusMB("VmHWM"); hwm > 0 {
		b.ReportMetric(hwm, "peak-RSS-MB")
		b.ReportMetric(p.rss0, "RSS-before-MB")
	}
	b.ReportMetric(dirMB(b, dir), "dir-MB")
	b.ReportMetric(time.Since(p.started).Seconds(), "s")
}

// procStatusMB reads a "kB" line of /proc/self/status, in MB (0 elsewhere).
func procStatusMB(key string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1e3
		}
	}
	return 0
}

func dirMB(b *testing.B, dir string) float64 {
	var total int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			total += info.Size()
		}
	}
	return float64(total) / 1e6
}

// BenchmarkBigTagSync1M: the tag of BenchmarkBigTag1M synced: device A
// uploads it (encrypt, send), device B downloads it in its first sync
// (read the answer, decrypt, store). Its figures include the in-process
// sftest server, which holds the encrypted item and writes the answer.
// Run it once: go test -run '^$' -bench BigTagSync1M -benchtime 1x ./syncengine
func BenchmarkBigTagSync1M(b *testing.B) {
	tmp := b.TempDir()
	file := filepath.Join(tmp, "big-tag.json")
	inputMB := writeBigTagBackup(b, file, 1_000_000)
	content, err := bigTagContentOf(file)
	if err != nil {
		b.Fatal(err)
	}
	url := sftest.New().Start(b).URL
	a := newDevice(b, "A")
	a.register(url, "big@example.com")
	if err := a.store.Update(func(tx *model.Tx) error { return tx.PutLocal("big-tag", model.TypeTag, content, "") }); err != nil {
		b.Fatal(err)
	}
	content = ""
	b.Run("upload", func(b *testing.B) {
		for i := range b.N {
			b.StopTimer()
			m := startPeak()
			b.StartTimer()
			if r := a.sync(); i == 0 && r.Uploaded < 1 {
				b.Fatalf("uploaded %d", r.Uploaded)
			}
			b.StopTimer()
			m.report(b, inputMB, a.store.Dir())
		}
	})
	b.Run("download", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			d := newDevice(b, "B")
			d.signIn(url, "big@example.com", testPassword)
			m := startPeak()
			b.StartTimer()
			d.sync()
			b.StopTimer()
			m.report(b, inputMB, d.store.Dir())
			if tag, err := d.store.TagByTitle("Everything"); err != nil || tag.UUID != "big-tag" {
				b.Fatalf("B has no big tag: %v", err)
			}
		}
	})
}
