package demo

import (
	"container/heap"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// phase is a step of a dossier's simulated life, in the order they happen.
type phase int

const (
	phStart          phase = iota
	phSubmit               // online submission (db.Intake, no officer); assisted ones at reception
	phPaySubmit            // paid online with the submission
	phReceive              // reception: db.Act receive (online), db.Intake (counter, post, assisted online)
	phDigitise             // a component digitised at reception
	phPayCounter           // paid at the counter: online (QR), cash or transfer
	phRequestSupp          // the specialist asks for a supplement
	phSupply               // the applicant completes the dossier
	phDraftApology         // the specialist drafts an apology with a new appointment
	phApproveApology       // a leader approves it, before the appointment passes
	phPropose              // the specialist proposes the result
	phApprove              // a leader approves and signs: resolved
	phReturn               // reception returns the result
	phRate                 // the applicant rates the service
	phWithdraw             // the applicant withdraws the dossier
	phRefuse               // reception refuses an online submission
	phDone
)

var phaseNames = [...]string{"start", "submit", "pay", "receive", "digitise", "pay", "request supplement", "supplement",
	"draft apology", "approve apology", "propose", "approve", "return", "rate", "withdraw", "refuse", "done"}

// life is one dossier being simulated.
type life struct {
	p         *planned
	d         *dossier.Dossier
	phase     phase
	last      time.Time // the instant of the last action
	resolveAt time.Time
	returnAt  time.Time
}

// applies reports whether phase ph is part of l's planned life.
func (l *life) applies(ph phase) bool {
	p := l.p
	switch ph {
	case phSubmit:
		return p.channel == dossier.Online && !p.assisted
	case phPaySubmit:
		return p.channel == dossier.Online && !p.assisted && p.fee
	case phReceive:
		return p.fate != fateRefused
	case phDigitise:
		return p.digitised
	case phPayCounter:
		return (p.channel != dossier.Online || p.assisted) && p.fee
	case phRequestSupp, phSupply:
		return p.supplement
	case phDraftApology, phApproveApology:
		return p.apology
	case phPropose, phApprove, phReturn:
		return p.fate.resolved()
	case phRate:
		return p.rating != ""
	case phWithdraw:
		return p.fate == fateWithdrawn
	case phRefuse:
		return p.fate == fateRefused
	}
	return false
}

// agenda orders the next action of every dossier by instant, then by the
// order it was scheduled: a deterministic time line.
type agenda []*entry

type entry struct {
	at  time.Time
	seq uint64
	l   *life
}

func (a agenda) Len() int { return len(a) }
func (a agenda) Less(i, j int) bool {
	if c := a[i].at.Compare(a[j].at); c != 0 {
		return c < 0
	}
	return a[i].seq < a[j].seq
}
func (a agenda) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *agenda) Push(x any)   { *a = append(*a, x.(*entry)) }
func (a *agenda) Pop() any {
	old := *a
	e := old[len(old)-1]
	*a = old[:len(old)-1]
	return e
}

// sim plays the plan through the store.
type sim struct {
	db      *store.DB
	clock   *SimClock
	cal     *calendar.Calendar
	team    *crew
	plan    *plan
	unit    string
	log     *slog.Logger
	runner  *jobs.Runner
	rng     *rand.Rand
	agenda  agenda
	seq     uint64
	created int
	txs     int
	paid    int
	checked bool

	progress func(done float64) // WithProgress
	shared   bool               // WithOfficersAtWork
	left     int                // dossiers left to the officers who changed them
	files    filestore.Store    // where digitised papers go (WithFiles)
}

