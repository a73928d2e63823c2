package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
)

// DevelopmentSummary counts what FillDevelopment made.
type DevelopmentSummary struct {
	Assessments, Reassessed, Programmes, Participants, Sessions, Activities, Cases int
}

// FillDevelopment gives the demo province its export development, all
// synthetic and labelled: a share of the enterprises assessed (mostly
// pemula, as the province's are), last year's programme run and finished
// with attendance and results, its participants re-assessed (some moved up
// a class) and mentored by LPEI with activities and assistance cases, and
// this year's programme placed and under way. It acts as the system.
func FillDevelopment(ctx context.Context, db *store.DB, share float64, seed uint64) (*DevelopmentSummary, error) {
	rng := rand.New(rand.NewPCG(seed^0xdeed, seed))
	sum := &DevelopmentSummary{}
	v, err := db.CurrentQuestionnaire(ctx)
	if err != nil {
		return nil, err
	}
	type ent struct {
		id     int64
		status siapekspor.ExportStatus
	}
	var all []ent
	if err := db.EachEnterprise(ctx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
		all = append(all, ent{e.ID, e.ExportStatus})
		return nil
	}); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	year := now.Year()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

	// 1. Initial assessments, in the first half of last year.
	capability := map[int64]float64{}
	var first []store.AssessmentInput
	for _, e := range all {
		if rng.Float64() >= share {
			continue
		}
		c := 0.95 * math.Pow(rng.Float64(), 3) // most firms are far from ready
		if e.status == siapekspor.ExportFirst || e.status == siapekspor.ExportRegular {
			c = min(1, c+0.45)
		}
		capability[e.id] = c
		first = append(first, store.AssessmentInput{EnterpriseID: e.id, Answers: demoAnswers(rng, v.Body, c), Kind: demoKind(rng),
			At: day(year-1, time.Month(1+rng.IntN(6)), 1+rng.IntN(28))})
	}
	if n, err := db.ImportAssessments(ctx, first); err != nil {
		return nil, fmt.Errorf("demo assessments: %w", err)
	} else {
		sum.Assessments += n
	}

	// Staff the demo needs: a trainer and two LPEI mentors. They have no
	// password; an admin sets one with "reset password" to sign in as them.
	office, trainer, mentors, err := demoStaff(ctx, db)
	if err != nil {
		return nil, err
	}

	// 2. Last year's programme: placed, run, finished.
	last := &siapekspor.Programme{Name: fmt.Sprintf("Pelatihan Ekspor %d (demo)", year-1), Year: year - 1, AttendancePct: 75, RegencyCapPct: 25, OrganiserID: &office,
		Description: "Program demo sintetis: tiga kelas (pemula, menengah, mahir) dalam dua tahap. " + Label}
	if err := db.CreateProgramme(ctx, last); err != nil {
		return nil, err
	}
	lastParticipants, err := runProgramme(ctx, db, rng, last, trainer, day(year-1, time.July, 7), true, sum)
	if err != nil {
		return nil, err
	}

	// 3. Re-assessment after it: training and mentoring raised most of them.
	var again []store.AssessmentInput
	for _, id := range lastParticipants {
		c := min(1, capability[id]+0.15+0.25*rng.Float64())
		capability[id] = c
		again = append(again, store.AssessmentInput{EnterpriseID: id, Answers: demoAnswers(rng, v.Body, c), Kind: store.AssessedByMentor,
			At: day(year-1, time.December, 1+rng.IntN(20))})
	}
	if n, err := db.ImportAssessments(ctx, again); err != nil {
		return nil, fmt.Errorf("demo re-assessments: %w", err)
	} else {
		sum.Reassessed = n
	}

	// 4. Mentoring of last year's participants by LPEI.
	if err := demoMentoring(ctx, db, rng, lastParticipants, mentors, now, sum); err != nil {
		return nil, err
	}

	// 5. This year's programme: placed (those not yet trained first), its
	// first stage under way.
	cur := &siapekspor.Programme{Name: fmt.Sprintf("Pelatihan Ekspor %d (demo)", year), Year: year, AttendancePct: 75, RegencyCapPct: 25, OrganiserID: &office,
		Description: "Program demo sintetis tahun berjalan. " + Label}
	if err := db.CreateProgramme(ctx, cur); err != nil {
		return nil, err
	}
	if _, err := runProgramme(ctx, db, rng, cur, trainer, now.AddDate(0, 0, -21), false, sum); err != nil {
		return nil, err
	}
	sum.Programmes = 2
	return sum, nil
}

