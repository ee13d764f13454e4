package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Error is something domain refuses or cannot do, told as a reason and its
// facts instead of a sentence: the command line and the interface put it
// into the reader's language through the catalogue message "err."+Why,
// filled with Facts in order (Money, Status, time.Time, strings, numbers).
// Class is the broad sentinel it belongs to (ErrNotPayable, ErrNotFound, …),
// for errors.Is; Err is the cause, told after the message.
type Error struct {
	Why   Why
	Facts []any
	Class error
	Err   error
}

// Why names one reason; see the Why constants for the facts each carries.
type Why string

// Fail makes an Error for a reason with its facts.
func Fail(why Why, facts ...any) *Error { return &Error{Why: why, Facts: facts} }

// In puts the error in a broad class, so errors.Is(err, class) holds.
func (e *Error) In(class error) *Error { e.Class = class; return e }

// Because records the cause, told after the message.
func (e *Error) Because(err error) *Error { e.Err = err; return e }

// Error is the technical form, for debug logs and tests: the reason, its
// facts and the cause. People read it through the catalogue instead.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Why))
	for i, f := range e.Facts {
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, f)
		if i == len(e.Facts)-1 {
			b.WriteString("]")
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see the class and the cause.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Class != nil {
		errs = append(errs, e.Class)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// The reasons, each with the facts it carries in order. Adding one: a
// constant here, the message "err.<why>" in every catalogue in assets.
const (
	WhyNotFound       Why = "not_found"       // –
	WhyConflict       Why = "conflict"        // –
	WhyNotPayable     Why = "not_payable"     // –
	WhyIntegrationOff Why = "integration_off" // –
	WhyNotConnected   Why = "not_connected"   // –
	WhyProfileBlocked Why = "profile_blocked" // –
	WhyOverpayment    Why = "overpayment"     // –

	WhyNoInvoice        Why = "no_invoice"           // invoice number
	WhyCreditNote       Why = "credit_note"          // invoice number
	WhyCurrency         Why = "currency_unsupported" // invoice number, currency
	WhyZeroInvoice      Why = "zero_invoice"         // invoice number
	WhyFullyPaid        Why = "fully_paid"           // invoice number
	WhyOverpaid         Why = "overpaid"             // invoice number, Money overpaid
	WhyCheckoutOpen     Why = "checkout_open"        // invoice number, Money amount, time.Time until (zero: unknown)
	WhyNeedReturnURL    Why = "need_return_url"      // –
	WhyLinkChurn        Why = "link_churn"           // invoice number
	WhyRequestKept      Why = "request_kept"         // invoice number; the cause says what went wrong
	WhyNoLink           Why = "no_link"              // invoice number
	WhyNothingOwed      Why = "nothing_owed"         // invoice number, Status of the last link
	WhyLinkDone         Why = "link_done"            // invoice number, Status of the last link
	WhyStaleLink        Why = "stale_link"           // invoice number, Money the link asks, Money owed; the cause follows
	WhyNoRightLink      Why = "no_right_link"        // invoice number
	WhyCannotWithdraw   Why = "cannot_withdraw"      // invoice number, Money the link asks, Money owed; the cause follows
	WhyWrongMode        Why = "wrong_mode"           // Mollie id, Mode of the payment, Mode connected
	WhyCurrencyMismatch Why = "currency_mismatch"    // invoice number, invoice currency, given currency
	WhyNotPositive      Why = "not_positive"         // Money given
	WhyWouldOverpay     Why = "would_overpay"        // Money received, invoice number, Money owed, Money excess
	WhyUnknownSetting   Why = "unknown_setting"      // key, known keys joined
	WhySettingChoice    Why = "setting_choice"       // key, allowed values joined, value given
	WhySettingDays      Why = "setting_days"         // key, value given
	WhyLinkExpiry       Why = "link_expiry"          // value given
	WhyNotURL           Why = "not_url"              // key, value given
	WhyWebhookURL       Why = "webhook_url"          // value given
	WhyWebhookHTTPS     Why = "webhook_https"        // –
	WhyWebhookHost      Why = "webhook_host"         // host
	WhyListenAddress    Why = "listen_address"       // key, value given
	WhyNotAllowed       Why = "not_allowed"          // –
	WhyRole             Why = "role"                 // Action, Role it needs, actor, Role the actor has
	WhyBeyondLimit      Why = "beyond_limit"         // Money given, invoice number, Money the most paydesk accepts
	WhyNumberClash      Why = "number_clash"         // invoice number, the number it clashes with
	WhyReverseReason    Why = "reverse_reason"       // entry number
	WhyNoEntry          Why = "no_entry"             // invoice number, entry number
	WhyAlreadyReversed  Why = "already_reversed"     // entry number, invoice number, entry number of the reversal
	WhyReversesEntry    Why = "reverses_entry"       // entry number, entry number it reverses
	WhyUnverified       Why = "profile_unverified"   // name of the Mollie profile
	WhyStillCreating    Why = "still_creating"       // invoice number; the cause says why paydesk stopped waiting
	WhyInvoiceState     Why = "invoice_state"        // value given, the states joined
	WhyStoredDiscount   Why = "stored_discount"      // the stored value; the cause, if any, says what is wrong
	WhyLogLevel         Why = "log_level"            // level given
	WhyLogTime          Why = "log_time"             // event
	WhyTimeRange        Why = "time_range"           // the time.Time
	WhyNewerDatabase    Why = "newer_database"       // file, its schema version, the newest this paydesk knows
	WhyNewerSchema      Why = "newer_schema"         // the PostgreSQL schema's version, the newest this paydesk knows
	WhyImportCut        Why = "import_cut"           // – (the connection broke after part of a large import was read)
	WhyDamaged          Why = "database_damaged"     // – (the cause is SQLite's own words, for whoever restores it)
	WhyDiskFull         Why = "disk_full"            // folder
	WhyReadOnlyFolder   Why = "read_only_folder"     // folder
	WhyReadOnlyDatabase Why = "read_only_database"   // folder
)

// Why an amount cannot be read; each is in the class ErrInvalidAmount.
const (
	WhyInvalidAmount      Why = "invalid_amount"       // –
	WhyAmountCurrency     Why = "amount_currency"      // currency given
	WhyAmountEmpty        Why = "amount_empty"         // –
	WhyAmountNoDigits     Why = "amount_no_digits"     // value given
	WhyAmountNotNumber    Why = "amount_not_number"    // value given
	WhyAmountTooLarge     Why = "amount_too_large"     // value given
	WhyAmountCharacter    Why = "amount_character"     // value given, the character as a string
	WhyAmountSeparator    Why = "amount_separator"     // value given, the separator as a string
	WhyAmountAmbiguous    Why = "amount_ambiguous"     // value given
	WhyAmountGrouping     Why = "amount_grouping"      // value given
	WhyAmountDecimals     Why = "amount_decimals"      // value given, currency, decimals it allows
	WhyAmountExactly      Why = "amount_exactly"       // value given, decimals required, currency
	WhyAmountLeadingDigit Why = "amount_leading_digit" // value given
)

// Why an invoice is not one paydesk can keep; Invoice.Validate returns
// them per field, and stores refuse a batch that holds one.
const (
	WhyNoNumber        Why = "no_number"         // –
	WhyNumberCharacter Why = "number_character"  // the character as U+XXXX
	WhyCurrencyCode    Why = "currency_code"     // value given
	WhyCurrencyNoMoney Why = "currency_no_money" // value given
	WhyCurrencyMollie  Why = "currency_mollie"   // currency, the currencies Mollie takes joined
	WhyBeyondBound     Why = "beyond_bound"      // Money given, Money the most paydesk accepts
	WhyAmountInOther   Why = "amount_in_other"   // currency of the amount, currency of the invoice
	WhyInvoiceKind     Why = "invoice_kind"      // kind given
	WhyBadDiscount     Why = "bad_discount"      // rate as written ("2.00"), last day as YYYY-MM-DD
	WhyImportInvalid   Why = "import_invalid"    // file, line, invoice number; the cause says what is wrong
	WhyImportTwice     Why = "import_twice"      // file, line, invoice number, file and line of the first
	WhyImportConflict  Why = "import_conflict"   // how many invoices; each conflict follows on its own line
)

var (
	// ErrNotFound: no such invoice, payment or object.
	ErrNotFound = Fail(WhyNotFound)
	// ErrConflict: the change collides with what is stored.
	ErrConflict = Fail(WhyConflict)
	// ErrIntegrationOff: the Mollie integration is switched off.
	ErrIntegrationOff = Fail(WhyIntegrationOff)
	// ErrNotConnected: no API key is stored or given.
	ErrNotConnected = Fail(WhyNotConnected)
	// ErrNotPayable: the invoice cannot be paid through Mollie; the
	// error's own kind says why.
	ErrNotPayable = Fail(WhyNotPayable)
	// ErrProfileBlocked: Mollie reports the account's profile as blocked.
	ErrProfileBlocked = Fail(WhyProfileBlocked)
	// ErrOverpayment: a manual payment would pay more than is owed and was
	// not confirmed as such.
	ErrOverpayment = Fail(WhyOverpayment)
	// ErrNotAllowed: the actor's role does not allow the action.
	ErrNotAllowed = Fail(WhyNotAllowed)
)

// ImportConflictError lists invoices whose amounts an import would change
// although Mollie payments exist for them.
type ImportConflictError struct {
	Conflicts []ImportConflict
}

// ImportConflict is one refused update: where the invoice was read and
// what would change, each change a Text ("import.change.*").
type ImportConflict struct {
	Number     string
	SourceFile string
	SourceLine int
	Changes    []Text
}

// Error is the technical form; people read it through the catalogue
// (err.import_conflict and import.conflict).
func (e *ImportConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%d]", WhyImportConflict, len(e.Conflicts))
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "\n%s:%d: %s:", c.SourceFile, c.SourceLine, c.Number)
		for _, ch := range c.Changes {
			b.WriteString(" " + ch.String())
		}
	}
	return b.String()
}