func (s *sim) run(ctx context.Context) error {
	s.rng = rand.New(rand.NewPCG(s.plan.p.Seed^0x5bd1e995, s.plan.p.Seed))
	for _, p := range s.plan.dossiers {
		l := &life{p: p, phase: phStart}
		if err := s.next(l); err != nil {
			return err
		}
	}
	month, day := time.Month(0), 0
	start := s.plan.p.From.At(0)
	for s.agenda.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := heap.Pop(&s.agenda).(*entry)
		if m := e.at.In(store.Zone).Month(); m != month {
			month = m
			s.log.InfoContext(ctx, "demo history", "month", e.at.In(store.Zone).Format("2006-01"), "transactions", s.txs)
		}
		if d := e.at.In(store.Zone).YearDay(); d != day && s.progress != nil {
			day = d
			s.progress(min(0.999, float64(e.at.Sub(start))/float64(s.plan.endAt.Sub(start))))
		}
		s.clock.Set(e.at)
		err := s.act(ctx, e.l, e.at)
		if err != nil && s.changedByOthers(ctx, e.l) {
			s.left++
			s.log.InfoContext(ctx, "demo history: an officer acted on a generated dossier, left to them", "dossier", e.l.d.Code)
			continue
		}
		if err != nil {
			code := "(new)"
			if e.l.d != nil {
				code = e.l.d.Code
			}
			return fmt.Errorf("demo generate: dossier %d %s (%s, %s) at %s, %s: %w", e.l.p.n, code, e.l.p.proc.code, e.l.p.fate,
				e.at.In(store.Zone).Format("2006-01-02 15:04"), phaseNames[e.l.phase], err)
		}
		e.l.last = e.at
		if err := s.next(e.l); err != nil {
			return fmt.Errorf("demo generate: dossier %d %s (%s, %s): %w", e.l.p.n, e.l.d.Code, e.l.p.proc.code, e.l.p.fate, err)
		}
	}
	// Letters enqueued at the last instant, or retried, run now.
	s.clock.Set(s.plan.endAt)
	if err := s.runLetterJobs(ctx); err != nil {
		return err
	}
	if s.progress != nil {
		s.progress(1)
	}
	return nil
}

// changedByOthers reports whether, with officers at work, l's dossier was
// changed by someone else since the simulation last acted on it: its stored
// version is not the one the simulation holds.
func (s *sim) changedByOthers(ctx context.Context, l *life) bool {
	if !s.shared || l.d == nil {
		return false
	}
	cur, err := s.db.Dossier(ctx, l.d.Code)
	return err == nil && cur.Version != l.d.Version
}

// runLetterJobs runs the queued jobs due at the simulated instant, with the
// job runner's handlers: the letter handler produces each resolved birth,
// marriage or death registration's letter, dated now.
func (s *sim) runLetterJobs(ctx context.Context) error {
	if _, err := s.runner.RunDue(ctx); err != nil {
		return fmt.Errorf("run letter jobs: %w", err)
	}
	return nil
}

// next moves l to its next applicable phase and puts it on the agenda at
// the instant that phase happens.
func (s *sim) next(l *life) error {
	for ph := l.phase + 1; ph < phDone; ph++ {
		if !l.applies(ph) {
			continue
		}
		at, skip, err := s.when(l, ph)
		if err != nil {
			return fmt.Errorf("%s: %w", phaseNames[ph], err)
		}
		if skip {
			continue
		}
		if !l.last.IsZero() && at.Before(l.last) {
			return fmt.Errorf("%s at %s, before the previous action at %s", phaseNames[ph], at, l.last)
		}
		l.phase = ph
		s.seq++
		heap.Push(&s.agenda, &entry{at: at, seq: s.seq, l: l})
		return nil
	}
	l.phase = phDone
	return nil
}

// minutes is a random duration of lo to hi minutes.
func (s *sim) minutes(lo, hi int) time.Duration {
	return time.Duration(lo*60+s.rng.IntN((hi-lo)*60+1)) * time.Second
}

// after is the instant d of working time after t.
func (s *sim) after(t time.Time, d time.Duration) (time.Time, error) {
	return s.cal.AddWorkingTime(t, max(d, time.Second))
}

// within is an instant a random share [lo, hi] of the working time between
// the last action and until, later than the last action.
func (s *sim) within(l *life, until time.Time, lo, hi float64) (time.Time, error) {
	left, err := s.cal.WorkingTime(l.last, until)
	if err != nil {
		return time.Time{}, err
	}
	if left < 2*time.Minute {
		return time.Time{}, fmt.Errorf("only %s of working time left before %s", left, until.In(store.Zone).Format("2006-01-02 15:04"))
	}
	share := lo + s.rng.Float64()*(hi-lo)
	return s.after(l.last, time.Duration(float64(left)*share).Truncate(time.Second))
}

