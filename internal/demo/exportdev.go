package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
)

// DevelopmentSummary counts what FillDevelopment made.
type DevelopmentSummary struct {
	Assessments, Reassessed, Programmes, Participants, Sessions, Activities, Cases int
	Certificates, Submitted, Approved, Rejected, Exports                           int
}

// ent is what the story needs of an enterprise.
type ent struct {
	id       int64
	status   siapekspor.ExportStatus
	size     siapekspor.SizeClass
	district string
}

// prod is what the story needs of a product.
type prod struct {
	id int64
	hs string
}

// FillDevelopment gives the demo province its export development, all
// synthetic and labelled, replayed in date order up to today (story.go):
//
//   - certificates: the permits products need and what destinations ask
//     for (certificates.go), some expiring soon and some expired;
//   - readiness assessments of a share of the enterprises in the first
//     half of last year, mostly pemula; answers the registry can give
//     (NIB, permits, certificates, capacity, export experience) are the
//     registry's, and a firm that never exported never answers the
//     experience questions at the top;
//   - last year's programme, placed, its invitations answered (those who
//     never answered withdrawn before it began), run with attendance of
//     the accepted participants only, results, finished in September; its
//     participants re-assessed in December (most moved up) and half of
//     them mentored by LPEI since, with activities and assistance cases;
//   - product validation by a validator of an export organisation:
//     exporters' products approved, others approved or rejected with
//     reasons, resubmitted, and recent submissions waiting in the queue;
//   - this year's programme, placed and under way;
//   - the exporters' realised export records, as their status says (one
//     year of shipments for a first exporter, two or three for a regular one).
func FillDevelopment(ctx context.Context, db *store.DB, share float64, seed uint64) (*DevelopmentSummary, error) {
	return fillDevelopment(ctx, db, share, seed, nil, nil)
}

