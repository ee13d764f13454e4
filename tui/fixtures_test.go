package tui

import (
	"context"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
)

func TestMain(m *testing.M) {
	// Dates and times are shown in local time; the goldens are in UTC on
	// every machine.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// testNow is the tests' time: Friday 20 November 2026, 10:00 UTC.
var testNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

const (
	testActor  = "anna@desk"
	testHolder = "desk01:4242:c0ffee12"
	testAPIKey = "test_dHar4XY7LwZ3kQm9PvSs5Uc2Nt8Bj6"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func eur(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }

func invoice(number, customer string, total int64, due time.Time) domain.Invoice {
	return domain.Invoice{Number: number, Customer: customer, Currency: "EUR", Total: eur(total),
		PaidOutside: eur(0), IssueDate: day(2026, 10, 1), DueDate: due, Kind: domain.KindInvoice,
		SourceFile: "invoices-2026.csv"}
}

// sampleInvoices is a small book with every state the screens show.
func sampleInvoices() []domain.Invoice {
	partly := invoice("INV-2026-004", "Dr. Müller GmbH", 348050, day(2026, 12, 1))
	partly.PaidOutside = eur(48050)
	credit := invoice("CN-2026-001", "Acme B.V.", -15000, time.Time{})
	credit.Kind = domain.KindCreditNote
	settled := invoice("INV-2026-007", "Groothandel Peters", 7500, time.Time{})
	settled.PaidOutside = eur(7500)
	return []domain.Invoice{
		invoice("INV-2026-001", "Acme B.V.", 125000, day(2026, 11, 1)),
		invoice("INV-2026-002", "Bakkerij de Vries", 8995, day(2026, 12, 15)),
		invoice("INV-2026-003", "Café Zonneveld", 42000, day(2026, 11, 10)),
		partly,
		invoice("INV-2026-005", "Egbert & Zonen", 1200000, day(2026, 10, 15)),
		invoice("INV-2026-006", "Fietsenmaker Jansen", 24000, day(2026, 11, 30)),
		settled,
		invoice("INV-2026-008", "Hotel Oranje", 61575, day(2026, 12, 20)),
		invoice("INV-2026-009", "IJssalon Italia", 3250, day(2026, 11, 25)),
		invoice("INV-2026-010", "Jachthaven Noord", 98000, day(2026, 11, 19)),
		credit,
	}
}

func at(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, time.UTC) }

// samplePayments are the Mollie objects paydesk made for the sample book.
func samplePayments() []domain.Payment {
	return []domain.Payment{
		{ID: 1, InvoiceNumber: "INV-2026-003", Kind: domain.KindLink, Mode: domain.ModeTest, MollieID: "pl_3kLm9QaZ2x",
			Description: "INV-2026-003 – Café Zonneveld", Amount: eur(42000), URL: "https://paymentlink.mollie.com/payment/3kLm9QaZ2x/",
			Status: domain.StatusPaid, Method: "ideal", Actor: testActor, CreatedAt: day(2026, 11, 2).Add(9 * time.Hour),
			ExpiresAt: day(2026, 11, 10).Add(24*time.Hour - time.Second), PaidAt: day(2026, 11, 9).Add(14 * time.Hour),
			CheckedAt: day(2026, 11, 9).Add(14*time.Hour + 3*time.Minute),
			Attempts: []domain.Attempt{{MollieID: "tr_7Hq2WmYc4R", Status: domain.StatusPaid, Method: "ideal", Amount: eur(42000),
				CreatedAt: day(2026, 11, 9).Add(13*time.Hour + 58*time.Minute), PaidAt: day(2026, 11, 9).Add(14 * time.Hour)}}},
		{ID: 2, InvoiceNumber: "INV-2026-002", Kind: domain.KindLink, Mode: domain.ModeTest, MollieID: "pl_8Rt4VbNx1c",
			Description: "INV-2026-002 – Bakkerij de Vries", Amount: eur(8995), URL: "https://paymentlink.mollie.com/payment/8Rt4VbNx1c/",
			Status: domain.StatusOpen, Actor: testActor, CreatedAt: at(8, 15),
			ExpiresAt: day(2026, 12, 15).Add(24*time.Hour - time.Second), CheckedAt: at(9, 58),
			Attempts: []domain.Attempt{{MollieID: "tr_2Lp8XsQe6T", Status: domain.StatusFailed, Method: "creditcard", Amount: eur(8995),
				CreatedAt: at(9, 40), FailedAt: at(9, 41)}}},
		{ID: 3, InvoiceNumber: "INV-2026-005", Kind: domain.KindCheckout, Mode: domain.ModeTest, MollieID: "tr_5Wz1KdPf9G",
			Description: "INV-2026-005 – Egbert & Zonen", Amount: eur(1200000), URL: "https://www.mollie.com/checkout/select-method/5Wz1KdPf9G",
			Status: domain.StatusExpired, Actor: "bob@desk", CreatedAt: day(2026, 11, 12).Add(11 * time.Hour),
			ExpiresAt: day(2026, 11, 12).Add(11*time.Hour + 15*time.Minute), ExpiredAt: day(2026, 11, 12).Add(11*time.Hour + 15*time.Minute),
			CheckedAt: day(2026, 11, 12).Add(11*time.Hour + 16*time.Minute)},
		{ID: 4, InvoiceNumber: "INV-2026-006", Kind: domain.KindCheckout, Mode: domain.ModeTest, MollieID: "tr_9Ab3CdEf7H",
			Description: "INV-2026-006 – Fietsenmaker Jansen", Amount: eur(24000), URL: "https://www.mollie.com/checkout/select-method/9Ab3CdEf7H",
			Status: domain.StatusPending, Method: "banktransfer", Actor: testActor, CreatedAt: at(9, 30),
			ExpiresAt: day(2026, 12, 2).Add(9*time.Hour + 30*time.Minute), CheckedAt: at(9, 59)},
	}
}

// sampleLog is what the integration log holds for the sample book.
func sampleLog() []domain.LogEntry {
	return []domain.LogEntry{
		{At: day(2026, 11, 2).Add(8 * time.Hour), Level: domain.LevelInfo, Actor: testActor, Event: domain.EventConnect, HTTPStatus: 200,
			Message: `connected to Mollie profile "Acme Bookkeeping" (https://acme.example) in TEST mode with key test_…Bj6x`},
		{At: day(2026, 11, 2).Add(9 * time.Hour), Level: domain.LevelInfo, Actor: testActor, Event: domain.EventCreate, InvoiceNumber: "INV-2026-003",
			MollieID: "pl_3kLm9QaZ2x", HTTPStatus: 201, Message: "created link pl_3kLm9QaZ2x for EUR 420.00"},
		{At: day(2026, 11, 9).Add(14*time.Hour + 3*time.Minute), Level: domain.LevelInfo, Actor: "sync", Event: domain.EventStatus, InvoiceNumber: "INV-2026-003",
			MollieID: "pl_3kLm9QaZ2x", Message: "link pl_3kLm9QaZ2x: open → paid (EUR 420.00 by ideal)"},
		{At: day(2026, 11, 12).Add(11*time.Hour + 16*time.Minute), Level: domain.LevelInfo, Actor: "sync", Event: domain.EventStatus, InvoiceNumber: "INV-2026-005",
			MollieID: "tr_5Wz1KdPf9G", Message: "payment tr_5Wz1KdPf9G: open → expired"},
		{At: at(8, 15), Level: domain.LevelInfo, Actor: testActor, Event: domain.EventCreate, InvoiceNumber: "INV-2026-002",
			MollieID: "pl_8Rt4VbNx1c", HTTPStatus: 201, Message: "created link pl_8Rt4VbNx1c for EUR 89.95, valid until 2026-12-15T23:59:59Z"},
		{At: at(9, 30), Level: domain.LevelInfo, Actor: testActor, Event: domain.EventCreate, InvoiceNumber: "INV-2026-006",
			MollieID: "tr_9Ab3CdEf7H", HTTPStatus: 201, Message: "created checkout tr_9Ab3CdEf7H for EUR 240.00"},
		{At: at(9, 41), Level: domain.LevelWarn, Actor: "sync", Event: domain.EventStatus, InvoiceNumber: "INV-2026-002",
			MollieID: "tr_2Lp8XsQe6T", Message: "attempt tr_2Lp8XsQe6T: open → failed"},
		{At: at(9, 50), Level: domain.LevelError, Actor: "sync", Event: domain.EventSync, HTTPStatus: 503,
			Message: "status sync failed: Mollie refused the request [503 Service Unavailable]: try again later"},
	}
}

// fixture is a Service over the in-memory store and the fake Mollie.
type fixture struct {
	store  *mock.Store
	mollie *mock.Mollie
	svc    *domain.Service
	clock  *mock.Clock
}

// newFixture holds the sample book, connected in test mode with sync here.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureLogged(t, sampleLog())
}