// when returns the instant of phase ph of l, or skip when it does not happen.
func (s *sim) when(l *life, ph phase) (at time.Time, skip bool, err error) {
	p := l.p
	switch ph {
	case phSubmit:
		return p.submitAt, false, nil
	case phPaySubmit:
		gap := p.receiveAt.Sub(p.submitAt)
		return p.submitAt.Add(min(s.minutes(1, 6), gap/2)), false, nil
	case phReceive, phRefuse:
		return p.receiveAt, false, nil
	case phDigitise:
		at, err = s.after(l.last, s.minutes(1, 3))
	case phPayCounter:
		at, err = s.after(l.last, s.minutes(1, 4))
	case phRequestSupp:
		at, err = s.within(l, l.d.Appointment(), 0.05, 0.35)
	case phSupply:
		at, err = s.after(l.last, s.minutes(120, 16*60))
	case phDraftApology:
		at, err = s.within(l, l.d.Appointment(), 0.4, 0.7)
	case phApproveApology:
		at, err = s.within(l, l.d.Appointment(), 0.2, 0.6)
	case phWithdraw:
		// Before the appointment, and inside the period (span leaves a
		// withdrawn dossier two working days, not its whole limit).
		until := l.d.Appointment()
		if until.After(s.plan.endAt) {
			until = s.plan.endAt
		}
		at, err = s.within(l, until, 0.2, 0.6)
	case phPropose:
		if l.resolveAt, err = s.resolution(l); err != nil {
			return at, false, err
		}
		at, err = s.within(l, l.resolveAt, 0.3, 0.8)
	case phApprove:
		return l.resolveAt, false, nil
	case phReturn:
		// Online results are returned electronically at once; the others
		// when the applicant comes, within a working day or so.
		wait := s.minutes(2, 30)
		if p.channel != dossier.Online {
			wait = s.minutes(10, 12*60)
		}
		if at, err = s.after(l.resolveAt, wait); err != nil {
			return at, false, err
		}
		if at.After(s.plan.endAt) {
			if p.rating == "" {
				return at, true, nil // still waiting for collection at the end of the period
			}
			at = l.resolveAt
		}
		l.returnAt = at
		return at, false, nil
	case phRate:
		at = l.returnAt.Add(s.minutes(1, 48*60))
		if at.After(s.plan.endAt) {
			at = s.plan.endAt
		}
		return at, false, nil
	}
	if err == nil && at.After(s.plan.endAt) {
		err = fmt.Errorf("%s at %s, after the period", phaseNames[ph], at.In(store.Zone).Format("2006-01-02 15:04"))
	}
	return at, false, err
}

// resolution picks the instant l is resolved at, realising its fate against
// its appointment as it stands now (moved by any supplement): before the
// appointment's date, on it, or after it (by the apology's new appointment).
func (s *sim) resolution(l *life) (time.Time, error) {
	appt := l.d.AppointmentAt
	day := calendar.DateOf(appt)
	last := s.plan.work[len(s.plan.work)-1]
	switch l.p.fate {
	case fateBefore:
		// By the close of the working day before the appointment's date.
		prev, err := s.workingDay(day, -1)
		if err != nil {
			return time.Time{}, err
		}
		if prev.Compare(last) > 0 {
			prev = last
		}
		return s.within(l, prev.At(closeMin), 0.1, 1)
	case fateOnTime:
		if day.Compare(last) > 0 {
			return time.Time{}, fmt.Errorf("appointment %s after the period", day)
		}
		return s.onDay(l, day, appt)
	default: // overdue
		next, err := s.workingDay(day, 1)
		if err != nil {
			return time.Time{}, err
		}
		if next.Compare(last) > 0 {
			return time.Time{}, fmt.Errorf("appointment %s leaves no working day in the period to be late", day)
		}
		until := next.At(closeMin)
		if !l.d.NewAppointmentAt.IsZero() && l.d.NewAppointmentAt.Before(until) {
			until = l.d.NewAppointmentAt // kept: resolved per the rules
		}
		return s.onDay(l, next, until)
	}
}