// fillDevelopment is FillDevelopment telling progress; more, when set,
// adds its own events to the same story (Province's buyers and events),
// so that the whole demo is replayed in date order.
func fillDevelopment(ctx context.Context, db *store.DB, share float64, seed uint64, progress func(done, total int),
	more func(*story)) (*DevelopmentSummary, error) {
	rng := rand.New(rand.NewPCG(seed^0xdeed, seed))
	sum := &DevelopmentSummary{}
	v, err := db.CurrentQuestionnaire(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := market.ShippedRequirements()
	if err != nil {
		return nil, err
	}
	var all []*ent
	if err := db.EachEnterprise(ctx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
		all = append(all, &ent{id: e.ID, status: e.ExportStatus, size: e.SizeClass, district: e.DistrictCode})
		return nil
	}); err != nil {
		return nil, err
	}
	products := map[int64][]prod{}
	if err := db.EachProduct(ctx, store.ProductFilter{}, func(p *siapekspor.Product) error {
		products[p.EnterpriseID] = append(products[p.EnterpriseID], prod{p.ID, p.HSCode})
		return nil
	}); err != nil {
		return nil, err
	}

	s := newStory(db)
	defer s.end()
	s.progress = progress
	today := s.today
	y := today.Year()
	start := storyStart(today)

	// Who is in the story: a share assessed (capability 0–1: most firms
	// are far from ready), and, for certificates and validation, every
	// firm that exports or is ready to.
	capability := map[int64]float64{}
	var assessed []*ent
	for _, e := range all {
		exporter := e.status == siapekspor.ExportFirst || e.status == siapekspor.ExportRegular
		if rng.Float64() < share {
			c := 0.95 * math.Pow(rng.Float64(), 3)
			if exporter {
				c = min(1, c+0.45)
			}
			capability[e.id] = c
			assessed = append(assessed, e)
		}
	}

	// Staff, from the registry's start: the provincial office's trainer,
	// LPEI's mentors and an export organisation's validator. They have no
	// password; an admin sets one with "reset password".
	var staff *demoStaffIDs
	s.schedule(start.Add(time.Hour), func() (err error) {
		staff, err = demoStaff(ctx, db)
		return err
	})

	// Certificates, recorded as they were issued.
	cp := &certPlanner{rng: rng, today: today, start: start, reqs: reqs}
	for _, e := range all {
		switch c, ok := capability[e.id]; {
		case e.status == siapekspor.ExportFirst || e.status == siapekspor.ExportRegular:
			cp.forEnterprise(e, products[e.id], 1, 1)
		case e.status == siapekspor.ExportReady:
			cp.forEnterprise(e, products[e.id], 0.7, 0.25)
		case ok:
			cp.forEnterprise(e, products[e.id], c, c*c*0.3)
		}
	}
	for _, spec := range cp.out {
		s.schedule(spec.at, func() error {
			c := spec.cert
			sum.Certificates++
			return db.CreateCertificate(ctx, &c)
		})
	}

	// Initial assessments, January to May of last year.
	s.schedule(day(y-1, time.January, 10, 9), func() error {
		in := make([]store.AssessmentInput, 0, len(assessed))
		for _, e := range assessed {
			in = append(in, store.AssessmentInput{EnterpriseID: e.id, Kind: demoKind(rng),
				At: day(y-1, time.Month(1+rng.IntN(5)), 10+rng.IntN(19), 8+rng.IntN(8))})
		}
		n, err := assess(ctx, db, rng, v.Body, in, capability)
		sum.Assessments += n
		return err
	})

	// Last year's programme: placed in June, stages from July, finished
	// in September.
	last := &programmeRun{db: db, s: s, rng: rng, sum: sum, name: fmt.Sprintf("Pelatihan Ekspor %d (demo)", y-1), year: y - 1,
		placed: day(y-1, time.June, 10, 9), start: day(y-1, time.July, 7, 0), finish: true,
		description: "Program demo sintetis: tiga kelas (pemula, menengah, mahir) dalam dua tahap. " + Label}
	last.schedule(ctx, func() *demoStaffIDs { return staff })

	// Its participants re-assessed in December: training and mentoring
	// raised most of them.
	s.schedule(day(y-1, time.December, 1, 9), func() error {
		var in []store.AssessmentInput
		for _, id := range last.accepted() {
			capability[id] = min(1, capability[id]+0.15+0.25*rng.Float64())
			in = append(in, store.AssessmentInput{EnterpriseID: id, Kind: store.AssessedByMentor, At: day(y-1, time.December, 1+rng.IntN(20), 10)})
		}
		n, err := assess(ctx, db, rng, v.Body, in, capability)
		sum.Reassessed += n
		return err
	})

	// Half of them mentored by LPEI from late September.
	s.schedule(day(y-1, time.September, 25, 9), func() error {
		return demoMentoring(ctx, db, s, rng, last.accepted(), staff.mentors, sum)
	})

	// The exporters' realised exports (exports.go).
	scheduleExports(ctx, db, s, rng, all, products, sum)

	// Product validation.
	scheduleValidation(ctx, db, s, rng, all, products, last, func() *demoStaffIDs { return staff }, sum)

	// This year's programme: placed five weeks ago (not before New Year),
	// its first stage under way.
	placed := today.AddDate(0, 0, -35)
	if newYear := day(y, time.January, 1, 0); placed.Before(newYear) {
		placed = newYear
	}
	cur := &programmeRun{db: db, s: s, rng: rng, sum: sum, name: fmt.Sprintf("Pelatihan Ekspor %d (demo)", y), year: y,
		placed: placed, start: placed.AddDate(0, 0, 14).Truncate(24 * time.Hour),
		description: "Program demo sintetis tahun berjalan. " + Label}
	cur.schedule(ctx, func() *demoStaffIDs { return staff })

	if more != nil {
		more(s)
	}
	if err := s.run(); err != nil {
		return nil, err
	}
	sum.Programmes = 2
	return sum, nil
}

// assess imports assessments whose answers agree with what the registry
// knows on each one's day (the answers it would prefill) and, for the
// rest, with the firm's capability.
func assess(ctx context.Context, db *store.DB, rng *rand.Rand, q *readiness.Questionnaire, in []store.AssessmentInput, capability map[int64]float64) (int, error) {
	if len(in) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(in))
	for i, a := range in {
		ids[i] = a.EnterpriseID
	}
	facts, err := db.FactsOf(ctx, ids, db.Now())
	if err != nil {
		return 0, err
	}
	for i := range in {
		f := facts[in[i].EnterpriseID]
		f.Now = in[i].At
		in[i].Answers = demoAnswers(rng, q, capability[in[i].EnterpriseID], f)
	}
	n, err := db.ImportAssessments(ctx, in)
	if err != nil {
		return 0, fmt.Errorf("demo assessments: %w", err)
	}
	return n, nil
}