// demoAnswers answers every question for a firm of capability c (0–1): a
// capable firm mostly picks the stronger options.
func demoAnswers(rng *rand.Rand, q *readiness.Questionnaire, c float64) readiness.Answers {
	a := readiness.Answers{}
	for _, qu := range q.Questions {
		opts := append([]readiness.Option(nil), qu.Options...)
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].Points > opts[j].Points })
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

// demoStaff makes the demo's provincial office (which organises the
// training), its trainer and LPEI's mentors.
func demoStaff(ctx context.Context, db *store.DB) (int64, int64, []int64, error) {
	office := &siapekspor.Organisation{Name: "Disperindag Provinsi (demo)", Kind: siapekspor.OrgProvincialOffice}
	lpei := &siapekspor.Organisation{Name: "LPEI — Indonesia Eximbank (demo)", Kind: siapekspor.OrgLender}
	for _, o := range []*siapekspor.Organisation{office, lpei} {
		if err := db.CreateOrganisation(ctx, o); err != nil {
			return 0, 0, nil, err
		}
	}
	trainer := &siapekspor.User{Email: "pelatih@demo.siapekspor.local", Name: "Pelatih Ekspor (demo)", Role: siapekspor.RoleTrainer, OrgID: office.ID}
	if err := db.CreateUser(ctx, trainer, ""); err != nil {
		return 0, 0, nil, err
	}
	var mentors []int64
	for i, name := range []string{"Pendamping LPEI 1 (demo)", "Pendamping LPEI 2 (demo)"} {
		u := &siapekspor.User{Email: fmt.Sprintf("pendamping%d@demo.siapekspor.local", i+1), Name: name, Role: siapekspor.RoleMentor, OrgID: lpei.ID}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			return 0, 0, nil, err
		}
		mentors = append(mentors, u.ID)
	}
	return office.ID, trainer.ID, mentors, nil
}

var sessionTopics = []string{"Mengenal calon pembeli luar negeri", "Berbagi pengalaman eksportir", "Memilih negara tujuan untuk produk",
	"Sertifikasi dan persyaratan pasar", "Menghitung harga FOB", "Kemasan dan label ekspor"}

