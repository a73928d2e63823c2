package bulk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Job is an import running in the background for the pages, so a long file
// shows its progress instead of a spinning browser.
type Job struct {
	ID       string
	UserID   int64
	FilePath string // the upload, kept for the real run after a dry run
	Request  ImportRequest
	Started  time.Time
	rows     atomic.Int64
	cancel   context.CancelFunc
	mu       sync.Mutex
	done     bool
	report   *Report
	err      error
}

// Cancel stops the job if it is still running: reading stops at once and
// nothing is stored; its result is then the cancellation.
func (j *Job) Cancel() { j.cancel() }

// Rows is how many rows the job has handled so far.
func (j *Job) Rows() int64 { return j.rows.Load() }

// Result returns the report or error once the job is done.
func (j *Job) Result() (done bool, rep *Report, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.done, j.report, j.err
}

// Jobs keeps the running and recent import jobs in memory; a restart
// forgets them, and the uploads they point at are removed after a day.
type Jobs struct {
	mu   sync.Mutex
	jobs map[string]*Job
	db   *store.DB
	// Log receives jobs that failed by a panic (default: slog's default).
	Log *slog.Logger
	// run is Import; tests replace it.
	run  func(context.Context, *store.DB, ImportRequest, func(int)) (*Report, error)
	ctx  context.Context // of every job: cancelled by Close
	stop context.CancelFunc
}

// NewJobs returns an empty job list.
func NewJobs(db *store.DB) *Jobs {
	ctx, stop := context.WithCancel(context.Background())
	return &Jobs{jobs: map[string]*Job{}, db: db, run: Import, ctx: ctx, stop: stop}
}

// Close cancels every running job, as the server stops.
func (js *Jobs) Close() { js.stop() }

func (js *Jobs) log() *slog.Logger {
	if js.Log != nil {
		return js.Log
	}
	return slog.Default()
}

// Start runs an import of the uploaded file at path in the background, as
// the actor in ctx.
func (js *Jobs) Start(ctx context.Context, path string, req ImportRequest) (*Job, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	b := make([]byte, 12)
	rand.Read(b)
	actor := siapekspor.ActorFrom(ctx)
	req.File, req.Size = f, st.Size()
	// The job outlives the request: it keeps the actor, not the request's
	// context, and ends with Cancel or Close.
	jctx, cancel := context.WithCancel(siapekspor.WithActor(js.ctx, actor))
	j := &Job{ID: hex.EncodeToString(b), UserID: actor.UserID, FilePath: path, Request: req, Started: time.Now(), cancel: cancel}
	js.mu.Lock()
	js.gc()
	js.jobs[j.ID] = j
	js.mu.Unlock()
	go func() {
		defer cancel()
		defer f.Close()
		var rep *Report
		var err error
		defer func() {
			// A panic (in a reader or the store) fails this job, logged with
			// its stack; the server goes on.
			if v := recover(); v != nil {
				rep, err = nil, NewPanicError(v)
			}
			var pe *PanicError
			if errors.As(err, &pe) {
				js.log().Error("import job failed", "job", j.ID, "file", req.FileName, "panic", pe.Value, "stack", string(pe.Stack))
			}
			j.mu.Lock()
			j.done, j.report, j.err = true, rep, err
			j.mu.Unlock()
			if err == nil && rep != nil {
				j.rows.Store(int64(rep.Rows))
			}
			if !req.DryRun {
				os.Remove(path)
			}
		}()
		rep, err = js.run(jctx, js.db, req, func(n int) { j.rows.Store(int64(n)) })
	}()
	return j, nil
}

// Get returns a job of a user.
func (js *Jobs) Get(id string, userID int64) (*Job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.jobs[id]
	if !ok || j.UserID != userID {
		return nil, false
	}
	return j, true
}

// gc forgets jobs older than a day and removes their uploads.
func (js *Jobs) gc() {
	for id, j := range js.jobs {
		if time.Since(j.Started) > 24*time.Hour {
			os.Remove(j.FilePath)
			delete(js.jobs, id)
		}
	}
}

// Uploads wait in the uploads folder under these prefixes: a page's upload
// (kept from its dry run to the real import) and an API request's body.
const (
	PageUploadPrefix = "import-"
	APIUploadPrefix  = "api-import-"
)

// CleanUploads removes the uploads a stopped server left in dir (after a
// crash, or jobs a restart forgot): only files with the prefixes above, so
// a folder shared with anything else loses nothing else. Call it at start,
// before any request.
func CleanUploads(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, PageUploadPrefix) && !strings.HasPrefix(name, APIUploadPrefix) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, err
		}
		n++
	}
	return n, nil
}

// JobCounts are the jobs kept (recent ones, finished or not) by state.
type JobCounts struct{ Running, Finished, Failed int }

// Counts counts the jobs kept, for the operators' metrics.
func (js *Jobs) Counts() JobCounts {
	js.mu.Lock()
	jobs := make([]*Job, 0, len(js.jobs))
	for _, j := range js.jobs {
		jobs = append(jobs, j)
	}
	js.mu.Unlock()
	var c JobCounts
	for _, j := range jobs {
		switch done, _, err := j.Result(); {
		case !done:
			c.Running++
		case err != nil:
			c.Failed++
		default:
			c.Finished++
		}
	}
	return c
}