// demoAnswers answers every question for a firm of capability c (0–1): the
// registry's answer where it has one (readiness.Prefill), else a capable
// firm mostly picks the stronger options. A firm that has not exported
// never picks the best option of a question about export experience.
func demoAnswers(rng *rand.Rand, q *readiness.Questionnaire, c float64, f readiness.Facts) readiness.Answers {
	pre := readiness.Prefill(q, f)
	experience := ""
	for _, qu := range q.Questions {
		if qu.Prefill == readiness.FactExportExperience {
			experience = qu.Dimension
		}
	}
	exported := f.ExportStatus == siapekspor.ExportFirst || f.ExportStatus == siapekspor.ExportRegular
	a := readiness.Answers{}
	for _, qu := range q.Questions {
		if p, ok := pre[qu.Key]; ok {
			a[qu.Key] = p.Option
			continue
		}
		opts := append([]readiness.Option(nil), qu.Options...)
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].Points > opts[j].Points })
		if qu.Dimension == experience && !exported && len(opts) > 1 {
			opts = opts[1:]
		}
		pos := (1-c)*float64(len(opts)-1) + rng.NormFloat64()*0.6
		i := min(max(int(math.Round(pos)), 0), len(opts)-1)
		a[qu.Key] = opts[i].Key
	}
	return a
}

func demoKind(rng *rand.Rand) store.AssessmentKind {
	if rng.IntN(3) == 0 {
		return store.AssessedByOfficer
	}
	return store.AssessedBySelf
}

// demoStaffIDs are the demo's staff.
type demoStaffIDs struct {
	office    int64
	trainer   int64
	mentors   []int64
	validator siapekspor.Actor
}

// demoStaff makes the demo's provincial office (which organises the
// training) and its trainer, LPEI and its mentors, and an export
// organisation with its validator.
func demoStaff(ctx context.Context, db *store.DB) (*demoStaffIDs, error) {
	office := &siapekspor.Organisation{Name: "Disperindag Provinsi (demo)", Kind: siapekspor.OrgProvincialOffice}
	lpei := &siapekspor.Organisation{Name: "LPEI — Indonesia Eximbank (demo)", Kind: siapekspor.OrgLender}
	iec := &siapekspor.Organisation{Name: "Indonesia Exportir Channel (demo)", Kind: siapekspor.OrgExportOrg}
	for _, o := range []*siapekspor.Organisation{office, lpei, iec} {
		if err := db.CreateOrganisation(ctx, o); err != nil {
			return nil, err
		}
	}
	out := &demoStaffIDs{office: office.ID}
	trainer := &siapekspor.User{Email: "pelatih@demo.siapekspor.local", Name: "Pelatih Ekspor (demo)", Role: siapekspor.RoleTrainer, OrgID: office.ID}
	if err := db.CreateUser(ctx, trainer, ""); err != nil {
		return nil, err
	}
	out.trainer = trainer.ID
	for i, name := range []string{"Pendamping LPEI 1 (demo)", "Pendamping LPEI 2 (demo)"} {
		u := &siapekspor.User{Email: fmt.Sprintf("pendamping%d@demo.siapekspor.local", i+1), Name: name, Role: siapekspor.RoleMentor, OrgID: lpei.ID}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			return nil, err
		}
		out.mentors = append(out.mentors, u.ID)
	}
	validator := &siapekspor.User{Email: "validator@demo.siapekspor.local", Name: "Validator IEC (demo)", Role: siapekspor.RoleValidator, OrgID: iec.ID}
	if err := db.CreateUser(ctx, validator, ""); err != nil {
		return nil, err
	}
	out.validator = siapekspor.Actor{UserID: validator.ID, Label: validator.Email, Role: siapekspor.RoleValidator, OrgID: iec.ID}
	return out, nil
}

var sessionTopics = []string{"Mengenal calon pembeli luar negeri", "Berbagi pengalaman eksportir", "Memilih negara tujuan untuk produk",
	"Sertifikasi dan persyaratan pasar", "Menghitung harga FOB", "Kemasan dan label ekspor"}

// programmeRun is one programme's story: placed and confirmed on placed,
// invitations answered within three weeks (those who never answer are
// withdrawn before their stage begins), two stages of four weekly sessions
// from start six weeks apart, attendance of the accepted participants,
// results after each stage, and with finish the programme closed.
type programmeRun struct {
	db                *store.DB
	s                 *story
	rng               *rand.Rand
	sum               *DevelopmentSummary
	name, description string
	year              int
	placed, start     time.Time
	finish            bool

	p       *siapekspor.Programme
	members []siapekspor.Enrolment
}

