package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkWorstFiles hands the nastiest upload of each kind (about 50 MB,
// or the reader's own smaller limit) to the code an upload reaches, and
// prints for each: the CPU time of the whole read (all threads, GC
// included), the peak extra heap in use (sampled every millisecond, over
// what was in use before), how the read ended, and — in a second read
// cancelled after 300 ms — how long after the cancellation it returned.
// Targets: ≤ 10 s CPU, ≤ 256 MB extra, stop within 1 s of the cancel.
//
//	go test -run '^$' -bench WorstFiles -benchtime 1x -timeout 60m ./internal/bulk/
//
// SIAPEKSPOR_WORST_MB sets the size (default 50); -bench WorstFiles/csv
// picks cases by name.
func BenchmarkWorstFiles(b *testing.B) {
	size := 50 << 20
	if v, err := strconv.ParseFloat(os.Getenv("SIAPEKSPOR_WORST_MB"), 64); err == nil && v > 0 {
		size = int(v * (1 << 20))
	}
	db := storetest.Open(b, "sqlite")
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	for _, c := range worstCases(b.TempDir()) {
		b.Run(c.name, func(b *testing.B) {
			file := c.make(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cpu, peak, wall, err := measure(func() error { return c.read(ctx, db, file) })
				line := fmt.Sprintf("%-34s %7.1f MB  cpu %7.2f s  wall %7.2f s  peak +%6.0f MB  %s", c.name, float64(len(file))/(1<<20),
					cpu.Seconds(), wall.Seconds(), float64(peak)/(1<<20), outcome(err))
				if c.noContext {
					line += "  (no context: bounded by its input limit)"
				} else {
					line += "  stop after cancel: " + stopAfterCancel(ctx, func(ctx context.Context) error { return c.read(ctx, db, file) })
				}
				b.Log(line)
				fmt.Fprintln(os.Stderr, line)
			}
		})
	}
}

// measure runs fn and returns its CPU time (the process's, user + system),
// the peak of heap in use over the level before, and the wall time.
func measure(fn func() error) (cpu time.Duration, peak uint64, wall time.Duration, err error) {
	runtime.GC()
	debug.FreeOSMemory()
	base := heapInUse()
	var top atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if h := heapInUse(); h > top.Load() {
				top.Store(h)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	c0 := cpuTime()
	t0 := time.Now()
	err = fn()
	wall = time.Since(t0)
	cpu = cpuTime() - c0
	close(stop)
	<-sampled
	if h := heapInUse(); h > top.Load() {
		top.Store(h)
	}
	if top.Load() > base {
		peak = top.Load() - base
	}
	return cpu, peak, wall, err
}

var heapSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}

// heapInUse is MemStats.HeapInuse without stopping the world.
func heapInUse() uint64 {
	s := make([]metrics.Sample, len(heapSamples))
	copy(s, heapSamples)
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// stopAfterCancel reads again, cancels after 300 ms and says how long the
// read took to return after that (or that it had finished before).
func stopAfterCancel(parent context.Context, read func(context.Context) error) string {
	ctx, cancel := context.WithCancel(parent)
	done := make(chan error, 1)
	go func() { done <- read(ctx) }()
	select {
	case <-done:
		cancel()
		return "finished before the cancel"
	case <-time.After(300 * time.Millisecond):
	}
	t0 := time.Now()
	cancel()
	select {
	case err := <-done:
		return fmt.Sprintf("%.3f s (%s)", time.Since(t0).Seconds(), outcome(err))
	case <-time.After(60 * time.Second):
		return "did not stop within 60 s"
	}
}

// outcome names how a read ended: its message key, or the error.
func outcome(err error) string {
	if err == nil {
		return "read"
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	var de *siapekspor.Error
	if errors.As(err, &de) {
		if len(de.Fields) > 0 {
			return "refused " + de.Key + "/" + de.Fields[0].Key
		}
		return "refused " + de.Key
	}
	var me interface{ Error() string }
	if errors.As(err, &me) {
		s := me.Error()
		if len(s) > 80 {
			s = s[:80]
		}
		return "error " + s
	}
	return err.Error()
}
