// Command bench measures sfnotes side by side with what a user would
// otherwise run, in one run, and writes BENCHMARKS.md (`make bench`):
//   - 003 key derivation against Node's crypto.pbkdf2Sync (OpenSSL);
//   - first sync of 3,000 and 10,000 notes, and upload of 10,000, against the official JS client
//     library (standard-file-js 0.3.71, .ci/jsbench), both on one real
//     mdouchement/standardfile server;
//   - search over 10,000 and 100,000 notes;
//   - cold start to the first frame with 10,000 notes, and resident memory.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

type options struct {
	server, jsdir, app, out string
	sizes                   []int
	kdfRounds               int
	jsUpload                bool
	useMinutes              time.Duration
	uploadNotes             int
}

func main() {
	var o options
	flag.StringVar(&o.server, "server", "bin/standardfile", "the real server binary")
	flag.StringVar(&o.jsdir, "jsdir", ".ci/jsbench", "directory with sfjs-bench.js and node_modules")
	flag.StringVar(&o.app, "app", "bin/sfnotes", "the sfnotes binary (cold start)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report file")
	flag.BoolVar(&o.jsUpload, "js-upload", true, "also time the JS client's upload at the largest size")
	flag.DurationVar(&o.useMinutes, "use", 10*time.Minute, "scripted use of the window at 10,000 notes (memory)")
	flag.IntVar(&o.uploadNotes, "upload-notes", 10000, "notes the window uploads while in use")
	notes := flag.String("notes", "3000,10000", "comma-separated account sizes to sync")
	flag.IntVar(&o.kdfRounds, "kdf-rounds", 7, "key derivations per side")
	only := flag.String("only", "", "comma-separated parts to run (kdf,sync,search,cold,usage,upload-window,micro); default all, "+
		"and only a full run writes the report file")
	flag.Parse()
	for _, f := range strings.Split(*notes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			log.Fatalf("bench: -notes: %q is not a number of notes", f)
		}
		o.sizes = append(o.sizes, n)
	}
	log.SetFlags(0)
	run := func(part string) bool { return *only == "" || strings.Contains(","+*only+",", ","+part+",") }

	r := &report{started: time.Now()}
	if run("kdf") {
		r.kdf = benchKDF(o)
		r.kdf004 = benchKDF004(o)
	}
	if run("sync") {
		r.sync = benchSync(o)
	}
	if run("search") {
		r.search = benchSearch()
	}
	if run("cold") {
		r.cold = benchColdStart(o)
	}
	if run("usage") {
		r.usage = benchUsage(o)
	}
	if run("upload-window") {
		r.uploadWin = benchUploadWindow(o)
	}
	if run("micro") {
		r.micro = microBenchmarks()
	}
	if *only != "" {
		fmt.Printf("%+v\n", *r)
		return
	}
	text := r.markdown(o)
	if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print(text)
}

// median of durations.
func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func must(err error, what string) {
	if err != nil {
		log.Fatalf("bench: %s: %v", what, err)
	}
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	node, _ := exec.Command("node", "--version").Output()
	return fmt.Sprintf("%s, %d cores, %s, Node %s", cpu, runtime.NumCPU(), runtime.Version(), strings.TrimSpace(string(node)))
}