// onDay is a random instant on day, after the last action, at or before until.
func (s *sim) onDay(l *life, day calendar.Date, until time.Time) (time.Time, error) {
	from := day.At(openMin)
	if l.last.After(from) {
		from = l.last
	}
	lo, err := s.cal.WorkingTime(l.last, from)
	if err != nil {
		return time.Time{}, err
	}
	hi, err := s.cal.WorkingTime(l.last, until)
	if err != nil {
		return time.Time{}, err
	}
	lo += 2 * time.Minute
	if hi < lo {
		return time.Time{}, fmt.Errorf("no working time on %s before %s", day, until.In(store.Zone).Format("15:04"))
	}
	u := lo + time.Duration(s.rng.Int64N(int64(hi-lo)/int64(time.Second)+1))*time.Second
	return s.after(l.last, u)
}

// workingDay is the working day step (+1 or −1) days from day.
func (s *sim) workingDay(day calendar.Date, step int) (calendar.Date, error) {
	for range 60 {
		day = day.AddDays(step)
		ok, err := s.cal.IsWorkingDay(day)
		if err != nil {
			return day, err
		}
		if ok {
			return day, nil
		}
	}
	return day, fmt.Errorf("no working day within 60 days of %s", day)
}

// act performs l's current phase at instant at, through the store.
func (s *sim) act(ctx context.Context, l *life, at time.Time) error {
	p := l.p
	reception := p.reception
	var applicantSide *staff.Officer // who acts for the applicant: nobody online, reception otherwise
	if p.channel != dossier.Online {
		applicantSide = reception
	}
	a := dossier.Action{}
	var actor *staff.Officer
	switch l.phase {
	case phSubmit:
		return s.intake(ctx, l, at, nil)
	case phReceive:
		if p.channel != dossier.Online || p.assisted {
			return s.intake(ctx, l, at, reception)
		}
		a, actor = dossier.Action{Kind: dossier.ActReceive}, reception
	case phRefuse:
		a, actor = dossier.Action{Kind: dossier.ActRefuse, Reason: "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã, đề nghị nộp tại cơ quan có thẩm quyền"}, reception
	case phPaySubmit, phPayCounter:
		s.paid++
		a = dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.OnlinePay,
			Receipt: fmt.Sprintf("VNPAY%s%05d", at.In(store.Zone).Format("060102"), s.paid)}
		switch {
		case p.channel == dossier.Online:
		case !p.payOnline && p.channel == dossier.Post:
			a.Method, a.Receipt = dossier.Transfer, fmt.Sprintf("CK%s%05d", at.In(store.Zone).Format("060102"), s.paid)
		case !p.payOnline:
			a.Method, a.Receipt = dossier.Cash, fmt.Sprintf("BL%06d", s.paid)
		}
		if a.Method == dossier.OnlinePay {
			d, err := s.payOnline(ctx, l.d, at) // payment.go: through the payment records
			if err != nil {
				return err
			}
			l.d = d
			return nil
		}
		actor = applicantSide
	case phDigitise:
		return s.digitise(ctx, l, p.reuse)
	case phRequestSupp:
		a, actor = dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Hồ sơ chưa đầy đủ, cần bổ sung giấy tờ theo quy định",
			Items: []string{supplementItem(l.d)}}, s.lead(l)
	case phSupply:
		a, actor = dossier.Action{Kind: dossier.ActSupplement, Note: "Người nộp đã bổ sung giấy tờ"}, applicantSide
	case phDraftApology:
		a, actor = dossier.Action{Kind: dossier.ActDraftApology, ExtendDays: 1 + s.rng.IntN(3),
			Reason: apologies[s.rng.IntN(len(apologies))]}, s.lead(l)
	case phApproveApology:
		a, actor = dossier.Action{Kind: dossier.ActApproveApology}, p.leader
	case phPropose:
		a, actor = dossier.Action{Kind: dossier.ActPropose}, s.lead(l)
	case phApprove:
		a, actor = dossier.Action{Kind: dossier.ActApprove, ElectronicResult: p.electronic}, p.leader
		if p.electronic {
			// An electronic result is approved with its paper: the leader
			// has the result notice generated from the dossier first.
			if _, err := s.db.AttachResult(ctx, l.d.Code, nil, s.files, p.leader); err != nil {
				return fmt.Errorf("result paper of %s: %w", l.d.Code, err)
			}
			s.txs++
		}
	case phReturn:
		a, actor = dossier.Action{Kind: dossier.ActReturn}, reception
	case phRate:
		a = dossier.Action{Kind: dossier.ActRate, Rating: p.rating, Complaint: p.complaint}
	case phWithdraw:
		a, actor = dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân đề nghị rút hồ sơ để hoàn thiện lại giấy tờ"}, applicantSide
	default:
		return fmt.Errorf("no action for phase %d", l.phase)
	}
	if actor == nil && a.Kind != dossier.ActRate && a.Kind != dossier.ActSupplement && a.Kind != dossier.ActRecordPayment &&
		a.Kind != dossier.ActWithdraw {
		return fmt.Errorf("%s: no officer to act", a.Kind)
	}
	d, err := s.db.Act(ctx, l.d.Code, a, actor)
	s.txs++
	if err != nil {
		return err
	}
	l.d = d
	if a.Kind == dossier.ActApprove {
		want := map[fate]calendar.Outcome{fateBefore: calendar.FinishedBefore, fateOnTime: calendar.FinishedOnTime,
			fateOverdue: calendar.FinishedOverdue}[p.fate]
		if got := calendar.ClassifyFinished(d.AppointmentAt, d.EndedAt); got != want {
			return fmt.Errorf("resolved %s (appointment %s), planned %s", got, d.AppointmentAt.In(store.Zone).Format("2006-01-02 15:04"), want)
		}
		if p.letter {
			// The store enqueued the letter job in the approval's
			// transaction; the runner's letter handler produces it now.
			return s.runLetterJobs(ctx)
		}
	}
	return nil
}