// newFixtureLogged is newFixture with its own integration log.
func newFixtureLogged(t testing.TB, log []domain.LogEntry) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{store: mock.NewStore(), mollie: mock.NewMollie(), clock: mock.NewClock(testNow)}
	f.svc = domain.NewService(domain.ServiceConfig{Store: f.store, Gateways: f.mollie.Gateways(), Clock: f.clock, Actor: testActor})
	s := f.store
	for k, v := range map[string]string{
		domain.SettingIntegration: "on",
		domain.SettingAPIKey:      testAPIKey,
		domain.SettingProfile:     "pfl_QkEhN94Ba\tAcme Bookkeeping\thttps://acme.example\tverified",
	} {
		if err := s.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ImportInvoices(ctx, sampleInvoices(), testNow); err != nil {
		t.Fatal(err)
	}
	s.SeedPayments(samplePayments())
	for _, e := range log {
		if _, err := s.AppendLog(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	s.SetLease(syncLease, testHolder, testNow.Add(time.Hour))
	return f
}

// model builds the root model over the fixture at a size, dark, with the
// native clipboard replaced.
func (f *fixture) model(t testing.TB, opts Options, w, h int) Model {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if opts.SyncHolder == "" {
		opts.SyncHolder = testHolder
	}
	m := New(ctx, f.svc, opts)
	m.sh.copyNative = func(string) error { return nil }
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Model)
}

// syncLease is the name of the lease the sync loop holds.
const syncLease = "sync"

// leaseHolder is who holds the sync lease, "" if nobody.
func (f *fixture) leaseHolder() string {
	h, _, _ := f.store.Lease(context.Background(), syncLease)
	return h
}

// set stores a setting, "" removing it.
func (f *fixture) set(t testing.TB, key, value string) {
	t.Helper()
	if err := f.store.SetSetting(context.Background(), key, value); err != nil {
		t.Fatal(err)
	}
}

// setting reads a setting.
func (f *fixture) setting(t testing.TB, key string) string {
	t.Helper()
	v, err := f.store.Setting(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
