package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkTimeline200 renders an enterprise's timeline page with 200
// events (assessments, mentoring activities, assistance cases opened and
// closed) in process on each engine, the whole request: session, queries,
// template. It prints the median and 99th percentile; the target is 30 ms.
//
//	go test -run '^$' -bench Timeline200 -benchtime 300x ./internal/server/
func BenchmarkTimeline200(b *testing.B) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	for _, eng := range storetest.Engines() {
		db := storetest.Open(b, eng)
		e := newEnterprise(b, db, "Kopi Lampung Barat", "18.04")
		v, _ := db.CurrentQuestionnaire(ctx)
		var in []store.AssessmentInput
		for i := 0; i < 40; i++ {
			a := map[string]string{}
			for _, q := range v.Body.Questions {
				a[q.Key] = q.Options[(i+len(q.Key))%len(q.Options)].Key
			}
			in = append(in, store.AssessmentInput{EnterpriseID: e.ID, Answers: a, Kind: store.AssessedByOfficer, At: time.Now().AddDate(0, 0, -400+i*9)})
		}
		if _, err := db.ImportAssessments(ctx, in); err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 120; i++ {
			due := time.Now().AddDate(0, 0, -i)
			a := &siapekspor.Activity{EnterpriseID: e.ID, On: time.Now().AddDate(0, 0, -i*3), Channel: siapekspor.Channels[i%7],
				Topic: "Pendampingan ke-" + strconv.Itoa(i), Notes: "Catatan", NextStep: "Langkah berikutnya", NextDue: &due}
			if err := db.CreateActivity(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; i < 20; i++ {
			c := &siapekspor.Case{EnterpriseID: e.ID, Kind: siapekspor.CaseKinds[i%len(siapekspor.CaseKinds)], Title: "Kasus " + strconv.Itoa(i)}
			if err := db.CreateCase(ctx, c); err != nil {
				b.Fatal(err)
			}
			c.Status, c.Outcome = siapekspor.CaseDone, "Selesai"
			if err := db.UpdateCase(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		events, _ := db.Timeline(ctx, e.ID, 0)
		s, err := server.New(db, server.Config{Province: "18", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		cookie := benchLogin(b, db, s)
		path := fmt.Sprintf("/enterprises/%d/timeline", e.ID)
		b.Run(eng, func(b *testing.B) {
			durations := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				t0 := time.Now()
				s.ServeHTTP(rec, req)
				durations = append(durations, time.Since(t0))
				if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), "<li class=\"tl-") != len(events) {
					b.Fatalf("%d, %d events drawn of %d", rec.Code, strings.Count(rec.Body.String(), "<li class=\"tl-"), len(events))
				}
			}
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			p50, p99 := durations[len(durations)/2], durations[len(durations)*99/100]
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			fmt.Printf("%s: timeline page with %d events: p50 %.1f ms, p99 %.1f ms (target 30 ms)\n", eng, len(events),
				float64(p50.Microseconds())/1000, float64(p99.Microseconds())/1000)
		})
	}
}