// runProgramme places and confirms a programme, gives its classes the
// trainer, and runs stage 1 from start: four weekly sessions with
// attendance and results. finish closes it (both stages run) and applies
// the attendance rule. It returns the participants.
func runProgramme(ctx context.Context, db *store.DB, rng *rand.Rand, p *siapekspor.Programme, trainer int64, start time.Time, finish bool, sum *DevelopmentSummary) ([]int64, error) {
	if _, err := db.ProposePlacement(ctx, p.ID, store.ReadinessFilter{}); err != nil {
		return nil, fmt.Errorf("demo placement: %w", err)
	}
	if _, err := db.ConfirmProgramme(ctx, p.ID); err != nil {
		return nil, err
	}
	stages, err := db.Stages(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	var participants []int64
	for si, s := range stages {
		from := start.AddDate(0, 0, 42*si)
		to := from.AddDate(0, 0, 27)
		s.StartsOn, s.EndsOn = &from, &to
		if err := db.UpdateStage(ctx, &s); err != nil {
			return nil, err
		}
		for _, c := range s.Classes {
			c.TrainerID = &trainer
			if err := db.UpdateClass(ctx, &c); err != nil {
				return nil, err
			}
			members, err := db.ClassEnrolments(ctx, c.ID)
			if err != nil {
				return nil, err
			}
			for _, m := range members {
				participants = append(participants, m.EnterpriseID)
				// Most accept; a few never answer.
				if rng.IntN(10) < 8 {
					if _, err := db.RespondToInvitation(ctx, m.ID, rng.IntN(15) > 0); err != nil {
						return nil, err
					}
				}
			}
			// Who is still in the class after answering: the sessions' roll.
			var roll []int64
			if members, err = db.ClassEnrolments(ctx, c.ID); err != nil {
				return nil, err
			}
			for _, m := range members {
				if m.Status == siapekspor.EnrolInvited || m.Status == siapekspor.EnrolAccepted {
					roll = append(roll, m.ID)
				}
			}
			for k := 0; k < 4; k++ {
				on := from.AddDate(0, 0, 7*k)
				sess := &siapekspor.Session{ClassID: c.ID, On: on, StartsAt: "09:00", EndsAt: "12:00", Topic: sessionTopics[(k+si)%len(sessionTopics)],
					Place: "Aula Dinas Perindustrian dan Perdagangan", Trainer: "Pelatih Ekspor (demo)"}
				if err := db.SaveTrainingSession(ctx, sess); err != nil {
					return nil, err
				}
				sum.Sessions++
				if !sess.Held(now) {
					continue
				}
				present := map[int64]bool{}
				for _, id := range roll {
					present[id] = rng.Float64() < 0.85
				}
				if err := db.RecordAttendance(ctx, sess.ID, present); err != nil {
					return nil, fmt.Errorf("demo attendance: %w", err)
				}
			}
			if !to.Before(now) {
				continue
			}
			if members, err = db.ClassEnrolments(ctx, c.ID); err != nil { // with their attendance
				return nil, err
			}
			for _, m := range members {
				if m.Status != siapekspor.EnrolInvited && m.Status != siapekspor.EnrolAccepted {
					continue
				}
				res, score := siapekspor.ResultPassed, 60+rng.Float64()*35
				if m.SessionsHeld > 0 && m.Attended*100 < 75*m.SessionsHeld {
					res, score = siapekspor.ResultNotPassed, 40+rng.Float64()*20
				}
				score = math.Round(score)
				if _, err := db.SetResult(ctx, m.ID, res, &score, ""); err != nil {
					return nil, err
				}
			}
		}
	}
	sum.Participants += len(participants)
	if finish {
		if err := db.FinishProgramme(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	return participants, nil
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

// demoMentoring assigns LPEI's mentors and logs their work: activities over
// the last months (some next steps overdue) and one assistance case each.
func demoMentoring(ctx context.Context, db *store.DB, rng *rand.Rand, enterprises []int64, mentors []int64, now time.Time, sum *DevelopmentSummary) error {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for i, id := range enterprises {
		if i%2 == 1 { // half of the participants are mentored
			continue
		}
		mentor := mentors[i/2%len(mentors)]
		if _, err := db.AssignMentor(ctx, id, mentor); err != nil {
			return err
		}
		for k := 0; k < 1+rng.IntN(3); k++ {
			on := today.AddDate(0, 0, -7-rng.IntN(120))
			a := &siapekspor.Activity{EnterpriseID: id, MentorID: &mentor, On: on, Channel: siapekspor.Channels[rng.IntN(4)],
				Topic: activityTopics[rng.IntN(len(activityTopics))], Notes: "Catatan pendampingan demo sintetis."}
			if rng.IntN(2) == 0 {
				due := on.AddDate(0, 0, 14)
				a.NextStep, a.NextDue, a.NextDone = nextSteps[rng.IntN(len(nextSteps))], &due, due.Before(today) && rng.IntN(3) > 0
			}
			if err := db.CreateActivity(ctx, a); err != nil {
				return err
			}
			sum.Activities++
		}
		dc := demoCases[rng.IntN(len(demoCases))]
		due := today.AddDate(0, 0, rng.IntN(90)-45)
		c := &siapekspor.Case{EnterpriseID: id, Kind: dc.kind, Title: dc.title, OwnerID: &mentor, DueOn: &due, Notes: "Kasus demo sintetis."}
		if rng.IntN(3) == 0 {
			c.Status, c.Outcome = siapekspor.CaseDone, "Selesai (demo)"
		}
		if err := db.CreateCase(ctx, c); err != nil {
			return err
		}
		sum.Cases++
	}
	return nil
}
