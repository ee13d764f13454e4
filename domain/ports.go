package domain

import (
	"context"
	"iter"
	"time"
)

// Clock tells the time; tests pass a fixed one.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// Gateway is Mollie, as the use cases need it. The mollie package implements
// it over HTTP for one API key.
type Gateway interface {
	Profile(ctx context.Context) (Profile, error)

	CreatePaymentLink(ctx context.Context, req LinkRequest) (RemoteLink, error)
	GetPaymentLink(ctx context.Context, id string) (RemoteLink, error)
	// ListPaymentLinks yields links newest first, following Mollie's cursor.
	ListPaymentLinks(ctx context.Context) iter.Seq2[RemoteLink, error]
	// LinkPayments yields the payments customers started under a link.
	LinkPayments(ctx context.Context, linkID string) iter.Seq2[RemotePayment, error]
	ArchivePaymentLink(ctx context.Context, id string) (RemoteLink, error)
	DeletePaymentLink(ctx context.Context, id string) error

	CreatePayment(ctx context.Context, req CheckoutRequest) (RemotePayment, error)
	GetPayment(ctx context.Context, id string) (RemotePayment, error)
	// ListPayments yields payments newest first, following Mollie's cursor.
	ListPayments(ctx context.Context) iter.Seq2[RemotePayment, error]
	CancelPayment(ctx context.Context, id string) (RemotePayment, error)

	// PaymentRefunds and PaymentChargebacks yield what was given back of
	// one payment, by its documented sub-resources.
	PaymentRefunds(ctx context.Context, paymentID string) iter.Seq2[RemoteRefund, error]
	PaymentChargebacks(ctx context.Context, paymentID string) iter.Seq2[RemoteChargeback, error]
	// ListRefunds and ListChargebacks yield those of every payment of the
	// key's mode, newest first, following Mollie's cursor.
	ListRefunds(ctx context.Context) iter.Seq2[RemoteRefund, error]
	ListChargebacks(ctx context.Context) iter.Seq2[RemoteChargeback, error]
}

// GatewayFactory makes a Gateway for an API key.
type GatewayFactory func(apiKey string) Gateway

// Profile statuses as GET /v2/profiles/me reports them.
const (
	// ProfileUnverified: the account may take test payments only.
	ProfileUnverified = "unverified"
	ProfileVerified   = "verified"
	// ProfileBlocked: Mollie takes no payments for the profile.
	ProfileBlocked = "blocked"
)

// Profile is the Mollie profile an API key belongs to.
type Profile struct {
	ID      string
	Name    string
	Website string
	Status  string
	Mode    Mode
}

// LinkRequest asks Mollie for a payment link.
type LinkRequest struct {
	Description    string
	Amount         Money
	RedirectURL    string
	WebhookURL     string
	ExpiresAt      time.Time // zero: never
	IdempotencyKey string
}

// CheckoutRequest asks Mollie for a checkout payment.
type CheckoutRequest struct {
	Description    string
	Amount         Money
	RedirectURL    string
	WebhookURL     string
	Locale         string
	Metadata       map[string]string
	IdempotencyKey string
}

// RemoteLink is a payment link as Mollie reports it.
type RemoteLink struct {
	ID          string
	Mode        Mode
	Description string
	// Amount has no currency for a link that asks no fixed amount: its
	// customer enters one, at least MinimumAmount when that is set.
	// paydesk never makes such links.
	Amount        Money
	MinimumAmount Money
	URL           string
	Archived      bool
	Reusable      bool
	CreatedAt     time.Time
	PaidAt        time.Time
	ExpiresAt     time.Time
}

// RemotePayment is a payment (tr_…) as Mollie reports it.
type RemotePayment struct {
	ID          string
	Mode        Mode
	Status      Status
	Description string
	Amount      Money
	// AmountRefunded and AmountChargedBack are summed from the payment's
	// refunds and chargebacks when Reversals is true; when it is false
	// they were not read this time and what is known of them stands.
	AmountRefunded    Money
	AmountChargedBack Money
	Reversals         bool
	Method            string
	CheckoutURL       string
	Metadata          map[string]any
	CreatedAt         time.Time
	ExpiresAt         time.Time
	PaidAt            time.Time
	CanceledAt        time.Time
	ExpiredAt         time.Time
	FailedAt          time.Time

	// NoRefunds and NoChargebacks are what the payment object itself told
	// when it was read: it had no amountRefunded, which Mollie sends only
	// when refunds are available for the payment (none can exist), or no
	// amountChargedBack, which Mollie sends only when the total charged back
	// is not zero. Then that list need not be read. False says nothing.
	NoRefunds     bool
	NoChargebacks bool
}

// RemoteRefund is a refund (re_…) of a payment as Mollie reports it.
type RemoteRefund struct {
	ID        string
	PaymentID string
	Amount    Money
	Status    string // as Mollie spells it; see refundGivesBack
	CreatedAt time.Time
}

// RemoteChargeback is a chargeback (chb_…) of a payment as Mollie reports
// it; ReversedAt is zero unless the bank gave the money back.
type RemoteChargeback struct {
	ID         string
	PaymentID  string
	Amount     Money
	CreatedAt  time.Time
	ReversedAt time.Time
}