func (r *programmeRun) schedule(ctx context.Context, staff func() *demoStaffIDs) {
	r.s.schedule(r.placed, func() error { return r.place(ctx, staff()) })
}

// accepted lists the enterprises that accepted their invitation.
func (r *programmeRun) accepted() []int64 {
	var out []int64
	for _, m := range r.members {
		if m.Status == siapekspor.EnrolAccepted {
			out = append(out, m.EnterpriseID)
		}
	}
	return out
}

func (r *programmeRun) place(ctx context.Context, staff *demoStaffIDs) error {
	db, rng, trainer := r.db, r.rng, staff.trainer
	r.p = &siapekspor.Programme{Name: r.name, Year: r.year, AttendancePct: 75, RegencyCapPct: 25, Description: r.description,
		OrganiserID: &staff.office}
	if err := db.CreateProgramme(ctx, r.p); err != nil {
		return err
	}
	if _, err := db.ProposePlacement(ctx, r.p.ID, store.ReadinessFilter{}); err != nil {
		return fmt.Errorf("demo placement: %w", err)
	}
	if _, err := db.ConfirmProgramme(ctx, r.p.ID); err != nil {
		return err
	}
	stages, err := db.Stages(ctx, r.p.ID)
	if err != nil {
		return err
	}
	for si, st := range stages {
		from := r.start.AddDate(0, 0, 42*si)
		to := from.AddDate(0, 0, 27)
		st.StartsOn, st.EndsOn = &from, &to
		if err := db.UpdateStage(ctx, &st); err != nil {
			return err
		}
		for _, c := range st.Classes {
			c.TrainerID = &trainer
			if err := db.UpdateClass(ctx, &c); err != nil {
				return err
			}
			members, err := db.ClassEnrolments(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, m := range members {
				r.sum.Participants++
				idx := len(r.members)
				r.members = append(r.members, m)
				if rng.IntN(10) < 8 { // most answer; a few never do
					accept := rng.IntN(15) > 0
					answered := r.placed.AddDate(0, 0, 1+rng.IntN(12)).Add(time.Duration(rng.IntN(9)) * time.Hour)
					if latest := r.start.Add(-48 * time.Hour); answered.After(latest) {
						answered = latest // before the first stage's roll is settled
					}
					r.s.schedule(answered, func() error {
						n, err := db.RespondToInvitation(ctx, m.ID, accept)
						if err == nil {
							r.members[idx] = *n
						}
						return err
					})
				}
			}
			// Those who never answered lose their seat before the stage.
			r.s.schedule(from.Add(-24*time.Hour), func() error {
				for i, m := range r.members {
					if m.ClassID != c.ID || m.Status != siapekspor.EnrolInvited {
						continue
					}
					if err := db.RemoveEnrolment(ctx, m.ID); err != nil {
						return err
					}
					r.members[i].Status = siapekspor.EnrolWithdrawn
				}
				return nil
			})
			for k := 0; k < 4; k++ {
				sess := &siapekspor.Session{ClassID: c.ID, On: from.AddDate(0, 0, 7*k), StartsAt: "09:00", EndsAt: "12:00",
					Topic: sessionTopics[(k+si)%len(sessionTopics)], Place: "Aula Dinas Perindustrian dan Perdagangan", Trainer: "Pelatih Ekspor (demo)"}
				if err := db.SaveTrainingSession(ctx, sess); err != nil {
					return err
				}
				r.sum.Sessions++
				// Attendance at the end of the session, of the accepted
				// participants (the only ones left in the class by then).
				r.s.schedule(sess.On.Add(12*time.Hour), func() error {
					present := map[int64]bool{}
					for _, m := range r.members {
						if m.ClassID == c.ID && m.Status == siapekspor.EnrolAccepted {
							present[m.ID] = rng.Float64() < 0.85
						}
					}
					if err := db.RecordAttendance(ctx, sess.ID, present); err != nil {
						return fmt.Errorf("demo attendance: %w", err)
					}
					return nil
				})
			}
			// Results the day after the stage ends.
			r.s.schedule(to.Add(34*time.Hour), func() error { return r.results(ctx, c.ID) })
		}
	}
	if r.finish {
		end := r.start.AddDate(0, 0, 42*(len(stages)-1)+27+6).Add(10 * time.Hour)
		r.s.schedule(end, func() error { return db.FinishProgramme(ctx, r.p.ID) })
	}
	return nil
}

// results records a result for each accepted participant of a class: not
// passed below the programme's attendance.
func (r *programmeRun) results(ctx context.Context, classID int64) error {
	members, err := r.db.ClassEnrolments(ctx, classID) // with their attendance
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Status != siapekspor.EnrolAccepted {
			continue
		}
		res, score := siapekspor.ResultPassed, 60+r.rng.Float64()*35
		if !siapekspor.AttendanceMet(m.Attended, m.SessionsHeld, r.p.AttendancePct) {
			res, score = siapekspor.ResultNotPassed, 40+r.rng.Float64()*20
		}
		score = math.Round(score)
		if _, err := r.db.SetResult(ctx, m.ID, res, &score, ""); err != nil {
			return err
		}
	}
	return nil
}