// intake creates l's dossier: online with no officer, at the counter, by
// post or online with the officer's help (assisted) with the reception
// officer, who receives it at once.
func (s *sim) intake(ctx context.Context, l *life, at time.Time, actor *staff.Officer) error {
	in := l.p.intake
	in.Channel, in.Assisted = l.p.channel, l.p.assisted
	d, err := s.db.Intake(ctx, store.IntakeRequest{UnitID: s.unit, ProcedureCode: l.p.proc.code, Intake: in, Actor: actor})
	s.txs++
	if err != nil {
		return err
	}
	s.created++
	if !s.checked {
		// The store must run on this clock, or nothing lands where planned.
		stamp := d.SubmittedAt
		if stamp.IsZero() {
			stamp = d.ReceivedAt
		}
		if !stamp.Equal(at.Truncate(time.Millisecond)) {
			return fmt.Errorf("the store's clock is not the SimClock (dossier stamped %s, simulated %s): open it with store.Options{Now: clock.Now}",
				stamp.Format(time.RFC3339), at.Format(time.RFC3339))
		}
		s.checked = true
	}
	l.d = d
	return nil
}

// lead is the specialist in charge of l's dossier.
func (s *sim) lead(l *life) *staff.Officer {
	return s.team.byID[l.d.LeadID]
}

// supplementItem names what an applicant must complete: an optional
// component the dossier lacks, else a certified copy of the first.
func supplementItem(d *dossier.Dossier) string {
	if len(d.Components) == 0 {
		return "Giấy tờ chứng minh nơi cư trú"
	}
	return "Bản sao có chứng thực: " + d.Components[len(d.Components)-1].Name
}

var (
	apologies = []string{
		"Cần xác minh thêm thông tin với cơ quan có liên quan",
		"Hệ thống dịch vụ công gặp lỗi kết nối, hồ sơ chậm đồng bộ",
		"Chờ ý kiến phối hợp của cơ quan chuyên môn cấp trên",
	}
	complaints = []string{
		"Thời gian chờ trả kết quả còn lâu",
		"Cán bộ hướng dẫn chưa rõ ràng",
		"Phải đi lại nhiều lần để bổ sung giấy tờ",
	}
)