func (e *ImportConflictError) Unwrap() error { return ErrConflict }

// GatewayError is what a Gateway returns when Mollie answered with an error
// or could not be reached. It never holds the API key; the interfaces put it
// into words through the catalogue.
type GatewayError struct {
	HTTPStatus int
	Title      string
	Detail     string
	Field      string
	// Retryable: a later identical call may succeed (429, 5xx, network).
	Retryable bool
	// Unreachable: Mollie could not be reached at all (no answer).
	Unreachable bool
	// Unreadable: Mollie answered with success, but the answer could not be
	// read or did not hold a usable object.
	Unreadable bool
	Err        error
}

// MayHaveSucceeded reports whether the request may have taken effect at
// Mollie although paydesk got no usable answer: no answer at all, a server
// error (Mollie may fail after it acted), or a success answer that could not
// be read. Only a definite refusal means nothing was done.
func (e *GatewayError) MayHaveSucceeded() bool {
	return e.Unreachable || e.Unreadable || e.HTTPStatus >= 500
}

// OutcomeUnknown reports whether err leaves open whether Mollie acted on the
// request: a GatewayError that may have succeeded, or a call given up on.
func OutcomeUnknown(err error) bool {
	var ge *GatewayError
	if errors.As(err, &ge) {
		return ge.MayHaveSucceeded()
	}
	// An object refused as an anomaly was still made at Mollie.
	return IsAnomaly(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Error is the technical form, for the log and debugging.
func (e *GatewayError) Error() string {
	if e.Unreachable {
		if e.Err != nil {
			return "mollie unreachable: " + e.Err.Error()
		}
		return "mollie unreachable"
	}
	if e.Unreadable {
		if e.Err != nil {
			return "mollie answer unreadable: " + e.Err.Error()
		}
		return "mollie answer unreadable"
	}
	msg := "mollie"
	if e.HTTPStatus != 0 {
		msg += fmt.Sprintf(" %d %s", e.HTTPStatus, e.Title)
	}
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *GatewayError) Unwrap() error { return e.Err }

// Unauthorized reports whether err is Mollie refusing the API key.
func Unauthorized(err error) bool {
	var ge *GatewayError
	return errors.As(err, &ge) && ge.HTTPStatus == 401
}

// HTTPStatusOf returns the HTTP status behind err, or 0.
func HTTPStatusOf(err error) int {
	var ge *GatewayError
	if errors.As(err, &ge) {
		return ge.HTTPStatus
	}
	return 0
}

// Why a conversation with the SMTP server failed; each carries the server
// (host:port) as its fact and the server's or the network's word as its
// cause, never the password.
const (
	WhyMailUnreachable Why = "mail_unreachable" // no connection to the server
	WhyMailTLS         Why = "mail_tls"         // the secure connection failed
	WhyMailAuth        Why = "mail_auth"        // the server refused the login
	WhyMailRefused     Why = "mail_refused"     // the server refused the sender or the recipient
	WhyMailFailed      Why = "mail_failed"      // anything else the server said
)

// Why e-mail cannot be sent at all, or not for this invoice.
const (
	WhyMailNotSetUp    Why = "mail_not_set_up"    // –
	WhyMailUnavailable Why = "mail_unavailable"   // –
	WhyMailInsecure    Why = "mail_insecure"      // host
	WhyMailPassword    Why = "mail_password_line" // –
	WhyNoEmail         Why = "no_email"           // invoice number
	WhyBadEmail        Why = "bad_email"          // invoice number; the cause says what is wrong
	WhyNotEmail        Why = "not_email"          // value given
	WhyMailLinkTooMuch Why = "mail_link_too_much" // invoice number, Money the link asks, Money owed
	WhyMailTemplate    Why = "mail_template"      // template name; the cause says what is wrong
	WhySMTPPort        Why = "smtp_port"          // value given
	WhySMTPHost        Why = "smtp_host"          // value given
	WhyMailAddress     Why = "mail_address"       // setting key, value given
)