// Store keeps invoices, payments, the integration log and settings. The
// persistence package implements it on SQLite.
type Store interface {
	// Setting returns a setting's value, "" when it is not set.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores a value; "" removes the setting.
	SetSetting(ctx context.Context, key, value string) error

	// ImportInvoices adds or updates invoices by number, all or nothing. An
	// invoice with Mollie payments whose amounts would change is refused with
	// an *ImportConflictError.
	ImportInvoices(ctx context.Context, invoices []Invoice, now time.Time) (ImportResult, error)
	// ImportBatches is ImportInvoices for a run too large to hold: it takes
	// the batches next returns until an empty one, in one transaction, so
	// that memory holds one batch. Each number must come once in the run.
	// A number that differs from another, stored or in the run, only by
	// letter case (CaseClashes) is refused, and so are the changes
	// ImportInvoices refuses; every refusal of the run is reported
	// together, and nothing is written. An error from next is returned as
	// it is, and nothing is written either.
	ImportBatches(ctx context.Context, now time.Time, next func() ([]Invoice, error)) (ImportResult, error)
	// Invoice finds an invoice by number; ErrNotFound if there is none.
	Invoice(ctx context.Context, number string) (Invoice, error)
	// Invoices lists invoices, ordered by number.
	Invoices(ctx context.Context, f InvoiceFilter) ([]Invoice, error)
	// InvoicePage reads one window of the invoice list, as InvoicePage
	// describes, through an index for every order.
	InvoicePage(ctx context.Context, p InvoicePage) ([]Invoice, error)
	// CountInvoices counts the invoices of every tab for q's search, mode
	// and day (q.Filter is not used), as CountTabs counts them: exactly
	// without a search, and under one no further than upTo+1 matches.
	CountInvoices(ctx context.Context, q InvoiceQuery, upTo int) (InvoiceCounts, error)
	// RecordExternalPayment adds money received outside Mollie.
	RecordExternalPayment(ctx context.Context, p ExternalPayment) (Invoice, error)
	// ExternalPayments lists an invoice's manual entries, oldest first.
	ExternalPayments(ctx context.Context, number string) ([]ExternalPayment, error)

	// ReservePayment loads the invoice and its payments inside one write
	// transaction (BEGIN IMMEDIATE) and lets decide choose. A plan with a New
	// payment is inserted in that transaction; the unique index on active
	// payments makes a second active row impossible.
	ReservePayment(ctx context.Context, invoiceNumber string, decide func(Invoice, []Payment) (Plan, error)) (Plan, error)
	// UpdatePayment changes one payment row inside a transaction and
	// recomputes its invoice's settlement.
	UpdatePayment(ctx context.Context, id int64, change func(*Payment) error) (Payment, error)
	// DeletePayment removes a row still in "creating" whose creation Mollie
	// refused; any other row is kept and ErrConflict returned.
	DeletePayment(ctx context.Context, id int64) error
	Payment(ctx context.Context, id int64) (Payment, error)
	// PaymentByMollieID finds the row of a pl_… or tr_… id, or of a link one
	// of whose attempts has that tr_… id.
	PaymentByMollieID(ctx context.Context, mollieID string) (Payment, error)
	Payments(ctx context.Context, f PaymentFilter) ([]Payment, error)
	// Receivables sums what payable invoices owe per currency and ageing
	// bucket, what came in through Mollie per window, and counts the open
	// payments, all in q.Mode; it agrees with TallyReceivables over every
	// invoice and payment, without loading them.
	Receivables(ctx context.Context, q ReceivablesQuery) (Receivables, error)

	AppendLog(ctx context.Context, e LogEntry) (LogEntry, error)
	Log(ctx context.Context, f LogFilter) ([]LogEntry, error)
	// PruneLog deletes entries older than before, always keeping the newest keep.
	PruneLog(ctx context.Context, before time.Time, keep int) (int, error)

	// AcquireLease takes or renews the named lease for holder until now+ttl;
	// false when another holder's lease has not run out.
	AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
	// Lease tells who holds the named lease and until when ("" if nobody).
	Lease(ctx context.Context, name string) (holder string, until time.Time, err error)

	// Changes sends a value whenever any process has written to the store,
	// checking every interval, until ctx ends.
	Changes(ctx context.Context, interval time.Duration) <-chan struct{}
	Close() error
}

// InvoiceFilter narrows Store.Invoices.
type InvoiceFilter struct {
	Numbers []string // only these, when set
}

// PaymentFilter narrows Store.Payments.
type PaymentFilter struct {
	InvoiceNumber string    // only this invoice's payments
	ActiveOnly    bool      // only rows that are not final
	Status        Status    // only rows in this status
	Since         time.Time // only rows created at or after
	// BeforeID: only rows older than this one (by creation, then id), to
	// page through the list newest first.
	BeforeID int64
	Limit    int // at most this many, newest first; 0 for all
}

// Plan is what ReservePayment decided for an invoice.
type Plan struct {
	Invoice Invoice
	// Reuse is an active payment that already asks for the right amount, or
	// one still being created that must be completed rather than repeated.
	Reuse *Payment
	// Replace is an active link asking for a stale amount, or an active
	// payment past its expiry: archive (or, for a checkout, re-check) it at
	// Mollie first, then ask again.
	Replace *Payment
	// New is the intent to insert; after ReservePayment it carries its ID.
	New *Payment
}