var activityTopics = []string{"Kunjungan ke tempat produksi", "Pendampingan label bahasa Inggris", "Konsultasi harga FOB dan Incoterms",
	"Persiapan sertifikasi halal", "Penyusunan katalog produk", "Persiapan sampel untuk calon pembeli", "Konsultasi pembiayaan ekspor"}
var nextSteps = []string{"Kirim draf label ke pendamping", "Lengkapi dokumen NIB dan NPWP", "Siapkan foto produk untuk katalog",
	"Hitung ulang biaya produksi per kg", "Daftar akun ptsp.halal.go.id", "Kirim 2 kg sampel ke pembeli"}
var demoCases = []struct {
	kind  siapekspor.CaseKind
	title string
}{{"cert_halal", "Sertifikasi halal (self-declare)"}, {"cert_bpom", "Pendaftaran BPOM MD"}, {"packaging", "Kemasan dan label ekspor"},
	{"financing_lpei", "Rujukan pembiayaan ekspor LPEI"}, {"financing_kur", "Rujukan KUR untuk modal kerja"}, {"capacity", "Penambahan kapasitas produksi"}}

// demoMentoring assigns LPEI's mentors to half of the enterprises (now)
// and schedules their work from then to today: activities (some next steps
// done, some overdue) and one assistance case each, a third of them done.
func demoMentoring(ctx context.Context, db *store.DB, s *story, rng *rand.Rand, enterprises []int64, mentors []int64, sum *DevelopmentSummary) error {
	from := s.at
	days := int(s.today.Sub(from).Hours()/24) - 2
	if days < 1 {
		return nil
	}
	for i, id := range enterprises {
		if i%2 == 1 {
			continue
		}
		mentor := mentors[i/2%len(mentors)]
		if _, err := db.AssignMentor(ctx, id, mentor); err != nil {
			return err
		}
		for k := 0; k < 1+rng.IntN(3); k++ {
			on := from.AddDate(0, 0, 1+rng.IntN(days)).Truncate(24 * time.Hour)
			a := &siapekspor.Activity{EnterpriseID: id, MentorID: &mentor, On: on, Channel: siapekspor.Channels[rng.IntN(4)],
				Topic: activityTopics[rng.IntN(len(activityTopics))], Notes: "Catatan pendampingan demo sintetis."}
			if rng.IntN(2) == 0 {
				due := on.AddDate(0, 0, 14)
				a.NextStep, a.NextDue, a.NextDone = nextSteps[rng.IntN(len(nextSteps))], &due, due.Before(s.today) && rng.IntN(3) > 0
			}
			s.schedule(on.Add(15*time.Hour), func() error {
				sum.Activities++
				return db.CreateActivity(ctx, a)
			})
		}
		dc := demoCases[rng.IntN(len(demoCases))]
		opened := from.AddDate(0, 0, rng.IntN(min(days, 60)+1)).Add(time.Duration(rng.IntN(8)) * time.Hour)
		due := opened.AddDate(0, 0, 30+rng.IntN(90)).Truncate(24 * time.Hour)
		closed := opened.AddDate(0, 0, 20+rng.IntN(40))
		done := rng.IntN(3) == 0
		s.schedule(opened, func() error {
			c := &siapekspor.Case{EnterpriseID: id, Kind: dc.kind, Title: dc.title, OwnerID: &mentor, DueOn: &due, Notes: "Kasus demo sintetis."}
			if err := db.CreateCase(ctx, c); err != nil {
				return err
			}
			sum.Cases++
			if done {
				s.schedule(closed, func() error {
					c.Status, c.Outcome = siapekspor.CaseDone, "Selesai (demo)"
					return db.UpdateCase(ctx, c)
				})
			}
			return nil
		})
	}
	return nil
}
